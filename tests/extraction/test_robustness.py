import time

from hypothesis import given, settings
from hypothesis import strategies as st

from papers.extraction import Extraction, derive_title, extract

# Pieces of real abstracts glued at random: markup, URLs, acronyms, numbers.
_ABSTRACTISH = st.lists(
    st.sampled_from(
        list("abcXYZ019 .,;:()[]{}$\\%+-/~^_@#'\"\n")
        + ["http://", "www.", "github.com/", " we propose ", " termed ", "(AB)", "ImageNet", " by "]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(abstract=st.text(max_size=500), title=st.text(max_size=80), comment=st.text(max_size=80))
def test_extract_never_raises_on_arbitrary_text(abstract, title, comment):
    result = extract(abstract, title, comment)
    assert isinstance(result, Extraction)
    if abstract.strip():
        assert derive_title(abstract, result)


@settings(max_examples=300, deadline=None)
@given(abstract=_ABSTRACTISH)
def test_extract_never_raises_on_markup_heavy_text(abstract):
    result = extract(abstract, abstract[:50], abstract[-50:])
    for link in result.links:
        assert link.url.startswith(("http://", "https://"))


def test_extract_handles_100_kb_inputs_within_bounds():
    chunk = (
        "We propose FooNet (FN), a novel framework. It reaches 85.3% top-1 accuracy on ImageNet "
        "and outperforms ResNet-50 by 2.1 AP. Code: https://github.com/foo/bar. "
    )
    abstract = chunk * (100_000 // len(chunk) + 1)
    pathological = (
        "(" * 100_000,
        "a" * 100_000,
        "1." * 50_000,
        "$" * 100_000,
        "1% " * 30_000,
        "we propose A (AB) " * 6_000,
        "https://github.com/a/b " * 5_000,
        "outperforms ABC than DEF over GHI such as JKL " * 2_500,
    )
    for text in (abstract, *pathological):
        started = time.perf_counter()
        result = extract(text, text[:1000], text[:1000])
        assert time.perf_counter() - started < 2.0
        assert len(result.methods) < 1000 and len(result.results) < 20_000
