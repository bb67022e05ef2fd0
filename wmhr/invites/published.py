"""What invite files already out there carry, per event UID: the highest SEQUENCE, its DTSTAMP and
the event's exact bytes; pure, reads bytes it is given.

The ledger can fall behind the files: a run stopped (kill -9) after writing files and before
recording them, or a database restored from an old backup or lost. SEQUENCE must never go below
what people may already hold, so `wmhr ics` reads the files it is about to replace and issues at
least their SEQUENCE (see `wmhr.invites.planner`), which also repairs the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import NamedTuple

from wmhr.schedule.model import MAX_SEQUENCE

BEGIN, END = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"
WANTED = (b"UID", b"SEQUENCE", b"DTSTAMP")
UTC_FORM = re.compile(rb"\d{8}T\d{6}Z")


class Published(NamedTuple):
    sequence: int
    stamp: datetime
    event: bytes  # BEGIN:VEVENT to END:VEVENT with its CRLF, exactly as in the file


def events_in(data: bytes) -> Iterator[tuple[str, Published]]:
    """Every VEVENT with a readable UID, SEQUENCE and UTC DTSTAMP; anything else is skipped
    (a file wmhr did not write, or a damaged one, cannot hold an event people got from us)."""
    for block in data.split(BEGIN)[1:]:
        end = block.find(END)
        if end < 0:
            continue
        event = BEGIN + block[: end + len(END)]
        found: dict[bytes, bytes] = {}
        for line in event.replace(b"\r\n ", b"").split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name in WANTED and name not in found:  # the event's own, before any VALARM
                found[name] = value
        try:
            uid = found[b"UID"].decode("utf-8")
            sequence = int(found[b"SEQUENCE"])
            stamp = _utc_stamp(found[b"DTSTAMP"])
        except (KeyError, ValueError):
            continue
        if 0 <= sequence <= MAX_SEQUENCE:
            yield uid, Published(sequence, stamp, event)


def _utc_stamp(value: bytes) -> datetime:
    """`20220401T000000Z` (the only form wmhr writes), without loading _strptime."""
    if not UTC_FORM.fullmatch(value):
        raise ValueError(value)
    year, month, day = int(value[0:4]), int(value[4:6]), int(value[6:8])
    hour, minute, second = int(value[9:11]), int(value[11:13]), int(value[13:15])
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def collect(files: Iterator[bytes] | list[bytes]) -> dict[str, Published]:
    """Per UID, the most recent issue found in any of the files (highest SEQUENCE, then
    DTSTAMP): an event is in its own file and in the feed, and a stopped run may have
    replaced one and not the other."""
    found: dict[str, Published] = {}
    for data in files:
        for uid, seen in events_in(data):
            old = found.get(uid)
            if old is None or (seen.sequence, seen.stamp) > (old.sequence, old.stamp):
                found[uid] = seen
    return found
