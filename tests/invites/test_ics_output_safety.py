"""Where `wmhr ics` writes (issue 9 section 1): -o never destroys the database, the schedule,
the key or anything that is not an .ics file; a replaced file keeps its mode; SEQUENCE never
goes below what the files already carry; a failed delivery records nothing; a stopped run's
temporary files are removed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from ics_support import BUNDLED_TEXT, T0, T1, T2, edit, lint, prop_lines, write_schedule

ROOT = Path(__file__).resolve().parents[2]
LATAM_START = "start = 2022-05-03T23:00:00Z"
MOVED = edit(BUNDLED_TEXT, LATAM_START, "start = 2022-05-04T00:30:00Z")


def refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wmhr: error: -o "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


# -- what -o refuses ------------------------------------------------------------------------


def test_o_refuses_the_database(run, tmp_path) -> None:
    assert run("ics", "--now", T0).exit_code == 0
    before = (tmp_path / "wmhr.db").read_bytes()
    refused(run("ics", "asia", "-o", "wmhr.db", "--now", T1), "the database")
    refused(run("ics", "asia", "-o", str(tmp_path / "wmhr.db"), "--now", T1), "the database")
    assert (tmp_path / "wmhr.db").read_bytes() == before
    # Also one that does not exist yet, named with --db.
    refused(run("ics", "asia", "-o", "new.db", "--db", "new.db", "--now", T1), "the database")
    assert not (tmp_path / "new.db").exists()


def test_o_refuses_the_schedule_even_named_ics(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    refused(run("ics", "asia", "-o", "sessions.toml", "--now", T0), "the schedule file")
    assert (tmp_path / "sessions.toml").read_text("utf-8") == BUNDLED_TEXT
    (tmp_path / "plan.ics").write_text(BUNDLED_TEXT, "utf-8")
    refused(run("ics", "asia", "--file", "plan.ics", "-o", "plan.ics", "--now", T0), "schedule")
    assert (tmp_path / "plan.ics").read_text("utf-8") == BUNDLED_TEXT


def test_o_refuses_the_key_file(run, tmp_path, key_path) -> None:
    key_path.parent.mkdir(parents=True)
    key_path.write_bytes(os.urandom(32))
    key = key_path.read_bytes()
    refused(run("ics", "asia", "-o", str(key_path), "--now", T0), "requester key")
    assert key_path.read_bytes() == key


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "text", "fake-ics"])
def test_o_refuses_what_is_not_a_calendar_file(run, tmp_path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "pipe.ics"
        os.mkfifo(target)  # opening it to write would block: it must never be opened
    elif kind == "device":
        target = Path(os.devnull)
    elif kind == "folder":
        target = tmp_path / "folder.ics"
        target.mkdir()
    else:
        target = tmp_path / ("notes.txt" if kind == "text" else "fake.ics")
        target.write_text("not a calendar\n", "utf-8")
    result = run("ics", "asia", "-o", str(target), "--now", T0)
    refused(result)
    if kind in ("text", "fake-ics"):
        assert target.read_text("utf-8") == "not a calendar\n"
    assert not list(tmp_path.glob("wmhr.db*"))


def test_o_replaces_an_existing_invite_keeping_its_mode(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "latam", "-o", "latam.ics", "--now", T0).exit_code == 0
    target = tmp_path / "latam.ics"
    target.chmod(0o600)
    write_schedule(tmp_path, MOVED)
    assert run("ics", "latam", "-o", "latam.ics", "--now", T1).exit_code == 0
    assert prop_lines(target.read_bytes(), "DTSTART") == ["20220504T003000Z"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_out_keeps_each_files_mode_and_new_files_are_public(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0
    latam = tmp_path / "invites" / "latam.ics"
    assert stat.S_IMODE(latam.stat().st_mode) == 0o644
    latam.chmod(0o640)
    write_schedule(tmp_path, MOVED)
    assert run("ics", "--now", T1).exit_code == 0
    assert prop_lines(latam.read_bytes(), "SEQUENCE") == ["1"]
    assert stat.S_IMODE(latam.stat().st_mode) == 0o640


# -- SEQUENCE never below the files ---------------------------------------------------------


def _ledger(tmp_path: Path) -> dict[str, int]:
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:
        rows = conn.execute("SELECT uid, sequence FROM issued_event").fetchall()
    return {uid.split("@")[0]: sequence for uid, sequence in rows}


def _files_ahead_of_the_ledger(run, tmp_path: Path) -> None:
    """The state a kill -9 between writing files and committing leaves: files at SEQUENCE 1,
    the database at 0 (made here by restoring the database from before the run)."""
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0
    shutil.copy(tmp_path / "wmhr.db", tmp_path / "backup.db")
    write_schedule(tmp_path, MOVED)
    assert run("ics", "--now", T1).exit_code == 0
    shutil.copy(tmp_path / "backup.db", tmp_path / "wmhr.db")
    assert _ledger(tmp_path)["latam"] == 0
    assert prop_lines((tmp_path / "invites" / "latam.ics").read_bytes(), "SEQUENCE") == ["1"]


def test_reverting_never_lowers_the_sequence_the_files_carry(run, tmp_path) -> None:
    _files_ahead_of_the_ledger(run, tmp_path)
    write_schedule(tmp_path, BUNDLED_TEXT)  # back to the content the database knows (SEQUENCE 0)
    result = run("ics", "--now", T2)
    assert result.exit_code == 0, result.output
    latam = (tmp_path / "invites" / "latam.ics").read_bytes()
    assert prop_lines(latam, "SEQUENCE") == ["2"]
    assert prop_lines(latam, "DTSTAMP") == ["20220403T184500Z"]
    assert _ledger(tmp_path)["latam"] == 2  # and the database is repaired


def test_the_next_run_adopts_what_the_files_carry(run, tmp_path) -> None:
    _files_ahead_of_the_ledger(run, tmp_path)
    before = {p.name: p.read_bytes() for p in (tmp_path / "invites").glob("*.ics")}
    result = run("ics", "--now", T2)  # same content as the files: nothing to re-issue
    assert result.exit_code == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "invites").glob("*.ics")} == before
    assert _ledger(tmp_path)["latam"] == 1


def test_a_lost_database_continues_from_the_files(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0
    write_schedule(tmp_path, MOVED)
    assert run("ics", "--now", T1).exit_code == 0
    for path in tmp_path.glob("wmhr.db*"):
        path.unlink()
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T2).exit_code == 0
    assert prop_lines((tmp_path / "invites" / "latam.ics").read_bytes(), "SEQUENCE") == ["2"]


def test_a_one_off_invite_never_lowers_the_file_it_replaces(run, tmp_path) -> None:
    write_schedule(tmp_path, MOVED)
    assert run("ics", "latam", "-o", "latam.ics", "--db", "org.db", "--now", T0).exit_code == 0
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "latam", "-o", "latam.ics", "--db", "org.db", "--now", T1).exit_code == 0
    assert prop_lines((tmp_path / "latam.ics").read_bytes(), "SEQUENCE") == ["1"]
    # Without a database (no "Moved:" note then, so a change): above what the file carries.
    assert run("ics", "latam", "-o", "latam.ics", "--now", T2).exit_code == 0
    first = (tmp_path / "latam.ics").read_bytes()
    assert prop_lines(first, "SEQUENCE") == ["2"]
    # Rewriting the same invite leaves it byte for byte; another change goes above it again.
    assert run("ics", "latam", "-o", "latam.ics", "--now", "2022-04-05T00:00Z").exit_code == 0
    assert (tmp_path / "latam.ics").read_bytes() == first
    write_schedule(tmp_path, MOVED)
    assert run("ics", "latam", "-o", "latam.ics", "--now", "2022-04-05T00:00Z").exit_code == 0
    assert prop_lines((tmp_path / "latam.ics").read_bytes(), "SEQUENCE") == ["3"]


# -- leftovers of a stopped run -------------------------------------------------------------


def test_a_stopped_runs_temporary_files_are_removed(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0
    invites = tmp_path / "invites"
    series = (invites / "series.ics").read_bytes()
    leftovers = [".latam.ics.0123456789ab.tmp", ".series.ics.k2_9xq0a.tmp"]  # ours, tempfile's
    for name in leftovers:
        (invites / name).write_bytes(series)
    kept = [".htaccess", "notes.tmp", ".latam.ics.bak"]
    for name in kept:
        (invites / name).write_text("mine\n", "utf-8")
    result = run("ics", "--now", T1)
    assert result.exit_code == 0
    assert "removed 2 temporary file(s)" in result.stderr
    assert not any((invites / name).exists() for name in leftovers)
    assert all((invites / name).read_text("utf-8") == "mine\n" for name in kept)
    assert not list(invites.glob(".*.tmp"))


# -- a failed delivery records nothing ------------------------------------------------------


def _big_schedule(tmp_path: Path, count: int = 600) -> Path:
    head = BUNDLED_TEXT[: BUNDLED_TEXT.index("[[session]]")]
    rows = [
        f'[[session]]\nid = "s{n:04d}"\nregion = "Region {n}"\nlanguage = "en"\n'
        f"start = 2030-01-{1 + n // 24:02d}T{n % 24:02d}:00:00Z\n"
        f'anchor_city = "Berlin, Germany"\nzone = "Europe/Berlin"\n'
        for n in range(count)
    ]
    return write_schedule(tmp_path, head + "\n".join(rows))


def _wmhr(tmp_path: Path, *args: str, shell_suffix: str = "", **kwargs):  # type: ignore[no-untyped-def]
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"}
    command = [sys.executable, "-m", "wmhr", *args]
    if shell_suffix:
        quoted = " ".join(f"'{part}'" for part in command)
        command = ["bash", "-c", f"{quoted} {shell_suffix}"]
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, timeout=120, check=False, **kwargs
    )


def _recorded(tmp_path: Path) -> int:
    if not (tmp_path / "org.db").exists():
        return 0
    with sqlite3.connect(tmp_path / "org.db") as conn:
        return int(conn.execute("SELECT count(*) FROM issued_event").fetchone()[0])


def _one_error_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("wmhr: error: standard output"), lines
    return lines[0]


def test_a_reader_that_goes_away_is_a_failure(tmp_path) -> None:
    _big_schedule(tmp_path)
    done = _wmhr(
        tmp_path, "ics", "-o", "-", "--db", "org.db", "--now", T0, shell_suffix="| head -c 100"
    )
    assert len(done.stdout) == 100
    assert b"Traceback" not in done.stderr
    assert "Broken pipe" in _one_error_line(done.stderr)
    assert _recorded(tmp_path) == 0
    # `set -o pipefail` semantics: wmhr's own status is non-zero.
    status = _wmhr(
        tmp_path,
        "ics",
        "-o",
        "-",
        "--db",
        "org.db",
        "--now",
        T0,
        shell_suffix="| head -c 100 >/dev/null; exit ${PIPESTATUS[0]}",
    )
    assert status.returncode != 0


def test_a_full_disk_is_a_failure(tmp_path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    write_schedule(tmp_path, BUNDLED_TEXT)
    with Path("/dev/full").open("wb") as full:
        done = _wmhr(tmp_path, "ics", "-o", "-", "--db", "org.db", "--now", T0, stdout=full)
    assert done.returncode == 2
    assert "No space left" in _one_error_line(done.stderr)
    assert _recorded(tmp_path) == 0


def test_a_closed_stdout_is_a_failure(tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    done = _wmhr(tmp_path, "ics", "-o", "-", "--db", "org.db", "--now", T0, shell_suffix=">&-")
    assert done.returncode == 2
    assert "closed" in _one_error_line(done.stderr)
    assert _recorded(tmp_path) == 0


def test_an_ascii_terminal_still_gets_the_exact_bytes(tmp_path) -> None:
    from ics_support import unicode_schedule

    write_schedule(tmp_path, unicode_schedule())
    env_run = _wmhr(tmp_path, "ics", "asia", "-o", "-", "--now", T0)
    ascii_run = subprocess.run(
        [sys.executable, "-m", "wmhr", "ics", "asia", "-o", "-", "--now", T0],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert ascii_run.returncode == 0, ascii_run.stderr
    assert ascii_run.stdout == env_run.stdout
    lint(ascii_run.stdout)
