"""Facet counts for the catalogue: computed in Postgres, one statement per view, cached.

Counting. Every panel counts the papers that match every active filter except its own (so
picking a second method shows how many papers either method would give). The hit sets are CTEs
over the narrow denormalised columns: one for "all filters" that every facet without an active
value shares, plus one per facet that has values. Postgres scans each hit set once and each
panel aggregates that in-memory set, which measured about five times cheaper than one full
query per panel. Hit sets are capped at CAP rows: above that the total reads "10,000+" and the
counts come from the first CAP matches (the unfiltered catalogue is always exact).

Budget. The statement runs with its own `statement_timeout`; when it runs out, the page falls
back to a capped count without panels and says so, instead of failing.

Caching. A computed block (total and panel values, with their names) is cached under the
canonical selection and the catalogue version (papers.caching), so a warm catalogue page
reads nothing but that version.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from papers.caching import versioned
from papers.filters import Chosen, Selection, entity_rows
from papers.querysets import run_bounded

CAP = 10_000
PANEL_SIZE = 8
MORE_SIZE = 200
# Server time a facet statement may take before the page degrades (milliseconds).
BUDGET_MS = 2_000
UNFILTERED_BUDGET_MS = 20_000
COUNT_BUDGET_MS = 1_000
DEGRADED_SECONDS = 60
_NARROW = (
    "method_ids",
    "dataset_ids",
    "benchmark_ids",
    "tag_ids",
    "year",
    "has_code",
    "organisation",
    "categories",
    "source_files",
)


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    column: str
    array: bool
    sql_type: str
    # Years read best in order; everything else by how many papers it has.
    by_value: bool = False
    searchable: bool = True

    def parse(self, text: str):
        if self.sql_type in ("bigint", "int"):
            return int(text)
        if self.sql_type == "boolean":
            return text == "true"
        return text


FACETS = (
    Facet("method", "Method", "method_ids", True, "bigint"),
    Facet("dataset", "Dataset", "dataset_ids", True, "bigint"),
    Facet("benchmark", "Benchmark", "benchmark_ids", True, "bigint"),
    Facet("tag", "Tag", "tag_ids", True, "bigint"),
    Facet("year", "Year", "year", False, "int", by_value=True, searchable=False),
    Facet("has_code", "Code", "has_code", False, "boolean", searchable=False),
    Facet("org", "Organisation", "organisation", False, "text"),
    Facet("category", "arXiv category", "categories", True, "text"),
    Facet("source", "Source file", "source_files", True, "text"),
)
FACETS_BY_KEY = {f.key: f for f in FACETS}
ENTITY_KEYS = ("method", "dataset", "benchmark", "tag")


@dataclass
class Block:
    """What the catalogue's facets and total need, as plain data that pickles small."""

    total: int | None
    capped: bool = False
    degraded: bool = False
    # key -> [(value, count)], best first; key -> number of distinct values in the hit set.
    counts: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    distinct: dict[str, int] = field(default_factory=dict)
    # key -> value -> Chosen (slug, label) for the entity values shown.
    names: dict[str, dict[object, Chosen]] = field(default_factory=dict)


# --- SQL --------------------------------------------------------------------------------------


def _hits_sql(queryset, cap: int | None) -> tuple[str, list]:
    qs = queryset.order_by().values(*_NARROW)
    if cap:
        qs = qs[: cap + 1]
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _branch(facet: Facet, source: str, limit: int, chosen: list, name_filter: str | None):
    """SQL and params for one panel's top values (plus its chosen ones) over a hit set."""
    col = f"{source}.{facet.column}"
    if facet.array:
        rows = f"FROM {source}, unnest({col}) AS v"
        value, where = "v", []
    else:
        rows = f"FROM {source}"
        value, where = col, [f"{col} IS NOT NULL"]
        if facet.sql_type == "text":
            where.append(f"{col} <> ''")
    params: list = []
    if name_filter:
        where.append(name_filter.replace("{v}", value))
    order = f"{value} DESC" if facet.by_value else f"count(*) DESC, {value}"
    sql = (
        f"SELECT %s AS facet, s.v::text AS value, s.n, s.distinct_values FROM ("
        f" SELECT {value} AS v, count(*) AS n, count(*) OVER () AS distinct_values,"
        f" row_number() OVER (ORDER BY {order}) AS rn {rows}"
        f"{' WHERE ' + ' AND '.join(where) if where else ''} GROUP BY {value}"
        f") s WHERE s.rn <= %s OR s.v = ANY(%s::{facet.sql_type}[])"
    )
    return sql, [facet.key, *params, limit, chosen]


def _statement(filterset, facets: list[Facet], *, cap: int | None, limit: int, name_filters=None):
    """One statement: the hit-set CTEs, their sizes, and every requested panel."""
    selection = filterset.selection
    ctes, params = [], []
    sql, p = _hits_sql(filterset.qs, cap)
    ctes.append(f"hits AS ({sql})")
    params += p
    branches, branch_params = (
        ["(SELECT 'total:hits', NULL::text, count(*), NULL::bigint FROM hits)"],
        [],
    )
    for facet in facets:
        source = "hits"
        if selection.values(facet.key):
            source = f"hits_{facet.key}"
            sql, p = _hits_sql(filterset.queryset_without(facet.key), cap)
            ctes.append(f"{source} AS ({sql})")
            params += p
            branches.append(
                f"(SELECT 'total:{facet.key}', NULL::text, count(*), NULL::bigint FROM {source})"
            )
        name_filter, name_params = (name_filters or {}).get(facet.key, (None, []))
        sql, p = _branch(facet, source, limit, selection.values(facet.key), name_filter)
        branches.append(f"({sql})")
        # The name filter's own parameters sit between the facet key and the limit.
        branch_params += [p[0], *name_params, *p[1:]]
    statement = f"WITH {', '.join(ctes)} {' UNION ALL '.join(branches)}"
    return statement, params + branch_params


def entity_names(ids: dict[str, list[int]]) -> dict[str, dict[int, Chosen]]:
    """Slug, label and URL of the given method/dataset/benchmark/tag ids, in one query."""
    return entity_rows("id", ids)


def _block_from_rows(rows, cap: int | None) -> Block:
    counts: dict[str, list] = {}
    distinct: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for key, value, n, distinct_values in rows:
        if key.startswith("total:"):
            sizes[key[6:]] = n
            continue
        facet = FACETS_BY_KEY[key]
        counts.setdefault(key, []).append((facet.parse(value), n))
        distinct[key] = distinct_values
    for key, values in counts.items():
        if FACETS_BY_KEY[key].by_value:
            values.sort(key=lambda item: item[0], reverse=True)
        else:
            values.sort(key=lambda item: (-item[1], str(item[0])))
    capped = bool(cap) and any(size > cap for size in sizes.values())
    total = min(sizes["hits"], cap) if cap else sizes["hits"]
    names = entity_names({k: [v for v, _ in counts.get(k, [])] for k in ENTITY_KEYS})
    return Block(total=total, capped=capped, counts=counts, distinct=distinct, names=names)


class DegradedBlock(Block):
    cache_seconds = DEGRADED_SECONDS


def _capped_count(filterset) -> int | None:
    sql, params = filterset.qs.order_by().values("pk")[: CAP + 1].query.sql_with_params()
    rows = run_bounded(
        f"SELECT count(*) FROM ({sql}) s",
        list(params),
        COUNT_BUDGET_MS,
        index_scans=bool(filterset.selection.q),
    )
    return rows[0][0] if rows else None


def compute_block(filterset) -> Block:
    selection: Selection = filterset.selection
    cap = CAP if selection.active else None
    budget = BUDGET_MS if selection.active else UNFILTERED_BUDGET_MS
    sql, params = _statement(filterset, list(FACETS), cap=cap, limit=PANEL_SIZE)
    rows = run_bounded(sql, params, budget, index_scans=bool(selection.q))
    if rows is not None:
        return _block_from_rows(rows, cap)
    total = _capped_count(filterset)
    return DegradedBlock(
        total=min(total, CAP) if total is not None else None,
        capped=total is not None and total > CAP,
        degraded=True,
    )


def facet_block(filterset, *, version: int | None = None) -> Block:
    selection = filterset.selection
    return versioned(
        "facets", selection.cache_key(), lambda: compute_block(filterset), version=version
    )


# --- one facet's full list (the "more" page) --------------------------------------------------

_NAME_MATCH = {
    "method": "{v} IN (SELECT id FROM papers_method WHERE name ILIKE %s OR acronym ILIKE %s)",
    "dataset": "{v} IN (SELECT id FROM papers_dataset WHERE name ILIKE %s OR acronym ILIKE %s)",
    "benchmark": "{v} IN (SELECT b.id FROM papers_benchmark b LEFT JOIN papers_dataset d"
    " ON d.id = b.dataset_id WHERE b.metric ILIKE %s OR d.name ILIKE %s)",
    "tag": "{v} IN (SELECT id FROM papers_tag WHERE name ILIKE %s OR %s = '')",
    "org": "{v} ILIKE %s",
    "category": "{v} ILIKE %s",
    "source": "{v} ILIKE %s",
}


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def facet_values(filterset, facet: Facet, search: str = "") -> Block:
    """Up to MORE_SIZE values of one facet, optionally only those whose name contains `search`."""
    name_filters = {}
    if search and facet.key in _NAME_MATCH:
        template = _NAME_MATCH[facet.key]
        pattern = like_pattern(search)
        name_filters[facet.key] = (template, [pattern] * template.count("%s"))
    sql, params = _statement(
        filterset,
        [facet],
        cap=CAP if filterset.selection.active else None,
        limit=MORE_SIZE,
        name_filters=name_filters,
    )
    rows = run_bounded(sql, params, BUDGET_MS, index_scans=bool(filterset.selection.q))
    if rows is None:
        return DegradedBlock(total=None, degraded=True)
    return _block_from_rows(rows, CAP if filterset.selection.active else None)


# --- panels for templates ---------------------------------------------------------------------


@dataclass
class Option:
    param: str
    label: str
    count: int | None
    selected: bool
    url: str
    title: str = ""


@dataclass
class Panel:
    key: str
    label: str
    options: list[Option]
    more_url: str | None
    searchable: bool


def catalogue_url(qd: QueryDict) -> str:
    query = qd.urlencode()
    return reverse("papers:catalogue") + (f"?{query}" if query else "")


def catalogue_url_for(key: str, param: str) -> str:
    """The catalogue narrowed to one facet value, e.g. every paper using a method."""
    qd = QueryDict(mutable=True)
    qd[key] = param
    return catalogue_url(qd)


def toggle_url(selection: Selection, key: str, param: str, base: str | None = None) -> str:
    """The catalogue with one facet value added or removed, every other parameter kept."""
    query = selection.toggled(key, param)
    return (base or reverse("papers:catalogue")) + (f"?{query}" if query else "")


def _label(facet: Facet, value, names: dict) -> Chosen | None:
    if facet.key in ENTITY_KEYS:
        return names.get(facet.key, {}).get(value)
    if facet.key == "has_code":
        return Chosen("1" if value else "0", value, "With code" if value else "Without code")
    return Chosen(str(value), value, str(value))


def panel(facet: Facet, block: Block, selection: Selection, size: int) -> Panel:
    base = reverse("papers:catalogue")
    chosen = {c.param: c for c in selection.chosen.get(facet.key, [])}
    options, seen = [], set()
    for value, count in block.counts.get(facet.key, []):
        label = _label(facet, value, block.names)
        if label is None:
            continue
        selected = label.param in chosen
        if not selected and len(options) >= size:
            continue
        seen.add(label.param)
        url = toggle_url(selection, facet.key, label.param, base)
        options.append(Option(label.param, label.label, count, selected, url, label.title))
    # A chosen value with no matching papers under the other filters still shows, at 0.
    for param, c in chosen.items():
        if param not in seen:
            count = None if block.degraded else 0
            url = toggle_url(selection, facet.key, param, base)
            options.append(Option(param, c.label, count, True, url, c.title))
    more = None
    if block.distinct.get(facet.key, 0) > size and facet.searchable:
        query = urlencode(selection.pairs())
        more = reverse("papers:facet", args=[facet.key]) + (f"?{query}" if query else "")
    return Panel(facet.key, facet.label, options, more, facet.searchable)


def panels(block: Block, selection: Selection) -> list[Panel]:
    return [panel(f, block, selection, PANEL_SIZE) for f in FACETS]
