"""Many requests recorded at once (`requests import`, `import-mail`): rows staged in scratch
tables, then merged into the requests in one transaction, each request's earliest time kept.

A request is one session, language and requester (see records): the merge moves recorded
requests earlier and adds the new ones, in key order, so ids follow the key as one by one would.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from wmhr import store
from wmhr.errors import KeyFileError
from wmhr.requests import records
from wmhr.requests.records import Imported, NewRequest, Rekeying, stamp

# Many requests at once: staged as (session, language, requester, received) rows in a table
# without an index (memory flat, SQLite's own loop), then merged in key order (inserts append to
# the B-tree), each request's earliest time kept. Note and source are the same for a whole
# batch, so they are not staged: binding them a million times costs as much as the rest.
STAGED_COLUMNS = "(session TEXT, language TEXT, requester TEXT, received TEXT)"
StagedRow = tuple[str, str, str, str]
# Into a table that holds requests: the staged rows grouped once (each request's earliest
# time, in key order), then recorded ones moved earlier and new ones added, a look-up each.
GROUPED = """
    CREATE TEMP TABLE grouped AS
    SELECT session, language, requester, min(received) AS received FROM {table}
    GROUP BY session, language, requester ORDER BY session, language, requester
"""
EARLIER = """
    UPDATE request SET received = g.received FROM temp.grouped AS g
    WHERE request.session = g.session AND request.language = g.language
      AND request.requester = g.requester AND g.received < request.received
"""
NEW = """
    INSERT INTO request (session, language, requester, received, note, source)
    SELECT session, language, requester, received, NULL, :source FROM temp.grouped AS g
    WHERE NOT EXISTS (
        SELECT 1 FROM request AS r
        WHERE r.session = g.session AND r.language = g.language AND r.requester = g.requester
    )
    ORDER BY session, language, requester
"""
# Into a table with no request yet (a first import): nothing to look up or move earlier.
INTO_EMPTY = """
    INSERT INTO request (session, language, requester, received, note, source)
    SELECT session, language, requester, min(received), NULL, :source FROM {table}
    GROUP BY session, language, requester ORDER BY session, language, requester
"""
STAGING_SCHEMA = "staging"
# The page cache for a big merge; its sort may use as much again. Measured at a million rows:
# 16 MB is as quick as 64 MB, and keeps the import at 136 MB instead of 234 MB.
MERGE_CACHE_KIB = 16 * 1024
# The sorter behind GROUP BY may use a second thread: a first merge of a million rows measured
# 4.5 s instead of 5.2 s.
SORTER_THREADS = 2


def staged_row(request: NewRequest) -> StagedRow:
    return (request.session, request.language, request.requester, stamp(request.received))


def merge_rows(
    conn: sqlite3.Connection, rows: Iterable[StagedRow], *, source: str
) -> tuple[int, int]:
    """(new requests, rows given): `write_rows` for many, without holding them in memory."""
    conn.execute("DROP TABLE IF EXISTS temp.incoming")
    conn.execute(f"CREATE TEMP TABLE incoming {STAGED_COLUMNS}")
    conn.executemany("INSERT INTO temp.incoming VALUES (?, ?, ?, ?)", rows)
    total = int(conn.execute("SELECT count(*) FROM temp.incoming").fetchone()[0])
    added = _merge(conn, "temp.incoming", source)
    conn.execute("DROP TABLE temp.incoming")
    return added, total


def _merge(conn: sqlite3.Connection, table: str, source: str) -> int:
    """Merge the staged rows of `table` (a table or a subquery) into the requests; how many
    were new."""
    if conn.execute("SELECT 1 FROM request LIMIT 1").fetchone() is None:
        return int(conn.execute(INTO_EMPTY.format(table=table), {"source": source}).rowcount)
    conn.execute("DROP TABLE IF EXISTS temp.grouped")
    conn.execute(GROUPED.format(table=table))
    conn.execute(EARLIER)
    added = int(conn.execute(NEW, {"source": source}).rowcount)
    conn.execute("DROP TABLE temp.grouped")
    return added


def stage(staging: Path, rows: Iterable[StagedRow]) -> None:
    """Write `rows` (as `staged_row` makes them) to a new staging database at `staging`, a
    scratch file outside the store: the store is neither created nor locked while a file is
    read."""
    conn = sqlite3.connect(staging, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        conn.execute(f"CREATE TABLE incoming {STAGED_COLUMNS}")
        conn.executemany("INSERT INTO incoming VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()


def add_staged(
    conn: sqlite3.Connection,
    path: Path,
    staging: Sequence[Path],
    *,
    fingerprint: str,
    rekeying: Rekeying | None = None,
    before_commit: Callable[[], None] | None = None,
    fresh_key: bool = False,
    source: str = "import",
) -> Imported:
    """Record the rows `stage` wrote to the databases `staging`: all or nothing, in one
    transaction (`rekeying` as for `add`). `before_commit` runs inside it, holding the write
    lock, after the key is bound: where a new requester key is saved, so two first imports at
    once can never record under two keys (`fresh_key`: the key is that new one)."""
    attached: list[str] = []
    try:
        with store.translated(path):
            # SQLite's default 2 MB page cache makes a big merge re-read index pages from disk.
            conn.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
            conn.execute(f"PRAGMA threads = {SORTER_THREADS}")
            for number, database in enumerate(staging, start=1):
                conn.execute(f"ATTACH DATABASE ? AS {STAGING_SCHEMA}{number}", (str(database),))
                attached.append(f"{STAGING_SCHEMA}{number}")
        relation = " UNION ALL ".join(
            f"SELECT session, language, requester, received FROM {schema}.incoming"
            for schema in attached
        )
        with store.transaction(conn, path):
            if fresh_key and records.stored_fingerprint(conn) not in (None, fingerprint):
                raise KeyFileError(
                    f"{path}: another wmhr recorded requests under a new requester key at the "
                    "same time; nothing was imported: run the import again"
                )
            records.bind_key(conn, path, fingerprint)
            records.rekey(conn, rekeying or {})
            total = int(conn.execute(f"SELECT count(*) FROM ({relation})").fetchone()[0])
            added = _merge(conn, f"({relation})", source)
            if before_commit is not None:
                before_commit()
    finally:
        # After a failed rollback (a full or damaged disk) a detach fails too: the first error
        # is the one that says what happened.
        for schema in attached:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"DETACH DATABASE {schema}")
    return Imported(added=added, already_recorded=total - added)
