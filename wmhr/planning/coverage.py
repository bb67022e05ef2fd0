"""`wmhr coverage`: where one session falls in every country of its regions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from wmhr.errors import PlanningInputError
from wmhr.planning.calendars import Calendar, PublicCalendar
from wmhr.planning.countries import Country, countries, in_regions
from wmhr.planning.places import Place, places
from wmhr.planning.window import BANDS, Band, Window
from wmhr.schedule.model import Session

WORST = 5


@dataclass(frozen=True)
class Coverage:
    session: Session
    window: Window
    countries: tuple[Country, ...]
    places: tuple[Place, ...]  # earliest local time first
    no_holiday_data: tuple[str, ...]  # country names
    uninhabited: tuple[Country, ...] = ()  # of its regions, left out: nobody lives there

    @property
    def offsets(self) -> list[timedelta]:
        return sorted({place.local_start.utcoffset() or timedelta(0) for place in self.places})

    def countries_per_band(self) -> dict[Band, int]:
        """Countries with at least one local time in each band (a country whose zones fall in
        two bands counts in both)."""
        return {
            band: len({p.country.code for p in self.places if p.band == band}) for band in BANDS
        }

    def worst(self, n: int = WORST) -> list[Place]:
        """The places farthest outside the window, worst first, one per country."""
        outside = [place for place in self.places if place.minutes_outside]
        outside.sort(key=lambda p: (-p.minutes_outside, p.country.name))
        worst: dict[str, Place] = {}
        for place in outside:
            worst.setdefault(place.country.code, place)
        return list(worst.values())[:n]


def coverage(session: Session, window: Window, calendar: Calendar | None = None) -> Coverage:
    if not session.regions:
        raise PlanningInputError(
            f'session "{session.id}" names no regions; add regions = ["..."] to it in '
            "sessions.toml (the Wikimedia regions it serves)"
        )
    calendar = calendar or PublicCalendar()
    members = tuple(in_regions(session.regions))
    found = [
        place
        for country in members
        for place in places(country, session.start, session.duration_minutes, window, calendar)
    ]
    found.sort(key=lambda p: (p.local_start.utcoffset() or timedelta(0), p.country.name))
    missing = tuple(dict.fromkeys(p.country.name for p in found if p.holidays is None))
    wanted = set(session.regions)
    empty = tuple(c for c in countries().values() if c.region in wanted and not c.inhabited)
    return Coverage(session, window, members, tuple(found), missing, empty)
