"""Editorial notes: safe Markdown, attribution, and visibility."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from papers.curation.notes import ALLOWED_TAGS, public_notes, render_note
from papers.models import Note
from tests.curation.helpers import add_inline_row, edit_paper, inline_index, inline_prefix
from tests.factories import make_method, make_paper


def test_markdown_formatting_is_rendered():
    html = render_note(
        "**Bold** and *italic*\n\n- one\n- two\n\n`code` [site](https://example.org)"
    )
    assert "<strong>Bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html and "<code>code</code>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">site</a>' in html


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<div>\n<script>alert(1)</script>\n</div>",
        '<a href="https://ok.example" onclick="alert(1)">x</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "[relative](/admin/)",
        "<iframe src=https://evil.example></iframe>",
        '<span style="position:fixed">x</span>',
    ],
)
def test_raw_html_and_unsafe_links_never_render(body):
    html = render_note(body)
    for tag, attributes in re.findall(r"<([a-zA-Z0-9]+)([^>]*)>", html):
        assert tag in ALLOWED_TAGS
        names = set(re.findall(r"([a-zA-Z-]+)=", attributes))
        assert names <= {"href", "title", "rel"}, html
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("http://", "https://")), html


def test_raw_html_is_shown_as_text():
    assert render_note("a <b>bold</b> claim") == "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>"


@given(st.text(alphabet=st.sampled_from("<>\"'/=& abcijmnoprstvx:()[]!*`\n"), max_size=80))
def test_no_input_produces_a_tag_outside_the_allowed_set(body):
    html = render_note(body)
    tags = {m.lower() for m in re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", html)}
    assert tags <= ALLOWED_TAGS
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("http://", "https://"))


def test_the_template_filter_marks_rendered_html_safe():
    out = Template("{% load notes %}{{ body|markdown }}").render(
        Context({"body": "**hi** <script>x</script>"})
    )
    assert out == "<p><strong>hi</strong> &lt;script&gt;x&lt;/script&gt;</p>"


@pytest.mark.django_db
def test_note_admin_records_author_then_editor(curator, curator_client, superuser):
    paper = make_paper("Annotated")
    add = reverse("admin:papers_note_add")
    response = curator_client.post(
        add, {"paper": paper.pk, "body": "First *draft*", "visibility": "internal"}
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, note.edited_by) == (curator, None)

    from django.test import Client

    other = Client()
    other.force_login(superuser)
    change = reverse("admin:papers_note_change", args=[note.pk])
    response = other.post(change, {"paper": paper.pk, "body": "Second", "visibility": "public"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.author, note.edited_by, note.body) == (curator, superuser, "Second")
    page = other.get(change)
    assert b"<p>Second</p>" in page.content  # the rendered preview


@pytest.mark.django_db
def test_a_note_needs_exactly_one_target(curator_client):
    paper, method = make_paper("P"), make_method("M")
    add = reverse("admin:papers_note_add")
    for targets in ({}, {"paper": paper.pk, "method": method.pk}):
        response = curator_client.post(add, {**targets, "body": "x", "visibility": "internal"})
        assert response.status_code == 200
        assert "exactly one" in str(response.context["adminform"].form.non_field_errors())
    assert not Note.objects.exists()
    response = curator_client.post(
        add, {"method": method.pk, "body": "On a method", "visibility": "public"}
    )
    assert response.status_code == 302
    assert list(public_notes(method)) == [Note.objects.get()]


@pytest.mark.django_db
def test_notes_inline_on_the_paper_form(curator, curator_client):
    paper = make_paper("P")

    def add(data, response):
        add_inline_row(
            data, inline_prefix(response, "note"), body="Check the *numbers*", visibility="public"
        )

    assert edit_paper(curator_client, paper, edit=add).status_code == 302
    note = Note.objects.get(paper=paper)
    assert (note.author, note.edited_by) == (curator, None)

    def change(data, response):
        prefix = inline_prefix(response, "note")
        data[f"{prefix}-{inline_index(response, 'note', note.pk)}-body"] = "Numbers checked."

    assert edit_paper(curator_client, paper, edit=change).status_code == 302
    note.refresh_from_db()
    assert (note.body, note.author, note.edited_by) == ("Numbers checked.", curator, curator)


@pytest.mark.django_db
def test_public_notes_are_only_the_public_ones():
    paper = make_paper("P")
    shown = Note.objects.create(paper=paper, body="Public", visibility="public")
    Note.objects.create(paper=paper, body="Internal", visibility="internal")
    assert list(public_notes(paper)) == [shown]
