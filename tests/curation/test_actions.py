"""Bulk actions on the paper changelist: each changes what it says, and says what it changed."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from papers.models import Paper, PaperTag, ReviewStatus
from tests.factories import make_paper, make_tag

CHANGELIST = "admin:papers_paper_changelist"


def run_action(client, action, papers, **extra):
    data = {"action": action, "_selected_action": [p.pk for p in papers], "index": 0, **extra}
    response = client.post(reverse(CHANGELIST), data, follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]


@pytest.mark.django_db
def test_add_tag_tags_only_the_untagged_and_reports_both(curator, curator_client):
    tag = make_tag("to-read")
    tagged = make_paper("Already", tags=["to-read"])
    fresh = [make_paper("Fresh 1"), make_paper("Fresh 2")]
    messages = run_action(curator_client, "add_tag", [tagged, *fresh], tag=tag.pk)
    assert messages == ["Tagged 2 papers with “to-read”; 1 paper already had it."]
    for paper in fresh:
        paper.refresh_from_db()
        assert paper.tag_ids == [tag.pk]
        assert PaperTag.objects.get(paper=paper, tag=tag).tagged_by == curator
    assert PaperTag.objects.get(paper=tagged).tagged_by is None  # untouched
    logged = LogEntry.objects.filter(user=curator).values_list("object_id", flat=True)
    assert sorted(logged) == sorted(str(p.pk) for p in fresh)


@pytest.mark.django_db
def test_remove_tag(curator_client):
    tag = make_tag("to-read")
    make_tag("keep")
    tagged = make_paper("Tagged", tags=["to-read", "keep"])
    plain = make_paper("Plain")
    messages = run_action(curator_client, "remove_tag", [tagged, plain], tag=tag.pk)
    assert messages == ["Removed “to-read” from 1 paper; 1 paper did not have it."]
    tagged.refresh_from_db()
    assert [t.name for t in tagged.tags.all()] == ["keep"]
    assert len(tagged.tag_ids) == 1


@pytest.mark.django_db
def test_tag_actions_need_a_tag(curator_client):
    paper = make_paper("P")
    messages = run_action(curator_client, "add_tag", [paper])
    assert "Choose a tag" in messages[0]
    assert not PaperTag.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "status", "label"),
    [
        ("mark_reviewed", ReviewStatus.REVIEWED, "reviewed"),
        ("mark_needs_attention", ReviewStatus.NEEDS_ATTENTION, "needs attention"),
        ("mark_new", ReviewStatus.NEW, "new"),
    ],
)
def test_review_status_actions(curator, curator_client, action, status, label):
    already = make_paper("Already", review_status=status)
    others = [make_paper(s, review_status=s) for s in ReviewStatus.values if s != status]
    messages = run_action(curator_client, action, [already, *others])
    assert messages == [f"Marked {len(others)} papers {label}; 1 paper already was."]
    assert set(Paper.objects.values_list("review_status", flat=True)) == {status}
    entries = LogEntry.objects.filter(user=curator)
    assert entries.count() == len(others)
    assert all(label in e.get_change_message() for e in entries)


@pytest.mark.django_db
def test_actions_apply_across_all_pages_with_select_across(curator_client):
    papers = [make_paper(f"P{i}") for i in range(3)]
    tag = make_tag("all")
    data = {
        "action": "add_tag",
        "_selected_action": [papers[0].pk],
        "select_across": "1",
        "index": 0,
        "tag": tag.pk,
    }
    curator_client.post(reverse(CHANGELIST), data)
    assert PaperTag.objects.filter(tag=tag).count() == 3


@pytest.mark.django_db
def test_actions_respect_the_current_filter_with_select_across(curator_client):
    keep = make_paper("Reviewed", review_status=ReviewStatus.REVIEWED)
    target = make_paper("New one")
    data = {
        "action": "mark_needs_attention",
        "_selected_action": [target.pk],
        "select_across": "1",
        "index": 0,
    }
    curator_client.post(reverse(CHANGELIST) + "?review_status__exact=new", data)
    keep.refresh_from_db()
    target.refresh_from_db()
    assert keep.review_status == ReviewStatus.REVIEWED
    assert target.review_status == ReviewStatus.NEEDS_ATTENTION
