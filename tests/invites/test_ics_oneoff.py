"""A participant's one-off invite (issue 8 section 4): `wmhr ics SESSION -o FILE` (or `-o -`)
where no database is writes the invite without creating one, and loads neither icalendar nor
sqlite3 nor rich; with a database (or --db, or $WMHR_DB) the ledger is used as always."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from ics_support import BUNDLED_TEXT, T0, T1, T2, edit, lint, prop_lines, write_schedule

PINNED = edit(BUNDLED_TEXT, 'zone = "Asia/Jakarta"', 'zone = "Asia/Jakarta"\nmin_sequence = 3')


def test_no_database_is_created_and_sequence_comes_from_the_pin(run, tmp_path) -> None:
    write_schedule(tmp_path, PINNED)
    result = run("ics", "asia", "-o", "asia.ics", "--now", T0)
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("wmhr.db*"))
    lines = result.stderr.splitlines()
    # It says what it wrote, nothing about a database the participant never asked for (issue 19).
    assert lines == ["wmhr: wrote asia.ics: 1 event(s)"]
    data = (tmp_path / "asia.ics").read_bytes()
    lint(data)
    assert prop_lines(data, "SEQUENCE") == ["3"]
    assert prop_lines(data, "DTSTAMP") == ["20220401T000000Z"]


def test_standard_output_without_a_database(run, tmp_path) -> None:
    result = run("ics", "asia", "latam", "-o", "-", "--now", T0)
    assert result.exit_code == 0
    assert prop_lines(result.stdout_bytes, "SEQUENCE") == ["0", "0"]
    assert not list(tmp_path.glob("wmhr.db*"))


def test_an_unknown_session_is_refused_without_a_database(run, tmp_path) -> None:
    result = run("ics", "atlantis", "-o", "-", "--now", T0)
    assert result.exit_code == 2 and 'unknown session "atlantis"' in result.stderr
    assert not result.stdout_bytes and not list(tmp_path.glob("wmhr.db*"))


def test_with_a_database_the_ledger_is_used(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0  # the organizers' folder: creates wmhr.db
    assert (tmp_path / "wmhr.db").exists()
    write_schedule(
        tmp_path, edit(BUNDLED_TEXT, "start = 2022-05-16T12:00:00Z", "start = 2022-05-16T13:00:00Z")
    )
    result = run("ics", "asia", "-o", "-", "--now", T1)
    assert result.exit_code == 0
    assert prop_lines(result.stdout_bytes, "SEQUENCE") == ["1"]
    assert "issued state in" in result.stderr and "note" not in result.stderr


def test_a_named_database_is_created_and_used(run, tmp_path, monkeypatch) -> None:
    assert run("ics", "asia", "-o", "a.ics", "--db", "org.db", "--now", T0).exit_code == 0
    assert (tmp_path / "org.db").exists()
    monkeypatch.setenv("WMHR_DB", str(tmp_path / "env.db"))
    assert run("ics", "asia", "-o", "b.ics", "--now", T2).exit_code == 0
    assert (tmp_path / "env.db").exists() and not (tmp_path / "wmhr.db").exists()


def test_the_folder_mode_keeps_the_ledger(run, tmp_path) -> None:
    assert run("ics", "asia", "--now", T0).exit_code == 0
    assert (tmp_path / "wmhr.db").exists()


def test_the_one_off_path_loads_no_icalendar_sqlite3_or_rich(tmp_path) -> None:
    """Run in a fresh interpreter (the test process has them all loaded)."""
    code = textwrap.dedent(
        """
        import sys
        sys.argv = ["wmhr", "ics", "asia", "-o", "asia.ics", "--now", "2022-04-01T00:00Z"]
        from wmhr.cli import main
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, exc.code
        heavy = {"icalendar", "sqlite3", "_sqlite3", "rich", "tempfile", "hashlib"}
        print(sorted(heavy & set(sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "asia.ics").is_file() and not list(tmp_path.glob("wmhr.db*"))
