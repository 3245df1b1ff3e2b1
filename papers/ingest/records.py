"""Normalised records and the keys they are matched on.

A record is matched to a paper on its arXiv id, else on the abstract's fingerprint (sha1 of the
abstract with case, whitespace and punctuation folded), else on its title key. Its content hash
covers every normalised field and the extractor version, so an unchanged record is recognised
without extracting it again.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any

from papers.ingest.readers import Format, RawRecord

# Titles shorter than this once folded ("Introduction", "A Survey") are too generic to match on.
TITLE_KEY_MIN = 16
TITLE_KEY_MAX = 255
# When two sources disagree, the richer format's value wins (see loader.merge).
FORMAT_RANK = {Format.ABSTRACT_LINES: 1, Format.HF_DAILY: 2, Format.JSONL: 3}


_FOLDED_CATEGORIES = frozenset(
    ("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf")
)


class _FoldTable(dict):
    """str.translate table: punctuation, symbols, separators and controls become a space.

    Filled as characters are met, which is cheaper than building it for all of Unicode.
    """

    def __missing__(self, code: int) -> int | str:
        value = " " if unicodedata.category(chr(code)) in _FOLDED_CATEGORIES else code
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Case, punctuation and whitespace folded: "MS-COCO,  2017" -> "ms coco 2017"."""
    return " ".join(text.casefold().translate(_FOLD_TABLE).split())


def fingerprint(abstract: str) -> str:
    return hashlib.sha1(fold(abstract).encode(), usedforsecurity=False).hexdigest()


def salted_fingerprint(base: str, arxiv_id: str) -> str:
    """For a second arXiv id with the same abstract: `fingerprint` is unique per paper."""
    return hashlib.sha1(f"{base}:{arxiv_id}".encode(), usedforsecurity=False).hexdigest()


def title_key(title: str) -> str:
    key = fold(title)[:TITLE_KEY_MAX]
    return key if len(key) >= TITLE_KEY_MIN else ""


def content_hash(raw: RawRecord, extractor_version: str) -> str:
    if raw.backup is not None:
        state = {k: v for k, v in raw.backup.items() if k != "id"}
        body = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str)
    else:
        body = "\x1e".join(
            (
                raw.title,
                raw.abstract,
                "\x1f".join(raw.authors),
                "" if raw.authors_count is None else str(raw.authors_count),
                raw.organisation,
                "" if raw.upvotes is None else str(raw.upvotes),
                raw.published.isoformat() if raw.published else "",
                raw.arxiv_id or "",
                "\x1f".join(raw.categories),
                raw.comment,
            )
        )
    text = f"{extractor_version}\x1d{body}"
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


class Record:
    """A RawRecord with its content hash, and its match keys computed when first needed: a
    record settled by its arXiv id never folds its abstract."""

    __slots__ = ("raw", "content_hash", "extraction", "derived_title", "_fingerprint", "_title")

    def __init__(self, raw: RawRecord, content_hash: str) -> None:
        self.raw = raw
        self.content_hash = content_hash
        # Filled ahead of loading when extraction runs in worker processes.
        self.extraction: Any = None
        self.derived_title = ""
        self._fingerprint: str | None = None
        self._title: str | None = None

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.raw.abstract)
        return self._fingerprint

    @property
    def title_key(self) -> str:
        if self._title is None:
            self._title = title_key(self.raw.title)
        return self._title

    @property
    def rank(self) -> tuple[int, str]:
        return FORMAT_RANK[self.raw.format], self.raw.file

    @property
    def extraction_input(self) -> tuple[str, str, str]:
        return self.raw.abstract, self.raw.title, self.raw.comment


def normalise(raw: RawRecord, extractor_version: str) -> Record:
    return Record(raw, content_hash(raw, extractor_version))
