"""The catalogue page: search, facets, chips, sorting, pagination, caching, degrading."""

import csv
import io
import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from papers import caching, facets
from papers.models import Paper
from papers.views import catalogue as catalogue_view
from tests.browse.conftest import clear_caches
from tests.browse.helpers import add_source, make_catalogue, text_of
from tests.factories import make_paper

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [card.paper.title for card in response.context["cards"]]


def _panel(response, key: str) -> dict[str, int]:
    panel = next(p for p in response.context["panels"] if p.key == key)
    return {o.label: o.count for o in panel.options}


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_it_ranks_a_title_match_above_an_abstract_match(client):
    make_paper("A survey of graphs", "Masks appear once here among many other words.")
    make_paper("Mask transformers for segmentation", "We segment images.")
    response = client.get("/?q=mask")
    assert response.context["sort"] == "relevance"
    assert _titles(response) == ["Mask transformers for segmentation", "A survey of graphs"]


def test_it_finds_papers_by_method_and_dataset_names(client):
    make_paper("Unrelated title", "Nothing to see.", methods=["Zebranet"], datasets=["Quokka"])
    make_paper("Other", "Nothing either.")
    assert _titles(client.get("/?q=zebranet")) == ["Unrelated title"]
    assert _titles(client.get("/?q=quokka")) == ["Unrelated title"]


def test_it_highlights_matched_words_and_escapes_the_rest(client):
    make_paper("<b>Bold</b> diffusion", "A <script>x</script> diffusion model for images.")
    body = client.get("/?q=diffusion").content.decode()
    assert "<mark>diffusion</mark>" in body
    assert "<script>x" not in body
    # ts_headline would drop the "tags" from the title, so such a title is shown unhighlighted.
    assert "&lt;b&gt;Bold&lt;/b&gt; diffusion" in body


def test_a_query_of_stop_words_or_symbols_finds_nothing_without_error(client):
    make_paper("Something", "Text.")
    for q in ["the", "!!!", "&|:*", "'", '"', "-", "or"]:
        response = client.get("/", {"q": q})
        assert response.status_code == 200
        assert response.context["total"] == 0


def test_facet_counts_reflect_every_other_active_filter(client):
    make_paper("a", methods=["CLIP"], datasets=["COCO"], published=date(2024, 1, 1))
    make_paper("b", methods=["CLIP"], datasets=["ImageNet"], published=date(2024, 1, 1))
    make_paper("c", methods=["ViT"], datasets=["COCO"], published=date(2023, 1, 1))
    make_paper("d", methods=["ViT", "CLIP"], datasets=["COCO"], published=date(2024, 1, 1))
    response = client.get("/?dataset=coco")
    assert response.context["total"] == 3
    # Other facets count within COCO papers...
    assert _panel(response, "method") == {"CLIP": 2, "ViT": 2}
    assert _panel(response, "year") == {"2024": 2, "2023": 1}
    # ...and the dataset facet ignores its own filter, so picking a second dataset is informed.
    assert _panel(response, "dataset") == {"COCO": 3, "ImageNet": 1}

    response = client.get("/?dataset=coco&method=clip")
    assert response.context["total"] == 2
    assert _panel(response, "method") == {"CLIP": 2, "ViT": 2}
    assert _panel(response, "dataset") == {"COCO": 2, "ImageNet": 1}
    assert _panel(response, "year") == {"2024": 2}


def test_values_in_one_facet_or_together_and_facets_and_together(client):
    make_paper("a", methods=["CLIP"], datasets=["COCO"])
    make_paper("b", methods=["ViT"], datasets=["ImageNet"])
    make_paper("c", methods=["BERT"], datasets=["COCO"])
    assert sorted(_titles(client.get("/?method=clip&method=vit"))) == ["a", "b"]
    assert _titles(client.get("/?method=clip&method=vit&dataset=imagenet")) == ["b"]


def test_every_facet_filters(client):
    papers = make_catalogue(6)
    expected = {
        "method=vit": {p.pk for p in papers if len(p.method_ids) == 3},
        "tag=to-read": {p.pk for p in papers if p.tag_ids},
        "year=2024": {p.pk for p in papers if p.year == 2024},
        "has_code=1": {p.pk for p in papers if p.has_code},
        "has_code=0": {p.pk for p in papers if not p.has_code},
        "org=Lab+B": {p.pk for p in papers if p.organisation == "Lab B"},
        "category=cs.CL": {p.pk for p in papers if "cs.CL" in p.categories},
        "source=data/batch-1.jsonl": {
            p.pk for p in papers if p.source_files == ["data/batch-1.jsonl"]
        },
        "benchmark=coco-ap": {p.pk for p in papers},
    }
    for query, pks in expected.items():
        response = client.get(f"/?{query}")
        assert {c.paper.pk for c in response.context["cards"]} == pks, query
        assert response.context["total"] == len(pks), query


def test_unknown_and_malformed_values_are_ignored(client):
    make_paper("a", methods=["CLIP"])
    make_paper("b")
    response = client.get("/?method=no-such-method&year=abc&year=99999&has_code=maybe&sort=evil")
    assert response.status_code == 200
    assert response.context["total"] == 2
    assert response.context["chips"] == []
    assert response.context["sort"] == "newest"


def test_chips_remove_one_value_and_keep_every_other_parameter(client):
    make_paper("a", methods=["CLIP", "ViT"], datasets=["COCO"], published=date(2024, 5, 1))
    response = client.get("/?q=paper&method=clip&method=vit&dataset=coco&sort=oldest&page=1")
    chips = {c["label"]: c["url"] for c in response.context["chips"]}
    assert set(chips) == {"CLIP", "ViT", "COCO"}
    assert _query(chips["CLIP"]) == {
        "q": ["paper"],
        "method": ["vit"],
        "dataset": ["coco"],
        "sort": ["oldest"],
    }
    assert "CLIP" in text_of(response.content)


def test_facet_links_add_a_value_and_drop_the_page(client):
    make_catalogue(3)
    response = client.get("/?q=study&method=clip&page=1&unknown=1")
    option = next(o for p in response.context["panels"] if p.key == "dataset" for o in p.options)
    assert _query(option.url) == {"q": ["study"], "method": ["clip"], "dataset": [option.param]}


def test_selected_values_show_even_outside_the_top_values(client, monkeypatch):
    monkeypatch.setattr(facets, "PANEL_SIZE", 1)
    make_paper("a", methods=["CLIP"])
    make_paper("b", methods=["CLIP"])
    make_paper("c", methods=["Rare"])
    response = client.get("/?method=rare")
    options = {o.label: (o.count, o.selected) for o in response.context["panels"][0].options}
    assert options == {"CLIP": (2, False), "Rare": (1, True)}
    assert response.context["panels"][0].more_url.startswith("/facets/method/?")


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("newest", lambda p: (p.published, p.pk)),
        ("oldest", lambda p: (-p.published.toordinal(), -p.pk)),
        ("upvotes", lambda p: (p.upvotes or -1, p.published)),
        ("title", lambda p: (-ord(p.title[0].lower()),)),
    ],
)
def test_each_sort_orders_the_results(client, sort, key):
    for i, title in enumerate(["Bravo", "alpha", "Delta", "charlie"]):
        make_paper(title, published=date(2024, 1 + i, 1), upvotes=[5, None, 50, 1][i])
    response = client.get(f"/?sort={sort}")
    papers = [c.paper for c in response.context["cards"]]
    assert papers == sorted(papers, key=key, reverse=True)


def test_pagination_keeps_every_filter(client, monkeypatch):
    monkeypatch.setattr(catalogue_view, "PER_PAGE", 2)
    for i in range(5):
        make_paper(f"Mask paper {i}", methods=["CLIP"], published=date(2024, 1, i + 1))
    response = client.get("/?q=mask&method=clip&sort=newest&junk=1")
    pager = response.context["pager"]
    assert (pager.number, pager.num_pages, pager.has_next) == (1, 3, True)
    body = response.content.decode()
    assert 'href="/?q=mask&amp;method=clip&amp;sort=newest&amp;page=2"' in body
    page2 = client.get("/?q=mask&method=clip&sort=newest&page=2")
    assert _titles(page2) == ["Mask paper 2", "Mask paper 1"]
    assert 'href="/?q=mask&amp;method=clip&amp;sort=newest"' in page2.content.decode()
    assert _titles(client.get("/?q=mask&method=clip&sort=newest&page=3")) == ["Mask paper 0"]


@pytest.mark.parametrize("page", ["0", "4", "-1", "abc", "1.5", "99999999", ""])
def test_bad_page_numbers_are_404(client, monkeypatch, page):
    monkeypatch.setattr(catalogue_view, "PER_PAGE", 2)
    for i in range(5):
        make_paper(f"p{i}")
    assert client.get("/", {"page": page}).status_code == 404


def test_an_empty_catalogue_has_a_first_page(client):
    response = client.get("/?page=1")
    assert response.status_code == 200
    assert "The catalogue is empty" in text_of(response.content)


def test_relevance_gives_way_to_date_order_on_huge_hit_sets(client, monkeypatch):
    monkeypatch.setattr(catalogue_view, "RANK_LIMIT", 1)
    make_paper("Mask mask mask", published=date(2020, 1, 1))
    make_paper("Newer paper about a mask", published=date(2025, 1, 1))
    response = client.get("/?q=mask")
    assert response.context["rank_skipped"]
    assert _titles(response) == ["Newer paper about a mask", "Mask mask mask"]
    assert "newest first" in text_of(response.content)


def test_facets_degrade_instead_of_failing_when_they_run_out_of_time(client, monkeypatch):
    make_paper("Mask paper", methods=["CLIP"])
    real = facets.run_bounded

    def slow_facets(sql, params, budget_ms, **settings):
        return None if "unnest" in sql else real(sql, params, budget_ms, **settings)

    monkeypatch.setattr(facets, "run_bounded", slow_facets)
    response = client.get("/?q=mask&method=clip")
    assert response.status_code == 200
    assert response.context["degraded"]
    assert response.context["total"] == 1
    assert _titles(response) == ["Mask paper"]
    assert [c["label"] for c in response.context["chips"]] == ["CLIP"]
    assert "took too long" in text_of(response.content)


def test_the_listing_collects_hits_first_when_few_papers_match(client):
    for i in range(30):
        make_paper(f"Paper {i}", published=date(2024, 1, 1 + i % 28))
    make_paper("Rare zebra paper", published=date(2020, 1, 1))
    response = client.get("/?q=zebra&sort=newest")
    assert _titles(response) == ["Rare zebra paper"]


def test_huge_hit_sets_are_capped_and_say_so(client, monkeypatch):
    monkeypatch.setattr(facets, "CAP", 2)
    for i in range(4):
        make_paper(f"Mask {i}", methods=["CLIP"])
    response = client.get("/?q=mask")
    assert response.context["capped"]
    assert response.context["total"] == 2
    assert "2+ papers" in text_of(response.content)
    # The unfiltered catalogue is always counted exactly.
    response = client.get("/")
    assert not response.context["capped"]
    assert response.context["total"] == 4


def test_facet_blocks_are_cached_per_selection(client, django_assert_max_num_queries):
    make_paper("a", methods=["CLIP"])
    client.get("/?method=clip")
    # Slugs, version, page ids, cards, card names: no facet statement.
    with django_assert_max_num_queries(5):
        client.get("/?method=clip&sort=oldest")


@pytest.mark.django_db(transaction=True)
def test_the_catalogue_version_moves_when_papers_change():
    make_paper("a")
    caching.bump_catalogue_version()
    before = caching.catalogue_version()
    make_paper("b")
    caching.bump_catalogue_version()
    assert caching.catalogue_version() != before


def test_new_papers_show_once_the_cache_is_refreshed(client):
    make_paper("a", methods=["CLIP"])
    assert client.get("/").context["total"] == 1
    make_paper("b", methods=["CLIP"])
    clear_caches()
    response = client.get("/")
    assert response.context["total"] == 2
    assert _panel(response, "method") == {"CLIP": 2}


def test_the_search_form_keeps_active_filters(client):
    make_paper("a", methods=["CLIP"])
    body = client.get("/?q=x&method=clip&sort=oldest").content.decode()
    assert '<input type="hidden" name="method" value="clip">' in body
    assert '<input type="hidden" name="sort" value="oldest">' in body


# --- facet values page ------------------------------------------------------------------------


def test_the_more_page_lists_and_searches_a_facets_values(client):
    make_paper("a", methods=["CLIP", "ViT"], datasets=["COCO"])
    make_paper("b", methods=["CLIP", "Swin"], datasets=["COCO"])
    make_paper("c", methods=["BERT"], datasets=["SQuAD"])
    response = client.get("/facets/method/?dataset=coco")
    labels = {o.label: o.count for o in response.context["panel"].options}
    assert labels == {"CLIP": 2, "ViT": 1, "Swin": 1}
    response = client.get("/facets/method/?dataset=coco&fq=vi")
    options = response.context["panel"].options
    assert [o.label for o in options] == ["ViT"]
    assert _query(options[0].url) == {"dataset": ["coco"], "method": ["vit"]}


def test_an_unknown_facet_is_404(client):
    assert client.get("/facets/nope/").status_code == 404


# --- downloads --------------------------------------------------------------------------------


def test_csv_download_is_the_current_view_with_formulas_defused(client):
    make_paper("=HYPERLINK(evil)", "Mask text.", methods=["CLIP"], organisation="+Org")
    make_paper("Plain mask", "Mask text.", methods=["ViT"])
    make_paper("Other", "No match.", methods=["CLIP"])
    response = client.get("/export.csv?q=mask&method=clip")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(evil)"]
    assert rows[0]["organisation"] == "'+Org"
    assert rows[0]["methods"] == "CLIP"
    assert rows[0]["url"].endswith(Paper.objects.get(title__startswith="=").get_absolute_url())


def test_json_download_is_capped_and_describes_its_query(client, monkeypatch):
    monkeypatch.setattr(catalogue_view, "EXPORT_LIMIT", 2)
    for i in range(3):
        make_paper(f"p{i}", tags=["to-read"], published=date(2024, 1, 1 + i))
    response = client.get("/export.json?tag=to-read&sort=oldest")
    data = json.loads(b"".join(response.streaming_content))
    assert data["query"] == {"tag": "to-read", "sort": "oldest"}
    assert [p["title"] for p in data["papers"]] == ["p0", "p1"]
    assert data["papers"][0]["tags"] == ["to-read"]


def test_download_links_carry_the_current_view(client):
    make_paper("a", methods=["CLIP"])
    body = client.get("/?q=a&method=clip&page=1").content.decode()
    assert 'href="/export.csv?q=a&amp;method=clip"' in body
    assert 'href="/export.json?q=a&amp;method=clip"' in body


def test_source_files_facet(client):
    paper = add_source(make_paper("a"), "data/one.txt")
    add_source(make_paper("b"), "data/two.txt")
    response = client.get("/?source=data/one.txt")
    assert [c.paper.pk for c in response.context["cards"]] == [paper.pk]
    assert _panel(response, "source") == {"data/one.txt": 1, "data/two.txt": 1}
