"""Instants -> wall times in zones, with the abbreviation, UTC offset and day shift people need."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from wmhr.time.zones import Zone


class ZoneTime(NamedTuple):
    """A NamedTuple rather than a frozen dataclass: it is built hundreds of thousands of times
    when a schedule is converted into every zone, and a tuple is several times cheaper to make."""

    zone: str
    local: datetime
    abbreviation: str
    utc_offset: timedelta
    day_shift: int  # local calendar date minus the UTC date: -1, 0 or +1

    def as_json(self) -> dict[str, object]:
        return {
            "zone": self.zone,
            "local": self.local.isoformat(),
            "abbreviation": self.abbreviation,
            "utc_offset": format_offset(self.utc_offset),
            "day_shift": self.day_shift,
        }


def in_zone(instant: datetime, zone: Zone) -> ZoneTime:
    local = instant.astimezone(zone.tz)
    offset = local.utcoffset() or timedelta(0)
    shift = local.toordinal() - (local - offset).toordinal()
    name = local.tzname() or ""
    abbreviation = name if name.isalpha() else f"UTC{format_offset(offset)}"
    return ZoneTime(zone.key, local, abbreviation, offset, shift)


def format_offset(offset: timedelta) -> str:
    """`+05:45`, `-03:00`, `+00:00`: the form ISO 8601 uses."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def clock_text(moment: datetime) -> str:
    """`02:30`, or `02:30:15` when the time has seconds: a message never drops what was typed."""
    if moment.microsecond:
        return f"{moment:%H:%M:%S.%f}"
    return f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"


def utc_text(instant: datetime) -> str:
    """`2022-10-30T00:30Z`, with seconds when it has them."""
    instant = instant.astimezone(UTC)
    return f"{instant:%Y-%m-%d}T{clock_text(instant)}Z"


def day_marker(day_shift: int) -> str:
    return "" if day_shift == 0 else f"{day_shift:+d}"


def short_time(zone_time: ZoneTime) -> str:
    """`19:00 WIB` / `08:30 +1 AEST` / `17:45 UTC+05:45`, the form a table cell shows."""
    marker = day_marker(zone_time.day_shift)
    parts = [f"{zone_time.local:%H:%M}", marker, zone_time.abbreviation]
    return " ".join(p for p in parts if p)
