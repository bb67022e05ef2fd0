"""EventContent + issue state -> iCalendar bytes (RFC 5545), deterministic to the byte.

Why not `Event.new(...).to_ical()`: icalendar 7's component serializer folds character by
character and builds objects per line and per parameter; a 10,000-session feed took about 6 s
that way (the target is 2 s). So this module writes the few content lines we need itself, in a
fixed order, each value type by its RFC rule: TEXT, UTC DATE-TIME, DURATION, URI and the
RFC 6868 parameter encoding of ORGANIZER's CN. It does not import icalendar at all, so that a
participant's one-off invite starts fast. The tests hold it to icalendar: every file parses back
with icalendar, vobject and ical.js, an event built with `Event.new` has the same properties, and
each value encoder agrees with icalendar's value type over generated inputs
(`tests/invites/test_ics_roundtrip.py`).

UIDs and DTSTAMPs always come in as arguments: nothing here is random or reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from wmhr import __version__
from wmhr.invites.content import EventContent

PRODID = f"-//wmhr//wmhr {__version__}//EN"
LINE_LIMIT = 75  # octets, without the CRLF
CRLF = b"\r\n"
# How often a subscribed client should re-fetch the feed; short enough that a moved session
# reaches people in time, long enough not to hammer the host.
REFRESH = timedelta(hours=12)


# NamedTuple, not a frozen dataclass: a dataclass costs about 1 ms to create at import (its
# methods are compiled from text), and a participant's one-off invite is timed from a cold start.
class Issue(NamedTuple):
    """What the bookkeeping decided for one event: its SEQUENCE and DTSTAMP."""

    sequence: int
    stamp: datetime


class Options(NamedTuple):
    """Per-run choices that are not part of an event's content."""

    alarms: tuple[timedelta, ...] = (timedelta(minutes=15),)
    organizer: tuple[str, str] | None = None  # (name, email)


class CalendarInfo(NamedTuple):
    """What a VCALENDAR says about itself."""

    name: str
    url: str
    feed: bool  # a subscribable feed gets REFRESH-INTERVAL and X-PUBLISHED-TTL


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded to at most 75 octets per physical line.

    A fold never splits a UTF-8 sequence, and never separates a backslash from the character it
    escapes (the RFC allows it, but some clients unescape before unfolding).
    """
    data = line.encode("utf-8")
    if len(data) <= LINE_LIMIT:
        return data
    parts = []
    start, limit = 0, LINE_LIMIT
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back to its lead
            cut -= 1
        run = cut
        while run > start and data[run - 1] == 0x5C:  # backslashes just before the cut
            run -= 1
        if (cut - run) % 2:  # an odd run ends with an escape's backslash: keep the pair
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, LINE_LIMIT - 1  # continuation lines begin with one space
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def escape_text(value: str) -> str:
    """RFC 5545 section 3.3.11 TEXT. Written out because icalendar's `vText` also rewrites a
    literal backslash-N, so such text would not come back exactly."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def uri_text(uri: str) -> str:
    """A URI value with its commas and semicolons percent-encoded: vobject (and so Radicale)
    reads a comma in CONFERENCE as a list separator and keeps only the part before it, and
    writes a semicolon back escaped (`\\;`), which is no longer the link."""
    return uri.replace(",", "%2C").replace(";", "%3B")


def calendar_name(name: str) -> str:
    """NAME / X-WR-CALNAME without the characters TEXT escapes (`,` `;` `\\`, newlines): ical.js
    and others show the escapes literally, so the name must need none."""
    name = re.sub(r"\s*[,;]\s*", " - ", name).replace("\\", "/")
    return " ".join(name.split())


def _utc(moment: datetime) -> str:
    """RFC 5545 section 3.3.5 FORM #2, the only form we write: `20220503T230000Z`."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def duration_text(offset: timedelta) -> str:
    """RFC 5545 section 3.3.6 DURATION, as icalendar's vDuration writes it: `-PT15M`, `P1D`,
    `-P1DT2H`, `P14D` (days, never weeks)."""
    sign = "-" if offset.days < 0 else ""
    offset = -offset if sign else offset
    time = ""
    if offset.seconds:
        hours, rest = divmod(offset.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T" + (f"{hours}H" if hours else "")
        time += f"{minutes}M" if minutes or (hours and seconds) else ""
        time += f"{seconds}S" if seconds else ""
    if offset.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{offset.days}D{time}"


_PARAM_ESCAPES = re.compile(r'\^|\r\n|\r|\n|"')
_PARAM_ESCAPED = {"^": "^^", "\r\n": "^n", "\r": "^n", "\n": "^n", '"': "^'"}


def param_text(value: str) -> str:
    """A parameter value (ORGANIZER's CN): RFC 6868 escapes (`^^`, `^n`, `^'`), then double
    quotes when it holds `,` `;` `:` or, as icalendar does for CN, a space or an apostrophe."""
    escaped = _PARAM_ESCAPES.sub(lambda m: _PARAM_ESCAPED[m.group(0)], value)
    if any(c in value for c in " '") or any(c in escaped for c in ",;:\u2019"):
        return f'"{escaped}"'
    return escaped


def _event_lines(content: EventContent, issue: Issue, options: Options) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(content.uid)}",
        f"DTSTAMP:{_utc(issue.stamp)}",
        f"SEQUENCE:{issue.sequence:d}",
        f"STATUS:{content.status}",
        f"DTSTART:{_utc(content.start)}",
        # An instant (a deadline) has DTSTART only: RFC 5545 section 3.6.1 gives it no duration,
        # while a DTEND equal to DTSTART breaks section 3.8.2.2 (calcurse skips such events).
        *([f"DTEND:{_utc(content.end)}"] if content.end > content.start else []),
        # LANGUAGE (RFC 5545 section 3.2.10): the text's language, which may differ per event.
        f"SUMMARY;LANGUAGE={content.language}:{escape_text(content.summary)}",
        f"DESCRIPTION;LANGUAGE={content.language}:{escape_text(content.description)}",
        f"LOCATION:{escape_text(content.location)}",
    ]
    if content.conference:
        conference = uri_text(content.conference)
        lines.append(f"CONFERENCE;FEATURE=VIDEO;LABEL=Join;VALUE=URI:{conference}")
    lines.append(f"URL:{uri_text(content.url)}")
    lines.append(f"TRANSP:{'TRANSPARENT' if content.transparent else 'OPAQUE'}")
    if options.organizer is not None:
        name, email = options.organizer
        lines.append(f"ORGANIZER;CN={param_text(name)}:mailto:{email}")
    if not content.cancelled and content.kind == "session":
        for offset in options.alarms:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape_text(content.summary)}",
                f"TRIGGER;RELATED=START:{duration_text(-offset)}",
                "END:VALARM",
            ]
    lines.append("END:VEVENT")
    return lines


def event_bytes(content: EventContent, issue: Issue, options: Options) -> bytes:
    """One VEVENT, CRLF-terminated, ready to be placed in any calendar."""
    return CRLF.join(fold(line) for line in _event_lines(content, issue, options)) + CRLF


def calendar_bytes(info: CalendarInfo, events: Iterable[bytes]) -> bytes:
    """A VCALENDAR around already-serialized events.

    No METHOD: these files are snapshots to import or subscribe to, not iTIP messages (RFC 5545
    section 3.7.2), and `METHOD:PUBLISH` would require an ORGANIZER (RFC 5546 section 3.2.1),
    which libical's restriction check (Evolution's) enforces. No calendar-level UID: vdirsyncer
    takes the first UID line of a feed as every event's (pimutils/vdirsyncer#1222)."""
    name = escape_text(calendar_name(info.name))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(PRODID)}",
        "CALSCALE:GREGORIAN",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
        f"URL:{uri_text(info.url)}",
    ]
    if info.feed:
        lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{duration_text(REFRESH)}")
        lines.append(f"X-PUBLISHED-TTL:{duration_text(REFRESH)}")
    head = CRLF.join(fold(line) for line in lines) + CRLF
    return head + b"".join(events) + b"END:VCALENDAR" + CRLF
