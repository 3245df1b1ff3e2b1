"""The pieces that keep the paper changelist fast on a big catalogue."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.urls import reverse

from papers.admin.filters import common_elements
from papers.admin.paginator import EstimatedCountPaginator
from papers.models import Paper
from tests.factories import make_paper


def _analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE papers_paper")


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_limit", 5)


@pytest.mark.django_db
def test_small_results_are_counted_exactly(small_limit):
    for i in range(4):
        make_paper(f"P{i}")
    paginator = EstimatedCountPaginator(Paper.objects.all(), 2)
    assert (paginator.count, paginator.estimated, paginator.num_pages) == (4, False, 2)


@pytest.mark.django_db
def test_an_unfiltered_big_table_uses_the_table_estimate(small_limit):
    for i in range(8):
        make_paper(f"P{i}")
    _analyze()
    paginator = EstimatedCountPaginator(Paper.objects.all(), 3)
    assert (paginator.count, paginator.estimated) == (8, True)


@pytest.mark.django_db
def test_a_big_filtered_result_is_capped_then_estimated(small_limit, django_assert_max_num_queries):
    for i in range(8):
        make_paper(f"P{i}", comment="x")
    make_paper("other")
    _analyze()
    paginator = EstimatedCountPaginator(Paper.objects.filter(comment="x"), 3)
    # savepoint, time budget, capped count, budget restored, release, planner estimate
    with django_assert_max_num_queries(6):
        count = paginator.count
    assert paginator.estimated and count >= 6
    small = EstimatedCountPaginator(Paper.objects.filter(title="other"), 3)
    assert (small.count, small.estimated) == (1, False)


@pytest.mark.django_db
def test_a_slow_count_gives_way_to_the_planner_estimate(monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "budget_ms", 20)
    for i in range(3):
        make_paper(f"P{i}")
    slow = Paper.objects.annotate(
        slow=RawSQL("pg_sleep(0.05) IS NULL", [], output_field=BooleanField())
    ).filter(slow=False)
    paginator = EstimatedCountPaginator(slow, 2)
    assert paginator.count >= 1 and paginator.estimated
    # The timed-out statement was rolled back to its savepoint; the transaction goes on.
    assert Paper.objects.count() == 3


@pytest.mark.django_db
def test_the_time_budget_does_not_outlive_the_count():
    make_paper("P")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        assert EstimatedCountPaginator(Paper.objects.filter(title="P"), 2).count == 1
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


@pytest.mark.django_db
def test_a_short_page_makes_an_estimated_total_exact(small_limit, admin_client, monkeypatch):
    for i in range(7):
        make_paper(f"P{i}", comment="x")
    _analyze()
    # Force the estimate path whatever the row count, then check the page corrects it.
    monkeypatch.setattr(EstimatedCountPaginator, "budget_ms", 0)
    monkeypatch.setattr("papers.admin.paginator.count_within", lambda *a: None)
    monkeypatch.setattr("papers.admin.paginator.planner_estimate", lambda qs: 1000)
    url = reverse("admin:papers_paper_changelist")
    response = admin_client.get(url, {"comment": "x"})
    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.estimated, cl.multi_page) == (7, False, False)
    assert "about 7" not in response.content.decode()


@pytest.mark.django_db
def test_the_changelist_says_about_when_estimating(small_limit, admin_client, monkeypatch):
    from papers.admin.papers import PaperAdmin

    monkeypatch.setattr(PaperAdmin, "list_per_page", 3)  # a full first page proves nothing
    for i in range(8):
        make_paper(f"P{i}")
    _analyze()
    response = admin_client.get(reverse("admin:papers_paper_changelist"))
    assert response.context["cl"].paginator.estimated
    assert "about 8 papers" in " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_method_filter_offers_the_commonest_methods_from_statistics(admin_client):
    for i in range(30):
        make_paper(f"P{i}", methods=["Transformer"] + (["LSTM"] if i % 3 == 0 else []))
    _analyze()
    transformer = Paper.objects.first().method_ids
    assert set(transformer) <= set(common_elements("method_ids", 10))
    response = admin_client.get(reverse("admin:papers_paper_changelist"))
    assert "?method=" in response.content.decode()
    assert "Transformer" in response.content.decode()


@pytest.mark.django_db
def test_a_selected_method_is_listed_even_without_statistics(admin_client):
    paper = make_paper("P", methods=["Rare method"])
    url = reverse("admin:papers_paper_changelist") + f"?method={paper.method_ids[0]}"
    response = admin_client.get(url)
    assert "Rare method" in response.content.decode()
    assert [p.pk for p in response.context["cl"].result_list] == [paper.pk]


@pytest.mark.django_db
def test_method_admin_links_to_its_papers_and_counts_them(admin_client):
    make_paper("A", methods=["GAN"])
    make_paper("B", methods=["GAN"])
    response = admin_client.get(reverse("admin:papers_method_changelist"))
    method = response.context["cl"].result_list[0]
    assert method.papers_n == 2
    assert f"?method={method.pk}" in response.content.decode()


@pytest.mark.django_db
def test_method_admin_search_finds_aliases(admin_client):
    make_paper("A", methods=["Generative adversarial network"])
    from papers.models import Method, MethodAlias

    method = Method.objects.get()
    MethodAlias.objects.create(method=method, name="GANs", key="gans")
    response = admin_client.get(reverse("admin:papers_method_changelist"), {"q": "gans"})
    assert list(response.context["cl"].result_list) == [method]


# -- recent curation ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_recent_curation_lists_catalogue_changes_newest_first(curator, curator_client, superuser):
    paper = make_paper("Logged")
    LogEntry.objects.log_actions(curator.pk, [paper], ADDITION, change_message="")
    LogEntry.objects.log_actions(superuser.pk, [paper], CHANGE, change_message="Fixed the title.")
    LogEntry.objects.log_actions(superuser.pk, [curator], CHANGE, change_message="Not catalogue")
    url = reverse("admin:papers_recent_curation")
    response = curator_client.get(url)
    entries = list(response.context["entries"])
    assert [e.change_message for e in entries] == ["Fixed the title.", ""]
    content = response.content.decode()
    assert reverse("admin:papers_paper_change", args=[paper.pk]) in content
    assert "Not catalogue" not in content and "cora" in content and "root" in content

    mine = curator_client.get(url, {"user": curator.pk}).context["entries"]
    assert [e.user for e in mine] == [curator]
    assert not list(curator_client.get(url, {"model": "tag"}).context["entries"])


@pytest.mark.django_db
def test_recent_curation_is_paginated(curator_client, curator):
    paper = make_paper("Busy")
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                user=curator,
                content_type_id=LogEntry.objects.model._meta.apps.get_model(
                    "contenttypes", "ContentType"
                )
                .objects.get_for_model(Paper)
                .pk,
                object_id=str(paper.pk),
                object_repr="Busy",
                action_flag=CHANGE,
                change_message=f"change {i}",
            )
            for i in range(60)
        ]
    )
    url = reverse("admin:papers_recent_curation")
    first = curator_client.get(url)
    assert len(first.context["entries"]) == 50 and first.context["page"].has_next()
    assert len(curator_client.get(url, {"p": 2}).context["entries"]) == 10
    assert User.objects.count() == 1
