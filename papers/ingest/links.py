"""What extraction links a paper to, resolved to rows: entities, benchmarks and link rows.

Rules that keep curators in charge: ingest adds, changes and deletes only rows it made and nobody
reviewed (origin "extracted", status "auto"). An accepted or curator-added row is never touched; a
rejected one stays and blocks the same method, dataset, result or URL from coming back.

Canonical Methods and Datasets are found by `entity_key(name)`, through their alias tables first,
so a curator's merge sends later ingests to the surviving entity. Missing ones are created in key
order, the same order in every transaction, so parallel batches cannot deadlock on them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from papers.ingest.extract import Extractor
from papers.models import LinkStatus, Origin, RepoLink, Result

AUTO = (Origin.EXTRACTED.value, LinkStatus.AUTO.value)
REJECTED = LinkStatus.REJECTED.value
_HOSTS = frozenset(RepoLink.Host.values)
_KINDS = frozenset(Result.Kind.values)
_ORIGINS = frozenset(Origin.values)
_STATUSES = frozenset(LinkStatus.values)
# Error-like metrics rank ascending.
_LOWER_IS_BETTER = re.compile(
    r"(?:^|[^a-z])(?:wer|cer|ter|fid|kid|eer|fpr|far|frr|error|err|loss|mae|mse|rmse|rmsle|mape|"
    r"nll|perplexity|ppl|latency|runtime|time|flops|params|distance|dist|chamfer|lpips|ade|fde|"
    r"epe|aepe|absrel|sqrel|rel|bpc|bpd|miss|mr|hd95|hausdorff|nme|ece|brier|rank|divergence|kl|"
    r"wasserstein|regret|drift|minade|minfde)(?:$|[^a-z])"
)


def probe(table: str, column: str, columns: str, cast: str = "text") -> str:
    """SQL for the rows of `table` whose `column` is in the array parameter, as one index probe
    per value. `col = ANY(%s)` lets a planner whose statistics lag a bulk load scan the table.
    """
    return (
        f"SELECT x.* FROM unnest(%s::{cast}[]) AS k(v) CROSS JOIN LATERAL"
        f" (SELECT {columns} FROM {table} WHERE {column} = k.v) x"
    )


def lower_is_better(metric: str, key: str) -> bool:
    return bool(_LOWER_IS_BETTER.search(metric.casefold()) or _LOWER_IS_BETTER.search(key))


@dataclass(slots=True)
class EntityRow:
    key: str
    name: str
    acronym: str
    flag: bool  # proposed (methods) or introduced (datasets)
    evidence: str = ""
    origin: str = Origin.EXTRACTED.value
    status: str = LinkStatus.AUTO.value


@dataclass(slots=True)
class ResultRow:
    dataset_key: str  # "" when the result names no dataset
    dataset_name: str
    metric: str
    metric_key: str
    value: float
    kind: str
    unit: str = ""
    evidence: str = ""
    origin: str = Origin.EXTRACTED.value
    status: str = LinkStatus.AUTO.value


@dataclass(slots=True)
class UrlRow:
    url: str
    host: str
    owner: str = ""
    repo: str = ""
    evidence: str = ""
    origin: str = Origin.EXTRACTED.value
    status: str = LinkStatus.AUTO.value


@dataclass(slots=True)
class LinkSet:
    """What one paper should link to, keyed by entity key / result key / URL."""

    methods: dict[str, EntityRow] = field(default_factory=dict)
    datasets: dict[str, EntityRow] = field(default_factory=dict)
    results: list[ResultRow] = field(default_factory=list)
    links: dict[str, UrlRow] = field(default_factory=dict)

    def add_entity(self, table: dict[str, EntityRow], row: EntityRow) -> None:
        if not row.key:
            return
        seen = table.get(row.key)
        if seen is None:
            table[row.key] = row
        elif row.flag and not seen.flag:
            seen.flag = True

    def add_link(self, row: UrlRow) -> None:
        url = row.url.strip()
        if len(url) > 500 or not url.startswith(("http://", "https://")):
            return
        row.url = url
        row.host = row.host if row.host in _HOSTS else RepoLink.Host.PROJECT.value
        row.owner, row.repo = row.owner[:100], row.repo[:200]
        self.links.setdefault(url, row)


def from_extraction(extraction: Any, extractor: Extractor) -> LinkSet:
    found = LinkSet()
    for m in extraction.methods:
        row = EntityRow(
            extractor.entity_key(m.name), m.name[:255], m.acronym[:64], m.proposed, m.evidence
        )
        found.add_entity(found.methods, row)
    for d in extraction.datasets:
        row = EntityRow(
            extractor.entity_key(d.name), d.name[:255], d.acronym[:64], d.introduced, d.evidence
        )
        found.add_entity(found.datasets, row)
    for r in extraction.results:
        if r.kind not in _KINDS:
            continue
        metric_key = extractor.metric_key(r.metric)[:100]
        if not metric_key:
            continue
        dataset_key = extractor.entity_key(r.dataset) if r.dataset else ""
        found.results.append(
            ResultRow(
                dataset_key,
                r.dataset[:255],
                r.metric[:100],
                metric_key,
                float(r.value),
                r.kind,
                r.unit[:8],
                r.evidence,
            )
        )
    for link in extraction.links:
        found.add_link(UrlRow(link.url, link.host, link.owner, link.repo, link.evidence))
    return found


def _state(item: dict) -> tuple[str, str]:
    origin = item.get("origin") if item.get("origin") in _ORIGINS else Origin.EXTRACTED.value
    status = item.get("status") if item.get("status") in _STATUSES else LinkStatus.AUTO.value
    return origin, status


def _str(item: dict, key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def from_backup(backup: dict, extractor: Extractor) -> LinkSet:
    """The links an exported paper had, with their evidence, origin and status."""
    found = LinkSet()
    for table, items, flag in (
        (found.methods, backup.get("methods"), "proposed"),
        (found.datasets, backup.get("datasets"), "introduced"),
    ):
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict) or not _str(item, "name"):
                continue
            name = _str(item, "name")
            row = EntityRow(
                _str(item, "key")[:255] or extractor.entity_key(name),
                name[:255],
                _str(item, "acronym")[:64],
                bool(item.get(flag)),
                _str(item, "evidence"),
                *_state(item),
            )
            found.add_entity(table, row)
    results = backup.get("results")
    for item in results if isinstance(results, list) else ():
        if not isinstance(item, dict) or item.get("kind") not in _KINDS:
            continue
        value = item.get("value")
        metric = _str(item, "metric")
        if not isinstance(value, int | float) or isinstance(value, bool) or not metric:
            continue
        dataset = _str(item, "dataset")
        dataset_key = _str(item, "dataset_key") or (
            extractor.entity_key(dataset) if dataset else ""
        )
        found.results.append(
            ResultRow(
                dataset_key[:255] if dataset else "",
                dataset[:255],
                metric[:100],
                (_str(item, "metric_key") or extractor.metric_key(metric))[:100],
                float(value),
                item["kind"],
                _str(item, "unit")[:8],
                _str(item, "evidence"),
                *_state(item),
            )
        )
    links = backup.get("links")
    if not isinstance(links, list):  # an export that only has the list of URLs
        links = [{"url": u} for u in backup.get("repo_links") or () if isinstance(u, str)]
    for item in links:
        if isinstance(item, dict) and _str(item, "url"):
            row = UrlRow(
                _str(item, "url"),
                _str(item, "host"),
                _str(item, "owner"),
                _str(item, "repo"),
                _str(item, "evidence"),
                *_state(item),
            )
            found.add_link(row)
    return found


@dataclass(frozen=True, slots=True)
class EntityRef:
    id: int
    name: str
    acronym: str
    slug: str


@dataclass(slots=True)
class Resolved:
    methods: dict[str, EntityRef] = field(default_factory=dict)
    datasets: dict[str, EntityRef] = field(default_factory=dict)
    # (dataset id or None, metric key) -> benchmark id
    benchmarks: dict[tuple[int | None, str], int] = field(default_factory=dict)
    _by_id: tuple | None = None

    def by_id(self) -> tuple[dict[int, EntityRef], dict[int, EntityRef]]:
        """Methods and datasets by id; built once per batch."""
        if self._by_id is None:
            self._by_id = (
                {ref.id: ref for ref in self.methods.values()},
                {ref.id: ref for ref in self.datasets.values()},
            )
        return self._by_id

    def benchmark_id(self, row: ResultRow) -> int | None:
        dataset = self.datasets.get(row.dataset_key) if row.dataset_key else None
        if row.dataset_key and dataset is None:
            return None
        return self.benchmarks.get((dataset.id if dataset else None, row.metric_key))


def resolve(cursor, linksets: Iterable[LinkSet], now) -> Resolved:
    """Find or create every entity and benchmark these link sets need."""
    methods: dict[str, tuple[str, str]] = {}
    datasets: dict[str, tuple[str, str]] = {}
    metrics: dict[tuple[str, str], str] = {}
    for found in linksets:
        for row in found.methods.values():
            methods.setdefault(row.key, (row.name, row.acronym))
        for row in found.datasets.values():
            datasets.setdefault(row.key, (row.name, row.acronym))
        for row in found.results:
            if row.dataset_key:
                datasets.setdefault(row.dataset_key, (row.dataset_name, ""))
            metrics.setdefault((row.dataset_key, row.metric_key), row.metric)
    resolved = Resolved()
    if methods:
        resolved.methods = _entities(cursor, "method", methods, now)
    if datasets:
        resolved.datasets = _entities(cursor, "dataset", datasets, now)
    if metrics:
        resolved.benchmarks = _benchmarks(cursor, metrics, resolved.datasets)
    return resolved


def _entities(cursor, kind: str, wanted: dict[str, tuple[str, str]], now) -> dict[str, EntityRef]:
    table, alias = f"papers_{kind}", f"papers_{kind}alias"
    keys = sorted(wanted)
    cursor.execute(
        f"SELECT e.id, e.name, e.acronym, e.slug, k.key FROM unnest(%s::text[]) AS k(key)"
        f" LEFT JOIN {alias} a ON a.key = k.key"
        f" JOIN {table} e ON e.id = COALESCE("
        f"a.{kind}_id, (SELECT x.id FROM {table} x WHERE x.key = k.key))",
        [keys],
    )
    found = {key: EntityRef(i, name, acronym, slug) for i, name, acronym, slug, key in cursor}
    missing = [key for key in keys if key not in found]
    for attempt in range(4):
        if not missing:
            break
        slugs = _free_slugs(cursor, table, [(key, *wanted[key]) for key in missing], attempt)
        # Inserted in key order, the same in every transaction (see the module docstring).
        cursor.execute(
            f"INSERT INTO {table} (name, acronym, key, slug, description, created_at)"
            " SELECT name, acronym, key, slug, '', %s"
            " FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])"
            " AS r(name, acronym, key, slug) ORDER BY key"
            " ON CONFLICT DO NOTHING RETURNING id, name, acronym, slug, key",
            [
                now,
                [wanted[k][0] for k in missing],
                [wanted[k][1] for k in missing],
                missing,
                [slugs[k] for k in missing],
            ],
        )
        for i, name, acronym, slug, key in cursor.fetchall():
            found[key] = EntityRef(i, name, acronym, slug)
        missing = [key for key in missing if key not in found]
        if missing:
            # Lost a race for the key (another transaction made it) or for the slug.
            cursor.execute(probe(table, "key", "id, name, acronym, slug, key"), [missing])
            for i, name, acronym, slug, key in cursor.fetchall():
                found[key] = EntityRef(i, name, acronym, slug)
            missing = [key for key in missing if key not in found]
    if missing:
        raise RuntimeError(f"could not create {kind} rows for keys {missing[:5]}")
    return found


_SUFFIXES = 30


def _slug_base(key: str, name: str, acronym: str, kind: str) -> str:
    base = slugify(acronym or name)[:200] or slugify(key)[:200]
    if not base:
        base = f"{kind}-{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10]}"
    return base


def _free_slugs(cursor, table: str, items: list[tuple[str, str, str]], attempt: int) -> dict:
    """A slug per key that no row has yet: the name's slug, else with -2, -3, ... added.

    Candidates are probed through the slug's unique index: never a scan of the table.
    """
    kind = table.removeprefix("papers_")
    bases = {key: _slug_base(key, name, acronym, kind) for key, name, acronym in items}
    first = 1 + attempt
    wanted = {b if first == 1 else f"{b}-{first}" for b in bases.values()}
    cursor.execute(probe(table, "slug", "slug"), [sorted(wanted)])
    taken = {slug for (slug,) in cursor.fetchall()}
    counts = Counter(bases.values())
    crowded = sorted(
        b for b in counts if counts[b] > 1 or (b if first == 1 else f"{b}-{first}") in taken
    )
    if crowded:
        suffixed = [f"{b}-{n}" for b in crowded for n in range(first + 1, first + _SUFFIXES + 1)]
        cursor.execute(probe(table, "slug", "slug"), [suffixed])
        taken.update(slug for (slug,) in cursor.fetchall())
    slugs: dict[str, str] = {}
    for key in sorted(bases):
        base = bases[key]
        slug, n = (base if first == 1 else f"{base}-{first}"), first
        while slug in taken and n < first + _SUFFIXES:
            n += 1
            slug = f"{base}-{n}"
        if slug in taken:  # a name used dozens of times: make it unique by its key
            slug = (
                f"{base[:180]}-{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:8]}"
            )
        taken.add(slug)
        slugs[key] = slug
    return slugs


_BENCHMARKS_SQL = (
    "SELECT b.id, k.dataset_id, k.metric_key"
    " FROM unnest(%s::bigint[], %s::text[]) AS k(dataset_id, metric_key)"
    " CROSS JOIN LATERAL ("
    "SELECT id FROM papers_benchmark"
    " WHERE k.dataset_id IS NOT NULL AND dataset_id = k.dataset_id AND metric_key = k.metric_key"
    " UNION ALL SELECT id FROM papers_benchmark"
    " WHERE k.dataset_id IS NULL AND dataset_id IS NULL AND metric_key = k.metric_key) b"
)


def _benchmarks(
    cursor, wanted: dict[tuple[str, str], str], datasets: dict[str, EntityRef]
) -> dict[tuple[int | None, str], int]:
    pairs: dict[tuple[int | None, str], tuple[str, str]] = {}
    for (dataset_key, metric_key), metric in sorted(wanted.items()):
        dataset = datasets.get(dataset_key) if dataset_key else None
        if dataset_key and dataset is None:
            continue
        prefix = dataset.slug if dataset else "any"
        pairs.setdefault((dataset.id if dataset else None, metric_key), (metric, prefix))

    def lookup(keys) -> dict[tuple[int | None, str], int]:
        cursor.execute(_BENCHMARKS_SQL, [[d for d, _ in keys], [m for _, m in keys]])
        return {(d, m): i for i, d, m in cursor.fetchall()}

    found = lookup(list(pairs))
    order = sorted((k for k in pairs if k not in found), key=lambda k: (k[0] or 0, k[1]))
    for attempt in range(4):
        if not order:
            break
        rows = []
        for dataset_id, metric_key in order:
            metric, prefix = pairs[dataset_id, metric_key]
            slug = slugify(f"{prefix}-{metric_key}")[:240] or f"{prefix}-metric"
            if attempt:
                slug = f"{slug}-{attempt + 1}"
            flag = lower_is_better(metric, metric_key)
            rows.append((dataset_id, metric or metric_key, metric_key, slug, flag))
        cursor.execute(
            "INSERT INTO papers_benchmark (dataset_id, metric, metric_key, slug, lower_is_better)"
            " SELECT dataset_id, metric, metric_key, slug, flag"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::bool[])"
            " WITH ORDINALITY AS r(dataset_id, metric, metric_key, slug, flag, n) ORDER BY n"
            " ON CONFLICT DO NOTHING RETURNING id, dataset_id, metric_key",
            [list(column) for column in zip(*rows, strict=True)],
        )
        for i, d, m in cursor.fetchall():
            found[d, m] = i
        order = [k for k in order if k not in found]
        if order:  # lost a race for the pair, or the slug was taken
            found.update(lookup(order))
            order = [k for k in order if k not in found]
    if order:
        raise RuntimeError(f"could not create benchmarks {order[:5]}")
    return found


@dataclass(slots=True)
class PaperRows:
    """Link rows for one paper, by the id of what they link to."""

    methods: dict[int, EntityRow] = field(default_factory=dict)
    datasets: dict[int, EntityRow] = field(default_factory=dict)
    results: dict[tuple[int, float, str], ResultRow] = field(default_factory=dict)
    links: dict[str, UrlRow] = field(default_factory=dict)


def paper_rows(found: LinkSet, resolved: Resolved) -> PaperRows:
    rows = PaperRows()
    for source, target, refs in (
        (found.methods, rows.methods, resolved.methods),
        (found.datasets, rows.datasets, resolved.datasets),
    ):
        for key, row in source.items():
            ref = refs[key]
            seen = target.get(ref.id)
            if seen is None:
                target[ref.id] = row
            elif row.flag and not seen.flag:
                seen.flag = True
    for row in found.results:
        benchmark = resolved.benchmark_id(row)
        if benchmark is not None:
            rows.results.setdefault((benchmark, row.value, row.kind), row)
    rows.links = found.links
    return rows


@dataclass(slots=True)
class Facets:
    """The denormalised columns of a new paper, as PaperQuerySet.refresh_facets computes them."""

    entity_text: str
    method_ids: list[int]
    dataset_ids: list[int]
    benchmark_ids: list[int]
    has_code: bool


def facets(rows: PaperRows, resolved: Resolved) -> Facets:
    method_refs, dataset_refs = resolved.by_id()
    methods = sorted(i for i, row in rows.methods.items() if row.status != REJECTED)
    datasets = sorted(i for i, row in rows.datasets.items() if row.status != REJECTED)
    names = [(method_refs[i].name, method_refs[i].acronym) for i in methods]
    names += [(dataset_refs[i].name, dataset_refs[i].acronym) for i in datasets]
    # concat_ws(' ', name, acronym) keeps the space before an empty acronym.
    entity_text = " ".join(f"{name} {acronym}" for name, acronym in sorted(names))
    benchmarks = sorted({b for (b, _, _), row in rows.results.items() if row.status != REJECTED})
    has_code = any(row.status != REJECTED for row in rows.links.values())
    return Facets(entity_text, methods, datasets, benchmarks, has_code)


@dataclass(slots=True)
class Existing:
    """A paper's link rows as they are: (row id, fields..., origin, status)."""

    methods: dict[int, tuple] = field(default_factory=dict)
    datasets: dict[int, tuple] = field(default_factory=dict)
    results: dict[tuple[int, float, str], tuple] = field(default_factory=dict)
    links: dict[str, tuple] = field(default_factory=dict)


def fetch_existing(cursor, paper_ids: list[int]) -> dict[int, Existing]:
    found = {i: Existing() for i in paper_ids}
    columns = "paper_id, method_id, id, proposed, evidence, origin, status"
    cursor.execute(probe("papers_papermethod", "paper_id", columns, "bigint"), [paper_ids])
    for paper, method, *rest in cursor.fetchall():
        found[paper].methods[method] = tuple(rest)
    columns = "paper_id, dataset_id, id, introduced, evidence, origin, status"
    cursor.execute(probe("papers_paperdataset", "paper_id", columns, "bigint"), [paper_ids])
    for paper, dataset, *rest in cursor.fetchall():
        found[paper].datasets[dataset] = tuple(rest)
    columns = "paper_id, benchmark_id, value, kind, id, unit, evidence, origin, status"
    cursor.execute(probe("papers_result", "paper_id", columns, "bigint"), [paper_ids])
    for paper, benchmark, value, kind, *rest in cursor.fetchall():
        found[paper].results[benchmark, value, kind] = tuple(rest)
    columns = "paper_id, url, id, host, owner, repo, evidence, origin, status"
    cursor.execute(probe("papers_repolink", "paper_id", columns, "bigint"), [paper_ids])
    for paper, url, *rest in cursor.fetchall():
        found[paper].links[url] = tuple(rest)
    return found


@dataclass(slots=True)
class Changes:
    """Row changes across a batch; `insert_*` hold (paper id, key, row)."""

    insert_methods: list = field(default_factory=list)
    insert_datasets: list = field(default_factory=list)
    insert_results: list = field(default_factory=list)
    insert_links: list = field(default_factory=list)
    update_methods: list = field(default_factory=list)  # (id, proposed, evidence)
    update_datasets: list = field(default_factory=list)
    update_results: list = field(default_factory=list)  # (id, unit, evidence)
    update_links: list = field(default_factory=list)  # (id, host, owner, repo, evidence)
    delete_methods: list = field(default_factory=list)
    delete_datasets: list = field(default_factory=list)
    delete_results: list = field(default_factory=list)
    delete_links: list = field(default_factory=list)


def diff(paper_id: int, wanted: PaperRows, existing: Existing, changes: Changes) -> bool:
    """Add to `changes` what turns `existing` into `wanted`; True when anything changes.

    Only rows that are extracted and unreviewed are changed or deleted. A wanted row whose key has
    any other row (accepted, rejected, curator's) is left alone.
    """
    changed = False
    for rows, have, inserts, updates, deletes in (
        (
            wanted.methods,
            existing.methods,
            changes.insert_methods,
            changes.update_methods,
            changes.delete_methods,
        ),
        (
            wanted.datasets,
            existing.datasets,
            changes.insert_datasets,
            changes.update_datasets,
            changes.delete_datasets,
        ),
    ):
        for key, row in rows.items():
            old = have.get(key)
            if old is None:
                inserts.append((paper_id, key, row))
                changed = True
            elif (
                old[3:] == AUTO
                and (row.origin, row.status) == AUTO
                and (old[1], old[2]) != (row.flag, row.evidence)
            ):
                updates.append((old[0], row.flag, row.evidence))
                changed = True
        for key, old in have.items():
            if key not in rows and old[3:] == AUTO:
                deletes.append(old[0])
                changed = True
    for key, row in wanted.results.items():
        old = existing.results.get(key)
        if old is None:
            changes.insert_results.append((paper_id, key, row))
            changed = True
        elif old[3:] == AUTO == (row.origin, row.status) and old[1:3] != (row.unit, row.evidence):
            changes.update_results.append((old[0], row.unit, row.evidence))
            changed = True
    for key, old in existing.results.items():
        if key not in wanted.results and old[3:] == AUTO:
            changes.delete_results.append(old[0])
            changed = True
    for url, row in wanted.links.items():
        old = existing.links.get(url)
        if old is None:
            changes.insert_links.append((paper_id, url, row))
            changed = True
        elif old[5:] == AUTO == (row.origin, row.status) and old[1:5] != (
            row.host,
            row.owner,
            row.repo,
            row.evidence,
        ):
            changes.update_links.append((old[0], row.host, row.owner, row.repo, row.evidence))
            changed = True
    for url, old in existing.links.items():
        if url not in wanted.links and old[5:] == AUTO:
            changes.delete_links.append(old[0])
            changed = True
    return changed


def new_paper_changes(paper_id: int, rows: PaperRows, changes: Changes) -> None:
    changes.insert_methods.extend((paper_id, k, r) for k, r in rows.methods.items())
    changes.insert_datasets.extend((paper_id, k, r) for k, r in rows.datasets.items())
    changes.insert_results.extend((paper_id, k, r) for k, r in rows.results.items())
    changes.insert_links.extend((paper_id, k, r) for k, r in rows.links.items())


def write(cursor, changes: Changes) -> None:
    """Apply `changes`: inserts by COPY, updates and deletes by id, one statement per kind."""
    inserts = (
        (
            "papers_papermethod (paper_id, method_id, proposed, evidence, origin, status)",
            (
                (p, key, r.flag, r.evidence, r.origin, r.status)
                for p, key, r in changes.insert_methods
            ),
        ),
        (
            "papers_paperdataset (paper_id, dataset_id, introduced, evidence, origin, status)",
            (
                (p, key, r.flag, r.evidence, r.origin, r.status)
                for p, key, r in changes.insert_datasets
            ),
        ),
        (
            "papers_result (paper_id, benchmark_id, value, kind, unit, evidence, origin, status)",
            (
                (p, benchmark, value, kind, r.unit, r.evidence, r.origin, r.status)
                for p, (benchmark, value, kind), r in changes.insert_results
            ),
        ),
        (
            "papers_repolink (paper_id, url, host, owner, repo, evidence, origin, status)",
            (
                (p, url, r.host, r.owner, r.repo, r.evidence, r.origin, r.status)
                for p, url, r in changes.insert_links
            ),
        ),
    )
    for target, rows in inserts:
        first = next(rows, None)
        if first is None:
            continue
        with cursor.cursor.copy(f"COPY {target} FROM STDIN") as out:
            out.write_row(first)
            for row in rows:
                out.write_row(row)
    for table, ids in (
        ("papers_papermethod", changes.delete_methods),
        ("papers_paperdataset", changes.delete_datasets),
        ("papers_result", changes.delete_results),
        ("papers_repolink", changes.delete_links),
    ):
        if ids:
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [ids])
    for sql, rows in (
        (
            "UPDATE papers_papermethod SET proposed = %s, evidence = %s WHERE id = %s",
            changes.update_methods,
        ),
        (
            "UPDATE papers_paperdataset SET introduced = %s, evidence = %s WHERE id = %s",
            changes.update_datasets,
        ),
        ("UPDATE papers_result SET unit = %s, evidence = %s WHERE id = %s", changes.update_results),
        (
            "UPDATE papers_repolink SET host = %s, owner = %s, repo = %s, evidence = %s"
            " WHERE id = %s",
            changes.update_links,
        ),
    ):
        if rows:
            cursor.executemany(sql, [(*row[1:], row[0]) for row in rows])
