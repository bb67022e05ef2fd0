"""Rank candidate UTC start times by who can attend: the countries (or weighted people) of the
regions that have the whole session inside their local window, on a day that is neither a
public holiday nor a weekend there. When no single slot covers a region, find the best pair.

A country counts when every one of its zones does. The ranking works on bit masks: for each UTC
day, one integer per zone with a bit per candidate slot, built from the zone's offset that day
(offsets.py) and the country's free days; a country's mask is the AND of its zones' masks."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from wmhr.errors import PlanningInputError
from wmhr.planning.calendars import Calendar, PublicCalendar
from wmhr.planning.countries import Country
from wmhr.planning.offsets import DAY, ZoneDays, zone_days
from wmhr.planning.places import Place, places
from wmhr.planning.window import Window
from wmhr.time.zones import load_iana_zone


@dataclass(frozen=True)
class Group:
    """One REGION argument: a region's name and countries, or one country."""

    label: str
    countries: tuple[Country, ...]


@dataclass(frozen=True)
class PlanRequest:
    groups: tuple[Group, ...]
    first: date  # UTC dates, both included
    last: date
    duration: int  # minutes
    window: Window
    step: int  # minutes, divides a day
    weights: Mapping[str, float] | None = None  # None: every country counts 1
    top: int = 5

    @property
    def countries(self) -> tuple[Country, ...]:
        seen: dict[str, Country] = {}
        for group in self.groups:
            for country in group.countries:
                seen.setdefault(country.code, country)
        return tuple(seen.values())

    def weight(self, country: Country) -> float:
        return 1.0 if self.weights is None else self.weights.get(country.code, 0.0)


@dataclass(frozen=True)
class Absent:
    """A country a slot leaves out, and why, per distinct local time."""

    country: Country
    places: tuple[Place, ...]  # only the places that fail

    def reasons(self) -> list[str]:
        return [reason for place in self.places for reason in place_reasons(place)]


@dataclass(frozen=True)
class Candidate:
    start: datetime
    score: float
    covered: tuple[Country, ...]
    absent: tuple[Absent, ...]


@dataclass(frozen=True)
class PairSlot:
    start: datetime
    covers: tuple[Country, ...]  # of the group
    odd_hours: tuple[Absent, ...]  # the group's countries this slot leaves out


@dataclass(frozen=True)
class Pair:
    group: Group
    total: float  # the group's weight
    best_single: float
    score: float  # covered by the pair's union
    slots: tuple[PairSlot, PairSlot] | None  # None: no two slots that do not overlap
    left_out: tuple[Country, ...]


@dataclass(frozen=True)
class Plan:
    request: PlanRequest
    now: datetime
    evaluated: int  # candidate slots from `now` on
    in_range: int  # candidate slots from --from to --to, past or not
    candidates: tuple[Candidate, ...]
    ties: int  # slots sharing the best score
    pairs: tuple[Pair, ...]  # groups no single slot covers
    no_holiday_data: tuple[str, ...] = field(default=())  # "Guinea-Bissau (2022)"
    unweighted: tuple[str, ...] = field(default=())  # countries --weights gives no weight


def place_reasons(place: Place) -> list[str]:
    reasons = []
    if not place.inside:
        reasons.append(f"{place.local_start:%a %H:%M}-{place.local_end:%H:%M} local ({place.band})")
    if place.holidays:
        reasons.append(f"public holiday: {' and '.join(place.holidays)}")
    if place.weekend:
        reasons.append(f"weekend ({place.local_start:%A})")
    return reasons


# -- the masks ----------------------------------------------------------------------------------


@dataclass
class _Grid:
    base: datetime  # UTC midnight of the first day
    days: int
    step: int
    first_allowed: int  # index of the first candidate at or after `now`

    @property
    def per_day(self) -> int:
        return DAY // self.step

    @property
    def size(self) -> int:
        return self.days * self.per_day

    def instant(self, index: int) -> datetime:
        return self.base + timedelta(minutes=index * self.step)


def _free_days(
    country: Country, grid: _Grid, calendar: Calendar, missing: dict[str, set[int]]
) -> set[int]:
    """Day indices (from -1 to grid.days) that are neither a public holiday nor a weekend in the
    country; a year without holiday data counts as free and is recorded in `missing`."""
    weekend = calendar.weekend(country.code)
    first_day = grid.base.date()
    free = set()
    for index in range(-1, grid.days + 1):
        day = first_day + timedelta(days=index)
        table = calendar.holidays(country.code, day.year)
        if table is None:
            missing.setdefault(country.name, set()).add(day.year)
        elif day in table:
            continue
        if day.weekday() not in weekend:
            free.add(index)
    return free


def _offset_masks(offset: int, request: PlanRequest, grid: _Grid) -> dict[int, int]:
    """For a constant offset: local-date shift (-1, 0, +1) -> bits of the day's slots whose
    session fits the window and starts on that local date."""
    masks = {-1: 0, 0: 0, 1: 0}
    for slot in range(grid.per_day):
        local = slot * grid.step + offset
        if request.window.fits(local % DAY, request.duration):
            masks[local // DAY] |= 1 << slot
    return masks


def _zone_mask(
    zone: ZoneDays,
    day: int,
    free: set[int],
    request: PlanRequest,
    grid: _Grid,
    cache: dict[int, dict[int, int]],
) -> int:
    if day not in zone.changes and day + 1 not in zone.changes:
        offset = zone.offsets[day]
        if offset not in cache:
            cache[offset] = _offset_masks(offset, request, grid)
        masks = cache[offset]
        return sum(bits for shift, bits in masks.items() if day + shift in free)
    # The offset changes today or tomorrow: slot by slot, with the offset at the session's end
    # too, since a change during the session moves its local end.
    mask = 0
    for slot in range(grid.per_day):
        minute = slot * grid.step
        offset = zone.at(day, minute)
        end = minute + request.duration
        wall = request.duration + (zone.at(day + end // DAY, end % DAY) - offset)
        local = minute + offset
        if day + local // DAY in free and request.window.fits(local % DAY, wall):
            mask |= 1 << slot
    return mask


def _country_masks(
    country: Country,
    request: PlanRequest,
    grid: _Grid,
    calendar: Calendar,
    missing: dict[str, set[int]],
    zone_cache: dict[str, ZoneDays],
) -> list[int]:
    """One mask per UTC day: the slots where the country counts as covered."""
    zones: dict[object, ZoneDays] = {}
    for key in country.zones:
        if key not in zone_cache:
            zone_cache[key] = zone_days(load_iana_zone(key), grid.base, grid.days)
        zones.setdefault(zone_cache[key].key, zone_cache[key])  # same clock: check once
    free = _free_days(country, grid, calendar, missing)
    full = (1 << grid.per_day) - 1
    cache: dict[int, dict[int, int]] = {}
    result = []
    for day in range(grid.days):
        mask = full
        for zone in zones.values():
            mask &= _zone_mask(zone, day, free, request, grid, cache)
            if not mask:
                break
        result.append(mask)
    return result


# -- ranking ------------------------------------------------------------------------------------


def plan(request: PlanRequest, *, now: datetime, calendar: Calendar | None = None) -> Plan:
    calendar = calendar or PublicCalendar()
    base = datetime.combine(request.first, datetime.min.time(), UTC)
    days = (request.last - request.first).days + 1
    grid = _Grid(base, days, request.step, 0)
    elapsed = (now - base).total_seconds() / 60
    grid.first_allowed = min(grid.size, max(0, -int(-elapsed // request.step)))
    if grid.first_allowed >= grid.size:
        raise PlanningInputError(
            f"--from {request.first.isoformat()} --to {request.last.isoformat()} is already "
            f"over at {now:%Y-%m-%d %H:%MZ}; give dates from {now.date().isoformat()} on"
        )
    countries = request.countries
    missing: dict[str, set[int]] = {}
    zone_cache: dict[str, ZoneDays] = {}
    masks = [_country_masks(c, request, grid, calendar, missing, zone_cache) for c in countries]
    weights = [request.weight(c) for c in countries]
    who = _who(masks, grid)
    scores = _scores(who, weights)
    allowed = range(grid.first_allowed, grid.size)
    best = heapq.nsmallest(request.top, allowed, key=lambda i: (-scores[i], i))
    top_score = scores[best[0]] if best else 0.0
    candidates = tuple(
        _candidate(grid.instant(i), scores[i], countries, request, calendar) for i in best
    )
    pairs = tuple(
        pair
        for group in request.groups
        if (pair := _pair(group, countries, weights, who, grid, request, calendar)) is not None
    )
    return Plan(
        request=request,
        now=now,
        evaluated=len(allowed),
        in_range=grid.size,
        candidates=candidates,
        ties=sum(1 for i in allowed if scores[i] == top_score) if best else 0,
        pairs=pairs,
        no_holiday_data=tuple(
            f"{name} ({', '.join(str(y) for y in sorted(years))})"
            for name, years in sorted(missing.items())
        ),
        unweighted=tuple(
            c.name
            for c in countries
            if request.weights is not None and c.code not in request.weights
        ),
    )


def _who(masks: list[list[int]], grid: _Grid) -> list[int]:
    """For each candidate, a bit per country (in request order) that it covers."""
    who = [0] * grid.size
    per_day = grid.per_day
    for bit, days in enumerate(masks):
        flag = 1 << bit
        for day, mask in enumerate(days):
            offset = day * per_day
            while mask:
                low = mask & -mask
                who[offset + low.bit_length() - 1] |= flag
                mask ^= low
    return who


def _scores(who: list[int], weights: list[float]) -> list[float]:
    cache: dict[int, float] = {}
    return [cache[w] if w in cache else cache.setdefault(w, _weigh(w, weights)) for w in who]


def _weigh(bits: int, weights: Sequence[float]) -> float:
    total = 0.0
    while bits:
        low = bits & -bits
        total += weights[low.bit_length() - 1]
        bits ^= low
    return total


def _absent(
    countries: Sequence[Country], start: datetime, request: PlanRequest, calendar: Calendar
) -> tuple[list[Country], list[Absent]]:
    covered, absent = [], []
    for country in countries:
        found = places(country, start, request.duration, request.window, calendar)
        failing = tuple(place for place in found if not place.counted)
        if failing:
            absent.append(Absent(country, failing))
        else:
            covered.append(country)
    return covered, absent


def _candidate(
    start: datetime,
    score: float,
    countries: Sequence[Country],
    request: PlanRequest,
    calendar: Calendar,
) -> Candidate:
    covered, absent = _absent(countries, start, request, calendar)
    return Candidate(start, score, tuple(covered), tuple(absent))


# -- pairs --------------------------------------------------------------------------------------


def _pair(
    group: Group,
    countries: Sequence[Country],
    weights: list[float],
    who: list[int],
    grid: _Grid,
    request: PlanRequest,
    calendar: Calendar,
) -> Pair | None:
    index = {country.code: bit for bit, country in enumerate(countries)}
    members = 0
    for country in group.countries:
        if weights[index[country.code]] > 0:
            members |= 1 << index[country.code]
    total = _weigh(members, weights)
    by_set: dict[int, list[int]] = {}
    for i in range(grid.first_allowed, grid.size):
        by_set.setdefault(who[i] & members, []).append(i)
    weight_of = {bits: _weigh(bits, weights) for bits in by_set}
    best_single = max(weight_of.values(), default=0.0)
    if not members or best_single >= total:
        return None
    maximal: list[int] = []
    for bits in sorted(by_set, key=lambda b: (-weight_of[b], by_set[b][0])):
        if not any(bits & kept == bits for kept in maximal):
            maximal.append(bits)
    union = {
        (first, second): _weigh(first | second, weights)
        for n, first in enumerate(maximal)
        for second in maximal[n:]
    }
    gap = -(-request.duration // grid.step)  # slots apart, so that the two do not overlap
    best: tuple[float, int, int, int] | None = None
    for (first, second), score in sorted(union.items(), key=lambda item: -item[1]):
        if best is not None and -score > best[0]:
            break
        times = _soonest(by_set[first], by_set[second], gap)
        if times is not None:
            key = (-score, max(times), max(times) - min(times), min(times))
            best = key if best is None or key < best else best
    if best is None:
        return Pair(group, total, best_single, best_single, None, group.countries)
    score, later, _spread, earlier = best
    slots = tuple(_pair_slot(grid.instant(i), group, request, calendar) for i in (earlier, later))
    covered = {c.code for slot in slots for c in slot.covers}
    left_out = tuple(c for c in group.countries if c.code not in covered)
    return Pair(group, total, best_single, -score, (slots[0], slots[1]), left_out)


def _soonest(first: list[int], second: list[int], gap: int) -> tuple[int, int] | None:
    """Two slots, one from each sorted list, at least `gap` apart, that end soonest (the later
    of the two as early as possible), then closest together."""
    best: tuple[int, int, int, int] | None = None
    for a in first:
        if best is not None and a > best[0]:
            break
        before = bisect_right(second, a - gap) - 1
        after = bisect_left(second, a + gap)
        options = [(a, a - second[before], second[before], a)] if before >= 0 else []
        if after < len(second):
            options.append((second[after], second[after] - a, a, second[after]))
        for option in options:
            best = option if best is None or option < best else best
    return None if best is None else (best[2], best[3])


def _pair_slot(start: datetime, group: Group, request: PlanRequest, calendar: Calendar) -> PairSlot:
    covered, absent = _absent(group.countries, start, request, calendar)
    return PairSlot(start, tuple(covered), tuple(absent))
