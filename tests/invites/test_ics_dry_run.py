"""`wmhr ics --dry-run` (issue 9 section 6): what a run would change (new, changed, cancelled,
unchanged) without writing anything: no files, no folder, no database."""

from __future__ import annotations

import json
from pathlib import Path

from ics_support import BUNDLED_TEXT, T0, T1, edit, write_schedule

CHANGED = edit(BUNDLED_TEXT, "start = 2022-05-03T23:00:00Z", "start = 2022-05-04T00:00:00Z")
CHANGED = edit(CHANGED, 'zone = "Europe/Berlin"', 'zone = "Europe/Berlin"\nstatus = "cancelled"')


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file with its bytes and modification time; SQLite's own -wal/-shm companions, which
    any reader of a WAL database may leave, are not wmhr's writing."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def dry(run, *args: str) -> dict[str, object]:
    result = run("ics", "--dry-run", "--json", *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_a_first_dry_run_writes_nothing(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    before = snapshot(tmp_path)
    report = dry(run, "--now", T0, "--organizer-deadlines")
    assert report["counts"] == {"new": 8, "changed": 0, "cancelled": 0, "unchanged": 0}
    assert report["database"] is None
    names = ("latam.ics", "cee.ics", "africa.ics", "asia.ics", "series.ics", "deadlines.ics")
    files = {f["name"]: f["change"] for f in report["files"]}  # type: ignore[attr-defined]
    assert files == dict.fromkeys(names, "new")
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "invites").exists() and not list(tmp_path.glob("wmhr.db*"))


def test_changes_are_classified_and_nothing_is_touched(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0
    write_schedule(tmp_path, CHANGED)
    before = snapshot(tmp_path)
    report = dry(run, "--now", T1)
    events = {e["session"]: e for e in report["events"]}  # type: ignore[attr-defined]
    assert {sid: e["change"] for sid, e in events.items()} == {
        "latam": "changed",
        "cee": "cancelled",
        "africa": "unchanged",
        "asia": "unchanged",
    }
    assert (events["latam"]["previous_sequence"], events["latam"]["sequence"]) == (0, 1)
    assert events["cee"]["status"] == "CANCELLED"
    files = {f["name"]: f["change"] for f in report["files"]}  # type: ignore[attr-defined]
    assert files["africa.ics"] == "unchanged" and files["latam.ics"] == "replaced"
    assert report["database"] == str(tmp_path / "wmhr.db")
    assert snapshot(tmp_path) == before
    # And the real run does what the dry run said.
    result = run("ics", "--now", T1)
    assert "2 new or changed, 2 unchanged" in result.stderr


def test_a_deleted_session_would_be_cancelled(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0
    start = BUNDLED_TEXT.index('[[session]]\nid = "africa"')
    end = BUNDLED_TEXT.index("[[session]]", start + 1)
    write_schedule(tmp_path, BUNDLED_TEXT[:start] + BUNDLED_TEXT[end:])
    result = run("ics", "--dry-run", "--now", T1)
    assert result.exit_code == 0
    assert 'warning: session "africa" is no longer in' in result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("africa "))
    assert "cancelled" in row and "0 -> 1" in row
    assert "1 cancelled" in result.stdout and "nothing was written" in result.stdout


def test_a_one_off_dry_run_creates_neither_file_nor_database(run, tmp_path) -> None:
    report = dry(run, "asia", "-o", "asia.ics", "--now", T0)
    assert report["counts"]["new"] == 1  # type: ignore[index]
    assert report["files"] == [{"name": "asia.ics", "change": "new"}]
    assert not (tmp_path / "asia.ics").exists() and not list(tmp_path.glob("wmhr.db*"))
    assert run("ics", "asia", "-o", "asia.ics", "--now", T0).exit_code == 0
    report = dry(run, "asia", "-o", "asia.ics", "--now", T1)
    assert report["counts"]["unchanged"] == 1  # type: ignore[index]
    assert report["files"] == [{"name": "asia.ics", "change": "unchanged"}]


def test_a_dry_run_leaves_a_stopped_runs_leftovers_alone(run, tmp_path) -> None:
    assert run("ics", "--now", T0).exit_code == 0
    leftover = tmp_path / "invites" / ".asia.ics.0123456789ab.tmp"
    leftover.write_text("partial", "utf-8")
    assert run("ics", "--dry-run", "--now", T1).exit_code == 0
    assert leftover.exists()


def test_json_needs_dry_run(run) -> None:
    result = run("ics", "--json", "--now", T0)
    assert result.exit_code == 2 and "--format json goes with --dry-run" in result.stderr
