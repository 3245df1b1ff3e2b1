"""The catalogue: search, facets, sorting, pagination and downloads of the current view."""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from papers import caching, facets
from papers.filters import (
    SORT_CHOICES,
    CatalogueFilterSet,
    Selection,
    clean_text,
    default_sort,
)
from papers.models import Paper
from papers.rendering import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    csv_cell,
    plain_snippet,
    render_abstract,
    render_highlight,
)

PER_PAGE = 20
# Deep pages are an OFFSET scan; nobody reads past the 10,000th result of one view.
MAX_RESULTS = 10_000
# Ranking reads every hit's tsvector; above this many hits the page sorts by date instead.
RANK_LIMIT = 3_000
EXPORT_LIMIT = 10_000
CARD_ENTITIES = 4


@dataclass
class Card:
    paper: Paper
    title: SafeString
    snippet: SafeString
    methods: list
    datasets: list
    tags: list
    more_entities: int


@dataclass
class Pager:
    number: int
    num_pages: int | None
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def window(self) -> list[int | None]:
        """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 40."""
        last = self.num_pages or self.number + (1 if self.has_next else 0)
        shown = {1, last, *range(max(1, self.number - 2), min(last, self.number + 2) + 1)}
        out: list[int | None] = []
        for n in sorted(shown):
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def _filterset(request: HttpRequest, version: int | None = None) -> CatalogueFilterSet:
    return CatalogueFilterSet(request.GET, queryset=Paper.objects.all(), version=version)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdecimal() or len(raw) > 6 or int(raw) < 1:
        raise Http404("No such page.")
    return int(raw)


def _effective_sort(selection: Selection, block: facets.Block) -> tuple[str, bool]:
    """The sort to run, and whether relevance had to give way to date order."""
    if selection.sort != "relevance":
        return selection.sort, False
    if block.total is None or block.capped or block.total > RANK_LIMIT:
        return "newest", True
    return "relevance", False


def _few_hits(block: facets.Block, start: int, papers: int, searching: bool) -> bool:
    """Whether collecting every hit beats walking the date index until a page is full.

    Walking reads about (rows needed) x (papers / hits) rows, each tested against the filters;
    collecting reads each hit once. Testing a search against a row reads its tsvector, about
    five times the cost of the row itself.
    """
    if block.total is None or block.capped or not block.total:
        return False
    walked = (start + PER_PAGE + 1) * papers / block.total
    return walked * (5 if searching else 1) > block.total


def _with_ellipses(fragment: str) -> str:
    """Mark a ts_headline fragment that starts or stops mid-sentence."""
    text = fragment.strip()
    if not text:
        return text
    first = text.lstrip(HIGHLIGHT_START)[:1]
    if first and not (first.isupper() or first.isdigit()):
        text = "… " + text
    if text.rstrip(HIGHLIGHT_STOP)[-1:] not in (".", "!", "?"):
        text += " …"
    return text


def _cards(papers: list[Paper], q: str) -> list[Card]:
    wanted = {"method": [], "dataset": [], "tag": []}
    for paper in papers:
        wanted["method"] += paper.method_ids
        wanted["dataset"] += paper.dataset_ids
        wanted["tag"] += paper.tag_ids
    names = facets.entity_names(wanted)
    cards = []
    for paper in papers:
        methods = [names["method"][i] for i in paper.method_ids if i in names.get("method", {})]
        datasets = [names["dataset"][i] for i in paper.dataset_ids if i in names.get("dataset", {})]
        tags = [names["tag"][i] for i in paper.tag_ids if i in names.get("tag", {})]
        if q:
            title = render_highlight(paper.title_marked or str(paper))
            snippet = render_highlight(_with_ellipses(paper.snippet))
        else:
            title = render_abstract(str(paper), linkify=False)
            snippet = render_abstract(plain_snippet(paper.snippet), linkify=False)
        hidden = max(len(methods) - CARD_ENTITIES, 0) + max(len(datasets) - CARD_ENTITIES, 0)
        cards.append(
            Card(
                paper,
                title,
                snippet,
                methods[:CARD_ENTITIES],
                datasets[:CARD_ENTITIES],
                tags,
                hidden,
            )
        )
    return cards


def _chips(selection: Selection) -> list[dict]:
    chips = []
    labels = {f.key: f.label for f in facets.FACETS}
    for key in labels:
        for chosen in selection.chosen.get(key, []):
            chips.append(
                {
                    "facet": labels[key],
                    "label": chosen.label,
                    "url": facets.toggle_url(selection, key, chosen.param),
                }
            )
    return chips


def _sidebar(block: facets.Block, selection: Selection) -> str:
    """The filters column's HTML."""
    panels = [] if block.degraded else facets.panels(block, selection)
    ctx = {"panels": panels, "degraded": block.degraded, "canonical": selection.query_dict()}
    return render_to_string("papers/includes/facets.html", ctx)


def _num_pages(total: int | None, number: int) -> int | None:
    """How many pages the view has (None when unknown); a page past the end is a 404."""
    if total is None:
        if number > MAX_RESULTS // PER_PAGE:
            raise Http404("No such page.")
        return None
    num_pages = max(1, -(-min(total, MAX_RESULTS) // PER_PAGE))
    if number > num_pages:
        raise Http404("No such page.")
    return num_pages


def _results(filterset, block: facets.Block, number: int, state: caching.CatalogueState) -> str:
    """The results column's HTML: a page of cards with its count, sort and pager."""
    selection = filterset.selection
    num_pages = _num_pages(block.total, number)
    sort, rank_skipped = _effective_sort(selection, block)
    start = (number - 1) * PER_PAGE
    few_hits = _few_hits(block, start, state.papers, bool(selection.q))
    ids = filterset.qs.page_ids(sort, selection.q, start, PER_PAGE + 1, few_hits=few_hits)
    has_next = len(ids) > PER_PAGE and (num_pages is None or number < num_pages)
    papers = Paper.objects.cards(ids[:PER_PAGE], selection.q)
    ctx = {
        "page_path": reverse("papers:catalogue"),
        "selection": selection,
        "canonical": selection.query_dict(),
        "cards": _cards(papers, selection.q),
        "chips": _chips(selection),
        "clear_url": facets.catalogue_url(Selection(q=selection.q).query_dict()),
        "total": block.total,
        "capped": block.capped,
        "degraded": block.degraded,
        "sorts": [(k, v) for k, v in SORT_CHOICES.items() if k != "relevance" or selection.q],
        "sort": sort,
        "default_sort": default_sort(selection.q),
        "rank_skipped": rank_skipped,
        "rank_limit": RANK_LIMIT,
        "pager": Pager(number, num_pages, has_next),
        "first_index": start + 1,
    }
    return render_to_string("papers/includes/results.html", ctx)


def catalogue(request: HttpRequest) -> HttpResponse:
    number = _page_number(request)
    state = caching.catalogue_state()
    filterset = _filterset(request, state.version)
    selection = filterset.selection
    block = facets.facet_block(filterset, version=state.version)
    _num_pages(block.total, number)
    view = f"{state.version}:{block.degraded}:{urlencode(selection.pairs())}"
    seconds = caching.seconds_for(block)
    filters_only = selection.query_dict()
    for key in ("q", "sort"):
        filters_only.pop(key, None)
    ctx = {
        "selection": selection,
        "filters_only": filters_only,
        "default_sort": default_sort(selection.q),
        "chips": _chips(selection),
        "clear_url": facets.catalogue_url(Selection(q=selection.q).query_dict()),
        # Both columns are the same for everyone looking at the same view of the same catalogue
        # version: each worker renders them once and keeps them a short while.
        "sidebar": caching.local_memo(
            f"sidebar:{view}", lambda: _sidebar(block, selection), seconds
        ),
        "results": caching.local_memo(
            f"results:{number}:{view}",
            lambda: _results(filterset, block, number, state),
            seconds,
        ),
    }
    return render(request, "papers/catalogue.html", ctx)


def facet_page(request: HttpRequest, key: str) -> HttpResponse:
    """Every value of one facet under the current filters, searchable by name."""
    facet = facets.FACETS_BY_KEY.get(key)
    if facet is None:
        raise Http404("No such facet.")
    filterset = _filterset(request)
    selection = filterset.selection
    search = clean_text(request.GET.get("fq", ""), 100)
    block = facets.facet_values(filterset, facet, search)
    ctx = {
        "facet": facet,
        "selection": selection,
        "canonical": selection.query_dict(),
        "search": search,
        "panel": facets.panel(facet, block, selection, facets.MORE_SIZE),
        "degraded": block.degraded,
        "back_url": facets.catalogue_url(selection.query_dict()),
        "chips": _chips(selection),
    }
    return render(request, "papers/facet_values.html", ctx)


# --- downloads --------------------------------------------------------------------------------

_EXPORT_COLUMNS = (
    "id",
    "title",
    "published",
    "arxiv_id",
    "url",
    "organisation",
    "authors_count",
    "upvotes",
    "has_code",
    "methods",
    "datasets",
    "tags",
    "categories",
)


def _export_rows(request: HttpRequest) -> tuple[Selection, Iterator[dict]]:
    filterset = _filterset(request)
    selection = filterset.selection
    sort = selection.sort if selection.sort != "relevance" else "newest"
    if selection.sort == "relevance":
        block = facets.facet_block(filterset)
        sort, _ = _effective_sort(selection, block)
    queryset = filterset.qs.sorted_by(sort, selection.q).with_export_names()
    base = request.build_absolute_uri("/")[:-1]

    def rows() -> Iterator[dict]:
        for paper in queryset[:EXPORT_LIMIT].iterator(chunk_size=2000):
            yield {
                "id": paper.pk,
                "title": paper.title,
                "published": paper.published.isoformat() if paper.published else "",
                "arxiv_id": paper.arxiv_id or "",
                "url": base + paper.get_absolute_url(),
                "organisation": paper.organisation,
                "authors_count": paper.authors_count,
                "upvotes": paper.upvotes,
                "has_code": paper.has_code,
                "methods": paper.method_names,
                "datasets": paper.dataset_names,
                "tags": paper.tag_names,
                "categories": list(paper.categories),
            }

    return selection, rows()


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, rows = _export_rows(request)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(_EXPORT_COLUMNS)
        for row in rows:
            yield writer.writerow(
                [
                    csv_cell("; ".join(v) if isinstance(v, list) else v)
                    for v in (row[c] for c in _EXPORT_COLUMNS)
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="papers.csv"'
    return response


def export_json(request: HttpRequest) -> StreamingHttpResponse:
    selection, rows = _export_rows(request)

    def chunks() -> Iterator[str]:
        query = {k: v if len(v) > 1 else v[0] for k, v in selection.query_dict().lists()}
        yield '{"query": ' + json.dumps(query) + f', "limit": {EXPORT_LIMIT}, "papers": ['
        for i, row in enumerate(rows):
            yield ("," if i else "") + "\n" + json.dumps(row)
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="papers.json"'
    return response
