"""Errors written for users, each carrying the exit status the CLI returns."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class ExitStatus(IntEnum):
    """What a script reads from `$?` (the README's table)."""

    OK = 0
    CONDITION_NOT_MET = 1  # `check` found an error, a deadline has passed, nothing falls due
    USAGE = 2  # a usage mistake, bad input, output that cannot be delivered: fix and run again
    INTERNAL = 70  # a failure wmhr did not foresee, a bug to report (sysexits' EX_SOFTWARE)
    INTERRUPTED = 130  # stopped by Ctrl-C (the shell's 128 + SIGINT)


class WmhrError(Exception):
    """A failure the user can fix; the message is shown as `wmhr: error: <message>`."""

    exit_status: ExitStatus = ExitStatus.USAGE


class ScheduleError(WmhrError):
    """sessions.toml is missing, unreadable or inconsistent."""


class ZoneError(WmhrError):
    """A time zone a person typed cannot be resolved to exactly what the command needs."""


class UnknownZoneError(ZoneError):
    """Nothing by that name: not a zone, city, country, offset or abbreviation."""


class TimeInputError(WmhrError):
    """A date-time a person typed is malformed, ambiguous, or does not exist."""


class UnknownSessionError(WmhrError):
    """A session id that is not in the schedule."""


class PlanningInputError(WmhrError):
    """A region, country, window, date range or weights file for planning that cannot be used."""


class StoreError(WmhrError):
    """The requests database cannot be opened, read or written."""


class InputFileError(WmhrError):
    """A file given on the command line (CSV, ...) cannot be used."""


class LanguageTagError(WmhrError):
    """A language that is not a well-formed BCP 47 tag."""


class KeyFileError(WmhrError):
    """The requester key file is missing, unreadable, exposed or not the database's key."""


class WikiError(WmhrError):
    """A wiki page cannot be read, matched or edited: markers, login, conflicts, the network."""


def closest(word: str, candidates: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The candidates nearest to a mistyped `word`, best first, for "did you mean" hints."""
    import difflib  # only error paths need it

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)
