"""The curated name lists in data/ and the one Aho-Corasick pass that reads a text.

The same automaton finds gazetteer names and the trigger words the finders react to ("termed",
" such as ", "dataset"), so each abstract is scanned once; finders then look only around those
places. Keys are matched exactly as written: forms that are safe in any case ("ImageNet") are
added in their usual casings, forms that are ordinary words in another casing ("CLIP" vs "clip",
"Spider" vs "spider") only as written. A name must sit on word boundaries, so "CLIP" is not found
inside "GrowCLIP" or "Structure-CLIP".
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files

import ahocorasick

# By package rather than by __file__: the mypyc build of this module lives in another folder.
DATA = files("papers.extraction.data")

# Size variants of a known model family: "ResNet-50", "ResNet50", "ViT-B/16", "Swin-Large".
_METHOD_VARIANT = re.compile(
    r"(?:V?\d+(?:\.\d+)?(?=[\s\-,.;:)/]|$))?"
    r"(?:-(?:\d+(?:\.\d+)?[BMKT]?|[A-Z][A-Za-z]{0,3}\d?|Tiny|Small|Base|Large|Huge|Giant|Instruct"
    r"|Chat|tiny|small|base|large|huge|giant)(?:/\d+)?(?![\w]))*(?![\w])"
)
# Datasets only take numeric variants ("ImageNet-100"); "COCO-DE" is another dataset.
_DATASET_VARIANT = re.compile(r"-\d+[A-Za-z]?(?![\w-])")


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    kind: str  # "method" | "dataset"


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    surface: str
    entry: Entry


@dataclass(slots=True)
class Scan:
    hits: list[Hit]
    marks: dict[str, list[int]] = field(default_factory=dict)  # trigger tag -> key starts

    def at(self, tag: str) -> list[int]:
        return self.marks.get(tag, [])


def read_entries(filename: str) -> list[tuple[str, ...]]:
    """Lines of a data file as (display name, alias, ...) tuples."""
    rows = []
    for line in DATA.joinpath(filename).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(tuple(form.strip() for form in line.split("|") if form.strip()))
    return rows


def read_terms(filename: str) -> list[str]:
    return [row[0] for row in read_entries(filename)]


def casings(form: str) -> set[str]:
    """The spellings under which a form is looked for."""
    letters = [c for c in form if c.isalpha()]
    camel = any(a.islower() and b.isupper() for a, b in zip(form, form[1:], strict=False))
    has_digit = any(c.isdigit() for c in form)
    # A single CamelCase or digit-bearing token is unambiguous in any case ("Imagenet"), unless
    # it is short enough to hide inside words ("LiT" in "split", "DiT" in "edit").
    if " " in form or not letters or all(c.isupper() for c in letters) or not (camel or has_digit):
        return {form}
    if len(form) < 6 and not has_digit:
        return {form}
    return {form, form.lower(), form.upper(), form[0].upper() + form[1:].lower()}


class Scanner:
    def __init__(
        self,
        entries: Iterable[tuple[Entry, tuple[str, ...]]],
        triggers: Iterable[tuple[str, str]],
    ) -> None:
        names: dict[str, list[Entry]] = {}
        tags: dict[str, list[str]] = {}
        for entry, forms in entries:
            for form in forms:
                for key in casings(form):
                    names.setdefault(key, []).append(entry)
        for key, tag in triggers:
            tags.setdefault(key, []).append(tag)
        self._automaton = ahocorasick.Automaton()
        # A trie node looks its children up one by one, in the order they were added: adding keys
        # made of frequent characters first makes the scan of ordinary prose faster.
        for key in sorted(names.keys() | tags.keys(), key=_by_frequency):
            self._automaton.add_word(
                key, (len(key), tuple(tags.get(key, ())), tuple(names.get(key, ())))
            )
        self._automaton.make_automaton()

    def scan(self, text: str) -> Scan:
        """Names and trigger positions in `text`. Trigger keys may start or end with a space;
        the text is read as if padded with one on each side."""
        found: list[Hit] = []
        marks: dict[str, list[int]] = {}
        n = len(text)
        for padded_last, (length, tags, entries) in self._automaton.iter(f" {text} "):
            start = padded_last - length  # in `text`, which the padding shifts by one
            for tag in tags:
                if tag in marks:
                    marks[tag].append(start)
                else:
                    marks[tag] = [start]
            if not entries or start < 0 or padded_last > n:
                continue
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-+"):
                continue
            for entry in entries:
                stop = _boundary_end(text, padded_last, n, entry)
                if stop:
                    found.append(Hit(start, stop, text[start:stop], entry))
        return Scan(_longest(found), marks)


# Characters of arXiv abstracts, most frequent first.
_FREQUENT = (
    " etianosrlcdhmugpfvyb,w-.kxTLMASD)I(RCzqEPOGFWV/N3j2B1H0:U4%5'89K76"
    '\\Q$}{"X;+JZY_`^?~=&[]<>*@!#'
)
_RANK = {c: i for i, c in enumerate(_FREQUENT)}


def _by_frequency(key: str) -> tuple[tuple[int, str], ...]:
    return tuple((_RANK.get(c, len(_RANK)), c) for c in key)


def _longest(found: list[Hit]) -> list[Hit]:
    if len(found) < 2:
        return found
    found.sort(key=lambda h: (h.start, h.start - h.end))
    kept: list[Hit] = []
    reach = -1
    for hit in found:
        if hit.start >= reach:
            kept.append(hit)
            reach = hit.end
    return kept


def _boundary_end(text: str, end: int, n: int, entry: Entry) -> int:
    """Where a name ending at `end` really ends, or 0 when it is part of a longer word."""
    if end >= n:
        return end
    nxt = text[end]
    if nxt == "-" and end + 1 < n and text[end + 1].islower():
        return end  # "DINO-based", "CLIP-guided"
    if nxt.isalnum() or nxt in "-+":
        variant = (_METHOD_VARIANT if entry.kind == "method" else _DATASET_VARIANT).match(text, end)
        if variant and variant.end() > end and (nxt == "-" or text[end - 1].isalpha()):
            return variant.end()
        plural = nxt == "s" and (text[end - 1].isupper() or text[end - 1].isdigit())
        if plural and (end + 1 >= n or not text[end + 1].isalnum()):
            return end  # plural acronym: "ViTs", "CNNs"
        return 0
    return end


def gazetteer_entries() -> list[tuple[Entry, tuple[str, ...]]]:
    entries: list[tuple[Entry, tuple[str, ...]]] = []
    for kind, filename in (("method", "methods.txt"), ("dataset", "datasets.txt")):
        for forms in read_entries(filename):
            entries.append((Entry(forms[0], kind), forms))
    return entries
