"""Turning stored text into safe HTML (abstracts, titles, search snippets) and safe CSV cells.

Every function escapes its input first and only ever adds a fixed set of tags it built itself
(`sub`, `sup`, `mark`, `a` with an http(s) href), so nothing a paper's text contains can reach a
page as markup. Pure functions: no database, no request. Editorial notes (Markdown) go through
`papers.curation.notes.render_note`, the one renderer the admin preview shares.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Markers given to ts_headline instead of HTML: private-use characters, which no abstract uses,
# so the snippet can be escaped as plain text and the markers turned into <mark> afterwards.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_STOP = "\ue001"

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\""
_LATEX_URL = re.compile(r"\\url\{([^{}\s]*)\}")
# Inline maths as Pandoc reads it: no space just inside either `$`; and a span that starts with
# a digit must not be followed by one, so "from $5-$10" stays prose but "$\sim$3x" is maths.
_MATH = re.compile(r"\$(?=\S)([^$\n]{1,80}?)(?<=\S)\$")
_BRACED = re.compile(r"([_^])\{([^{}]{1,40})\}")
_SINGLE_IN_MATH = re.compile(r"([_^])([A-Za-z0-9+\-*]|\\[a-z]+)")
# Outside maths only an unambiguous superscript digit such as `M^3AE` or `x^2`.
_SINGLE_OUTSIDE = re.compile(r"(?<=[A-Za-z0-9)])\^([0-9]+|[a-z](?![a-z]))")
_TEXT_COMMANDS = re.compile(
    r"\\(?:textbf|textit|emph|mathrm|mathbf|mathcal|text|texttt)\{([^{}]*)\}"
)
_SYMBOLS = {
    r"\times": "×",
    r"\cdot": "·",
    r"\sim": "∼",
    r"\approx": "≈",
    r"\leq": "≤",
    r"\le": "≤",
    r"\geq": "≥",
    r"\ge": "≥",
    r"\pm": "±",
    r"\infty": "∞",
    r"\rightarrow": "→",
    r"\to": "→",
    r"\alpha": "α",
    r"\beta": "β",
    r"\gamma": "γ",
    r"\delta": "δ",
    r"\epsilon": "ε",
    r"\lambda": "λ",
    r"\mu": "μ",
    r"\sigma": "σ",
    r"\%": "%",
}
_SYMBOL = re.compile(
    "|".join(re.escape(s) + (r"(?![A-Za-z])" if s[-1].isalpha() else "") for s in _SYMBOLS)
)
_WHITESPACE = re.compile(r"\s+")


def _scripts(text: str, *, in_math: bool) -> str:
    """Sub- and superscripts in already-escaped text."""

    def braced(m: re.Match) -> str:
        tag = "sub" if m[1] == "_" else "sup"
        return f"<{tag}>{m[2]}</{tag}>"

    text = _BRACED.sub(braced, text)
    if in_math:
        return _SINGLE_IN_MATH.sub(braced, text)
    return _SINGLE_OUTSIDE.sub(lambda m: f"<sup>{m[1]}</sup>", text)


def _latex(text: str) -> str:
    """Inline LaTeX in escaped, URL-free text."""
    text = _TEXT_COMMANDS.sub(r"\1", text)
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m[0]], text)
    out, pos, start = [], 0, 0
    while m := _MATH.search(text, start):
        if m[1][0].isdigit() and text[m.end() : m.end() + 1].isdigit():
            start = m.start() + 1
            continue
        out.append(_scripts(text[pos : m.start()], in_math=False))
        out.append(_scripts(m[1], in_math=True))
        pos = start = m.end()
    out.append(_scripts(text[pos:], in_math=False))
    return "".join(out)


def _link(url: str) -> str:
    trailing = ""
    while url and url[-1] in _URL_TRAILING:
        # Keep a closing bracket that belongs to the URL, such as a Wikipedia link's.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        trailing = url[-1] + trailing
        url = url[:-1]
    return f'<a href="{url}" rel="nofollow noopener">{url}</a>{trailing}'


def _strip_private(text: str) -> str:
    for ch in (HIGHLIGHT_START, HIGHLIGHT_STOP, _HOLD_START, _HOLD_STOP):
        text = text.replace(ch, "")
    return text


def _render_escaped(text: str, *, linkify: bool = True) -> str:
    text = _LATEX_URL.sub(r"\1", text)
    out, pos = [], 0
    if linkify:
        # URLs are cut out first so `_` and `^` in them never become sub/superscripts.
        for m in _URL.finditer(text):
            out.append(_latex(text[pos : m.start()]))
            out.append(_link(m[0]))
            pos = m.end()
    out.append(_latex(text[pos:]))
    return "".join(out)


def render_abstract(text: str, *, linkify: bool = True) -> SafeString:
    """An abstract as HTML: hard line breaks folded, inline LaTeX shown, URLs linked."""
    text = _WHITESPACE.sub(" ", text or "").strip()
    text = _strip_private(text)
    return mark_safe(_render_escaped(str(escape(text)), linkify=linkify))  # noqa: S308


def render_title(text: str) -> SafeString:
    """A title with its LaTeX (titles such as `M^3AE` or `AP$_{50}$`), never linked."""
    return render_abstract(text, linkify=False)


_MARKED = re.compile(f"{HIGHLIGHT_START}([^{HIGHLIGHT_START}{HIGHLIGHT_STOP}]*){HIGHLIGHT_STOP}")
_HOLD_START, _HOLD_STOP = "\ue002", "\ue003"
_HELD = re.compile(f"{_HOLD_START}([0-9]+){_HOLD_STOP}")


def render_highlight(text: str, *, linkify: bool = False) -> SafeString:
    """A ts_headline result whose matches are wrapped in HIGHLIGHT_START/STOP markers.

    The text is escaped like any other; only complete marker pairs become <mark>, and stray
    markers are dropped, so a marker in the source text cannot unbalance the HTML.
    """
    text = _WHITESPACE.sub(" ", text or "").strip()
    # Marked words are set aside (as numbered placeholders) while the rest is escaped and its
    # LaTeX and links rendered, then put back inside <mark>.
    words: list[str] = []

    def hold(m: re.Match) -> str:
        words.append(str(escape(m[1])))
        return f"{_HOLD_START}{len(words) - 1}{_HOLD_STOP}"

    text = _MARKED.sub(hold, text.replace(_HOLD_START, "").replace(_HOLD_STOP, ""))
    text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")
    rendered = _render_escaped(str(escape(text)), linkify=linkify)
    rendered = _HELD.sub(lambda m: f"<mark>{words[int(m[1])]}</mark>", rendered)
    return mark_safe(rendered)  # noqa: S308


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def plain_snippet(text: str, length: int = 300) -> str:
    """The start of an abstract, cut at a word boundary."""
    text = _WHITESPACE.sub(" ", text or "").strip()
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"
