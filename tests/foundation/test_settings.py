import os

import pytest

from catalogue.settings import env_bool, env_int, env_list
from tests.conftest import run_manage

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-key-" + "x" * 50,
    "ALLOWED_HOSTS": "catalogue.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://catalogue.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
}


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_env_bool_rejects_a_typo_instead_of_guessing(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(Exception, match="FLAG must be one of"):
        env_bool("FLAG", False)


def test_env_int_names_the_variable_in_its_error(monkeypatch):
    monkeypatch.setenv("WORKERS", "four")
    with pytest.raises(Exception, match="WORKERS must be a whole number"):
        env_int("WORKERS", 1)


def test_env_list_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.org, ,b.org ")
    assert env_list("HOSTS") == ["a.org", "b.org"]


def test_it_refuses_to_start_without_secret_key_when_debug_is_off():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set():
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env={**env, "DEBUG": ""},
    )
    assert result.stdout.strip() == "False", result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "System check identified no issues" in result.stdout
