"""`make bench`: measure ingest, extraction, pages and load; print a table, write latest.json.

    .venv/bin/python bench/run.py                      # every stage, 75k corpus, 3 runs each
    .venv/bin/python bench/run.py --quick              # first 10k records, 1 run, short loads
    .venv/bin/python bench/run.py --stage pages,load   # some stages (reuses the loaded bench DB)
    BENCH_SCALE=1m .venv/bin/python bench/run.py       # also scale up to 1M papers and re-time

See bench/README.md for what each stage measures and the targets it compares with.
"""

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

# `python bench/run.py` puts bench/ first on sys.path; the package lives one level up.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import db, extraction, ingest, live, pages, report, scale  # noqa: E402
from bench.common import DEFAULT_CORPUS, DEFAULT_DATABASE_URL, Context, Skip  # noqa: E402

STAGES = ["ingest", "reingest", "extraction", "quality", "pages", "load", "ingest-under-load"]


def scale_stage(ctx: Context) -> dict:
    ingest.ensure_loaded(ctx)
    if db.read_state(ctx).get("scale") == ctx.scale:  # already scaled by an earlier run
        done = {"notes": [f"the bench database was already at {ctx.scale}"]}
    else:
        done = scale.scale_up_database(ctx)
    return {"figures": {"papers": db.count_papers(ctx), **done}}


STAGE_FUNCTIONS = {
    "ingest": ingest.ingest_stage,
    "reingest": ingest.reingest_stage,
    "extraction": extraction.extraction_stage,
    "quality": extraction.quality_stage,
    "pages": pages.pages_stage,
    "load": pages.load_stage,
    "ingest-under-load": live.ingest_under_load_stage,
    "scale": scale_stage,
}
# Stages named "<stage>@<scale>" run on the scaled-up database.
SCALABLE = {"pages": pages.pages_stage, "load": pages.load_stage}


def plan(selected: list[str], scale_name: str) -> list[str]:
    """The stages to run, in order: scaled page stages come after the scale-up."""
    scaled = scale_name != scale.BASE
    if "all" in selected:
        return STAGES + (["scale", *(f"{s}@{scale_name}" for s in SCALABLE)] if scaled else [])
    unknown = [s for s in selected if s not in STAGES and s != "scale"]
    if unknown:
        raise SystemExit(f"unknown stage(s): {', '.join(unknown)}")
    if "scale" in selected and not scaled:
        raise SystemExit("--stage scale needs --scale 1m (or BENCH_SCALE=1m)")
    chosen = [s for s in STAGES if s in selected and not (scaled and s in SCALABLE)]
    if scaled and ("scale" in selected or any(s in SCALABLE for s in selected)):
        chosen += ["scale", *(f"{s}@{scale_name}" for s in SCALABLE if s in selected)]
    return chosen


def run_stage(ctx: Context, name: str) -> dict:
    print(f"\n== {name} ==", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        base, _, at = name.partition("@")
        result = SCALABLE[base](ctx, scaled=True) if at else STAGE_FUNCTIONS[name](ctx)
        result["status"] = "ok"
    except Skip as skip:
        result = {"status": "skipped", "note": str(skip)}
        print(f"  skipped: {skip}", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - one broken stage must not stop the others
        traceback.print_exc(file=sys.stderr)
        first = str(exc).strip().splitlines()
        result = {
            "status": "failed",
            "note": f"{type(exc).__name__}: {first[0] if first else ''}",
            "error": str(exc),
        }
    result["stage_seconds"] = round(time.perf_counter() - started, 1)
    result["measured_at"] = report.now()
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.split("\n\n")[1:]),
    )
    parser.add_argument(
        "--stage",
        default="all",
        help=f"comma-separated: {', '.join(STAGES)}, scale, all (default all)",
    )
    parser.add_argument("--quick", action="store_true", help="first 10k records, 1 run, short")
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE"),
        help="1m (or e.g. 300k): also time pages and load on a scaled-up catalogue",
    )
    parser.add_argument("--runs", type=int, help="runs per figure (default 3, quick 1)")
    parser.add_argument(
        "--corpus", type=Path, default=Path(os.environ.get("BENCH_CORPUS", DEFAULT_CORPUS))
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--query", default="segmentation", help="the catalogue search word")
    parser.add_argument("--page-seconds", type=float, help="per page run (default 10, quick 2)")
    parser.add_argument("--load-seconds", type=float, help="mixed load (default 60, quick 10)")
    parser.add_argument("--load-clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn WEB_CONCURRENCY")
    parser.add_argument("--note", default="", help="free text stored in the report")
    parser.add_argument("--output", type=Path, default=report.LATEST)
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target fails")
    parser.add_argument("-q", "--quiet", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scale_name = scale.parse_scale(args.scale)
    db.check_is_bench_database(args.database_url)
    ctx = Context(
        corpus=args.corpus.resolve(),
        database_url=args.database_url,
        quick=args.quick,
        scale=scale_name,
        runs=args.runs or (1 if args.quick else 3),
        query=args.query,
        web_concurrency=args.workers,
        page_seconds=args.page_seconds or (2.0 if args.quick else 10.0),
        load_seconds=args.load_seconds or (10.0 if args.quick else 60.0),
        load_clients=args.load_clients,
        verbose=not args.quiet,
    )
    stages = plan([s.strip() for s in args.stage.split(",") if s.strip()], scale_name)
    commit, dirty = report.git_commit(ctx.root)
    header = {
        "date": report.now(),
        "commit": commit,
        "dirty": dirty,
        "cpu_count": os.cpu_count(),
        "machine": report.machine(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
        "postgres": db.postgres_version(ctx.database_url),
        "mode": ctx.mode,
        "scale": scale_name,
        "runs": ctx.runs,
        "corpus": str(ctx.corpus),
        "database": db.database_name(ctx.database_url),
        "settings": {
            "query": ctx.query,
            "gunicorn_workers": ctx.web_concurrency,
            "page_seconds": ctx.page_seconds,
            "load_seconds": ctx.load_seconds,
            "load_clients": ctx.load_clients,
        },
        "about": (
            "Times are wall clock on this machine, with Postgres, gunicorn and the load "
            "generator sharing its CPUs; figures are medians of `runs` runs; targets are the "
            "issues' targets."
        ),
        "note": args.note,
    }
    results: dict = {}
    try:
        for name in stages:
            results[name] = run_stage(ctx, name)
            results[name]["commit"] = commit
    finally:
        stop_server = ctx.state.get("stop_server")
        if stop_server:
            stop_server()
    header["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    merged = report.merge_stages(report.load_previous(args.output), header, results)
    full = report.build_report(header, merged)
    report.write_report(full, args.output)
    rows = [row for name in merged for row in report.rows_for(name, merged[name])]
    print()
    print(report.table(rows))
    earlier = [name for name in merged if name not in results]
    if earlier:
        print(f"\n(stages from earlier runs: {', '.join(earlier)})")
    print(f"\nwrote {args.output} ({ctx.mode}, {os.cpu_count()} CPUs, commit {commit})")
    if any(r["status"] == "failed" for r in results.values()):
        return 1
    if args.strict and any(row.passed is False for row in rows):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
