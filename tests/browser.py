"""Playwright in Debian's Chromium, as pytest fixtures any test package can import.

    from tests.browser import browser, page  # noqa: F401  (in that package's conftest.py)

Tests that use them are marked `@pytest.mark.browser` and need `live_server` and
`@pytest.mark.django_db(transaction=True)` (the live server reads from its own thread).
Without /usr/bin/chromium they are skipped, or fail when the CI environment variable is set.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed")


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, which would break later tests that start their own loop with asyncio.run().
@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    # While that loop runs, Django's ORM calls made by the test itself (building data, checking
    # the database) must still be allowed; the flag is removed again so that subprocesses and
    # later tests never inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()
