"""Text preparation: LaTeX and URL removal, mending of glued words, lazy sentence lookup."""

import bisect
import re

_URL_CHARS = r"[^\s<>\"'{}\\|^`]+"
# A literal prefix keeps the common case fast; "www." without a scheme is rarer and slower.
HTTP_RE = re.compile(r"https?://" + _URL_CHARS)
URL_RE = re.compile(r"(?:https?://|www\.)" + _URL_CHARS)
# Code hosts written without a scheme: "github.com/foo/bar".
BARE_URL_RE = re.compile(
    r"(?<![\w./@-])(?:github\.com|gitlab\.com|huggingface\.co)/[^\s<>\"'{}\\|^`]+", re.IGNORECASE
)
_BARE_HOSTS = ("github.com/", "gitlab.com/", "huggingface.co/")


def has_scheme_url(raw: str) -> bool:
    # Every form but "www." has a slash; most abstracts have none, and a one-character search is
    # many times faster than one for a longer string.
    return ("/" in raw and "://" in raw) or "www." in raw


def has_url(raw: str) -> bool:
    """Whether `raw` may hold a URL, with or without a scheme."""
    return has_scheme_url(raw) or ("/" in raw and (".com/" in raw or ".co/" in raw))


def has_bare_url(raw: str) -> bool:
    if "/" not in raw or (".com/" not in raw and ".co/" not in raw and ".COM/" not in raw):
        return False
    lowered = raw.lower()
    return any(
        (n := lowered.count(h)) and n > lowered.count("/" + h) + lowered.count("." + h)
        for h in _BARE_HOSTS
    )


def _url_pattern(raw: str) -> re.Pattern[str]:
    return URL_RE if "www." in raw else HTTP_RE


def find_urls(raw: str) -> list[re.Match[str]]:
    """URL matches in text order."""
    found = list(_url_pattern(raw).finditer(raw)) if has_scheme_url(raw) else []
    if has_bare_url(raw):
        found += list(BARE_URL_RE.finditer(raw))
        found.sort(key=lambda m: m.start())
    return found


_LATEX_WRAPPERS = re.compile(
    r"\\(?:emph|textbf|textit|texttt|textrm|textsc|text|mathrm|mathbf|mathit|mathcal|url|bm)\s*\{"
)
_LATEX_DROPS = re.compile(r"\\(?:cite[tp]?|ref|eqref|label|footnote)\s*\{[^{}]*\}")
_LATEX_SYMBOLS = {
    r"\%": "%",
    r"\&": "&",
    r"\_": "_",
    r"\sim": "~",
    r"\approx": "~",
    r"\times": "x",
    r"\infty": "∞",
    r"\pm": "±",
    r"\leq": "<=",
    r"\geq": ">=",
    r"\le": "<=",
    r"\ge": ">=",
    r"\rightarrow": "->",
    r"\to": "->",
}
_LATEX_SYMBOL_RE = re.compile("|".join(re.escape(k) + r"(?![A-Za-z])" for k in _LATEX_SYMBOLS))
_LATEX_SCRIPT = re.compile(r"([_^])\{([^{}]*)\}")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\s*|\\")
# "Wukong{ViT-B}" reads as "Wukong (ViT-B)". These patterns start with their literal character and
# look behind from there: a pattern that starts with a lookbehind is tried at every position.
_GLUED_BRACE = re.compile(r"\{(?<=\w\{)([^{}]*)\}")
_TEX_SPACE = re.compile(r"~(?:(?<=\w~)|(?=[A-Za-z]))")
_SUPERSCRIPT = re.compile(r"\^(?<=[A-Za-z]\^)(?=\w)")
# Spaces lost in scraping: "characteristic.Previous work", "method,i.e.".
_GLUED_STOP = re.compile(r"\.(?=[A-Z][a-z])")
_GLUED_COMMA = re.compile(r",(?=[A-Za-z])")


def clean_latex(text: str) -> str:
    if "\\" in text:
        text = _LATEX_DROPS.sub("", text)
        text = _LATEX_WRAPPERS.sub("{", text)
        text = _LATEX_SYMBOL_RE.sub(lambda m: _LATEX_SYMBOLS[m.group()], text)
    if "{" in text:
        text = _LATEX_SCRIPT.sub(r"\1\2", text)
        text = _GLUED_BRACE.sub(r" (\1)", text)
    if "\\" in text:
        text = _LATEX_COMMAND.sub("", text)
    if "$" in text or "{" in text or "}" in text:
        text = text.replace("$", "").replace("{", "").replace("}", "")
    if "~" in text:
        text = _TEX_SPACE.sub(" ", text)
    if "^" in text:
        text = _SUPERSCRIPT.sub("", text)
    return text


def _unglue_stop(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 2) : match.start()]
    return ". " if len(before) == 2 and before.isalpha() and before.islower() else "."


def clean(raw: str) -> str:
    """Plain single-spaced text: URLs dropped, LaTeX markup reduced to what it renders as."""
    if has_scheme_url(raw):
        raw = _url_pattern(raw).sub(" ", raw)
    if has_bare_url(raw):
        raw = BARE_URL_RE.sub(" ", raw)
    text = clean_latex(raw)
    if "." in text:
        text = _GLUED_STOP.sub(_unglue_stop, text)
    text = _GLUED_COMMA.sub(", ", text)
    return squash_spaces(text)


# What str.split() treats as whitespace in ASCII text, besides " " and "\n".
_ASCII_SPACES = ("\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def squash_spaces(text: str) -> str:
    """ " ".join(text.split()), without splitting the text into words when it is ASCII."""
    if not text.isascii():
        return " ".join(text.split())
    if "\n" in text:
        text = text.replace("\n", " ")
    for space in _ASCII_SPACES:
        if space in text:
            text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


_LONGEST_SENTENCE = 1000
# "etc." is left out: it ends sentences far more often than it continues them.
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "Fig.", "Eq.", "Sec.", "cf.", "resp.", "approx.")
# Lookbehinds that reject a stop ending an abbreviation: the regex engine tests them only where a
# full stop is, instead of Python slicing the text before each stop.
_NOT_AFTER_ABBREVIATION = "".join(f"(?<!{re.escape(a)})" for a in _ABBREVIATIONS)
# A sentence ends at [.?!], maybe a closing quote or bracket, a space, then a capital, digit or
# bracket. Full stops and the rarer marks are found apart so that each pattern starts with a
# single character, which the regex engine skips to.
_STOP_END = re.compile(r"\." + _NOT_AFTER_ABBREVIATION + r"[\"')\]]? (?=[A-Z0-9(\[])")
_MARK_END = re.compile(r"[?!][\"')\]]? (?=[A-Z0-9(\[])")


class Doc:
    """A cleaned text with sentence boundaries and parentheses found on first use."""

    __slots__ = ("text", "_starts", "_parens")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._parens: list[int] | None = None

    @property
    def parens(self) -> list[int]:
        if self._parens is None:
            found = []
            i = self.text.find("(")
            while i >= 0:
                found.append(i)
                i = self.text.find("(", i + 1)
            self._parens = found
        return self._parens

    def _sentence_starts(self) -> list[int]:
        if self._starts is None:
            text = self.text
            starts = [0]
            starts += [m.end() for m in _STOP_END.finditer(text)]
            if "?" in text or "!" in text:
                starts += [m.end() for m in _MARK_END.finditer(text)]
                starts.sort()
            self._starts = starts
        return self._starts

    def sentence_span(self, pos: int) -> tuple[int, int]:
        starts = self._starts if self._starts is not None else self._sentence_starts()
        i = bisect.bisect_right(starts, pos) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return starts[i], end

    def sentence(self, pos: int) -> str:
        """The sentence around `pos`; a window of it when the text has no sentence breaks."""
        start, end = self.sentence_span(pos)
        if end - start > _LONGEST_SENTENCE:
            start = max(start, pos - _LONGEST_SENTENCE // 2)
            end = min(end, start + _LONGEST_SENTENCE)
        return self.text[start:end].strip()
