"""Loading normalised records into the catalogue, one batch per transaction.

A batch is planned, extracted and written:

- `plan` matches every record to a paper (arXiv id, else abstract fingerprint, else title key)
  with one query for the match keys and one for the sources of the papers found. A record whose
  content hash and source line are what the paper already has is unchanged and costs nothing
  more. The rest are merged into full copies of their papers (one more query) or become new
  papers.
- `extract` runs extraction for new and changed papers only, reusing what worker processes
  extracted ahead of time when the paper's text is the record's.
- `write` runs in one transaction: entities first, so a new paper's facet columns are known
  before its row is written once by COPY; then sources and link rows by COPY; changed papers by
  one UPDATE guarded by `updated_at`, so a curator's concurrent edit is never overwritten.

When sources disagree, the owner wins: the source of the richest format (arXiv JSON Lines, then
a Daily Papers dump, then abstract lines; ties broken by file name). The owner's values replace
others'; any source fills a field that is empty. Ingest never clears a field and never writes
one listed in `curated_fields`. A paper's `content_hash` is its owner record's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from papers.ingest import links
from papers.ingest.extract import Extractor
from papers.ingest.readers import Problem, Severity
from papers.ingest.records import FORMAT_RANK, Record, salted_fingerprint
from papers.ingest.report import IngestReport, Outcome
from papers.models import IngestRun, Paper, ReviewStatus, SourceFormat

FIELDS = Paper.INGESTED_FIELDS
_TUPLE_FIELDS = frozenset({"authors", "categories"})
_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_REVIEW_STATUSES = frozenset(ReviewStatus.values)
_FORMATS = frozenset(SourceFormat.values)

# Match queries probe the unique indexes once per key (LATERAL), whatever the planner's
# statistics say mid-load, and bring the line of this file's source for the unchanged check.
_PAPER_KEYS = "id, arxiv_id, fingerprint, title_key, content_hash"
_LIGHT_COLUMNS = "p.id, p.arxiv_id, p.fingerprint, p.title_key, p.content_hash"
_THIS_FILE = (
    " LEFT JOIN LATERAL (SELECT s.line FROM papers_papersource s"
    " WHERE s.paper_id = p.id AND s.file = %s) src ON true"
)
_BY_ARXIV_SQL = (
    f"SELECT {_LIGHT_COLUMNS}, src.line FROM unnest(%s::text[]) AS k(arxiv_id)"
    f" CROSS JOIN LATERAL (SELECT {_PAPER_KEYS} FROM papers_paper WHERE arxiv_id = k.arxiv_id) p"
    + _THIS_FILE
)
_BY_KEYS_SQL = (
    f"SELECT DISTINCT ON (p.id) {_LIGHT_COLUMNS}, src.line"
    " FROM unnest(%s::text[], %s::text[]) AS k(fingerprint, title_key)"
    " CROSS JOIN LATERAL ("
    f"SELECT {_PAPER_KEYS} FROM papers_paper WHERE fingerprint = k.fingerprint"
    f" UNION ALL (SELECT {_PAPER_KEYS} FROM papers_paper WHERE title_key = k.title_key LIMIT 20)"
    ") p" + _THIS_FILE + " ORDER BY p.id"
)
_SOURCES_SQL = links.probe(
    "papers_papersource", "paper_id", "paper_id, file, line, format", "bigint"
)
_FULL_COLUMNS = (
    "id",
    *FIELDS,
    "title_derived",
    "fingerprint",
    "title_key",
    "content_hash",
    "curated_fields",
    "updated_at",
)
_FULL_SQL = links.probe("papers_paper", "id", ", ".join(_FULL_COLUMNS), "bigint")
_PAPER_COPY_COLUMNS = (
    "id",
    *FIELDS,
    "title_derived",
    "fingerprint",
    "title_key",
    "content_hash",
    "review_status",
    "curated_fields",
    "last_run_id",
    "created_at",
    "updated_at",
    "entity_text",
    "method_ids",
    "dataset_ids",
    "benchmark_ids",
    "tag_ids",
    "source_files",
    "has_code",
)
_UPDATE_TYPES = {
    "title": "text",
    "title_derived": "boolean",
    "abstract": "text",
    "fingerprint": "varchar",
    "title_key": "varchar",
    "arxiv_id": "varchar",
    "published": "date",
    "authors": "text[]",
    "authors_count": "integer",
    "organisation": "varchar",
    "upvotes": "integer",
    "categories": "varchar[]",
    "comment": "text",
    "content_hash": "varchar",
}


@dataclass(slots=True)
class Light:
    """What matching needs of a stored paper, and the line of its source in the batch's file."""

    id: int
    arxiv_id: str | None
    fingerprint: str
    title_key: str
    content_hash: str
    line: int | None


@dataclass(slots=True, eq=False)
class Target:
    """A paper being created or changed by this batch."""

    values: dict[str, Any]
    content_hash: str
    sources: dict[str, tuple[int, str]]
    record: Record
    id: int | None = None
    original: dict[str, Any] | None = None
    original_hash: str = ""
    original_sources: dict[str, tuple[int, str]] = field(default_factory=dict)
    curated: frozenset[str] = frozenset()
    updated_at: datetime | None = None
    linkset: links.LinkSet | None = None
    outcome: Outcome = Outcome.UNCHANGED

    @property
    def is_new(self) -> bool:
        return self.original is None

    def owner_rank(self) -> tuple[int, str]:
        return max((FORMAT_RANK[fmt], path) for path, (_, fmt) in self.sources.items())

    def changed_fields(self) -> list[str]:
        assert self.original is not None
        return [k for k, v in self.values.items() if self.original[k] != v]


@dataclass(slots=True)
class Index:
    """Match keys to papers, kept true to what the database will hold after this batch."""

    arxiv: dict[str, Any] = field(default_factory=dict)
    fingerprint: dict[str, Any] = field(default_factory=dict)
    title: dict[str, Any] = field(default_factory=dict)

    def add(self, paper: Any, arxiv_id: str | None, fingerprint: str, key: str) -> None:
        if arxiv_id:
            self.arxiv[arxiv_id] = paper
        self.fingerprint[fingerprint] = paper
        if key:
            self.title.setdefault(key, paper)

    def match(self, record: Record) -> Any:
        raw = record.raw
        if raw.arxiv_id and (found := self.arxiv.get(raw.arxiv_id)) is not None:
            return found
        for found in (self.fingerprint.get(record.fingerprint), self.title.get(record.title_key)):
            if found is not None and _compatible(found, raw.arxiv_id):
                return found
        return None


def _compatible(paper: Any, arxiv_id: str | None) -> bool:
    # Two different arXiv ids are two papers, whatever else they share.
    other = paper.arxiv_id if isinstance(paper, Light) else paper.values["arxiv_id"]
    return not (other and arxiv_id and other != arxiv_id)


@dataclass(slots=True)
class Plan:
    """One batch, planned: the papers to write and the problems met."""

    file: str
    targets: list[Target] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    resolved: links.Resolved | None = None

    def keys(self) -> set[str]:
        """Match keys of every paper this batch writes, before and after."""
        keys: set[str] = set()
        for target in self.targets:
            for values in (target.values, target.original or {}):
                keys.update(values.get(k) or "" for k in ("arxiv_id", "fingerprint", "title_key"))
        keys.discard("")
        return keys


def record_keys(records: Iterable[Record]) -> set[str]:
    keys: set[str] = set()
    for r in records:
        keys.update(k for k in (r.raw.arxiv_id, r.fingerprint, r.title_key) if k)
    return keys


class Loader:
    def __init__(self, extractor: Extractor, run_id: int | None) -> None:
        self.extractor = extractor
        self.run_id = run_id
        # Papers already met in the current file, with the line: a second record is a duplicate.
        self.seen: dict[int, int] = {}

    def begin_file(self) -> None:
        self.seen = {}

    # Planning -------------------------------------------------------------------------------

    def plan(
        self,
        file: str,
        records: list[Record],
        before_keys: Callable[[set[str]], None] | None = None,
    ) -> Plan:
        """Match, merge and classify one batch. `before_keys` is called with the match keys of
        the records the arXiv-id query did not settle, before anything is matched on them."""
        plan = Plan(file)
        index = Index()
        light: dict[int, Light] = {}
        # arXiv ids settle most records, unchanged ones included, in one query.
        arxiv_ids = sorted({r.raw.arxiv_id for r in records if r.raw.arxiv_id})
        if arxiv_ids:
            self._fetch_light(_BY_ARXIV_SQL, [arxiv_ids, file], light, index)
        rest = self._unchanged(plan, records, index)
        if rest and before_keys is not None:
            before_keys(record_keys(rest))
        if rest:
            # Also for records matched by arXiv id: a changed abstract may be another paper's.
            fingerprints = [r.fingerprint for r in rest]
            titles = [r.title_key or None for r in rest]
            self._fetch_light(_BY_KEYS_SQL, [fingerprints, titles, file], light, index)
            rest = self._unchanged(plan, rest, index)
        if not rest:
            return plan

        wanted = {
            paper.id
            for record in rest
            for paper in (
                index.arxiv.get(record.raw.arxiv_id or ""),
                index.fingerprint.get(record.fingerprint),
                index.title.get(record.title_key),
            )
            if paper is not None
        }
        full = self._fetch_full(wanted) if wanted else {}
        index = Index()
        for target in full.values():
            values = target.values
            index.add(target, values["arxiv_id"], values["fingerprint"], values["title_key"])

        touched: set[int] = set()
        for record in rest:
            found = index.match(record)
            if found is None:
                target = self._new_target(record, index)
                plan.targets.append(target)
                touched.add(id(target))
                continue
            if id(found) in touched or found.id in self.seen:
                line = found.record.raw.line if found.id is None else self.seen[found.id]
                plan.problems.append(self._duplicate(record, line))
                continue
            touched.add(id(found))
            self.seen[found.id] = record.raw.line
            found.record = record
            note = self._merge(found, record, index)
            if note:
                plan.problems.append(note)
            plan.targets.append(found)
        return plan

    def _unchanged(self, plan: Plan, records: list[Record], index: Index) -> list[Record]:
        """Count records their paper already has, line and content; return the others."""
        rest = []
        for record in records:
            found = index.match(record)
            if found is None:
                rest.append(record)
            elif found.id in self.seen:
                plan.problems.append(self._duplicate(record, self.seen[found.id]))
            elif found.content_hash == record.content_hash and found.line == record.raw.line:
                self.seen[found.id] = record.raw.line
                plan.unchanged += 1
            else:
                rest.append(record)
        return rest

    def _duplicate(self, record: Record, line: int) -> Problem:
        raw = record.raw
        return Problem(raw.file, raw.line, f"same paper as line {line} of this file; skipped")

    def _fetch_light(self, sql: str, params: list, light: dict[int, Light], index: Index) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for row in sorted(rows):
            if row[0] not in light:
                paper = light[row[0]] = Light(*row)
                index.add(paper, paper.arxiv_id, paper.fingerprint, paper.title_key)

    def _fetch_full(self, ids: set[int]) -> dict[int, Target]:
        with connection.cursor() as cursor:
            cursor.execute(_FULL_SQL, [sorted(ids)])
            rows = cursor.fetchall()
            cursor.execute(_SOURCES_SQL, [sorted(ids)])
            all_sources: dict[int, dict[str, tuple[int, str]]] = {i: {} for i in ids}
            for paper, path, line, fmt in cursor.fetchall():
                all_sources[paper][path] = (line, fmt)
        targets = {}
        for row in rows:
            data = dict(zip(_FULL_COLUMNS, row, strict=True))
            values = {k: data[k] for k in (*FIELDS, "title_derived", "fingerprint", "title_key")}
            for key in _TUPLE_FIELDS:
                values[key] = tuple(values[key])
            sources = all_sources[data["id"]]
            targets[data["id"]] = Target(
                values=values,
                content_hash=data["content_hash"],
                sources=sources,
                record=None,  # type: ignore[arg-type]  # set when a record merges in
                id=data["id"],
                original=dict(values),
                original_hash=data["content_hash"],
                original_sources=dict(sources),
                curated=frozenset(data["curated_fields"]),
                updated_at=data["updated_at"],
            )
        return targets

    def _new_target(self, record: Record, index: Index) -> Target:
        raw = record.raw
        values = _record_values(record)
        fingerprint = record.fingerprint
        if fingerprint in index.fingerprint and raw.arxiv_id:
            fingerprint = salted_fingerprint(fingerprint, raw.arxiv_id)
        values["fingerprint"] = fingerprint
        backup = raw.backup
        target = Target(
            values=values,
            content_hash=_owner_hash(record),
            sources=_record_sources(record),
            record=record,
            outcome=Outcome.CREATED,
        )
        if backup and isinstance(backup.get("curated_fields"), list):
            target.curated = frozenset(
                c for c in backup["curated_fields"] if isinstance(c, str) and len(c) <= 32
            )
        index.add(target, values["arxiv_id"], fingerprint, values["title_key"])
        return target

    def _merge(self, target: Target, record: Record, index: Index) -> Problem | None:
        """Fold one record into an existing paper, by the owner rules in the module docstring."""
        raw = record.raw
        for path, source in _record_sources(record).items():
            if target.sources.get(path, (None,))[0] != source[0]:
                target.sources[path] = source
        owner = raw.backup is not None or record.rank >= target.owner_rank()
        incoming = _record_values(record)
        values, note = target.values, None
        for name in FIELDS:
            new = incoming[name]
            if name in target.curated or new in ("", None, ()) or values[name] == new:
                continue
            if name == "title":
                if incoming["title_derived"]:
                    replace = not values["title"]
                else:
                    replace = not values["title"] or values["title_derived"] or owner
                if replace:
                    values["title"] = new
                    values["title_derived"] = incoming["title_derived"]
                    values["title_key"] = incoming["title_key"]
                continue
            if not (owner or values[name] in ("", None, ())):
                continue
            if name == "abstract":
                fingerprint = record.fingerprint
                other = index.fingerprint.get(fingerprint)
                if other is not None and other is not target:
                    arxiv_id = values["arxiv_id"] or raw.arxiv_id
                    if not arxiv_id or not _compatible(other, arxiv_id):
                        note = Problem(
                            raw.file,
                            raw.line,
                            "abstract now matches another paper's; abstract left as it was",
                            Severity.NOTE,
                        )
                        continue
                    fingerprint = salted_fingerprint(fingerprint, arxiv_id)
                values["fingerprint"] = fingerprint
                index.fingerprint[fingerprint] = target
            if name == "arxiv_id":
                index.arxiv[new] = target
            values[name] = new
        if owner:
            target.content_hash = _owner_hash(record)
        return note

    # Extraction -----------------------------------------------------------------------------

    def extract(self, plan: Plan) -> None:
        for target in plan.targets:
            record, values = target.record, target.values
            if record.raw.backup is not None:
                target.linkset = links.from_backup(record.raw.backup, self.extractor)
                continue
            title = "" if values["title_derived"] else values["title"]
            wanted = (values["abstract"], title, values["comment"])
            if _links_current(target, record, wanted):
                continue  # only provenance changed: the stored links are this extractor's
            if record.extraction is not None and record.extraction_input == wanted:
                extraction, derived = record.extraction, record.derived_title
            else:
                extraction, derived = self.extractor.run(wanted)
            target.linkset = links.from_extraction(extraction, self.extractor)
            if not title and "title" not in target.curated:
                values["title"] = (derived or _fallback_title(values["abstract"]))[:1000]
                values["title_derived"] = True
                values["title_key"] = ""

    # Writing --------------------------------------------------------------------------------

    def resolve(self, plan: Plan) -> None:
        """Find or create the methods, datasets and benchmarks an extracted batch links to, in
        a transaction of their own.

        Entities are shared between batches. Created inside a batch's transaction, a new key
        would make a parallel writer wait on the unique index until that whole batch commits,
        so the writers would take turns. Committed first, a batch that then fails leaves at
        worst entities that no paper links to yet, which the next run reuses.
        """
        linksets = [t.linkset for t in plan.targets if t.linkset is not None]
        if not linksets:
            plan.resolved = links.Resolved()
            return
        with transaction.atomic(), connection.cursor() as cursor:
            plan.resolved = links.resolve(cursor, linksets, timezone.now())

    def write(self, plan: Plan) -> None:
        """Write a planned, extracted and resolved batch; call inside a transaction."""
        now = timezone.now()
        resolved = plan.resolved
        assert resolved is not None, "resolve() the plan before writing it"
        with connection.cursor() as cursor:
            changes = links.Changes()
            new = [t for t in plan.targets if t.is_new]
            if new:
                self._insert(cursor, new, resolved, changes, now)
            existing = [t for t in plan.targets if not t.is_new]
            refresh: list[int] = []
            if existing:
                refresh = self._update(cursor, existing, resolved, changes, plan, now)
            links.write(cursor, changes)
        if refresh:
            Paper.objects.refresh_facets(refresh)

    def account(self, plan: Plan, report: IngestReport) -> None:
        """Count a written batch; on the thread that plans, after the write committed."""
        report.count(plan.file, Outcome.UNCHANGED, plan.unchanged)
        for problem in plan.problems:
            report.problem(problem)
        for target in plan.targets:
            if target.outcome is not Outcome.SKIPPED:  # counted with its problem
                report.count(plan.file, target.outcome)
            if target.is_new and target.id is not None and target.outcome is Outcome.CREATED:
                self.seen.setdefault(target.id, target.record.raw.line)

    def _insert(self, cursor, new: list[Target], resolved, changes, now) -> None:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('papers_paper', 'id'))"
            " FROM generate_series(1, %s)",
            [len(new)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        backups = [t for t in new if t.record.raw.backup]
        tags = _tags(cursor, backups) if backups else {}
        with cursor.cursor.copy(
            f"COPY papers_paper ({', '.join(_PAPER_COPY_COLUMNS)}) FROM STDIN"
        ) as out:
            for paper_id, target in zip(ids, new, strict=True):
                target.id = paper_id
                rows = links.paper_rows(target.linkset, resolved)
                links.new_paper_changes(paper_id, rows, changes)
                facets = links.facets(rows, resolved)
                backup = target.record.raw.backup or {}
                review = backup.get("review_status")
                tag_ids = sorted({tags[n] for n in _names(backup.get("tags")) if n in tags})
                v = target.values
                out.write_row(
                    (
                        paper_id,
                        *(_array(v[k]) if k in _TUPLE_FIELDS else v[k] for k in FIELDS),
                        v["title_derived"],
                        v["fingerprint"],
                        v["title_key"],
                        target.content_hash,
                        review if review in _REVIEW_STATUSES else ReviewStatus.NEW.value,
                        _array(sorted(target.curated)),
                        self.run_id,
                        now,
                        now,
                        facets.entity_text,
                        _array(facets.method_ids),
                        _array(facets.dataset_ids),
                        _array(facets.benchmark_ids),
                        _array(tag_ids),
                        _array(sorted(target.sources)),
                        facets.has_code,
                    )
                )
        with cursor.cursor.copy(
            "COPY papers_papersource (paper_id, file, line, format, run_id, first_seen) FROM STDIN"
        ) as out:
            for target in new:
                for path, (line, fmt) in target.sources.items():
                    out.write_row((target.id, path, line, fmt, self.run_id, now))
        if backups:
            _restore_tags_and_notes(cursor, backups, tags, now)

    def _update(self, cursor, existing: list[Target], resolved, changes, plan, now) -> list[int]:
        extracted = [t.id for t in existing if t.linkset is not None]
        have = links.fetch_existing(cursor, extracted) if extracted else {}
        pending: list[tuple[Target, links.Changes, bool, bool]] = []
        hash_only: list[Target] = []
        for target in existing:
            mine = links.Changes()
            links_changed = False
            if target.linkset is not None:
                rows = links.paper_rows(target.linkset, resolved)
                links_changed = links.diff(target.id, rows, have[target.id], mine)
            sources_changed = target.sources != target.original_sources
            if links_changed or sources_changed or target.changed_fields():
                pending.append((target, mine, links_changed, sources_changed))
            elif target.content_hash != target.original_hash:
                hash_only.append(target)
        if hash_only:
            cursor.execute(
                "UPDATE papers_paper AS p SET content_hash = v.hash"
                " FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[]) AS v(id, hash, seen)"
                " WHERE p.id = v.id AND p.updated_at = v.seen",
                [
                    [t.id for t in hash_only],
                    [t.content_hash for t in hash_only],
                    [t.updated_at for t in hash_only],
                ],
            )
        if not pending:
            return []
        written = self._update_papers(cursor, [p[0] for p in pending], now)
        refresh: list[int] = []
        new_sources, moved_sources = [], []
        for target, mine, links_changed, sources_changed in pending:
            if target.id not in written:
                target.outcome = Outcome.SKIPPED
                raw = target.record.raw
                plan.problems.append(
                    Problem(
                        raw.file,
                        raw.line,
                        f"paper {target.id} was edited while ingest ran; left as it is, skipped",
                    )
                )
                continue
            target.outcome = Outcome.UPDATED
            for name in links.Changes.__slots__:
                getattr(changes, name).extend(getattr(mine, name))
            for path, (line, fmt) in target.sources.items():
                before = target.original_sources.get(path)
                if before is None:
                    new_sources.append((target.id, path, line, fmt, self.run_id, now))
                elif before != (line, fmt):
                    moved_sources.append((line, fmt, self.run_id, target.id, path))
            if links_changed or sources_changed:
                refresh.append(target.id)
        if new_sources:
            with cursor.cursor.copy(
                "COPY papers_papersource (paper_id, file, line, format, run_id, first_seen)"
                " FROM STDIN"
            ) as out:
                for row in new_sources:
                    out.write_row(row)
        if moved_sources:
            cursor.executemany(
                "UPDATE papers_papersource SET line = %s, format = %s, run_id = %s"
                " WHERE paper_id = %s AND file = %s",
                moved_sources,
            )
        return refresh

    def _update_papers(self, cursor, targets: list[Target], now) -> set[int]:
        """One UPDATE for every changed paper, skipping any edited since it was read."""
        columns = list(_UPDATE_TYPES)
        row_sql = (
            "(%s::bigint, %s::timestamptz, "
            + ", ".join(f"%s::{_UPDATE_TYPES[c]}" for c in columns)
            + ")"
        )
        params: list[Any] = []
        for target in targets:
            v = target.values
            params += [target.id, target.updated_at]
            params += [list(v[c]) if c in _TUPLE_FIELDS else v[c] for c in columns[:-1]]
            params.append(target.content_hash)
        assignments = ", ".join(f"{c} = v.{c}" for c in columns)
        cursor.execute(
            f"UPDATE papers_paper AS p SET {assignments}, last_run_id = %s, updated_at = %s"
            f" FROM (VALUES {', '.join([row_sql] * len(targets))})"
            f" AS v(id, seen, {', '.join(columns)})"
            " WHERE p.id = v.id AND p.updated_at = v.seen RETURNING p.id",
            [self.run_id, now, *params],
        )
        return {row[0] for row in cursor.fetchall()}


_ARRAY_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"'})


def _array(values) -> str:
    """A Postgres array literal, for COPY: psycopg's list dumper is pure Python and costs more
    than the rest of a paper's row."""
    if not values:
        return "{}"
    if isinstance(values[0], int):
        return "{" + ",".join(map(str, values)) + "}"
    return "{" + ",".join(f'"{value.translate(_ARRAY_ESCAPE)}"' for value in values) + "}"


def _record_values(record: Record) -> dict[str, Any]:
    raw = record.raw
    backup = raw.backup or {}
    return {
        "title": raw.title,
        "abstract": raw.abstract,
        "arxiv_id": raw.arxiv_id,
        "published": raw.published,
        "authors": raw.authors,
        "authors_count": raw.authors_count,
        "organisation": raw.organisation,
        "upvotes": raw.upvotes,
        "categories": raw.categories,
        "comment": raw.comment,
        "title_derived": bool(backup.get("title_derived")) and bool(raw.title),
        "fingerprint": record.fingerprint,
        "title_key": "" if backup.get("title_derived") else record.title_key,
    }


def _links_current(target: Target, record: Record, wanted: tuple[str, str, str]) -> bool:
    """An existing paper whose hash is this record's (same content, same extractor version) and
    whose text is unchanged already has exactly the links extraction would give."""
    original = target.original
    if original is None or target.original_hash != record.content_hash:
        return False
    title = "" if original["title_derived"] else original["title"]
    return wanted == (original["abstract"], title, original["comment"])


def _owner_hash(record: Record) -> str:
    """The content hash a paper keeps: a backup carries the hash of the paper's own source."""
    backup = record.raw.backup
    if (
        backup
        and isinstance(backup.get("content_hash"), str)
        and _HEX40.match(backup["content_hash"])
    ):
        return backup["content_hash"]
    return record.content_hash


def _record_sources(record: Record) -> dict[str, tuple[int, str]]:
    """Where the record says it was read: the file itself, or for a backup its own sources."""
    raw = record.raw
    backup = raw.backup
    if backup:
        sources = {}
        for item in backup.get("sources") or ():
            if not isinstance(item, dict):
                continue
            path, line, fmt = item.get("file"), item.get("line"), item.get("format")
            if (
                isinstance(path, str)
                and path
                and len(path) <= 255
                and isinstance(line, int)
                and line >= 0
                and fmt in _FORMATS
            ):
                sources.setdefault(path, (line, fmt))
        if sources:
            return sources
    return {raw.file: (raw.line, raw.format.value)}


def _fallback_title(abstract: str) -> str:
    words = abstract.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _names(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    names = (v.get("name") if isinstance(v, dict) else v for v in value)
    return [n.strip()[:100] for n in names if isinstance(n, str) and n.strip()]


def _tags(cursor, backups: list[Target]) -> dict[str, int]:
    """Tag ids by name for the tags restored papers carry, creating missing tags."""
    names = sorted({n for t in backups for n in _names(t.record.raw.backup.get("tags"))})
    if not names:
        return {}
    cursor.execute("SELECT name, id FROM papers_tag WHERE name = ANY(%s)", [names])
    found = dict(cursor.fetchall())
    missing = [n for n in names if n not in found]
    if missing:
        cursor.execute("SELECT slug FROM papers_tag")
        taken = {row[0] for row in cursor.fetchall()}
        rows = []
        for name in missing:
            base = slugify(name)[:90] or "tag"
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            rows += [name, slug, "", "#4f46e5"]
        cursor.execute(
            "INSERT INTO papers_tag (name, slug, description, colour) VALUES "
            + ", ".join(["(%s, %s, %s, %s)"] * len(missing))
            + " ON CONFLICT DO NOTHING",
            rows,
        )
        cursor.execute("SELECT name, id FROM papers_tag WHERE name = ANY(%s)", [missing])
        found.update(cursor.fetchall())
    return found


def _restore_tags_and_notes(cursor, backups: list[Target], tags: dict[str, int], now) -> None:
    tag_rows, note_rows = [], []
    for target in backups:
        backup = target.record.raw.backup
        for tag_id in sorted({tags[n] for n in _names(backup.get("tags")) if n in tags}):
            tag_rows += [target.id, tag_id, now]
        notes = backup.get("notes")
        for note in notes if isinstance(notes, list) else ():
            body = note.get("body") if isinstance(note, dict) else note
            if isinstance(body, str) and body.strip():
                visibility = note.get("visibility") if isinstance(note, dict) else None
                if visibility not in ("internal", "public"):
                    visibility = "internal"
                note_rows += [target.id, body, visibility, now, now]
    if tag_rows:
        cursor.execute(
            "INSERT INTO papers_papertag (paper_id, tag_id, tagged_at) VALUES "
            + ", ".join(["(%s, %s, %s)"] * (len(tag_rows) // 3))
            + " ON CONFLICT DO NOTHING",
            tag_rows,
        )
    if note_rows:
        cursor.execute(
            "INSERT INTO papers_note (paper_id, body, visibility, created_at, updated_at) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s)"] * (len(note_rows) // 5)),
            note_rows,
        )


def mark_interrupted_runs() -> int:
    """Runs left 'running' by a killed ingest; call while holding the ingest lock."""
    return IngestRun.objects.filter(status=IngestRun.Status.RUNNING).update(
        status=IngestRun.Status.FAILED,
        finished_at=timezone.now(),
    )
