"""One ingest at a time: a session-level Postgres advisory lock.

The lock belongs to the database session, so a killed ingest releases it when its connection
drops; nothing is left to clean up by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

# "ingest" in ASCII: a fixed key every ingest process agrees on.
LOCK_KEY = 0x696E67657374


class Locked(Exception):
    """Another ingest holds the lock and the caller asked not to wait."""


@contextmanager
def ingest_lock(*, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            if not wait:
                raise Locked("another ingest is running")
            if on_wait is not None:
                on_wait()
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        yield
    finally:
        if connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
