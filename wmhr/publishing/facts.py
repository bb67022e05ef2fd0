"""What every published output says about each session, computed once from the schedule with the
same conversion code as `wmhr sessions` (tzdata, never the `published_*` strings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wmhr.invites.text import session_title
from wmhr.locale.language import Language
from wmhr.publishing import links
from wmhr.schedule.deadlines import interpretation_deadline
from wmhr.schedule.model import Schedule, Session
from wmhr.time.convert import ZoneTime, in_zone
from wmhr.time.zones import Zone


@dataclass(frozen=True)
class SessionFacts:
    session: Session
    title: str  # "Series: Region", the calendar title, in the output's language
    start: ZoneTime  # in the anchor zone
    end: ZoneTime
    deadline: datetime  # last instant an interpretation request counts, UTC
    deadline_local: ZoneTime  # ... in the anchor zone
    other_language: bool  # held in a language other than the page's
    zonestamp: str | None  # with the title, for pages
    zonestamp_short: str | None  # without it, for lines people paste into e-mail

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def cancelled(self) -> bool:
        return self.session.cancelled


def series_language(schedule: Schedule) -> Language:
    """The language published outputs use unless asked for another: the series'."""
    from wmhr.locale.language import language_or

    return language_or(schedule.series.language, "en")


def session_facts(
    schedule: Schedule, session: Session, lang: Language | None = None
) -> SessionFacts:
    anchor = Zone(session.zone.key, session.zone)
    title = session_title(schedule, session, lang or series_language(schedule))
    deadline = interpretation_deadline(session, schedule.interpretation)
    return SessionFacts(
        session=session,
        title=title,
        start=in_zone(session.start, anchor),
        end=in_zone(session.end, anchor),
        deadline=deadline,
        deadline_local=in_zone(deadline, anchor),
        other_language=_base(session.language) != _base(schedule.series.language),
        zonestamp=links.zonestamp_url(session.start, session.end, title),
        zonestamp_short=links.zonestamp_url(session.start, session.end),
    )


def all_facts(schedule: Schedule, lang: Language | None = None) -> tuple[SessionFacts, ...]:
    """Every session in order of its start (the order of the schedule for equal starts)."""
    ordered = sorted(schedule, key=lambda s: s.start)
    return tuple(session_facts(schedule, session, lang) for session in ordered)


def next_session(facts: tuple[SessionFacts, ...], *, now: datetime) -> SessionFacts | None:
    """The session under way at `now`, else the next to start; cancelled ones never count."""
    return next((f for f in facts if not f.cancelled and now < f.session.end), None)


def _base(tag: str) -> str:
    return tag.split("-")[0].lower()
