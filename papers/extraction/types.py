"""Typed records that extraction returns; the ingest loader stores them as they are."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MethodMention:
    name: str
    acronym: str = ""
    proposed: bool = False
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class DatasetMention:
    name: str
    acronym: str = ""
    introduced: bool = False
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class ResultMention:
    metric: str
    value: float
    kind: str
    dataset: str = ""
    unit: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class LinkMention:
    url: str
    host: str
    owner: str = ""
    repo: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Extraction:
    methods: tuple[MethodMention, ...]
    datasets: tuple[DatasetMention, ...]
    results: tuple[ResultMention, ...]
    links: tuple[LinkMention, ...]
