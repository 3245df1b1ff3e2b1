import pytest

from tests.factories import make_paper


@pytest.mark.django_db
def test_refresh_facets_denormalises_links_onto_the_paper():
    paper = make_paper(
        "Vision paper",
        methods=["CLIP"],
        proposed=["FooNet"],
        datasets=["COCO"],
        tags=["to-read"],
        results=[("COCO", "AP", 41.2, "absolute")],
        links=["https://github.com/a/b"],
    )
    assert len(paper.method_ids) == 2
    assert len(paper.dataset_ids) == 1
    assert len(paper.tag_ids) == 1
    assert len(paper.benchmark_ids) == 1
    assert paper.has_code is True
    assert "FooNet" in paper.entity_text and "COCO" in paper.entity_text


@pytest.mark.django_db
def test_refresh_facets_writes_nothing_when_nothing_changed():
    from papers.models import Paper

    paper = make_paper("Stable", methods=["BERT"])
    assert Paper.objects.refresh_facets([paper.pk]) == 0
