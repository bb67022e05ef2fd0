"""SEQUENCE and DTSTAMP for each event, from what was issued before; pure, takes `now`.

The rules (RFC 5546 section 2.1.4, applied without human bookkeeping):
- unchanged content keeps its SEQUENCE and DTSTAMP, so regenerated files are byte-identical;
- changed content (time, duration, status or text) gets SEQUENCE + 1 and DTSTAMP = now;
- SEQUENCE never goes down, and never below the schedule's `min_sequence` pin (which is how an
  organizer recovers from a lost database: pin above the last SEQUENCE people received).
Where the issued state is kept is `wmhr.invites.ledger`'s business (SQLite); this module does not
import it, so a one-off invite without a database never loads sqlite3.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from wmhr.errors import WmhrError
from wmhr.invites.content import EventContent


class Issued(NamedTuple):  # not a dataclass: see wmhr.invites.icalwrite.Issue
    """What the ledger holds for one event UID."""

    uid: str
    series_id: str
    digest: str
    sequence: int
    stamp: datetime
    content: EventContent


class ClockWentBack(WmhrError):
    """A changed event would get a DTSTAMP earlier than the one already issued."""


def next_issue(
    previous: Issued | None, content: EventContent, digest: str, *, min_sequence: int, now: datetime
) -> tuple[int, datetime]:
    """The SEQUENCE and DTSTAMP to write for `content` (whose digest is `digest`), given what
    was issued before."""
    now = now.astimezone(UTC).replace(microsecond=0)
    if previous is None:
        return min_sequence, now
    sequence = previous.sequence + (previous.digest != digest)
    sequence = max(sequence, min_sequence)
    if sequence == previous.sequence:
        return sequence, previous.stamp
    if now < previous.stamp:
        raise ClockWentBack(
            f"{content.uid} was last issued at {previous.stamp:%Y-%m-%dT%H:%M:%SZ}, after "
            f"--now {now:%Y-%m-%dT%H:%M:%SZ}; pass a later --now (or fix the clock)"
        )
    return sequence, now
