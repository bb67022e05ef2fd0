"""`plan`'s ranking, checked against zoneinfo, the holidays package and CLDR directly."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wmhr.errors import PlanningInputError
from wmhr.planning.calendars import PublicCalendar
from wmhr.planning.countries import Country, countries, region_or_country
from wmhr.planning.places import places
from wmhr.planning.plan import Group, PlanRequest, plan
from wmhr.planning.weights import read_weights
from wmhr.planning.window import Window, parse_window
from wmhr.time.zones import TZDATA_DIR

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
ESEAP = "East, Southeast Asia, & Pacific"


def group(*names: str) -> tuple[Group, ...]:
    return tuple(Group(label, tuple(found)) for label, found in map(region_or_country, names))


def request(names, first, last, *, window="17:00-21:00", duration=60, step=15, top=5, weights=None):
    return PlanRequest(
        group(*names), first, last, duration, parse_window(window), step, weights, top
    )


# -- an independent judge: tzdata files, the holidays package and Babel, called directly --------


@cache
def tz(key: str) -> ZoneInfo:
    with (TZDATA_DIR / "zoneinfo" / key).open("rb") as handle:
        return ZoneInfo.from_file(handle, key=key)


@cache
def holiday_dates(code: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(code, years=year))


@cache
def weekend(code: str) -> frozenset[int]:
    from babel import Locale

    locale = Locale.parse(f"und_{code}")
    days = {locale.weekend_start}
    while locale.weekend_end not in days:
        days.add((max(days) + 1) % 7 if len(days) == 1 else (sorted(days)[-1] + 1) % 7)
    return frozenset(days)


def attends(
    code: str, start: datetime, duration: int, window: Window, *, weekends: bool = True
) -> bool:
    """Every zone of the country has the whole session inside the window, by wall clock, on a
    local start date that is neither a public holiday nor a weekend."""
    for key in countries()[code].zones:
        local = start.astimezone(tz(key))
        end = (start + timedelta(minutes=duration)).astimezone(tz(key))
        begin, finish = local.replace(tzinfo=None), end.replace(tzinfo=None)
        opens = [
            datetime.combine(local.date() - timedelta(days=back), time())
            + timedelta(minutes=window.start)
            for back in (0, 1)
        ]
        if not any(o <= begin and finish <= o + timedelta(minutes=window.length) for o in opens):
            return False
        if local.date() in holiday_dates(code, local.year):
            return False
        if weekends and local.weekday() in weekend(code):
            return False
    return True


# -- the cases ---------------------------------------------------------------------------


def test_the_top_slot_for_south_asia_has_all_eight_inside():
    result = plan(request(["South Asia"], date(2026, 5, 4), date(2026, 5, 10)), now=LONG_AGO)
    best = result.candidates[0]
    assert best.score == 8 and len(best.covered) == 8 and not best.absent
    for country in best.covered:
        assert attends(country.code, best.start, 60, parse_window("17:00-21:00")), country.code
        for key in country.zones:
            local = best.start.astimezone(tz(key))
            assert time(17) <= local.time() and local.time() <= time(20)


def test_candidates_are_ordered_by_score_then_earliest():
    result = plan(request([ESEAP], date(2026, 5, 4), date(2026, 5, 10), top=40), now=LONG_AGO)
    keys = [(-c.score, c.start) for c in result.candidates]
    assert keys == sorted(keys)
    assert len({c.start for c in result.candidates}) == 40


def test_slots_before_now_are_not_offered():
    now = datetime(2026, 5, 4, 12, 7, tzinfo=UTC)
    result = plan(request(["South Asia"], date(2026, 5, 4), date(2026, 5, 4), top=100), now=now)
    assert min(c.start for c in result.candidates) == datetime(2026, 5, 4, 12, 15, tzinfo=UTC)
    assert result.evaluated == 96 - 49  # 12:15 is the 50th quarter-hour


def test_a_holiday_removes_the_country():
    # Thu 1 Jan 2026: New Year's Day nearly everywhere in South Asia except Afghanistan... and
    # Friday 2 Jan is Afghanistan's weekend.
    result = plan(request(["South Asia"], date(2026, 1, 1), date(2026, 1, 1)), now=LONG_AGO)
    best = result.candidates[0]
    holidays = {a.country.code for a in best.absent if any(p.holidays for p in a.places)}
    assert holidays and best.score == 8 - len(best.absent)


def test_a_friday_saturday_weekend_country_is_out_on_friday():
    fri = plan(request(["SA"], date(2026, 5, 8), date(2026, 5, 8)), now=LONG_AGO)
    assert fri.candidates[0].score == 0
    assert any(p.weekend for p in fri.candidates[0].absent[0].places)
    sun = plan(request(["SA"], date(2026, 5, 10), date(2026, 5, 10)), now=LONG_AGO)
    assert sun.candidates[0].score == 1


def test_no_single_slot_covers_eseap_so_a_pair_is_suggested():
    result = plan(request([ESEAP], date(2026, 5, 4), date(2026, 5, 10)), now=LONG_AGO)
    (pair,) = result.pairs
    assert pair.best_single < pair.score <= pair.total == 47  # 48 less Heard Island
    assert pair.slots is not None
    first, second = pair.slots
    assert abs(second.start - first.start) >= timedelta(minutes=60)  # they do not overlap
    window = parse_window("17:00-21:00")
    covered = {c.code for slot in pair.slots for c in slot.covers}
    assert len(covered) == pair.score
    for slot in pair.slots:
        for country in slot.covers:
            assert attends(country.code, slot.start, 60, window)
        # who bears the night or early hours in this slot: every country it leaves out
        assert {a.country.code for a in slot.odd_hours} == {
            c.code for c in pair.group.countries
        } - {c.code for c in slot.covers}
    assert {c.code for c in pair.left_out} == {c.code for c in pair.group.countries} - covered


def test_a_region_one_slot_covers_gets_no_pair():
    result = plan(request(["South Asia"], date(2026, 5, 4), date(2026, 5, 10)), now=LONG_AGO)
    assert result.pairs == ()


def test_dst_is_the_rule_in_force_on_each_date():
    # Australia/Sydney leaves summer time on Sun 5 Apr 2026: 19:00 there is 08:00Z before and
    # 09:00Z after. (Fri 3 and Mon 6 Apr are Good Friday and Easter Monday.)
    sydney = Country("AU", "Australia (Sydney)", "", ("Australia/Sydney",))
    nsw = PlanRequest(
        (Group("Sydney", (sydney,)),),
        date(2026, 4, 2),
        date(2026, 4, 8),
        60,
        parse_window("19:00-20:00"),
        60,
        top=200,
    )
    starts = {c.start for c in plan(nsw, now=LONG_AGO).candidates if c.score}
    assert starts == {
        datetime(2026, 4, 2, 8, tzinfo=UTC),  # Thu, 19:00 AEDT
        datetime(2026, 4, 7, 9, tzinfo=UTC),  # Tue, 19:00 AEST
        datetime(2026, 4, 8, 9, tzinfo=UTC),  # Wed, 19:00 AEST
    }


class NoWeekends(PublicCalendar):
    """Clocks change on Sunday mornings; this calendar works every day."""

    def weekend(self, code: str) -> tuple[int, ...]:
        return ()


def test_a_change_of_offset_during_the_session_moves_its_local_end():
    # Sydney springs forward on Sun 4 Oct 2026 at 02:00 AEST (16:00Z): a 60-minute session from
    # 01:30 AEST ends at 03:30 AEDT by the wall clock, outside a window closing at 03:00.
    sydney = Country("AU", "Australia (Sydney)", "", ("Australia/Sydney",))
    start = datetime(2026, 10, 3, 15, 30, tzinfo=UTC)
    for window, inside in (("01:00-03:00", False), ("01:00-04:00", True)):
        hours = parse_window(window)
        (found,) = places(sydney, start, 60, hours, NoWeekends())
        assert found.inside is inside
        assert f"{found.local_start:%H:%M}-{found.local_end:%H:%M}" == "01:30-03:30"
        nsw = PlanRequest(
            (Group("Sydney", (sydney,)),), start.date(), start.date(), 60, hours, 30, top=48
        )
        ranked = plan(nsw, now=LONG_AGO, calendar=NoWeekends()).candidates
        (ranked,) = [c for c in ranked if c.start == start]
        assert ranked.score == (1 if inside else 0)


def test_weights_count_people_not_countries(tmp_path: Path):
    path = tmp_path / "editors.csv"
    path.write_text("country,editors\nIN,900\nPK,100\n", "utf-8")
    weights = read_weights(path)
    assert weights == {"IN": 900.0, "PK": 100.0}
    result = plan(
        request(["South Asia"], date(2026, 5, 4), date(2026, 5, 4), weights=weights),
        now=LONG_AGO,
    )
    assert result.candidates[0].score == 1000
    assert set(result.unweighted) == {
        "Afghanistan",
        "Bangladesh",
        "Bhutan",
        "Maldives",
        "Nepal",
        "Sri Lanka",
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("IN,many\n", '"many" is not a weight'),
        ("IN,-1\n", '"-1" is not a weight'),
        ("IN,nan\n", '"nan" is not a weight'),
        ("XX,3\n", '"XX" is not a country code'),
        ("IN\n", "expected a country code and a weight"),
        ("IN,1\nin,2\n", "IN is listed twice"),
        ("code,weight\n", "no rows"),
    ],
)
def test_bad_weights_files(tmp_path: Path, text, problem):
    path = tmp_path / "w.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(PlanningInputError, match=problem):
        read_weights(path)


# -- properties --------------------------------------------------------------------------------

# Countries Babel has a locale for, with one zone or several, with and without summer time, with
# Friday-Saturday weekends, and across the date line.
GROUPS = [
    ["South Asia"],
    ["AU"],
    ["RU"],
    ["NZ", "CL"],
    ["SA", "IL", "IR", "AF"],
    ["KI", "WS", "TO", "US"],
    ["ID", "MX", "BR"],
]


CHANGING = {
    "America/Santiago": ["NZ", "CL"],
    "Pacific/Auckland": ["NZ", "CL"],
    "Australia/Sydney": ["AU"],
    "America/New_York": ["KI", "WS", "TO", "US"],
}


def clock_changes(key: str) -> list[date]:
    """UTC dates, 2021-2027, on which the zone changes its offset."""
    found = []
    day = date(2021, 1, 1)
    before = datetime(2021, 1, 1, tzinfo=UTC).astimezone(tz(key)).utcoffset()
    while day < date(2027, 12, 28):
        day += timedelta(days=1)
        offset = datetime.combine(day, time(), UTC).astimezone(tz(key)).utcoffset()
        if offset != before:
            found.append(day - timedelta(days=1))
        before = offset
    return found


# Random days, and days that are hard: a clock change in the group, holidays shared by many.
HARD_CASES = [
    *((names, day) for key, names in CHANGING.items() for day in clock_changes(key)),
    *(
        (names, date(year, month, 1))
        for names in GROUPS
        for year in range(2021, 2028)
        for month in (1, 5)
    ),
]
CASES = st.one_of(
    st.tuples(
        st.sampled_from(GROUPS), st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 28))
    ),
    st.sampled_from(HARD_CASES).map(lambda case: (case[0], case[1] - timedelta(days=1))),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Chile's clocks go back at 03:00Z on 3 Apr 2022: a 15-minute session from 23:45 (UTC-03) ends at
# 23:00 (UTC-04), so a window closing at 23:00 must not count it as inside.
@example(
    case=(["NZ", "CL"], date(2022, 4, 2)),
    days=2,
    opens=0,
    length=1380,
    duration=15,
    step=15,
    weekends=False,
)
@given(
    case=CASES,
    days=st.integers(min_value=1, max_value=3),
    opens=st.integers(min_value=0, max_value=95).map(lambda q: q * 15),
    length=st.integers(min_value=4, max_value=96).map(lambda q: q * 15),
    duration=st.sampled_from([15, 30, 60, 90]),
    step=st.sampled_from([15, 30, 60]),
    weekends=st.booleans(),  # clocks change on weekends: without them, those days count
)
def test_every_country_counted_is_really_inside(
    case, days, opens, length, duration, step, weekends
):
    names, first = case
    if duration > length:
        duration = length
    window = Window(opens, length)
    last = first + timedelta(days=days - 1)
    size = days * 1440 // step
    req = PlanRequest(group(*names), first, last, duration, window, step, None, size)
    result = plan(req, now=LONG_AGO, calendar=PublicCalendar() if weekends else NoWeekends())
    assert len(result.candidates) == size  # every slot, so every score is checked
    for candidate in result.candidates:
        judged = {
            c.code
            for c in req.countries
            if attends(c.code, candidate.start, duration, window, weekends=weekends)
        }
        assert {c.code for c in candidate.covered} == judged, candidate.start
        assert candidate.score == len(judged), candidate.start
