"""Throughput of papers.extraction.extract() on one core over the real arXiv listing corpus.

    python bench/extraction_speed.py                 # abstracts/s over the whole corpus
    python bench/extraction_speed.py --limit 10000   # a quicker run
    python bench/extraction_speed.py --json          # one JSON object, see below

Only extract() is timed: reading and decompressing the corpus is not. extract() is
single-threaded, so the process's CPU time (time.process_time()) is the time one core spent on
it. Wall time also counts the time the process waited for a core, which on a shared machine
(other builds, Postgres, a load generator) says more about the neighbours than about
extract(); so the headline figure is per CPU second:

    per_second        abstracts per CPU second (the "on one core" rate; what the harness reads)
    cpu_us_per_abstract   the same as microseconds of CPU per abstract
    wall_per_second   abstracts per wall-clock second (equals per_second on an idle core)
    seconds, cpu_seconds  the two totals; load_average: the 1-minute load at start and end
    compiled          whether extract() ran from the mypyc build (papers/extraction/compiled.py)

With --repeat N the corpus is timed N times and the fastest pass is reported (interference
only ever slows a pass down).
"""

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import DEFAULT_CORPUS  # noqa: E402
from papers.extraction import COMPILED, extract  # noqa: E402


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


def _load() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


def _timed_pass(records: list[tuple[str, str, str]]) -> tuple[float, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    for abstract, title, comment in records:
        extract(abstract, title, comment)
    return time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="stop after this many abstracts")
    parser.add_argument("--repeat", type=int, default=1, help="time N passes, report the fastest")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    records = _records(args.corpus, args.limit)
    extract("warm up the gazetteer and caches")
    load_before = _load()
    passes = [_timed_pass(records) for _ in range(max(1, args.repeat))]
    seconds, cpu_seconds = min(passes, key=lambda p: p[1])
    n = len(records)
    report = {
        "abstracts": n,
        "per_second": round(n / cpu_seconds, 1) if cpu_seconds else 0.0,
        "cpu_us_per_abstract": round(cpu_seconds / n * 1e6, 1) if n else 0.0,
        "wall_per_second": round(n / seconds, 1) if seconds else 0.0,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "passes": len(passes),
        "load_average": [load_before, _load()],
        "compiled": COMPILED,
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{n} abstracts: {report['per_second']:,.0f} abstracts per CPU second"
            f" ({report['cpu_us_per_abstract']} µs each), {report['wall_per_second']:,.0f} per"
            f" wall second; load average {report['load_average']};"
            f" {'mypyc build' if COMPILED else 'plain Python'}"
        )


if __name__ == "__main__":
    main()
