"""Stage `ingest-under-load`: browse while a full ingest runs into an empty catalogue.

Two things are checked. Pages keep answering: a load generator requests the catalogue, searches
and the newest papers for as long as the ingest runs, and no response may be a 5xx. No reader
sees a half-loaded paper: a watcher reads the newest papers a few times a second, each time in
one statement (one snapshot, as a page view gets), recording each paper's row and how many
sources, links and results it has. An ingest into an empty database writes every paper exactly
once, so whatever a reader saw must equal the paper's final state; anything else was seen
half-written (for example the row committed before its links, or links before the facet arrays).
"""

import threading
from pathlib import Path

from bench import db, load, scale
from bench.common import Context, manage
from bench.ingest import corpus_records, require_ingest, run_ingest
from bench.pages import QUERY_WORDS, search_path
from bench.server import shared_server

LIVE_CLIENTS = 8
NEWEST = 1000  # one ingest batch (papers.ingest BATCH_SIZE), so a commit is seen whole
POLL_SECONDS = 0.25
FIELDS = (
    "sources",
    "method_links",
    "dataset_links",
    "results",
    "repo_links",
    "method_ids",
    "dataset_ids",
    "benchmark_ids",
    "has_code",
    "title_length",
    "abstract_length",
)
_SNAPSHOT_SQL = """
SELECT p.id,
    (SELECT count(*) FROM papers_papersource x WHERE x.paper_id = p.id),
    (SELECT count(*) FROM papers_papermethod x WHERE x.paper_id = p.id),
    (SELECT count(*) FROM papers_paperdataset x WHERE x.paper_id = p.id),
    (SELECT count(*) FROM papers_result x WHERE x.paper_id = p.id),
    (SELECT count(*) FROM papers_repolink x WHERE x.paper_id = p.id),
    cardinality(p.method_ids), cardinality(p.dataset_ids), cardinality(p.benchmark_ids),
    p.has_code, length(p.title), length(p.abstract)
FROM papers_paper p
WHERE p.id = ANY(%s)
"""
_NEWEST_SQL = _SNAPSHOT_SQL.replace(
    "WHERE p.id = ANY(%s)",
    "WHERE p.id IN (SELECT id FROM papers_paper ORDER BY id DESC LIMIT %s)",
)


def half_loaded(observed: dict[int, set[tuple]], final: dict[int, tuple]) -> list[dict]:
    """Papers a reader saw in a state other than their final one, field by field."""
    found = []
    for paper_id, seen in sorted(observed.items()):
        end = final.get(paper_id)
        if end is None:
            continue  # deleted later: not a half-loaded read
        for state in sorted(seen):
            if state != end:
                diff = {
                    name: {"seen": a, "final": b}
                    for name, a, b in zip(FIELDS, state, end, strict=True)
                    if a != b
                }
                found.append({"paper": paper_id, "differs": diff})
                break
    return found


class Watcher(threading.Thread):
    """Reads the newest papers every POLL_SECONDS, as a reader would, and remembers what it saw."""

    def __init__(self, database_url: str):
        super().__init__(daemon=True)
        self.database_url = database_url
        self.observed: dict[int, set[tuple]] = {}
        self.newest: list[int] = []
        self.polls = 0
        self.error: str | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            with db.connect(self.database_url) as conn:
                # The planner's cost for this small query crosses the JIT threshold; compiling
                # it would take longer than running it.
                conn.execute("SET jit = off")
                while not self._halt.is_set():
                    rows = conn.execute(_NEWEST_SQL, [NEWEST]).fetchall()
                    self.polls += 1
                    for paper_id, *state in rows:
                        self.observed.setdefault(paper_id, set()).add(tuple(state))
                    self.newest = sorted((r[0] for r in rows), reverse=True)[:50]
                    self._halt.wait(POLL_SECONDS)
        except Exception as exc:  # noqa: BLE001 - reported in the stage's figures
            self.error = f"{type(exc).__name__}: {exc}"

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def final_states(self) -> dict[int, tuple]:
        ids = list(self.observed)
        if not ids:
            return {}
        with db.connect(self.database_url) as conn:
            rows = conn.execute(_SNAPSHOT_SQL, [ids]).fetchall()
        return {paper_id: tuple(state) for paper_id, *state in rows}


def _paper_path_template(ctx: Context) -> str:
    marker = 987654321
    proc = manage(
        ctx,
        "shell",
        "-c",
        f"from django.urls import reverse; print(reverse('papers:paper', args=[{marker}]))",
    )
    return proc.stdout.strip().splitlines()[-1].replace(str(marker), "{}")


def ingest_under_load_stage(ctx: Context) -> dict:
    require_ingest(ctx)
    corpus: Path = db.corpus_for_run(ctx)
    records = corpus_records(ctx, corpus)
    db.recreate(ctx)
    server = shared_server(ctx)
    paper_path = _paper_path_template(ctx)
    watcher = Watcher(ctx.database_url)
    searches = ["/"] + [search_path(word) for word in QUERY_WORDS]

    def pick(i: int) -> str:
        newest = watcher.newest
        if i % 2 and newest:
            return paper_path.format(newest[(i // 2) % len(newest)])
        return searches[(i // 2) % len(searches)]

    outcome: dict = {}
    done = threading.Event()

    def ingest() -> None:
        try:
            outcome.update(run_ingest(ctx, corpus))
        except Exception as exc:  # noqa: BLE001 - re-raised below, after the load stops
            outcome["error"] = exc
        finally:
            done.set()

    ctx.log(f"ingesting {records:,} records while {LIVE_CLIENTS} clients browse")
    watcher.start()
    thread = threading.Thread(target=ingest, daemon=True)
    thread.start()
    result = load.run_load(
        server.base_url,
        pick,
        clients=LIVE_CLIENTS,
        duration=4 * 3600,
        timeout=60,
        stop=done.is_set,
    )
    thread.join()
    watcher.stop()
    if "error" in outcome:
        raise outcome["error"]
    papers = db.count_papers(ctx)
    if not papers:
        raise RuntimeError("manage.py ingest finished but the bench database holds no papers")
    db.write_state(ctx, corpus=str(corpus), scale=scale.BASE)
    bad = half_loaded(watcher.observed, watcher.final_states())
    browsing = result.summary()
    browsing["clients"] = LIVE_CLIENTS
    figures = {
        "ingest_seconds": outcome["seconds"],
        "ingest_papers_per_s": round(papers / outcome["seconds"], 1),
        "ingest_peak_rss_mb": outcome["peak_rss_mb"],
        "browsing": browsing,
        "papers_watched": len(watcher.observed),
        "watcher_polls": watcher.polls,
        "half_loaded_papers": len(bad),
    }
    ctx.log(
        f"  ingest {outcome['seconds']} s; browsing {browsing['req_per_s']} req/s, "
        f"p95 {browsing['p95_ms']} ms, {browsing['statuses']}; "
        f"{len(bad)} half-loaded of {len(watcher.observed)} papers watched"
    )
    details: dict = {"figures": figures, "half_loaded_examples": bad[:10]}
    if watcher.error:
        details["notes"] = [f"watcher stopped early: {watcher.error}"]
    return details
