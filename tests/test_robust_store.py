"""The database, damaged or foreign or missing or in a read-only folder: one line, never a
traceback, never a stored value in the message, and reading works wherever it can."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

NOW = "2022-05-01T00:00Z"
SECRET_NOTE = "call back on Tuesday"
READERS = (["requests", "list", "--notes"], ["interpretation", "--now", NOW])
WRITERS = (
    ["requests", "add", "asia", "fr", "--from", "zoe@example.org", "--now", NOW],
    ["requests", "remove", "1"],
)


def recorded(run, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    for contact in ("ana@example.org", "bruno@example.org"):
        added = run(
            *("requests", "add", "asia", "es", "--from", contact, "--now", NOW),
            *("--note", SECRET_NOTE),
        )
        assert added.exit_code == 0, added.output
    return tmp_path / "wmhr.db"


def tamper(path: Path, statement: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(statement)


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wmhr: error: "), result.stderr
    return str(lines[0])


DAMAGE = {  # what to change, and the commands that must then stop in one line
    "text schema_version": (
        "UPDATE schema_version SET version = 'abc' WHERE component = 'requests'",
        [*READERS, *WRITERS],
    ),
    "garbage received time": (  # counting must not put it on either side of a deadline
        "UPDATE request SET received = 'garbage' WHERE id = 2",
        list(READERS),
    ),
    "note that is not UTF-8": (
        "UPDATE request SET note = CAST(X'63616c6cff' AS TEXT) WHERE id = 1",
        [READERS[0]],
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_value_is_one_line_naming_the_file(run, tmp_path: Path, damage: str) -> None:  # type: ignore[no-untyped-def]
    path = recorded(run, tmp_path)
    statement, commands = DAMAGE[damage]
    tamper(path, statement)
    for command in commands:
        line = one_error_line(run(*command))
        assert line.startswith(f"wmhr: error: {path}: ") and " damaged " in line
        assert "call" not in line  # never the stored value: it may be personal


def test_flipped_bits_anywhere_are_at_most_one_error_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = recorded(run, tmp_path)
    good = path.read_bytes()
    for position in range(100, len(good), 1531):  # headers, schema, pages, the notes
        data = bytearray(good)
        data[position] ^= 0x55
        for command in READERS:
            path.write_bytes(bytes(data))
            result = run(*command)
            assert result.exit_code in (0, 2), (position, result.output)
            if result.exit_code == 2:
                one_error_line(result)


def another_programs_database(path: Path) -> bytes:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ana', '555')")
    return path.read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ["requests", "add", "asia", "es", "--from", "ana@example.org", "--now", NOW],
        ["ics", "--now", NOW],
        ["requests", "list"],
    ],
)
def test_another_programs_database_is_refused_and_left_alone(run, tmp_path: Path, command) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "theirs.db"
    before = another_programs_database(path)
    line = one_error_line(run(*command, "--db", str(path)))
    assert "an SQLite database of another program (tables contacts)" in line
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_missing_database_for_a_reader_says_so(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for command in READERS:
        result = run(*command)
        assert result.exit_code == 0
        assert f"wmhr: note: no database at {tmp_path / 'wmhr.db'}" in result.stderr
        assert "--db" in result.stderr and "$WMHR_DB" in result.stderr
    assert run("check", "--now", NOW).stderr == ""  # check reads it only for issued invites
    assert not (tmp_path / "wmhr.db").exists()


def without_root_powers() -> list[str]:
    """As root, permissions are not enforced: drop the capabilities that bypass them."""
    if os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search,-fowner"
    return ["setpriv", "--bounding-set", caps, "--inh-caps", caps]


def test_a_wal_database_in_a_read_only_folder_can_be_read(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "wmhr.db"
    for contact in ("ana@example.org", "bruno@example.org"):
        added = run(
            *("requests", "add", "asia", "es", "--from", contact, "--now", NOW),
            *("--db", str(path)),
        )
        assert added.exit_code == 0
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not Path(f"{path}-wal").exists()  # the last writer checkpointed and removed it
    folder.chmod(0o555)
    try:
        wmhr = Path(sys.executable).with_name("wmhr")
        done = subprocess.run(
            [*without_root_powers(), str(wmhr), "requests", "list", "--db", str(path)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert "2 request(s)." in done.stdout


def test_a_fifo_or_device_as_the_database_is_refused_without_waiting(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    for database in (str(fifo), "/dev/zero"):
        for command in (READERS[0], WRITERS[0], ["ics", "--now", NOW, "-o", "-"]):
            line = one_error_line(run(*command, "--db", database))
            assert f"{database}: not a regular file" in line
