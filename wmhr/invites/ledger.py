"""What wmhr has issued, per event UID: content digest, SEQUENCE, DTSTAMP and the content itself.

The rules (RFC 5546 section 2.1.4, applied without human bookkeeping):
- unchanged content keeps its SEQUENCE and DTSTAMP, so regenerated files are byte-identical;
- a changed session (see `wmhr.invites.issuing`) gets SEQUENCE + 1 and DTSTAMP = now;
- SEQUENCE never goes down, and never below the schedule's `min_sequence` pin (which is how an
  organizer recovers from a lost database: pin above the last SEQUENCE people received).
The last content is kept so a session deleted from sessions.toml can still be issued, cancelled.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from wmhr import store
from wmhr.errors import StoreError
from wmhr.invites import content
from wmhr.invites.content import EventContent
from wmhr.invites.issuing import Issued, schedule_part, source_digest, unchanged
from wmhr.schedule.check import Finding
from wmhr.schedule.model import Schedule

COMPONENT = "issued"
MIGRATIONS = (
    """
    CREATE TABLE issued_event (
        uid TEXT PRIMARY KEY,
        series_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('session', 'deadline')),
        session_id TEXT NOT NULL,
        digest TEXT NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 0),
        dtstamp TEXT NOT NULL,
        content TEXT NOT NULL
    );
    CREATE INDEX issued_event_series ON issued_event (series_id, kind)
    """,
)


def open_db(path: Path) -> sqlite3.Connection:
    conn = store.connect(path)
    store.migrate(conn, path, COMPONENT, MIGRATIONS)
    return conn


def load(conn: sqlite3.Connection, path: Path, series_id: str) -> dict[str, Issued]:
    try:
        rows = conn.execute(
            "SELECT uid, digest, sequence, dtstamp, content FROM issued_event WHERE series_id = ?",
            (series_id,),
        ).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(store.describe_error(path, exc)) from None
    issued = {}
    for uid, digest, sequence, stamp, stored in rows:
        try:
            parsed = EventContent.from_json(json.loads(stored))
            when = datetime.fromisoformat(stamp).astimezone(UTC)
            sequence = int(sequence)
        except (ValueError, TypeError, KeyError) as exc:
            raise StoreError(
                f"{path}: issued invite {uid} is damaged ({exc}); restore the database from a "
                "backup, or delete it and pin min_sequence in sessions.toml"
            ) from None
        issued[uid] = Issued(uid, series_id, digest, sequence, when, parsed)
    return issued


def save(conn: sqlite3.Connection, records: Iterable[Issued]) -> None:
    """Insert or update; the caller holds the transaction."""
    conn.executemany(
        "INSERT INTO issued_event "
        "(uid, series_id, kind, session_id, digest, sequence, dtstamp, content) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET "
        "digest = excluded.digest, sequence = excluded.sequence, dtstamp = excluded.dtstamp, "
        "content = excluded.content",
        [
            (
                r.uid,
                r.series_id,
                r.content.kind,
                r.content.session_id,
                r.digest,
                r.sequence,
                r.stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                json.dumps(r.content.as_json(), ensure_ascii=False, sort_keys=True),
            )
            for r in records
        ],
    )


def unpublished_findings(schedule: Schedule, path: Path) -> list[Finding]:
    """For `wmhr check`: sessions whose content changed (or that were removed) since their
    invite was last issued, so people's calendars still hold the old version."""
    conn = store.open_to_read(path, COMPONENT, MIGRATIONS)  # never creates or writes it
    if conn is None:
        return []
    try:
        state = load(conn, path, schedule.series.id)
    finally:
        conn.close()
    findings = []
    part = schedule_part(schedule)
    for session in schedule:
        previous = state.get(content.session_uid(schedule.series.id, session.id))
        if previous is None:
            continue
        now = content.session_content(
            schedule, session, previous.content, previous.content.language
        )
        if not unchanged(previous, source_digest(part, session, "session"), now):
            findings.append(
                Finding(
                    "warning",
                    "unpublished-change",
                    session.id,
                    f"changed since its invite was issued (SEQUENCE {previous.sequence}, "
                    f"{previous.stamp:%Y-%m-%dT%H:%MZ}); run `wmhr ics` and publish the files "
                    "so calendars update",
                )
            )
    ids = set(schedule.ids)
    for previous in state.values():
        event = previous.content
        if event.kind == "session" and event.session_id not in ids and not event.cancelled:
            findings.append(
                Finding(
                    "warning",
                    "unpublished-removal",
                    event.session_id,
                    "was issued but is no longer in the schedule; run `wmhr ics` and publish "
                    "the files so calendars show it cancelled",
                )
            )
    return findings
