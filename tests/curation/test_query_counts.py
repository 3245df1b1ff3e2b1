"""Admin pages cost the same number of queries with 1 paper as with 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_paper

# Whole-page budgets, including session, user and permission lookups. A filtered changelist
# spends 5 of its queries on the time-boxed count (savepoint, budget, count, restore, release).
CHANGELIST_BUDGET = 18
CHANGE_FORM_BUDGET = 17


def _paper(i: int, links: int = 2):
    return make_paper(
        f"Paper {i}",
        tags=[f"tag {j}" for j in range(links)],
        methods=[f"Method {j}" for j in range(links)],
        datasets=[f"Dataset {j}" for j in range(links)],
        results=[(f"Dataset {j}", "Accuracy", 50.0 + i + j, "absolute") for j in range(links)],
        links=[f"https://github.com/org/repo{j}" for j in range(links)],
    )


def _queries(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _counts_at_1_and_50(client, urls_for) -> dict[str, tuple[int, int]]:
    """{name: (queries with 1 paper, queries with 50 papers)} for each page."""
    first = _paper(0)
    urls = urls_for(first)
    at_one = {name: _queries(client, url) for name, url in urls.items()}
    for i in range(1, 50):
        _paper(i)
    return {name: (at_one[name], _queries(client, url)) for name, url in urls.items()}


def _changelists(paper) -> dict[str, str]:
    base = reverse("admin:papers_paper_changelist")
    return {
        "plain": base,
        "filtered": base + "?review_status__exact=new&has_code__exact=1&year=2025",
        "search": base + "?q=paper",
        # The selected tag and method each add one name lookup to the filter list.
        "tag and method": base + f"?tag={paper.tag_ids[0]}&method={paper.method_ids[0]}",
    }


@pytest.mark.django_db
def test_paper_changelist_query_count_does_not_grow(curator_client):
    counts = _counts_at_1_and_50(curator_client, _changelists)
    for name, (at_one, at_fifty) in counts.items():
        budget = CHANGELIST_BUDGET + (2 if name == "tag and method" else 0)
        assert at_one == at_fifty <= budget, (name, at_one, at_fifty)


@pytest.mark.django_db
def test_paper_change_form_query_count_does_not_grow(curator_client):
    def urls(paper):
        return {"change": reverse("admin:papers_paper_change", args=[paper.pk])}

    ((at_one, at_fifty),) = _counts_at_1_and_50(curator_client, urls).values()
    assert at_one == at_fifty <= CHANGE_FORM_BUDGET


@pytest.mark.django_db
def test_change_form_cost_does_not_depend_on_how_many_links_a_paper_has(curator_client):
    few, many = _paper(0, links=1), _paper(1, links=12)
    assert _queries(
        curator_client, reverse("admin:papers_paper_change", args=[few.pk])
    ) == _queries(curator_client, reverse("admin:papers_paper_change", args=[many.pk]))


OTHER_PAGES = [
    "admin:papers_method_changelist",
    "admin:papers_dataset_changelist",
    "admin:papers_tag_changelist",
    "admin:papers_benchmark_changelist",
    "admin:papers_papermethod_changelist",
    "admin:papers_result_changelist",
    "admin:papers_repolink_changelist",
    "admin:papers_note_changelist",
    "admin:papers_recent_curation",
]


@pytest.mark.django_db
def test_other_changelists_do_not_grow(curator_client):
    counts = _counts_at_1_and_50(curator_client, lambda paper: {n: reverse(n) for n in OTHER_PAGES})
    for name, (at_one, at_fifty) in counts.items():
        assert at_one == at_fifty, (name, at_one, at_fifty)
