"""Whatever arrives in a URL, every browse page answers 200 or 404, never an error.

The test client re-raises any exception a view lets through, so a 500 fails the test with its
traceback.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.browse.helpers import make_catalogue

KEYS = [
    "q", "method", "dataset", "benchmark", "tag", "year", "has_code", "org", "category", "source",
    "sort", "page", "fq", "format", "per_page", "unknown", "q[]", "", "\u00e9",
]  # fmt: skip
NASTY = [
    "'; DROP TABLE papers_paper; --",
    "<script>alert(1)</script>",
    '" onmouseover="x',
    "\x00",
    "%00",
    "a\x00b",
    "clip",
    "coco",
    "2024",
    "1",
    "0",
    "-1",
    "99999999999999999999",
    "relevance",
    "title",
    "&|!:*()",
    "\\",
    "\u202e\u0000\ufeff",
    "🦓 zebra",
    "x" * 5000,
    "mask " * 300,
    '"unterminated phrase',
    "or or or -",
    "data/batch-0.jsonl",
]
# Text Postgres and URLs can carry: any character but lone surrogates (not encodable).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
VALUES = st.one_of(st.sampled_from(NASTY), TEXT)
PARAMS = st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), TEXT), VALUES), max_size=12)
PAGES = ["/", "/export.csv", "/export.json", "/facets/method/", "/facets/year/", "/methods/",
         "/tags/", "/benchmarks/"]  # fmt: skip


def _url(path: str, params: list[tuple[str, str]]) -> str:
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params)
    return f"{path}?{query}" if query else path


def _get(client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.fixture
def catalogue(db):
    return make_catalogue(3)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@FUZZ
@given(path=st.sampled_from(PAGES), params=PARAMS)
def test_any_query_string_gives_a_page_or_a_404(client, catalogue, path, params):
    assert _get(client, _url(path, params)) in (200, 404)


@pytest.mark.django_db
@FUZZ
@given(
    kind=st.sampled_from(["papers", "methods", "datasets", "tags", "benchmarks", "facets"]),
    slug=st.one_of(st.sampled_from(["clip", "coco", "to-read", "1", "0", "-1", "9" * 30]), TEXT),
    extra=st.one_of(st.just(""), TEXT),
    params=PARAMS,
)
def test_any_entity_path_gives_a_page_or_a_404(client, catalogue, kind, slug, extra, params):
    path = f"/{kind}/{quote(slug, safe='')}/"
    if kind == "benchmarks":
        path += f"{quote(extra, safe='') or 'ap'}/"
    if kind == "papers" and slug == "1":
        path = catalogue[0].get_absolute_url()
    assert _get(client, _url(path, params)) in (200, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["q", "method", "year", "has_code", "org", "sort", "page", "fq"])
def test_each_nasty_value_in_each_parameter(client, catalogue, key):
    for value in NASTY:
        params = [(key, value), (key, value), ("method", "clip")]
        for path in ["/", "/export.json", "/facets/dataset/"]:
            assert _get(client, _url(path, params)) in (200, 404), (key, value, path)
