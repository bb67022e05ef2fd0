"""Interpretation requests in the SQLite database: one row per session, language and requester.

A requester asking twice for the same session and language is one request: the row keeps the
earliest time it was received, because that is when they first asked (a later repeat never makes
an on-time request late, and an earlier copy found later makes it on time). Re-importing a file
therefore changes nothing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
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
    # Version 2. AUTOINCREMENT: an id is never given again after `requests remove`, so a stale
    # `remove 3` cannot delete someone else's request. SQLite cannot add it to a table, so the
    # table is copied; ids removed before this version (above the highest kept) are unknown.
    """
    CREATE TABLE request_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session TEXT NOT NULL,
        language TEXT NOT NULL,
        requester TEXT NOT NULL,
        received TEXT NOT NULL,
        note TEXT,
        source TEXT NOT NULL,
        UNIQUE (session, language, requester)
    );
    INSERT INTO request_v2 (id, session, language, requester, received, note, source)
        SELECT id, session, language, requester, received, note, source FROM request;
    DROP TABLE request;
    ALTER TABLE request_v2 RENAME TO request;
    CREATE INDEX request_tally ON request (session, language, received)
    """,
    # Version 3. Contacts are normalised further before hashing (requesters.normalise_contact),
    # so a requester recorded earlier may hash differently now: `hash_rule` says which rule made
    # each row's hash (1: before, 2: now). A row under rule 1 is re-keyed when its contact is
    # seen again (`requests add`, `import`, `rehash`); the partial index finds them.
    """
    ALTER TABLE request ADD COLUMN hash_rule INTEGER NOT NULL DEFAULT 2;
    UPDATE request SET hash_rule = 1;
    CREATE INDEX request_legacy ON request (requester) WHERE hash_rule = 1
    """,
    # Version 4. Requests by e-mail (`requests import-mail`): each message recorded once, by a
    # keyed hash of its Message-ID (mail_import.message_hash), never its content; and which
    # reply drafts were made for it, so a second import or outcome run drafts nothing twice.
    """
    CREATE TABLE request_message (
        message TEXT PRIMARY KEY,
        requester TEXT NOT NULL,
        session TEXT NOT NULL,
        received TEXT NOT NULL,
        reply_language TEXT NOT NULL
    );
    CREATE INDEX request_message_session ON request_message (session, requester);
    CREATE TABLE request_draft (
        message TEXT NOT NULL,
        kind TEXT NOT NULL,
        drafted TEXT NOT NULL,
        PRIMARY KEY (message, kind)
    )
    """,
)
# Readers only select columns every version has, so an older database is read as it is (a
# reader never migrates); the next command that records something upgrades it.
OLDEST_READABLE = 1
LEGACY_RULE_VERSION = 3  # from this version on, `hash_rule` says which contact rule hashed a row
INSERT = (
    "INSERT INTO request (session, language, requester, received, note, source) "
    "VALUES (?, ?, ?, ?, ?, ?)"
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
    was_received: datetime | None = None  # set when an earlier time replaced the recorded one


@dataclass(frozen=True)
class Imported:
    added: int
    already_recorded: int


@dataclass(frozen=True)
class Rehashed:
    rekeyed: int  # rows now under the current rule
    merged: int  # rows that turned out to be a requester already counted, folded into theirs
    ambiguous: int  # old-rule hashes two of the given contacts share: left as they were
    remaining: int  # rows still under the old rule


# old hash -> current hash, for the contacts at hand: the oldest rule's hashes
# (requesters.rekeying), for rows labelled 1, or the previous rule's (requesters.previous_rekeying),
# for the other rows
Rekeying = Mapping[str, str]


def stamp(instant: datetime) -> str:
    utc = instant if instant.tzinfo is UTC else instant.astimezone(UTC)
    return utc.isoformat(timespec="microseconds")


def open_db(path: Path) -> sqlite3.Connection:
    """The database at `path`, created (readable by its owner only) and migrated as needed."""
    conn = store.connect(path)  # creates a new file with mode 0600, whichever component is first
    conn.text_factory = _decode
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
    conn = store.open_to_read(path, COMPONENT, MIGRATIONS, oldest_readable=OLDEST_READABLE)
    if conn is not None:
        conn.text_factory = _decode
    return conn


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


def requester_key_unsaved(path: Path, key_path: Path) -> tuple[bytes, bool]:
    """`requester_key`, but a new key is only made in memory (True: new): `add_staged` writes
    it to `key_path` when its requests commit, so a refused import leaves no key behind."""
    key = requesters.read_key(key_path)
    if key is not None:
        return key, False
    if fingerprint_on_file(path) is not None:
        raise KeyFileError(
            f"{key_path}: no requester key there, but {path} was written with one; pass --key "
            f"(or ${requesters.KEY_ENV}) with the original key file"
        )
    return requesters.new_key(), True


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


def bind_key(conn: sqlite3.Connection, path: Path, fingerprint: str) -> None:
    """The first writer records its key's fingerprint; later writers must use the same key."""
    stored = stored_fingerprint(conn)
    if stored is None:
        conn.execute("INSERT INTO request_key (id, fingerprint) VALUES (1, ?)", (fingerprint,))
    elif stored != fingerprint:
        raise KeyFileError(
            f"{path}: these requests were recorded with another requester key, so the same "
            "person would be counted twice; pass --key (or $WMHR_KEY) with the original key"
        )


def add(
    conn: sqlite3.Connection,
    path: Path,
    request: NewRequest,
    *,
    fingerprint: str,
    rekeying: Rekeying | None = None,
    previous: Rekeying | None = None,
) -> Added:
    """Record `request`; `rekeying` and `previous` first re-key the requester's rows hashed under
    the oldest and the previous rule (see `rekey`), so that someone recorded before the rule
    changed still counts once."""
    with store.translated(path), store.transaction(conn, path):
        bind_key(conn, path, fingerprint)
        rekey(conn, rekeying or {}, previous or {})
        before = _find(conn, path, request)
        write_rows(conn, [row_of(request)])
        after = _find(conn, path, request)
    assert after is not None
    if before is None:
        return Added(after, new=True)
    changed = after.received != before.received
    return Added(after, new=False, was_received=before.received if changed else None)


def write_rows(conn: sqlite3.Connection, rows: Iterable[tuple[object, ...]]) -> int:
    """Insert the requests not recorded yet and move recorded ones to an earlier time, one
    indexed look-up each (`add`: the table is never read whole); how many were new.

    Not an upsert (INSERT ... ON CONFLICT, or INSERT OR IGNORE): with AUTOINCREMENT those use up
    an id even when the row is already there, and re-recording would make ids jump. The caller
    holds the write lock, so what is read here is still true when it writes."""
    added = 0
    for row in rows:
        found = conn.execute(
            "SELECT id, received FROM request WHERE session = ? AND language = ? AND requester = ?",
            row[:3],
        ).fetchone()
        if found is None:
            conn.execute(INSERT, row)
            added += 1
        elif str(row[3]) < str(found[1]):
            conn.execute("UPDATE request SET received = ? WHERE id = ?", (row[3], found[0]))
    return added


def rehash(
    conn: sqlite3.Connection,
    path: Path,
    rekeying: Rekeying,
    *,
    previous: Rekeying | None = None,
    fingerprint: str,
    ambiguous: int,
) -> Rehashed:
    """Re-key the rows recorded under an older contact rule whose contacts are given again."""
    with store.transaction(conn, path):
        bind_key(conn, path, fingerprint)
        rekeyed, merged = rekey(conn, rekeying, previous or {})
        remaining = legacy_count(conn)
    return Rehashed(rekeyed, merged, ambiguous, remaining)


def legacy_count(conn: sqlite3.Connection) -> int:
    """How many requests were hashed under the old contact rule (may raise sqlite3.Error).

    A reader may be looking at tables older than version 3, where every row is."""
    if store.schema_version(conn, COMPONENT) < LEGACY_RULE_VERSION:
        return count(conn)
    row = conn.execute("SELECT count(*) FROM request WHERE hash_rule = 1").fetchone()
    return int(row[0])


def count_legacy(conn: sqlite3.Connection, path: Path) -> int:
    with store.translated(path):
        return legacy_count(conn)


def rekey(
    conn: sqlite3.Connection, rekeying: Rekeying, previous: Rekeying | None = None
) -> tuple[int, int]:
    """Give rows hashed under an older rule their current hash: (re-keyed, merged). Rows
    labelled 1 whose hash is in `rekeying` (the oldest rule's: rows labelled 1 hold nothing
    else), and the other rows whose hash is in `previous` (the previous rule's: its rows were
    labelled 2, like current ones, so they are found by value).

    A row whose requester already has a current row for the same session and language was the
    same person counted twice: it is folded into that row (the earliest time and any note kept)
    and deleted. Rows labelled 1 are found through their partial index; `previous` costs a scan
    of the table (no index on the requester alone), only when it is not empty: a few pasted
    contacts, from `requests add` or `rehash`."""
    columns = "SELECT id, session, language, requester, received, note, hash_rule FROM request"
    found = []
    if rekeying:
        found += conn.execute(f"{columns} WHERE hash_rule = 1").fetchall()
    if previous:
        conn.execute("DROP TABLE IF EXISTS temp.previous_hash")
        conn.execute("CREATE TEMP TABLE previous_hash (old TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO temp.previous_hash VALUES (?)", ((old,) for old in previous))
        found += conn.execute(
            f"{columns} WHERE hash_rule != 1 AND requester IN (SELECT old FROM temp.previous_hash)"
        ).fetchall()
        conn.execute("DROP TABLE temp.previous_hash")
    rekeyed = merged = 0
    for id_, session, language, old, received, note, rule in sorted(found):
        new = (rekeying if rule == 1 else previous or {}).get(old)
        if new is None:
            continue
        kept = conn.execute(
            "SELECT id FROM request WHERE session = ? AND language = ? AND requester = ? "
            "AND id != ?",
            (session, language, new, id_),
        ).fetchone()
        if kept is None:
            conn.execute("UPDATE request SET requester = ?, hash_rule = 2 WHERE id = ?", (new, id_))
            rekeyed += 1
            continue
        conn.execute("DELETE FROM request WHERE id = ?", (id_,))
        conn.execute(
            "UPDATE request SET received = min(received, ?), note = coalesce(note, ?), "
            "hash_rule = 2 WHERE id = ?",
            (received, note, kept[0]),
        )
        merged += 1
    return rekeyed, merged


@dataclass(frozen=True)
class Removed:
    id: int
    request: StoredRequest | None  # None: the row was damaged, and is gone all the same
    flushed: bool  # False: another connection kept older copies in the -wal file for now


def remove(conn: sqlite3.Connection, path: Path, request_id: int) -> Removed:
    """Delete one request. With secure_delete its bytes are overwritten in the page, and the
    write-ahead log, which still holds the page as it was, is then copied back and emptied."""
    with store.transaction(conn, path):
        # SQLite integers are 64-bit: a larger id cannot even be asked for, so it is not there.
        fits = -(2**63) <= request_id < 2**63
        row = conn.execute(f"{SELECT} WHERE id = ?", (request_id,)).fetchone() if fits else None
        if row is None:
            raise StoreError(
                f"{path}: no request #{request_id}; `wmhr requests list` shows the ids"
            )
        try:
            stored: StoredRequest | None = _stored(row, path)
        except StoreError:
            stored = None  # a damaged request can still be removed
        conn.execute("DELETE FROM request WHERE id = ?", (request_id,))
    return Removed(request_id, stored, flushed=store.flush_wal(conn, path))


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM request").fetchone()[0])


SELECT = "SELECT id, session, language, requester, received, note, source FROM request"


def list_requests(
    conn: sqlite3.Connection, path: Path, session: str | None = None
) -> list[StoredRequest]:
    return list(iter_requests(conn, path, session))


def iter_requests(
    conn: sqlite3.Connection, path: Path, session: str | None = None
) -> Iterator[StoredRequest]:
    """`list_requests`, one at a time, for a million of them (memory stays flat)."""
    with store.translated(path):
        if session is None:
            rows = conn.execute(f"{SELECT} ORDER BY received, id")
        else:
            rows = conn.execute(f"{SELECT} WHERE session = ? ORDER BY received, id", (session,))
        for row in rows:
            yield _stored(row, path)


class ListShape(NamedTuple):
    """What laying out a list needs before its rows are read: how many, and the widest values."""

    rows: int
    id_width: int
    session_width: int
    language_width: int
    unknown_sessions: int  # rows of a session the schedule does not have


def list_shape(
    conn: sqlite3.Connection, path: Path, session: str | None, known: Iterable[str]
) -> ListShape:
    sessions = list(known)
    marks = ",".join("?" * len(sessions)) or "NULL"
    where = "" if session is None else "WHERE session = ?"
    query = (
        "SELECT count(*), max(length(id)), max(length(session)), max(length(language)), "
        f"sum(session NOT IN ({marks})) FROM request {where}"
    )
    with store.translated(path):
        row = conn.execute(query, [*sessions, *([] if session is None else [session])]).fetchone()
    return ListShape(*(int(value or 0) for value in row))


def _find(conn: sqlite3.Connection, path: Path, request: NewRequest) -> StoredRequest | None:
    row = conn.execute(
        f"{SELECT} WHERE session = ? AND language = ? AND requester = ?",
        (request.session, request.language, request.requester),
    ).fetchone()
    return _stored(row, path) if row else None


def row_of(request: NewRequest) -> tuple[object, ...]:
    return (
        request.session,
        request.language,
        request.requester,
        stamp(request.received),
        request.note,
        request.source,
    )


def _decode(data: bytes) -> str:
    """Text from the database. Damaged bytes are kept as lone surrogates rather than raised:
    Python's own error would quote the whole value, and a note or requester must never be
    printed; `_text` then names the row and column instead."""
    return data.decode("utf-8", "surrogateescape")


DAMAGED = re.compile("[\udc80-\udcff]")
FIX_DAMAGED = "restore the database from a backup"


def stored_text(value: object, path: Path, row_id: object, column: str) -> str:
    """A text column as read, or a StoreError naming the row when it is damaged."""
    text = str(value)
    if DAMAGED.search(text):
        raise StoreError(
            f"{path}: {'a request' if row_id is None else f'request #{row_id}'}: the {column} "
            "column is damaged (not UTF-8 text); "
            f"{FIX_DAMAGED}, or remove the request"
        )
    return text


def _stored(row: tuple[object, ...], path: Path) -> StoredRequest:
    id_, session, language, requester, received, note, source = row
    when = stored_text(received, path, id_, "received")
    try:
        instant = datetime.fromisoformat(when)
    except ValueError:
        raise StoreError(
            f"{path}: request #{id_}: the received column is damaged (not a time); {FIX_DAMAGED}"
        ) from None
    return StoredRequest(
        id=int(str(id_)),
        session=stored_text(session, path, id_, "session"),
        language=stored_text(language, path, id_, "language"),
        requester=stored_text(requester, path, id_, "requester"),
        received=instant,
        note=None if note is None else stored_text(note, path, id_, "note"),
        source=stored_text(source, path, id_, "source"),
    )
