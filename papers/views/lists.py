"""Index pages: every method, dataset, benchmark and tag, with how many papers have it."""

from dataclasses import dataclass
from urllib.parse import quote

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from papers import caching
from papers.filters import clean_text
from papers.models import Benchmark, Dataset, Method, Tag
from papers.views.catalogue import Pager

PER_PAGE = 100

# Each row: id, slug, label, full name, count, and (benchmarks) dataset label and slug. Counts
# read the join tables through their (entity, paper) indexes; rejected links do not count.
_INDEX_SQL = {
    "method": """
        SELECT e.id, e.slug, coalesce(nullif(e.acronym, ''), e.name), e.name,
               count(l.id) FILTER (WHERE l.status <> 'rejected'), '', ''
        FROM papers_method e LEFT JOIN papers_papermethod l ON l.method_id = e.id
        GROUP BY e.id ORDER BY 5 DESC, lower(e.name)
    """,
    "dataset": """
        SELECT e.id, e.slug, coalesce(nullif(e.acronym, ''), e.name), e.name,
               count(l.id) FILTER (WHERE l.status <> 'rejected'), '', ''
        FROM papers_dataset e LEFT JOIN papers_paperdataset l ON l.dataset_id = e.id
        GROUP BY e.id ORDER BY 5 DESC, lower(e.name)
    """,
    "benchmark": """
        SELECT b.id, b.metric_key, b.metric, b.metric,
               count(r.id) FILTER (WHERE r.status <> 'rejected'),
               coalesce(nullif(d.acronym, ''), d.name, ''), coalesce(d.slug, 'any')
        FROM papers_benchmark b LEFT JOIN papers_dataset d ON d.id = b.dataset_id
        LEFT JOIN papers_result r ON r.benchmark_id = b.id
        GROUP BY b.id, d.id ORDER BY 5 DESC, lower(b.metric)
    """,
    "tag": """
        SELECT t.id, t.slug, t.name, t.description, count(pt.id), t.colour, ''
        FROM papers_tag t LEFT JOIN papers_papertag pt ON pt.tag_id = t.id
        GROUP BY t.id ORDER BY 5 DESC, lower(t.name)
    """,
}
_TITLES = {"method": "Methods", "dataset": "Datasets", "benchmark": "Benchmarks", "tag": "Tags"}


@dataclass(frozen=True)
class Row:
    kind: str
    pk: int
    slug: str
    label: str
    name: str
    count: int
    extra: str
    extra_slug: str

    @property
    def url(self) -> str:
        # Unsaved instances carry just what get_absolute_url() reads.
        if self.kind == "method":
            return Method(slug=self.slug).get_absolute_url()
        if self.kind == "dataset":
            return Dataset(slug=self.slug).get_absolute_url()
        if self.kind == "tag":
            return Tag(slug=self.slug).get_absolute_url()
        dataset = Dataset(slug=self.extra_slug) if self.extra_slug != "any" else None
        return Benchmark(metric_key=self.slug, dataset=dataset).get_absolute_url()

    def matches(self, needle: str) -> bool:
        return (
            needle in self.label.lower()
            or needle in self.name.lower()
            or (needle in self.extra.lower())
        )


def _rows(kind: str) -> list[Row]:
    def compute() -> list[Row]:
        with connection.cursor() as cursor:
            cursor.execute(_INDEX_SQL[kind])
            return [Row(kind, *row) for row in cursor.fetchall()]

    return caching.versioned("index", kind, compute)


def paginate(request: HttpRequest, items: list, per_page: int) -> tuple[list, Pager]:
    raw = request.GET.get("page", "1")
    if not raw.isdecimal() or len(raw) > 6 or int(raw) < 1:
        raise Http404("No such page.")
    number = int(raw)
    num_pages = max(1, -(-len(items) // per_page))
    if number > num_pages:
        raise Http404("No such page.")
    start = (number - 1) * per_page
    return items[start : start + per_page], Pager(number, num_pages, number < num_pages)


def _index(request: HttpRequest, kind: str) -> HttpResponse:
    rows = _rows(kind)
    search = clean_text(request.GET.get("q", ""), 100)
    if search:
        rows = [r for r in rows if r.matches(search.lower())]
    page, pager = paginate(request, rows, PER_PAGE)
    ctx = {
        "kind": kind,
        "title": _TITLES[kind],
        "rows": page,
        "count": len(rows),
        "search": search,
        "pager": pager,
        "page_path": request.path,
        "query": QueryDict(f"q={quote(search)}" if search else ""),
        "first_index": (pager.number - 1) * PER_PAGE + 1,
    }
    return render(request, "papers/index.html", ctx)


def methods(request: HttpRequest) -> HttpResponse:
    return _index(request, "method")


def datasets(request: HttpRequest) -> HttpResponse:
    return _index(request, "dataset")


def benchmarks(request: HttpRequest) -> HttpResponse:
    return _index(request, "benchmark")


def tags(request: HttpRequest) -> HttpResponse:
    return _index(request, "tag")
