import pytest
from django.contrib.auth.models import User


@pytest.fixture
def private(settings):
    settings.CATALOGUE_PRIVATE = True
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]


@pytest.mark.django_db
def test_private_mode_sends_anonymous_visitors_to_login(client, private):
    response = client.get("/?q=vision")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/%3Fq%3Dvision"


@pytest.mark.django_db
def test_private_mode_still_answers_health_checks(client, private):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_private_mode_lets_team_members_in(client, private):
    user = User.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_login_page_renders_in_the_site_layout(client, private):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"This catalogue is private" in response.content
    assert b'name="csrfmiddlewaretoken"' in response.content


@pytest.mark.django_db
def test_public_mode_serves_the_catalogue_to_anyone(client):
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_signed_in_reader_can_sign_out(client, private):
    user = User.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)
    page = client.get("/accounts/sign-out/")
    assert b"signed in as <strong>reader</strong>" in page.content
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # private again: back to the login page
