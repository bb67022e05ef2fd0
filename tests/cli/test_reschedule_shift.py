"""`wmhr reschedule SESSION +1h|-30m`: WHEN as a shift of the session's current start."""

from __future__ import annotations

import json

import pytest

from tests.conftest import bundled_text

APRIL_10 = "2022-04-10T00:00Z"  # before every bundled session


@pytest.mark.parametrize(
    ("shift", "start"),
    [
        ("+1h", "2022-05-16T13:00:00+00:00"),
        ("-30m", "2022-05-16T11:30:00+00:00"),  # not the options -3, -0, -m
        ("-1h30m", "2022-05-16T10:30:00+00:00"),  # not -h, help
        ("+1d", "2022-05-17T12:00:00+00:00"),
        ("\u22122h", "2022-05-16T10:00:00+00:00"),  # a typographic minus
    ],
)
def test_a_shift_moves_the_current_start(run, isolated, shift, start):  # type: ignore[no-untyped-def]
    (isolated / "sessions.toml").write_text(bundled_text(), "utf-8")
    result = run("reschedule", "asia", shift, "--now", APRIL_10, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["before"]["start"] == "2022-05-16T12:00:00+00:00"
    assert data["after"]["start"] == start


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        ("+0m", 'WHEN "0m": must be longer than zero'),
        ("+1x", 'WHEN "1x": not a length of time'),
    ],
)
def test_a_bad_shift_is_one_error_line(run, isolated, shift, message):  # type: ignore[no-untyped-def]
    (isolated / "sessions.toml").write_text(bundled_text(), "utf-8")
    result = run("reschedule", "asia", shift, "--now", APRIL_10)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert (isolated / "sessions.toml").read_text("utf-8") == bundled_text()
