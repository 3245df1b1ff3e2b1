"""Datasets: the curated list, acronym definitions, and how unseen names are written about
("on the X dataset", "benchmarks such as X, Y and Z", "2.9% on X", "image classification (X)")."""

import re
from collections.abc import Iterator

from .acronyms import Definition
from .gazetteer import Hit, Scan
from .keys import entity_key, is_generic
from .mentions import Found
from .names import is_capitalised, is_coined, is_modifier, list_at
from .proposals import Claim
from .results import is_metric
from .text import Doc
from .vocabulary import DATASET_HEADS, words

_LIST_OPENER = re.compile(
    r"\s*(?P<open>[:(])?\s*,?\s*"
    r"(?:(?P<word>such as|including|namely|like|i\.e\.,?|e\.g\.,?|viz\.,?)\s+)?"
)
_EVALUATED_ON = re.compile(
    r"(?:experiments?|evaluat\w+|results|trained|tested|tuned|validated)"
    r"\s+(?:[a-z\-]+\s+){0,3}?(?:on|in|using)\s+(?:the\s+)?"
)
# "2.9% on LTCC", "47.9 box AP on COCO": a name right after a score is what it was measured on.
_AFTER_SCORE = re.compile(
    r"(?:\s?%| ?points?| ?pp)?\s+(?:[A-Za-z@\-0-9]+\s+){0,3}?(?:on|in)\s+(?:the\s+)?"
)
_TASK_WORDS = [
    "classification",
    "segmentation",
    "detection",
    "retrieval",
    "answering",
    "grounding",
    "captioning",
    "recognition",
    "estimation",
    "generation",
    "tracking",
    "reasoning",
    "translation",
    "summarization",
    "understanding",
    "completion",
    "prediction",
    "matching",
    "localization",
]
_HEAD_WORDS = ("dataset", "benchmark", "database", "corpus", "corpora")
TRIGGERS = (
    [(w, "head") for w in _HEAD_WORDS]
    + [(w.capitalize(), "head") for w in _HEAD_WORDS]
    + [(w, "suffix") for w in ("Bench", "DB")]
    + [
        (f" {w}", "evaluated")
        for w in ("experiment", "evaluat", "results ", "trained ", "tested ", "validated ")
    ]
    + [("-tuned ", "evaluated"), ("-trained ", "evaluated"), (" tuned ", "evaluated")]
    + [(f"{w} (", "task_paren") for w in _TASK_WORDS]
)
# "a newly introduced dataset, Personal Concepts with Visual Ambiguity (PerVA)"
_HEAD_BEFORE = re.compile(r"(?:datasets?|benchmarks?|database|corpus)(?:,| called| named)? $")
# "Visual Persona-500K, a dataset of ...", "X, a large-scale multilingual benchmark"
_APPOSITIVE_HEAD = re.compile(r", (?:a|an) (?:[\w\-]+ ){0,4}$")
_NEW = re.compile(r"\b(?:new|newly|novel|our|proposed)\b")
_APPOSITION_END = re.compile(r"\s?(?:\(|,|\.|;|$| and )")
_SLASH_TAIL = re.compile(r"(?:/(?:[+\w][\w.+]{0,4}))+")
_VERSION_END = re.compile(r"[vV]?\d+(?:\.\d+)*$")
_VERSION = re.compile(r"[vV]?\d+(?:\.\d+)*")
_SUFFIX_NAME = re.compile(r"[A-Z][A-Za-z0-9]*$")
# Capitalised words that precede "dataset" without naming one.
_NOT_NAMES = words(
    """English Chinese Japanese Korean German French Spanish Arabic Hindi Russian Multilingual
    Public Real Synthetic New Large Small Open Benchmark Dataset Datasets Existing Popular
    Standard Common Medical Clinical Benchmarks Several Multiple Various Other Both"""
)


def slash_variants(text: str, hit: Hit) -> tuple[list[str], int]:
    """Names written as one hit with slashes: "RefCOCO/+/g", "SQuAD v1.1/v2.0", "V4/V6"."""
    tail = _SLASH_TAIL.match(text, hit.end)
    if not tail:
        return [], hit.end
    names = []
    for part in tail.group()[1:].split("/"):
        if _VERSION_END.search(hit.surface) and _VERSION.fullmatch(part):
            names.append(_VERSION_END.sub(part, hit.surface))
        elif len(part) <= 2:
            names.append(hit.surface + part)
    return names, tail.end()


def find_datasets(
    doc: Doc,
    definitions: list[Definition],
    scan: Scan,
    claims: list[Claim],
    title_hits: list[Hit],
    method_keys: frozenset[str],
    score_ends: list[int],
    blocked: set[str],
) -> tuple[list[Found], dict[int, int]]:
    """Dataset mentions, and the spans of every recognised name (for list parsing elsewhere)."""
    text = doc.text
    found: list[Found] = []
    spans: dict[int, int] = {}
    redefined = _redefined(definitions)
    for hit in scan.hits:
        if hit.entry.kind != "dataset" or hit.surface in redefined:
            spans[hit.start] = hit.end
            continue
        found.append(Found(hit.surface, hit.start, end=hit.end))
        variants, end = slash_variants(text, hit)
        found.extend(Found(v, hit.start, end=end) for v in variants)
        spans[hit.start] = end
    for hit in title_hits:
        if hit.entry.kind == "dataset":
            found.append(Found(hit.surface, -1))
    for d in definitions:
        headed = _HEAD_BEFORE.search(text, max(0, d.start - 40), d.start)
        if _is_dataset_definition(d) or headed:
            new = bool(headed) and bool(_NEW.search(text, max(0, d.start - 60), d.start))
            found.append(Found(d.long, d.start, d.short, flag=new, end=d.end))
            spans.setdefault(d.start, d.end)
    for claim in claims:
        if claim.kind == "dataset":
            found.append(Found(claim.name, claim.pos, claim.acronym, flag=True))
    starts = [m.end() for at in scan.at("evaluated") if (m := _EVALUATED_ON.match(text, at + 1))]
    starts += [m.end() for end in score_ends if (m := _AFTER_SCORE.match(text, end))]
    for start in starts:
        items = list_at(text, start, spans=spans)
        found.extend(
            Found(name, pos)
            for pos, name in items
            if pos not in spans and not is_modifier(text, pos + len(name))
        )
    defined_parens = {d.end for d in definitions}
    for at in scan.at("task_paren"):
        open_at = text.find("(", at)
        close_at = text.find(")", open_at)
        if close_at + 1 in defined_parens:
            continue  # "multi-token prediction (MTP)" defines an acronym, it names no dataset
        items = list_at(text, open_at + 1, allow_capitalised=True, spans=spans)
        if items and text.startswith(")", items[-1][0] + len(items[-1][1])):
            found.extend(Found(name, pos) for pos, name in items if pos not in spans)
    found.extend(_around_heads(doc, scan.at("head"), spans))
    found.extend(_suffixed(text, scan.at("head") + scan.at("suffix")))
    return [f for f in found if _acceptable(f.name, method_keys, blocked)], spans


def _suffixed(text: str, marks: list[int]) -> list[Found]:
    """Names built on the word: "RemovalDataset", "VideoBench", "MedCorpus"."""
    found = []
    for at in marks:
        if at <= 0 or not text[at - 1].isalnum() or not text[at].isupper():
            continue
        end = at
        while end < len(text) and text[end].isalnum():
            end += 1
        head = _SUFFIX_NAME.search(text, max(0, at - 30), at)
        if (
            head
            and text[at:end].isalpha()
            and (head.start() == 0 or not text[head.start() - 1].isalnum())
        ):
            found.append(Found(text[head.start() : end], head.start()))
    return found


def _redefined(definitions: list[Definition]) -> set[str]:
    """Short forms this text defines as something else ("AVA" as a method, say)."""
    return {d.short for d in definitions if entity_key(d.long) != entity_key(d.short)}


def _is_dataset_definition(d: Definition) -> bool:
    head = d.long.split()[-1].lower()
    return d.next_word in DATASET_HEADS or head in DATASET_HEADS


def _acceptable(name: str, method_keys: frozenset[str], blocked: set[str]) -> bool:
    key = entity_key(name)
    if not key or key in method_keys or key in blocked or is_generic(name):
        return False
    return not is_metric(name)  # "a 4.9% improvement in AP50"


def _around_heads(doc: Doc, marks: list[int], spans: dict[int, int]) -> list[Found]:
    text = doc.text
    found: list[Found] = []
    for at in marks:
        if at > 0 and text[at - 1].isalnum():
            continue
        end = at
        while end < len(text) and text[end].isalpha():
            end += 1
        found.extend(_names_before(doc, at, spans))
        apposition = _APPOSITIVE_HEAD.search(text, max(0, at - 60), at)
        if apposition:
            found.extend(_names_before(doc, apposition.start(), spans, gap=0))
        opener = _LIST_OPENER.match(text, end)
        enclosed = bool(opener and (opener.group("open") or opener.group("word")))
        # "benchmark UltraPose" and "a new dataset, PerVA (...)," name it; "benchmarks, StALT
        # separates ..." starts a new clause.
        if not opener or not (enclosed or opener.end() > end):
            continue
        if not enclosed and "," in text[end : opener.end()]:
            named = list_at(text, opener.end(), allow_capitalised=True, spans=spans, limit=1)
            after = opener.end() + len(named[0][1]) if named else -1
            if after < 0 or not _APPOSITION_END.match(text, after):
                continue
            enclosed = True
        items = list_at(
            text,
            opener.end(),
            allow_capitalised=enclosed,
            spans=spans,
            lower_tails=opener.group("open") in ("(", ":") if enclosed else False,
        )
        if not enclosed and items and not is_coined(items[0][1].split()[0]):
            continue
        found.extend(Found(name, pos) for pos, name in items if pos not in spans)
    return found


def _words_back(text: str, floor: int, end: int) -> Iterator[tuple[int, str]]:
    """The space-separated words of text[floor:end], last first, with their offsets."""
    while end > floor:
        if text[end - 1] == " ":
            end -= 1
            continue
        start = text.rfind(" ", floor, end) + 1 or floor
        yield start, text[start:end]
        end = start


def _names_before(doc: Doc, head_start: int, spans: dict[int, int], gap: int = 1) -> list[Found]:
    """The names that end `gap` characters before a head noun: "the KITTI and Waymo Open
    datasets", or before the comma of an apposition: "Visual Persona-500K, a dataset of ..."."""
    text = doc.text
    sentence_start, _ = doc.sentence_span(head_start)
    window = max(sentence_start, head_start - 90)
    # Walk back over name-like words and list separators; a list can only start at one of them.
    candidates = []
    for start, word in _words_back(text, window, head_start):
        bare = word.strip(",()")
        if bare.lower() in ("and", "or", "&") or word == ",":
            continue
        if not bare or not (
            bare[0].isupper() or bare[0].isdigit() or is_coined(bare) or start in spans
        ):
            break
        candidates.append(start)
    for start in reversed(candidates):
        if (
            text[start].islower()
            and start not in spans
            and not is_coined(text[start : start + 12].split()[0])
        ):
            continue
        items = list_at(text, start, allow_capitalised=True, spans=spans)
        if not items or items[-1][0] + len(items[-1][1]) + gap != head_start:
            continue
        kept = [
            (pos, name)
            for pos, name in items
            if pos not in spans
            and not (is_capitalised(name) and (name in _NOT_NAMES or pos == sentence_start))
        ]
        return [Found(name, pos) for pos, name in kept]
    return []
