from tests.browser import browser, page  # noqa: F401  (shared Playwright fixtures)
