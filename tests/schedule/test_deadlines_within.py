"""`wmhr deadlines --within DURATION`: exit 0 listing what falls due soon, exit 1 when nothing
does, so a cron line needs no JSON parser; and the durations people type."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from wmhr.errors import TimeInputError
from wmhr.time.durations import parse_duration

MAY_1 = "2022-05-01T00:00Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("36h", timedelta(hours=36)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("1d 12h", timedelta(days=1, hours=12)),
        ("45min", timedelta(minutes=45)),
        ("2D", timedelta(days=2)),
        ("P2D", timedelta(days=2)),
        ("PT36H", timedelta(hours=36)),
        ("p1w", timedelta(weeks=1)),
    ],
)
def test_durations_people_type(text, expected):
    assert parse_duration(text, what="--within") == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2x", "not a length of time"),
        ("", "not a length of time"),
        ("2", "not a length of time"),
        ("d", "not a length of time"),
        ("-2d", "not a length of time"),
        ("2.5d", "not a length of time"),
        ("PT", "not a length of time"),
        ("0m", "must be longer than zero"),
        ("600w", "longer than ten years"),
        ("99999999999999999999w", "longer than ten years"),
    ],
)
def test_durations_refused(text, problem):
    with pytest.raises(TimeInputError, match=problem):
        parse_duration(text, what="--within")


def labels(stdout: str) -> list[str]:
    return [d["label"] for d in json.loads(stdout)["deadlines"]]


def test_within_lists_only_open_deadlines_in_the_window(run):
    result = run("deadlines", "--within", "4d", "--now", MAY_1, "--json")
    assert result.exit_code == 0
    # latam's interpretation deadline (28 April) is closed: not "due", even though it is near.
    assert labels(result.stdout) == ["latam: session starts", "cee: interpretation requests"]
    data = json.loads(result.stdout)
    assert (data["within_seconds"], data["until"]) == (345600, "2022-05-05T00:00:00+00:00")


def test_the_end_of_the_window_is_included(run):
    exactly = run("deadlines", "--within", "2d23h", "--now", MAY_1, "--json")
    assert labels(exactly.stdout) == ["latam: session starts"]  # 2022-05-03T23:00Z
    short = run("deadlines", "--within", "2d22h59m", "--now", MAY_1)
    assert (short.exit_code, short.stdout) == (1, "")


def test_cancelled_sessions_fall_due_never(run, schedule_file):
    path = schedule_file(('id = "cee"\n', 'id = "cee"\nstatus = "cancelled"\n'))
    result = run("deadlines", "--within", "4d", "--now", MAY_1, "--file", str(path), "--json")
    assert labels(result.stdout) == ["latam: session starts"]


def test_nothing_due_exits_1_and_prints_nothing_for_cron(run):
    result = run("deadlines", "--within", "1d", "--now", MAY_1)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    as_json = run("deadlines", "--within", "1d", "--now", MAY_1, "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["deadlines"] == []


def test_plain_listing_says_the_window(run):
    result = run("deadlines", "--within", "36h", "--now", "2022-05-03T00:00Z")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Deadlines due within 1 day 12 hours of 2022-05-03 00:00:00 UTC "
        "(by 2022-05-04 12:00:00 UTC)"
    )
    assert [line.split("  ")[0] for line in result.stdout.splitlines()[2:3]] == [
        "latam: session starts"
    ]


@pytest.mark.parametrize("value", ["2x", "0m", "tomorrow"])
def test_a_bad_duration_is_one_line_and_exit_2(run, value):
    result = run("deadlines", "--within", value, "--now", MAY_1)
    assert result.exit_code == 2
    assert result.stderr == (
        f'wmhr: error: --within "{value}": '
        + ("must be longer than zero" if value == "0m" else "not a length of time")
        + "; write e.g. 90m, 36h, 2d, 1w or 1d12h\n"
    )


def test_a_person_at_a_terminal_is_told_nothing_is_due(tmp_path):
    """On a terminal the empty answer is said in words; only cron's pipe gets silence."""
    main, secondary = os.openpty()
    code = "import sys; sys.argv = ['wmhr', *sys.argv[1:]]; from wmhr.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "deadlines", "--within", "1d", "--now", MAY_1],
        stdout=secondary,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        check=False,
        timeout=60,
    )
    os.close(secondary)
    shown = os.read(main, 4096).decode()
    os.close(main)
    assert done.returncode == 1
    assert "Nothing falls due within 1 day of 2022-05-01 00:00:00 UTC" in shown
