import pytest
from django.core.cache import cache

from papers import caching
from tests.browser import browser, page  # noqa: F401  (shared Playwright fixtures)


def clear_caches() -> None:
    """Forget cached facet blocks: a test that writes between two requests calls this, since
    the catalogue version (Postgres's write counters) may take a few seconds to move."""
    caching.clear_local_cache()
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_caches(request):
    # pytest-django's own autouse fixture has opened database access by now when the test is
    # marked; the cache table is not flushed between transactional tests, so empty it.
    caching.clear_local_cache()
    if request.node.get_closest_marker("django_db"):
        cache.clear()
    yield
    caching.clear_local_cache()
