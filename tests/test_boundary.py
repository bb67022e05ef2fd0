"""The error boundary's words for each kind of failure: one line, exit 2, no stored value."""

from __future__ import annotations

import errno

import pytest

from wmhr.cli.boundary import Carried, describe
from wmhr.errors import ExitStatus, StoreError


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (OSError(errno.EPIPE, "Broken pipe"), "standard output was closed before everything"),
        (OSError(errno.ENOSPC, "No space left on device"), "cannot write the output (No space"),
        (OSError(errno.EACCES, "Permission denied", "x.ics"), "x.ics: Permission denied"),
        (OSError(errno.ENOMEM, "Cannot allocate memory"), "the system refused an operation"),
        (Carried(OSError(errno.EPIPE, "Broken pipe")), "(broken pipe)"),
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
    assert "ana@" not in message and status == 2


def test_an_interrupt_prints_nothing_and_exits_130() -> None:
    assert describe(KeyboardInterrupt()) == ("", 130)
