"""The shared SQLite database: damaged files and read-only commands, for every component."""

from __future__ import annotations

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
