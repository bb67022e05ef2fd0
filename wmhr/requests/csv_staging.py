"""A registration export staged for `wmhr requests import`: each row checked, its contact hashed
and the row written to a scratch database as the file is read, before the store is touched.

A big file is read in two halves at once, the second by a forked process, when the system can
fork and has a second core: checking and hashing are Python's work, a core at a time. The file is
cut after a line break near its middle. The first half is read strictly, so it ends cleanly only
when that break ends a row (a quoted cell holding a line break leaves it open); then the second
half is exactly what reading the whole file would have found there. Otherwise, or after any
error in either half, the file is read again whole, so every message is the one a single
reading gives.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path

from wmhr import store
from wmhr.errors import WmhrError
from wmhr.requests import bulk_merge, csv_import
from wmhr.requests.csv_import import Export, ImportRow, RowProblem, Survey
from wmhr.schedule.model import Schedule

# Staging in halves, measured on 2 idle cores (rows of a typical export, one reading -> halves):
# 10,000 rows (0.6 MB) 0.05 s -> 0.03 s; 150,000 (8 MB) 0.81 s -> 0.44 s; 1,000,000 (56 MB)
# 5.5 s -> 2.9 s. A small file is read whole: a second process is not worth a few milliseconds.
HALVES_FROM_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Staged:
    databases: tuple[Path, ...]  # scratch databases, each with an `incoming` table
    survey: Survey


@dataclass(frozen=True)
class Reading:
    """What reading an export needs besides the export: the same for both halves."""

    schedule: Schedule
    now: datetime
    key: bytes
    skip_invalid: bool


def stage_export(
    export: Export,
    reading: Reading,
    scratch: Path,
    *,
    halves_from: int | None = None,
) -> Staged:
    """Stage every valid row of `export` in scratch databases under the folder `scratch`
    (in halves from `halves_from` bytes, HALVES_FROM_BYTES by default)."""
    big = len(export.data) >= (HALVES_FROM_BYTES if halves_from is None else halves_from)
    cut = _cut(export.data) if big and _can_fork() else None
    if cut is not None:
        staged = _in_halves(export, reading, scratch, cut)
        if staged is not None:
            return staged
    whole = scratch / "staged.db"
    return Staged((whole,), _stage(export, reading, whole))


def _can_fork() -> bool:
    """fork() gives the second process the export without copying it through a pipe; where a
    process starts afresh (macOS, Windows) that would cost more than it saves."""
    return sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1


def _cut(data: bytes) -> int | None:
    """Just after the line break at or after the middle of `data`: where the second half
    begins (None when the second half would be empty)."""
    found = data.find(b"\n", len(data) // 2)
    return None if found < 0 or found + 1 >= len(data) else found + 1


def _in_halves(export: Export, reading: Reading, scratch: Path, cut: int) -> Staged | None:
    """Both halves staged at once, or None when a single reading must decide (see above)."""
    first, second = scratch / "staged-1.db", scratch / "staged-2.db"
    context = multiprocessing.get_context("fork")
    try:
        receiving, sending = context.Pipe(duplex=False)
    except OSError:
        return None  # no pipe to be had (too many open files): one reading needs none
    worker = context.Process(
        target=_second_half, args=(export, reading, second, cut, sending, receiving), daemon=True
    )
    survey: Survey | None = None
    later: object = None
    try:
        worker.start()  # OSError when the system cannot fork now (EAGAIN, ENOMEM)
        sending.close()
        survey = _stage(export, reading, first, end=cut)
        later = receiving.recv()  # EOFError when the worker ended without a word
        worker.join()
    except (WmhrError, EOFError, OSError):
        pass  # read again whole, for the message a single reading gives
    finally:
        sending.close()
        receiving.close()
        if worker.is_alive():
            worker.kill()
            worker.join()
    if survey is None or not isinstance(later, Survey):
        first.unlink(missing_ok=True)
        second.unlink(missing_ok=True)
        return None
    return Staged((first, second), _joined(survey, later, _lines(export.data, cut)))


def _second_half(
    export: Export,
    reading: Reading,
    database: Path,
    cut: int,
    results: Connection,
    parents_end: Connection,
) -> None:
    """In the forked process: stage the rows from `cut` on; send the survey, or None.

    Ctrl-C reaches the whole process group: the parent handles it (and stops this process), so
    it is ignored here, where it would end in multiprocessing's traceback on stderr."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parents_end.close()
    try:
        survey: Survey | None = _stage(export, reading, database, start=cut)
    except Exception:  # the parent reads again whole, and reports the error from there
        survey = None
    with contextlib.suppress(OSError):  # the parent gave up waiting: it reads whole
        results.send(survey)
    results.close()


def _stage(
    export: Export, reading: Reading, database: Path, *, start: int = 0, end: int | None = None
) -> Survey:
    survey = Survey()
    rows: Iterator[ImportRow | RowProblem] = csv_import.checked_rows(
        export, reading.schedule, now=reading.now, start=start, end=end
    )
    staged = csv_import.hashed_rows(
        rows,
        reading.schedule,
        reading.key,
        survey,
        skip_invalid=reading.skip_invalid,
        contact_column=export.positions["contact"][1],
    )
    with store.translated(database):
        bulk_merge.stage(database, staged)
    return survey


def _lines(data: bytes, end: int) -> int:
    """How many lines the csv module counts in `data` up to `end` (just after a line break): a
    line ends at \\n, \\r\\n or a lone \\r."""
    return data.count(b"\n", 0, end) + data.count(b"\r", 0, end) - data.count(b"\r\n", 0, end)


def _joined(first: Survey, second: Survey, lines_before: int) -> Survey:
    """One survey of the whole file: the second half's line numbers counted from the file's."""
    moved = [
        dataclasses.replace(problem, line=problem.line + lines_before)
        for problem in second.problems
    ]
    return Survey(
        rows=first.rows + second.rows,
        problems=[*first.problems, *moved],
        own_language=first.own_language + second.own_language,
    )
