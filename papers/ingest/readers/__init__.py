"""Readers: files in, `RawRecord`s and `Problem`s out. Pure Python; no Django here."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from papers.ingest.readers import abstract_lines, hf_daily, jsonl
from papers.ingest.readers.base import Format, Problem, RawRecord, Severity
from papers.ingest.readers.detect import SourceFile, detect, display_path, list_files

__all__ = [
    "FileStart",
    "Format",
    "Problem",
    "RawRecord",
    "Severity",
    "SourceFile",
    "display_path",
    "read_paths",
]


@dataclass(slots=True)
class FileStart:
    """Reading of `source` begins; its records follow."""

    source: SourceFile


def read_paths(
    paths: Iterable[str | os.PathLike],
    forced: Format | None = None,
    as_of: date | None = None,
) -> Iterator[FileStart | RawRecord | Problem]:
    """Every record of every file under `paths`, in a stable order, with a FileStart before each
    readable file's records. `as_of` dates year-less dates; default each file's modification day.
    """
    for item in list_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        found = detect(item, forced)
        if isinstance(found, Problem):
            yield found
            continue
        item.format = found
        yield FileStart(item)
        yield from read_file(item, as_of)


def read_file(source: SourceFile, as_of: date | None = None) -> Iterator[RawRecord | Problem]:
    stream = source.open()
    try:
        if source.format is Format.JSONL:
            yield from jsonl.read(stream, source.path)
        elif source.format is Format.ABSTRACT_LINES:
            yield from abstract_lines.read(stream, source.path)
        else:
            day = as_of or datetime.fromtimestamp(source.real.stat().st_mtime).date()
            yield from hf_daily.read(stream, source.path, day)
    finally:
        source.close()
