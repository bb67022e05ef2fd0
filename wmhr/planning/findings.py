"""`wmhr check`'s findings about calendars: a public holiday or weekend in the anchor country,
public holidays across the session's regions, and an anchor outside those regions.

They live here, not in wmhr.schedule.check, because planning builds on the schedule (never the
other way round); the check command adds them to the schedule's own findings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from wmhr.planning.calendars import Calendar, PublicCalendar, holidays_on, holidays_version
from wmhr.planning.calendars import weekend_label as label_of_weekend
from wmhr.planning.countries import Country, anchor_country, in_regions
from wmhr.planning.places import local_dates
from wmhr.schedule.check import Finding
from wmhr.schedule.model import Schedule, Session
from wmhr.time.zones import place_name


def long_date(moment: datetime) -> str:
    """`Mon 16 May 2022`."""
    return f"{moment:%a} {moment.day} {moment:%B %Y}"


def calendar_findings(schedule: Schedule, calendar: Calendar | None = None) -> list[Finding]:
    calendar = calendar or PublicCalendar()
    findings: list[Finding] = []
    for session in schedule:
        if not session.cancelled:
            findings.extend(session_findings(session, calendar))
    return findings


def session_findings(session: Session, calendar: Calendar) -> Iterable[Finding]:
    anchor = anchor_country(session)
    if anchor is None:
        yield Finding(
            "warning",
            "anchor-country-unknown",
            session.id,
            f'cannot tell which country "{session.anchor_city}" ({place_name(session.zone.key)}) '
            "is in, so its holidays and weekend were not checked; "
            'write the city as "City, Country"',
        )
    else:
        yield from _anchor_findings(session, anchor, calendar)
    if session.regions:
        yield from _regional_holidays(session, calendar)


def _anchor_findings(session: Session, anchor: Country, calendar: Calendar) -> Iterable[Finding]:
    local = session.local_start
    where = f"in {anchor.name} (the anchor country)"
    names = holidays_on(calendar, anchor.code, local.date())
    if names is None:
        yield Finding(
            "warning",
            "holidays-unknown",
            session.id,
            f"no public holiday data for {anchor.name} in {local.year}; check "
            f"{long_date(local)} there by hand",
            details=(
                f"holidays {holidays_version()} has no {local.year} calendar for {anchor.name}",
            ),
        )
    elif names:
        yield Finding(
            "warning",
            "public-holiday",
            session.id,
            f"{long_date(local)} is {' and '.join(names)}, a public holiday {where}",
        )
    weekend = calendar.weekend(anchor.code)
    if local.weekday() in weekend:
        yield Finding(
            "warning",
            "weekend",
            session.id,
            f"{long_date(local)} is on the weekend {where}, whose weekend is "
            f"{label_of_weekend(weekend)}",
        )
    if session.regions and anchor.region not in session.regions:
        region = anchor.region or "no Wikimedia region"
        yield Finding(
            "warning",
            "anchor-outside-region",
            session.id,
            f"the anchor city {session.anchor_city} is in {region}, not in the session's "
            f"regions ({'; '.join(session.regions)}); anchor it in a city of its regions",
        )


def _regional_holidays(session: Session, calendar: Calendar) -> Iterable[Finding]:
    found: dict[str, list[str]] = {}  # country name -> "Vesak Day (Mon 16 May)", ...
    unknown: list[str] = []
    members = in_regions(session.regions)
    for country in members:
        for day, local in local_dates(country, session.start).items():
            names = holidays_on(calendar, country.code, day)
            if names is None:
                unknown.append(country.name)
            elif names:
                entry = f"{' and '.join(names)} ({local:%a} {local.day} {local:%b})"
                found.setdefault(country.name, []).append(entry)
    unknown = list(dict.fromkeys(unknown))
    year = session.start.year
    listed = [f"{name}: {', '.join(entries)}" for name, entries in found.items()]
    missing = (
        [f"no holiday data (holidays {holidays_version()}) for {', '.join(unknown)} in {year}"]
        if unknown
        else []
    )
    # Finding no holiday is no warning; only the holidays found, and the countries not checked.
    if found:
        summary = (
            f"a public holiday on the local date in {len(found)} of the {len(members)} countries "
            f"of its regions: {'; '.join(listed)}"
        )
        message = "; ".join([summary, *missing])
    elif missing:
        message = f"{missing[0]}; check the local date there by hand"
    else:
        return
    yield Finding("warning", "regional-holidays", session.id, message, details=(*listed, *missing))
