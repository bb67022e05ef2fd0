"""What each calendar event says, derived from the schedule alone; pure, no clock, no randomness.

An `EventContent` is everything the schedule decides about one event. Its digest is what the
issued-invites bookkeeping compares to decide whether SEQUENCE goes up. The per-run choices
(reminders, ORGANIZER) are not part of it: they are the reader's options, not the session's
content, so changing them never re-issues an event. Serialization lives in `wmhr.invites.icalwrite`.

Each event is written in one language: a session's in its own `language` (its invite and its row
in the series feed alike, since one UID must carry one content), a deadline in the series
language, unless the run asks for another (`wmhr ics --lang`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, NamedTuple, cast

from wmhr.errors import WmhrError
from wmhr.invites import text as invite_text
from wmhr.locale.language import Language, language_or
from wmhr.schedule.deadlines import interpretation_deadline
from wmhr.schedule.model import SESSION_ID, Schedule, Session

Kind = Literal["session", "deadline"]
IcalStatus = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
ICAL_STATUS: dict[str, IcalStatus] = {
    "confirmed": "CONFIRMED",
    "tentative": "TENTATIVE",
    "cancelled": "CANCELLED",
}
# File names wmhr writes next to the per-session files; a session must not be called this.
RESERVED_IDS = ("series", "deadlines")
# Bump when the meaning of EventContent's fields changes, so every event is re-issued once.
CONTENT_VERSION = 1


class EventContent(NamedTuple):  # not a dataclass: see wmhr.invites.icalwrite.Issue
    uid: str
    kind: Kind
    session_id: str
    summary: str
    description: str
    start: datetime  # UTC
    end: datetime  # UTC
    status: IcalStatus
    location: str
    url: str
    conference: str | None  # an https join link
    transparent: bool  # deadlines do not block time
    # Where a rescheduled event was before (from the previous issue), so its invite says so;
    # kept on later issues until it moves again.
    moved_from: datetime | None = None
    # The BCP 47 tag of the language its text is written in (rows issued before: English).
    language: str = "en"

    @property
    def cancelled(self) -> bool:
        return self.status == "CANCELLED"

    def digest(self) -> str:
        """sha256 over a canonical JSON of the content: equal content, equal digest."""
        import hashlib  # here: a one-off invite without a database never needs a digest
        import json

        canonical = json.dumps(
            {"v": CONTENT_VERSION, **self.as_json()}, sort_keys=True, ensure_ascii=False
        )

        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def as_json(self) -> dict[str, object]:
        # Spelled out rather than dataclasses.asdict, whose deep copies dominate a large feed.
        return {
            "uid": self.uid,
            "kind": self.kind,
            "session_id": self.session_id,
            "summary": self.summary,
            "description": self.description,
            "start": _utc_text(self.start),
            "end": _utc_text(self.end),
            "status": self.status,
            "location": self.location,
            "url": self.url,
            "conference": self.conference,
            "transparent": self.transparent,
            "moved_from": None if self.moved_from is None else _utc_text(self.moved_from),
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> EventContent:
        fields = dict(data)
        fields["start"] = _instant(cast(str, data["start"]))
        fields["end"] = _instant(cast(str, data["end"]))
        moved = data.get("moved_from")  # absent in rows written before it existed
        fields["moved_from"] = None if moved is None else _instant(cast(str, moved))
        content = cls(**fields)  # type: ignore[arg-type]
        if not SESSION_ID.fullmatch(content.session_id):
            raise ValueError(f"unsafe session id {content.session_id!r}")
        return content


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- identifiers ----------------------------------------------------------------------------------
# `<session>@<series-id>`: readable, stable across machines and databases, and unique because a
# session id is unique in its series. Session ids have no dots, so the deadline UIDs below can
# never collide with a session's. Calendars carry no UID: some readers take the first UID line of
# the text for every event's (pimutils/vdirsyncer#1222).


def session_uid(series_id: str, session_id: str) -> str:
    return f"{session_id}@{series_id}"


def deadline_uid(series_id: str, session_id: str) -> str:
    return f"{session_id}.interpretation-deadline@{series_id}"


def check_file_ids(schedule: Schedule) -> None:
    """Session ids name files; refuse the ones that would overwrite the feeds."""
    for index, session in enumerate(schedule.sessions):
        if session.id in RESERVED_IDS:
            raise WmhrError(
                f'{schedule.source}: session[{index}].id: "{session.id}" would overwrite '
                f"{session.id}.ics (the feed); rename the session"
            )


# -- content --------------------------------------------------------------------------------------


def moved_from(previous: EventContent | None, start: datetime) -> datetime | None:
    """Where the event was before, if the last issued content (from the ledger) was elsewhere;
    an event that has not moved since keeps saying where it moved from."""
    if previous is None:
        return None
    if previous.start != start:
        return previous.start
    return previous.moved_from


def session_language(schedule: Schedule, session: Session, override: str | None = None) -> Language:
    """The language of a session's event: `override` (`--lang`), else the session's own, else
    (no complete catalog for it) the series language."""
    return language_or(override or session.language, schedule.series.language)


def series_language(schedule: Schedule, override: str | None = None) -> Language:
    """The language of the feeds' names and of the deadlines."""
    return language_or(override or schedule.series.language, schedule.series.language)


def session_content(
    schedule: Schedule,
    session: Session,
    previous: EventContent | None = None,
    language: str | None = None,
) -> EventContent:
    """The invite of `session`; `previous` is its last issued content, if any; `language`
    overrides the session's own."""
    series = schedule.series
    lang = session_language(schedule, session, language)
    status = ICAL_STATUS[session.status]
    summary = invite_text.session_title(schedule, session, lang)
    moved = None if session.cancelled else moved_from(previous, session.start)
    return EventContent(
        uid=session_uid(series.id, session.id),
        kind="session",
        session_id=session.id,
        summary=invite_text.cancelled_title(summary, lang) if status == "CANCELLED" else summary,
        description=invite_text.session_description(schedule, session, lang, moved),
        start=session.start,
        end=session.end,
        status=status,
        location=session.join_url or schedule.format.platform,
        url=series.url,
        conference=session.join_url,
        transparent=False,
        moved_from=moved,
        language=lang.tag,
    )


def deadline_content(
    schedule: Schedule,
    session: Session,
    previous: EventContent | None = None,
    language: str | None = None,
) -> EventContent:
    """The organizers' reminder of a session's interpretation deadline, in the series language
    unless `language` says otherwise."""
    series = schedule.series
    lang = series_language(schedule, language)
    deadline = interpretation_deadline(session, schedule.interpretation)
    status: IcalStatus = "CANCELLED" if session.cancelled else "CONFIRMED"
    summary = invite_text.deadline_title(schedule, session, lang)
    moved = None if session.cancelled else moved_from(previous, deadline)
    return EventContent(
        uid=deadline_uid(series.id, session.id),
        kind="deadline",
        session_id=session.id,
        summary=invite_text.cancelled_title(summary, lang) if session.cancelled else summary,
        description=invite_text.deadline_description(schedule, session, deadline, lang, moved),
        start=deadline,
        end=deadline,
        status=status,
        location=schedule.interpretation.contact,
        url=series.url,
        conference=None,
        transparent=True,
        moved_from=moved,
        language=lang.tag,
    )


def withdrawn(previous: EventContent) -> EventContent:
    """The last issued content of an event whose session left the schedule, as a cancellation:
    the same first line as a cancelled session's, and none of the instructions."""
    if previous.cancelled:
        return previous
    lang = language_or(previous.language, "en")
    describe = (
        invite_text.removed_session_description
        if previous.kind == "session"
        else invite_text.removed_deadline_description
    )
    return previous._replace(
        status="CANCELLED",
        summary=invite_text.cancelled_title(previous.summary, lang),
        description=describe(previous.start, previous.url, lang),
        moved_from=None,
        language=lang.tag,
    )
