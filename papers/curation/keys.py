"""Match keys for rows a curator creates by hand.

Ingest matches entities by `key` and papers by `fingerprint` (then `title_key`); a row a curator
makes must get the key ingest would compute, or the next ingest makes a duplicate. The ingest
and extraction modules' own functions are used; the fallbacks (same folding rules) only matter
in a tree where those modules are absent.
"""

import hashlib
import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)


def _fold(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def entity_key(name: str) -> str:
    """The key ingest matches a method or dataset name by."""
    try:
        from papers.extraction import entity_key as extraction_entity_key
    except ImportError:
        return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name).casefold())[:255]
    return extraction_entity_key(name)[:255]


def abstract_fingerprint(abstract: str) -> str:
    """sha1 of the abstract with case, whitespace and punctuation folded."""
    try:
        from papers.ingest.records import fingerprint
    except ImportError:
        return hashlib.sha1(_fold(abstract).encode(), usedforsecurity=False).hexdigest()
    return fingerprint(abstract)


def paper_title_key(title: str) -> str:
    try:
        from papers.ingest.records import title_key
    except ImportError:
        key = _fold(title)[:255]
        return key if len(key) >= 16 else ""
    return title_key(title)
