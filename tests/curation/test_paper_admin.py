"""The Paper admin: curated fields, link decisions, search, filters, history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from papers.models import LinkStatus, Origin, Paper, PaperMethod, PaperTag, RepoLink
from tests.curation.helpers import (
    add_inline_row,
    edit_paper,
    inline_index,
    inline_prefix,
    paper_change_url,
)
from tests.factories import make_method, make_paper, make_tag

CHANGELIST = "admin:papers_paper_changelist"


def _assert_saved(response):
    assert response.status_code == 302, response.context and [
        (f.errors, getattr(f, "non_form_errors", lambda: "")())
        for f in [response.context["adminform"].form]
        + [i.formset for i in response.context["inline_admin_formsets"]]
    ]


@pytest.mark.django_db
def test_editing_ingested_fields_protects_them_from_ingest(curator_client):
    paper = make_paper("Old title", abstract="An abstract about things.", title_derived=True)
    response = edit_paper(
        curator_client, paper, {"title": "A better title", "organisation": "Acme Lab"}
    )
    _assert_saved(response)
    paper.refresh_from_db()
    assert paper.title == "A better title"
    assert paper.title_derived is False
    assert set(paper.curated_fields) == {"title", "organisation"}
    # Saving again without changes keeps the protection and adds nothing.
    _assert_saved(edit_paper(curator_client, paper))
    paper.refresh_from_db()
    assert set(paper.curated_fields) == {"title", "organisation"}


@pytest.mark.django_db
def test_unticking_a_protected_field_releases_it(curator_client):
    paper = make_paper("T", curated_fields=["title", "comment"])
    _assert_saved(edit_paper(curator_client, paper, {"curated_fields": ["comment"]}))
    paper.refresh_from_db()
    assert paper.curated_fields == ["comment"]


@pytest.mark.django_db
def test_field_changes_are_attributed_in_history(curator, curator_client):
    paper = make_paper("Attributed")
    _assert_saved(edit_paper(curator_client, paper, {"comment": "Accepted at ICML"}))
    entry = LogEntry.objects.get(object_id=str(paper.pk))
    assert entry.user == curator
    assert "Comment" in entry.get_change_message()


@pytest.mark.django_db
def test_deleting_an_extracted_method_in_the_form_rejects_it(curator_client):
    paper = make_paper("P", methods=["CLIP", "BERT"])
    link = paper.method_links.get(method__name="CLIP")

    def reject(data, response):
        prefix = inline_prefix(response, "papermethod")
        data[f"{prefix}-{inline_index(response, 'papermethod', link.pk)}-DELETE"] = "on"

    _assert_saved(edit_paper(curator_client, paper, edit=reject))
    link.refresh_from_db()
    assert link.status == LinkStatus.REJECTED
    paper.refresh_from_db()
    assert link.method_id not in paper.method_ids
    assert "CLIP" not in paper.entity_text
    message = LogEntry.objects.get(object_id=str(paper.pk)).get_change_message()
    assert "Changed Status for paper method" in message
    assert "Deleted" not in message


@pytest.mark.django_db
def test_a_curator_added_link_is_marked_as_theirs_and_really_deleted(curator_client):
    paper = make_paper("P")
    method = make_method("Mamba")

    def add(data, response):
        add_inline_row(
            data, inline_prefix(response, "papermethod"), method=method.pk, status="auto"
        )

    _assert_saved(edit_paper(curator_client, paper, edit=add))
    link = PaperMethod.objects.get(paper=paper, method=method)
    assert (link.origin, link.status) == (Origin.CURATOR, LinkStatus.ACCEPTED)
    paper.refresh_from_db()
    assert paper.method_ids == [method.pk]

    def delete(data, response):
        prefix = inline_prefix(response, "papermethod")
        data[f"{prefix}-{inline_index(response, 'papermethod', link.pk)}-DELETE"] = "on"

    _assert_saved(edit_paper(curator_client, paper, edit=delete))
    assert not PaperMethod.objects.filter(pk=link.pk).exists()
    paper.refresh_from_db()
    assert paper.method_ids == []


@pytest.mark.django_db
def test_repointing_an_extracted_link_keeps_the_original_rejected(curator_client):
    paper = make_paper("P", methods=["ResNet"])
    extracted = paper.method_links.get()
    better = make_method("ResNet-50")

    def repoint(data, response):
        prefix = inline_prefix(response, "papermethod")
        data[f"{prefix}-{inline_index(response, 'papermethod', extracted.pk)}-method"] = better.pk

    _assert_saved(edit_paper(curator_client, paper, edit=repoint))
    extracted.refresh_from_db()
    assert extracted.method.name == "ResNet" and extracted.status == LinkStatus.REJECTED
    mine = PaperMethod.objects.get(paper=paper, method=better)
    assert (mine.origin, mine.status) == (Origin.CURATOR, LinkStatus.ACCEPTED)
    paper.refresh_from_db()
    assert paper.method_ids == [better.pk]


@pytest.mark.django_db
def test_editing_an_extracted_link_accepts_it(curator_client):
    paper = make_paper("P", methods=["ViT"])
    link = paper.method_links.get()

    def propose(data, response):
        prefix = inline_prefix(response, "papermethod")
        data[f"{prefix}-{inline_index(response, 'papermethod', link.pk)}-proposed"] = "on"

    _assert_saved(edit_paper(curator_client, paper, edit=propose))
    link.refresh_from_db()
    assert link.proposed and link.status == LinkStatus.ACCEPTED and link.origin == "extracted"


@pytest.mark.django_db
def test_removing_an_extracted_repo_link_clears_has_code(curator_client):
    paper = make_paper("P", links=["https://github.com/a/b"])
    assert paper.has_code
    link = paper.repo_links.get()

    def reject(data, response):
        prefix = inline_prefix(response, "repolink")
        data[f"{prefix}-{inline_index(response, 'repolink', link.pk)}-DELETE"] = "on"

    _assert_saved(edit_paper(curator_client, paper, edit=reject))
    paper.refresh_from_db()
    assert paper.has_code is False
    assert RepoLink.objects.get(pk=link.pk).status == LinkStatus.REJECTED


@pytest.mark.django_db
def test_adding_a_repo_link_fills_in_owner_and_repo(curator_client):
    paper = make_paper("P")

    def add(data, response):
        add_inline_row(
            data,
            inline_prefix(response, "repolink"),
            url="https://github.com/org/proj",
            host="github",
            status="auto",
        )

    _assert_saved(edit_paper(curator_client, paper, edit=add))
    link = paper.repo_links.get()
    assert (link.owner, link.repo, link.origin) == ("org", "proj", Origin.CURATOR)
    paper.refresh_from_db()
    assert paper.has_code


@pytest.mark.django_db
def test_tagging_in_the_form_records_who_tagged(curator, curator_client):
    paper = make_paper("P")
    tag = make_tag("robotics")

    def add(data, response):
        add_inline_row(data, inline_prefix(response, "papertag"), tag=tag.pk)

    _assert_saved(edit_paper(curator_client, paper, edit=add))
    paper_tag = PaperTag.objects.get(paper=paper)
    assert paper_tag.tagged_by == curator and paper_tag.tagged_at is not None
    paper.refresh_from_db()
    assert paper.tag_ids == [tag.pk]


@pytest.mark.django_db
def test_accept_and_reject_buttons(curator_client):
    paper = make_paper("P", methods=["CLIP"], abstract="We use CLIP. It works.")
    link = paper.method_links.get()
    page = curator_client.get(paper_change_url(paper))
    decide = reverse("admin:papers_paper_link_status", args=[paper.pk, "method", link.pk])
    assert decide.encode() in page.content
    assert b"<mark>We use CLIP.</mark>" in page.content

    response = curator_client.post(decide, {"status": "rejected"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == LinkStatus.REJECTED
    paper.refresh_from_db()
    assert paper.method_ids == []

    curator_client.post(decide, {"status": "accepted"})
    link.refresh_from_db()
    assert link.status == LinkStatus.ACCEPTED
    paper.refresh_from_db()
    assert paper.method_ids == [link.method_id]
    history = [e.get_change_message() for e in LogEntry.objects.filter(object_id=str(paper.pk))]
    assert len(history) == 2

    assert curator_client.get(decide).status_code == 405
    assert curator_client.post(decide, {"status": "bogus"}).status_code == 302
    link.refresh_from_db()
    assert link.status == LinkStatus.ACCEPTED
    other = make_paper("Other")
    wrong_paper = reverse("admin:papers_paper_link_status", args=[other.pk, "method", link.pk])
    assert curator_client.post(wrong_paper, {"status": "rejected"}).status_code == 404
    bad_kind = reverse("admin:papers_paper_link_status", args=[paper.pk, "nope", link.pk])
    assert curator_client.post(bad_kind, {"status": "rejected"}).status_code == 404


@pytest.mark.django_db
def test_adding_a_paper_by_hand(curator_client):
    url = reverse("admin:papers_paper_add")
    response = curator_client.get(url)
    data = {k: v for k, v in _blank_add_data(response).items()} | {
        "title": "Hand made",
        "abstract": "Typed in by a curator.",
        "review_status": "new",
    }
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    paper = Paper.objects.get(title="Hand made")
    assert len(paper.fingerprint) == 40
    assert set(paper.curated_fields) == {"title", "abstract"}
    # The same abstract again is refused, with a link to the existing paper.
    data["title"] = "Duplicate"
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "already in the catalogue" in str(response.context["adminform"].form.errors)


def _blank_add_data(response):
    from tests.curation.helpers import change_form_data

    return change_form_data(response)


@pytest.mark.django_db
def test_search_uses_full_text_and_arxiv_ids(admin_client):
    hit = make_paper("Diffusion models for proteins", abstract="We fold proteins.")
    arxiv = make_paper("Unrelated", arxiv_id="2406.01234")
    make_paper("Something else", abstract="Graphs and more graphs.")
    url = reverse(CHANGELIST)

    def found(q):
        return {p.pk for p in admin_client.get(url, {"q": q}).context["cl"].result_list}

    assert found("protein folding") == {hit.pk}
    assert found('"diffusion models"') == {hit.pk}
    assert found("2406.01234") == {arxiv.pk}
    assert found("arXiv:2406.01234v2") == {arxiv.pk}
    assert found("graphs -proteins") == {p.pk for p in Paper.objects.filter(title="Something else")}


@pytest.mark.django_db
def test_filters(admin_client):
    tagged = make_paper("Tagged", tags=["rl"], methods=["PPO"], datasets=["Atari"])
    untagged = make_paper("Untagged", published=None)
    with_code = make_paper("Coded", links=["https://github.com/x/y"])
    url = reverse(CHANGELIST)

    def found(**params):
        response = admin_client.get(url, params)
        assert response.status_code == 200
        return {p.pk for p in response.context["cl"].result_list}

    assert found(tag=tagged.tag_ids[0]) == {tagged.pk}
    assert found(tag="none") == {untagged.pk, with_code.pk}
    assert found(method=tagged.method_ids[0]) == {tagged.pk}
    assert found(dataset=tagged.dataset_ids[0]) == {tagged.pk}
    assert found(year="none") == {untagged.pk}
    assert found(year="2025") == {tagged.pk, with_code.pk}
    assert found(has_code__exact="1") == {with_code.pk}
    assert found(review_status__exact="new") == {tagged.pk, untagged.pk, with_code.pk}
    assert found(title_derived__exact="0") == {tagged.pk, untagged.pk, with_code.pk}


@pytest.mark.django_db
def test_changelist_shows_tags_and_flags(admin_client):
    make_paper("Shown", tags=["alpha", "beta"], links=["https://github.com/x/y"])
    response = admin_client.get(reverse(CHANGELIST))
    content = response.content.decode()
    assert "alpha" in content and "beta" in content
    assert "Shown" in content


@pytest.mark.django_db
def test_link_admin_rejects_extracted_links_instead_of_deleting(curator_client):
    paper = make_paper("P", methods=["CLIP", "BERT"])
    extracted = paper.method_links.get(method__name="CLIP")
    delete = reverse("admin:papers_papermethod_delete", args=[extracted.pk])
    assert curator_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:papers_papermethod_changelist")
    curator_client.post(
        changelist, {"action": "mark_rejected", "_selected_action": [extracted.pk], "index": 0}
    )
    extracted.refresh_from_db()
    assert extracted.status == LinkStatus.REJECTED
    paper.refresh_from_db()
    assert extracted.method_id not in paper.method_ids
    entry = LogEntry.objects.get(object_id=str(paper.pk))
    assert "Changed Status for paper method" in entry.get_change_message()

    mine = PaperMethod.objects.create(
        paper=paper, method=make_method("Mine"), origin=Origin.CURATOR, status="accepted"
    )
    delete = reverse("admin:papers_papermethod_delete", args=[mine.pk])
    assert curator_client.post(delete, {"post": "yes"}).status_code == 302
    assert not PaperMethod.objects.filter(pk=mine.pk).exists()


@pytest.mark.django_db
def test_paper_autocomplete_matches_as_you_type(curator_client):
    paper = make_paper("Sparse attention for long documents")
    make_paper("Unrelated work")
    url = reverse("admin:autocomplete")
    params = {"app_label": "papers", "model_name": "note", "field_name": "paper"}
    for term in ("spar", "sparse atten", "Sparse attention", "2406.0"):
        results = curator_client.get(url, {**params, "term": term}).json()["results"]
        expected = [] if term == "2406.0" else [str(paper.pk)]
        assert [r["id"] for r in results] == expected, term
    assert curator_client.get(url, {**params, "term": "&|!"}).json()["results"] == []


@pytest.mark.django_db
def test_ingest_runs_are_read_only_for_everyone(admin_client):
    from papers.models import IngestRun

    run = IngestRun.objects.create(
        counts={"created": 3, "updated": 1},
        problems=[{"file": "a.jsonl", "line": 2, "message": "bad"}],
    )
    assert admin_client.get(reverse("admin:papers_ingestrun_add")).status_code == 403
    page = admin_client.get(reverse("admin:papers_ingestrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert b"bad" in page.content and b"a.jsonl" in page.content
    assert b'name="_save"' not in page.content
