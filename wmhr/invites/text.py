"""The plain-text DESCRIPTION of each invite, built only from facts in the schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from wmhr.schedule.model import Schedule, Session
from wmhr.time.convert import format_offset
from wmhr.time.zones import place_name

# The first line of every cancelled invite, whether the session was cancelled in the schedule
# or deleted from it: clients that show one line of the description show this one.
CANCELLED_NOTE = "CANCELLED: this session will not take place."
REMOVED_NOTE = "It was removed from the schedule."
# Display names for the language tags the series uses or is likely to; others show the tag.
LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "hi": "Hindi",
    "id": "Indonesian",
    "ja": "Japanese",
    "pt": "Portuguese",
    "ru": "Russian",
    "sw": "Swahili",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


def language_name(tag: str) -> str:
    name = LANGUAGES.get(tag.split("-")[0].lower())
    return f"{name} ({tag})" if name else tag


def utc_text(moment: datetime) -> str:
    """`Tue 3 May 2022 23:00 UTC`."""
    moment = moment.astimezone(UTC)
    return f"{moment:%a} {moment.day} {moment:%b %Y %H:%M} UTC"


def local_text(moment: datetime, zone: ZoneInfo, place: str) -> str:
    """`Tue 3 May 2022 19:00 in Santiago, Chile (America/Santiago, UTC-04:00)`."""
    local = moment.astimezone(zone)
    offset = format_offset(local.utcoffset() or timedelta(0))
    where = f"{place_name(zone.key)}, " if not place_name(zone.key).startswith("UTC") else ""
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} in {place} ({where}UTC{offset})"


def _span(start: datetime, end: datetime) -> str:
    """`Tue 3 May 2022 19:00 to 20:00`, with the end's date when it falls on another day."""
    first = f"{start:%a} {start.day} {start:%b %Y %H:%M}"
    if end.date() == start.date():
        return f"{first} to {end:%H:%M}"
    return f"{first} to {end:%a} {end.day} {end:%b %Y %H:%M}"


def _when(session: Session) -> list[str]:
    local_start = session.start.astimezone(session.zone)
    offset = format_offset(local_start.utcoffset() or timedelta(0))
    return [
        f"When (UTC): {_span(session.start, session.end)} ({session.duration_minutes} minutes)",
        f"When in {session.anchor_city}: "
        f"{_span(local_start, session.end.astimezone(session.zone))} "
        f"({place_name(session.zone.key)}, UTC{offset})",
        "Your calendar shows it in your own time zone.",
    ]


def _status_note(session: Session, moved_from: datetime | None) -> list[str]:
    """What changed, first: where the title sits in clients that show one line of it."""
    lines = [f"Moved: was {utc_text(moved_from)}"] if moved_from is not None else []
    if session.status == "tentative":
        lines.append("TENTATIVE: the time may still change; check the series page.")
    return [*lines, ""] if lines else []


def _bullets(items: tuple[str, ...] | list[str]) -> list[str]:
    return [f"- {item}" for item in items]


def session_description(
    schedule: Schedule, session: Session, moved_from: datetime | None = None
) -> str:
    """What a participant needs; the title is the SUMMARY, so it is not repeated here."""
    from wmhr.schedule.deadlines import interpretation_deadline

    if session.cancelled:
        return cancelled_session_description(schedule, session)
    series, fmt, policy, survey = (
        schedule.series,
        schedule.format,
        schedule.interpretation,
        schedule.survey,
    )
    deadline = interpretation_deadline(session, policy)
    join = [f"Join on {fmt.platform}: {session.join_url}"] if session.join_url else []
    anonymous = "an anonymous" if survey.anonymous else "a"
    lines = [
        *_status_note(session, moved_from),
        *_when(session),
        f"Language: {language_name(session.language)}",
        f"Organized by: {series.organizer}",
        "",
        f"Agenda ({session.duration_minutes} minutes on {fmt.platform}):",
        *_bullets([f"{item.minutes} min: {item.item}" for item in fmt.agenda]),
        "",
        "Register and join:",
        fmt.registration,
        f"Series page: {series.url}",
        *join,
        "",
        "Interpretation:",
        f"The organizers will work to provide interpretation for languages with "
        f"{policy.min_requesters} or more interested community members. To request it, email "
        f"{policy.contact} by {utc_text(deadline)}, which is "
        f"{local_text(deadline, session.zone, session.anchor_city)}.",
        "",
        "Your safety: the organizers welcome you to",
        *_bullets(series.safety),
        "",
        f"Governed by: {'; '.join(series.policies)}",
        "",
        f"Questions ahead: {series.questions_ahead}",
        "",
        f"Cannot attend? {anonymous.capitalize()} survey ({survey.provider}) is open; it closes "
        f"{survey.closing_words}, which is {utc_text(survey.closes)}. "
        "Find it on the series page.",
    ]
    return "\n".join(lines)


def cancelled_session_description(schedule: Schedule, session: Session) -> str:
    """Cancelled: say so first, say when it was planned, and drop every instruction (register,
    interpretation, safety) that no longer applies."""
    local = local_text(session.start, session.zone, session.anchor_city)
    planned = f"It was planned for {utc_text(session.start)}, which is {local}."
    return _cancelled([planned], schedule.series.url)


def removed_session_description(start: datetime, url: str) -> str:
    """An issued session deleted from the schedule: the same first line as a cancelled one."""
    return _cancelled([REMOVED_NOTE, f"It was planned for {utc_text(start)}."], url)


def _deadline_gone(deadline: datetime) -> str:
    return f"Interpretation requests (due by {utc_text(deadline)}) are no longer taken."


def removed_deadline_description(deadline: datetime, url: str) -> str:
    return _cancelled([REMOVED_NOTE, _deadline_gone(deadline)], url)


def _cancelled(lines: list[str], url: str) -> str:
    return "\n".join([CANCELLED_NOTE, *lines, f"Series page: {url}"])


def deadline_description(
    schedule: Schedule, session: Session, deadline: datetime, moved_from: datetime | None = None
) -> str:
    policy = schedule.interpretation
    if session.cancelled:
        return _cancelled([_deadline_gone(deadline)], schedule.series.url)
    lines = [
        *_status_note(session, moved_from),
        f"Last moment to request interpretation for {schedule.series.title}: {session.region} "
        f"(starts {utc_text(session.start)}).",
        f"Deadline: {utc_text(deadline)}, which is "
        f"{local_text(deadline, session.zone, session.anchor_city)} "
        f"({policy.lead_days} days before the start).",
        f"Requests go to {policy.contact}; the organizers will work to provide it for a "
        f"language with {policy.min_requesters} or more requesters.",
        f"Series page: {schedule.series.url}",
    ]
    return "\n".join(lines)
