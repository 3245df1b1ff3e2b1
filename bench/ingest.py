"""Stages `ingest` and `reingest`: `manage.py ingest` in a subprocess, wall clock and peak RSS."""

import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench import db, scale
from bench.common import Context, Skip
from bench.stats import median_of_runs

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def require_ingest(ctx: Context) -> None:
    if not ctx.ingest_command.exists():
        raise Skip(f"no ingest command yet ({ctx.ingest_command.relative_to(ctx.root)})")


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                # The command name may hold spaces; fields after its closing ")" are fixed.
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents[int(entry)] = ppid
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * _PAGE_KB
        except (OSError, IndexError, ValueError):
            continue
    return total


class _RssSampler(threading.Thread):
    """Samples the summed RSS of a process tree, for ingests that fork workers."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_ingest(ctx: Context, path: Path, *extra: str, timeout: float = 3600) -> dict:
    """Run `manage.py ingest PATH -v 0` once; seconds, peak RSS and exit status.

    Peak RSS is the larger of the kernel's figure for the ingest process (wait4's ru_maxrss,
    which also covers any children it waited for) and the summed RSS of its process tree
    sampled every 100 ms (workers running side by side add up).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [ctx.python, "manage.py", "ingest", str(path), *extra, "-v", "0"],
            cwd=ctx.root,
            env=ctx.env(),
            stdout=out,
            stderr=err,
        )
        sampler = _RssSampler(proc.pid)
        sampler.start()
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        output = (err.read() or out.read()).decode(errors="replace")
        tail = output.strip().splitlines()[-15:]
    # Exit status 1 means some records were skipped (each one reported): the run still counts.
    # A crash exits with 1 too, so a traceback fails the run whatever the status.
    crashed = "Traceback (most recent call last)" in output
    if proc.returncode not in (0, 1) or crashed:
        raise RuntimeError(
            f"manage.py ingest exited with {proc.returncode} after {seconds:.1f} s:\n"
            + "\n".join(tail)
        )
    peak_kb = max(usage.ru_maxrss, sampler.peak_kb)
    result = {"seconds": round(seconds, 2), "peak_rss_mb": round(peak_kb / 1024, 1)}
    if proc.returncode:
        result["exit_status"] = proc.returncode
    return result


def _require_papers(ctx: Context) -> int:
    papers = db.count_papers(ctx)
    if not papers:
        raise RuntimeError("manage.py ingest finished but the bench database holds no papers")
    return papers


def corpus_records(ctx: Context, path: Path) -> int:
    key = ("records", str(path))
    if key not in ctx.state:
        ctx.state[key] = db.count_records(path)
    return ctx.state[key]


def ensure_loaded(ctx: Context, *, scaled: bool = False) -> Path:
    """Make sure the bench database holds this run's corpus (and the 1M scale-up if asked)."""
    require_ingest(ctx)
    corpus = db.corpus_for_run(ctx)
    state = db.read_state(ctx)
    loaded = state.get("scale", scale.BASE)
    wanted = ctx.scale if scaled else scale.BASE
    if state.get("corpus") != str(corpus) or loaded not in (scale.BASE, wanted):
        ctx.log(f"loading the bench database from {corpus.name} (not measured)")
        db.recreate(ctx)
        run_ingest(ctx, corpus)
        _require_papers(ctx)
        db.write_state(ctx, corpus=str(corpus), scale=scale.BASE)
        loaded = scale.BASE
    if loaded != wanted:
        scale.scale_up_database(ctx)
    return corpus


def ingest_stage(ctx: Context) -> dict:
    require_ingest(ctx)
    corpus = db.corpus_for_run(ctx)
    records = corpus_records(ctx, corpus)
    runs = []
    for i in range(ctx.runs):
        db.recreate(ctx)
        ctx.log(f"ingest run {i + 1}/{ctx.runs}: {records:,} records from {corpus.name}")
        run = run_ingest(ctx, corpus)
        run["papers"] = _require_papers(ctx)
        run["papers_per_s"] = round(run["papers"] / run["seconds"], 1)
        run["counts"] = db.last_ingest_counts(ctx)
        ctx.log(f"  {run}")
        runs.append(run)
    db.write_state(ctx, corpus=str(corpus), scale=scale.BASE)
    figures = median_of_runs(runs, ["seconds", "papers_per_s", "peak_rss_mb"])
    figures["papers"] = runs[-1]["papers"]
    figures["records"] = records
    return {"figures": figures, "runs": runs, "corpus": str(corpus)}


def reingest_stage(ctx: Context) -> dict:
    corpus = ensure_loaded(ctx)
    before = db.count_papers(ctx)
    runs = []
    for i in range(ctx.runs):
        ctx.log(f"re-ingest run {i + 1}/{ctx.runs} of an unchanged {corpus.name}")
        run = run_ingest(ctx, corpus)
        run["papers_per_s"] = round(before / run["seconds"], 1)
        run["counts"] = db.last_ingest_counts(ctx)
        ctx.log(f"  {run}")
        runs.append(run)
    after = db.count_papers(ctx)
    figures = median_of_runs(runs, ["seconds", "papers_per_s", "peak_rss_mb"])
    figures["papers"] = after
    figures["papers_added"] = after - before
    return {"figures": figures, "runs": runs, "corpus": str(corpus)}
