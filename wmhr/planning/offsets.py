"""Each zone's UTC offset on every day of a range, from zoneinfo (the pinned tzdata), so that
ranking thousands of candidate slots needs a few zoneinfo calls per zone and day, not one per
candidate and zone. Offsets are the rules in force on each date, summer time included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

DAY = 1440


def offset_minutes(zone: ZoneInfo, instant: datetime) -> int:
    offset = instant.astimezone(zone).utcoffset() or timedelta(0)
    return int(offset.total_seconds()) // 60


@dataclass(frozen=True)
class ZoneDays:
    """Offsets of one zone at each UTC midnight from `base` (days + 1 of them), and for each day
    whose offset changes, the minute after midnight UTC from which the new offset applies."""

    offsets: tuple[int, ...]
    changes: dict[int, int]

    def at(self, day: int, minute: int) -> int:
        """The offset at `minute` of UTC day `day` (0 <= minute < 1440, day <= days)."""
        change = self.changes.get(day)
        if change is not None and minute >= change:
            return self.offsets[day + 1]
        return self.offsets[day]

    @property
    def key(self) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
        """Zones with equal keys keep the same clock over the range."""
        return self.offsets, tuple(sorted(self.changes.items()))


def zone_days(zone: ZoneInfo, base: datetime, days: int) -> ZoneDays:
    """`base` is a UTC midnight. A zone changes its offset at most once a day (tzdata has no
    day with two changes), so a change is found by bisecting the day it falls in."""
    offsets = tuple(offset_minutes(zone, base + timedelta(days=d)) for d in range(days + 1))
    changes = {}
    for day in range(days):
        if offsets[day] != offsets[day + 1]:
            changes[day] = _change_minute(zone, base + timedelta(days=day), offsets[day])
    return ZoneDays(offsets, changes)


def _change_minute(zone: ZoneInfo, midnight: datetime, before: int) -> int:
    low, high = 0, DAY  # offset(low) == before, offset(high) != before
    while high - low > 1:
        middle = (low + high) // 2
        if offset_minutes(zone, midnight + timedelta(minutes=middle)) == before:
            low = middle
        else:
            high = middle
    return high
