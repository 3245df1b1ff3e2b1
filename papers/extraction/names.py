"""What a name looks like when no list knows it: shape tests and list parsing shared by the
method and dataset finders."""

import re
from functools import lru_cache

from .keys import is_generic
from .vocabulary import words

# One token of a name: letters, digits and joined parts ("NTU", "RGB+D", "Point-MAE", "v1.1").
TOKEN = re.compile(r"[A-Za-z0-9][\w]*(?:[-+.'∞][\w∞]+)*[+∞]*")
_NUMBERISH = re.compile(r"\d+(?:\.\d+)?(?:[kKMBT]|st|nd|rd|th|D|x|p|fps|px|%)?")
_VERSION = re.compile(r"(?:[vV]\d+(?:\.\d+)*|\d+(?:\.\d+)*|[IVX]{1,3}|\d+D)")
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+|\s*/\s*|\s*&\s*)")
_PLAIN_WORD = re.compile(r"[a-z]{2,}")
_UPPER = re.compile(r"[A-Z]")
_UPPER_OR_DIGIT = re.compile(r"[A-Z\d]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
# Capitalised words that start references, not names: "(Figure 1)", "Table 2".
_REFERENCES = words("""Figure Fig Table Tab Section Sec Eq Equation Appendix Algorithm Theorem""")
_ALLCAPS_WORDS = frozenset(
    {"I", "A", "AN", "THE", "AND", "OR", "OF", "IN", "ON", "TO", "FOR", "WITH", "NOT", "NO"}
)


@lru_cache(maxsize=65536)
def is_coined(token: str) -> bool:
    """A token that can only be a name: "CLIP", "ScanNet200", "Point-MAE", "fMRI-PTE", "M5Product".

    Capitalised words ("Zero", "Clotho") are not coined: they need a stronger context."""
    core = token.rstrip("+∞")
    # Every rule that makes a token coined needs a capital or a digit: plain words stop here.
    if not _UPPER_OR_DIGIT.search(core):
        return False
    if len(core) < 2 or _NUMBERISH.fullmatch(core) or core in _ALLCAPS_WORDS:
        return False
    if "-" in core:
        parts = core.split("-")
        # "IMU-video", "CLIP-guided", "RGB-only" describe something; they do not name it; nor do
        # title-case compounds ("Language-Image", "Self-Supervised").
        if _PLAIN_WORD.fullmatch(parts[-1]) or all(is_capitalised(p) for p in parts):
            return False
        if _PLAIN_WORD.fullmatch(parts[0]) or parts[0] in ("in", "on", "of", "to"):
            return False  # "per-VM", "non-IID", "multi-GPU"
    upper = len(_UPPER.findall(core))
    digits = _DIGIT.search(core) is not None
    letters = len(_LETTER.findall(core))
    if letters < 2 and not (letters == 1 and digits and len(core) >= 3):
        return False
    if upper >= 2 or (upper >= 1 and digits):
        return True
    # "iNaturalist", "wav2vec": a capital or digit after a lower-case start.
    return core[0].islower() and (upper >= 1 or digits) and letters >= 3


@lru_cache(maxsize=65536)
def is_capitalised(token: str) -> bool:
    """ "Genome", "Fine-grained", "Self-Supervised": an ordinary word written with a capital."""
    first, _, rest = token.partition("-")
    return (
        first[:1].isupper()
        and first[1:].islower()
        and first.isalpha()
        and (not rest or rest.replace("-", "").isalpha())
    )


@lru_cache(maxsize=65536)
def _shape(token: str) -> int:
    """2 for a coined token, 1 for a capitalised word, 0 for anything else."""
    return 2 if is_coined(token) else 1 if is_capitalised(token) else 0


def name_at(text: str, pos: int, *, allow_capitalised: bool = False, max_tokens: int = 4) -> str:
    """The name starting at `pos`, or "".

    A name is a run of coined, capitalised and version tokens that holds a coined token ("NYU
    Depth V2", "Flickr30K Entities", "Swin UNETR"); with `allow_capitalised`, a run of capitalised
    words is enough ("Visual Genome", "Fast Voxel Query", "Zero")."""
    match = TOKEN.match(text, pos)
    if match is None:
        return ""
    token = match.group()
    # The common case, a plain word ("the", "2023"); a lower-case word is told without a lookup.
    if (token.islower() and token.isalpha()) or (not _shape(token) and not token[0].isupper()):
        return ""
    tokens: list[str] = []
    shapes: list[int] = []
    length = len(text)
    coined = proper = False
    while True:
        if token.islower() and token.isalpha():
            break  # a plain word, the usual end of a name, told without the lookups below
        if token in _REFERENCES or ("'" in token and token.endswith("'s")):
            break
        shape = _shape(token)
        if shape == 2:
            coined = True
        elif shape == 1:
            proper = True
        # "RoI-grid" can start a name ("RoI-grid Pyramid") but is not one by itself.
        elif not ((tokens and _VERSION.fullmatch(token)) or token[0].isupper()):
            break
        elif tokens and text.startswith("%", match.end()):
            break  # "by mAP 1.7%": a score after a metric, not a version of a name
        tokens.append(token)
        shapes.append(shape)
        end = match.end()
        if len(tokens) >= max_tokens or end >= length or text[end] != " ":
            break
        match = TOKEN.match(text, end + 1)
        if match is None:
            break
        token = match.group()
    while tokens and not shapes[-1] and not (len(tokens) > 1 and _VERSION.fullmatch(tokens[-1])):
        tokens.pop()
        shapes.pop()
    if not tokens or not (coined or (allow_capitalised and proper)):
        return ""
    name = " ".join(tokens)
    return "" if is_generic(name) else name


# Words that may follow a name that is the head of its phrase ("X, a ...", "X for ...", "X is").
_AFTER_HEAD = words(
    """a an the and or but as at by for from in into of on onto over than that then to via with
    within without which who whose where while when is are was were be been has have had can
    could will would may might should does do did not also achieves achieve outperforms
    outperform shows show yields surpasses reaches obtains attains consists comprises includes
    contains uses using based built trained designed that"""
)


def is_modifier(text: str, end: int) -> bool:
    """Whether the name ending at `end` only modifies a following noun ("Sentinel-1 radar data",
    "trained on UAV footage"), so it is not the thing itself."""
    match = _NEXT_WORD.match(text, end)
    if not match:
        return False
    word = match.group(1)
    # Participles and adverbs continue a sentence about the name ("X consisting of", "X
    # significantly"); a plain noun makes the name an adjective ("UAV footage").
    return word.islower() and word not in _AFTER_HEAD and not word.endswith(("ing", "ed", "ly"))


_NEXT_WORD = re.compile(r" ([A-Za-z][\w\-]*)")
_ASIDE = re.compile(r" ?\([^()]{1,20}\)(?=\s*(?:,|and |or ))")
_LOWER_TAIL = re.compile(r"(?: [a-z]+){1,2}(?=\s*(?:,|\)|and |or |$))")


def list_at(
    text: str,
    pos: int,
    *,
    allow_capitalised: bool = False,
    spans: dict[int, int] | None = None,
    lower_tails: bool = False,
    limit: int = 10,
) -> list[tuple[int, str]]:
    """Names in a list starting at `pos`: "X, Y, and Z", "X/Y", "X or Y".

    `spans` maps the start of an already recognised name to its end, so "RefCOCO/+/g" or
    "SQuAD v1.1/v2.0" is read as one item. `lower_tails` lets an item end in lower-case words
    ("BUAA mobile gesture"), which only an enclosed list ("(i.e. X and Y)") makes safe."""
    items: list[tuple[int, str]] = []
    while len(items) < limit:
        if spans and pos in spans:
            name = text[pos : spans[pos]]
        else:
            name = name_at(text, pos, allow_capitalised=allow_capitalised)
            if name and lower_tails:
                tail = _LOWER_TAIL.match(text, pos + len(name))
                if tail:
                    name += tail.group()
        if not name:
            break
        items.append((pos, name))
        pos += len(name)
        aside = _ASIDE.match(text, pos)
        if aside:
            pos = aside.end()
        sep = _SEPARATOR.match(text, pos)
        if not sep or sep.end() == pos:
            break
        pos = sep.end()
    return items
