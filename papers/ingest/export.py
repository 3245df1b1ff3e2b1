"""Export the catalogue as JSON Lines, one object per paper, ordered by id.

Every object has the paper's fields and provenance (`sources`), what it links to (`methods`,
`datasets`, `results`, `links`, each row with its evidence, origin and status, rejected rows
included so a restore keeps blocking them), `repo_links` (the URLs not rejected), `tags` and
`notes`, plus `curated_fields`, `review_status` and `content_hash`.

`manage.py ingest` recognises these objects (by their `sources` and `title_derived` keys) and
restores them as they were: ingesting an export into an empty database reproduces the catalogue.
Not carried: entity descriptions and aliases, notes on methods and datasets, tag colours and
descriptions, note authors, and who tagged what.

The export reads one snapshot (REPEATABLE READ), a few thousand papers at a time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TextIO

from django.db import connection, transaction

CHUNK = 2000
PAPER_COLUMNS = (
    "id",
    "arxiv_id",
    "title",
    "title_derived",
    "abstract",
    "published",
    "authors",
    "authors_count",
    "organisation",
    "upvotes",
    "categories",
    "comment",
    "review_status",
    "curated_fields",
    "content_hash",
)

_RELATED = {
    "sources": (
        "SELECT paper_id, file, line, format FROM papers_papersource"
        " WHERE paper_id BETWEEN %s AND %s ORDER BY paper_id, file",
        ("file", "line", "format"),
    ),
    "methods": (
        "SELECT pm.paper_id, m.name, m.acronym, m.key, pm.proposed, pm.evidence, pm.origin,"
        " pm.status FROM papers_papermethod pm JOIN papers_method m ON m.id = pm.method_id"
        " WHERE pm.paper_id BETWEEN %s AND %s"
        " ORDER BY pm.paper_id, NOT pm.proposed, m.name, m.id",
        ("name", "acronym", "key", "proposed", "evidence", "origin", "status"),
    ),
    "datasets": (
        "SELECT pd.paper_id, d.name, d.acronym, d.key, pd.introduced, pd.evidence, pd.origin,"
        " pd.status FROM papers_paperdataset pd JOIN papers_dataset d ON d.id = pd.dataset_id"
        " WHERE pd.paper_id BETWEEN %s AND %s"
        " ORDER BY pd.paper_id, NOT pd.introduced, d.name, d.id",
        ("name", "acronym", "key", "introduced", "evidence", "origin", "status"),
    ),
    "results": (
        "SELECT r.paper_id, COALESCE(d.name, ''), COALESCE(d.key, ''), b.metric, b.metric_key,"
        " r.value, r.unit, r.kind, r.evidence, r.origin, r.status FROM papers_result r"
        " JOIN papers_benchmark b ON b.id = r.benchmark_id"
        " LEFT JOIN papers_dataset d ON d.id = b.dataset_id"
        " WHERE r.paper_id BETWEEN %s AND %s"
        " ORDER BY r.paper_id, b.metric_key, d.name NULLS FIRST, r.kind, r.value",
        (
            "dataset",
            "dataset_key",
            "metric",
            "metric_key",
            "value",
            "unit",
            "kind",
            "evidence",
            "origin",
            "status",
        ),
    ),
    "links": (
        "SELECT paper_id, url, host, owner, repo, evidence, origin, status FROM papers_repolink"
        " WHERE paper_id BETWEEN %s AND %s ORDER BY paper_id, url",
        ("url", "host", "owner", "repo", "evidence", "origin", "status"),
    ),
    "tags": (
        "SELECT pt.paper_id, t.name FROM papers_papertag pt JOIN papers_tag t ON t.id = pt.tag_id"
        " WHERE pt.paper_id BETWEEN %s AND %s ORDER BY pt.paper_id, t.name",
        None,
    ),
    "notes": (
        "SELECT paper_id, body, visibility FROM papers_note WHERE paper_id BETWEEN %s AND %s"
        " ORDER BY paper_id, created_at, id",
        ("body", "visibility"),
    ),
}


def iter_papers(chunk: int = CHUNK) -> Iterator[dict]:
    """Every paper as an export object, by ascending id. Call inside a transaction."""
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {', '.join(PAPER_COLUMNS)} FROM papers_paper WHERE id > %s"
                " ORDER BY id LIMIT %s",
                [last, chunk],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            ids = [row[0] for row in rows]
            related: dict[str, dict[int, list]] = {}
            for name, (sql, fields) in _RELATED.items():
                # A chunk is every paper with an id in [first, last]: a range scan serves it.
                cursor.execute(sql, [ids[0], ids[-1]])
                by_paper: dict[int, list] = defaultdict(list)
                for paper_id, *values in cursor.fetchall():
                    item = values[0] if fields is None else dict(zip(fields, values, strict=True))
                    by_paper[paper_id].append(item)
                related[name] = by_paper
            for row in rows:
                paper = dict(zip(PAPER_COLUMNS, row, strict=True))
                paper_id = paper["id"]
                paper["published"] = paper["published"].isoformat() if paper["published"] else None
                links = related["links"].get(paper_id, [])
                paper.update(
                    sources=related["sources"].get(paper_id, []),
                    methods=related["methods"].get(paper_id, []),
                    datasets=related["datasets"].get(paper_id, []),
                    results=related["results"].get(paper_id, []),
                    repo_links=[link["url"] for link in links if link["status"] != "rejected"],
                    links=links,
                    tags=related["tags"].get(paper_id, []),
                    notes=related["notes"].get(paper_id, []),
                )
                yield paper
            last = ids[-1]


def export_jsonl(out: TextIO, chunk: int = CHUNK) -> int:
    """Write every paper to `out`, one JSON object per line; returns how many."""
    count = 0
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # One consistent snapshot, even while ingest or curators write.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for paper in iter_papers(chunk):
            out.write(json.dumps(paper, ensure_ascii=False))
            out.write("\n")
            count += 1
    return count
