"""A big export is staged in two halves at once: the rows, counts, problems and line numbers are
exactly those of one reading, and where the cut falls inside a row the file is read whole."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wmhr.requests import csv_import, csv_staging
from wmhr.schedule.model import load

SCHEDULE = load(Path(__file__).parents[2] / "wmhr" / "data" / "sessions.toml")
NOW = datetime(2022, 4, 30, tzinfo=UTC)
KEY = b"k" * 32
COLUMNS = csv_import.Columns("session", "language", "contact", "time")
GOOD = [
    "latam,es,ana@example.org,2022-04-20T10:00:00Z",
    "asia,fr,Bruno <bruno@example.org>,2022-04-21T09:00:00+02:00",
    "cee,uk,carla@example.org,2022-04-22 10:00 Europe/Kyiv",
    "africa,fr,dani@example.org,2022-04-23T10:00:00Z",
    'latam,pt-BR,"Eva, E. <eva@example.org>",2022-04-24T10:00:00Z',
    "latam,es,ana@example.org,2022-04-19T10:00:00Z",  # the same person, earlier
]
BAD = [
    "lattam,es,x@example.org,2022-04-20T10:00:00Z",
    "latam,es,x@example.org,2022-05-20T10:00:00Z",
    "latam,es,<>,2022-04-20T10:00:00Z",
    "latam,es",
]
BLANK = ["", ",,,"]


def stage(path: Path, *, halves: bool, skip_invalid: bool = True) -> tuple[object, ...]:
    """(staged rows, rows, problems, own-language counts) of one staging of `path`."""
    export = csv_import.open_export(path, COLUMNS)
    reading = csv_staging.Reading(SCHEDULE, NOW, KEY, skip_invalid)
    with tempfile.TemporaryDirectory() as scratch:
        staged = csv_staging.stage_export(
            export, reading, Path(scratch), halves_from=0 if halves else 1 << 62
        )
        rows: Counter[tuple[str, ...]] = Counter()
        for database in staged.databases:
            with closing(sqlite3.connect(database)) as conn:
                rows.update(conn.execute("SELECT * FROM incoming"))
        survey = staged.survey
        return rows, survey.rows, survey.problems, survey.own_language, len(staged.databases)


def write(tmp_path: Path, lines: list[str], ending: str = "\r\n") -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(("\ufeffsession,language,contact,time" + ending).encode())
    with path.open("ab") as handle:
        handle.write(ending.join(lines).encode() + ending.encode())
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.tuples(st.sampled_from(GOOD + BAD + BLANK), st.sampled_from(["\n", "\r\n", "\r"])),
        min_size=1,
        max_size=40,
    ),
    skip_invalid=st.booleans(),
)
def test_two_halves_stage_what_one_reading_stages(
    tmp_path: Path, lines: list[tuple[str, str]], skip_invalid: bool
) -> None:
    """Any mix of line endings, as files pasted together have them."""
    path = tmp_path / "export.csv"
    path.write_bytes(
        b"session,language,contact,time\n"
        + "".join(line + ending for line, ending in lines).encode()
    )
    *whole, _ = stage(path, halves=False, skip_invalid=skip_invalid)
    *halves, _ = stage(path, halves=True, skip_invalid=skip_invalid)
    if skip_invalid or not whole[2]:  # after a bad row, the rows staged do not matter
        assert halves[0] == whole[0]
    assert halves[1:] == whole[1:]


def test_a_big_file_is_read_in_two_halves_with_lines_counted_from_the_file(
    tmp_path: Path,
) -> None:
    lines = [f"latam,es,person{n}@example.org,2022-04-20T10:00:00Z" for n in range(2000)]
    lines[1500] = "latam,es,late@example.org,2022-05-20T10:00:00Z"
    path = write(tmp_path, lines)
    rows, count, problems, _, databases = stage(path, halves=True)
    assert databases == 2
    assert count == 1999 == sum(rows.values())
    assert [(p.line, p.column) for p in problems] == [(1502, "time")]


def test_a_cut_inside_a_quoted_cell_reads_the_file_whole(tmp_path: Path) -> None:
    # A note-like contact cell, many lines long, straddles the middle of the file.
    cell = '"Ana' + "\n" * 400 + '<ana@example.org>"'
    lines = [*GOOD[:2] * 5, f"latam,fr,{cell},2022-04-20T10:00:00Z", *GOOD[:2] * 5]
    path = write(tmp_path, lines, "\n")
    middle = len(path.read_bytes()) // 2
    assert path.read_bytes()[:middle].count(b'"') % 2 == 1  # the cut is inside the cell
    whole = stage(path, halves=False)
    halves = stage(path, halves=True)
    assert halves[-1] == 1  # read again, whole
    assert halves[:-1] == whole[:-1]


def test_a_malformed_second_half_gives_the_message_of_one_reading(tmp_path: Path) -> None:
    lines = [GOOD[0]] * 50 + ['latam,es,"x@example.org"z,2022-04-20T10:00:00Z'] + [GOOD[1]] * 5
    path = write(tmp_path, lines)
    messages = []
    for halves in (False, True):
        with pytest.raises(csv_import.InputFileError) as raised:
            stage(path, halves=halves)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert "line 52: malformed CSV" in messages[0]


def test_the_import_command_records_the_same_in_halves(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lines = [f"latam,fr,p{n}@example.org,2022-04-{10 + n % 15}T10:00:00Z" for n in range(300)]
    path = write(tmp_path, [*lines, "lattam,es,x@example.org,2022-04-20T10:00:00Z"])
    command = ["requests", "import", str(path), "--skip-invalid", "--now", "2022-04-30T00:00Z"]
    outputs = []
    for halves_from, db in ((1 << 62, "one.db"), (0, "two.db")):
        monkeypatch.setattr(csv_staging, "HALVES_FROM_BYTES", halves_from)
        result = run(*command, "--json", "--db", str(tmp_path / db))
        assert result.exit_code == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if "warning" in line]
        outputs.append((json.loads(result.stdout), warnings))
        with closing(sqlite3.connect(tmp_path / db)) as conn:
            outputs.append(
                conn.execute(
                    "SELECT id, session, language, requester, received, source FROM request "
                    "ORDER BY id"
                ).fetchall()
            )
    assert outputs[0] == outputs[2]
    assert outputs[1] == outputs[3]
    assert "line 302" in outputs[0][1][0]


def test_an_interrupted_first_half_leaves_no_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the first half is read: the second half's process is stopped, not left."""
    import multiprocessing

    lines = [f"latam,es,person{n}@example.org,2022-04-20T10:00:00Z" for n in range(2000)]
    path = write(tmp_path, lines)
    stage_whole = csv_staging.bulk_merge.stage

    def interrupted(database: Path, rows: object) -> None:
        if database.name == "staged-1.db":
            raise KeyboardInterrupt
        time.sleep(60)  # the second half, still at work when the first is interrupted
        stage_whole(database, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(csv_staging.bulk_merge, "stage", interrupted)
    with pytest.raises(KeyboardInterrupt):
        stage(path, halves=True)
    assert multiprocessing.active_children() == []


def test_a_system_that_cannot_fork_now_reads_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fork() failing (EAGAIN under a process limit, ENOMEM) is no error of the import."""
    import os

    lines = [f"latam,es,person{n}@example.org,2022-04-20T10:00:00Z" for n in range(200)]
    path = write(tmp_path, lines)
    whole = stage(path, halves=False)

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert stage(path, halves=True) == whole


def test_the_second_half_leaves_ctrl_c_to_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C reaches the whole process group; in the forked process it would end in
    multiprocessing's traceback on stderr, so the second half ignores it (the parent stops it)."""
    import multiprocessing
    import signal

    monkeypatch.setattr(csv_staging, "_stage", lambda *args, **kwargs: csv_import.Survey())
    receiving, sending = multiprocessing.Pipe(duplex=False)
    before = signal.getsignal(signal.SIGINT)
    try:
        csv_staging._second_half(None, None, Path("unused"), 0, sending, receiving)  # type: ignore[arg-type]
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
