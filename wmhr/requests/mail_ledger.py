"""The messages `requests import-mail` recorded and the reply drafts made for them, in the requests
database: keyed hashes and times only, never an address, subject or body."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, NamedTuple

from wmhr import store
from wmhr.requests import bulk_merge, records
from wmhr.requests.mail_import import MailRequest

DraftKind = Literal["received", "outcome"]
SQL_VARIABLES = 500  # per IN (...) list, well under SQLite's limit


@dataclass(frozen=True)
class MailRecorded:
    new_messages: tuple[str, ...]  # hashes of the messages recorded now
    known_messages: int  # recorded by an earlier import: nothing done
    added: int  # new requests (one per language)
    already_recorded: int  # requests the same person had already made
    moved_earlier: tuple[str, ...] = ()  # recorded messages this import read an earlier copy of


class Requester(NamedTuple):
    """One requester of a session, as `draft-outcome` replies to them."""

    message: str  # the hash of their earliest message for the session
    requester: str
    reply_language: str
    languages: tuple[str, ...]


def known_messages(conn: sqlite3.Connection | None, hashes: Iterable[str]) -> set[str]:
    """Which of `hashes` are recorded (a database with no mail table yet records none)."""
    return set(_receipts(conn, hashes))


def _receipts(conn: sqlite3.Connection | None, hashes: Iterable[str]) -> dict[str, str]:
    """The recorded messages among `hashes` -> their stored receipt stamp."""
    wanted = list(hashes)
    if conn is None or not wanted or not _has_mail_tables(conn):
        return {}
    found: dict[str, str] = {}
    for start in range(0, len(wanted), SQL_VARIABLES):
        chunk = wanted[start : start + SQL_VARIABLES]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT message, received FROM request_message WHERE message IN ({marks})", chunk
        )
        found.update((str(row[0]), str(row[1])) for row in rows)
    return found


def _has_mail_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'request_message'"
    ).fetchone()
    return row is not None


def record(
    conn: sqlite3.Connection, path: Path, requests: Sequence[MailRequest], *, fingerprint: str
) -> MailRecorded:
    """Record the messages not seen before and their requests, all or nothing. A message
    recorded before and read now in a copy received earlier (a copy delivered late, or kept in
    another folder) takes that earlier receipt, and so do its requests where theirs is later:
    the same person for the same session and language keeps the earliest receipt."""
    with store.transaction(conn, path):
        records.bind_key(conn, path, fingerprint)
        known = _receipts(conn, (r.message for r in requests))
        fresh = [r for r in requests if r.message not in known]
        earlier = [
            r
            for r in requests
            if r.message in known and records.stamp(r.received) < known[r.message]
        ]
        _move_earlier(conn, earlier)
        conn.executemany(
            "INSERT INTO request_message (message, requester, session, received, reply_language) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (r.message, r.requester, r.session, records.stamp(r.received), r.reply_language)
                for r in fresh
            ],
        )
        rows = (
            bulk_merge.staged_row(records.NewRequest(r.session, language, r.requester, r.received))
            for r in fresh
            for language in r.languages
        )
        added, total = bulk_merge.merge_rows(conn, rows, source="mail")
    return MailRecorded(
        tuple(r.message for r in fresh),
        len(requests) - len(fresh),
        added,
        total - added,
        tuple(r.message for r in earlier),
    )


def _move_earlier(conn: sqlite3.Connection, requests: Sequence[MailRequest]) -> None:
    """The earlier receipt of recorded messages, for the message and its requests (a request
    already earlier, from another message of the same person, keeps its own)."""
    conn.executemany(
        "UPDATE request_message SET received = ? WHERE message = ?",
        [(records.stamp(r.received), r.message) for r in requests],
    )
    conn.executemany(
        "UPDATE request SET received = :received WHERE session = :session "
        "AND language = :language AND requester = :requester AND received > :received",
        [
            {
                "received": records.stamp(r.received),
                "session": r.session,
                "language": language,
                "requester": r.requester,
            }
            for r in requests
            for language in r.languages
        ],
    )


def drafted(conn: sqlite3.Connection, path: Path, kind: DraftKind) -> set[str]:
    with store.translated(path):
        if not _has_mail_tables(conn):
            return set()
        rows = conn.execute("SELECT message FROM request_draft WHERE kind = ?", (kind,))
        return {str(row[0]) for row in rows}


def mark_drafted(
    conn: sqlite3.Connection, path: Path, messages: Iterable[str], kind: DraftKind, *, now: datetime
) -> None:
    with store.transaction(conn, path):
        conn.executemany(
            "INSERT OR IGNORE INTO request_draft (message, kind, drafted) VALUES (?, ?, ?)",
            [(message, kind, records.stamp(now)) for message in messages],
        )


def requesters_of(conn: sqlite3.Connection, path: Path, session: str) -> list[Requester]:
    """Each person who asked for `session` by e-mail, with the languages they asked for."""
    with store.translated(path):
        if not _has_mail_tables(conn):
            return []
        firsts = conn.execute(
            "SELECT requester, message, reply_language, min(received) FROM request_message "
            "WHERE session = ? GROUP BY requester ORDER BY min(received), requester",
            (session,),
        ).fetchall()
        result = []
        for requester, message, reply_language, _ in firsts:
            languages = conn.execute(
                "SELECT language FROM request WHERE session = ? AND requester = ? "
                "ORDER BY language",
                (session, requester),
            ).fetchall()
            result.append(
                Requester(
                    str(message),
                    str(requester),
                    str(reply_language),
                    tuple(str(row[0]) for row in languages),
                )
            )
        return result
