"""Where one session falls in a country: its local times (one per distinct offset among the
country's zones), the band of the day, and whether that local date is a holiday or weekend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from wmhr.planning.calendars import Calendar, holidays_on
from wmhr.planning.countries import Country
from wmhr.planning.window import Band, Window
from wmhr.time.zones import load_iana_zone


@dataclass(frozen=True)
class Place:
    country: Country
    zones: tuple[str, ...]  # the country's zones that share this local time
    local_start: datetime
    local_end: datetime
    day_shift: int  # local date minus UTC date: -1, 0, +1
    band: Band
    inside: bool  # the whole session inside the window
    minutes_outside: int
    holidays: tuple[str, ...] | None  # None: no holiday data for this country and year
    weekend: bool

    @property
    def local_date(self) -> date:
        return self.local_start.date()

    @property
    def free(self) -> bool:
        """Neither a public holiday nor a weekend there (unknown holidays count as free)."""
        return not self.holidays and not self.weekend

    @property
    def counted(self) -> bool:
        """Counted as covered: inside the window on a day that is neither holiday nor weekend."""
        return self.inside and self.free


def places(
    country: Country, start: datetime, duration: int, window: Window, calendar: Calendar
) -> list[Place]:
    """The session's local times in `country`, one per distinct offset, in zone.tab's order."""
    grouped: dict[timedelta, list[str]] = {}
    for key in country.zones:
        offset = start.astimezone(load_iana_zone(key)).utcoffset() or timedelta(0)
        grouped.setdefault(offset, []).append(key)
    weekend = calendar.weekend(country.code)
    result = []
    for zones in grouped.values():
        zone = load_iana_zone(zones[0])
        local = start.astimezone(zone)
        end = (start + timedelta(minutes=duration)).astimezone(zone)
        minute = local.hour * 60 + local.minute
        # Wall-clock length: a change of offset during the session moves its local end.
        wall = (end.replace(tzinfo=None) - local.replace(tzinfo=None)) // timedelta(minutes=1)
        result.append(
            Place(
                country=country,
                zones=tuple(zones),
                local_start=local,
                local_end=end,
                day_shift=(local.date() - start.date()).days,
                band=window.band(minute, wall),
                inside=window.fits(minute, wall),
                minutes_outside=window.minutes_outside(minute, wall),
                holidays=holidays_on(calendar, country.code, local.date()),
                weekend=local.weekday() in weekend,
            )
        )
    return result


def local_dates(country: Country, start: datetime) -> dict[date, datetime]:
    """The local dates a session starts on across the country's zones -> the first local start
    seen on each (no weekend lookup: cheaper when only holidays matter)."""
    found: dict[date, datetime] = {}
    for key in country.zones:
        local = start.astimezone(load_iana_zone(key))
        found.setdefault(local.date(), local)
    return found
