"""`wmhr check` against real calendars: the 2022 sessions fell on Vesak and Victory Day, and the
CEE session was anchored outside its region."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

import pytest

from tests.conftest import MAY_1
from wmhr.planning.calendars import PublicCalendar
from wmhr.planning.findings import calendar_findings
from wmhr.schedule.check import Finding
from wmhr.schedule.model import Schedule, parse


def by_code(findings: list[Finding], session: str, code: str) -> list[Finding]:
    return [f for f in findings if f.session == session and f.code == code]


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    from tests.conftest import BUNDLED
    from wmhr.schedule.model import load

    return calendar_findings(load(BUNDLED))


def test_vesak_in_the_anchor_country(findings):
    (found,) = by_code(findings, "asia", "public-holiday")
    assert found.level == "warning"
    assert found.message == (
        "Mon 16 May 2022 is Vesak Day, a public holiday in Indonesia (the anchor country)"
    )


def test_vesak_across_asia(findings):
    (found,) = by_code(findings, "asia", "regional-holidays")
    for country, holiday in [
        ("India", "Buddha Purnima"),
        ("Nepal", "Buddha Jayanti"),
        ("Sri Lanka", "Vesak"),
        ("Malaysia", "Vesak Day"),
        ("Singapore", "Vesak Day"),
        ("Thailand", "Visakha Bucha"),
        ("Indonesia", "Vesak Day"),
    ]:
        assert any(d.startswith(f"{country}: ") and holiday in d for d in found.details), country
    # 56 in the table, less Heard Island (no permanent population).
    assert "of the 55 countries of its regions" in found.message


def test_victory_day_in_cee(findings):
    (found,) = by_code(findings, "cee", "regional-holidays")
    for country in ("Russia", "Belarus", "Kazakhstan"):
        assert any(d.startswith(f"{country}: Victory Day (Mon 9 May)") for d in found.details)
    assert not by_code(findings, "cee", "public-holiday")  # 9 May is no holiday in Germany


def test_berlin_is_outside_the_cee_region(findings):
    (found,) = by_code(findings, "cee", "anchor-outside-region")
    assert "Berlin, Germany is in Northern & Western Europe" in found.message
    assert "Central & Eastern Europe & Central Asia" in found.message
    assert not by_code(findings, "asia", "anchor-outside-region")  # Jakarta is in ESEAP


def test_holidays_on_the_local_date_not_the_utc_date(findings):
    # 17:00Z on Mon 9 May is already Tue 10 May in Kamchatka, a Russian day off that year.
    (found,) = by_code(findings, "cee", "regional-holidays")
    (russia,) = [d for d in found.details if d.startswith("Russia: ")]
    assert "(Tue 10 May)" in russia


def test_a_country_without_holiday_data_is_named_not_treated_as_free(findings):
    # holidays 0.109's calendar for Guinea-Bissau starts in 2023.
    (found,) = by_code(findings, "africa", "regional-holidays")
    assert any("Guinea-Bissau" in d and "no holiday data" in d for d in found.details)
    assert "Guinea-Bissau" in found.message


class WithoutIndonesia(PublicCalendar):
    """The real calendar, as if the holidays package did not cover Indonesia."""

    def holidays(self, code: str, year: int) -> Mapping[date, tuple[str, ...]] | None:
        return None if code == "ID" else super().holidays(code, year)


def test_an_uncovered_anchor_country_is_reported(schedule: Schedule):
    found = calendar_findings(schedule, WithoutIndonesia())
    (unknown,) = by_code(found, "asia", "holidays-unknown")
    assert "Indonesia" in unknown.message and "Indonesia" in unknown.details[0]
    assert not by_code(found, "asia", "public-holiday")
    (regional,) = by_code(found, "asia", "regional-holidays")
    assert any("no holiday data" in d and "Indonesia" in d for d in regional.details)


def riyadh(schedule_file, start: str) -> Schedule:
    path = schedule_file(
        ("start = 2022-05-12T18:00:00Z", f"start = {start}"),
        ('anchor_city = "Abuja, Nigeria"', 'anchor_city = "Riyadh, Saudi Arabia"'),
        ('zone = "Africa/Lagos"', 'zone = "Asia/Riyadh"'),
    )
    return parse(path.read_text("utf-8"), source="variant.toml")


def test_friday_is_the_weekend_in_saudi_arabia(schedule_file):
    friday = calendar_findings(riyadh(schedule_file, "2022-05-13T15:00:00Z"))
    (found,) = by_code(friday, "africa", "weekend")
    assert found.message == (
        "Fri 13 May 2022 is on the weekend in Saudi Arabia (the anchor country), whose weekend "
        "is Friday-Saturday"
    )
    sunday = calendar_findings(riyadh(schedule_file, "2022-05-15T15:00:00Z"))
    assert not by_code(sunday, "africa", "weekend")  # a working day there


def test_saturday_is_the_weekend_in_nigeria(schedule_file):
    path = schedule_file(("start = 2022-05-12T18:00:00Z", "start = 2022-05-14T18:00:00Z"))
    found = calendar_findings(parse(path.read_text("utf-8"), source="x"))
    (weekend,) = by_code(found, "africa", "weekend")
    assert "Saturday-Sunday" in weekend.message


def test_cancelled_sessions_are_not_checked(schedule_file):
    path = schedule_file(('id = "asia"', 'id = "asia"\nstatus = "cancelled"'))
    found = calendar_findings(parse(path.read_text("utf-8"), source="x"))
    assert not [f for f in found if f.session == "asia"]


def test_check_command_reports_them_as_warnings(run):
    result = run("check", "--now", MAY_1, "--json")
    assert result.exit_code == 1  # the wrong Jakarta time is still the only error
    data = json.loads(result.stdout)
    codes = {(f["session"], f["code"]) for f in data["findings"]}
    assert {
        ("asia", "public-holiday"),
        ("asia", "regional-holidays"),
        ("cee", "regional-holidays"),
        ("cee", "anchor-outside-region"),
    } <= codes
    assert data["errors"] == 1
    assert all(isinstance(f["details"], list) for f in data["findings"])


def test_check_csv_joins_the_details(run):
    result = run("check", "--now", MAY_1, "--csv")
    assert "Russia: Victory Day (Mon 9 May)" in result.stdout


class NoHolidays(PublicCalendar):
    """Every calendar known and empty: nothing to report."""

    def holidays(self, code: str, year: int) -> Mapping[date, tuple[str, ...]] | None:
        return {}


def test_finding_no_holiday_is_no_warning(schedule: Schedule):
    found = calendar_findings(schedule, NoHolidays())
    assert not [f for f in found if f.code == "regional-holidays"]
    assert not [f for f in found if "no public holiday" in f.message]
