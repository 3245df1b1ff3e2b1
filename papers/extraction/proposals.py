"""What the paper says is its own: named methods it proposes and datasets it introduces.

Cues are first-person verbs ("we propose X", "... and introduce X"), naming words ("termed X",
"a dataset called X"), possessives ("our X"), passives ("X is proposed") and composition
("X consists of A and B")."""

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from .acronyms import Definition, best_long_form
from .gazetteer import Hit, Scan
from .keys import entity_key
from .names import TOKEN, is_capitalised, is_coined, is_modifier, list_at, name_at
from .results import is_metric
from .text import Doc
from .vocabulary import (
    DATASET_HEADS,
    DETERMINERS,
    METHOD_HEADS,
    NOT_OURS,
    REFERENCE_WORDS,
    words,
)

_VERBS = (
    r"(?:propose|introduce|present|develop|design|devise|build|construct|release|contribute"
    r"|create|curate|collect|assemble|establish|provide|call|name|term|dub|coin|formulate)"
)
_VERB_FORM = re.compile(rf"{_VERBS}(?:s|d|ed)?(?:\b|(?=[A-Z]))(?!\s+to\b)")
_GERUND = re.compile(
    r"(?:proposing|introducing|presenting|constructing|releasing|contributing|creating|curating)\b"
)
# "we use", "we investigated": what the authors do, to tell their work from others'.
_RESULT_CUE = re.compile(r" (?:resulting in|yielding) ")
_WE_PROPOSE = re.compile(rf"\b[Ww]e\s+(?:\w+ly\s+|also\s+|further\s+|first\s+)?{_VERBS}")
_WE_VERB = re.compile(r"\bwe\s+(?:\w+ly\s+)?([a-z]+)\b", re.IGNORECASE)
_SUBJECT = re.compile(
    r"(?:\b(?P<we>[Ww]e|[Tt]his\s+(?:paper|work|study|article|letter))|\b(?P<and>and))\s+"
    r"(?:(?:\w+ly|also|further|first|then|next|here|now|thus|therefore|additionally)\s+)?$"
)
_NAMING = re.compile(
    r"(?:termed|named|called|dubbed|coined|referred\s+to\s+as|denoted\s+as|namely)"
    r"(?:\s+as)?\s+(?:(?:the|a|an)\s+)?"
)
_OUR = re.compile(r"(?:[Oo]ur(?:\s+(?:proposed|new|novel))?|[Tt]he\s+proposed)\s+[\"“']?")
_VERB_STEMS = words(
    """propos introduc present develop design devis build construct releas contribut creat curat
    collect assembl establish provid call name term dub coin formulat"""
)
TRIGGERS = (
    [
        (f"{lead}{w} ", "naming")
        for w in ["termed", "named", "called", "dubbed", "coined", "namely"]
        for lead in " ("
    ]
    + [(" referred to as ", "naming"), (" denoted as ", "naming")]
    + [(f" {stem}", "verb") for stem in _VERB_STEMS]
    + [(key, "our") for key in (" our ", " Our ", " the proposed ", " The proposed ")]
    + [(key, "result") for key in (" resulting in ", " yielding ")]
    + [
        (f" {be} {done}", "passive")
        for be in ("is", "are")
        for done in ["proposed", "introduced", "designed", "developed", "presented", "devised"]
    ]
    + [
        (key, "parts")
        for key in (
            " consists of ",
            " consist of ",
            " comprises ",
            " comprise ",
            " includes ",
            " contains ",
            " incorporates ",
            " is composed of ",
        )
    ]
)
_PARTS_VERB = re.compile(
    r"(?:consists?\s+of|comprises?|includes|contains|incorporates|is\s+composed\s+of)\s"
)
# The word before a proposal verb: its subject or an adverb ("we further propose").
_SUBJECT_WORDS = words(
    """we and paper work study article letter also further first then next here now thus therefore
    additionally"""
)
_QUOTES = "\"'“”‘’"
# What ends the object of a proposal verb: the sentence, a relative clause, a purpose, or a
# naming word (which the naming rule handles).
_CLAUSE_ENDS = (
    ". ",
    "; ",
    "? ",
    " which ",
    " that ",
    " where ",
    " while ",
    " whereas ",
    " to ",
    " by ",
    " and we ",
    " but ",
    " termed ",
    " named ",
    " called ",
    " dubbed ",
    " namely ",
    " referred ",
)


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


_CLAUSE_END_WORDS = _automaton(_CLAUSE_ENDS)
_REFERENCE_WORDS = _automaton(REFERENCE_WORDS)
_DATASET_STEMS = ("dataset", "benchmark", "database", "corpus", "corpora", "testbed")
_LOWER_PHRASE = re.compile(r"[a-z][a-z\-]+(?: [a-zA-Z][\w\-]*){0,3}")
_NOT_PROPOSED_BEFORE = re.compile(
    r"\b(?:existing|previous|popular|prior|known|standard|widely|classic|public|so|often|commonly"
    r"|usually|generally|typically|sometimes|conventionally)\W*$"
)
# "three pre-trained models ... named DenseNet169, MobileNetV1": names of others' work.
_REUSED = ("pre-trained", "pretrained", "off-the-shelf", "existing", "previous", "baseline")
_STOP_PHRASE_START = words(
    """as the a an to for with by of in on and or which that it into between from over under
    upon about after before is are was were"""  # "called into question"
)
_CONNECTORS = frozenset(["and", "of", "for", "with", "via", "to", "in", "on"])
# Method names are often a coined token plus the kind of thing it is: "CRFR-P masking".
_KIND_NOUNS = ("masking", "loss", "self-attention", "attention", "prompting", "sampling")
_KIND_NOUN = re.compile(rf" ({'|'.join(_KIND_NOUNS)})\b")
_NAME_HEADS = METHOD_HEADS | DATASET_HEADS | frozenset(_KIND_NOUNS)
_WE = re.compile(r"\b[Ww]e\b")
# ", a large-scale role-playing knowledge QA benchmark with ...": what the name is.
_APPOSITION = re.compile(
    r"(?:'s)?,\s+(?:a|an|the)\s+([^,.;:()]{0,80}?)"
    r"(?=\s(?:with|for|that|which|to|of|in|on|from|designed|built|containing|consisting|where)\b"
    r"|[,.;:(]|$)"
)
_EXPANSION = re.compile(r", ([A-Z][\w\-]*(?: [A-Za-z][\w\-]*){1,6})(?=,| \(|\.|;)")
_SHORT_AFTER = re.compile(r" \(([A-Za-z][\w\-+]{1,11})\)")
_LOWER_WORD = re.compile(r"([a-z]+) ")
_NEXT_WORD_LOWER = re.compile(r" ([a-z][a-z\-]*)")
_NAME_START = re.compile(r"[A-Z0-9][\w\-+.'∞]*")
_NAME_WORD = re.compile(r"[\w\-+]+")
_CONNECTOR = re.compile(r" (\w+) ")
_COORDINATION = re.compile(r"\s*(?:,|and|,\s*and)\s*")
_HEAD_NOUN = re.compile(r"\s+([a-z]+)\s+")
_TASKS = frozenset({"task", "problem", "setting", "challenge"})
_NAMED_AFTER = re.compile(
    rf"(?: [\w\-]+){{0,5}}? (?:{'|'.join(sorted(METHOD_HEADS))}), (?=[A-Z0-9])"
)
_LOWER_CASE_NAME = re.compile(
    r"\s*(?:a|an)\s+(?P<name>([a-z][a-z\-]{2,})\s+[A-Z][A-Za-z]*[A-Z][A-Za-z0-9\-]*)(?![\w\-])"
)
# Words that praise or size what follows; they do not name a variant ("a simple GAN").
_PLAIN_ADJECTIVES = words(
    """novel new simple effective efficient lightweight light general generic unified robust
    powerful strong better improved modified standard vanilla deep large small big tiny single
    first second two-stage one-stage plain basic customized pretrained pre-trained fine-tuned
    universal flexible scalable practical principled elegant straightforward"""
)
_AFTER_LOWER_CASE_NAME = words(
    """on for that which to with in into as at by from of over via where whose is are and or"""
)
_OUR_FRAMEWORK = re.compile(r"\s*(?:this|our|the proposed)\s+(?:framework|method|model|approach)")


@dataclass(frozen=True, slots=True)
class Claim:
    name: str
    pos: int
    kind: str  # "method" | "dataset"
    acronym: str = ""


class _Definitions:
    """The text's definitions in order, searchable by where they start."""

    __slots__ = ("items", "_starts")

    def __init__(self, definitions: list[Definition]) -> None:
        self.items = definitions
        self._starts = [d.start for d in definitions]

    def near(self, lo: int, hi: int) -> list[Definition]:
        """Definitions starting in [lo, hi)."""
        return self.items[
            bisect.bisect_left(self._starts, lo) : bisect.bisect_left(self._starts, hi)
        ]


def find_claims(
    doc: Doc, all_definitions: list[Definition], scan: Scan, skip: frozenset[str]
) -> list[Claim]:
    """Names the paper claims as its own. `skip` holds keys that are never claims: what the
    text itself defines as a task, field or measure."""
    text = doc.text
    definitions = _Definitions(all_definitions)
    known = {h.start: h for h in scan.hits}
    claims: list[Claim] = []
    for at in scan.at("naming"):
        match = _NAMING.match(text, at + 1)
        if match:
            claims.extend(_after_naming(doc, match, definitions, known))
    for at in scan.at("verb"):
        claims.extend(_after_cue_verb(doc, at + 1, definitions, known))
    for at in scan.at("our"):
        match = _OUR.match(text, at + 1)
        if match:
            claims.extend(_after_our(text, match.end(), definitions, known))
    for at in scan.at("passive"):
        claims.extend(_before_passive(doc, at, definitions, known))
    for at in scan.at("result"):
        # "we propose a recalibration scheme, resulting in Memory Attention Networks (MANs)":
        # what the proposal yields is the paper's too.
        sentence_start, _ = doc.sentence_span(at)
        if _WE_PROPOSE.search(text, max(sentence_start, at - 300), at):
            cue = _RESULT_CUE.match(text, at)
            if cue:
                claims.extend(_after_verb(doc, cue.end(), definitions, known))
    for d in all_definitions:
        # "we propose a method based on Leave-One-Out K-Nearest-Neighbor, or LOOK for short"
        if text.startswith("for short", d.end - 9):
            sentence_start, _ = doc.sentence_span(d.start)
            if _WE.search(text, max(sentence_start, d.start - 200), d.start):
                claims.append(Claim(d.long, d.start, "method", d.short))
    claims = [c for c in claims if entity_key(c.acronym or c.name) not in skip]
    # What a dataset consists of is data ("subsets from OpenStreetMap (OSM)"), not methods.
    ours = [c for c in claims if c.kind == "method"]
    if ours and scan.at("parts"):
        names = {c.name.lower() for c in ours} | {c.acronym.lower() for c in ours if c.acronym}
        for at in scan.at("parts"):
            claims.extend(_parts(doc, at + 1, names, definitions, known))
    return claims


def _after_cue_verb(
    doc: Doc, pos: int, definitions: _Definitions, known: dict[int, Hit]
) -> list[Claim]:
    text = doc.text
    verb = _VERB_FORM.match(text, pos)
    gerund = None if verb else _GERUND.match(text, pos)
    if gerund is None:
        if verb is None:
            return []  # "presentation", "designing", "development": no cue
        previous = text[max(0, pos - 16) : pos].rpartition(" ")[0].rpartition(" ")[2].lower()
        if previous not in _SUBJECT_WORDS and not previous.endswith("ly"):
            return []
    sentence_start, _ = doc.sentence_span(pos)
    before = text[max(sentence_start, pos - 300) : pos]
    if gerund is not None:
        if _mentions_reference(before):
            return []
        return _after_verb(doc, gerund.end(), definitions, known)
    subject = _SUBJECT.search(before[-60:])
    if not subject or (subject.group("and") and not _WE.search(before)):
        return []
    if subject.group("and") and _mentions_reference(before):
        return []
    assert verb is not None  # a gerund returned above
    return _after_verb(doc, verb.end(), definitions, known)


def _mentions_reference(text: str) -> bool:
    lowered = text.lower()
    return any(True for _ in _REFERENCE_WORDS.iter(lowered))


def _mentions_any(text: str, words: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(w in lowered for w in words)


def _kind_near(text: str, start: int, end: int) -> str:
    window = text[start:end].lower()
    return "dataset" if any(head in window for head in _DATASET_STEMS) else "method"


def _name_with_connectors(text: str, pos: int) -> str:
    """A capitalised name that may hold small words: "Align and Prompt", "Colors See"."""
    name = name_at(text, pos, allow_capitalised=True)
    while name:
        tail = pos + len(name)
        match = _CONNECTOR.match(text, tail, tail + 12)
        if not match or match.group(1) not in _CONNECTORS:
            break
        more = name_at(text, match.end(), allow_capitalised=True)
        # "Local Attention and Dilated Attention" lists two names; "Align and Prompt" is one.
        if not more or (match.group(1) == "and" and " " in name and " " in more):
            break
        name = f"{name} {match.group(1)} {more}"
    if name and name.split()[0].lower() in DETERMINERS:
        return ""
    return name


def _with_kind_noun(text: str, pos: int, name: str) -> str:
    noun = _KIND_NOUN.match(text, pos + len(name))
    return f"{name}{noun.group()}" if noun and is_coined(name) else name


def _gazetteer_method(known: dict[int, Hit], pos: int) -> bool:
    hit = known.get(pos)
    return hit is not None and hit.entry.kind == "method"


def _after_naming(
    doc: Doc, match: re.Match[str], definitions: _Definitions, known: dict[int, Hit]
) -> Iterable[Claim]:
    text = doc.text
    sentence_start, _ = doc.sentence_span(match.start())
    before = text[max(sentence_start, match.start() - 60) : match.start()]
    if _NOT_PROPOSED_BEFORE.search(before) or _mentions_any(before, _REUSED):
        return []
    namely = match.group().lower().startswith("namely")
    # "we propose two modules, namely X and Y"; not "we investigated five models, namely X".
    if namely and not authors_make(text, max(sentence_start, match.start() - 300), match.start()):
        return []
    pos = match.end()
    while pos < len(text) and text[pos] in _QUOTES:
        pos += 1
    kind = _kind_near(text, max(sentence_start, match.start() - 60), match.start())
    for d in definitions.near(pos, pos + 60):
        # "called Asynchronous ... (APLT)"; the naming word shows where the name starts when
        # letter matching stops short: "called Multi-modal Multi-task Masked Autoencoders
        # (MultiMAE)".
        lead = text[pos : d.start].split()
        if all(is_capitalised(w) or is_coined(w) for w in lead):
            return [Claim(text[pos : d.start] + d.long, pos, kind, d.short)]
        break
    items = list_at(text, pos, allow_capitalised=True)
    if items:
        first = _name_with_connectors(text, pos)
        if len(items) == 1 and first and len(first) > len(items[0][1]):
            items[0] = (pos, first)
        return [
            Claim(_with_kind_noun(text, p, n), p, kind)
            for p, n in items
            if not _gazetteer_method(known, p)
        ]
    # "namely audio and sheet images" lists things; only a naming verb gives a lower-case name.
    # "named entities" is a fixed phrase, not a name.
    phrase = None
    if not namely:
        phrase = _LOWER_PHRASE.match(text, pos)
        if phrase and phrase.group().startswith("entit"):
            phrase = None
    if phrase:
        words = phrase.group().split()
        # "named semantic motion encoding to harness ...": the name ends before a small word.
        cut = next((i for i, w in enumerate(words) if i and w in _STOP_PHRASE_START), len(words))
        words = words[:cut]
        while words and not words[-1][0].isalnum():
            words.pop()
        if words and words[0] not in _STOP_PHRASE_START:
            return [Claim(" ".join(words), pos, kind)]
    return []


def _clause_end(text: str, pos: int, limit: int = 180) -> int:
    stop = min(len(text), pos + limit)
    end = _earliest(_CLAUSE_END_WORDS, text, pos, stop)
    if end < 0:
        end = stop
    if text[end - 1 : end] == ",":
        end -= 1
    lowered = text[pos:end].lower()
    cut = _earliest(_REFERENCE_WORDS, lowered, 0, len(lowered))
    return pos + cut if cut >= 0 else end


def _earliest(words: ahocorasick.Automaton, text: str, start: int, end: int) -> int:
    """Where the first of `words` found in text[start:end] starts, or -1."""
    first = -1
    for last, length in words.iter(text, start, end):
        if first < 0 or last - length + 1 < first:
            first = last - length + 1
    return first


def _after_verb(
    doc: Doc, pos: int, definitions: _Definitions, known: dict[int, Hit]
) -> list[Claim]:
    """The object of "we propose ...": the first definition or name in the clause, and any
    definitions coordinated with it ("DS-Net (...) and DS-Net++ (...)")."""
    text = doc.text
    end = _clause_end(text, pos)
    # "a Sentinel-1 synthetic aperture radar (SAR) time series corpus": SAR only modifies.
    defs = [
        d
        for d in definitions.near(pos, end)
        if not (is_modifier(text, d.end) and d.next_word not in _NAME_HEADS)
    ]
    first_name = _first_name(text, pos, end, known, definitions)
    if defs and (first_name is None or defs[0].start <= first_name[0]):
        if _named_task(text, pos, defs[0].start):
            return []  # "a new pre-training task, prompting entity modeling (PEM)"
        set_off = _NAMED_AFTER.match(text, defs[0].end, end)
        if set_off:
            # "a Cross-Shaped windows (CSwin) transformer UNet model, CSwin UNet, to ...": the
            # description holds a part; the name set off after it is the whole.
            at = set_off.end()
            name = _name_with_connectors(text, at)
            if name and text[at + len(name) : at + len(name) + 1] in ",.(;":
                return [Claim(name, at, _kind_near(text, pos, at))]
        chain = [defs[0]]
        for d in defs[1:]:
            if _COORDINATION.fullmatch(text, chain[-1].end, d.start) or (
                d.start - chain[-1].end < 60 and "," in text[chain[-1].end : d.start]
            ):
                chain.append(d)
        return [Claim(d.long, d.start, _kind_near(text, pos, d.end + 25), d.short) for d in chain]
    if first_name is None:
        return _lower_case_name(text, pos, end)
    start, name = first_name
    if _named_task(text, pos, start):
        return []
    follow = text[start + len(name) : start + len(name) + 40]
    head = _HEAD_NOUN.match(follow)
    if head and head.group(1) in METHOD_HEADS | DATASET_HEADS:
        after = name_at(text, start + len(name) + head.end())
        if after:
            start, name = start + len(name) + head.end(), after
    apposition = _APPOSITION.match(text, start + len(name))
    if apposition:
        kind = _kind_near(text, apposition.start(1), apposition.end(1))
    else:
        kind = _kind_near(text, pos, min(len(text), start + len(name) + 40))
    expansion = _EXPANSION.match(text, start + len(name))
    if expansion and best_long_form(name, expansion.group(1)) == 0:
        # "we propose LATER, LoRA-Anchored Test-time Re-centering, which ..."
        return [Claim(expansion.group(1), start, kind, name)]
    short = _SHORT_AFTER.match(text, start + len(name))
    if short and " " in name and is_coined(short.group(1)) and short.group(1)[0] == name[0]:
        # "Retrieval and Reasoning for Personalization (R2P)": digits defeat letter matching.
        return [Claim(name, start, kind, short.group(1))]
    items = list_at(text, start, allow_capitalised=True)
    named = items if items and items[0][1] == name else [(start, name)]
    return [Claim(_with_kind_noun(text, p, n), p, kind) for p, n in named]


def authors_make(text: str, start: int, end: int) -> bool:
    """Whether the last "we <verb>" in text[start:end] has the authors make something, rather
    than use or examine others' work ("we investigated")."""
    verbs = list(_WE_VERB.finditer(text, start, end))
    return bool(verbs) and verbs[-1].group(1).lower() not in NOT_OURS


def _named_task(text: str, pos: int, start: int) -> bool:
    """ "we propose a new task, X": what is named is a task, not a method."""
    before = text[max(pos, start - 40) : start].rstrip()
    if before.endswith(" the"):
        before = before[:-4].rstrip()
    return before.endswith(",") and before[:-1].rpartition(" ")[2] in _TASKS


def _title_compound(name: str) -> bool:
    return "-" in name and all(part[:1].isupper() for part in name.split("-"))


def _lower_case_name(text: str, pos: int, end: int) -> list[Claim]:
    """ "we propose a dynamic MLP ... The dynamic MLP is": a describing word before a family's
    acronym names the paper's own variant when the text keeps calling it that."""
    match = _LOWER_CASE_NAME.match(text, pos, end)
    if not match or match.group(2) in _PLAIN_ADJECTIVES:
        return []
    follower = _NEXT_WORD_LOWER.match(text, match.end())
    if follower and follower.group(1) not in _AFTER_LOWER_CASE_NAME:
        return []  # "a spatio-temporal CoT reasoning method": the acronym only modifies
    name = match.group("name")
    if text.count(name, match.end()) == 0:
        return []
    return [Claim(name, match.start("name"), _kind_near(text, pos, end))]


def _first_name(
    text: str, pos: int, end: int, known: dict[int, Hit], definitions: _Definitions
) -> tuple[int, str] | None:
    # Names start with a capital or a digit ("GaussianCross", "3DGS"); jump between those.
    for match in _NAME_START.finditer(text, pos, end):
        start, token = match.start(), match.group()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
            continue
        if any(d.start <= start < d.end for d in definitions.near(start - 200, start + 1)):
            continue  # inside "long form (SF)", which the definition rule handles
        if token.lower() in DETERMINERS or _gazetteer_method(known, start):
            continue
        name = _name_with_connectors(text, start)
        if name and is_modifier(text, start + len(name)):
            follower = _NEXT_WORD_LOWER.match(text, start + len(name))
            if not (follower and follower.group(1) in _NAME_HEADS):
                continue
        if (
            name
            and (" " in name or is_coined(name))
            and any(is_coined(t) or is_capitalised(t) for t in name.split())
        ):
            return start, name
        # "We introduce Calligrapher, a novel ... framework": a plain word right after the verb,
        # set off by a comma, is a name.
        right_after = not text[pos:start].strip()
        if (
            right_after
            and name
            and is_capitalised(name)
            and _APPOSITION.match(text, start + len(name))
        ):
            return start, name
    return None


def _after_our(
    text: str, pos: int, definitions: _Definitions, known: dict[int, Hit]
) -> Iterable[Claim]:
    # "the proposed method Fast ... (FADRM)", "our searched EfficientBERT": the name may follow
    # participles and then the kind of thing it is; after the kind comes the name or nothing
    # ("our model reduced NMSE" claims nothing).
    kind = "method"
    head_seen = False
    for skipped in range(3):
        # A lower-case word after a skipped one is no name ("our method achieves").
        if not skipped or not text[pos : pos + 1].islower():
            if _gazetteer_method(known, pos):
                return []
            for d in definitions.near(pos, pos + 1):
                return [Claim(d.long, d.start, kind, d.short)]
            name = name_at(text, pos)
            if name:
                break
        word = _LOWER_WORD.match(text, pos)
        if head_seen or skipped == 2 or not word:
            return []
        if word.group(1) in METHOD_HEADS or word.group(1) in DATASET_HEADS:
            head_seen = True
        elif not word.group(1).endswith("ed"):
            return []
        if word.group(1) in DATASET_HEADS:
            kind = "dataset"
        pos = word.end()
    if is_metric(name):
        return []
    follow = text[pos + len(name) : pos + len(name) + 12].split()
    if follow and follow[0].lower().strip(".,") in DATASET_HEADS:
        kind = "dataset"
    return [Claim(name, pos, kind)]


def _before_passive(
    doc: Doc, pos: int, definitions: _Definitions, known: dict[int, Hit]
) -> Iterable[Claim]:
    text = doc.text
    d = next((d for d in definitions.near(pos - 200, pos + 1) if d.end == pos), None)
    if d:
        return [Claim(d.long, d.start, "method", d.short)]
    sentence_start, _ = doc.sentence_span(pos)
    for match in TOKEN.finditer(text, max(sentence_start, pos - 60), pos):
        start = match.start()
        if _gazetteer_method(known, start) or text[start].islower():
            continue
        name = _name_with_connectors(text, start)
        if name and start + len(name) == pos and (" " in name or is_coined(name)):
            return [Claim(name, start, "method")]
    return []


def _parts(
    doc: Doc, pos: int, claimed: set[str], definitions: _Definitions, known: dict[int, Hit]
) -> Iterable[Claim]:
    """Named parts of a proposed method: "UM includes a Uniform Sampling (US) and ..."."""
    text = doc.text
    verb = _PARTS_VERB.match(text, pos)
    if not verb:
        return []
    verb_end = verb.end()
    sentence_start, sentence_end = doc.sentence_span(pos)
    subject = text[max(sentence_start, pos - 300) : pos].lower()
    words = set(_NAME_WORD.findall(subject))
    if not (
        any(name in words or (" " in name and name in subject) for name in claimed)
        or _OUR_FRAMEWORK.match(subject)
    ):
        return []
    claims = [
        Claim(d.long, d.start, "method", d.short) for d in definitions.near(verb_end, sentence_end)
    ]
    if claims:
        return claims
    defined = {d.start for d in definitions.items}
    covered = -1
    for token in TOKEN.finditer(text, verb_end, sentence_end):
        start = token.start()
        if start < covered or start in defined or _gazetteer_method(known, start):
            continue
        if is_capitalised(token.group()) or is_coined(token.group()):
            name = _name_with_connectors(text, start)
            # "an effective Detection-Adapter": a title-case compound inside a sentence.
            if name and (" " in name or is_coined(name) or _title_compound(name)):
                claims.append(Claim(name, start, "method"))
                covered = start + len(name)
    return claims
