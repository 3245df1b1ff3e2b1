"""Who can do what: curators, anonymous visitors, staff outside the group, superusers."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.factories import make_paper, make_tag

CURATOR_DELETES = {
    "delete_papermethod",
    "delete_paperdataset",
    "delete_result",
    "delete_repolink",
    "delete_methodalias",
    "delete_datasetalias",
    "delete_tag",
    "delete_papertag",
    "delete_note",
}


@pytest.mark.django_db
def test_the_migration_creates_the_curators_group():
    group = Group.objects.get(name="Curators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in (
        "paper",
        "papermethod",
        "paperdataset",
        "result",
        "repolink",
        "method",
        "dataset",
        "methodalias",
        "datasetalias",
        "benchmark",
        "tag",
        "papertag",
        "note",
    ):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames
    assert {c for c in codenames if c.startswith("delete_")} == CURATOR_DELETES
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert apps == {"papers"}
    assert "view_ingestrun" in codenames
    assert not {"add_ingestrun", "change_ingestrun", "delete_ingestrun"} & codenames


@pytest.mark.django_db
def test_createcurator_with_a_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("NEW_CURATOR_PW", "a-Long-enough-passphrase-42")
    call_command("createcurator", "dana", email="d@example.org", password_from_env="NEW_CURATOR_PW")
    user = get_user_model().objects.get(username="dana")
    assert user.is_staff and not user.is_superuser and user.email == "d@example.org"
    assert user.groups.filter(name="Curators").exists()
    assert user.check_password("a-Long-enough-passphrase-42")
    assert "a-Long-enough" not in capsys.readouterr().out


@pytest.mark.django_db
def test_createcurator_no_input_generates_and_prints_a_password(capsys):
    call_command("createcurator", "eve", no_input=True)
    out = capsys.readouterr().out
    password = next(line for line in out.splitlines() if line.startswith("Password: "))[10:]
    assert get_user_model().objects.get(username="eve").check_password(password)


@pytest.mark.django_db
def test_createcurator_promotes_an_existing_account_without_touching_its_password():
    user = get_user_model().objects.create_user("fay", password="old-Password-123")
    call_command("createcurator", "fay", no_input=True)
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="Curators").exists()
    assert user.check_password("old-Password-123")


@pytest.mark.django_db
def test_createcurator_rejects_weak_or_missing_passwords(monkeypatch):
    monkeypatch.setenv("WEAK", "123")
    with pytest.raises(CommandError, match="Password rejected"):
        call_command("createcurator", "gus", password_from_env="WEAK")
    with pytest.raises(CommandError, match="empty or unset"):
        call_command("createcurator", "gus", password_from_env="NOT_SET_ANYWHERE")
    assert not get_user_model().objects.filter(username="gus").exists()


@pytest.mark.django_db
def test_createcurator_prompts_until_the_password_is_acceptable(monkeypatch, capsys):
    answers = iter(["short", "short", "Good-Passphrase-77", "typo", *["Good-Passphrase-77"] * 2])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("os.isatty", lambda fd: True)
    call_command("createcurator", "hal")
    err = capsys.readouterr().err
    assert "too short" in err and "do not match" in err
    assert get_user_model().objects.get(username="hal").check_password("Good-Passphrase-77")


# -- admin pages by role -----------------------------------------------------------------------


def _urls(paper, tag, method_link):
    return {
        "index": reverse("admin:index"),
        "paper_list": reverse("admin:papers_paper_changelist"),
        "paper_change": reverse("admin:papers_paper_change", args=[paper.pk]),
        "paper_add": reverse("admin:papers_paper_add"),
        "paper_delete": reverse("admin:papers_paper_delete", args=[paper.pk]),
        "paper_history": reverse("admin:papers_paper_history", args=[paper.pk]),
        "recent": reverse("admin:papers_recent_curation"),
        "tag_list": reverse("admin:papers_tag_changelist"),
        "tag_delete": reverse("admin:papers_tag_delete", args=[tag.pk]),
        "method_list": reverse("admin:papers_method_changelist"),
        "method_delete": reverse("admin:papers_method_delete", args=[method_link.method_id]),
        "note_add": reverse("admin:papers_note_add"),
        "ingest_list": reverse("admin:papers_ingestrun_changelist"),
        "user_list": reverse("admin:auth_user_changelist"),
        "group_list": reverse("admin:auth_group_changelist"),
        "axes_list": reverse("admin:axes_accessattempt_changelist"),
    }


@pytest.fixture
def objects(db):
    paper = make_paper("Roles", methods=["CLIP"], tags=["t"])
    return paper, make_tag("t"), paper.method_links.get()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, objects):
    for name, url in _urls(*objects).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login")), name
    paper, _, link = objects
    decide = reverse("admin:papers_paper_link_status", args=[paper.pk, "method", link.pk])
    response = client.post(decide, {"status": "rejected"})
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    link.refresh_from_db()
    assert link.status == "auto"


CURATOR_ALLOWED = {
    "index",
    "paper_list",
    "paper_change",
    "paper_add",
    "paper_history",
    "recent",
    "tag_list",
    "tag_delete",
    "method_list",
    "note_add",
    "ingest_list",
}


@pytest.mark.django_db
def test_curators_reach_curation_pages_and_nothing_else(curator_client, objects):
    for name, url in _urls(*objects).items():
        expected = 200 if name in CURATOR_ALLOWED else 403
        assert curator_client.get(url).status_code == expected, name


@pytest.mark.django_db
def test_curators_cannot_delete_papers_even_by_posting(curator_client, objects):
    paper, _, _ = objects
    url = reverse("admin:papers_paper_delete", args=[paper.pk])
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    changelist = curator_client.get(reverse("admin:papers_paper_changelist"))
    assert (
        "delete_selected"
        not in changelist.context["action_form"].fields["action"].choices.__str__()
    )
    response = curator_client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "delete_selected", "_selected_action": [paper.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert type(paper).objects.filter(pk=paper.pk).exists()


@pytest.mark.django_db
def test_curators_only_see_the_catalogue_on_the_admin_index(curator_client):
    response = curator_client.get(reverse("admin:index"))
    apps = {app["app_label"] for app in response.context["app_list"]}
    assert apps == {"papers"}
    assert reverse("admin:papers_recent_curation").encode() in response.content


@pytest.mark.django_db
def test_superusers_can_do_everything(admin_client, objects):
    for name, url in _urls(*objects).items():
        assert admin_client.get(url).status_code == 200, name


@pytest.mark.django_db
def test_staff_outside_the_group_see_nothing(client, staff_without_group, objects):
    client.force_login(staff_without_group)
    paper, _, link = objects
    for name, url in _urls(*objects).items():
        expected = 200 if name == "index" else 403
        assert client.get(url).status_code == expected, name
    decide = reverse("admin:papers_paper_link_status", args=[paper.pk, "method", link.pk])
    assert client.post(decide, {"status": "rejected"}).status_code == 403


@pytest.mark.django_db
def test_link_decisions_need_change_permission_on_the_link(client, objects):
    paper, _, link = objects
    user = get_user_model().objects.create_user("viewer", password="x-Password-123")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_paper", "change_paper", "view_papermethod"])
    )
    client.force_login(user)
    decide = reverse("admin:papers_paper_link_status", args=[paper.pk, "method", link.pk])
    assert client.post(decide, {"status": "rejected"}).status_code == 403
    # Without the permission, the panel shows no buttons.
    page = client.get(reverse("admin:papers_paper_change", args=[paper.pk]))
    assert decide.encode() not in page.content
