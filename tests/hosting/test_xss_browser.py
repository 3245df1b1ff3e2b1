"""Hostile text from an ingested file and from the admin stays inert in a real browser."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from papers.models import Note, Paper, Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"


def _ingest_hostile_file(tmp_path) -> Paper:
    record = {
        "id": "2501.99999",
        "listing_date": "2025-01-15",
        "title": f"Robust parsing {PAYLOAD}",
        "authors": [f"Eve {SCRIPT}"],
        "abstract": (
            f"We propose HostileNet {SCRIPT} for parsing. It reaches 91.2% accuracy on COCO. "
            'Code: https://github.com/evil/repo"><script>window.__xss=1</script> and '
            "javascript:window.__xss=1"
        ),
        "categories": ["cs.CV"],
        "comment": f"Project page: javascript:alert(1) {PAYLOAD}",
    }
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(record) + "\n")
    call_command("ingest", str(path), verbosity=0)
    return Paper.objects.get(arxiv_id="2501.99999")


def _add_tag_through_admin(page, live_server, paper: Paper) -> Tag:
    get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123!")
    page.goto(live_server.url + "/admin/login/?next=/admin/papers/tag/add/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw-root-123!")
    page.click("input[type=submit]")
    page.fill("#id_name", f"tag {PAYLOAD}")
    page.fill("#id_description", SCRIPT)
    with page.expect_navigation():
        page.click("input[name=_save]")
    errors = page.locator(".errorlist").all_inner_texts()
    assert not errors, errors
    tag = Tag.objects.get(name=f"tag {PAYLOAD}")
    tag.paper_tags.create(paper=paper)
    Paper.objects.refresh_facets([paper.pk])
    Note.objects.create(
        paper=paper,
        body=f"Note {SCRIPT} [link](javascript:alert(1))",
        visibility=Note.Visibility.PUBLIC,
    )
    return tag


def test_hostile_titles_links_tags_and_notes_render_as_text(live_server, page, tmp_path):
    paper = _ingest_hostile_file(tmp_path)
    assert all(link.url.startswith(("http://", "https://")) for link in paper.repo_links.all())
    tag = _add_tag_through_admin(page, live_server, paper)

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = [
        "/",
        "/?q=robust",
        paper.get_absolute_url(),
        tag.get_absolute_url(),
        "/tags/",
        "/admin/papers/paper/",
        f"/admin/papers/paper/{paper.pk}/change/",
        "/admin/papers/tag/",
    ]
    for url in urls:
        page.goto(live_server.url + url)
        assert page.evaluate("window.__xss") is None, url
        assert page.locator("script:not([src])").count() == 0 or url.startswith("/admin"), url
    assert dialogs == []

    page.goto(live_server.url + paper.get_absolute_url())
    assert PAYLOAD in page.locator("h1").inner_text()
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto(live_server.url + tag.get_absolute_url())
    assert f"tag {PAYLOAD}" in page.locator("body").inner_text()
