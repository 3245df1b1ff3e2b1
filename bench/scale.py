"""`--scale 1m` / BENCH_SCALE=1m: grow the ingested catalogue to 1M papers inside Postgres.

Each copy k of the ingested papers gets ids shifted by k * stride, a new fingerprint and arXiv id,
a title with a word appended and dates moved k years back, and keeps its abstract, links and
denormalised id arrays (methods, datasets and benchmarks are shared, as they would be in a
bigger catalogue). Every table with a foreign key to papers_paper is copied with the same id
shift. Columns are read from the catalogue (pg_attribute), so new fields are copied too.
The paper table's secondary indexes are dropped during the copy and rebuilt afterwards, which
is several times faster than keeping seven GIN indexes live. Then VACUUM ANALYZE.

The copy functions take any DB-API cursor (psycopg's or Django's): tests run them on a tiny
database inside a test transaction.
"""

import time
from collections.abc import Callable

from bench import db
from bench.common import Context

PAPER_TABLE = "papers_paper"
BASE = "75k"
TITLE_WORDS = [
    "revisited",
    "extended",
    "at scale",
    "in practice",
    "reconsidered",
    "simplified",
    "unified",
    "robust",
    "efficient",
    "generalised",
    "improved",
    "lightweight",
]


def parse_scale(value: str | None) -> str:
    """ "1m" (the issue's scale-up), any "<n>k" / "<n>m", or the ingested corpus as it is."""
    value = (value or BASE).strip().lower()
    if value in ("", BASE, "base", "none", "0"):
        return BASE
    try:
        target_papers(value)
    except ValueError:
        raise SystemExit(f"unknown scale {value!r}: use 1m, or a size such as 300k") from None
    return value


def target_papers(scale: str) -> int:
    number, unit = scale[:-1], scale[-1:]
    factor = {"k": 1_000, "m": 1_000_000}.get(unit)
    if factor is None or not number.replace(".", "", 1).isdigit():
        raise ValueError(scale)
    return int(float(number) * factor)


def _columns(cursor, table: str) -> list[tuple[str, str]]:
    """(name, identity kind) of a table's stored, insertable columns, in order."""
    cursor.execute(
        "SELECT attname, attidentity FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
        "AND attgenerated = '' ORDER BY attnum",
        [table],
    )
    return [(name, identity) for name, identity in cursor.fetchall()]


def child_tables(cursor) -> tuple[list[tuple[str, str]], list[str]]:
    """Tables referencing papers (table, fk column), and notes on any that cannot be copied."""
    cursor.execute(
        "SELECT c.conrelid::regclass::text, a.attname, a.attnum, c.conrelid "
        "FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "WHERE c.contype = 'f' AND c.confrelid = %s::regclass "
        "AND cardinality(c.conkey) = 1 ORDER BY 1",
        [PAPER_TABLE],
    )
    found, notes = [], []
    for table, column, attnum, oid in cursor.fetchall():
        cursor.execute(
            "SELECT indkey::int2[] FROM pg_index "
            "WHERE indrelid = %s AND indisunique AND NOT indisprimary",
            [oid],
        )
        # A unique key without the paper column would collide on every copy.
        if any(attnum not in list(keys) for (keys,) in cursor.fetchall()):
            notes.append(f"{table}: not copied, it has a unique key without {column}")
            continue
        found.append((table, column))
    return found, notes


def _paper_expressions(columns: list[str], k: int, offset: int) -> list[str]:
    word = TITLE_WORDS[k % len(TITLE_WORDS)]
    overrides = {
        "id": f"p.id + {int(offset)}",
        "fingerprint": (
            f"left(encode(sha256(convert_to(p.fingerprint || ':{int(k)}', 'UTF8')), 'hex'), 40)"
        ),
        "arxiv_id": f"left('s{int(k)}.' || p.arxiv_id, 32)",
        "title": f"CASE WHEN p.title = '' THEN '' ELSE p.title || ' ({word})' END",
        "title_key": f"left(p.title_key || '-{int(k)}', 255)",
        "published": f"p.published - {int(k) * 365}",
    }
    return [overrides.get(name, f"p.{name}") for name in columns]


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of indexes that back no constraint."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "ORDER BY 1",
        [table],
    )
    return list(cursor.fetchall())


def scale_up(
    cursor,
    target: int,
    *,
    commit: Callable[[], None] = lambda: None,
    log: Callable[[str], None] = lambda message: None,
    rebuild_indexes: bool = True,
) -> dict:
    """Copy the papers present now until there are `target`; returns what was done."""
    started = time.perf_counter()
    # Django's foreign keys are deferred; pending checks would forbid CREATE INDEX later on
    # in the same transaction (as in a test), so check each row as it is written.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"SELECT count(*), min(id), max(id) FROM {PAPER_TABLE}")
    base, _, base_max = cursor.fetchone()
    if not base:
        raise RuntimeError("no papers to scale up from")
    if base >= target:
        return {"papers": base, "copies": 0, "seconds": 0.0, "notes": []}
    paper_columns = [name for name, _ in _columns(cursor, PAPER_TABLE)]
    children, notes = child_tables(cursor)
    child_columns = {
        table: [name for name, identity in _columns(cursor, table) if not identity]
        for table, _ in children
    }
    dropped = secondary_indexes(cursor, PAPER_TABLE) if rebuild_indexes else []
    for name, _ in dropped:
        cursor.execute(f'DROP INDEX "{name}"')
    commit()

    total, k = base, 0
    while total < target:
        k += 1
        offset = k * base_max
        take = min(base, target - total)
        # The last copy may be partial: copy the first `take` papers and their rows only.
        cursor.execute(
            f"SELECT max(id) FROM (SELECT id FROM {PAPER_TABLE} WHERE id <= %s "
            "ORDER BY id LIMIT %s) AS first",
            [base_max, take],
        )
        cutoff = cursor.fetchone()[0]
        columns = ", ".join(f'"{c}"' for c in paper_columns)
        values = ", ".join(_paper_expressions(paper_columns, k, offset))
        cursor.execute(
            f"INSERT INTO {PAPER_TABLE} ({columns}) SELECT {values} FROM {PAPER_TABLE} p "
            "WHERE p.id <= %s",
            [cutoff],
        )
        for table, fk in children:
            cols = child_columns[table]
            names = ", ".join(f'"{c}"' for c in cols)
            select = ", ".join(f'"{c}" + {int(offset)}' if c == fk else f'"{c}"' for c in cols)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {select} FROM {table} WHERE {fk} <= %s",
                [cutoff],
            )
        commit()
        total += take
        log(f"copy {k}: {total:,} papers after {time.perf_counter() - started:.0f} s")

    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{PAPER_TABLE}', 'id'), "
        f"(SELECT max(id) FROM {PAPER_TABLE}))"
    )
    copied_at = time.perf_counter()
    for name, statement in dropped:
        log(f"rebuilding index {name}")
        cursor.execute(statement)
        commit()
    return {
        "papers": total,
        "copies": k,
        "copy_seconds": round(copied_at - started, 1),
        "index_seconds": round(time.perf_counter() - copied_at, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "tables": [PAPER_TABLE, *(t for t, _ in children)],
        "notes": notes,
    }


def scale_up_database(ctx: Context) -> dict:
    """Grow the bench database to the run's scale, VACUUM ANALYZE it, clear the page cache."""
    target = target_papers(ctx.scale)
    stop_server = ctx.state.get("stop_server")
    if stop_server:
        stop_server()  # frees the CPU, and its cached pages describe the smaller catalogue
    ctx.log(f"scaling the bench database up to {target:,} papers (slow: minutes)")
    started = time.perf_counter()
    with db.connect(ctx.database_url, autocommit=False) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET synchronous_commit = off")
        with conn.cursor() as cursor:
            done = scale_up(cursor, target, commit=conn.commit, log=ctx.log)
        conn.commit()
    vacuum_started = time.perf_counter()
    ctx.log("VACUUM ANALYZE")
    with db.connect(ctx.database_url) as conn:
        conn.execute("VACUUM ANALYZE")
        if conn.execute("SELECT to_regclass('catalogue_cache')").fetchone()[0]:
            conn.execute("TRUNCATE catalogue_cache")
    done["vacuum_seconds"] = round(time.perf_counter() - vacuum_started, 1)
    done["total_seconds"] = round(time.perf_counter() - started, 1)
    db.write_state(ctx, scale=ctx.scale)
    ctx.state["scale_up"] = done
    ctx.log(f"  scaled up in {done['total_seconds']} s")
    return done
