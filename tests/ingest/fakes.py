"""A small, predictable stand-in for papers.extraction, so tests say exactly what is found.

- a method is a capitalised name with its acronym: "Sparse Lattice Adapters (SLA)";
- a dataset is one of a few known names;
- a result is "<number>% <metric> on <Dataset>", a gain when "improves ... by <number>%";
- a link is any github.com URL, in the abstract or the comment.
"""

import re

from papers.extraction.types import (
    DatasetMention,
    Extraction,
    LinkMention,
    MethodMention,
    ResultMention,
)
from papers.ingest.extract import Extractor

_DEFINITION = re.compile(r"((?:[A-Z][\w-]*\s+){1,5})\(([A-Z][A-Za-z0-9-]+)\)")
_DATASETS = ("ImageNet", "MS-COCO", "COCO", "ScanNet", "TideSpeech")
_RESULT = re.compile(r"(\d+(?:\.\d+)?)% (accuracy|AP|WER) on ([A-Z][\w-]+)")
_GAIN = re.compile(r"improves \w+ by (\d+(?:\.\d+)?)%")
_URL = re.compile(r"https?://github\.com/([\w.-]+)/([\w-]+)")


def extract(abstract: str, title: str = "", comment: str = "") -> Extraction:
    text = f"{title}\n{abstract}"
    methods = tuple(
        MethodMention(
            name.strip(),
            acronym,
            proposed=" propose" in text or "introduce" in text,
            evidence=f"{name.strip()} ({acronym})",
        )
        for name, acronym in _DEFINITION.findall(text)
        if acronym not in ("PC",)
    )
    datasets = tuple(
        DatasetMention(name, evidence=f"on {name}")
        for name in _DATASETS
        if re.search(rf"\b{re.escape(name)}\b", text) and not (name == "COCO" and "MS-COCO" in text)
    )
    results = tuple(
        ResultMention(metric, float(value), "absolute", dataset, "%", f"{value}% {metric}")
        for value, metric, dataset in _RESULT.findall(text)
    ) + tuple(
        ResultMention("compression", float(v), "gain", "", "%", f"by {v}%")
        for v in _GAIN.findall(text)
    )
    links = tuple(
        LinkMention(f"https://github.com/{owner}/{repo}", "github", owner, repo, "code")
        for owner, repo in _URL.findall(f"{abstract}\n{comment}")
    )
    return Extraction(methods, datasets, results, links)


def derive_title(abstract: str, extraction: Extraction) -> str:
    for method in extraction.methods:
        return f"{method.acronym}: {method.name}"
    return " ".join(abstract.split()[:6])


def entity_key(name: str) -> str:
    key = re.sub(r"[\W_]+", "", name.casefold())
    return {"mscoco": "coco"}.get(key, key)


def metric_key(metric: str) -> str:
    return re.sub(r"[\W_]+", "", metric.casefold())


FAKE = Extractor(extract, derive_title, entity_key, metric_key, "fake-1")
FAKE_V2 = Extractor(extract, derive_title, entity_key, metric_key, "fake-2")
