"""The shared SQLite database: damaged files and read-only commands, for every component."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest

NOW = "2022-04-27T12:00Z"
COMMANDS = {
    "requests list": ["requests", "list"],
    "interpretation": ["interpretation", "--now", NOW],
    "check": ["check", "--now", NOW],
    "ics": ["ics", "--now", NOW],
    "requests add": ["requests", "add", "latam", "es", "--from", "x@example.org", "--now", NOW],
    "requests import": ["requests", "import", "requests.csv", "--now", NOW],
    "requests remove": ["requests", "remove", "1"],
}


def real_database(run, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """wmhr.db with issued invites and a few requests, every page written to the main file."""
    assert run("ics", "--now", "2022-04-01T00:00Z").exit_code == 0
    for index in range(30):
        added = run(
            "requests", "add", ["latam", "cee", "asia"][index % 3], ["es", "uk", "id"][index % 3],
            "--from", f"person{index}@example.org", "--note", f"note {index}", "--now", NOW,
        )  # fmt: skip
        assert added.exit_code == 0, added.stderr
    path = tmp_path / "wmhr.db"
    assert not (tmp_path / "wmhr.db-wal").exists()  # the last connection checkpointed it
    return path


def damaged_copy(run, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A copy with a valid header and schema page, and garbage from byte 4096 on."""
    data = bytearray(real_database(run, tmp_path).read_bytes())
    assert len(data) >= 4 * 4096
    data[4096:] = bytes((index * 7919 + 13) % 251 for index in range(len(data) - 4096))
    path = tmp_path / "damaged.db"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_damaged_database_is_one_line_and_exit_2(run, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    path = damaged_copy(run, tmp_path)
    (tmp_path / "requests.csv").write_text(
        "session,language,contact,time\nlatam,es,y@example.org,2022-04-20T10:00Z\n"
    )
    result = run(*COMMANDS[name], "--db", str(path))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"wmhr: error: {path}: ")
    assert result.stderr.count("\n") == 1
    assert "the database is damaged (database disk image is malformed); restore it" in result.stderr


READERS = {
    "requests list": ["requests", "list"],
    "interpretation": ["interpretation", "--now", NOW],
    "check": ["check", "--now", NOW],
}


def foreign_sqlite(tmp_path: Path) -> Path:
    """Some other program's SQLite file (rollback journal, no wmhr tables)."""
    import sqlite3

    path = tmp_path / "wmhr.db"
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    return path


def requests_only(run, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    add = ["requests", "add", "latam", "es", "--from", "a@example.org", "--now", NOW]
    assert run(*add).exit_code == 0
    return tmp_path / "wmhr.db"


def invites_only(run, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    assert run("ics", "--now", "2022-04-01T00:00Z").exit_code == 0
    return tmp_path / "wmhr.db"


DATABASES = {
    "requests and invites": real_database,
    "requests only": requests_only,
    "invites only": invites_only,
    "another program's": lambda run, tmp_path: foreign_sqlite(tmp_path),
}


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("kind", list(DATABASES))
def test_reading_commands_never_write_the_database(run, tmp_path: Path, kind, reader) -> None:  # type: ignore[no-untyped-def]
    path = DATABASES[kind](run, tmp_path)
    before = path.read_bytes()
    others = {p.name for p in tmp_path.iterdir()}
    result = run(*READERS[reader])
    if kind == "another program's":  # refused, as by writers, not read as "nothing recorded"
        assert result.exit_code == 2, result.output
        assert "an SQLite database of another program (tables notes)" in result.stderr
    else:
        assert result.exit_code in (0, 1), result.output  # check: 1 for the page's wrong time
    assert "Traceback" not in result.output and "warning: " not in result.stderr
    assert path.read_bytes() == before
    # A reader of a WAL database may leave SQLite's -wal and -shm behind, but never anything in
    # the WAL: the main file holds everything, as before.
    for new in {p.name for p in tmp_path.iterdir()} - others:
        assert new in {"wmhr.db-wal", "wmhr.db-shm"}, new
    wal = tmp_path / "wmhr.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("reader", list(READERS))
def test_reading_commands_without_a_database_create_none(run, tmp_path: Path, reader) -> None:  # type: ignore[no-untyped-def]
    assert run(*READERS[reader]).exit_code in (0, 1)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("wmhr.db")]


@pytest.mark.parametrize("reader", list(READERS))
def test_reading_commands_refuse_a_file_that_is_not_sqlite(run, tmp_path: Path, reader) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "wmhr.db").write_text("my notes\n")
    result = run(*READERS[reader])
    assert result.exit_code == 2
    assert "not a wmhr database (not SQLite)" in result.stderr
    assert (tmp_path / "wmhr.db").read_text() == "my notes\n"


def test_a_database_path_that_needs_uri_quoting(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "a b?c#d%20e"
    folder.mkdir()
    path = folder / "requests?.db"
    add = ["requests", "add", "latam", "es", "--from", "a@example.org", "--now", NOW]
    assert run(*add, "--db", str(path)).exit_code == 0
    listed = run("requests", "list", "--json", "--db", str(path))
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)["requests"]) == 1
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "requests?.db"
    ]


def test_remove_on_a_database_without_requests_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = invites_only(run, tmp_path)
    before = path.read_bytes()
    result = run("requests", "remove", "3")
    assert result.exit_code == 2
    assert "records no requests, so no request #3" in result.stderr
    assert path.read_bytes() == before
