"""The 1M scale-up SQL, run on a tiny database inside a test transaction."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from bench import scale
from papers.models import Paper, PaperMethod, PaperSource, RepoLink, Result
from tests.factories import make_paper


@pytest.fixture(autouse=True)
def _forget_planner_statistics(django_db_blocker):
    """ANALYZE and index rebuilds update pg_class in place, so the statistics of the scaled-up
    tables would outlive the test's rollback and steer later tests' estimated counts; analysing
    the emptied tables again puts them back."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.fixture
def three_papers():
    papers = [
        make_paper("Seg paper", methods=["U-Net"], datasets=["COCO"], arxiv_id="2501.00001"),
        make_paper(
            "Det paper",
            proposed=["FooNet"],
            results=[("COCO", "AP", 41.2, "absolute")],
            links=["https://github.com/a/b"],
            arxiv_id="2501.00002",
        ),
        make_paper("Plain paper", arxiv_id=None),
    ]
    for n, paper in enumerate(papers):
        PaperSource.objects.create(paper=paper, file="corpus.jsonl", line=n + 1, format="jsonl")
    return papers


def test_scale_up_copies_papers_until_the_target_with_unique_keys(db, three_papers):
    with connection.cursor() as cursor:
        done = scale.scale_up(cursor, 7)
    assert done["papers"] == 7 and done["copies"] == 2  # 3 ingested, then 3 + 1 copied
    assert Paper.objects.count() == 7
    assert Paper.objects.values("fingerprint").distinct().count() == 7
    arxiv_ids = list(Paper.objects.exclude(arxiv_id=None).values_list("arxiv_id", flat=True))
    assert len(arxiv_ids) == len(set(arxiv_ids)) == 2 + 2 + 1
    assert Paper.objects.filter(arxiv_id=None).count() == 2  # the plain paper, copied once


def test_copies_keep_their_links_facets_and_sources(db, three_papers):
    det = three_papers[1]
    with connection.cursor() as cursor:
        scale.scale_up(cursor, 6)
    copy = Paper.objects.exclude(pk__in=[p.pk for p in three_papers]).get(
        title__startswith="Det paper"
    )
    assert copy.method_ids == det.method_ids and copy.benchmark_ids == det.benchmark_ids
    assert copy.has_code and copy.published.year == det.published.year - 1
    assert PaperMethod.objects.filter(paper=copy, proposed=True).count() == 1
    assert Result.objects.filter(paper=copy).count() == 1
    assert RepoLink.objects.filter(paper=copy).count() == 1
    assert PaperSource.objects.filter(paper=copy).count() == 1
    # The stored tsvector is generated for the copy too, so it is found by search.
    query = SearchQuery("det", config="english")
    assert Paper.objects.filter(pk=copy.pk, search_vector=query).exists()


def test_the_partial_last_copy_takes_only_its_papers_rows(db, three_papers):
    with connection.cursor() as cursor:
        scale.scale_up(cursor, 4)
    extra = Paper.objects.exclude(pk__in=[p.pk for p in three_papers]).get()
    assert extra.title.startswith("Seg paper")
    assert PaperMethod.objects.count() == 3  # two originals and the copy's one
    assert PaperSource.objects.count() == 4


def test_indexes_are_rebuilt_and_new_papers_still_get_fresh_ids(db, three_papers):
    with connection.cursor() as cursor:
        before = scale.secondary_indexes(cursor, "papers_paper")
        scale.scale_up(cursor, 9)
        assert scale.secondary_indexes(cursor, "papers_paper") == before
    newest = make_paper("Added after the scale-up")
    assert newest.pk > max(Paper.objects.exclude(pk=newest.pk).values_list("pk", flat=True))


def test_nothing_is_copied_when_the_catalogue_is_already_big_enough(db, three_papers):
    with connection.cursor() as cursor:
        assert scale.scale_up(cursor, 3)["copies"] == 0
    assert Paper.objects.count() == 3


def test_scale_names():
    assert scale.parse_scale(None) == "75k"
    assert scale.parse_scale("1M") == "1m"
    assert scale.target_papers("1m") == 1_000_000
    assert scale.target_papers("300k") == 300_000
    with pytest.raises(SystemExit):
        scale.parse_scale("lots")
