"""The bench database: dropped, recreated and migrated on demand, never the real one."""

import gzip
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench.common import QUICK_RECORDS, WORK_DIR, Context, Skip, manage

# What is loaded in the bench database, so `--stage pages` can reuse an earlier ingest.
_STATE_TABLE = "bench_state"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def server_url(url: str, dbname: str = "postgres") -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def check_is_bench_database(url: str) -> None:
    """Refuse any database whose name lacks "bench": the harness drops what it is given."""
    name = database_name(url)
    if "bench" not in name:
        raise SystemExit(
            f"refusing to use database {name!r}: BENCH_DATABASE_URL must name a database with "
            "'bench' in its name, because the harness drops and recreates it"
        )


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=autocommit, connect_timeout=5)


def recreate(ctx: Context) -> None:
    """Drop and recreate the bench database, then migrate it in a subprocess."""
    check_is_bench_database(ctx.database_url)
    name = database_name(ctx.database_url)
    stop_server = ctx.state.get("stop_server")
    if stop_server:
        stop_server()
    with connect(server_url(ctx.database_url)) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage(ctx, "migrate", "--no-input", "--verbosity", "0")


def postgres_version(url: str) -> str | None:
    try:
        with connect(server_url(url)) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        return None


def read_state(ctx: Context) -> dict:
    try:
        with connect(ctx.database_url) as conn:
            rows = conn.execute(f"SELECT key, value FROM {_STATE_TABLE}").fetchall()
    except psycopg.Error:
        return {}
    return dict(rows)


def write_state(ctx: Context, **values: str) -> None:
    with connect(ctx.database_url) as conn:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {_STATE_TABLE} (key text PRIMARY KEY, value text NOT NULL)"
        )
        for key, value in values.items():
            conn.execute(
                f"INSERT INTO {_STATE_TABLE} VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


def count_papers(ctx: Context) -> int:
    with connect(ctx.database_url) as conn:
        return conn.execute("SELECT count(*) FROM papers_paper").fetchone()[0]


def last_ingest_counts(ctx: Context) -> dict | None:
    """Created/updated/unchanged/skipped as the last ingest run recorded them, if it did."""
    try:
        with connect(ctx.database_url) as conn:
            row = conn.execute(
                "SELECT counts FROM papers_ingestrun ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except psycopg.Error:
        return None
    if not row or not isinstance(row[0], dict):
        return None
    return {k: v for k, v in row[0].items() if k != "files"}


def write_subset(source: Path, target: Path, records: int) -> int:
    """The first `records` lines of a (gzipped) JSON Lines file, written to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if source.suffix == ".gz" else open
    written = 0
    partial = target.with_suffix(".part")
    with opener(source, "rt", encoding="utf-8") as src, partial.open("w", encoding="utf-8") as dst:
        for line in src:
            if written >= records:
                break
            if line.strip():
                dst.write(line)
                written += 1
    shutil.move(partial, target)
    return written


def corpus_for_run(ctx: Context) -> Path:
    """The file ingest reads: the whole corpus, or in quick mode its first 10k records.

    The subset keeps one fixed path, so re-ingesting it is recognised as the same file.
    """
    if not ctx.corpus.exists():
        raise Skip(f"corpus not found at {ctx.corpus} (set BENCH_CORPUS or --corpus)")
    if not ctx.quick:
        return ctx.corpus
    target = WORK_DIR / f"{ctx.corpus.name.split('.')[0]}-first-{QUICK_RECORDS}.jsonl"
    if not target.exists() or target.stat().st_mtime < ctx.corpus.stat().st_mtime:
        write_subset(ctx.corpus, target, QUICK_RECORDS)
    return target


def count_records(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())
