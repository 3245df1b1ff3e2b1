"""Every page makes the same, pinned number of queries for 1 paper as for 50: no N+1.

Counts are taken twice: with empty caches (facet blocks, related papers and entity statistics
are computed) and warm. Inside a test transaction each cache write and each bounded statement
adds a SAVEPOINT/RELEASE pair, which production (autocommit) does not send.
"""

import pytest

from tests.browse.helpers import count_queries, make_catalogue

ALL_FACETS = (
    "/?q=masked&method=clip&method=vit&dataset=coco&benchmark=coco-ap&tag=to-read&year=2023"
    "&has_code=1&org=Lab+A&category=cs.CL&source=data/batch-0.jsonl&sort=newest"
)

# url: (cold, warm). A cache write is five queries here (count, savepoint, select, insert,
# release); a bounded statement four (savepoint, SET LOCAL, statement, release).
PAGES = {
    # warm: the version (both columns of the page are in process memory for that version).
    # cold: version, DB cache get, the bounded facet statement, panel names, the cache write,
    # page ids, cards, card entity names.
    "/": (15, 1),
    "/?q=masked": (15, 1),
    # cold: + one query resolving every slug in the URL (kept in process memory too).
    ALL_FACETS: (16, 1),
    "/?q=masked&sort=title&page=1": (15, 1),
    # the bounded facet statement and names: a facet's full list is never cached.
    "/facets/method/?q=masked&fq=c": (5, 5),
    # slugs, version, export query (entity names as arrays in the same query); relevance order
    # needs the hit count, so cold adds the facet block as on the catalogue page.
    "/export.csv?q=masked&method=clip": (14, 3),
    # the export query only.
    "/export.json?year=2023": (1, 1),
    # Detail pages are cached whole per catalogue version: warm is the version query alone.
    # cold: version, DB cache get, the page's own queries, the cache write (5).
    # Paper: paper + 7 prefetches, common search words (cache get, pg_stats, cache write),
    # related by entities, related by text.
    "/papers/{paper}/": (24, 1),
    # Method: method, proposer ids, co-occurrence and linking count (one statement), their
    # names, aliases, notes, users (no proposers, so no own-papers query).
    "/methods/clip/": (14, 1),
    # Dataset: as a method, plus its benchmarks.
    "/datasets/coco/": (15, 1),
    # Benchmark: benchmark, scores, gains.
    "/benchmarks/coco/ap/": (10, 1),
    # Tag: tag, papers, count.
    "/tags/to-read/": (10, 1),
    # version; cold adds DB cache get, the counts query and the cache write.
    "/methods/": (8, 1),
    "/datasets/": (8, 1),
    "/benchmarks/": (8, 1),
    "/tags/": (8, 1),
}


def _measure(client, paper_pk: int) -> dict[str, tuple[int, int]]:
    counts = {}
    for url in PAGES:
        real = url.format(paper=paper_pk)
        cold, cold_sql = count_queries(client, real)
        warm, warm_sql = count_queries(client, real, cold=False)
        counts[url] = (cold, warm)
        counts[url + " sql"] = (cold_sql, warm_sql)
    return counts


@pytest.mark.django_db
def test_every_page_makes_the_same_pinned_number_of_queries_for_1_and_50_papers(client):
    one = _measure(client, make_catalogue(1)[0].pk)
    papers = make_catalogue(50)
    many = _measure(client, papers[0].pk)
    report = []
    for url, expected in PAGES.items():
        if not (one[url] == many[url] == expected):
            cold_sql, warm_sql = many[url + " sql"]
            report.append(
                f"{url}: expected {expected}, 1 paper {one[url]}, 50 papers {many[url]}\n  "
                + "\n  ".join(cold_sql)
            )
    assert not report, "\n\n".join(report)
