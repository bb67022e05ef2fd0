"""Which languages reach the interpretation threshold in time; pure, takes `now`.

"Interpretation for languages with four or more interested community members ... up until 5 days
before the meeting": a language is `confirmed` once enough distinct requesters asked on time,
`open` while it is below the threshold and requests are still accepted, and `not met` once the
deadline has passed below it. Late requesters are counted, but separately: they never confirm.
A cancelled session has no interpretation to book: every language of it is `cancelled`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from wmhr.schedule.deadlines import Deadline, session_deadline
from wmhr.schedule.model import Schedule, Session

DemandState = Literal["confirmed", "open", "not met", "cancelled"]
Counts = Mapping[str, tuple[int, int]]  # language -> (on-time requesters, late requesters)


@dataclass(frozen=True)
class LanguageDemand:
    language: str
    on_time: int
    late: int
    threshold: int
    state: DemandState

    @property
    def needed(self) -> int:
        """How many more on-time requesters would confirm it (0 once confirmed)."""
        return max(0, self.threshold - self.on_time)


@dataclass(frozen=True)
class SessionDemand:
    session: Session
    deadline: Deadline
    accepting: bool  # requests for this session still count as on time
    languages: tuple[LanguageDemand, ...]

    @property
    def cancelled(self) -> bool:
        return self.session.cancelled


def demand_state(
    on_time: int, threshold: int, *, accepting: bool, cancelled: bool = False
) -> DemandState:
    if cancelled:
        return "cancelled"
    if on_time >= threshold:
        return "confirmed"
    return "open" if accepting else "not met"


def assess(
    schedule: Schedule,
    counts: Mapping[str, Counts],
    *,
    now: datetime,
    only: str | None = None,
) -> list[SessionDemand]:
    """Every session (or only `only`) with each requested language's state at `now`."""
    threshold = schedule.interpretation.min_requesters
    sessions = (
        [schedule.session(only)] if only is not None else sorted(schedule, key=lambda s: s.start)
    )
    result = []
    for session in sessions:
        deadline = session_deadline(session, schedule.interpretation)
        accepting = deadline.is_open(now)
        languages = tuple(
            LanguageDemand(
                language,
                on_time,
                late,
                threshold,
                demand_state(on_time, threshold, accepting=accepting, cancelled=session.cancelled),
            )
            for language, (on_time, late) in sorted(counts.get(session.id, {}).items())
        )
        result.append(SessionDemand(session, deadline, accepting, languages))
    return result


def deadlines_by_session(schedule: Schedule) -> dict[str, datetime]:
    return {s.id: session_deadline(s, schedule.interpretation).instant for s in schedule.sessions}
