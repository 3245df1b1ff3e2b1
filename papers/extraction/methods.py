"""Methods: the curated list, acronym definitions, the paper's own claims, and how unseen names
are written about ("baselines such as X and Y", "outperforms X", "the X backbone")."""

import re
from functools import lru_cache

from .acronyms import Definition, best_long_form
from .gazetteer import Hit, Scan
from .keys import entity_key, is_generic
from .mentions import Found, Intervals
from .names import TOKEN, is_coined, list_at
from .proposals import Claim, authors_make
from .results import is_metric
from .text import Doc
from .vocabulary import DATASET_HEADS, METHOD_HEADS

_LIST_WORD = re.compile(r"\(?\s*(?:such as|including|like|e\.g\.,?|i\.e\.,?|namely)\s+")
_COMPARISON = re.compile(
    r"(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|than|over|versus|vs\.?"
    r"|compared\s+(?:to|with)|against|based\s+on|built\s+(?:up)?on|on\s+top\s+of)\s+"
)
_BETWEEN = re.compile(r"(?:(?:the|a|an|[a-z][a-z\-]*|state-of-the-art),?\s+){0,5}")
TRIGGERS = (
    [(f" {w}", "list") for w in ("such as ", "including ", "like ", "e.g.", "i.e.", "namely ")]
    + [(f"({w}", "list") for w in ("such as ", "e.g.", "i.e.")]
    + [
        (f" {w}", "compare")
        for w in (
            "outperform",
            "surpass",
            "beat",
            "than ",
            "over ",
            "versus ",
            "vs ",
            "vs. ",
            "compared to ",
            "compared with ",
            "against ",
            "based on ",
            "built on ",
            "built upon ",
            "on top of ",
        )
    ]
    + [("-based", "post")]
    + [
        (f" {w}", "post")
        for w in (
            "backbone",
            "detector",
            "baseline",
            "encoder",
            "teacher",
            "student",
            "pre-training",
            "pretraining",
            "model",
            "method",
            "framework",
            "architecture",
            "series",
            "family",
        )
    ]
)
# A metric's own company: a value after it ("MAE of 0.35", "MAE (lower is better) = 2.1"), a
# value or a comparison before it ("0.35 MAE", "reduces MAE").
_SCORE_AFTER = re.compile(r"\s*(?:\([^()]{1,24}\)\s*)?(?:of|=|:|is|was|by|to|drops?)?\s*[~]?\d")
_SCORE_BEFORE = re.compile(
    r"(?:\d%?|\b(?:lower|higher|reduces?|reduced|reducing|average|mean|best|in terms of)),?\s+$"
)
_BARE_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9\-]{1,7})\)")
_LOWER_WORD = re.compile(r"[a-z]+")
_TITLE_SEGMENTS = re.compile(r"\s(?:via|for|with|by|in|using|towards|through|on|from)\s|[:,]")


def find_methods(
    doc: Doc,
    definitions: list[Definition],
    scan: Scan,
    claims: list[Claim],
    title: str,
    title_hits: list[Hit],
    gazetteer_kinds: dict[str, str],
    definition_kinds: dict[Definition, str],
    spans: dict[int, int],
    blocked: set[str],
) -> list[Found]:
    text = doc.text
    found: list[Found] = []
    redefined = {d.short for d in definitions if entity_key(d.long) != entity_key(d.short)}
    claimed_spans = _claimed_spans(text, claims)
    inside = Intervals(claimed_spans) if claimed_spans else None
    metric_starts = frozenset(scan.at("metric"))
    for hit in scan.hits:
        if hit.entry.kind != "method" or hit.surface in redefined:
            continue
        if (
            hit.start in metric_starts
            and is_metric(hit.surface)
            and _used_as_metric(text, hit.start, hit.end)
        ):
            continue  # "an MAE of 0.35": the error, not the Masked AutoEncoder
        # "R-CNN" inside the proposed "Pyramid R-CNN" is not a mention of R-CNN.
        if inside and inside.covers(hit.start) and inside.covers(hit.end - 1):
            continue
        found.append(Found(hit.surface, hit.start, end=hit.end))
    # Title case makes every phrase look like a name; only coined names count in titles.
    found.extend(
        Found(h.surface, -1)
        for h in title_hits
        if h.entry.kind == "method" and any(is_coined(t) for t in h.surface.split())
    )

    claimed = {entity_key(c.acronym or c.name) for c in claims if c.kind == "method"}
    claimed |= {entity_key(c.name) for c in claims if c.kind == "method"}
    proposed_long: list[tuple[int, set[str]]] = []
    maybe: list[Definition] = []
    # A claim may read a long form further back than letter matching does: "called Multi-modal
    # Multi-task Masked Autoencoders (MultiMAE)".
    claimed_long = {c.acronym: c.name for c in claims if c.acronym}
    for d in definitions:
        kind = definition_kinds[d]
        long = claimed_long.get(d.short, d.long)
        if not long.endswith(d.long):
            long = d.long
        ours = entity_key(d.short) in claimed or entity_key(d.long) in claimed
        known = entity_key(d.short) in gazetteer_kinds or entity_key(d.long) in gazetteer_kinds
        if kind == "method" and not ours and not known:
            ours = _authored(doc, d.start)
        if kind == "method" or (kind in ("maybe", "task") and ours):
            found.append(Found(long, d.start, d.short, flag=ours, end=d.end))
            if ours:
                proposed_long.append((d.start, set(long.lower().split())))
        elif kind in ("maybe", "task"):
            maybe.append(d)
    for d in maybe:
        # A part named after the proposed method's own words: "disjoint masking (DM)" in
        # "Disjoint Masking with Joint Distillation (DMJD)"; a task defined before the method
        # is what the method is for ("Knowledge graph completion (KGC) ... DrKGC (... for
        # Knowledge Graph Completion)").
        words = set(d.long.lower().split())
        if any(len(words) > 1 and words <= whole and d.start > at for at, whole in proposed_long):
            found.append(Found(d.long, d.start, d.short, flag=True, end=d.end))
    found.extend(
        Found(c.name, c.pos, c.acronym, flag=True, end=c.pos + len(c.name))
        for c in claims
        if c.kind == "method"
    )
    defined_parens = {d.end for d in definitions}
    context = (
        _bare_acronyms(doc, definitions, spans)
        + _in_context(doc, scan, spans, defined_parens)
        + _from_title(title)
    )
    # "beats the baseline by mAP 1.7%": a metric in a method's place is still a metric.
    found.extend(
        f
        for f in context
        if gazetteer_kinds.get(entity_key(f.name), "method") == "method"
        and entity_key(f.name) not in blocked
        and not is_metric(f.name)
    )
    return found


def _used_as_metric(text: str, start: int, end: int) -> bool:
    return bool(
        _SCORE_AFTER.match(text, end) or _SCORE_BEFORE.search(text, max(0, start - 30), start)
    )


def _bare_acronyms(doc: Doc, definitions: list[Definition], spans: dict[int, int]) -> list[Found]:
    """ "We decouple RPN and ROI head (DRR)": an acronym with no long form that the authors give
    to something they do is the name of their method."""
    defined = {d.short for d in definitions}
    found = []
    for open_at in doc.parens:
        match = _BARE_ACRONYM.match(doc.text, open_at)
        if not match:
            continue
        short = match.group(1)
        if short in defined or match.start(1) in spans or is_generic(short) or not is_coined(short):
            continue
        if _authored(doc, match.start()):
            found.append(Found(short, match.start(1), flag=True))
    return found


def _authored(doc: Doc, pos: int) -> bool:
    """Whether `pos` sits in what the authors say they do: "we train a ... module (UP)"."""
    start, _ = doc.sentence_span(pos)
    return authors_make(doc.text, max(start, pos - 80), pos)


def _claimed_spans(text: str, claims: list[Claim]) -> list[tuple[int, int]]:
    spans = []
    for name in {c.name for c in claims if " " in c.name or "-" in c.name}:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


def _in_context(
    doc: Doc, scan: Scan, spans: dict[int, int], defined_parens: set[int]
) -> list[Found]:
    """Unseen names in places only methods go: "baselines such as X and Y", "methods (X and Y)",
    "outperforms X", "the X backbone", "X-based"."""
    text = doc.text
    found: list[Found] = []
    starts = []
    for at in scan.at("list"):
        word = _LIST_WORD.match(text, at + 1)
        if word and _word_before(text, at + 1) in METHOD_HEADS:
            starts.append(word.end())
    for open_at in doc.parens:
        if (
            text[open_at + 1 : open_at + 2].isupper()
            and _word_before(text, open_at) in METHOD_HEADS
            and text.find(")", open_at) + 1 not in defined_parens  # "systems (HMS)" defines
        ):
            starts.append(open_at + 1)
    for start in starts:
        items = list_at(text, start, allow_capitalised=True, spans=spans)
        found.extend(Found(name, pos) for pos, name in items if pos not in spans)
    for at in scan.at("compare"):
        match = _COMPARISON.match(text, at + 1)
        if not match:
            continue
        between = _BETWEEN.match(text, match.end())
        pos = between.end() if between else match.end()
        items = list_at(text, pos, spans=spans)
        found.extend(Found(name, start) for start, name in items if start not in spans)
    for at in scan.at("post"):
        start = text.rfind(" ", 0, at) + 1
        if text[at] == " ":
            # The word before " model" is a name only if it is one coined token.
            if _coined_word(text[start:at]):
                found.append(Found(text[start:at], start))
            continue
        token = TOKEN.match(text, start)
        if token and token.end() == at and is_coined(token.group()):
            found.append(Found(token.group(), start))
    return found


@lru_cache(maxsize=65536)
def _coined_word(word: str) -> bool:
    """Whether `word`, followed by a space, is read as one coined token."""
    token = TOKEN.match(word)
    return token is not None and token.end() == len(word) and is_coined(word)


def _word_before(text: str, pos: int) -> str:
    """The word before `pos`, past spaces, a comma or an opening parenthesis, lower-cased."""
    return text[max(0, pos - 30) : pos].rstrip(" ,(").rpartition(" ")[2].lower()


def _from_title(title: str) -> list[Found]:
    """ "GaussianCross: Cross-modal ..." names the paper's method before the colon."""
    head, sep, rest = title.partition(":")
    if not sep or not head.strip():
        return []
    name = head.strip()
    if " " in name or not is_coined(name) or is_generic(name):
        return []
    if set(_LOWER_WORD.findall(rest.lower())) & DATASET_HEADS:
        return []
    # "SSAST: Self-Supervised Audio Spectrogram Transformer", "CroCo: ... by Cross-View Completion";
    # a name that is a word ("ZeroSlide", "GaussianCross") abbreviates nothing.
    letters = [c for c in name if c.isalpha()]
    if sum(c.isupper() for c in letters) < 0.4 * len(letters):
        return [Found(name, -1, flag=True)]
    for segment in _TITLE_SEGMENTS.split(rest):
        segment = segment.strip(" ,")
        offset = best_long_form(name, segment)
        long = segment[offset:] if offset >= 0 else ""
        if long and len(long.split()) <= len(name) + 2 and len(long) > len(name):
            return [Found(long, -1, name, flag=True)]
    return [Found(name, -1, flag=True)]
