"""Readable titles for papers that arrive without one."""

import re

from .text import clean
from .types import Extraction, MethodMention
from .vocabulary import words

_SMALL_WORDS = words("""a an and as at by for from in of on or the to via with""")
_TASK = re.compile(
    r"\bfor\s+((?:the\s+)?(?:[A-Za-z0-9][\w\-]*\s+){0,4}?[A-Za-z0-9][\w\-]*)"
    r"(?=\s*[,.;:(]|\s+(?:by|with|via|that|which|in|on|from|using|through|and|to|based)\b)"
)
_CLAUSE_BREAK = re.compile(r";|:\s|,\s+(?:which|where|while|but|whereas|yet)\b")
_LEADING_THE = re.compile(r"^the\s+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_PHRASE_BREAK = re.compile(
    r",| (?:of|to|for|with|by|in|on|from|that|which|and|or|while|using|via|through|as|where) "
)
_LIMIT = 100


def derive_title(abstract: str, extraction: Extraction) -> str:
    """ "DMJD: Disjoint Masking with Joint Distillation"; else "SimVG for Visual Grounding";
    else the first clause of the abstract, cut near 100 characters on a word boundary."""
    # Methods come in text order: the first named one the paper proposes is its own, later ones
    # are usually its parts; a lower-case phrase ("dynamic weight slicing") makes a poor title.
    proposed = [m for m in extraction.methods if m.proposed and (m.acronym or not m.name.islower())]
    for method in proposed:
        if method.acronym and method.name != method.acronym and " " in method.name:
            return f"{method.acronym}: {_title_case(method.name)}"
        task = _task_phrase(method)
        if task:
            return f"{method.acronym or method.name} for {task}"
    # Markup alone ("\\", "$$") cleans to nothing; the raw text is still better than no title.
    return _first_clause(clean(abstract)) or " ".join(abstract.split())[:_LIMIT]


def _task_phrase(method: MethodMention) -> str:
    """ "visual grounding" in "a framework, SimVG, for visual grounding"."""
    found = method.evidence.find(method.name)
    task = _TASK.search(method.evidence, max(found, 0)) if " " in method.evidence else None
    phrase = _LEADING_THE.sub("", task.group(1)) if task else ""
    return _title_case(phrase) if " " in phrase else ""


def _title_case(phrase: str) -> str:
    words = phrase.split()
    out = []
    for i, word in enumerate(words):
        if word.islower() and (i == 0 or word not in _SMALL_WORDS):
            word = "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
        out.append(word)
    return " ".join(out)


def _first_clause(text: str) -> str:
    sentence = _SENTENCE_BREAK.split(text, maxsplit=1)[0].rstrip(".!? ")
    brk = _CLAUSE_BREAK.search(sentence)
    if brk and brk.start() >= 30:
        sentence = sentence[: brk.start()]
    if len(sentence) > _LIMIT:
        # Cut before a comma or a function word so the title does not end mid-phrase.
        head = sentence[: _LIMIT + 1]
        cuts = [m.start() for m in _PHRASE_BREAK.finditer(head) if m.start() >= 60]
        cut = cuts[-1] if cuts else head.rfind(" ")
        sentence = sentence[: cut if cut > 40 else _LIMIT]
    return sentence.rstrip(" ,;:-(") or text[:_LIMIT].strip()
