import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent


def database_url(settings_dict: dict, name: str | None = None) -> str:
    """A DATABASE_URL for a subprocess to reach the same server (TCP or the embedded server's
    socket folder, which is why the host goes in the query string)."""
    options = settings_dict.get("OPTIONS", {})
    query = {"host": settings_dict.get("HOST") or options.get("host", "")}
    if port := settings_dict.get("PORT") or options.get("port"):
        query["port"] = str(port)
    auth = quote(settings_dict["USER"])
    if settings_dict.get("PASSWORD"):
        auth += ":" + quote(settings_dict["PASSWORD"])
    return f"postgres://{auth}@/{quote(name or settings_dict['NAME'])}?{urlencode(query)}"


def run_manage(*args: str, env: dict[str, str] | None = None, timeout: int = 120):
    """Run manage.py in a fresh process, as a user would, and return the completed process."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def manage():
    return run_manage


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests render templates without running collectstatic first; the start-script test covers
    # the hashed, compressed storage that production uses.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
