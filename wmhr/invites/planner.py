"""Which invites one run writes, with what SEQUENCE and DTSTAMP; pure, takes `now`.

`wmhr.invites.service` reads the issued state and the published files, calls `plan_issue`,
writes `IssuePlan.files`, then stores `IssuePlan.records` (it says why in that order).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal, NamedTuple

from wmhr.errors import WmhrError
from wmhr.invites import content, icalwrite
from wmhr.invites import text as invite_text
from wmhr.invites.content import EventContent
from wmhr.invites.icalwrite import CalendarInfo, Issue, Options
from wmhr.invites.issuing import (
    ClockWentBack,
    Issued,
    next_issue,
    schedule_part,
    source_digest,
    withdrawn_digest,
)
from wmhr.invites.published import Published
from wmhr.locale.language import Language
from wmhr.schedule.localized import translate
from wmhr.schedule.model import MAX_SEQUENCE, Schedule, Session, unknown_session_message


class IssueRequest(NamedTuple):  # not a dataclass: see wmhr.invites.icalwrite.Issue
    """What one run (`wmhr ics`, `wmhr publish html`) asks for."""

    sessions: tuple[str, ...] = ()  # empty: the whole series
    alarms: tuple[timedelta, ...] = (timedelta(minutes=15),)
    with_organizer: bool = False
    organizer_deadlines: bool = False
    single: bool = False  # one calendar (for -o FILE or -o -) instead of a folder of files
    language: str | None = None  # every text in this language (--lang); None: each its own


Change = Literal["new", "changed", "cancelled", "unchanged"]


class Outcome(NamedTuple):
    """What one run does to one event, as `wmhr ics --dry-run` shows it."""

    uid: str
    session_id: str
    kind: str  # "session" or "deadline"
    change: Change  # cancelled: newly written as cancelled
    sequence: int
    previous_sequence: int | None  # what people may hold (the ledger's, or a file's), if any
    status: str
    start: datetime


class IssuePlan:
    """What a run writes and records; filled in by `plan_issue`."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []
        self.files: list[tuple[str, bytes]] = []  # (file name, bytes)
        self.records: list[Issued] = []
        self.warnings: list[str] = []
        self.changed: list[str] = []  # UIDs whose SEQUENCE went up or are new
        self.written = 0  # events written


class _Entry(NamedTuple):
    content: EventContent
    min_sequence: int
    digest: str  # of what the schedule says of it (empty without a ledger: nothing to compare)


def plan_issue(
    schedule: Schedule,
    request: IssueRequest,
    issued: dict[str, Issued] | None,
    *,
    now: datetime,
    published: dict[str, Published] | None = None,
) -> IssuePlan:
    """The files to write and the records to keep. `issued` is what the ledger holds, or None
    when there is no ledger (a one-off invite): every event then gets its `min_sequence` and
    DTSTAMP `now`, and nothing is to be recorded. `published` is what the files about to be
    replaced carry: no event is issued below their SEQUENCE."""
    content.check_file_ids(schedule)
    if request.organizer_deadlines and request.sessions and not request.single:
        raise WmhrError(
            "--organizer-deadlines with named sessions needs -o FILE or -o -: "
            "deadlines.ics always holds the whole series"
        )
    result = IssuePlan()
    entries, deadlines = _select(schedule, request, issued, result.warnings)
    options = Options(alarms=request.alarms, organizer=_organizer(schedule, request, result))
    run = _Run(schedule, issued, published or {}, options, now, result)
    events = [_issue(e, run) for e in entries]
    deadline_events = [_issue(e, run) for e in deadlines]
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
    schedule: Schedule, request: IssueRequest, ledger: dict[str, Issued] | None, warnings: list[str]
) -> tuple[list[_Entry], list[_Entry]]:
    """Sessions (and their deadlines) to write: the schedule's, plus issued ones it dropped."""
    series_id = schedule.series.id
    issued = ledger or {}
    part = schedule_part(schedule) if ledger is not None else ""

    def digest(session: Session, kind: str) -> str:
        return source_digest(part, session, kind) if ledger is not None else ""

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
            sessions.append(_Entry(event, session.min_sequence, digest(session, "session")))
            if request.organizer_deadlines:
                last = _last(issued, content.deadline_uid(series_id, sid))
                event = content.deadline_content(schedule, session, last, request.language)
                deadlines.append(_Entry(event, session.min_sequence, digest(session, "deadline")))
            continue
        if sid not in dropped:
            known = tuple(current) + tuple(dropped)
            raise WmhrError(unknown_session_message(sid, known))
        previous = dropped[sid]
        warnings.append(
            f'session "{sid}" is no longer in {schedule.source} but was issued before: '
            "writing it as cancelled so calendars remove it"
        )
        sessions.append(_Entry(content.withdrawn(previous.content), 0, withdrawn_digest(previous)))
        old_deadline = issued.get(content.deadline_uid(series_id, sid))
        if request.organizer_deadlines and old_deadline is not None:
            withdrawn = content.withdrawn(old_deadline.content)
            deadlines.append(_Entry(withdrawn, 0, withdrawn_digest(old_deadline)))
    order = {sid: index for index, sid in enumerate(wanted)}
    key = lambda e: (e.content.start, order[e.content.session_id])  # noqa: E731
    return sorted(sessions, key=key), sorted(deadlines, key=key)


def _last(issued: dict[str, Issued], uid: str) -> EventContent | None:
    """An event's last issued content, which says where it was before a reschedule."""
    record = issued.get(uid)
    return None if record is None else record.content


def _organizer(
    schedule: Schedule, request: IssueRequest, result: IssuePlan
) -> tuple[str, str] | None:
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


class _Run(NamedTuple):
    schedule: Schedule
    issued: dict[str, Issued] | None
    published: dict[str, Published]
    options: Options
    now: datetime
    result: IssuePlan


def _issue(entry: _Entry, run: _Run) -> bytes:
    content, result = entry.content, run.result
    previous = run.issued.get(content.uid) if run.issued is not None else None
    digest = entry.digest
    sequence, stamp = next_issue(
        previous, content, digest, min_sequence=entry.min_sequence, now=run.now
    )
    seen = run.published.get(content.uid)
    ahead = seen is not None and seen.sequence > (previous.sequence if previous else -1)
    if seen is not None and ahead and sequence <= seen.sequence:
        # The files are ahead of the ledger (a stopped run, a restored or missing database).
        sequence, stamp = _not_below(content, seen, run)
    if run.issued is None:
        result.changed.append(content.uid)
    else:
        if previous is None or (digest, sequence, stamp) != (
            previous.digest,
            previous.sequence,
            previous.stamp,
        ):
            # Only what changed is recorded; an unchanged event's row is already right.
            result.records.append(
                Issued(content.uid, run.schedule.series.id, digest, sequence, stamp, content)
            )
        if previous is None or sequence != previous.sequence:
            result.changed.append(content.uid)
    result.written += 1
    result.outcomes.append(_outcome(content, sequence, previous, seen))
    return icalwrite.event_bytes(content, Issue(sequence, stamp), run.options)


def _outcome(
    content: EventContent, sequence: int, previous: Issued | None, seen: Published | None
) -> Outcome:
    held = [x.sequence for x in (previous, seen) if x is not None]
    before = max(held) if held else None
    if previous is not None:
        was_cancelled = previous.content.cancelled
    else:
        was_cancelled = seen is not None and b"\r\nSTATUS:CANCELLED\r\n" in seen.event
    change: Change
    if before is None:
        change = "new"
    elif sequence == before:
        change = "unchanged"
    elif content.cancelled and not was_cancelled:
        change = "cancelled"
    else:
        change = "changed"
    return Outcome(
        content.uid,
        content.session_id,
        content.kind,
        change,
        sequence,
        before,
        content.status,
        content.start,
    )


def _not_below(content: EventContent, seen: Published, run: _Run) -> tuple[int, datetime]:
    """The lowest issue people holding `seen` accept: the same one if it says exactly what we
    would write, else the next SEQUENCE."""
    if icalwrite.event_bytes(content, Issue(seen.sequence, seen.stamp), run.options) == seen.event:
        return seen.sequence, seen.stamp
    if seen.sequence >= MAX_SEQUENCE:
        raise WmhrError(f"{content.uid}: a file already carries SEQUENCE {seen.sequence}, the most")
    now = run.now.astimezone(UTC).replace(microsecond=0)
    if now < seen.stamp:
        raise ClockWentBack(
            f"{content.uid}: a file in the output already carries DTSTAMP "
            f"{seen.stamp:%Y-%m-%dT%H:%M:%SZ}, after --now {now:%Y-%m-%dT%H:%M:%SZ}; "
            "pass a later --now (or fix the clock)"
        )
    return seen.sequence + 1, now


def _single(
    schedule: Schedule, request: IssueRequest, entries: list[_Entry], events: list[bytes]
) -> bytes:
    lang = content.series_language(schedule, request.language)
    title = invite_text.series_title(schedule, lang)
    if not request.sessions:
        name, key = title, "series"
    elif len(entries) == 1:
        name, key = entries[0].content.summary, entries[0].content.session_id
    else:
        # Not the language's "and" list: a calendar name can hold no comma (icalwrite), and
        # CLDR's lists of three have one; " + " reads alike in every language.
        regions = " + ".join(_region(schedule, e.content, lang) for e in entries)
        # TRANSLATORS: A session's title (calendar event, invite file), a label: the bare region is
        # right here. {series}: e.g. "Human Rights Policy Community Conversations"; {region}: e.g.
        # "Asia", or several joined by " + " for a calendar of several sessions ("Asia + Africa").
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
