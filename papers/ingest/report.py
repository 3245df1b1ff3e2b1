"""What an ingest did: counts per file and the problems met."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from papers.ingest.readers import Problem, Severity

# IngestRun.problems keeps this many; the rest are counted.
STORED_PROBLEMS = 1000


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


class ExitStatus(enum.IntEnum):
    OK = 0  # everything was read
    SKIPPED = 1  # some records or files were skipped
    NOTHING = 2  # nothing could be read
    LOCKED = 3  # --no-wait, and another ingest holds the lock


@dataclass
class FileCounts:
    format: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    unreadable: bool = False

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }


@dataclass
class IngestReport:
    dry_run: bool = False
    run_id: int | None = None
    files: dict[str, FileCounts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def file(self, path: str) -> FileCounts:
        counts = self.files.get(path)
        if counts is None:
            counts = self.files[path] = FileCounts()
        return counts

    def count(self, path: str, outcome: Outcome, n: int = 1) -> None:
        counts = self.file(path)
        setattr(counts, outcome.value, getattr(counts, outcome.value) + n)

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)
        if problem.severity is Severity.RECORD:
            self.count(problem.file, Outcome.SKIPPED)
        elif problem.severity is Severity.FILE:
            counts = self.file(problem.file)
            counts.unreadable = True
            counts.skipped += 1

    def total(self, outcome: Outcome) -> int:
        return sum(getattr(c, outcome.value) for c in self.files.values())

    @property
    def read(self) -> int:
        return sum(c.read for c in self.files.values())

    @property
    def exit_status(self) -> ExitStatus:
        if self.read == 0:
            return ExitStatus.NOTHING
        if any(c.skipped for c in self.files.values()):
            return ExitStatus.SKIPPED
        return ExitStatus.OK

    def counts(self) -> dict:
        """The shape IngestRun.counts stores."""
        totals = {o.value: self.total(o) for o in Outcome}
        return {**totals, "files": {path: c.as_dict() for path, c in self.files.items()}}

    def stored_problems(self) -> list[dict]:
        kept = [p.as_dict() for p in self.problems[:STORED_PROBLEMS]]
        if len(self.problems) > STORED_PROBLEMS:
            more = len(self.problems) - STORED_PROBLEMS
            kept.append({"file": "", "line": None, "message": f"and {more:,} more problems"})
        return kept
