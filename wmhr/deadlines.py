"""Interpretation and survey deadlines, computed from the schedule; pure, takes `now`."""

from __future__ import annotations

from datetime import UTC, datetime

from dateutil.relativedelta import relativedelta

from wmhr.schedule import InterpretationPolicy, Session, Survey
from wmhr.timeparse import local_time_problem


def interpretation_deadline(session: Session, policy: InterpretationPolicy) -> datetime:
    """The last instant a request counts, in UTC: `lead_days` calendar days before the start,
    at the same wall-clock time in the session's anchor zone.

    When that wall time does not exist or happens twice (a DST change between the deadline and
    the session), the later candidate instant is the deadline: the rule never shortens the time
    people have to ask.
    """
    wall = session.local_start.replace(tzinfo=None) + relativedelta(days=-policy.lead_days)
    problem = local_time_problem(wall, session.zone)
    if problem is not None:
        return problem.later
    return wall.replace(tzinfo=session.zone).astimezone(UTC)


def request_on_time(received: datetime, deadline: datetime) -> bool:
    """A request received at the deadline instant is on time; one second later is late."""
    return received <= deadline


def survey_open(survey: Survey, now: datetime) -> bool:
    """The survey's `closes` is an exclusive end: open while now is before it."""
    return now < survey.closes
