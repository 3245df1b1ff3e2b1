from bench.live import FIELDS, half_loaded
from bench.pages import facet_links


def test_facet_links_keep_the_query_and_add_a_facet():
    page = """
    <a href="/?q=segmentation&amp;method=12">U-Net (40)</a>
    <a href="?q=segmentation&year=2025">2025</a>
    <a href="/?q=segmentation&page=2">next</a>
    <a href="/?q=detection&method=12">other query</a>
    <a href="/papers/3/">a paper</a>
    <a href="https://example.org/?q=segmentation&method=1">elsewhere</a>
    <a href="/?q=segmentation&method=12">U-Net again</a>
    """
    assert facet_links(page, "segmentation") == [
        "/?q=segmentation&method=12",
        "/?q=segmentation&year=2025",
    ]


def test_no_facet_links_on_a_page_without_facets():
    assert facet_links("<ul><li><a href='/papers/1/'>x</a></li></ul>", "segmentation") == []


def _state(**changes):
    base = dict.fromkeys(FIELDS, 1)
    base.update(changes)
    return tuple(base[name] for name in FIELDS)


def test_a_paper_seen_in_its_final_state_is_not_half_loaded():
    final = {1: _state(), 2: _state(method_links=3)}
    observed = {1: {_state()}, 2: {_state(method_links=3)}}
    assert half_loaded(observed, final) == []


def test_a_paper_seen_before_its_links_were_written_is_half_loaded():
    final = {7: _state(method_links=2, method_ids=2)}
    observed = {7: {_state(method_links=0, method_ids=0), _state(method_links=2, method_ids=2)}}
    (found,) = half_loaded(observed, final)
    assert found["paper"] == 7
    assert found["differs"] == {
        "method_links": {"seen": 0, "final": 2},
        "method_ids": {"seen": 0, "final": 2},
    }


def test_a_paper_deleted_after_it_was_seen_is_not_counted():
    assert half_loaded({5: {_state()}}, {}) == []
