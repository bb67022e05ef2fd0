"""Date-times people type -> one instant, refusing anything that could be read two ways."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from wmhr.errors import TimeInputError, UnknownZoneError, ZoneError
from wmhr.time import limits
from wmhr.time.convert import clock_text, format_offset, in_zone, utc_text
from wmhr.time.zones import OFFSET, Zone, resolve_one

Pick = Literal["raise", "earlier", "later"]
ACCEPTED_FORMS = (
    "accepted forms: 2022-05-16T12:00Z, 2022-05-16T19:00+07:00, 2022-05-16 12:00 UTC, "
    "2022-05-16 19:00 Asia/Jakarta, 16 May 2022 19:00 Jakarta"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMERIC_DATE = re.compile(r"\b(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})\b")
ISO_SHAPE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"(?:([+-])(\d{2})(?::?(\d{2}))?)?$"
)
LONG_YEAR = re.compile(r"(?<![\d.])[+-]?\d{5,}-\d{1,2}-\d{1,2}")
FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# A time of day: 22:00, 7:30:15, 7pm, 7 p.m., 10:00am. Two of them make a date-time ambiguous.
TIME_OF_DAY = re.compile(
    r"(?<![\d:])(?:\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[ap]\.?m\b\.?)?|\d{1,2}\s?[ap]\.?m\b\.?)",
    re.IGNORECASE,
)
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)")
# A lone day number (16, 16th) that is not part of a date, a time or a word like 19h00.
DAY_NUMBER = re.compile(r"(?<![\w:.\-/])\d{1,2}(?:st|nd|rd|th)?(?![\w:.\-/])", re.IGNORECASE)


@dataclass(frozen=True)
class LocalTimeProblem:
    """Why a wall time maps to zero or two instants, and the candidates either way."""

    kind: Literal["gap", "fold"]
    earlier: datetime
    later: datetime


class NonexistentOrRepeatedTime(TimeInputError):
    def __init__(self, what: str, fix: str, problem: LocalTimeProblem, zone: Zone) -> None:
        super().__init__(f"{what}: {fix}")
        self.what = what  # without the fix, for commands that offer their own (--earlier)
        self.problem = problem
        self.zone = zone

    def candidate(self, instant: datetime) -> str:
        """`2022-10-30T00:30Z (02:30 CEST)`: a candidate instant and its wall time there."""
        local = in_zone(instant, self.zone)
        return f"{utc_text(instant)} ({clock_text(local.local)} {local.abbreviation})"


def local_time_problem(wall: datetime, zone: ZoneInfo) -> LocalTimeProblem | None:
    """None when the naive `wall` time happens exactly once in `zone`."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    a, b = sorted((first.astimezone(UTC), second.astimezone(UTC)))
    round_trip = a.astimezone(zone).replace(tzinfo=None)
    kind: Literal["gap", "fold"] = "fold" if round_trip == wall else "gap"
    return LocalTimeProblem(kind, a, b)


def localize(wall: datetime, zone: Zone, *, pick: Pick = "raise") -> datetime:
    """The instant of naive `wall` time in `zone`, in UTC; gaps and folds raise unless picked."""
    if not isinstance(zone.tz, ZoneInfo):
        return wall.replace(tzinfo=zone.tz).astimezone(UTC)
    problem = local_time_problem(wall, zone.tz)
    if problem is None:
        return wall.replace(tzinfo=zone.tz).astimezone(UTC)
    if pick == "earlier":
        return problem.earlier
    if pick == "later":
        return problem.later
    readings = " or ".join(
        f"{wall:%Y-%m-%d}T{clock_text(wall)}{format_offset(wall - instant.replace(tzinfo=None))} "
        f"(= {utc_text(instant)})"
        for instant in (problem.earlier, problem.later)
    )
    raise NonexistentOrRepeatedTime(
        describe_problem(wall, zone, problem),
        f"write it with the UTC offset you mean, {readings}",
        problem,
        zone,
    )


def describe_problem(wall: datetime, zone: Zone, problem: LocalTimeProblem) -> str:
    """`2022-03-13 02:30 in America/New_York does not exist (the clocks skip it)`."""
    shown = f"{wall:%Y-%m-%d} {clock_text(wall)} in {zone.key}"
    if problem.kind == "gap":
        return f"{shown} does not exist (the clocks skip it)"
    return f"{shown} happens twice (the clocks go back)"


def parse_instant(text: str, *, pick: Pick = "raise") -> datetime:
    """One UTC instant from what a person typed; a zone or offset is required."""
    return parse_instant_and_zone(text, pick=pick)[0]


def parse_instant_and_zone(text: str, *, pick: Pick = "raise") -> tuple[datetime, Zone]:
    """The UTC instant and the zone (or offset) the person wrote it in."""
    typed = " ".join(text.split())
    if not typed:
        raise TimeInputError(f"empty date-time; {ACCEPTED_FORMS}")
    if LONG_YEAR.search(typed):
        raise TimeInputError(f'"{typed}" has a year of more than four digits; {limits.SUPPORTED}')
    iso = _from_iso(typed)
    if iso is not None:
        offset = iso.utcoffset()
        if offset is None:
            raise TimeInputError(f'"{typed}" has no time zone or offset; {ACCEPTED_FORMS}')
        return supported_instant(iso, typed), resolve_one(format_offset(offset))
    head, zone = _split_zone(typed)
    wall = _parse_wall_time(head, typed)
    if not limits.year_supported(wall.year):  # before localizing, which would overflow
        raise _outside(typed)
    return supported_instant(localize(wall, zone, pick=pick), typed), zone


def supported_instant(moment: datetime, typed: str) -> datetime:
    """The aware `moment` in UTC, or an error when it is outside the supported dates."""
    instant = limits.in_utc(moment)
    if instant is None:
        raise _outside(typed)
    return instant


def _outside(typed: str) -> TimeInputError:
    return TimeInputError(f'"{typed}" is outside the supported dates: {limits.SUPPORTED}')


def _from_iso(text: str, typed: str | None = None) -> datetime | None:
    """The ISO 8601 reading of `text` (all of `typed`, or its date and time); None when it is
    not ISO 8601-shaped at all."""
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    match = ISO_SHAPE.match(candidate)
    if not match:
        return None
    shown = typed or text
    if not limits.year_supported(int(match.group(1))):  # year 0000 is none at all
        raise _outside(shown)
    problem = _impossible(match)
    if problem:
        raise TimeInputError(f'"{shown}" is not a real date-time ({problem}); {ACCEPTED_FORMS}')
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        raise TimeInputError(f'"{shown}" is not a real date-time; {ACCEPTED_FORMS}') from None


def _impossible(match: re.Match[str]) -> str | None:
    """Why the fields of an ISO 8601-shaped date-time name no moment, in our words."""
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{year:04d}-{month:02d} has days 1 to {days}"
    if hour > 23 or minute > 59 or second > 59:
        clock = ":".join(g for g in match.group(4, 5, 6) if g)
        return f"{clock} is not a time of day; they run 00:00 to 23:59:59"
    if match.group(7):
        hours, minutes = int(match.group(8)), int(match.group(9) or 0)
        if hours > 23 or minutes > 59:
            offset = f"{match.group(7)}{hours:02d}:{minutes:02d}"
            return f"{offset} is not a UTC offset; offsets run from -12:00 to +14:00"
    return None


def _split_zone(text: str) -> tuple[str, Zone]:
    """Split the trailing zone (up to three words, or an offset word) from the date and time."""
    words = text.split(" ")
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        candidate = " ".join(words[-size:])
        if any(ch.isdigit() for ch in candidate) and not (
            OFFSET.match(candidate) or "/" in candidate
        ):
            continue  # part of the date or time, not a zone
        try:
            return " ".join(words[:-size]), resolve_one(candidate)
        except UnknownZoneError:
            continue  # perhaps fewer words name the zone
        except ZoneError as exc:  # a zone, but not usable: an abbreviation, a whole country
            raise TimeInputError(f'in "{text}": {exc}') from None
    raise TimeInputError(
        f'"{text}" names no time zone; end it with a zone or offset ({ACCEPTED_FORMS})'
    )


def _parse_wall_time(head: str, typed: str) -> datetime:
    iso = _from_iso(head, typed)
    if iso is not None:
        if iso.tzinfo is not None:
            raise TimeInputError(f'"{typed}" gives both an offset and a zone; give one')
        return iso
    _refuse_ambiguous_dates(head, typed)
    words, weekdays = _take_weekdays(head)
    from dateutil import parser

    # Naive defaults on purpose: this is a wall time, and the zone is applied after. Parsing
    # with two different defaults shows whether the text itself gave a month, day and hour.
    first_default = datetime(1, 1, 1, 0)  # noqa: DTZ001
    second_default = datetime(1, 2, 2, 1)  # noqa: DTZ001
    try:
        parsed = parser.parse(" ".join(words), default=first_default, dayfirst=True)
        check = parser.parse(" ".join(words), default=second_default, dayfirst=True)
    except (ValueError, OverflowError):
        raise TimeInputError(
            f'cannot read "{typed}" as a date and time; {ACCEPTED_FORMS}'
        ) from None
    if (parsed.month, parsed.day, parsed.hour) != (check.month, check.day, check.hour):
        raise TimeInputError(f'"{typed}" needs a day, a month and a time of day; {ACCEPTED_FORMS}')
    if parsed.tzinfo is not None:
        raise TimeInputError(f'"{typed}" gives a zone twice; keep one ({ACCEPTED_FORMS})')
    if str(parsed.year).zfill(4) not in FOUR_DIGIT_YEAR.findall(head):
        raise TimeInputError(
            f'"{typed}" has no four-digit year; write the year in full ({ACCEPTED_FORMS})'
        )
    for weekday in weekdays:
        actual = WEEKDAYS[parsed.weekday()]
        if weekday != actual:
            raise TimeInputError(
                f'"{typed}": {parsed:%Y-%m-%d} is a {actual.title()}, not a {weekday.title()}; '
                "fix the date or the weekday"
            )
    return parsed


def _refuse_ambiguous_dates(head: str, typed: str) -> None:
    """Refuse text that names two times, two years or two days: the parser keeps the last."""
    checks = ((TIME_OF_DAY, "times of day"), (ISO_DATE, "dates"), (FOUR_DIGIT_YEAR, "years"))
    for pattern, what in checks:
        found = pattern.findall(head)
        if len(found) > 1:
            raise TimeInputError(
                f'"{typed}" gives {len(found)} {what} ({", ".join(found)}); keep the one you mean'
            )
    days = DAY_NUMBER.findall(TIME_OF_DAY.sub(" ", head)) + ISO_DATE.findall(head)
    if len(days) > 1 and FOUR_DIGIT_YEAR.search(head):  # else "16 May 22": a two-digit year
        raise TimeInputError(
            f'"{typed}" gives {len(days)} days ({", ".join(days)}); keep the one you mean '
            f"({ACCEPTED_FORMS})"
        )
    match = NUMERIC_DATE.search(head)
    if not match:
        return
    first, second, third = match.groups()
    if len(first) == 4:
        return
    if len(third) != 4:
        raise TimeInputError(
            f'"{typed}": the year in "{match.group(0)}" is not four digits; write YYYY-MM-DD'
        )
    if int(first) <= 12 and int(second) <= 12 and first != second:
        raise TimeInputError(
            f'"{typed}": "{match.group(0)}" could be day/month or month/day; '
            f"write it as YYYY-MM-DD ({ACCEPTED_FORMS})"
        )


def _take_weekdays(head: str) -> tuple[list[str], list[str]]:
    """Remove weekday words (`Tues`, `Thursday,`) and return them as full names."""
    words, weekdays = [], []
    for word in head.split(" "):
        full = weekday_name(word)
        if full is None:
            words.append(word)
        else:
            weekdays.append(full)
    return words, weekdays


def weekday_name(word: str) -> str | None:
    """`Tues` -> `tuesday`; None when `word` is not a weekday or its abbreviation."""
    bare = word.strip(",.").lower()
    return next((d for d in WEEKDAYS if len(bare) >= 3 and d.startswith(bare)), None)
