"""Throughput of papers.extraction.extract() on one core over the real arXiv listing corpus.

    python bench/extraction_speed.py                 # abstracts/s over the whole corpus
    python bench/extraction_speed.py --limit 20000   # a quicker run
    python bench/extraction_speed.py --json          # {"abstracts": n, "seconds": s,
                                                     #  "per_second": r, ...}

Only extract() is timed: reading and decompressing the corpus is not.
"""

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from papers.extraction import extract  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/arxiv-listings-75k.jsonl.gz"


def _records(path: Path, limit: int | None) -> list[tuple[str, str, str]]:
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            records.append(
                (row.get("abstract") or "", row.get("title") or "", row.get("comment") or "")
            )
            if limit and len(records) >= limit:
                break
    return records


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="stop after this many abstracts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    records = _records(args.corpus, args.limit)
    extract("warm up the gazetteer and caches")
    started, cpu_started = time.perf_counter(), time.process_time()
    for abstract, title, comment in records:
        extract(abstract, title, comment)
    seconds = time.perf_counter() - started
    # On a shared machine wall time also counts waiting for the core; CPU time is the work done.
    cpu_seconds = time.process_time() - cpu_started
    report = {
        "abstracts": len(records),
        "seconds": round(seconds, 3),
        "per_second": round(len(records) / seconds, 1) if seconds else 0.0,
        "cpu_seconds": round(cpu_seconds, 3),
        "per_cpu_second": round(len(records) / cpu_seconds, 1) if cpu_seconds else 0.0,
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['abstracts']} abstracts in {seconds:.2f} s: {report['per_second']:,.0f}"
            f" abstracts/s ({report['per_cpu_second']:,.0f} per CPU second)"
        )


if __name__ == "__main__":
    main()
