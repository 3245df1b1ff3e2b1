import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("curator", password="the-right-password-1")
    client = Client(enforce_csrf_checks=False)
    for _ in range(3):
        client.post(
            "/accounts/login/", {"username": "curator", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "curator", "password": "the-right-password-1"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_forms_require_csrf_tokens():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
