"""The seam where extraction plugs into ingest.

Ingest calls extraction through an `Extractor`: the real one binds `papers.extraction`; tests
pass their own. Everything here is picklable, so worker processes can run it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

ExtractionInput = tuple[str, str, str]  # abstract, title ("" when unknown or derived), comment


@dataclass(frozen=True)
class Extractor:
    extract: Callable[..., Any]
    derive_title: Callable[[str, Any], str]
    entity_key: Callable[[str], str]
    metric_key: Callable[[str], str]
    version: str

    def run(self, item: ExtractionInput) -> tuple[Any, str]:
        """(extraction, derived title or "" when the paper has a title)."""
        abstract, title, comment = item
        extraction = self.extract(abstract, title=title, comment=comment)
        derived = "" if title else self.derive_title(abstract, extraction)
        return extraction, derived

    def run_many(self, items: Sequence[ExtractionInput]) -> list[tuple[Any, str]]:
        return [self.run(item) for item in items]


def default_extractor() -> Extractor:
    from papers import extraction

    return Extractor(
        extract=extraction.extract,
        derive_title=extraction.derive_title,
        entity_key=extraction.entity_key,
        metric_key=extraction.metric_key,
        version=extraction.EXTRACTOR_VERSION,
    )
