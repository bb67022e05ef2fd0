"""Which invites one `wmhr ics` run writes, with what SEQUENCE and DTSTAMP; pure, takes `now`.

The caller reads the issued state, calls `plan`, writes `Plan.files`, then stores
`Plan.records` (see `wmhr.cli.ics_commands` for why in that order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wmhr.errors import WmhrError
from wmhr.invites import content, icalwrite
from wmhr.invites import text as invite_text
from wmhr.invites.content import EventContent
from wmhr.invites.icalwrite import CalendarInfo, Issue, Options
from wmhr.invites.issuing import Issued, next_issue
from wmhr.locale.language import Language
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule, unknown_session_message


@dataclass(frozen=True)
class Request:
    sessions: tuple[str, ...] = ()  # empty: the whole series
    alarms: tuple[timedelta, ...] = (timedelta(minutes=15),)
    with_organizer: bool = False
    organizer_deadlines: bool = False
    single: bool = False  # one calendar (for -o FILE or -o -) instead of a folder of files
    language: str | None = None  # every text in this language (--lang); None: each its own


@dataclass
class Plan:
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes)
    records: list[Issued] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # UIDs whose SEQUENCE went up or are new
    written: int = 0  # events written
    where: str = ""  # where the files went, said by the caller that wrote them


@dataclass(frozen=True)
class _Entry:
    content: EventContent
    min_sequence: int


def plan(
    schedule: Schedule, request: Request, issued: dict[str, Issued] | None, *, now: datetime
) -> Plan:
    """The files to write and the records to keep. `issued` is what the ledger holds, or None
    when there is no ledger (a one-off invite): every event then gets its `min_sequence` and
    DTSTAMP `now`, and nothing is to be recorded."""
    content.check_file_ids(schedule)
    if request.organizer_deadlines and request.sessions and not request.single:
        raise WmhrError(
            "--organizer-deadlines with named sessions needs -o FILE or -o -: "
            "deadlines.ics always holds the whole series"
        )
    result = Plan()
    entries, deadlines = _select(schedule, request, issued or {}, result.warnings)
    options = Options(alarms=request.alarms, organizer=_organizer(schedule, request, result))
    events = [_issue(e, issued, options, now, schedule, result) for e in entries]
    deadline_events = [_issue(e, issued, options, now, schedule, result) for e in deadlines]
    if request.single:
        result.files.append(("", _single(schedule, request, entries, events + deadline_events)))
        return result
    for entry, event in zip(entries, events, strict=True):
        sid, summary = entry.content.session_id, entry.content.summary
        result.files.append((f"{sid}.ics", _calendar(schedule, sid, summary, [event])))
    if not request.sessions:
        lang = content.series_language(schedule, request.language)
        title = invite_text.series_title(schedule, lang)
        result.files.append(("series.ics", _calendar(schedule, "series", title, events)))
        if request.organizer_deadlines:
            name = invite_text.deadlines_calendar_name(schedule, lang)
            feed = _calendar(schedule, "deadlines", name, deadline_events)
            result.files.append(("deadlines.ics", feed))
    return result


def _select(
    schedule: Schedule, request: Request, issued: dict[str, Issued], warnings: list[str]
) -> tuple[list[_Entry], list[_Entry]]:
    """Sessions (and their deadlines) to write: the schedule's, plus issued ones it dropped."""
    series_id = schedule.series.id
    current = {s.id: s for s in schedule}
    dropped = {
        record.content.session_id: record
        for record in issued.values()
        if record.content.kind == "session" and record.content.session_id not in current
    }
    wanted = list(request.sessions) or [*current, *dropped]
    sessions, deadlines = [], []
    for sid in dict.fromkeys(wanted):
        if sid in current:
            session = current[sid]
            last = _last(issued, content.session_uid(series_id, sid))
            event = content.session_content(schedule, session, last, request.language)
            sessions.append(_Entry(event, session.min_sequence))
            if request.organizer_deadlines:
                last = _last(issued, content.deadline_uid(series_id, sid))
                event = content.deadline_content(schedule, session, last, request.language)
                deadlines.append(_Entry(event, session.min_sequence))
            continue
        if sid not in dropped:
            known = tuple(current) + tuple(dropped)
            raise WmhrError(unknown_session_message(sid, known))
        previous = dropped[sid]
        warnings.append(
            f'session "{sid}" is no longer in {schedule.source} but was issued before: '
            "writing it as cancelled so calendars remove it"
        )
        sessions.append(_Entry(content.withdrawn(previous.content), 0))
        old_deadline = issued.get(content.deadline_uid(series_id, sid))
        if request.organizer_deadlines and old_deadline is not None:
            deadlines.append(_Entry(content.withdrawn(old_deadline.content), 0))
    order = {sid: index for index, sid in enumerate(wanted)}
    key = lambda e: (e.content.start, order[e.content.session_id])  # noqa: E731
    return sorted(sessions, key=key), sorted(deadlines, key=key)


def _last(issued: dict[str, Issued], uid: str) -> EventContent | None:
    """An event's last issued content, which says where it was before a reschedule."""
    record = issued.get(uid)
    return None if record is None else record.content


def _organizer(schedule: Schedule, request: Request, result: Plan) -> tuple[str, str] | None:
    if not request.with_organizer:
        return None
    email = schedule.series.organizer_email
    if email is None:
        result.warnings.append(
            f"--with-organizer: {schedule.source} names no series.organizer_email; "
            "writing no ORGANIZER"
        )
        return None
    return (schedule.series.organizer, email)


def _issue(
    entry: _Entry,
    issued: dict[str, Issued] | None,
    options: Options,
    now: datetime,
    schedule: Schedule,
    result: Plan,
) -> bytes:
    content = entry.content
    if issued is None:  # no ledger: nothing to compare with or to record
        sequence, stamp = next_issue(None, content, "", min_sequence=entry.min_sequence, now=now)
        result.changed.append(content.uid)
        result.written += 1
        return icalwrite.event_bytes(content, Issue(sequence, stamp), options)
    previous = issued.get(content.uid)
    digest = content.digest()
    sequence, stamp = next_issue(
        previous, content, digest, min_sequence=entry.min_sequence, now=now
    )
    if previous is None or (digest, sequence, stamp) != (
        previous.digest,
        previous.sequence,
        previous.stamp,
    ):
        # Only what changed is recorded; an unchanged event's row is already right.
        result.records.append(
            Issued(content.uid, schedule.series.id, digest, sequence, stamp, content)
        )
    if previous is None or sequence != previous.sequence:
        result.changed.append(content.uid)
    result.written += 1
    return icalwrite.event_bytes(content, Issue(sequence, stamp), options)


def _single(
    schedule: Schedule, request: Request, entries: list[_Entry], events: list[bytes]
) -> bytes:
    lang = content.series_language(schedule, request.language)
    title = invite_text.series_title(schedule, lang)
    if not request.sessions:
        name, key = title, "series"
    elif len(entries) == 1:
        name, key = entries[0].content.summary, entries[0].content.session_id
    else:
        regions = " + ".join(_region(schedule, e.content, lang) for e in entries)
        name = lang._("{series}: {region}", series=title, region=regions)
        key = "+".join(e.content.session_id for e in entries)
    if request.organizer_deadlines:
        name, key = invite_text.organizers_calendar_name(name, lang), f"{key}+deadlines"
    return _calendar(schedule, key, name, events)


def _region(schedule: Schedule, event: EventContent, lang: Language) -> str:
    """A session's region in the calendar's language; for one no longer in the schedule, the
    end of its last title."""
    if event.session_id in schedule.ids:
        return translate(schedule.session(event.session_id).region, lang.tag)
    return event.summary.split(": ")[-1]


def _calendar(schedule: Schedule, key: str, name: str, events: list[bytes]) -> bytes:
    """Feeds (the whole series, the deadlines) say how often to refresh; single invites not."""
    series = schedule.series
    feed = key.split("+")[0] in ("series", "deadlines")
    info = CalendarInfo(name, series.url, feed)
    return icalwrite.calendar_bytes(info, events)
