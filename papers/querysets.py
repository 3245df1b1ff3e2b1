"""Reads and bulk maintenance of papers live here, on the Paper manager."""

from collections.abc import Iterable, Mapping, Sequence

import psycopg.errors
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import OperationalError, connection, models, transaction
from django.db.models import Case, F, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower, Substr

from papers.rendering import HIGHLIGHT_START, HIGHLIGHT_STOP

# Server time the hit-collecting page query may take before it falls back to the plain one.
PAGE_BUDGET_MS = 2_000
# A paper with many entities is related through its first ones (proposed methods come first).
_MAX_RELATED_ENTITIES = 8
# Related papers are picked from at most this many candidates (each one is read and scored).
RELATED_CANDIDATES = 80
# A title word in more than this share of papers says little about what a paper is like.
COMMON_SHARE = 0.01

# Rebuilds the denormalised columns of the given papers from the join tables. Rows whose values
# are already right are not written: rewriting a row recomputes its stored tsvector, the most
# expensive part of a paper's row.
_REFRESH_SQL = """
WITH fresh AS (
    SELECT p.id,
        COALESCE((SELECT array_agg(pm.method_id ORDER BY pm.method_id)
                  FROM papers_papermethod pm
                  WHERE pm.paper_id = p.id AND pm.status <> 'rejected'), '{}') AS method_ids,
        COALESCE((SELECT array_agg(pd.dataset_id ORDER BY pd.dataset_id)
                  FROM papers_paperdataset pd
                  WHERE pd.paper_id = p.id AND pd.status <> 'rejected'), '{}') AS dataset_ids,
        COALESCE((SELECT array_agg(DISTINCT r.benchmark_id ORDER BY r.benchmark_id)
                  FROM papers_result r
                  WHERE r.paper_id = p.id AND r.status <> 'rejected'), '{}') AS benchmark_ids,
        COALESCE((SELECT array_agg(pt.tag_id ORDER BY pt.tag_id)
                  FROM papers_papertag pt WHERE pt.paper_id = p.id), '{}') AS tag_ids,
        COALESCE((SELECT array_agg(DISTINCT s.file ORDER BY s.file)
                  FROM papers_papersource s WHERE s.paper_id = p.id), '{}') AS source_files,
        EXISTS (SELECT 1 FROM papers_repolink l
                WHERE l.paper_id = p.id AND l.status <> 'rejected') AS has_code,
        COALESCE((SELECT string_agg(concat_ws(' ', e.name, e.acronym), ' ' ORDER BY e.name)
                  FROM (SELECT m.name, m.acronym FROM papers_papermethod pm
                        JOIN papers_method m ON m.id = pm.method_id
                        WHERE pm.paper_id = p.id AND pm.status <> 'rejected'
                        UNION ALL
                        SELECT d.name, d.acronym FROM papers_paperdataset pd
                        JOIN papers_dataset d ON d.id = pd.dataset_id
                        WHERE pd.paper_id = p.id AND pd.status <> 'rejected') e), '') AS entity_text
    FROM papers_paper p
    WHERE p.id = ANY(%(ids)s::bigint[])
)
UPDATE papers_paper p
SET method_ids = f.method_ids, dataset_ids = f.dataset_ids, benchmark_ids = f.benchmark_ids,
    tag_ids = f.tag_ids, source_files = f.source_files, has_code = f.has_code,
    entity_text = f.entity_text
FROM fresh f
-- Repeating the id filter lets the planner reach the updated rows through the primary key
-- instead of hashing the whole table.
WHERE p.id = ANY(%(ids)s::bigint[]) AND p.id = f.id
  AND (p.method_ids, p.dataset_ids, p.benchmark_ids, p.tag_ids, p.source_files, p.has_code,
       p.entity_text)
      IS DISTINCT FROM
      (f.method_ids, f.dataset_ids, f.benchmark_ids, f.tag_ids, f.source_files, f.has_code,
       f.entity_text)
"""


class PaperMaintenanceQuerySet(models.QuerySet):
    def refresh_facets(self, paper_ids: Iterable[int] | None = None) -> int:
        """Rebuild the denormalised facet columns; returns how many papers changed."""
        ids = list(paper_ids) if paper_ids is not None else list(self.values_list("pk", flat=True))
        if not ids:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(_REFRESH_SQL, {"ids": ids})
            return cursor.rowcount


# URL parameter -> lookup on the denormalised columns. Array overlap (`&&`) ORs the values of one
# facet and is served by the columns' GIN indexes; facets AND together by chaining filters.
FACET_LOOKUPS = {
    "method": "method_ids__overlap",
    "dataset": "dataset_ids__overlap",
    "benchmark": "benchmark_ids__overlap",
    "tag": "tag_ids__overlap",
    "year": "year__in",
    "has_code": "has_code__in",
    "org": "organisation__in",
    "category": "categories__overlap",
    "source": "source_files__overlap",
}

# Orderings for the catalogue's `sort` parameter. Each ends in a unique key so pages never
# overlap; "newest" and "oldest" follow the `paper_newest` index forwards and backwards.
SORTS = {
    "newest": (F("published").desc(nulls_last=True), F("id").desc()),
    "oldest": (F("published").asc(nulls_first=True), F("id").asc()),
    "upvotes": (F("upvotes").desc(nulls_last=True), F("published").desc(nulls_last=True), "-id"),
    "title": (Lower("title"), "id"),
}

# What a result card shows; the abstract is only read through the snippet annotation.
CARD_FIELDS = (
    "id",
    "title",
    "title_derived",
    "published",
    "authors_count",
    "organisation",
    "upvotes",
    "arxiv_id",
    "has_code",
    "method_ids",
    "dataset_ids",
    "tag_ids",
    "categories",
)


def search_query(q: str) -> SearchQuery:
    """Web-search syntax ("quoted phrases", or, -exclusions) that never raises on bad input."""
    return SearchQuery(q, search_type="websearch", config="english")


def _headline(field: str, query: SearchQuery, **options) -> SearchHeadline:
    return SearchHeadline(
        field,
        query,
        config="english",
        start_sel=HIGHLIGHT_START,
        stop_sel=HIGHLIGHT_STOP,
        **options,
    )


def run_bounded(sql: str, params, budget_ms: int, *, index_scans: bool = False) -> list | None:
    """Rows of `sql`, or None when it outruns `budget_ms` of server time.

    Runs in its own transaction (a savepoint inside an outer one) so its settings stay local:
    JIT compiling costs these statements more than it saves them, and with `index_scans` the
    planner may not read the table sequentially. That is for hit sets of a search: when a word
    is in most papers Postgres expects a sequential scan to fill a capped hit set soonest, but
    testing each row there reads its whole tsvector, several times slower than collecting the
    rows through the GIN index.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true), set_config('jit', 'off', true),"
                " set_config('enable_seqscan', %s, true)",
                [str(budget_ms), "off" if index_scans else "on"],
            )
            cursor.execute(sql, params)
            return cursor.fetchall()
    except OperationalError as exc:
        if isinstance(exc.__cause__, psycopg.errors.QueryCanceled):
            return None
        raise


class CatalogueQuerySetMixin:
    def search(self, q: str):
        if not q:
            return self
        return self.filter(search_vector=search_query(q))

    def filter_facets(self, selection: Mapping[str, Sequence]):
        """AND of every facet in `selection` ({facet key: database values}), OR within one."""
        qs = self
        for key, values in selection.items():
            if values:
                qs = qs.filter(**{FACET_LOOKUPS[key]: list(values)})
        return qs

    def sorted_by(self, sort: str, q: str = ""):
        if sort == "relevance" and q:
            rank = SearchRank(F("search_vector"), search_query(q))
            return self.annotate(rank=rank).order_by(
                F("rank").desc(), F("published").desc(nulls_last=True), F("id").desc()
            )
        return self.order_by(*SORTS.get(sort, SORTS["newest"]))

    def page_ids(self, sort: str, q: str, start: int, size: int, *, few_hits: bool) -> list[int]:
        """Ids of one page of results, in order.

        With date order Postgres likes to walk the `paper_newest` index and test each row
        against the filters, which is fast when most rows match and slow when few do (each test
        of a search reads that row's tsvector). `few_hits` (the caller knows the hit count) makes
        it collect the hits through the GIN indexes first and sort only those.
        """
        if few_hits and sort in ("newest", "oldest"):
            sql, params = self.order_by().values("id", "published").query.sql_with_params()
            order = (
                "published DESC NULLS LAST, id DESC"
                if sort == "newest"
                else "published ASC NULLS FIRST, id ASC"
            )
            rows = run_bounded(
                f"WITH hits AS MATERIALIZED ({sql}) SELECT id FROM hits ORDER BY {order}"
                " LIMIT %s OFFSET %s",
                [*params, size, start],
                PAGE_BUDGET_MS,
                index_scans=bool(q),
            )
            if rows is not None:
                return [row[0] for row in rows]
        ordered = self.sorted_by(sort, q).values_list("id", flat=True)
        return list(ordered[start : start + size])

    def cards(self, ids: list[int], q: str = "") -> list:
        """The papers with these ids, in this order, with what a result card shows."""
        by_id = {p.pk: p for p in self.filter(pk__in=ids).order_by().with_cards(q)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def with_cards(self, q: str = ""):
        """Only what a result card shows, with a highlighted snippet when there is a query.

        ts_headline re-parses the whole abstract, so it is an annotation on the (already sorted
        and sliced) page: Postgres evaluates costly output columns above the LIMIT.
        """
        qs = self.only(*CARD_FIELDS)
        if not q:
            return qs.annotate(snippet=Substr("abstract", 1, 400))
        query = search_query(q)
        return qs.annotate(
            snippet=_headline(
                "abstract",
                query,
                max_words=28,
                min_words=14,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
            # ts_headline drops anything that looks like an HTML tag; a title with "<" in it
            # is shown as it is, unhighlighted, rather than changed.
            title_marked=Case(
                When(title__contains="<", then=Value(None)),
                default=_headline("title", query, highlight_all=True),
            ),
        )

    def with_export_names(self):
        """Rows for a download: names of linked entities as arrays, from the same query."""
        names = {
            "method_names": "SELECT coalesce(nullif(e.acronym, ''), e.name) FROM papers_method e"
            " WHERE e.id = ANY(papers_paper.method_ids) ORDER BY e.name",
            "dataset_names": "SELECT coalesce(nullif(e.acronym, ''), e.name) FROM papers_dataset e"
            " WHERE e.id = ANY(papers_paper.dataset_ids) ORDER BY e.name",
            "tag_names": "SELECT e.name FROM papers_tag e"
            " WHERE e.id = ANY(papers_paper.tag_ids) ORDER BY e.name",
        }
        annotations = {
            # Fixed SQL from the dict above; nothing from the request reaches it.
            key: RawSQL(f"ARRAY({sql})", (), output_field=ArrayField(models.TextField()))  # noqa: S611
            for key, sql in names.items()
        }
        return self.only(*CARD_FIELDS, "authors_count").annotate(**annotations)

    def related_by_entities(self, paper, limit: int = 6):
        """Papers sharing the most methods and datasets with `paper`, newest first on ties.

        Candidates must share two of its entities (each pair is a GIN lookup, so the set stays
        small even when one entity is in thousands of papers) and only the newest
        RELATED_CANDIDATES are scored. A paper with a single entity gets the newest papers that
        share it, which Postgres reads straight off the date index.
        """
        methods = list(paper.method_ids)
        datasets = list(paper.dataset_ids)
        entities = [("method_ids", m) for m in methods] + [("dataset_ids", d) for d in datasets]
        entities = entities[:_MAX_RELATED_ENTITIES]
        brief = "p.id, p.title, p.title_derived, p.published"
        if not entities:
            return []
        if len(entities) == 1:
            column, value = entities[0]
            sql = f"""
                SELECT {brief}, 1 AS shared FROM papers_paper p
                WHERE p.{column} && ARRAY[%s]::bigint[] AND p.id <> %s
                ORDER BY p.published DESC NULLS LAST, p.id DESC LIMIT %s
            """
            return list(self.raw(sql, [value, paper.pk, limit]))
        tests, params = [], []
        for i, (col_a, a) in enumerate(entities):
            for col_b, b in entities[i + 1 :]:
                tests.append(
                    f"(p.{col_a} @> ARRAY[%s]::bigint[] AND p.{col_b} @> ARRAY[%s]::bigint[])"
                )
                params += [a, b]
        sql = f"""
            SELECT c.id, c.title, c.title_derived, c.published,
                (SELECT count(*) FROM unnest(c.method_ids) AS m WHERE m = ANY(%s))
                + (SELECT count(*) FROM unnest(c.dataset_ids) AS d WHERE d = ANY(%s)) AS shared
            FROM (
                SELECT {brief}, p.method_ids, p.dataset_ids FROM papers_paper p
                WHERE ({" OR ".join(tests)}) AND p.id <> %s
                ORDER BY p.published DESC NULLS LAST, p.id DESC LIMIT %s
            ) c
            ORDER BY shared DESC, c.published DESC NULLS LAST, c.id DESC
            LIMIT %s
        """
        args = [methods, datasets, *params, paper.pk, RELATED_CANDIDATES, limit]
        return list(self.raw(sql, args))

    def common_lexemes(self) -> tuple[list[str], list[float]]:
        """The search column's most common lexemes and the share of papers holding each,
        from the statistics ANALYZE keeps (no scan of the table)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(most_common_elems::text::text[], '{}'),"
                " coalesce(most_common_elem_freqs, '{}') FROM pg_stats"
                " WHERE schemaname = current_schema() AND tablename = 'papers_paper'"
                " AND attname = 'search_vector'"
            )
            row = cursor.fetchone()
        if row is None:
            return [], []
        lexemes, freqs = row
        return list(lexemes), [float(f) for f in freqs[: len(lexemes)]]

    def related_by_text(self, paper, common: tuple[list[str], list[float]], limit: int = 6):
        """Papers most like `paper` by text, in one bounded query.

        Words in more than COMMON_SHARE of papers are dropped from the paper's title (`common`,
        from common_lexemes(): reading their long index entries is what costs); candidates must
        contain two of the five rarest words left (one, if only one is left), and at most
        RELATED_CANDIDATES are ranked.
        """
        sql = """
            WITH terms AS (
                SELECT t.lexeme FROM unnest(to_tsvector('english', %s)) AS t
                LEFT JOIN unnest(%s::text[], %s::real[]) AS c(elem, freq) ON c.elem = t.lexeme
                WHERE coalesce(c.freq, 0) < %s
                ORDER BY coalesce(c.freq, 0), t.lexeme
                LIMIT 5
            ),
            queries AS (
                SELECT
                    coalesce(
                        (SELECT string_agg(
                                    quote_literal(a.lexeme) || ' & ' || quote_literal(b.lexeme),
                                    ' | ')
                         FROM terms a JOIN terms b ON a.lexeme < b.lexeme),
                        (SELECT quote_literal(lexeme) FROM terms)
                    )::tsquery AS pairs,
                    (SELECT string_agg(quote_literal(lexeme), ' | ') FROM terms)::tsquery AS anyq
            ),
            candidates AS (
                SELECT p.id, p.title, p.title_derived, p.published, p.search_vector
                FROM papers_paper p, queries q
                WHERE p.search_vector @@ q.pairs AND p.id <> %s
                LIMIT %s
            )
            SELECT c.id, c.title, c.title_derived, c.published,
                   ts_rank(c.search_vector, q.anyq) AS score
            FROM candidates c, queries q
            ORDER BY score DESC, c.id DESC
            LIMIT %s
        """
        lexemes, freqs = common
        args = [
            paper.title[:500],
            lexemes,
            freqs,
            COMMON_SHARE,
            paper.pk,
            RELATED_CANDIDATES,
            limit,
        ]
        return list(self.raw(sql, args))


class PaperQuerySet(CatalogueQuerySetMixin, PaperMaintenanceQuerySet):
    pass
