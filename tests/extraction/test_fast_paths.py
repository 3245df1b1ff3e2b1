"""The faster forms of text steps give exactly what their plain forms give.

Each reference below is the straightforward version that the fast path replaced; hypothesis
feeds both the same abstract-like text."""

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from papers.extraction.keys import _fold
from papers.extraction.mentions import Found, merge
from papers.extraction.proposals import _CLAUSE_ENDS, _clause_end
from papers.extraction.results import find_numbers
from papers.extraction.text import _ABBREVIATIONS, Doc, has_scheme_url, has_url, squash_spaces
from papers.extraction.vocabulary import REFERENCE_WORDS

ROOT = Path(__file__).resolve().parents[2]

_PIECES = st.lists(
    st.sampled_from(
        list("abXY019 .,;:?!()[]'\"%\n\t\r\x0b\x1c\xa0\u2009²")
        + [". ", ".) ", '." ', "? A", "e.g. ", "et al. ", "3.5%", "1.2.3", " 4 %", " which "]
        + [" to "]
        + [" than ", " by ", "previous ", " based on ", "Prior ", "termed ", " and we "]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_PIECES)
def test_squash_spaces_equals_split_and_join(text):
    assert squash_spaces(text) == " ".join(text.split())


def _reference_sentence_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"[.?!][\"')\]]? (?=[A-Z0-9(\[])", text):
        if not text[max(0, match.start() - 6) : match.start() + 1].endswith(_ABBREVIATIONS):
            starts.append(match.end())
    return starts


@settings(max_examples=400, deadline=None)
@given(text=_PIECES)
def test_sentence_starts_equal_the_single_pattern_split(text):
    text = squash_spaces(text)
    assert Doc(text)._sentence_starts() == _reference_sentence_starts(text)


def test_sentence_ends_after_closing_brackets_quotes_and_question_marks():
    doc = Doc('It works (see A.) Then "B." Next? Yes! e.g. Not a break.')
    assert [doc.text[s : s + 4] for s in doc._sentence_starts()] == [
        "It w",
        "Then",
        "Next",
        "Yes!",
    ]


def _reference_clause_end(text: str, pos: int, limit: int = 180) -> int:
    end = min(len(text), pos + limit)
    window = text[pos:end]
    end = pos + min((i for w in _CLAUSE_ENDS if (i := window.find(w)) >= 0), default=len(window))
    if text[end - 1 : end] == ",":
        end -= 1
    lowered = text[pos:end].lower()
    cut = min((i for w in REFERENCE_WORDS if (i := lowered.find(w)) >= 0), default=-1)
    return pos + cut if cut >= 0 else end


@settings(max_examples=300, deadline=None)
@given(text=_PIECES, pos=st.integers(min_value=0, max_value=60))
def test_clause_end_finds_the_earliest_clause_end_and_reference_word(text, pos):
    text = squash_spaces(text)
    pos = min(pos, len(text))
    assert _clause_end(text, pos) == _reference_clause_end(text, pos)


@settings(max_examples=400, deadline=None)
@given(text=_PIECES)
def test_numbers_in_ascii_text_are_found_as_in_any_text(text):
    text = squash_spaces(text)
    # "\u2009" makes the text non-ASCII, which takes the character-by-character path.
    wide = text + " \u2009"
    assert [(n.start, n.value) for n in find_numbers(text)] == [
        (n.start, n.value) for n in find_numbers(wide) if n.start < len(text)
    ]


def test_merge_prefers_the_group_of_the_name_over_that_of_the_acronym():
    merged = merge([Found("Alpha Net", 0), Found("ANX", 20), Found("Alpha Net", 40, acronym="ANX")])
    assert [(m.name, m.acronym) for m in merged] == [("Alpha Net", "ANX"), ("ANX", "")]


def test_merging_does_not_depend_on_the_string_hash_seed():
    # A name and an acronym that belong to two different earlier mentions: which one the
    # definition joined used to follow set iteration order, i.e. the process's hash seed.
    script = (
        "from papers.extraction.mentions import Found, merge; "
        "found = [Found('Alpha Net', 0), Found('ANX', 20), Found('Alpha Net', 40, acronym='ANX')]; "
        "print([(m.name, m.acronym) for m in merge(found)])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(outputs) == 1


_URL_PIECES = st.lists(
    st.sampled_from(
        ["a", " ", "/", ":", ".", "://", "www.", ".com/", ".co/", ".COM/", "https://", "github"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(raw=_URL_PIECES)
def test_url_checks_equal_the_plain_substring_tests(raw):
    assert has_url(raw) == ("://" in raw or "www." in raw or ".com/" in raw or ".co/" in raw)
    assert has_scheme_url(raw) == ("://" in raw or "www." in raw)


def _reference_fold(name: str) -> str:
    name = name.strip()
    if re.fullmatch(r"[A-Z][A-Za-z0-9\-]*[A-Z0-9]s", name):
        name = name[:-1]
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("+", "plus").replace("∞", "inf").replace("&", "and")
    text = re.sub(r"[\s\-]+(?:datasets?|benchmarks?|database|corpus)$", "", text)
    return re.sub(r"[\W_]+", "", text)


_NAME_PIECES = st.lists(
    st.sampled_from(
        list("aZ9 -_+&∞é\u2009²") + ["ﬁ", "ViT", "CNNs", "Net", " dataset", "-benchmarks", "corpus"]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(name=_NAME_PIECES)
def test_fold_equals_the_plain_folding(name):
    assert _fold(name) == _reference_fold(name)
