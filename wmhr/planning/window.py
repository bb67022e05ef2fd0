"""The local hours people can attend (`--window 17:00-21:00`), the bands of the day, steps and
date ranges, as people type them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from wmhr.errors import PlanningInputError

DAY = 1440  # minutes
EVENING = 18 * 60  # inside the window, a start from 18:00 is "evening"; before it, "day"
MAX_RANGE_DAYS = 731  # two years, a leap day included
Band = Literal["night", "early", "day", "evening"]
BANDS: tuple[Band, ...] = ("night", "early", "day", "evening")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
STEP = re.compile(r"^(\d{1,4})\s*(m|min|h)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Window:
    """Local hours from `start` (minute of the day) for `length` minutes; may run past midnight."""

    start: int
    length: int

    @property
    def label(self) -> str:
        end = self.start + self.length
        return f"{_clock(self.start)}-{'24:00' if end == DAY else _clock(end % DAY)}"

    def fits(self, local_minute: int, duration: int) -> bool:
        """A session starting at this minute of the local day ends inside the window. `duration`
        is on the wall clock: a clock going back during the session makes it negative, and then
        the session ends before it began, inside the window whenever it starts inside."""
        return (local_minute - self.start) % DAY + max(duration, 0) <= self.length

    def band(self, local_minute: int, duration: int) -> Band:
        if self.fits(local_minute, duration):
            after_midnight = local_minute < self.start
            return "evening" if local_minute >= EVENING or after_midnight else "day"
        # Outside it: "night" from the window's end to halfway to its next opening (a session
        # that starts inside but runs past the end too), "early" from there to the opening.
        if (local_minute - self.start) % DAY < self.length:
            return "night"
        gap = DAY - self.length
        since_close = (local_minute - (self.start + self.length)) % DAY
        return "night" if since_close < gap / 2 else "early"

    def minutes_outside(self, local_minute: int, duration: int) -> int:
        """How far the session would have to move to fit the window, earlier or later: 0 when
        it fits; used to rank the worst-off places."""
        if self.fits(local_minute, duration):
            return 0
        latest_start = self.start + self.length - duration
        return min((local_minute - latest_start) % DAY, (self.start - local_minute) % DAY)


def _minute_of_day(match: re.Match[str], text: str, option: str) -> int:
    hours, minutes = int(match[1]), int(match[2])
    if minutes >= 60 or hours * 60 + minutes > DAY:
        raise PlanningInputError(f'{option} "{text}": {match[0]} is not a time of day')
    return hours * 60 + minutes


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_window(text: str, *, option: str = "--window") -> Window:
    parts = text.replace("\u2013", "-").split("-")
    clocks = [CLOCK.match(part.strip()) for part in parts]
    if len(parts) != 2 or not all(clocks):
        raise PlanningInputError(f'{option} "{text}": write it as HH:MM-HH:MM, e.g. 17:00-21:00')
    start, end = (_minute_of_day(m, text, option) for m in clocks if m)
    if start == DAY:
        raise PlanningInputError(f'{option} "{text}": the window cannot start at 24:00')
    length = (end - start) % DAY or (DAY if end == DAY and start == 0 else 0)
    if length == 0:
        raise PlanningInputError(
            f'{option} "{text}" is empty: give a start and a later end, e.g. 17:00-21:00'
        )
    return Window(start, length)


def check_duration(
    window: Window, duration: int, *, option: str = "--window", length: str = "--duration"
) -> None:
    """Refuse a session longer than a day or than the window; `length` names where the
    duration came from (the option, or the schedule's key)."""
    if not 1 <= duration <= DAY:
        raise PlanningInputError(f"{length} {duration}: give minutes from 1 to {DAY}")
    if duration > window.length:
        raise PlanningInputError(
            f"{option} {window.label} is {window.length} minutes, shorter than the "
            f"{duration}-minute session; widen the window or shorten {length}"
        )


def parse_step(text: str) -> int:
    """`15m`, `30`, `1h` -> minutes; a step must divide the day evenly."""
    match = STEP.match(text.strip())
    minutes = 0
    if match:
        minutes = int(match[1]) * (60 if (match[2] or "m").lower() == "h" else 1)
    if not minutes or DAY % minutes:
        raise PlanningInputError(
            f'--step "{text}": give minutes that divide a day evenly, e.g. 5m, 15m, 30m, 1h'
        )
    return minutes


def parse_date(text: str, *, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlanningInputError(
            f'{option} "{text}" is not a date; write it as YYYY-MM-DD, e.g. 2026-05-04'
        ) from None


def check_range(first: date, last: date) -> None:
    if first > last:
        raise PlanningInputError(
            f"--from {first.isoformat()} is after --to {last.isoformat()}; swap them"
        )
    if (last - first) + timedelta(days=1) > timedelta(days=MAX_RANGE_DAYS):
        raise PlanningInputError(
            f"--from {first.isoformat()} --to {last.isoformat()} spans more than 2 years; "
            "plan one or two years at a time"
        )
