"""Merging methods, datasets and tags: every link survives, old names become aliases."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.curation.merge import MergeError, merge, plan_merge
from papers.models import (
    Benchmark,
    Dataset,
    DatasetAlias,
    LinkStatus,
    Method,
    MethodAlias,
    Note,
    Origin,
    Paper,
    PaperMethod,
    PaperTag,
    Result,
    Tag,
)
from tests.factories import make_dataset, make_method, make_paper, make_tag


@pytest.mark.django_db
def test_merging_methods_moves_every_link_and_keeps_one_per_paper():
    survivor, dup = make_method("Vision Transformer"), make_method("ViT-B", "ViTB")
    only_survivor = make_paper("S", methods=["Vision Transformer"])
    only_dup = make_paper("D", proposed=["ViT-B"])
    both = make_paper("B", methods=["Vision Transformer", "ViT-B"])
    PaperMethod.objects.filter(paper=both, method=dup).update(
        proposed=True, status=LinkStatus.ACCEPTED, origin=Origin.CURATOR
    )
    PaperMethod.objects.filter(paper=both, method=survivor).update(evidence="")
    MethodAlias.objects.create(method=dup, name="ViT Base", key="vitbase")
    Note.objects.create(method=dup, body="Same thing as ViT.")

    preview = plan_merge(survivor, [dup])
    assert Method.objects.filter(pk=dup.pk).exists()  # the preview changes nothing
    plan = merge(survivor, [dup])

    assert (plan.links_moved, plan.links_combined) == (1, 1)
    assert (preview.links_moved, preview.links_combined) == (1, 1)
    assert preview.aliases_created == plan.aliases_created
    assert not Method.objects.filter(pk=dup.pk).exists()
    links = {link.paper_id: link for link in PaperMethod.objects.filter(method=survivor)}
    assert set(links) == {only_survivor.pk, only_dup.pk, both.pk}
    assert links[only_dup.pk].proposed is True
    combined = links[both.pk]
    assert combined.proposed is True  # OR-ed
    assert combined.evidence == "We use ViT-B."  # the only evidence there was
    assert (combined.status, combined.origin) == (LinkStatus.ACCEPTED, Origin.CURATOR)
    assert PaperMethod.objects.count() == 3
    # Old names map to the survivor for later ingests.
    aliases = dict(MethodAlias.objects.filter(method=survivor).values_list("key", "name"))
    assert aliases["vitb"] == "ViT-B"  # the merged entity's key
    assert aliases["vitbase"] == "ViT Base"  # its alias, moved
    assert Note.objects.get().method == survivor
    for paper in (only_dup, both):
        paper.refresh_from_db()
        assert paper.method_ids == [survivor.pk]
        assert "Vision Transformer" in paper.entity_text


@pytest.mark.django_db
def test_a_rejection_survives_a_merge_unless_someone_accepted_it():
    survivor, dup = make_method("A"), make_method("B")
    paper = make_paper("P", methods=["A", "B"])
    PaperMethod.objects.filter(paper=paper, method=survivor).update(status=LinkStatus.REJECTED)
    merge(survivor, [dup])
    assert PaperMethod.objects.get(paper=paper).status == LinkStatus.REJECTED
    paper.refresh_from_db()
    assert paper.method_ids == []


@pytest.mark.django_db
def test_merging_datasets_moves_benchmarks_and_combines_duplicates():
    survivor, dup = make_dataset("ImageNet-1k"), make_dataset("ILSVRC 2012")
    paper = make_paper(
        "P",
        datasets=["ILSVRC 2012"],
        results=[("ILSVRC 2012", "Top-1", 80.1, "absolute"), ("ILSVRC 2012", "F1", 0.5, "gain")],
    )
    other = make_paper(
        "Q", datasets=["ImageNet-1k"], results=[("ImageNet-1k", "Top-1", 79.0, "absolute")]
    )
    # The same result reported on both benchmarks: one survives.
    Result.objects.create(
        paper=paper,
        benchmark=Benchmark.objects.get(dataset=survivor, metric_key="top1"),
        value=80.1,
        kind="absolute",
    )
    Paper.objects.refresh_facets([paper.pk])
    results_before = Result.objects.count()

    plan = merge(survivor, [dup])

    assert (plan.benchmarks_moved, plan.benchmarks_combined) == (1, 1)
    assert (plan.results_moved, plan.results_combined) == (1, 1)
    assert Result.objects.count() == results_before - 1
    assert set(Benchmark.objects.values_list("dataset_id", "metric_key")) == {
        (survivor.pk, "top1"),
        (survivor.pk, "f1"),
    }
    moved = Benchmark.objects.get(metric_key="f1")
    assert moved.slug == f"{survivor.slug}-f1"
    top1 = Benchmark.objects.get(metric_key="top1")
    assert set(top1.results.values_list("paper_id", "value")) == {
        (paper.pk, 80.1),
        (other.pk, 79.0),
    }
    merged_result = top1.results.get(paper=paper)
    assert merged_result.evidence  # evidence of the extracted duplicate kept
    paper.refresh_from_db()
    assert paper.dataset_ids == [survivor.pk]
    assert sorted(paper.benchmark_ids) == sorted([top1.pk, moved.pk])
    assert DatasetAlias.objects.filter(dataset=survivor, key="ilsvrc2012").exists()
    assert not Dataset.objects.filter(pk=dup.pk).exists()


@pytest.mark.django_db
def test_merging_tags_keeps_every_tagged_paper():
    a, b, c = make_tag("to read"), make_tag("ToRead later"), make_tag("toread")
    p1 = make_paper("1", tags=["to read"])
    p2 = make_paper("2", tags=["ToRead later", "toread"])
    p3 = make_paper("3", tags=["to read", "toread"])
    plan = merge(a, [b, c])
    assert (plan.links_moved, plan.links_combined) == (1, 2)
    assert set(PaperTag.objects.values_list("paper_id", "tag_id")) == {
        (p1.pk, a.pk),
        (p2.pk, a.pk),
        (p3.pk, a.pk),
    }
    assert list(Tag.objects.values_list("name", flat=True)) == ["to read"]
    for paper in (p1, p2, p3):
        paper.refresh_from_db()
        assert paper.tag_ids == [a.pk]


@pytest.mark.django_db
def test_renaming_a_tag_keeps_its_papers(curator_client):
    tag = make_tag("nlp")
    paper = make_paper("P", tags=["nlp"])
    url = reverse("admin:papers_tag_change", args=[tag.pk])
    response = curator_client.post(
        url, {"name": "Natural language", "slug": "", "description": "", "colour": "#112233"}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug, tag.colour) == ("Natural language", "natural-language", "#112233")
    assert list(paper.tags.all()) == [tag]


@pytest.mark.django_db
def test_merge_refuses_nonsense():
    method = make_method("A")
    with pytest.raises(MergeError):
        merge(method, [method])
    with pytest.raises(MergeError):
        merge(method, [make_dataset("A")])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    links=st.lists(
        st.tuples(
            st.integers(0, 5),  # paper
            st.integers(0, 3),  # method; 0 is the survivor
            st.booleans(),  # proposed
            st.sampled_from(LinkStatus.values),
        ),
        max_size=20,
        unique_by=lambda t: (t[0], t[1]),
    )
)
@pytest.mark.django_db
def test_no_paper_loses_its_method_in_a_merge(links):
    with transaction.atomic():
        methods = [make_method(f"Method {i}") for i in range(4)]
        papers = [make_paper(f"Paper {i}") for i in range(6)]
        for p, m, proposed, status in links:
            PaperMethod.objects.create(
                paper=papers[p], method=methods[m], proposed=proposed, status=status
            )
        Paper.objects.refresh_facets([p.pk for p in papers])
        expected = {}
        for p, _, proposed, status in links:
            got = expected.setdefault(p, [False, set()])
            got[0] |= proposed
            got[1].add(status)

        plan = merge(methods[0], methods[1:])

        rows = list(PaperMethod.objects.all())
        assert {r.paper_id for r in rows} == {papers[p].pk for p in expected}
        assert all(r.method_id == methods[0].pk for r in rows)
        assert plan.links_moved + plan.links_combined == sum(1 for _, m, _, _ in links if m)
        for p, (proposed, statuses) in expected.items():
            row = next(r for r in rows if r.paper_id == papers[p].pk)
            assert row.proposed == proposed
            best = max(statuses, key=["auto", "rejected", "accepted"].index)
            assert row.status == best
            papers[p].refresh_from_db()
            visible = best != LinkStatus.REJECTED
            assert papers[p].method_ids == ([methods[0].pk] if visible else [])
        transaction.set_rollback(True)


# -- the admin action --------------------------------------------------------------------------


@pytest.mark.django_db
def test_merge_action_previews_then_merges(curator, curator_client):
    keep, dup = make_method("Transformer"), make_method("Transformers")
    make_paper("1", methods=["Transformer"])
    make_paper("2", methods=["Transformer"])
    make_paper("3", methods=["Transformers"])
    url = reverse("admin:papers_method_changelist")
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk]}

    preview = curator_client.post(url, {**selected, "index": 0})
    assert preview.status_code == 200
    assert preview.templates[0].name == "admin/papers/merge_preview.html"
    assert preview.context["survivor"] == keep  # most papers
    assert preview.context["plan"].links_moved == 1
    assert "Transformers" in preview.context["plan"].aliases_created
    assert Method.objects.count() == 2

    # Choosing another survivor and confirming without looking shows the preview again.
    again = curator_client.post(
        url, {**selected, "survivor": dup.pk, "previewed": keep.pk, "confirm": "yes"}
    )
    assert again.status_code == 200 and again.context["survivor"] == dup
    assert Method.objects.count() == 2

    done = curator_client.post(
        url, {**selected, "survivor": keep.pk, "previewed": keep.pk, "confirm": "yes"}
    )
    assert done.status_code == 302
    assert list(Method.objects.all()) == [keep]
    assert PaperMethod.objects.filter(method=keep).count() == 3
    entries = LogEntry.objects.filter(user=curator)
    assert {e.object_repr for e in entries} == {"Transformer", "Transformers"}
    assert (
        "Merged “Transformers” into “Transformer”"
        in entries.get(object_id=str(keep.pk)).change_message
    )


@pytest.mark.django_db
def test_merge_action_needs_two(curator_client):
    tag = make_tag("solo")
    response = curator_client.post(
        reverse("admin:papers_tag_changelist"),
        {"action": "merge_selected", "_selected_action": [tag.pk], "index": 0},
        follow=True,
    )
    assert "Select two or more" in response.content.decode()


@pytest.mark.django_db
def test_merge_action_for_tags_and_datasets(curator_client):
    a, b = make_tag("a"), make_tag("b")
    make_paper("P", tags=["a", "b"])
    url = reverse("admin:papers_tag_changelist")
    data = {"action": "merge_selected", "_selected_action": [a.pk, b.pk]}
    curator_client.post(url, {**data, "survivor": a.pk, "previewed": a.pk, "confirm": "yes"})
    assert list(Tag.objects.all()) == [a]

    d1, d2 = make_dataset("COCO"), make_dataset("MS COCO")
    make_paper("Q", datasets=["MS COCO"])
    url = reverse("admin:papers_dataset_changelist")
    data = {"action": "merge_selected", "_selected_action": [d1.pk, d2.pk]}
    preview = curator_client.post(url, {**data, "index": 0})
    assert preview.context["survivor"] == d2
    curator_client.post(url, {**data, "survivor": d1.pk, "previewed": d1.pk, "confirm": "yes"})
    assert list(Dataset.objects.all()) == [d1]
    assert DatasetAlias.objects.filter(dataset=d1, name="MS COCO").exists()
