"""arXiv-style JSON Lines: one object per line, plain or gzip-compressed.

Accepts the daily-listing shape (`authors` a list, `listing_date`), the arXiv metadata snapshot
(`authors` a string, `authors_parsed`, `versions`, `update_date`), the arXiv API's `published`,
and the catalogue's own export (recognised by its `sources` and `title_derived` keys), which is
read back as a backup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import BinaryIO

from papers.ingest.readers.base import (
    BadLine,
    Format,
    Problem,
    RawRecord,
    Severity,
    clean_abstract,
    collapse,
    count,
    iter_lines,
)

_ARXIV_ID = re.compile(
    r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?$",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_CATEGORY_SPLIT = re.compile(r"[,;\s]+")
CATEGORY_MAX = 32


class RecordError(ValueError):
    """A record that cannot be used; the message says why."""


def normalise_arxiv_id(value: object) -> str | None:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    match = _ARXIV_ID.match(str(value).strip())
    return match["id"] if match else None


def read(stream: BinaryIO, file: str) -> Iterator[RawRecord | Problem]:
    for number, line in iter_lines(stream, file):
        if isinstance(line, BadLine):
            yield Problem(file, number, f"{line.message}; record skipped")
            continue
        text = line.strip()
        if not text:
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as error:
            kind = "malformed JSON" if text.endswith("}") else "truncated record"
            yield Problem(file, number, f"{kind} ({error.msg}); record skipped")
            continue
        except RecursionError:
            yield Problem(file, number, "malformed JSON (nested too deeply); record skipped")
            continue
        if not isinstance(obj, dict):
            yield Problem(file, number, f"expected a JSON object, got {_kind(obj)}; record skipped")
            continue
        notes: list[str] = []
        try:
            record = _record(obj, text, file, number, notes)
        except RecordError as error:
            yield Problem(file, number, f"{error}; record skipped")
            continue
        for note in notes:
            yield Problem(file, number, note, Severity.NOTE)
        yield record


def _kind(value: object) -> str:
    return {list: "a list", str: "a string", type(None): "null", bool: "a boolean"}.get(
        type(value), "a number"
    )


def _text(obj: dict, key: str, *, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise RecordError(f"no {key!r}")
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{key!r} is {_kind(value)}, not text")
    return value


def _record(obj: dict, text: str, file: str, number: int, notes: list[str]) -> RawRecord:
    abstract = clean_abstract(_text(obj, "abstract", required=True))
    if not abstract:
        raise RecordError("empty abstract")
    backup = obj if "sources" in obj and "title_derived" in obj else None
    arxiv_id = normalise_arxiv_id(obj.get("arxiv_id") if backup else obj.get("id"))
    if arxiv_id is None and not backup and obj.get("arxiv_id"):
        arxiv_id = normalise_arxiv_id(obj["arxiv_id"])
    authors = _authors(obj)
    authors_count = count(obj.get("authors_count"))
    if authors_count is None and authors:
        authors_count = len(authors)
    record = RawRecord(
        file=file,
        line=number,
        format=Format.JSONL,
        abstract=abstract,
        title=collapse(_text(obj, "title")),
        authors=authors,
        authors_count=authors_count,
        organisation=collapse(_text(obj, "organisation"))[:255],
        upvotes=count(obj.get("upvotes")),
        published=_published(obj, notes),
        arxiv_id=arxiv_id,
        categories=_categories(obj.get("categories")),
        comment=collapse(_text(obj, "comment")),
        backup=backup,
    )
    if "\\u" in text:
        # Escapes that decode to what Postgres cannot store: NUL, or a lone surrogate.
        if "\\u0000" in text:
            raise RecordError("text with a NUL character (\\u0000)")
        try:
            json.dumps(obj, ensure_ascii=False).encode()
        except UnicodeEncodeError:
            raise RecordError("text with an invalid Unicode escape (a lone surrogate)") from None
    return record


def _authors(obj: dict) -> tuple[str, ...]:
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = (
            " ".join(p for p in (*entry[1:2], entry[0], *entry[2:3]) if isinstance(p, str) and p)
            for entry in parsed
            if isinstance(entry, list) and entry
        )
        return tuple(name for name in map(collapse, names) if name)
    value = obj.get("authors")
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(name for name in map(collapse, _AUTHOR_SPLIT.split(value)) if name)
    if isinstance(value, list):
        if all(isinstance(a, str) for a in value):
            # One check for the whole list: any stray, doubled or odd space shows in the join.
            joined = " ".join(value)
            if joined.isprintable() and "  " not in joined and joined.strip() == joined:
                return tuple(value)
        names = (a.get("name", "") if isinstance(a, dict) else a for a in value)
        return tuple(name for name in (collapse(a) for a in names if isinstance(a, str)) if name)
    raise RecordError(f"'authors' is {_kind(value)}, not a list or text")


def _categories(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RecordError(f"'categories' is {_kind(value)}, not a list or text")
    seen: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str):
            continue
        for token in _CATEGORY_SPLIT.split(item):
            # MSC and ACM classes share arXiv's field ("68T45 (Primary)", "I.4.2; E.4").
            if token and "(" not in token and ")" not in token and len(token) <= CATEGORY_MAX:
                seen.setdefault(token, None)
    return tuple(seen)


def _published(obj: dict, notes: list[str]) -> date | None:
    for key in ("published", "versions", "listing_date", "update_date"):
        value = obj.get(key)
        if not value:
            continue
        if key == "versions":
            if not isinstance(value, list):
                continue
            first = value[0]
            value = first.get("created") if isinstance(first, dict) else first
        if not isinstance(value, str):
            notes.append(f"{key!r} is {_kind(value)}, not a date; ignored")
            continue
        try:
            if key == "versions":
                return parsedate_to_datetime(value).date()
            return date.fromisoformat(value.strip()[:10])
        except (ValueError, TypeError, IndexError):
            notes.append(f"{key!r} {value[:40]!r} is not a date; ignored")
    return None
