"""Abstract lines: every line that starts with `Abstract:` is one paper, with nothing else known."""

from collections.abc import Iterator
from typing import BinaryIO

from papers.ingest.readers.base import (
    BadLine,
    Format,
    Problem,
    RawRecord,
    clean_abstract,
    iter_lines,
)

PREFIX = "Abstract:"


def read(stream: BinaryIO, file: str) -> Iterator[RawRecord | Problem]:
    for number, line in iter_lines(stream, file):
        if isinstance(line, BadLine):
            yield Problem(file, number, f"{line.message}; line skipped")
            continue
        text = line.strip()
        if not text:
            continue
        if not text.startswith(PREFIX):
            yield Problem(file, number, f"line does not start with {PREFIX!r}; skipped")
            continue
        abstract = clean_abstract(text[len(PREFIX) :])
        if not abstract:
            yield Problem(file, number, "empty abstract; skipped")
            continue
        yield RawRecord(file=file, line=number, format=Format.ABSTRACT_LINES, abstract=abstract)
