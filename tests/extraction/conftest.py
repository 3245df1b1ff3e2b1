"""Extraction tests are pure functions: no settings, no database.

The project-wide autouse fixture needs pytest-django's `settings`; this no-op override keeps
these tests runnable with `-p no:django` too."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_files():
    yield
