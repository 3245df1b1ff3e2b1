"""Read, extract, load: the whole of an ingest run, returning an `IngestReport`.

Records stream from the readers in batches (never more than a few batches in memory). Each batch
is planned and extracted on the calling thread, then written in its own transaction, so a run
killed half-way leaves whole batches and the next run completes the rest.

Two ways to overlap work, both optional:

- `writers` (the command's default: 2): batches are written by that many threads, each with
  its own connection, so Postgres computes search vectors for one batch while the next is read
  and extracted. A batch that shares a match key with one still being written waits for it, so
  two transactions never race to create or change the same paper.
- `workers` (the command's default: `DEFAULT_WORKERS`): extraction runs ahead in worker
  processes, for records whose content hash the catalogue does not know yet (an unchanged record
  is never extracted, and a run with nothing to extract never starts the pool).
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import psycopg
from django.conf import settings
from django.db import DataError, IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from psycopg.errors import DeadlockDetected

from papers.extraction import COMPILED
from papers.ingest.extract import Extractor, default_extractor
from papers.ingest.loader import Loader, Plan, mark_interrupted_runs
from papers.ingest.readers import FileStart, Format, Problem, RawRecord, read_paths
from papers.ingest.readers.detect import list_files
from papers.ingest.records import Record, normalise
from papers.ingest.report import IngestReport, Outcome
from papers.models import IngestRun

BATCH_SIZE = 1000
# On the 2-core machine, 75k papers into an empty catalogue: with plain-Python extraction one
# worker overlaps the larger cost with loading (38.7-39.6 s against 42.9-43.8 s in process; a
# second worker only competes with Postgres, 41.9 s). Compiled, extraction costs about as much
# as handing records and results to a worker and back: in process 35.2-42.3 s (median 35.3 of 5
# runs) against 35.9-41.5 s (median 37.4) with one worker, 5 CPU-seconds less and 155 MB peak
# memory instead of 234 MB.
DEFAULT_WORKERS = 0 if COMPILED else 1
# Papers created or changed by one run before it refreshes the planner's statistics.
ANALYZE_AFTER = 10_000
_ANALYZED = (
    "papers_paper",
    "papers_papersource",
    "papers_papermethod",
    "papers_paperdataset",
    "papers_result",
    "papers_repolink",
    "papers_method",
    "papers_dataset",
    "papers_benchmark",
)
# Extraction chunks sent to one worker at a time.
_CHUNK = 100


@dataclass
class Options:
    paths: Sequence[str]
    format: Format | None = None
    as_of: date | None = None
    dry_run: bool = False
    batch_size: int = BATCH_SIZE
    workers: int = 0
    writers: int = 1
    arguments: list[str] | None = None


def total_bytes(paths: Iterable[str]) -> int:
    return sum(item.size for item in list_files(paths) if not isinstance(item, Problem))


def ingest(
    options: Options,
    extractor: Extractor | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Run one ingest. The caller holds the ingest lock (see `lock.py`)."""
    extractor = extractor or default_extractor()
    report = IngestReport(dry_run=options.dry_run)
    started = time.perf_counter()
    run = None
    if not options.dry_run:
        mark_interrupted_runs()
        run = IngestRun.objects.create(arguments=options.arguments or list(options.paths))
        report.run_id = run.pk
    runner = _Runner(options, extractor, report, run.pk if run else None, progress)
    _session_settings()
    try:
        with _few_collections():
            if options.dry_run:
                with transaction.atomic():
                    runner.run()
                    transaction.set_rollback(True)
            else:
                runner.run()
    except BaseException as error:
        if run is not None:
            report.problems.append(Problem("", None, f"ingest failed: {error!r}"))
            _finish(run, report, IngestRun.Status.FAILED)
        raise
    finally:
        report.seconds = time.perf_counter() - started
    if run is not None:
        if report.total(Outcome.CREATED) + report.total(Outcome.UPDATED) >= ANALYZE_AFTER:
            _analyze()
        _finish(run, report, IngestRun.Status.FINISHED)
    return report


@contextmanager
def _few_collections() -> Iterator[None]:
    """Collect cycles less often while a run allocates millions of short-lived objects.

    With the default thresholds the collector ran about 35 times per 1,000 papers and took
    7% of a run's CPU; the objects already alive (Django, the gazetteer) never need checking.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _analyze() -> None:
    # After a bulk load the planner's statistics describe a much smaller catalogue until
    # autovacuum catches up; browsing right after a big ingest should not pay for that.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(_ANALYZED)}")


def _finish(run: IngestRun, report: IngestReport, status: str) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.counts = report.counts()
    run.problems = report.stored_problems()
    run.save(update_fields=["status", "finished_at", "counts", "problems"])


class _Runner:
    def __init__(self, options, extractor, report, run_id, progress) -> None:
        self.options = options
        self.extractor = extractor
        self.report = report
        self.loader = Loader(extractor, run_id)
        self.progress = progress
        self.done_bytes = 0
        self.reported_bytes = 0
        self.source = None
        self.file = None
        # Writer threads have their own connections: they cannot see, or be part of, a
        # transaction the caller has open (a dry run, or a test).
        parallel = options.writers > 1 and not options.dry_run and not connection.in_atomic_block
        self.writers = _Writers(self.loader, options.writers) if parallel else None
        self.inflight: deque[tuple[Plan, Future | None]] = deque()

    def run(self) -> None:
        workers = self.options.workers
        pool = _LazyPool(workers) if workers > 0 else None
        try:
            batches = self._batches()
            if pool is not None:
                batches = _extract_ahead(batches, pool, self.extractor, _known_hashes())
            for file, records in batches:
                self._load(file, records)
            self._drain()
        finally:
            if self.writers is not None:
                self.writers.close()
            if pool is not None:
                pool.close()
        self._advance()

    def _batches(self) -> Iterator[tuple[str, list[Record]]]:
        options, report = self.options, self.report
        version = self.extractor.version
        batch: list[Record] = []
        file = ""
        for item in read_paths(options.paths, options.format, options.as_of):
            if isinstance(item, RawRecord):
                batch.append(normalise(item, version))
                if len(batch) >= options.batch_size:
                    yield file, batch
                    batch = []
            elif isinstance(item, FileStart):
                if batch:
                    yield file, batch
                    batch = []
                if self.source is not None:
                    self.done_bytes += self.source.size
                self.source = item.source
                file = item.source.path
                report.file(file).format = item.source.format.value
            else:
                report.problem(item)
        if batch:
            yield file, batch
        if self.source is not None:
            self.done_bytes += self.source.size
            self.source = None

    def _load(self, file: str, records: list[Record]) -> None:
        if file != self.file:
            # `seen` spots a paper met twice in one file; a new file starts afresh.
            self._drain()
            self.loader.begin_file()
            self.file = file
        plan = self.loader.plan(file, records, self._wait_for if self.writers else None)
        self.loader.extract(plan)
        self.loader.resolve(plan)
        _forget_queries()
        if self.writers is None:
            write_batch(self.loader, plan)
            self.inflight.append((plan, None))
            self._drain()
        else:
            self.inflight.append((plan, self.writers.submit(plan)))
            while len(self.inflight) > self.writers.size:
                self._finish_oldest()
        self._advance()

    def _wait_for(self, keys: set[str]) -> None:
        # A record that may be a paper still being written waits until that write commits.
        if keys & _keys(self.inflight):
            self._drain()

    def _finish_oldest(self) -> None:
        plan, future = self.inflight.popleft()
        if future is not None:
            future.result()
        self.loader.account(plan, self.report)

    def _drain(self) -> None:
        while self.inflight:
            self._finish_oldest()

    def _advance(self) -> None:
        if self.progress is None:
            return
        position = self.done_bytes + (self.source.position() if self.source else 0)
        if position > self.reported_bytes:
            self.progress(position - self.reported_bytes)
            self.reported_bytes = position


def _keys(inflight: Iterable[tuple[Plan, Future | None]]) -> set[str]:
    keys: set[str] = set()
    for plan, _ in inflight:
        keys |= plan.keys()
    return keys


class _Writers:
    """Threads that write planned batches, one transaction and one connection each."""

    def __init__(self, loader: Loader, size: int) -> None:
        self.loader = loader
        self.size = size
        self.tasks: queue.Queue = queue.Queue()
        self.threads = [
            threading.Thread(target=self._work, daemon=True, name=f"ingest-writer-{i}")
            for i in range(size)
        ]
        for thread in self.threads:
            thread.start()

    def submit(self, plan: Plan) -> Future:
        future: Future = Future()
        self.tasks.put((plan, future))
        return future

    def _work(self) -> None:
        _session_settings()
        try:
            while (task := self.tasks.get()) is not None:
                plan, future = task
                try:
                    write_batch(self.loader, plan)
                except BaseException as error:  # handed to the planning thread
                    future.set_exception(error)
                else:
                    future.set_result(None)
        finally:
            connection.close()

    def close(self) -> None:
        for _ in self.threads:
            self.tasks.put(None)
        for thread in self.threads:
            thread.join()


# COPY runs on the psycopg cursor, whose errors Django does not wrap: catch both kinds.
_REFUSED = (DataError, IntegrityError, psycopg.DataError, psycopg.IntegrityError)
_RETRIED = (OperationalError, psycopg.OperationalError)


def write_batch(loader: Loader, plan: Plan, attempts: int = 3) -> None:
    """Write one batch in its own transaction.

    A deadlock (possible only between parallel writers racing for a new slug) is retried. A
    batch the database refuses is written again paper by paper, so the paper it refuses is
    reported and skipped, and the rest of the batch is kept.
    """
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                loader.write(plan)
            _forget_queries()
            return
        except _RETRIED as error:
            deadlock = isinstance(error, DeadlockDetected) or isinstance(
                error.__cause__, DeadlockDetected
            )
            if attempt == attempts or not deadlock:
                raise
        except _REFUSED:
            break
    for target in plan.targets:
        single = Plan(plan.file, targets=[target], resolved=plan.resolved)
        try:
            with transaction.atomic():
                loader.write(single)
        except _REFUSED as error:
            target.outcome = Outcome.SKIPPED
            raw = target.record.raw
            reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            plan.problems.append(Problem(raw.file, raw.line, f"not stored ({reason}); skipped"))
        else:
            plan.problems.extend(single.problems)


def _forget_queries() -> None:
    # DEBUG keeps every query's SQL, and batch queries carry a thousand keys each: a long run
    # would hold hundreds of MB. A test capturing queries sets force_debug_cursor; keep those.
    if settings.DEBUG and not connection.force_debug_cursor:
        connection.queries_log.clear()


def _session_settings() -> None:
    # Match queries look expensive to a planner whose statistics lag a bulk load, and JIT
    # compiling them costs more than running them.
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")


def _known_hashes() -> set[str]:
    """Content hashes in the catalogue: records carrying one are not extracted ahead."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT content_hash FROM papers_paper")
        return {row[0] for row in cursor.fetchall()}


class _LazyPool:
    """A process pool started by the first batch that has something to extract, so a run that
    finds everything unchanged never starts one."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pool = None

    def apply_async(self, *args):
        if self.pool is None:
            self.pool = multiprocessing.get_context("forkserver").Pool(self.size)
        return self.pool.apply_async(*args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()


def _extract_ahead(
    batches: Iterator[tuple[str, list[Record]]],
    pool,
    extractor: Extractor,
    known: set[str],
    depth: int = 3,
) -> Iterator[tuple[str, list[Record]]]:
    """Extract each batch's unknown records in `pool` while earlier batches load."""
    ahead: deque = deque()
    for file, records in batches:
        todo = [r for r in records if r.content_hash not in known]
        chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
        results = [
            pool.apply_async(extractor.run_many, ([r.extraction_input for r in chunk],))
            for chunk in chunks
        ]
        ahead.append((file, records, chunks, results))
        if len(ahead) >= depth:
            yield _collect(*ahead.popleft())
    while ahead:
        yield _collect(*ahead.popleft())


def _collect(file, records, chunks, results) -> tuple[str, list[Record]]:
    for chunk, result in zip(chunks, results, strict=True):
        for record, (extraction, derived) in zip(chunk, result.get(), strict=True):
            record.extraction, record.derived_title = extraction, derived
    return file, records
