"""Caching what the public pages read, keyed on a catalogue version that moves by itself.

The version is the sum of the write counters Postgres keeps for every catalogue table
(pg_stat_get_tuples_inserted/updated/deleted): any insert, update or delete, from ingest,
curation or the admin, moves it, and nobody has to remember to bump a key. Reading it costs one
trivial query (about 0.1 ms). Counters reach other sessions when the writing session reports
them, within about ten seconds of a commit (at once if the writer calls
`bump_catalogue_version()`), and a reset (a crash, pg_stat_reset) only moves the version too.

Values live in Django's cache (a DatabaseCache, shared by every worker and container) and, in
front of it, in a small per-process LRU; both keep a value no longer than the cache's timeout
(or the value's own `cache_seconds`), so even if statistics collection were off, pages would be
stale for minutes at most.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

_LOCAL_SIZE = 512
_local: OrderedDict[str, tuple[float, object]] = OrderedDict()
_local_lock = threading.Lock()
# Every table a catalogue page shows: a write to any of them moves the catalogue version.
_VERSION_TABLES = (
    "papers_paper",
    "papers_method",
    "papers_dataset",
    "papers_benchmark",
    "papers_tag",
    "papers_papermethod",
    "papers_paperdataset",
    "papers_result",
    "papers_repolink",
    "papers_papertag",
    "papers_papersource",
    "papers_note",
    "papers_methodalias",
    "papers_datasetalias",
)


@dataclass(frozen=True)
class CatalogueState:
    version: int
    # The planner's estimate of how many papers there are (pg_class.reltuples): free to read.
    papers: int


def catalogue_state() -> CatalogueState:
    """A version that changes whenever a catalogue table is written, in one cheap query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pg_stat_get_tuples_inserted(t) + pg_stat_get_tuples_updated(t)"
            " + pg_stat_get_tuples_deleted(t)), 0)::bigint,"
            " (SELECT greatest(reltuples, 0)::bigint FROM pg_class"
            "  WHERE oid = 'papers_paper'::regclass)"
            " FROM unnest(%s::regclass[]) AS t",
            [list(_VERSION_TABLES)],
        )
        version, papers = cursor.fetchone()
        return CatalogueState(version, papers)


def catalogue_version() -> int:
    return catalogue_state().version


def bump_catalogue_version() -> None:
    """Make this connection's writes show in the version right after its transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")


def clear_local_cache() -> None:
    with _local_lock:
        _local.clear()


def local_memo(key: str, compute: Callable[[], object], seconds: float | None = None):
    """`compute()`, kept in this process's small LRU for `seconds` (default: the value's own
    `cache_seconds`, else the cache's timeout)."""
    now = time.monotonic()
    with _local_lock:
        hit = _local.get(key)
        if hit is not None and hit[0] > now:
            _local.move_to_end(key)
            return hit[1]
    value = compute()
    with _local_lock:
        _local[key] = (now + (seconds or seconds_for(value)), value)
        while len(_local) > _LOCAL_SIZE:
            _local.popitem(last=False)
    return value


def versioned(name: str, key: str, compute: Callable[[], object], *, version: int | None = None):
    """`compute()`, cached under `key` for the current catalogue version.

    Shared through the DatabaseCache, and kept in process memory in front of it for as long
    (the cache's timeout, or a value's own `cache_seconds`, e.g. a degraded block's): a version
    that cannot move (statistics collection turned off) still serves stale data only that long.
    """
    if version is None:
        version = catalogue_version()
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    full = f"{name}:{version}:{digest}"

    def shared():
        value = cache.get(full)
        if value is None:
            value = compute()
            cache.set(full, value, seconds_for(value))
        return value

    return local_memo(full, shared)


def seconds_for(value) -> float:
    return getattr(value, "cache_seconds", None) or cache.default_timeout or 300
