"""Acronym definitions, paired with their long forms by the Schwartz-Hearst algorithm.

Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
biomedical text": the short form is the text in parentheses, the long form is the shortest run
of preceding words whose characters contain the short form's letters in order, with the first
letter at the start of a word.
"""

import re
from dataclasses import dataclass

from .keys import entity_key, is_generic
from .text import Doc
from .vocabulary import (
    DATASET_HEADS,
    METHOD_LONG_HEADS,
    METHOD_NEXT,
    NON_METHOD_HEADS,
    TASK_HEADS,
)

_PAREN = re.compile(r"\(([^()]{1,24})\)")
# "we design", "MODEM is the": a subject, or a verb before an article, which a name does not
# hold ("What You Think is What You Get" does).
_CLAUSE = re.compile(r"\b(?:we|our) |\b(?:is|are|was|were) (?:a|an|the) ")
_CONNECTOR_WORDS = frozenset({"of", "and", "for", "with", "in", "on", "via", "to", "from", "by"})
_REPEAT = re.compile(r"([A-Za-z])([2-9])(?!\d)")
_LONG_PAREN = re.compile(r"\(([A-Za-z][\w\- ]{4,100})\)")
_SHORT_TOKEN = re.compile(r"[A-Z][\w\-+]{1,11}")
_FOR_SHORT = re.compile(r",? or ([A-Z][\w\-+]*) for short")
_SHORT_FORM = re.compile(r"[A-Za-z0-9][\w\-+.^∞]*(?: [\w\-+]+)?")
_WORD = re.compile(r"\S+")
_SHORT_END = re.compile(r"[;,]")
_NOT_WORD = re.compile(r"[^a-z\-]")
_HEAD_SEGMENT = re.compile(r"\s(?:for|via|with|on|using|through|by)\s")
# A long form that starts right after these is a verb phrase ("we decouple RPN and ROI head").
_SUBJECTS = frozenset({"we", "to", "which", "that", "can", "will", "it"})


@dataclass(frozen=True, slots=True)
class Definition:
    long: str
    short: str
    start: int  # of the long form
    end: int  # after the closing parenthesis
    next_word: str  # the word after the definition, lower-cased: "framework", "dataset"...


def best_long_form(short: str, candidate: str) -> int:
    """Offset in `candidate` where the long form of `short` starts, or -1.

    The long form always ends where `candidate` ends."""
    letters = [c for c in short.lower() if c.isalnum()]
    offset = _long_form_start(letters, candidate)
    if (
        offset > 0
        and candidate.count(" ", offset) + 1 < len(letters)
        and _may_extend(candidate, offset, letters)
    ):
        # "Causal Explanation Coherence (CEC)", not "Coherence": fewer words than letters may
        # be a short match inside a word when the words' initials spell the short form.
        initials = _long_form_start(letters, candidate, initials=True)
        if 0 <= initials < offset and _same_case(candidate[initials:offset], candidate[offset]):
            offset = initials
    if offset < 0 and not short.isalpha() and _REPEAT.search(short):
        # "T5 (Text-to-Text Transfer Transformer)", "R2P": a digit after a letter may count
        # words starting with it.
        letters = list(_REPEAT.sub(_repeat, short.lower()))
        offset = _long_form_start(letters, candidate, initials=True)
    return offset


def _may_extend(candidate: str, offset: int, letters: list[str]) -> bool:
    """Whether the word before the long form, past one small word, starts with one of its
    letters."""
    end = offset - 1
    if candidate[end] != " ":
        return False
    start = candidate.rfind(" ", 0, end) + 1
    if candidate[start:end] in _CONNECTOR_WORDS and start > 1:
        end = start - 1
        start = candidate.rfind(" ", 0, end) + 1
    return start < end and candidate[start].lower() in letters


def _same_case(words: str, first: str) -> bool:
    """Whether words added before a title-case long form are title case too ("Proximal", not
    "leverages a mixture of")."""
    return first.islower() or all(
        w[0].isupper() or w in _CONNECTOR_WORDS for w in words.split() if w
    )


def _repeat(match: re.Match[str]) -> str:
    return match.group(1) * int(match.group(2))


def _long_form_start(letters: list[str], candidate: str, initials: bool = False) -> int:
    lowered = candidate.lower()
    i = len(candidate)  # exclusive end of the part still to search
    for n, c in enumerate(reversed(letters)):
        i = lowered.rfind(c, 0, i)
        if initials or n == len(letters) - 1:
            while i >= 0 and not _word_start(candidate, i):
                i = lowered.rfind(c, 0, i)
        if i < 0:
            return -1
    start = i
    # A hump in a glued word ("presentDiffusionEngine") starts the long form there.
    return (
        start
        if start > 0 and candidate[start - 1].isalnum()
        else candidate.rfind(" ", 0, start) + 1
    )


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum() or (text[i].isupper() and text[i - 1].islower())


def _valid_short(short: str) -> bool:
    if not 2 <= len(short) <= 12 or not _SHORT_FORM.fullmatch(short):
        return False
    letters = sum(c.isalpha() for c in short)
    return letters >= 2 and any(c.isupper() for c in short) and short.lower() not in ("e.g", "i.e")


def _pair(text: str, short: str, lf_end: int, sentence_start: int) -> tuple[str, int] | None:
    window_words = min(len(short) + 5, 2 * len(short))
    lo = max(sentence_start, lf_end - 24 * window_words)
    segment = text[lo:lf_end].rstrip()
    words = segment.split(" ")
    if lo > sentence_start and text[lo - 1] != " ":
        words = words[1:]  # cut mid-word
    candidate = " ".join(words[-window_words:])
    if not candidate:
        return None
    base = lo + len(segment) - len(candidate)
    candidate = candidate.rstrip(" ,")
    offset = best_long_form(short, candidate)
    if offset < 0:
        return None
    long = candidate[offset:].strip(" \"'“”")
    start = base + offset
    lowered = long.lower()
    if len(long) <= len(short) or short.lower() in lowered.split():
        return None
    if "(" in long or ")" in long or _CLAUSE.search(lowered):
        return None  # "this paper, we design a tree-guided CNN for ... (TSRNet)": a clause
    before = text[max(sentence_start, start - 12) : start].split()
    if before and before[-1].lower() in _SUBJECTS and long[0].islower():
        return None
    return long, start


def find_definitions(doc: Doc) -> list[Definition]:
    """Every "long form (SF)" and "long form, or SF for short" in the text."""
    text = doc.text
    found: list[Definition] = []
    for open_at in doc.parens:
        match = _PAREN.match(text, open_at)
        short = _SHORT_END.split(match.group(1), maxsplit=1)[0].strip() if match else ""
        if not match or not _valid_short(short):
            reverse = _reverse(text, open_at)
            if reverse:
                found.append(reverse)
            continue
        paired = _pair(text, short, match.start(), doc.sentence_span(match.start())[0])
        if paired:
            found.append(_definition(text, paired, short, match.end()))
    if " for short" in text:
        for match in _FOR_SHORT.finditer(text):
            short = match.group(1)
            if not _valid_short(short):
                continue
            paired = _pair(text, short, match.start(), doc.sentence_span(match.start())[0])
            if paired:
                found.append(_definition(text, paired, short, match.end()))
        found.sort(key=lambda d: d.start)
    return found


def _reverse(text: str, open_at: int) -> Definition | None:
    """ "M6 (Multi-Modality to Multi-Modality Multitask Mega-transformer)": the short form first,
    its long form in the parentheses, spelling it from its first word."""
    if open_at < 3 or text[open_at - 1] != " " or not text[open_at - 2].isalnum():
        return None
    start = text.rfind(" ", max(0, open_at - 14), open_at - 1) + 1
    short = text[start : open_at - 1]
    # "M6", "GLaM", "T5"; not a word ("Transformer (a model ...)").
    if not short[:1].isupper() or text[open_at + 1 : open_at + 2].upper() != short[0]:
        return None
    if not _SHORT_TOKEN.fullmatch(short) or not any(c.isupper() or c.isdigit() for c in short[1:]):
        return None
    match = _LONG_PAREN.match(text, open_at)
    long = match.group(1).strip() if match else ""
    if match is None or " " not in long:
        return None
    if long[0].lower() != short[0].lower() or best_long_form(short, long) != 0:
        return None
    if len(long.split()) > len(short) + 4:
        return None
    return _definition(text, (long, start), short, match.end())


def _definition(text: str, paired: tuple[str, int], short: str, end: int) -> Definition:
    long, start = paired
    following = _WORD.search(text, end)
    next_word = following.group().strip(".,;:)").lower() if following else ""
    return Definition(long, short, start, end, next_word)


def definition_kind(d: Definition, gazetteer_kinds: dict[str, str]) -> str:
    """ "method"; "dataset"; "maybe" or "task" (a method only if the paper claims it: "triple
    contrastive learning (TCL)" vs "self-supervised learning (SSL)", "Self-Training on Image
    Comprehension (STIC)" vs "Open-vocabulary detection (OVD)"); "" for anything else."""
    if is_generic(d.long):
        return ""
    # A family's acronym spelled out in other words is still the family, unless the paper makes
    # it its own: "disjoint masking (DM)" in a paper proposing it is not "diffusion model (DM)".
    if is_generic(d.short):
        return "task"
    last = _NOT_WORD.sub("", d.long.split()[-1].lower())
    # "Self-Training on Image Comprehension": the head is before the preposition.
    head = _NOT_WORD.sub("", _HEAD_SEGMENT.split(d.long, maxsplit=1)[0].split()[-1].lower())
    if head in NON_METHOD_HEADS:
        return ""  # "Mean Absolute Error (MAE)" is a measure, whatever else MAE names
    known = gazetteer_kinds.get(entity_key(d.short)) or gazetteer_kinds.get(entity_key(d.long))
    if known:
        return known
    if d.next_word in DATASET_HEADS or last in DATASET_HEADS:
        return "dataset"
    # "speech-language models (SLMs)", "reward models (RMs)": a family, not one method.
    if (
        d.long[1:].islower()
        and d.short.endswith("s")
        and last.endswith("s")
        and not _mixed_case(d.short[:-1])
    ):
        return "task"
    if head in TASK_HEADS:
        return "task"
    if (
        d.next_word in METHOD_NEXT
        or head in METHOD_LONG_HEADS
        or head.rstrip("s") in METHOD_LONG_HEADS
        or head.rpartition("-")[2] in METHOD_LONG_HEADS  # "Mega-transformer", "auto-encoder"
    ):
        return "method"
    # "low-light image enhancement and deblurring (LLIE-deblur)": an activity, so a task unless
    # the paper names its own technique so ("Uniform Masking (UM)").
    if head.endswith("ing") and d.long[1:].islower():
        return "task"
    return "method" if _mixed_case(d.short) else "maybe"


def _mixed_case(short: str) -> bool:
    # "UniPT", "LocCa", "MvCo": coined by the authors; "SSL", "VLP" may be a field.
    return any(c.islower() for c in short.rstrip("s")) and any(c.isupper() for c in short[1:])
