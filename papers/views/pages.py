"""Pages for one thing: a paper, a method or dataset, a benchmark's leaderboard, a tag."""

from django.db import connection
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string

from papers import caching, facets
from papers.models import (
    Benchmark,
    Dataset,
    LinkStatus,
    Method,
    Note,
    Paper,
    PaperDataset,
    PaperMethod,
    RepoLink,
    Result,
    Tag,
)

LIST_SIZE = 20
LEADERBOARD_SIZE = 100
CO_OCCURRING = 10
# A method proposed by more papers than this lists its newest proposers only.
OWN_LIMIT = 100
NEWEST = (F("published").desc(nulls_last=True), F("id").desc())
BRIEF = ("id", "title", "title_derived", "published", "organisation", "has_code")


def _live(queryset):
    """Links a curator has not rejected."""
    return queryset.exclude(status=LinkStatus.REJECTED)


def _public_notes():
    return Note.objects.filter(visibility=Note.Visibility.PUBLIC).order_by("-created_at")


def _related(paper: Paper, version: int) -> dict:
    common = caching.versioned("lexemes", "", Paper.objects.common_lexemes, version=version)
    return {
        "by_entities": [_brief(p) for p in Paper.objects.related_by_entities(paper)],
        "by_text": [_brief(p) for p in Paper.objects.related_by_text(paper, common)],
    }


def _brief(paper: Paper) -> dict:
    return {
        "url": paper.get_absolute_url(),
        "title": str(paper),
        "title_derived": paper.title_derived,
        "published": paper.published,
    }


def cached_page(request: HttpRequest, key: str, build) -> HttpResponse:
    """A page rendered once per catalogue version and shared by every worker.

    `build(version)` returns (template, context) or raises Http404 (never cached). These pages
    read only the catalogue, so the same URL renders the same HTML for everyone until the
    catalogue changes, and a repeat visit costs one query instead of ten.
    """
    version = caching.catalogue_version()

    def compute() -> str:
        template, ctx = build(version)
        return render_to_string(template, ctx, request=request)

    return HttpResponse(caching.versioned("page", key, compute, version=version))


def _paper_queryset():
    return Paper.objects.defer("search_vector", "entity_text").prefetch_related(
        Prefetch(
            "method_links",
            queryset=_live(PaperMethod.objects.select_related("method")).order_by(
                "-proposed", "method__name"
            ),
        ),
        Prefetch(
            "dataset_links",
            queryset=_live(PaperDataset.objects.select_related("dataset")).order_by(
                "-introduced", "dataset__name"
            ),
        ),
        Prefetch(
            "results",
            queryset=_live(Result.objects.select_related("benchmark__dataset")).order_by(
                "benchmark__metric", "kind", "-value"
            ),
        ),
        Prefetch("repo_links", queryset=_live(RepoLink.objects.all())),
        Prefetch("notes", queryset=_public_notes(), to_attr="public_notes"),
        "tags",
        "sources",
    )


def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    def build(version: int):
        paper = get_object_or_404(_paper_queryset(), pk=pk)
        return "papers/paper_detail.html", {"paper": paper, "related": _related(paper, version)}

    return cached_page(request, f"paper:{pk}", build)


def _entity_stats(entity, column: str) -> dict:
    """How many papers link `entity`, and the methods and datasets most often linked with it.

    Both read every linking paper (thousands for a popular method); the page is cached.
    """
    sql = f"""
        WITH hits AS (SELECT method_ids, dataset_ids FROM papers_paper
                      WHERE {column} && ARRAY[%s]::bigint[])
        (SELECT 'method', v, count(*) FROM hits, unnest(method_ids) v
         GROUP BY v ORDER BY 3 DESC, 2 LIMIT %s)
        UNION ALL
        (SELECT 'dataset', v, count(*) FROM hits, unnest(dataset_ids) v
         GROUP BY v ORDER BY 3 DESC, 2 LIMIT %s)
        UNION ALL
        (SELECT 'linking', NULL, count(*) FROM hits)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [entity.pk, CO_OCCURRING + 1, CO_OCCURRING + 1])
        rows = cursor.fetchall()
    linking = next(n for kind, _, n in rows if kind == "linking")
    # The entity itself is in every one of its papers' arrays.
    rows = [r for r in rows if r[0] != "linking" and (f"{r[0]}_ids", r[1]) != (column, entity.pk)]
    names = facets.entity_names(
        {kind: [pk for k, pk, _ in rows if k == kind] for kind in ("method", "dataset")}
    )
    out: dict = {"method": [], "dataset": [], "linking": linking}
    for kind, pk, n in rows:
        chosen = names.get(kind, {}).get(pk)
        if chosen and len(out[kind]) < CO_OCCURRING:
            out[kind].append(
                {"label": chosen.label, "title": chosen.title, "n": n, "url": chosen.url}
            )
    return out


def _entity_context(entity, kind: str) -> dict:
    column = f"{kind}_ids"
    flag = "proposed" if kind == "method" else "introduced"
    own_ids = list(
        _live(entity.paper_links.filter(**{flag: True}))
        .order_by("-paper_id")
        .values_list("paper_id", flat=True)[:OWN_LIMIT]
    )
    linking = Paper.objects.filter(**{f"{column}__overlap": [entity.pk]})
    stats = _entity_stats(entity, column)
    return {
        "entity": entity,
        "kind": kind,
        "aliases": list(entity.aliases.all()),
        "notes": list(_public_notes().filter(**{kind: entity})),
        "own": list(Paper.objects.filter(pk__in=own_ids).only(*BRIEF).order_by(*NEWEST)),
        "own_capped": len(own_ids) == OWN_LIMIT,
        "users": list(linking.exclude(pk__in=own_ids).only(*BRIEF).order_by(*NEWEST)[:LIST_SIZE]),
        "linking_count": stats["linking"],
        # Its own papers always link it too.
        "users_count": max(stats["linking"] - len(own_ids), 0),
        "co": stats,
        "benchmarks": _dataset_benchmarks(entity) if kind == "dataset" else [],
        "catalogue_url": facets.catalogue_url_for(kind, entity.slug),
    }


def _dataset_benchmarks(dataset: Dataset) -> list[Benchmark]:
    results = Count("results", filter=~Q(results__status=LinkStatus.REJECTED))
    return list(dataset.benchmarks.annotate(n=results).order_by("-n", "metric")[:20])


def method_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build(version: int):
        method = get_object_or_404(Method, slug=slug)
        return "papers/entity_detail.html", _entity_context(method, "method")

    return cached_page(request, f"method:{slug}", build)


def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build(version: int):
        dataset = get_object_or_404(Dataset, slug=slug)
        return "papers/entity_detail.html", _entity_context(dataset, "dataset")

    return cached_page(request, f"dataset:{slug}", build)


def _leaderboard(benchmark: Benchmark) -> dict:
    results = _live(benchmark.results.select_related("paper")).defer(
        "paper__abstract", "paper__search_vector", "paper__entity_text", "paper__authors"
    )
    best = "value" if benchmark.lower_is_better else "-value"
    scores = results.filter(kind=Result.Kind.ABSOLUTE).order_by(best, "paper__published")
    gains = results.filter(kind=Result.Kind.GAIN).order_by("-value", "paper__published")
    return {
        "benchmark": benchmark,
        "scores": list(scores[:LEADERBOARD_SIZE]),
        "gains": list(gains[:LEADERBOARD_SIZE]),
        "catalogue_url": facets.catalogue_url_for("benchmark", benchmark.slug),
        "leaderboard_size": LEADERBOARD_SIZE,
    }


def benchmark_detail(request: HttpRequest, dataset: str, metric: str) -> HttpResponse:
    def build(version: int):
        # Benchmark.get_absolute_url() writes "any" for results reported without a dataset.
        lookup = {"dataset__isnull": True} if dataset == "any" else {"dataset__slug": dataset}
        found = Benchmark.objects.select_related("dataset").filter(metric_key=metric, **lookup)
        benchmark = found.first()
        if benchmark is None:
            raise Http404("No such benchmark.")
        return "papers/benchmark_detail.html", _leaderboard(benchmark)

    return cached_page(request, f"benchmark:{dataset}:{metric}", build)


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build(version: int):
        tag = get_object_or_404(Tag, slug=slug)
        tagged = Paper.objects.filter(tag_ids__overlap=[tag.pk])
        ctx = {
            "tag": tag,
            "papers": list(tagged.only(*BRIEF).order_by(*NEWEST)[:LIST_SIZE]),
            "count": tagged.count(),
            "catalogue_url": facets.catalogue_url_for("tag", tag.slug),
        }
        return "papers/tag_detail.html", ctx

    return cached_page(request, f"tag:{slug}", build)
