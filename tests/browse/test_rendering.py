"""Abstracts, titles and snippets become HTML with a small fixed set of tags; CSV cells are safe."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papers.rendering import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    csv_cell,
    plain_snippet,
    render_abstract,
    render_highlight,
    render_title,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AP$_{50}$ of 41.2", "AP<sub>50</sub> of 41.2"),
        ("M^3AE beats x^2", "M<sup>3</sup>AE beats x<sup>2</sup>"),
        ("a_{i} and b^{T}", "a<sub>i</sub> and b<sup>T</sup>"),
        ("$x_i^2$ and $\\sim$3x", "x<sub>i</sub><sup>2</sup> and ∼3x"),
        ("from $5 to $10", "from $5 to $10"),
        ("10\\% better, $\\times 2$", "10% better, × 2"),
        ("<b>bold</b> & co", "&lt;b&gt;bold&lt;/b&gt; &amp; co"),
        ("hard\nline   breaks", "hard line breaks"),
    ],
)
def test_abstracts_show_inline_latex_and_escape_everything_else(text, expected):
    assert render_abstract(text) == expected


def test_urls_are_unwrapped_and_linked_without_their_punctuation():
    out = render_abstract("Code at \\url{https://github.com/a/b_c}. See https://x.org/(a)).")
    assert out == (
        'Code at <a href="https://github.com/a/b_c" rel="nofollow noopener">'
        "https://github.com/a/b_c</a>. See "
        '<a href="https://x.org/(a)" rel="nofollow noopener">https://x.org/(a)</a>).'
    )


def test_only_http_links_are_made():
    assert "<a" not in render_abstract("javascript:alert(1) data:text/html,x ftp://x")


def test_titles_are_never_linked():
    assert render_title("See https://x.org for M^2") == "See https://x.org for M<sup>2</sup>"


def test_snippets_mark_only_complete_marker_pairs():
    text = f"a {HIGHLIGHT_START}mask{HIGHLIGHT_STOP} b <i> {HIGHLIGHT_START}c AP$_{{5}}$"
    assert render_highlight(text) == "a <mark>mask</mark> b &lt;i&gt; c AP<sub>5</sub>"


def test_csv_cells_that_look_like_formulas_are_defused():
    assert [csv_cell(v) for v in ["=1+1", "+1", "-1", "@SUM", "\tx", "ok", None, 3]] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM",
        "'\tx",
        "ok",
        "",
        "3",
    ]


def test_plain_snippets_cut_at_a_word():
    assert plain_snippet("word " * 100, 22) == "word word word word …"
    assert plain_snippet("short", 22) == "short"


_ALLOWED = re.compile(
    r"</?(sub|sup|mark)>|<a href=\"https?://[^\"<>]*\" rel=\"nofollow noopener\">|</a>"
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab <>&\"'$_^{}\\/:.()x1 ")) | st.characters(),
        max_size=200,
    ).map(lambda s: s + ' https://e.org/<x>"y' if len(s) % 3 == 0 else s),
    st.booleans(),
)
def test_rendered_text_holds_no_markup_but_its_own(text, highlighted):
    marked = text.replace("m", HIGHLIGHT_START, 1).replace("n", HIGHLIGHT_STOP, 1)
    out = render_highlight(marked, linkify=True) if highlighted else render_abstract(text)
    leftover = _ALLOWED.sub("", out)
    assert "<" not in leftover and ">" not in leftover
    # Nothing the text says is lost except markers, math dollars, braces and LaTeX commands.
    visible = html.unescape(re.sub(r"<[^>]+>", "", out))
    source = (
        marked.replace(HIGHLIGHT_START, " ").replace(HIGHLIGHT_STOP, " ") if highlighted else text
    )
    for word in re.findall(r"[A-Za-z0-9]{4,}", source):
        assert word in visible or "\\" in text
