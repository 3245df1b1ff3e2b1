"""Small factories for tests: real rows, linked the way ingest links them."""

import hashlib
import itertools
from datetime import date

from django.utils.text import slugify

from papers.models import (
    Benchmark,
    Dataset,
    Method,
    Paper,
    PaperDataset,
    PaperMethod,
    PaperTag,
    RepoLink,
    Result,
    Tag,
)

_counter = itertools.count(1)


def make_method(name: str, acronym: str = "") -> Method:
    key = slugify(acronym or name).replace("-", "")
    method, _ = Method.objects.get_or_create(
        key=key, defaults={"name": name, "acronym": acronym, "slug": slugify(acronym or name)}
    )
    return method


def make_dataset(name: str, acronym: str = "") -> Dataset:
    key = slugify(acronym or name).replace("-", "")
    dataset, _ = Dataset.objects.get_or_create(
        key=key, defaults={"name": name, "acronym": acronym, "slug": slugify(acronym or name)}
    )
    return dataset


def make_tag(name: str) -> Tag:
    tag, _ = Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    return tag


def make_benchmark(dataset: Dataset | None, metric: str) -> Benchmark:
    metric_key = slugify(metric).replace("-", "") or "metric"
    benchmark, _ = Benchmark.objects.get_or_create(
        dataset=dataset,
        metric_key=metric_key,
        defaults={
            "metric": metric,
            "slug": f"{dataset.slug if dataset else 'any'}-{metric_key}",
        },
    )
    return benchmark


def make_paper(
    title: str = "",
    abstract: str = "",
    *,
    published: date | None = date(2025, 6, 1),
    methods: list[str] = (),
    proposed: list[str] = (),
    datasets: list[str] = (),
    tags: list[str] = (),
    results: list[tuple[str, str, float, str]] = (),
    links: list[str] = (),
    **fields,
) -> Paper:
    """A paper with its links. `results` are (dataset, metric, value, kind) tuples."""
    n = next(_counter)
    title = title or f"Paper number {n}"
    abstract = abstract or f"We study problem {n} and report findings about {title}."
    paper = Paper.objects.create(
        title=title,
        abstract=abstract,
        fingerprint=hashlib.sha1(f"{abstract}-{n}".encode(), usedforsecurity=False).hexdigest(),
        published=published,
        **fields,
    )
    for name in [*proposed, *methods]:
        PaperMethod.objects.get_or_create(
            paper=paper,
            method=make_method(name),
            defaults={"proposed": name in proposed, "evidence": f"We use {name}."},
        )
    for name in datasets:
        PaperDataset.objects.create(
            paper=paper, dataset=make_dataset(name), evidence=f"Results on {name}."
        )
    for name in tags:
        PaperTag.objects.create(paper=paper, tag=make_tag(name))
    for dataset_name, metric, value, kind in results:
        dataset = make_dataset(dataset_name) if dataset_name else None
        Result.objects.create(
            paper=paper,
            benchmark=make_benchmark(dataset, metric),
            value=value,
            kind=kind,
            evidence=f"{metric} {value} on {dataset_name}.",
        )
    for url in links:
        RepoLink.objects.create(paper=paper, url=url, host="github", evidence=f"Code: {url}")
    Paper.objects.refresh_facets([paper.pk])
    paper.refresh_from_db()
    return paper
