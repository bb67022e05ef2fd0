"""Which languages reach the interpretation threshold in time; pure, takes `now`.

"Interpretation for languages with four or more interested community members ... up until 5 days
before the meeting": a language is `confirmed` once enough distinct requesters asked on time,
`open` while it is below the threshold and requests are still accepted, and `not met` once the
deadline has passed below it. Late requesters are counted, but separately: they never confirm.
A cancelled session has no interpretation to book: every language of it is `cancelled`.

Requests pool as interpreters count them: by the language, whatever the region or script (`fr-SN`
and `fr-CA` count for `fr`, `pt-BR` for `pt`, `zh-Hans` and `zh-Hant` for `zh`; `yue` is a
language of its own), with the variants asked for shown. The session's own language needs no
interpretation: it is `not needed`, never `not met`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

from wmhr.schedule.deadlines import Deadline, session_deadline
from wmhr.schedule.model import Schedule, Session

DemandState = Literal["confirmed", "open", "not met", "cancelled", "not needed"]


class Tally(NamedTuple):
    """One pooled language of one session: distinct requesters, each counted by their earliest
    request for any variant of it."""

    on_time: int
    late: int
    variants: tuple[str, ...] = ()  # the tags asked for, sorted


Counts = Mapping[str, Tally]  # pooled language -> its tally


def pool(tag: str) -> str:
    """The language a canonical tag counts for: its primary subtag (`fr-SN` -> `fr`)."""
    return tag.split("-", 1)[0]


@dataclass(frozen=True)
class LanguageDemand:
    language: str
    on_time: int
    late: int
    threshold: int
    state: DemandState
    variants: tuple[str, ...] = ()

    @property
    def needed(self) -> int:
        """How many more on-time requesters would confirm it: 0 once confirmed, and 0 where
        nothing is to be confirmed (the session's own language, a cancelled session)."""
        if self.state in ("not needed", "cancelled"):
            return 0
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
    on_time: int, threshold: int, *, accepting: bool, cancelled: bool = False, own: bool = False
) -> DemandState:
    if cancelled:
        return "cancelled"
    if own:
        return "not needed"
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
        own = pool(session.language)
        languages = tuple(
            LanguageDemand(
                language,
                tally.on_time,
                tally.late,
                threshold,
                demand_state(
                    tally.on_time,
                    threshold,
                    accepting=accepting,
                    cancelled=session.cancelled,
                    own=language == own,
                ),
                tally.variants,
            )
            for language, tally in sorted(counts.get(session.id, {}).items())
        )
        result.append(SessionDemand(session, deadline, accepting, languages))
    return result


def deadlines_by_session(schedule: Schedule) -> dict[str, datetime]:
    return {s.id: session_deadline(s, schedule.interpretation).instant for s in schedule.sessions}


def pooled_demand(demand: SessionDemand, tag: str) -> LanguageDemand | None:
    """The pooled language `tag` counts for in `demand`, if anyone asked for it."""
    return next((d for d in demand.languages if d.language == pool(tag)), None)


def pooled_state(demand: SessionDemand, tag: str) -> DemandState | None:
    found = pooled_demand(demand, tag)
    return None if found is None else found.state
