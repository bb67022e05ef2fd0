"""`wmhr sessions`, `wmhr convert` and `wmhr check` as a user runs them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.golden import assert_golden

MAY_1 = "2022-05-01T00:00Z"


def test_sessions_plain_text_golden(run):
    result = run("sessions", "--now", MAY_1, "--tz", "Kathmandu", "--tz", "NZ")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout  # no colour codes when piped
    assert_golden("sessions.txt", result.stdout)


def test_sessions_json_golden(run):
    result = run("sessions", "--now", MAY_1, "--tz", "America/Los_Angeles", "--json")
    assert result.exit_code == 0
    assert_golden("sessions.json", result.stdout)


def test_sessions_json_contract(run):
    data = json.loads(run("sessions", "--now", MAY_1, "--tz", "+05:30", "--json").stdout)
    asia = data["sessions"][3]
    assert asia["id"] == "asia"
    assert asia["start"] == "2022-05-16T12:00:00+00:00"
    assert asia["end"] == "2022-05-16T13:00:00+00:00"
    assert asia["anchor"]["zone"] == "Asia/Jakarta"
    assert asia["anchor"]["local"] == "2022-05-16T19:00:00+07:00"
    assert asia["zones"][0]["local"] == "2022-05-16T17:30:00+05:30"
    assert data["next_session"] == "latam"
    assert data["tzdata"]


def test_sessions_marks_local_dates_after_utc(run):
    out = run("sessions", "--now", MAY_1, "--tz", "Pacific/Chatham").stdout
    latam = next(line for line in out.splitlines() if line.startswith("latam"))
    assert latam.rstrip().endswith("11:45 +1 UTC+12:45")


def test_sessions_marks_local_dates_before_utc(run):
    out = run("sessions", "--now", MAY_1, "--tz", "Pacific/Honolulu").stdout
    asia = next(line for line in out.splitlines() if line.startswith("asia"))
    assert asia.rstrip().endswith("02:00 HST")
    latam = next(line for line in out.splitlines() if line.startswith("latam"))
    assert latam.rstrip().endswith("13:00 HST")


def test_country_gets_a_column_per_distinct_local_time(run):
    data = json.loads(run("sessions", "--now", MAY_1, "--tz", "Australia", "--json").stdout)
    columns = data["sessions"][0]["zones"]
    signatures = {
        tuple(session["zones"][i]["utc_offset"] for session in data["sessions"])
        for i in range(len(columns))
    }
    assert len(signatures) == len(columns)  # no two columns show the same times
    grouped = [key for c in columns for key in c["zones"]]
    assert "Australia/Sydney" in grouped and "Australia/Perth" in grouped
    sydney = next(c for c in columns if "Australia/Sydney" in c["zones"])
    assert "Australia/Melbourne" in sydney["zones"]  # same times: one column


def test_sessions_csv_is_flat_and_safe(run):
    result = run("sessions", "--now", MAY_1, "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["latam", "cee", "africa", "asia"]
    assert rows[0]["anchor_local"] == "2022-05-03T19:00:00-04:00"


def test_sessions_state_follows_now(run):
    data = json.loads(run("sessions", "--now", "2022-05-10T00:00Z", "--json").stdout)
    assert [s["state"] for s in data["sessions"]] == ["over", "over", "upcoming", "upcoming"]
    assert data["next_session"] == "africa"
    during = json.loads(run("sessions", "--now", "2022-05-16T12:30Z", "--json").stdout)
    assert during["sessions"][3]["state"] == "in progress"


def test_sessions_shows_cancelled(run, schedule_file):
    path = schedule_file(('id = "cee"', 'id = "cee"\nstatus = "cancelled"'))
    result = run("sessions", "--file", str(path), "--now", MAY_1)
    cee = next(line for line in result.stdout.splitlines() if line.startswith("cee"))
    assert "(cancelled)" in cee
    data = json.loads(run("sessions", "--file", str(path), "--now", MAY_1, "--json").stdout)
    assert data["sessions"][1]["state"] == "cancelled"


def test_unknown_zone_is_one_line_exit_2(run):
    result = run("sessions", "--tz", "Jakrta")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'wmhr: error: unknown time zone "Jakrta": did you mean Jakarta? use an IANA name '
        "(Asia/Jakarta), a city, a country code or name, or an offset like +05:30"
    )


def test_bad_now_names_the_flag(run):
    result = run("sessions", "--now", "tomorrow")
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: --now: ")


@pytest.mark.parametrize(
    ("command", "now"),
    [
        (("sessions",), "2022-03-27 02:30 Europe/Berlin"),  # a gap
        (("check",), "2022-10-30 02:30 Europe/Berlin"),  # a fold
        (("deadline", "latam"), "2022-04-02 23:30 Santiago"),  # Chile's fall-back
    ],
)
def test_now_in_a_gap_or_fold_is_one_line_exit_2(run, command, now):
    result = run(*command, "--now", now)
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: --now: ")
    assert "write it with the UTC offset you mean" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_json_and_csv_are_exclusive(run):
    result = run("sessions", "--json", "--csv")
    assert result.exit_code == 2
    assert "exclusive" in result.stderr


# -- convert -------------------------------------------------------------------------------


def test_convert_a_session(run):
    result = run("convert", "asia", "--to", "Kathmandu", "--to", "New York")
    assert result.exit_code == 0
    assert_golden("convert-asia.txt", result.stdout)


def test_convert_json(run):
    data = json.loads(
        run("convert", "2022-05-16T19:00 Asia/Jakarta", "--to", "Europe/Kiev", "--json").stdout
    )
    assert data["instant"] == "2022-05-16T12:00:00+00:00"
    assert [z["zone"] for z in data["zones"]] == ["UTC", "Asia/Jakarta", "Europe/Kyiv"]
    kyiv = data["zones"][2]
    assert kyiv == {
        "zone": "Europe/Kyiv",
        "local": "2022-05-16T15:00:00+03:00",
        "abbreviation": "EEST",
        "utc_offset": "+03:00",
        "day_shift": 0,
    }


def test_convert_shows_old_names_under_their_current_name(run):
    result = run("convert", "2022-05-16 12:00 UTC", "--to", "Europe/Kiev")
    assert "Europe/Kyiv" in result.stdout
    assert "Europe/Kiev is now called Europe/Kyiv" in result.stdout


@pytest.mark.parametrize("when", ["2022-05-16 14:00 Europe/Berlin", "cee"])
def test_convert_keeps_a_place_beside_another_with_the_same_clock(run, when):
    result = run("convert", when, "--to", "Europe/Stockholm", "--to", "Oslo")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[2:]] == [
        "UTC",
        "Europe/Berlin",
        "Europe/Stockholm",
        "Europe/Oslo",
    ]
    assert "now called" not in result.stdout
    data = json.loads(run("convert", when, "--to", "Europe/Stockholm", "--json").stdout)
    assert data["zones"][2]["zone"] == "Europe/Stockholm"


def test_sessions_column_for_a_merged_place_keeps_its_name(run):
    result = run("sessions", "--tz", "Stockholm", "--json")
    zone = json.loads(result.stdout)["sessions"][0]["zones"][0]
    assert (zone["zone"], zone["zones"]) == ("Europe/Stockholm", ["Europe/Stockholm"])
    plain = run("sessions", "--tz", "Stockholm").stdout
    assert "Stockholm: Europe/Stockholm" in plain and "Europe/Berlin" not in plain


def test_convert_into_a_country(run):
    data = json.loads(run("convert", "2022-05-16 12:00 UTC", "--to", "NZ", "--json").stdout)
    assert [z["zone"] for z in data["zones"]] == ["UTC", "Pacific/Auckland", "Pacific/Chatham"]
    assert [z["day_shift"] for z in data["zones"]] == [0, 1, 1]


def test_convert_gap_is_an_error_showing_candidates(run):
    result = run("convert", "2022-03-27 02:30 Europe/Berlin", "--to", "UTC")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "--earlier means 2022-03-27T00:30Z" in result.stderr
    assert "--later means 2022-03-27T01:30Z" in result.stderr


@pytest.mark.parametrize(("flag", "instant"), [("--earlier", "00:30"), ("--later", "01:30")])
def test_convert_fold_with_a_pick(run, flag, instant):
    result = run("convert", "2022-10-30 02:30 Europe/Berlin", flag, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["instant"] == f"2022-10-30T{instant}:00+00:00"


def test_convert_refuses_both_picks(run):
    result = run("convert", "2022-10-30 02:30 Europe/Berlin", "--earlier", "--later")
    assert result.exit_code == 2


def test_convert_unknown_session_lists_ids(run):
    result = run("convert", "aisa")
    assert result.exit_code == 2
    assert 'did you mean "asia"' in result.stderr
    assert "latam, cee, africa, asia" in result.stderr


def test_convert_ambiguous_date_is_refused(run):
    result = run("convert", "04/03/2022 10:00 UTC")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


# -- check ---------------------------------------------------------------------------------


def test_check_finds_the_pages_wrong_jakarta_time(run):
    result = run("check", "--now", MAY_1)
    assert result.exit_code == 1
    assert_golden("check.txt", result.stdout)
    data = json.loads(run("check", "--now", MAY_1, "--json").stdout)
    assert data["ok"] is False
    errors = [f for f in data["findings"] if f["level"] == "error"]
    assert [(f["session"], f["code"]) for f in errors] == [("asia", "wrong-published-local")]
    assert "Mon 16 May 19:00 (WIB, UTC+07:00)" in errors[0]["message"]


# The bundled 2022 schedule really did fall on holidays (tests/planning/test_planning_check.py); the
# tests here are about the schedule's own findings.
CALENDAR_CODES = {"public-holiday", "regional-holidays", "weekend", "anchor-outside-region"}


def schedule_findings(data: dict) -> list[dict]:
    return [f for f in data["findings"] if f["code"] not in CALENDAR_CODES]


def test_check_clean_schedule_exits_0(run, schedule_file):
    path = schedule_file(
        ('published_local = "Mon 16 May 20:00"', 'published_local = "Mon 16 May 19:00"')
    )
    result = run("check", "--file", str(path), "--now", "2022-04-01T00:00Z", "--json")
    assert result.exit_code == 0, result.stdout
    assert schedule_findings(json.loads(result.stdout)) == []


def test_check_wrong_weekday(run, schedule_file):
    path = schedule_file(
        ('published_utc = "Mon 9 May 17:00"', 'published_utc = "Tues 9 May 17:00"')
    )
    data = json.loads(run("check", "--file", str(path), "--now", MAY_1, "--json").stdout)
    codes = {(f["session"], f["code"]) for f in data["findings"]}
    assert ("cee", "wrong-published-utc") in codes


def test_check_overlap(run, schedule_file):
    path = schedule_file(("start = 2022-05-12T18:00:00Z", "start = 2022-05-09T17:30:00Z"))
    data = json.loads(run("check", "--file", str(path), "--now", MAY_1, "--json").stdout)
    assert any(f["code"] == "overlap" and f["session"] == "africa" for f in data["findings"])


def test_check_dst_change_near_a_session(run, schedule_file):
    # Europe/Berlin springs forward on 2022-03-27: a session on 2022-03-30 is 3 days after.
    path = schedule_file(
        ("start = 2022-05-09T17:00:00Z", "start = 2022-03-30T17:00:00Z"),
        ('published_utc = "Mon 9 May 17:00"', 'published_utc = "Wed 30 Mar 17:00"'),
        ('published_local = "Mon 9 May 19:00"', 'published_local = "Wed 30 Mar 19:00"'),
    )
    data = json.loads(
        run("check", "--file", str(path), "--now", "2022-03-01T00:00Z", "--json").stdout
    )
    dst = [f for f in data["findings"] if f["code"] == "dst-change-near"]
    assert len(dst) == 1 and dst[0]["session"] == "cee"
    assert "from CET to CEST on 2022-03-27" in dst[0]["message"]


def test_check_unsocial_hours(run, schedule_file):
    path = schedule_file(("start = 2022-05-12T18:00:00Z", "start = 2022-05-12T04:00:00Z"))
    data = json.loads(run("check", "--file", str(path), "--now", MAY_1, "--json").stdout)
    hours = [f for f in data["findings"] if f["code"] == "unsocial-hours"]
    assert [f["session"] for f in hours] == ["africa"]


@pytest.mark.parametrize(
    ("start", "flagged"),
    [
        ("2022-05-09T20:00:00Z", True),  # 22:00-23:00 CEST: ends after 22:00
        ("2022-05-09T19:00:00Z", False),  # 21:00-22:00 CEST: ends exactly at 22:00
        ("2022-05-09T21:00:00Z", True),  # 23:00-00:00: ends at local midnight
        ("2022-05-09T21:30:00Z", True),  # 23:30-00:30: crosses midnight
        ("2022-05-09T05:00:00Z", False),  # 07:00-08:00: starts exactly at 07:00
        ("2022-05-09T04:59:00Z", True),  # 06:59
    ],
)
def test_check_unsocial_hours_boundaries(run, schedule_file, start, flagged):
    path = schedule_file(("start = 2022-05-09T17:00:00Z", f"start = {start}"))
    data = json.loads(run("check", "--file", str(path), "--now", MAY_1, "--json").stdout)
    sessions = [f["session"] for f in data["findings"] if f["code"] == "unsocial-hours"]
    assert sessions == (["cee"] if flagged else [])


def test_check_past_deadlines_are_warnings(run):
    data = json.loads(run("check", "--now", "2022-07-02T00:00Z", "--json").stdout)
    codes = [f["code"] for f in data["findings"]]
    assert codes.count("interpretation-closed") == 4
    assert "survey-closed" in codes
    early = json.loads(run("check", "--now", "2022-04-01T00:00Z", "--json").stdout)
    assert not [f for f in schedule_findings(early) if f["level"] == "warning"]


def test_check_unreadable_input_exits_2(run, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("schema = ")
    assert run("check", "--file", str(path)).exit_code == 2
