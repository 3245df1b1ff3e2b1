"""A curator tags papers in the admin (in Chromium); the public catalogue's tag facet shows it."""

import re

import pytest
from django.contrib.auth import get_user_model

from papers.models import PaperTag
from tests.factories import make_paper, make_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Curator-passphrase-1"


def _curator(group):
    user = get_user_model().objects.create_user("curator", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def _log_in(tab, live_server):
    tab.goto(live_server.url + "/admin/login/?next=/admin/papers/paper/")
    tab.fill("#id_username", "curator")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url(re.compile(r"/admin/papers/paper/$"))


def _tag_count_in_catalogue(tab, live_server, name: str, expected: str) -> str:
    """The tag facet's count for `name`, reloading briefly while the facet cache catches up."""
    shown = ""
    for _ in range(10):
        tab.goto(live_server.url + "/")
        option = tab.locator("#options-tag a", has_text=name)
        if option.count():
            shown = option.locator(".facet-count").inner_text().strip()
            if shown == expected:
                break
        tab.wait_for_timeout(500)
    return shown


def test_a_curator_tags_papers_and_the_catalogue_facet_counts_them(
    live_server, page, curators_group
):
    curator = _curator(curators_group)
    first = make_paper("Sparse attention for long documents")
    second = make_paper("Graph networks for molecules")
    make_paper("An untouched paper")
    tag = make_tag("reading-group")

    _log_in(page, live_server)

    # 1. The bulk action on the changelist.
    row = page.locator("#result_list tr", has_text=first.title)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "add_tag")
    page.select_option("select[name=tag]", str(tag.pk))
    page.click("button[name=index]")
    page.wait_for_load_state()
    assert page.locator(".messagelist").inner_text().strip() == (
        "Tagged 1 paper with “reading-group”."
    )
    assert PaperTag.objects.get(paper=first).tagged_by == curator
    assert _tag_count_in_catalogue(page, live_server, "reading-group", "1") == "1"

    # 2. The change form: the tag inline's autocomplete, as a curator types in it.
    page.goto(live_server.url + f"/admin/papers/paper/{second.pk}/change/")
    page.locator("#paper_tags-group .add-row a").click()
    page.locator("#paper_tags-group .dynamic-paper_tags .select2-selection").last.click()
    page.locator(".select2-search__field").fill("reading")
    page.locator(".select2-results__option", has_text="reading-group").click()
    page.locator("input[name=_save]").first.click()
    page.wait_for_url(re.compile(r"/admin/papers/paper/$"))
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert PaperTag.objects.get(paper=second).tagged_by == curator
    assert _tag_count_in_catalogue(page, live_server, "reading-group", "2") == "2"
