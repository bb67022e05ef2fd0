"""Windows, bands, steps and date ranges as people type them."""

from __future__ import annotations

from datetime import date

import pytest

from wmhr.errors import PlanningInputError
from wmhr.planning.window import (
    Window,
    check_duration,
    check_range,
    parse_date,
    parse_step,
    parse_window,
)


@pytest.mark.parametrize(
    ("text", "start", "length", "label"),
    [
        ("07:00-22:00", 420, 900, "07:00-22:00"),
        ("17:00-21:00", 1020, 240, "17:00-21:00"),
        (" 9:30 - 11:00 ", 570, 90, "09:30-11:00"),
        ("22:00-02:00", 1320, 240, "22:00-02:00"),  # past midnight
        ("00:00-24:00", 0, 1440, "00:00-24:00"),
        ("23:00-24:00", 1380, 60, "23:00-24:00"),
    ],
)
def test_parse_window(text, start, length, label):
    window = parse_window(text)
    assert window == Window(start, length)
    assert window.label == label


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("17:00-17:00", "is empty"),
        ("24:00-24:00", "cannot start at 24:00"),
        ("17-21", "write it as HH:MM-HH:MM"),
        ("17:00", "write it as HH:MM-HH:MM"),
        ("25:00-26:00", "25:00 is not a time of day"),
        ("10:75-11:00", "10:75 is not a time of day"),
        ("", "write it as HH:MM-HH:MM"),
    ],
)
def test_bad_windows(text, problem):
    with pytest.raises(PlanningInputError, match=problem):
        parse_window(text)


def test_a_session_longer_than_the_window_is_refused():
    with pytest.raises(PlanningInputError, match="shorter than the 60-minute session"):
        check_duration(parse_window("17:00-17:30"), 60)
    check_duration(parse_window("17:00-18:00"), 60)
    with pytest.raises(PlanningInputError, match="--duration 0"):
        check_duration(parse_window("17:00-18:00"), 0)


@pytest.mark.parametrize(
    ("hour", "band"),
    [
        (0, "night"),
        (2, "night"),  # the window closes at 22:00; halfway to 07:00 is 02:30
        (3, "early"),
        (6, "early"),
        (7, "day"),
        (17, "day"),
        (18, "evening"),
        (21, "evening"),  # 21:00-22:00 ends as the window closes
        (21.5, "night"),  # runs past the close
        (22, "night"),
    ],
)
def test_bands_of_the_default_window(hour, band):
    assert parse_window("07:00-22:00").band(int(hour * 60), 60) == band


def test_bands_follow_the_window():
    evening = parse_window("17:00-21:00")
    assert evening.band(13 * 60, 60) == "early"  # the afternoon is before the window
    assert evening.band(23 * 60, 60) == "night"
    assert evening.band(17 * 60, 60) == "day"


def test_fits_and_minutes_outside():
    window = parse_window("07:00-22:00")
    assert window.fits(21 * 60, 60) and not window.fits(21 * 60 + 1, 60)
    assert window.minutes_outside(21 * 60, 60) == 0
    assert window.minutes_outside(22 * 60, 60) == 60  # one hour too late
    assert window.minutes_outside(3 * 60, 60) == 240  # four hours too early
    night = parse_window("22:00-02:00")
    assert night.fits(23 * 60, 60) and night.fits(60, 60) and not night.fits(90, 60)


@pytest.mark.parametrize(("text", "minutes"), [("15m", 15), ("30", 30), ("1h", 60), ("5 min", 5)])
def test_steps(text, minutes):
    assert parse_step(text) == minutes


@pytest.mark.parametrize("text", ["7m", "0m", "", "quarter", "25h", "-15m"])
def test_bad_steps(text):
    with pytest.raises(PlanningInputError, match="divide a day evenly"):
        parse_step(text)


def test_dates_and_ranges():
    assert parse_date("2026-05-04", option="--from") == date(2026, 5, 4)
    with pytest.raises(PlanningInputError, match='--to "04/05/2026" is not a date'):
        parse_date("04/05/2026", option="--to")
    check_range(date(2026, 1, 1), date(2027, 12, 31))  # two years, a leap day or not
    with pytest.raises(PlanningInputError, match="is after --to"):
        check_range(date(2026, 5, 10), date(2026, 5, 1))
    with pytest.raises(PlanningInputError, match="more than 2 years"):
        check_range(date(2026, 1, 1), date(2028, 1, 2))
