"""Finding input files, opening them (gzip as a stream) and telling their format apart."""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from papers.ingest.readers.base import Format, Problem, Severity

SNIFF_BYTES = 8192
# Paper.source_files holds paths of up to 255 characters.
PATH_MAX = 255
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_HF_MARKERS = re.compile(r"^(?:Daily Papers|\s*•\s*\d+ authors?|·)\s*$", re.MULTILINE)


@dataclass(slots=True)
class SourceFile:
    """An input file. `path` is what provenance records: as given, normalised."""

    path: str
    real: Path
    size: int
    format: Format | None = None
    _raw: BinaryIO | None = field(default=None, repr=False)

    @property
    def compressed(self) -> bool:
        return self.real.name.endswith(".gz")

    def open(self) -> BinaryIO:
        """The file's bytes, decompressed as they are read."""
        raw = open(self.real, "rb")  # noqa: SIM115 - closed by close()
        self._raw = raw
        if self.compressed:
            return gzip.GzipFile(fileobj=raw, mode="rb")
        return raw

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    def position(self) -> int:
        """Bytes of the file on disk read so far, for progress."""
        if self._raw is None or self._raw.closed:
            return 0
        return self._raw.tell()


def display_path(path: str | os.PathLike) -> str:
    """The same file is stored under the same name however it was spelled on the command line."""
    text = os.path.normpath(os.fspath(path))
    if os.path.isabs(text):
        relative = os.path.relpath(text)
        if not relative.startswith(".."):
            return relative
    return text


def list_files(paths: Iterable[str | os.PathLike]) -> Iterator[SourceFile | Problem]:
    """Files named, and files under directories named, in a stable order; each once."""
    seen: set[Path] = set()
    for given in paths:
        top = display_path(given)
        real = Path(given)
        if real.is_dir():
            for dirpath, dirnames, filenames in os.walk(real):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                rel_dir = os.path.relpath(dirpath, real)
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    shown = os.path.normpath(os.path.join(top, rel_dir, name))
                    yield from _file(Path(dirpath) / name, shown, seen)
        elif real.exists():
            yield from _file(real, top, seen)
        else:
            yield Problem(top, None, "no such file or directory", Severity.FILE)


def _file(real: Path, shown: str, seen: set[Path]) -> Iterator[SourceFile | Problem]:
    if len(shown) > PATH_MAX:
        message = f"path longer than {PATH_MAX} characters; move or rename the file"
        yield Problem(shown, None, message, Severity.FILE)
        return
    resolved = real.resolve()
    if resolved in seen:
        return
    seen.add(resolved)
    if not real.is_file():
        yield Problem(shown, None, "not a regular file", Severity.FILE)
        return
    try:
        size = real.stat().st_size
    except OSError as error:
        yield Problem(shown, None, f"cannot read ({error.strerror})", Severity.FILE)
        return
    yield SourceFile(path=shown, real=real, size=size)


def detect(source: SourceFile, forced: Format | None = None) -> Format | Problem:
    """The file's format, or the Problem that makes it unreadable as a whole."""
    try:
        stream = source.open()
        try:
            head = stream.read(SNIFF_BYTES)
        finally:
            source.close()
    except PermissionError as error:
        return Problem(source.path, None, f"cannot read ({error.strerror})", Severity.FILE)
    except (OSError, EOFError) as error:
        return Problem(source.path, None, f"unreadable ({error})", Severity.FILE)
    if b"\0" in head:
        message = "binary file (NUL bytes in the first 8 KB)"
        return Problem(source.path, None, message, Severity.FILE)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not text.strip():
        return Problem(source.path, None, "empty file", Severity.FILE)
    if forced is not None:
        return forced
    name = source.real.name.removesuffix(".gz").lower()
    if name.endswith(_JSONL_SUFFIXES):
        return Format.JSONL
    first = next(line for line in text.splitlines() if line.strip()).lstrip()
    if first.startswith("{"):
        return Format.JSONL
    if first.startswith("Abstract:"):
        return Format.ABSTRACT_LINES
    if _HF_MARKERS.search(text):
        return Format.HF_DAILY
    shown = first[:40] + ("…" if len(first) > 40 else "")
    return Problem(
        source.path,
        None,
        f"unknown format (starts {shown!r}); name one with --format",
        Severity.FILE,
    )
