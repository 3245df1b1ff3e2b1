"""Building catalogues for browse tests on top of tests.factories."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper, PaperSource
from tests.browse.conftest import clear_caches
from tests.factories import make_paper


def add_source(paper: Paper, file: str, line: int = 1) -> Paper:
    PaperSource.objects.create(paper=paper, file=file, line=line, format="jsonl")
    Paper.objects.refresh_facets([paper.pk])
    paper.refresh_from_db()
    return paper


def make_catalogue(n: int) -> list[Paper]:
    """n papers with every kind of link, spread over years, organisations and categories."""
    papers = []
    for i in range(n):
        paper = make_paper(
            f"Masked vision study {i}" if i % 2 else f"Language model report {i}",
            f"We study masked image modelling number {i} with a $^{{3}}$ twist on AP$_{{50}}$.",
            published=date(2023 + i % 3, 1 + i % 12, 1 + i % 28),
            methods=["CLIP"] + (["ViT"] if i % 3 == 0 else []),
            proposed=[f"Net{i}"],
            datasets=["COCO"] + (["ImageNet"] if i % 2 else []),
            tags=["to-read"] if i % 4 == 0 else [],
            results=[("COCO", "AP", 40.0 + i, "absolute"), ("COCO", "AP", 1.0 + i / 10, "gain")],
            links=[f"https://github.com/lab/repo{i}"] if i % 3 == 0 else [],
            organisation=["Lab A", "Lab B", ""][i % 3],
            upvotes=i * 3 if i % 2 else None,
            categories=["cs.CV", "cs.LG"] if i % 2 else ["cs.CL"],
            authors=[f"Author {i}", "Second Author"],
            authors_count=2,
        )
        papers.append(add_source(paper, f"data/batch-{i % 2}.jsonl", i + 1))
    clear_caches()
    return papers


def count_queries(client, url: str, *, cold: bool = True) -> tuple[int, list[str]]:
    """Queries one request makes (after emptying the caches when `cold`)."""
    if cold:
        clear_caches()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def text_of(html: bytes | str) -> str:
    """Visible-ish text of an HTML page, whitespace folded, for loose assertions."""
    if isinstance(html, bytes):
        html = html.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
