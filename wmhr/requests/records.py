"""Interpretation requests in the SQLite database: one row per session, language and requester.

A requester asking twice for the same session and language is one request: the row keeps the
earliest time it was received, because that is when they first asked (a later repeat never makes
an on-time request late, and an earlier copy found later makes it on time). Re-importing a file
therefore changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from wmhr import store
from wmhr.errors import KeyFileError, StoreError
from wmhr.requests import requesters

COMPONENT = "requests"
MIGRATIONS = (
    # Version 1. `requester` is an HMAC of the contact, never the contact; `received` is UTC
    # ISO 8601 with microseconds, fixed width, so text order is time order.
    """
    CREATE TABLE request (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL,
        language TEXT NOT NULL,
        requester TEXT NOT NULL,
        received TEXT NOT NULL,
        note TEXT,
        source TEXT NOT NULL,
        UNIQUE (session, language, requester)
    );
    CREATE INDEX request_tally ON request (session, language, received);
    CREATE TABLE request_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint TEXT NOT NULL
    )
    """,
)
UPSERT = (
    "INSERT INTO request (session, language, requester, received, note, source) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (session, language, requester) DO UPDATE SET received = excluded.received "
    "WHERE excluded.received < request.received"
)


# What `stamp` writes: UTC, microseconds, fixed width (2022-05-01T00:00:00.000000+00:00).
WELL_FORMED_STAMP = (
    "(typeof(received) = 'text' AND received GLOB "
    "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00')"
)


class NewRequest(NamedTuple):  # a tuple: 100,000 of them are made per big import
    session: str
    language: str
    requester: str  # the keyed hash
    received: datetime
    note: str | None = None
    source: str = "add"


@dataclass(frozen=True)
class StoredRequest:
    id: int
    session: str
    language: str
    requester: str
    received: datetime
    note: str | None
    source: str


@dataclass(frozen=True)
class Added:
    request: StoredRequest
    new: bool  # False: this requester had already asked for this session and language


@dataclass(frozen=True)
class Imported:
    added: int
    already_recorded: int


def stamp(instant: datetime) -> str:
    utc = instant if instant.tzinfo is UTC else instant.astimezone(UTC)
    return utc.isoformat(timespec="microseconds")


def open_db(path: Path) -> sqlite3.Connection:
    """The database at `path`, created (readable by its owner only) and migrated as needed."""
    conn = store.connect(path)  # creates a new file with mode 0600, whichever component is first
    try:
        with store.translated(path):
            # A removed request (and its note) is overwritten, not left in a free page.
            conn.execute("PRAGMA secure_delete = ON")
        store.migrate(conn, path, COMPONENT, MIGRATIONS)
    except BaseException:
        conn.close()
        raise
    return conn


def open_to_read(path: Path) -> sqlite3.Connection | None:
    """The database opened read-only, or None when it records no requests. Reading never
    creates, migrates or writes the file."""
    return store.open_to_read(path, COMPONENT, MIGRATIONS)


def requester_key(path: Path, key_path: Path) -> tuple[bytes, bool]:
    """The key to hash contacts with, and whether it was created now: on first use, never
    behind a database's back. Called before the database is opened for writing, so a key that
    cannot be read or made leaves no database behind."""
    key = requesters.read_key(key_path)
    if key is not None:
        return key, False
    if fingerprint_on_file(path) is not None:
        raise KeyFileError(
            f"{key_path}: no requester key there, but {path} was written with one; pass --key "
            f"(or ${requesters.KEY_ENV}) with the original key file"
        )
    return requesters.create_key(key_path), True


def fingerprint_on_file(path: Path) -> str | None:
    """The fingerprint of the key the database at `path` was written with, read without
    changing the file; None when there is none (no file, or no request recorded yet)."""
    conn = store.connect_readonly(path)
    if conn is None:
        return None
    with closing(conn), store.translated(path):
        store.refuse_foreign_tables(conn, path)
        found = conn.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'request_key'"
        ).fetchone()
        return stored_fingerprint(conn) if found else None


def stored_fingerprint(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT fingerprint FROM request_key WHERE id = 1").fetchone()
    return str(row[0]) if row else None


def _bind_key(conn: sqlite3.Connection, path: Path, fingerprint: str) -> None:
    """The first writer records its key's fingerprint; later writers must use the same key."""
    stored = stored_fingerprint(conn)
    if stored is None:
        conn.execute("INSERT INTO request_key (id, fingerprint) VALUES (1, ?)", (fingerprint,))
    elif stored != fingerprint:
        raise KeyFileError(
            f"{path}: these requests were recorded with another requester key, so the same "
            "person would be counted twice; pass --key (or $WMHR_KEY) with the original key"
        )


def add(conn: sqlite3.Connection, path: Path, request: NewRequest, *, fingerprint: str) -> Added:
    with store.translated(path), store.transaction(conn, path):
        _bind_key(conn, path, fingerprint)
        before = _find(conn, request.session, request.language, request.requester)
        conn.execute(UPSERT, _row(request))
        after = _find(conn, request.session, request.language, request.requester)
    assert after is not None
    return Added(after, new=before is None)


def add_many(
    conn: sqlite3.Connection, path: Path, requests: Iterable[NewRequest], *, fingerprint: str
) -> Imported:
    """All or nothing, in one transaction."""
    with store.transaction(conn, path):
        _bind_key(conn, path, fingerprint)
        before = count(conn)
        # In index order, the inserts append to the B-tree instead of splitting it at random.
        rows = sorted(_row(r) for r in requests)
        conn.executemany(UPSERT, rows)
        added = count(conn) - before
    return Imported(added=added, already_recorded=len(rows) - added)


def remove(conn: sqlite3.Connection, path: Path, request_id: int) -> StoredRequest:
    with store.translated(path), store.transaction(conn, path):
        # SQLite integers are 64-bit: a larger id cannot even be asked for, so it is not there.
        fits = -(2**63) <= request_id < 2**63
        row = conn.execute(f"{SELECT} WHERE id = ?", (request_id,)).fetchone() if fits else None
        if row is None:
            raise StoreError(
                f"{path}: no request #{request_id}; `wmhr requests list` shows the ids"
            )
        conn.execute("DELETE FROM request WHERE id = ?", (request_id,))
        return _stored(row)


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM request").fetchone()[0])


SELECT = "SELECT id, session, language, requester, received, note, source FROM request"


def list_requests(
    conn: sqlite3.Connection, path: Path, session: str | None = None
) -> list[StoredRequest]:
    with store.translated(path):
        if session is None:
            rows = conn.execute(f"{SELECT} ORDER BY received, id")
        else:
            rows = conn.execute(f"{SELECT} WHERE session = ? ORDER BY received, id", (session,))
        return [_stored(row) for row in rows]


def tallies(
    conn: sqlite3.Connection, path: Path, deadlines: Mapping[str, datetime], *, now: datetime
) -> dict[str, dict[str, tuple[int, int]]]:
    """session -> language -> (on-time requesters, late requesters) among the requests received
    by `now` (a later one, seen when replaying with --now, had not arrived yet); a row is one
    requester."""
    result: dict[str, dict[str, tuple[int, int]]] = {}
    with store.translated(path):
        # Counting compares `received` as text: a value that is not a stamp would be counted
        # on the wrong side of a deadline, silently, so a damaged one stops the count.
        if conn.execute(f"SELECT 1 FROM request WHERE NOT {WELL_FORMED_STAMP} LIMIT 1").fetchone():
            raise ValueError("a received time is not a stamp")
        for session, deadline in deadlines.items():
            rows = conn.execute(
                "SELECT language, sum(received <= ?1), sum(received > ?1) FROM request "
                "WHERE session = ?2 AND received <= ?3 GROUP BY language ORDER BY language",
                (stamp(deadline), session, stamp(now)),
            )
            result[session] = {str(lang): (int(on), int(late)) for lang, on, late in rows}
    return result


def _find(
    conn: sqlite3.Connection, session: str, language: str, requester: str
) -> StoredRequest | None:
    row = conn.execute(
        f"{SELECT} WHERE session = ? AND language = ? AND requester = ?",
        (session, language, requester),
    ).fetchone()
    return _stored(row) if row else None


def _row(request: NewRequest) -> tuple[object, ...]:
    return (
        request.session,
        request.language,
        request.requester,
        stamp(request.received),
        request.note,
        request.source,
    )


def _stored(row: tuple[object, ...]) -> StoredRequest:
    id_, session, language, requester, received, note, source = row
    return StoredRequest(
        id=int(str(id_)),
        session=str(session),
        language=str(language),
        requester=str(requester),
        received=datetime.fromisoformat(str(received)),
        note=None if note is None else str(note),
        source=str(source),
    )
