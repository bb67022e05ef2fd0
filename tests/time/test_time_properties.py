"""Properties over every zone in tzdata: conversions are exact, gaps and folds are never hidden."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wmhr.errors import TimeInputError
from wmhr.schedule.check import offset_changes
from wmhr.time.convert import in_zone
from wmhr.time.parse import local_time_problem, localize
from wmhr.time.zones import Zone, load_iana_zone, zone_names

ALL_ZONES = zone_names()  # every name tzdata ships, links included
# Hypothesis bounds are naive by its API; the instants it draws carry UTC.
EARLIEST = datetime(1970, 1, 1)  # noqa: DTZ001
LATEST = datetime(2037, 12, 31)  # noqa: DTZ001
instants = st.datetimes(min_value=EARLIEST, max_value=LATEST, timezones=st.just(UTC))
wall_times = st.datetimes(min_value=EARLIEST, max_value=LATEST)  # naive on purpose
zone_names = st.sampled_from(ALL_ZONES)


def zone(key: str) -> Zone:
    return Zone(key, load_iana_zone(key))


def test_tzdata_has_hundreds_of_zones():
    assert len(ALL_ZONES) > 300
    assert "Asia/Kathmandu" in ALL_ZONES and "Europe/Kiev" in ALL_ZONES


@settings(max_examples=2000, deadline=None)
@given(instant=instants, key=zone_names)
def test_utc_to_local_to_utc_is_identity(instant, key):
    target = zone(key)
    local = in_zone(instant, target).local
    wall = local.replace(tzinfo=None)
    problem = local_time_problem(wall, target.tz)
    if problem is None:
        assert localize(wall, target) == instant
    else:
        # A wall time that happened can only be repeated, never skipped, and the instant we
        # started from is one of the two candidates.
        assert problem.kind == "fold"
        assert instant in (problem.earlier, problem.later)
        with pytest.raises(TimeInputError, match="happens twice"):
            localize(wall, target)
        picked = localize(wall, target, pick="earlier" if local.fold == 0 else "later")
        assert picked == instant


@settings(max_examples=2000, deadline=None)
@given(instant=instants, key=zone_names)
def test_day_shift_matches_the_calendar(instant, key):
    result = in_zone(instant, zone(key))
    assert result.day_shift == (result.local.date() - instant.date()).days
    assert result.day_shift in (-1, 0, 1)
    assert result.local.utcoffset() == result.utc_offset


def _transitions(key: str, year: int) -> list[datetime]:
    start = datetime(year, 1, 1, tzinfo=UTC)
    return offset_changes(load_iana_zone(key), start, start.replace(year=year + 1))


@pytest.mark.parametrize("year", [2022, 2026])
def test_every_transition_in_every_zone_is_reported(year):
    """Just after each change of offset, the wall times it skips or repeats are refused."""
    checked = 0
    for key in ALL_ZONES:
        tz = load_iana_zone(key)
        for change in _transitions(key, year):
            before = change - timedelta(minutes=1)
            jump = change.astimezone(tz).utcoffset() - before.astimezone(tz).utcoffset()
            if not jump:
                continue  # only the abbreviation changed
            # Forward: wall times from the old clock's reading at the change are skipped.
            # Back: wall times from the new clock's reading at the change are repeated.
            if jump > timedelta(0):
                first = (before.astimezone(tz) + timedelta(minutes=1)).replace(tzinfo=None)
            else:
                first = change.astimezone(tz).replace(tzinfo=None)
            wall = first + abs(jump) / 2
            problem = local_time_problem(wall, tz)
            assert problem is not None, (key, change, wall)
            assert problem.kind == ("gap" if jump > timedelta(0) else "fold"), (key, change)
            assert problem.later - problem.earlier == abs(jump)
            checked += 1
    assert checked > 100


@settings(max_examples=500, deadline=None)
@given(
    key=zone_names,
    wall=wall_times,
)
def test_localize_never_silently_shifts_a_wall_time(key, wall):
    target = zone(key)
    try:
        instant = localize(wall, target)
    except TimeInputError:
        assert local_time_problem(wall, target.tz) is not None
        return
    assert instant.astimezone(target.tz).replace(tzinfo=None) == wall
