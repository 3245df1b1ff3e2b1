"""What readers yield, and the line reading every reader shares.

Readers never raise on bad input: a line or record they cannot use becomes a `Problem` naming the
file and line, and reading goes on with the next one.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

# A line longer than this is reported and skipped without being held in memory whole.
MAX_LINE_BYTES = 1 << 20
_DRAIN_CHUNK = 1 << 20


class Format(enum.StrEnum):
    # Values match papers.models.SourceFormat.
    ABSTRACT_LINES = "abstract_lines"
    HF_DAILY = "hf_daily"
    JSONL = "jsonl"


class Severity(enum.StrEnum):
    # One record (or line) was skipped.
    RECORD = "record"
    # The whole file was skipped: binary, empty, unknown format, unreadable.
    FILE = "file"
    # Worth knowing, but nothing was skipped.
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int | None
    message: str
    severity: Severity = Severity.RECORD

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


@dataclass(slots=True)
class RawRecord:
    """One paper as one source describes it. Strings are stripped; unknown values are empty."""

    file: str
    line: int
    format: Format
    abstract: str
    title: str = ""
    authors: tuple[str, ...] = ()
    authors_count: int | None = None
    organisation: str = ""
    upvotes: int | None = None
    published: date | None = None
    arxiv_id: str | None = None
    categories: tuple[str, ...] = ()
    comment: str = ""
    # Set for records written by `manage.py export`: the catalogue's own state of the paper
    # (sources, curated fields, links with their origin and status, tags, notes) to restore.
    backup: dict | None = field(default=None, repr=False)


@dataclass(slots=True)
class BadLine:
    """A line that could not be decoded or was too long; readers turn it into a Problem."""

    message: str


def iter_lines(stream: BinaryIO, file: str) -> Iterator[tuple[int, str | BadLine]]:
    """Number and decode the lines of a binary stream, without the line ending.

    Over-long lines are drained in chunks, so a 10 MB line costs 1 MB of memory at most. A
    truncated or corrupt compressed stream ends the iteration with a BadLine on the next line.
    """
    number = 0
    while True:
        try:
            raw = stream.readline(MAX_LINE_BYTES + 1)
        except (EOFError, OSError, ValueError) as error:
            yield number + 1, BadLine(f"file ends early or is corrupt ({error}); rest not read")
            return
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            size = len(raw)
            try:
                while not raw.endswith(b"\n"):
                    raw = stream.readline(_DRAIN_CHUNK)
                    if not raw:
                        break
                    size += len(raw)
            except (EOFError, OSError, ValueError) as error:
                yield number, BadLine(f"file ends early or is corrupt ({error}); rest not read")
                return
            limit = f"{MAX_LINE_BYTES:,}-byte limit"
            yield number, BadLine(f"line of {size:,} bytes is over the {limit}")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = raw[error.start]
            yield number, BadLine(f"not UTF-8 (byte 0x{byte:02x} at column {error.start + 1})")
            continue
        if "\0" in text:
            yield number, BadLine("NUL byte in line")
            continue
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield number, text.rstrip("\r\n")


# Postgres integer columns (authors_count, upvotes, line).
INT_MAX = 2**31 - 1


def count(value: object) -> int | None:
    """A non-negative count that fits the database, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= INT_MAX:
        return value
    return None


def collapse(text: str) -> str:
    """Whitespace runs to single spaces, ends stripped."""
    # Most values are clean already; checking is cheaper than rebuilding.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.replace("\0", "").split())


# arXiv hard-wraps abstracts and starts a new paragraph with an indented line.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n|\n[ \t]+")


def clean_abstract(text: str) -> str:
    """Unwrap hard line breaks; keep paragraph breaks as one blank line."""
    if "\n" not in text:
        return collapse(text)
    text = text.replace("\0", "")
    paragraphs = (collapse(p) for p in _PARAGRAPH_BREAK.split(text.strip()))
    return "\n\n".join(p for p in paragraphs if p)
