"""Deadlines: the rule, its boundaries to the second, DST on either side, and the commands."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wmhr.output.deadline_views import deadlines_output
from wmhr.schedule.deadlines import (
    interpretation_deadline,
    series_deadlines,
    session_deadline,
    time_left_words,
)
from wmhr.schedule.model import Schedule, load
from wmhr.time.parse import local_time_problem
from wmhr.time.zones import load_iana_zone

SECOND = timedelta(seconds=1)
BUNDLED = load(Path(__file__).resolve().parents[2] / "wmhr" / "data" / "sessions.toml")
SESSION = BUNDLED.session("latam")
POLICY = BUNDLED.interpretation


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# Each case: a session start (UTC) in an anchor zone, the deadline the rule must give, and why the
# case is hard.
CASES = {
    "SANTIAGO_BUNDLED": (
        "2022-05-03T23:00Z",
        "America/Santiago",
        "2022-04-28T23:00Z",
        "the real latam session: 19:00 -04, five days earlier at 19:00 -04",
    ),
    "SANTIAGO_ACROSS_DST_END": (
        "2022-04-05T23:00Z",
        "America/Santiago",
        "2022-03-31T22:00Z",
        "Chile left DST on 3 April: 19:00 -03 on 31 March is 5 days and 1 hour before",
    ),
    "AUCKLAND_LOCAL_DATE_AHEAD": (
        "2022-04-06T20:00Z",
        "Pacific/Auckland",
        "2022-04-01T19:00Z",
        "7 April 08:00 NZST locally but 6 April in UTC, and NZ left DST on 3 April",
    ),
    "KIRITIMATI_PLUS_14": (
        "2022-05-16T12:00Z",
        "Pacific/Kiritimati",
        "2022-05-11T12:00Z",
        "17 May 02:00 locally, a day after its UTC date",
    ),
    "BERLIN_GAP": (
        "2022-04-01T00:30Z",
        "Europe/Berlin",
        "2022-03-27T01:30Z",
        "02:30 on 27 March does not exist in Berlin: the later candidate (03:30 CEST) is used",
    ),
    "BERLIN_FOLD": (
        "2022-11-04T01:30Z",
        "Europe/Berlin",
        "2022-10-30T01:30Z",
        "02:30 on 30 October happens twice in Berlin: the later one (CET) is used",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_interpretation_deadline_rule(schedule: Schedule, name: str) -> None:
    start, zone, expected, _why = CASES[name]
    session = replace(schedule.session("latam"), start=utc(start), zone=load_iana_zone(zone))
    assert interpretation_deadline(session, schedule.interpretation) == utc(expected)


@pytest.mark.parametrize("name", list(CASES))
def test_deadline_boundary_to_the_second(schedule: Schedule, name: str) -> None:
    start, zone, _expected, _why = CASES[name]
    session = replace(schedule.session("latam"), start=utc(start), zone=load_iana_zone(zone))
    deadline = session_deadline(session, schedule.interpretation)
    at = deadline.instant
    assert deadline.is_open(at)
    assert deadline.seconds_left(at) == 0
    assert not deadline.is_open(at + SECOND)
    assert deadline.seconds_left(at - SECOND) == 1
    assert deadline.state(at + SECOND) == "closed"


def test_lead_time_and_threshold_come_from_the_schedule(schedule: Schedule) -> None:
    policy = replace(schedule.interpretation, lead_days=2)
    latam = schedule.session("latam")
    assert interpretation_deadline(latam, policy) == utc("2022-05-01T23:00Z")


def test_series_deadlines_sorted_with_exclusive_survey_end(schedule: Schedule) -> None:
    found = series_deadlines(schedule)
    assert [d.label for d in found][:3] == [
        "latam: interpretation requests",
        "latam: session starts",
        "cee: interpretation requests",
    ]
    assert [d.instant for d in found] == sorted(d.instant for d in found)
    survey = found[-1]
    assert survey.kind == "survey" and survey.instant == utc("2022-07-01T12:00Z")
    assert survey.is_open(survey.instant - SECOND)
    assert not survey.is_open(survey.instant)
    start = next(d for d in found if d.kind == "session")
    assert not start.is_open(start.instant)


def test_cancelled_session_deadline_is_never_open(schedule: Schedule) -> None:
    latam = replace(schedule.session("latam"), status="cancelled")
    deadline = session_deadline(latam, schedule.interpretation)
    assert deadline.state(utc("2022-04-01T00:00Z")) == "cancelled"
    assert deadline.seconds_left(utc("2022-04-01T00:00Z")) == 0


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (59, "59 seconds"),
        (61, "1 minute 1 second"),
        (3600, "1 hour"),
        (86399, "23 hours 59 minutes"),
        (86400 + 59, "1 day"),  # never rounds up: the minutes below hours are dropped
        (4 * 86400 + 3 * 3600 + 3599, "4 days 3 hours"),
    ],
)
def test_time_left_in_words(seconds: int, words: str) -> None:
    assert time_left_words(seconds) == words


def test_bare_call_highlights_the_next_deadline_to_fall(schedule: Schedule) -> None:
    output = deadlines_output(series_deadlines(schedule), now=utc("2022-05-04T17:00:01Z"), zones=[])
    assert output.table.highlight == {3}
    assert output.table.rows[3][0] == "africa: interpretation requests"
    assert output.data["next"] == "africa: interpretation requests"


def test_deadlines_json_in_a_viewer_zone_that_changes_dst(run) -> None:  # type: ignore[no-untyped-def]
    # London goes to BST on 27 March 2022: the time left is counted in real seconds, not by wall
    # clock (which would say 39 days 6 hours), and the local times carry the summer offset.
    result = run("deadlines", "--tz", "Europe/London", "--now", "2022-03-26T12:00Z", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    cee = next(d for d in data["deadlines"] if d["label"] == "cee: interpretation requests")
    assert cee["instant"] == "2022-05-04T17:00:00+00:00"
    assert cee["zones"][0]["local"] == "2022-05-04T18:00:00+01:00"
    assert cee["seconds_left"] == 39 * 86400 + 5 * 3600
    assert cee["time_left"] == "39 days 5 hours"
    latam = data["deadlines"][0]
    # 23:00 UTC on 28 April is already 29 April in London.
    assert latam["zones"][0]["local"] == "2022-04-29T00:00:00+01:00"
    assert latam["local"] == "2022-04-28T19:00:00-04:00"
    assert data["next"] == "latam: interpretation requests"


def test_deadlines_states_after_some_have_passed(run) -> None:  # type: ignore[no-untyped-def]
    result = run("deadlines", "--now", "2022-05-10T00:00Z", "--json")
    states = {d["label"]: d["state"] for d in json.loads(result.stdout)["deadlines"]}
    assert states["cee: session starts"] == "closed"
    assert states["africa: interpretation requests"] == "closed"
    assert states["africa: session starts"] == "open"
    assert states["asia: interpretation requests"] == "open"
    assert states["survey closes"] == "open"


def test_deadlines_plain_table(run) -> None:  # type: ignore[no-untyped-def]
    result = run("deadlines", "--now", "2022-04-27T12:00Z", "--tz", "Jakarta")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[2]
    assert first.startswith("latam: interpretation requests")
    assert "Fri 29 Apr 2022 06:00 WIB" in first and first.endswith("1 day 11 hours")


@pytest.mark.parametrize(
    ("now", "status", "is_open", "left"),
    [
        ("2022-04-27T12:00:00Z", 0, True, 35 * 3600),
        ("2022-04-28T23:00:00Z", 0, True, 0),
        ("2022-04-28T19:00:00-04:00", 0, True, 0),
        ("2022-04-28T23:00:01Z", 1, False, 0),
    ],
)
def test_deadline_command_exit_status_and_json(run, now, status, is_open, left) -> None:  # type: ignore[no-untyped-def]
    result = run("deadline", "latam", "--now", now, "--json")
    assert result.exit_code == status
    data = json.loads(result.stdout)
    assert set(data) == {"session", "deadline", "now", "open", "state", "reason", "seconds_left"}
    assert data["session"] == "latam"
    assert data["deadline"] == "2022-04-28T23:00:00+00:00"
    assert (data["open"], data["seconds_left"]) == (is_open, left)


def test_deadline_quiet_prints_nothing(run) -> None:  # type: ignore[no-untyped-def]
    assert run("deadline", "asia", "--now", "2022-05-11T12:00Z", "--quiet").stdout == ""
    closed = run("deadline", "asia", "--now", "2022-05-11T12:00:01Z", "--quiet")
    assert (closed.exit_code, closed.stdout, closed.stderr) == (1, "", "")


def test_deadline_unknown_session_lists_the_ids(run) -> None:  # type: ignore[no-untyped-def]
    result = run("deadline", "latm", "--now", "2022-04-27T12:00Z")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'wmhr: error: unknown session "latm": did you mean "latam"? '
        "known sessions: latam, cee, africa, asia"
    )


def test_deadline_refuses_now_without_zone(run) -> None:  # type: ignore[no-untyped-def]
    result = run("deadline", "latam", "--now", "2022-04-27T12:00")
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: --now:") and "no time zone" in result.stderr


ZONES = ["America/Santiago", "Europe/Berlin", "Pacific/Auckland", "Australia/Lord_Howe",
         "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Apia"]  # fmt: skip


@given(
    start=st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
        max_value=datetime(2035, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    zone=st.sampled_from(ZONES),
    lead_days=st.integers(min_value=0, max_value=30),
)
@settings(max_examples=300, deadline=None)
def test_deadline_is_the_same_wall_time_lead_days_earlier(start, zone, lead_days) -> None:  # type: ignore[no-untyped-def]
    session = replace(SESSION, start=start.replace(microsecond=0), zone=load_iana_zone(zone))
    policy = replace(POLICY, lead_days=lead_days)
    deadline = interpretation_deadline(session, policy)
    wall = session.local_start.replace(tzinfo=None) - timedelta(days=lead_days)
    shown = deadline.astimezone(session.zone).replace(tzinfo=None)
    if local_time_problem(wall, session.zone) is None:
        assert shown == wall
    else:  # skipped or repeated: the later instant, never earlier than any reading of the wall time
        earliest = wall.replace(tzinfo=session.zone, fold=0).astimezone(UTC)
        latest = wall.replace(tzinfo=session.zone, fold=1).astimezone(UTC)
        assert deadline == max(earliest, latest)
    assert deadline <= session.start


def test_deadline_never_falls_after_the_start(schedule: Schedule) -> None:
    # No lead time, and a start in Berlin's repeated hour (the first 02:30 of 30 October 2022):
    # "the later reading" of that wall time would be an hour after the session began.
    session = replace(schedule.session("cee"), start=utc("2022-10-30T00:30:00Z"))
    policy = replace(schedule.interpretation, lead_days=0)
    assert interpretation_deadline(session, policy) == session.start


def test_deadlines_of_one_session_and_of_one_kind(run) -> None:  # type: ignore[no-untyped-def]
    now = ("--now", "2022-05-01T00:00Z", "--json")
    asia = json.loads(run("deadlines", "asia", *now).stdout)["deadlines"]
    assert [d["label"] for d in asia] == ["asia: interpretation requests", "asia: session starts"]
    kind = json.loads(run("deadlines", "--kind", "interpretation", *now).stdout)["deadlines"]
    assert [d["label"].split(":")[0] for d in kind] == ["latam", "cee", "africa", "asia"]
    both = json.loads(run("deadlines", "cee", "--kind", "session", *now).stdout)["deadlines"]
    assert [d["label"] for d in both] == ["cee: session starts"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope",), 'unknown session "nope"'),
        (("--kind", "start"), '--kind "start": use one of interpretation, session, survey'),
    ],
)
def test_deadlines_refuses_an_unknown_session_or_kind(run, args, message) -> None:  # type: ignore[no-untyped-def]
    result = run("deadlines", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
