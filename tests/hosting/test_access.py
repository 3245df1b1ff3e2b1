"""Who may open what: every public URL for anonymous visitors, curators and superusers."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_paper

ANONYMOUS, CURATOR, SUPERUSER = "anonymous", "curator", "superuser"


@pytest.fixture
def catalogue(db):
    return make_paper(
        "Masked autoencoders for point clouds",
        proposed=["Point-MAE"],
        datasets=["ScanObjectNN"],
        tags=["reading-group"],
        results=[("ScanObjectNN", "accuracy", 85.2, "absolute")],
        links=["https://github.com/a/b"],
    )


def _public_urls(paper) -> list[str]:
    method = paper.method_links.get().method
    dataset = paper.dataset_links.get().dataset
    benchmark = paper.results.get().benchmark
    tag = paper.tags.get()
    return [
        reverse("papers:catalogue"),
        reverse("papers:catalogue") + "?q=masked&tag=reading-group",
        reverse("papers:export_csv"),
        reverse("papers:export_json"),
        reverse("papers:facet", args=["method"]),
        paper.get_absolute_url(),
        method.get_absolute_url(),
        dataset.get_absolute_url(),
        benchmark.get_absolute_url(),
        tag.get_absolute_url(),
        reverse("papers:methods"),
        reverse("papers:datasets"),
        reverse("papers:benchmarks"),
        reverse("papers:tags"),
    ]


def _client_for(role: str, client, curators_group=None):
    users = get_user_model().objects
    if role == SUPERUSER:
        client.force_login(users.create_superuser("root", "root@example.org", "pw-root-123!"))
    elif role == CURATOR:
        from django.contrib.auth.models import Group

        user = users.create_user("cora", "cora@example.org", "pw-cora-123!", is_staff=True)
        user.groups.add(Group.objects.get_or_create(name="Curators")[0])
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", [ANONYMOUS, CURATOR, SUPERUSER])
def test_public_mode_serves_every_page_to_everyone(client, catalogue, role):
    client = _client_for(role, client)
    for url in _public_urls(catalogue):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [CURATOR, SUPERUSER])
def test_private_mode_serves_every_page_to_signed_in_users(client, catalogue, role, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    client = _client_for(role, client)
    for url in _public_urls(catalogue):
        assert client.get(url).status_code == 200, url


def test_private_mode_redirects_anonymous_visitors_from_every_page(client, catalogue, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    for url in _public_urls(catalogue):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize(("role", "status"), [(ANONYMOUS, 302), (CURATOR, 200), (SUPERUSER, 200)])
def test_admin_is_for_staff_only(client, catalogue, role, status):
    client = _client_for(role, client)
    for url in ["/admin/", "/admin/papers/paper/", f"/admin/papers/paper/{catalogue.pk}/change/"]:
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(("role", "status"), [(CURATOR, 403), (SUPERUSER, 200)])
def test_only_superusers_manage_users(client, catalogue, role, status):
    client = _client_for(role, client)
    assert client.get("/admin/auth/user/").status_code == status
