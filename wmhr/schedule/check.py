"""Findings about a published schedule: wrong times, overlaps, DST traps, odd hours, deadlines.

A check is a named entry of a list (`Check`): this module's `SCHEDULE_CHECKS`, which wmhr.checks
extends with the checks other parts provide; `run_checks` runs a list and sorts its findings, and
`exit_status` says what they mean for a script, each decided here once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from wmhr.errors import ExitStatus, closest
from wmhr.schedule.deadlines import series_deadlines
from wmhr.schedule.localized import missing_translations
from wmhr.schedule.model import Schedule, Session
from wmhr.time.convert import format_offset
from wmhr.time.parse import weekday_name
from wmhr.time.zones import place_name

Level = Literal["error", "warning"]
DST_WINDOW = timedelta(days=7)
EARLIEST = time(7, 0)
LATEST = time(22, 0)
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
PUBLISHED = re.compile(
    r"^(?:(?P<weekday>[A-Za-z]+)\.?,?\s+)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$"
)


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    session: str | None
    message: str
    details: tuple[str, ...] = ()  # e.g. countries a holiday finding could not check

    def as_json(self) -> dict[str, object]:
        return {
            "level": self.level,
            "code": self.code,
            "session": self.session,
            "message": self.message,
            "details": list(self.details),
        }


@dataclass(frozen=True)
class PublishedTime:
    weekday: str | None
    day: int
    month: int
    hour: int
    minute: int


def parse_published(text: str) -> PublishedTime | None:
    """`Tues 3 May 19:00` as the page writes it; None when it cannot be read."""
    match = PUBLISHED.match(" ".join(text.split()))
    if not match:
        return None
    month_word = match["month"].lower()
    month = next(
        (i for i, m in enumerate(MONTHS, 1) if len(month_word) >= 3 and m.startswith(month_word)),
        None,
    )
    weekday = weekday_name(match["weekday"]) if match["weekday"] else None
    if month is None or (match["weekday"] and weekday is None):
        return None
    return PublishedTime(
        weekday, int(match["day"]), month, int(match["hour"]), int(match["minute"])
    )


def describe(moment: datetime) -> str:
    """`Mon 16 May 19:00 (WIB, UTC+07:00)`."""
    offset = format_offset(moment.utcoffset() or timedelta(0))
    return f"{moment:%a} {moment.day} {moment:%b %H:%M} ({moment.tzname()}, UTC{offset})"


def _published_mismatch(published: PublishedTime, actual: datetime) -> list[str]:
    wrong = []
    if published.weekday and published.weekday != actual.strftime("%A").lower():
        wrong.append("weekday")
    if (published.day, published.month) != (actual.day, actual.month):
        wrong.append("date")
    if (published.hour, published.minute) != (actual.hour, actual.minute):
        wrong.append("time")
    return wrong


def check_published(session: Session) -> Iterable[Finding]:
    pairs = [
        ("published_utc", session.published_utc, session.start, "UTC"),
        (
            "published_local",
            session.published_local,
            session.local_start,
            f"{session.anchor_city} ({place_name(session.zone.key)})",
        ),
    ]
    for key, text, actual, where in pairs:
        if text is None:
            continue
        published = parse_published(text)
        if published is None:
            yield Finding(
                "error",
                "unreadable-published-time",
                session.id,
                f'{key} "{text}" cannot be read; write it like "Tues 3 May 19:00"',
            )
            continue
        wrong = _published_mismatch(published, actual)
        if wrong:
            yield Finding(
                "error",
                f"wrong-{key.replace('_', '-')}",
                session.id,
                f'the page publishes "{text}" in {where}, but the session starts '
                f"{session.start:%Y-%m-%dT%H:%MZ}, which is {describe(actual)} there "
                f"(wrong {' and '.join(wrong)}); publish the computed time or fix `start`",
            )


def check_overlaps(schedule: Schedule) -> Iterable[Finding]:
    active = sorted((s for s in schedule if not s.cancelled), key=lambda s: s.start)
    for index, first in enumerate(active):
        for second in active[index + 1 :]:
            if second.start >= first.end:
                break
            yield Finding(
                "error",
                "overlap",
                second.id,
                f"overlaps {first.id} ({first.start:%Y-%m-%d %H:%M}-{first.end:%H:%M} "
                f"UTC); move one of them",
            )


def offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """Instants (to the minute) in [start, end) where `zone`'s UTC offset changes."""
    changes = []
    step = timedelta(hours=6)
    moment = start
    while moment < end:
        following = min(moment + step, end)
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            changes.append(high.replace(second=0, microsecond=0))
        moment = following
    return changes


def check_dst(session: Session) -> Iterable[Finding]:
    for change in offset_changes(
        session.zone, session.start - DST_WINDOW, session.start + DST_WINDOW
    ):
        before = (change - timedelta(minutes=1)).astimezone(session.zone)
        after = change.astimezone(session.zone)
        when = "before" if change <= session.start else "after"
        days = abs((session.start - change).total_seconds()) / 86400
        yield Finding(
            "warning",
            "dst-change-near",
            session.id,
            f"{session.zone.key} changes from {before.tzname()} to {after.tzname()} on "
            f"{after:%Y-%m-%d} ({days:.1f} days {when} the session); remind participants "
            "that their local time may shift",
        )


def check_hours(session: Session) -> Iterable[Finding]:
    start = session.local_start
    end = session.end.astimezone(session.zone)
    latest = datetime.combine(start.date(), LATEST, session.zone)
    if start.time() < EARLIEST or end > latest:
        yield Finding(
            "warning",
            "unsocial-hours",
            session.id,
            f"runs {start:%H:%M}-{end:%H:%M} in {session.anchor_city} "
            f"({place_name(session.zone.key)}), outside {EARLIEST:%H:%M}-{LATEST:%H:%M}; "
            "consider a time participants there can attend",
        )


def check_deadlines(schedule: Schedule, now: datetime) -> Iterable[Finding]:
    closed = [d for d in series_deadlines(schedule) if d.state(now) == "closed"]
    for deadline in closed:
        if deadline.kind == "interpretation":
            yield Finding(
                "warning",
                "interpretation-closed",
                deadline.session,
                f"interpretation requests closed {deadline.instant:%Y-%m-%dT%H:%MZ} "
                f"({schedule.interpretation.lead_days} days before the start)",
            )
    if any(d.kind == "survey" for d in closed):
        yield Finding(
            "warning",
            "survey-closed",
            None,
            f"the survey closed {schedule.survey.closing_words}, which is "
            f"{schedule.survey.closes:%Y-%m-%dT%H:%MZ}",
        )


def check_translations(schedule: Schedule, session: Session) -> Iterable[Finding]:
    missing = missing_translations(schedule, session)
    if missing:
        tag, series_language = session.language, schedule.series.language
        yield Finding(
            "warning",
            "missing-translation",
            session.id,
            f"the session is held in {tag}, but [translations.{tag}] lacks "
            f"{', '.join(missing)}: its participants read those in {series_language}; "
            f"add them to [translations.{tag}]",
        )


def check_unused_translations(schedule: Schedule) -> Iterable[Finding]:
    for path in schedule.unused_translations:
        session_id = path.rsplit(".", 1)[-1]
        hint = closest(session_id, schedule.ids, n=1)
        fix = f'did you mean "{hint[0]}"?' if hint else "remove the table"
        yield Finding(
            "warning",
            "unused-translation",
            None,
            f"{path}: no session has this id; {fix}",
        )


class CheckInput(NamedTuple):
    """What a check may read: the schedule, the instant it is checked at, the database of
    issued invites (None: no check reads one) and the wiki page to compare (None: none)."""

    schedule: Schedule
    now: datetime
    database: Path | None = None
    wiki: tuple[str, str] | None = None  # (page title, api.php URL) for `check --wiki`


class Check(NamedTuple):
    """A named check, the finding codes it may report, and how it finds them."""

    name: str
    codes: tuple[str, ...]
    run: Callable[[CheckInput], Iterable[Finding]]


def each_session(
    check_session: Callable[[Schedule, Session], Iterable[Finding]],
) -> Callable[[CheckInput], Iterable[Finding]]:
    """A check of one session, run on every session that is not cancelled."""

    def run(given: CheckInput) -> Iterable[Finding]:
        for session in given.schedule:
            if not session.cancelled:
                yield from check_session(given.schedule, session)

    return run


SCHEDULE_CHECKS = [
    Check(
        "published-times",
        ("unreadable-published-time", "wrong-published-utc", "wrong-published-local"),
        each_session(lambda _schedule, session: check_published(session)),
    ),
    Check("dst", ("dst-change-near",), each_session(lambda _schedule, s: check_dst(s))),
    Check("hours", ("unsocial-hours",), each_session(lambda _schedule, s: check_hours(s))),
    Check("translations", ("missing-translation",), each_session(check_translations)),
    Check("overlaps", ("overlap",), lambda given: check_overlaps(given.schedule)),
    Check(
        "unused-translations",
        ("unused-translation",),
        lambda given: check_unused_translations(given.schedule),
    ),
    Check(
        "deadlines",
        ("interpretation-closed", "survey-closed"),
        lambda given: check_deadlines(given.schedule, given.now),
    ),
]
LEVEL_ORDER = {"error": 0, "warning": 1}


def run_checks(checks: Iterable[Check], given: CheckInput) -> list[Finding]:
    """Every finding of `checks`, errors first, each level in the order of the list."""
    findings = [finding for entry in checks for finding in entry.run(given)]
    return sorted(findings, key=lambda f: LEVEL_ORDER[f.level])


def exit_status(findings: Iterable[Finding]) -> ExitStatus:
    """What `wmhr check` exits with: 1 when an error was found (warnings do not count)."""
    if any(finding.level == "error" for finding in findings):
        return ExitStatus.CONDITION_NOT_MET
    return ExitStatus.OK


def check(schedule: Schedule, *, now: datetime) -> list[Finding]:
    """The schedule's own findings (what an edit reports about the session it changed)."""
    return run_checks(SCHEDULE_CHECKS, CheckInput(schedule, now))
