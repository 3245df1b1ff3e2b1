"""The catalogue in a real browser (Chromium via Playwright), checked against the database."""

import re

import pytest

from papers.models import Method, Paper
from papers.querysets import SORTS
from papers.views import catalogue as catalogue_view
from tests.browse.helpers import make_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def papers():
    return make_catalogue(12)


def _shown_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".card-title a").all_inner_texts()]


def _shown_total(page) -> int:
    heading = page.locator("#results-heading").inner_text()
    return int(re.match(r"([\d,]+)", heading.strip()).group(1).replace(",", ""))


def test_search_then_add_and_remove_facets(live_server, page, papers):
    page.goto(live_server.url + "/")
    assert _shown_total(page) == Paper.objects.count()
    # Typing in a facet's box filters its values on the page at once.
    page.fill("#fq-method", "cli")
    assert page.locator("#options-method li:visible").count() == 1

    page.keyboard.press("Escape")
    page.keyboard.press("/")
    page.keyboard.type("masked")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=masked"))
    hits = Paper.objects.search("masked")
    assert _shown_total(page) == hits.count()

    vit = page.locator("#options-method a", has_text="ViT")
    expected = hits.filter(method_ids__overlap=[Method.objects.get(slug="vit").pk])
    assert vit.locator(".facet-count").inner_text() == str(expected.count())
    vit.click()
    page.wait_for_url(re.compile(r"method=vit"))
    assert _shown_total(page) == expected.count()
    assert sorted(_shown_titles(page)) == sorted(p.title for p in expected)
    assert page.locator(".chip", has_text="ViT").is_visible()

    # A second facet narrows further; removing the first chip keeps the second filter.
    page.locator("#options-year a", has_text="2023").click()
    page.wait_for_url(re.compile(r"year=2023"))
    assert _shown_total(page) == expected.filter(year=2023).count()
    page.locator(".chip", has_text="ViT").click()
    page.wait_for_url(lambda url: "method=" not in url and "year=2023" in url)
    assert _shown_total(page) == hits.filter(year=2023).count()


def test_sort_paginate_and_reload_a_copied_url(live_server, page, papers, monkeypatch):
    monkeypatch.setattr(catalogue_view, "PER_PAGE", 5)
    page.goto(live_server.url + "/?q=study")
    page.locator(".sort a", has_text="Oldest").click()
    page.wait_for_url(re.compile(r"sort=oldest"))
    ordered = list(Paper.objects.search("study").order_by(*SORTS["oldest"]))
    assert _shown_titles(page) == [p.title for p in ordered[:5]]

    page.locator(".pagination a", has_text="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "q=study" in page.url and "sort=oldest" in page.url
    assert _shown_titles(page) == [p.title for p in ordered[5:10]]

    copied = page.url
    teammate = page.context.new_page()
    teammate.goto(copied)
    assert _shown_titles(teammate) == [p.title for p in ordered[5:10]]
    assert teammate.locator(".sort a[aria-current]").inner_text() == "Oldest"


def test_open_a_paper_and_follow_a_method_link(live_server, page, papers):
    page.goto(live_server.url + "/")
    first = page.locator(".card-title a").first
    title = first.inner_text().strip()
    first.click()
    paper = Paper.objects.get(title=title)
    page.wait_for_url(re.compile(re.escape(paper.get_absolute_url()) + "$"))
    assert page.locator("h1").inner_text().strip() == paper.title
    methods = page.locator("section:has(h2:text-is('Methods')) a")
    shown = set(methods.all_inner_texts())
    assert shown == {str(link.method) for link in paper.method_links.all()}

    page.locator("section:has(h2:text-is('Methods')) a", has_text="CLIP").click()
    clip = Method.objects.get(slug="clip")
    page.wait_for_url(re.compile(re.escape(clip.get_absolute_url()) + "$"))
    assert page.locator("h1").inner_text().strip() == clip.name
    linking = Paper.objects.filter(method_ids__overlap=[clip.pk]).count()
    assert f"Browse all {linking} papers" in page.locator(".page-head").inner_text()


def test_the_layout_fits_a_phone(live_server, browser, papers):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/?q=masked")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        # Filters are one tap away and open without JavaScript (a :target rule).
        assert not page.locator("#filters").is_visible()
        page.locator(".show-filters").click()
        assert page.locator("#filters").is_visible()
    finally:
        context.close()
