"""Interpretation and survey deadlines, computed from the schedule; pure, takes `now`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from wmhr.errors import WmhrError
from wmhr.schedule.model import InterpretationPolicy, Schedule, Session
from wmhr.time.convert import local_time_problem


def interpretation_deadline(session: Session, policy: InterpretationPolicy) -> datetime:
    """The last instant a request counts, in UTC: `lead_days` calendar days before the start,
    at the same wall-clock time in the session's anchor zone.

    When that wall time does not exist or happens twice (a DST change between the deadline and
    the session), the later candidate instant is the deadline: the rule never shortens the time
    people have to ask. It never falls after the start itself (possible with no lead time and a
    start in a repeated hour).
    """
    # Calendar days on the naive wall time (what relativedelta(days=-n) did, without loading it).
    wall = session.local_start.replace(tzinfo=None) - timedelta(days=policy.lead_days)
    problem = local_time_problem(wall, session.zone)
    deadline = problem.later if problem else wall.replace(tzinfo=session.zone).astimezone(UTC)
    return min(deadline, session.start)


# -- the series' deadlines, for `wmhr deadlines` and `wmhr deadline` ---------------------------

DeadlineKind = Literal["interpretation", "session", "survey"]
DeadlineState = Literal["open", "closed", "cancelled"]
KIND_ORDER: dict[DeadlineKind, int] = {"interpretation": 0, "session": 1, "survey": 2}
UNITS = (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1))


class Deadline(NamedTuple):  # not a dataclass: one costs about half a millisecond at import
    """One instant the series turns on, and the zone it was defined in."""

    kind: DeadlineKind
    label: str
    instant: datetime  # UTC
    zone: ZoneInfo  # the session's anchor zone, or the survey's declared zone
    inclusive: bool  # still open at the instant itself (interpretation requests)
    session: str | None = None
    cancelled: bool = False

    def is_open(self, now: datetime) -> bool:
        if self.cancelled:
            return False
        return now <= self.instant if self.inclusive else now < self.instant

    def state(self, now: datetime) -> DeadlineState:
        if self.cancelled:
            return "cancelled"
        return "open" if self.is_open(now) else "closed"

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds until the instant, rounded down; 0 once it has passed."""
        if not self.is_open(now):
            return 0
        return max(0, math.floor((self.instant - now).total_seconds()))


def session_deadline(session: Session, policy: InterpretationPolicy) -> Deadline:
    return Deadline(
        kind="interpretation",
        label=f"{session.id}: interpretation requests",
        instant=interpretation_deadline(session, policy),
        zone=session.zone,
        inclusive=True,
        session=session.id,
        cancelled=session.cancelled,
    )


def series_deadlines(schedule: Schedule) -> tuple[Deadline, ...]:
    """Every deadline of the series, sorted: requests, session starts, the survey's close."""
    found = []
    for session in schedule:
        found.append(session_deadline(session, schedule.interpretation))
        found.append(
            Deadline(
                kind="session",
                label=f"{session.id}: session starts",
                instant=session.start,
                zone=session.zone,
                inclusive=False,
                session=session.id,
                cancelled=session.cancelled,
            )
        )
    survey = schedule.survey
    found.append(
        Deadline(
            kind="survey",
            label="survey closes",
            instant=survey.closes,
            zone=survey.zone,
            inclusive=False,
        )
    )
    return tuple(sorted(found, key=lambda d: (d.instant, KIND_ORDER[d.kind], d.label)))


def select(
    deadlines: Sequence[Deadline], *, session: str | None = None, kind: str | None = None
) -> tuple[Deadline, ...]:
    """The deadlines of one session (its requests and its start) and/or of one kind."""
    if kind is not None and kind not in KIND_ORDER:
        raise WmhrError(f'--kind "{kind}": use one of {", ".join(KIND_ORDER)}')
    return tuple(
        d
        for d in deadlines
        if (session is None or d.session == session) and (kind is None or d.kind == kind)
    )


def next_to_fall(deadlines: Sequence[Deadline], now: datetime) -> int | None:
    """The index of the earliest deadline still open at `now`."""
    return next((i for i, d in enumerate(deadlines) if d.is_open(now)), None)


def due_within(
    deadlines: Sequence[Deadline], now: datetime, within: timedelta
) -> tuple[Deadline, ...]:
    """The deadlines still open at `now` that fall by `now + within` (inclusive)."""
    until = now + within
    return tuple(d for d in deadlines if d.is_open(now) and d.instant <= until)


def time_left_words(seconds: int) -> str:
    """`4 days 3 hours`: the two largest units, rounded down so it never promises too much."""
    for index, (name, size) in enumerate(UNITS):
        if seconds >= size:
            words = [_count(seconds // size, name)]
            if index + 1 < len(UNITS):
                next_name, next_size = UNITS[index + 1]
                rest = seconds % size // next_size
                if rest:
                    words.append(_count(rest, next_name))
            return " ".join(words)
    return "0 seconds"


def _count(amount: int, unit: str) -> str:
    return f"{amount} {unit}{'' if amount == 1 else 's'}"
