"""The error boundary: its words for each kind of failure (one line, exit 2, no stored value), and
the statuses a run through the command line ends with."""

from __future__ import annotations

import errno

import pytest

from wmhr.cli.boundary import describe
from wmhr.errors import ExitStatus, StoreError


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (OSError(errno.EPIPE, "Broken pipe"), "standard output was closed before everything"),
        (OSError(errno.ENOSPC, "No space left on device"), "cannot write the output (No space"),
        (OSError(errno.EACCES, "Permission denied", "x.ics"), "x.ics: Permission denied"),
        (OSError(errno.ENOMEM, "Cannot allocate memory"), "the system refused an operation"),
        (UnicodeEncodeError("ascii", "é", 0, 1, "no"), "set PYTHONIOENCODING=utf-8"),
        (StoreError("x.db: the database is busy"), "x.db: the database is busy"),
    ],
)
def test_each_failure_is_described_in_one_line(failure: BaseException, expected: str) -> None:
    message, status = describe(failure)
    assert expected in message and "\n" not in message
    assert status == int(ExitStatus.USAGE)


def test_an_unforeseen_failure_names_its_kind_but_not_its_text() -> None:
    message, status = describe(ValueError("ana@example.org is not valid"))  # text may be personal
    assert message.startswith("internal error (ValueError)") and "--debug" in message
    assert "ana@" not in message and status == 70


def break_the_timetable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug: the core raises what no user input explains."""
    from wmhr.schedule import timetable

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("ana@example.org")

    monkeypatch.setattr(timetable, "build", broken)


def test_a_bug_exits_70_asking_for_a_report_not_2_like_bad_input(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    break_the_timetable(monkeypatch)
    result = run("sessions", "--now", "2022-05-01T00:00Z")
    assert result.exit_code == int(ExitStatus.INTERNAL) == 70
    assert result.stderr.startswith("wmhr: error: internal error (ValueError): this is a bug")
    assert "please report it" in result.stderr and "ana@" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_with_debug_a_bug_shows_its_traceback_and_keeps_its_status(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    break_the_timetable(monkeypatch)
    result = run("sessions", "--now", "2022-05-01T00:00Z", "--debug")
    assert result.exit_code == 70
    assert "Traceback (most recent call last)" in result.stderr and "in broken" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("wmhr: error: internal error (ValueError)")


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["sessions", "--now", "2022-05-01T00:00Z"], 0),
        (["deadline", "latam", "--now", "2022-05-01T00:00Z", "--quiet"], 1),
        (["deadline", "nowhere"], 2),
        (["sessions", "--no-such-option"], 2),
        (["sessions", "--json", "--csv"], 2),
        (["--version"], 0),
        (["sessions", "--help"], 0),
    ],
)
def test_statuses_for_scripts_stay_0_1_2(run, args: list[str], status: int) -> None:  # type: ignore[no-untyped-def]
    assert run(*args).exit_code == status


def test_an_interrupt_prints_nothing_and_exits_130() -> None:
    assert describe(KeyboardInterrupt()) == ("", 130)
