"""SEQUENCE and DTSTAMP over an event's life: unchanged, rescheduled, cancelled, deleted, and
after a lost database, all driven only by editing sessions.toml."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ics_support import BUNDLED_TEXT, T0, T1, T2, edit, lint, prop_lines, write_schedule

LATAM_START = "start = 2022-05-03T23:00:00Z"


def issue(run, tmp_path: Path, text: str, now: str, *extra: str):
    write_schedule(tmp_path, text)
    result = run("ics", "--now", now, *extra)
    assert result.exit_code == 0, result.output
    files = {p.name: p.read_bytes() for p in (tmp_path / "invites").glob("*.ics")}
    for name, data in files.items():
        lint(data, name)
    return result, files


def event_of(files: dict[str, bytes], session: str) -> dict[str, str]:
    data = files[f"{session}.ics"]
    return {name: prop_lines(data, name)[0] for name in ("SEQUENCE", "DTSTAMP", "STATUS")} | {
        "DTSTART": prop_lines(data, "DTSTART")[0],
        "UID": prop_lines(data, "UID")[-1],
    }


def test_regenerating_an_unchanged_schedule_is_byte_identical(run, tmp_path) -> None:
    _, first = issue(run, tmp_path, BUNDLED_TEXT, T0)
    result, again = issue(run, tmp_path, BUNDLED_TEXT, T2)
    assert again == first
    assert "0 new or changed, 4 unchanged" in result.stderr
    assert event_of(again, "latam")["DTSTAMP"] == "20220401T000000Z"


def test_reschedule_bumps_sequence_and_stamp_of_that_session_only(run, tmp_path) -> None:
    _, first = issue(run, tmp_path, BUNDLED_TEXT, T0)
    moved = edit(BUNDLED_TEXT, LATAM_START, "start = 2022-05-04T00:00:00Z")
    _, second = issue(run, tmp_path, moved, T1)
    before, after = event_of(first, "latam"), event_of(second, "latam")
    assert after["UID"] == before["UID"] == "latam@wmf-human-rights-policy-conversations-2022"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == ("0", "1")
    assert after["DTSTAMP"] == "20220402T093000Z" > before["DTSTAMP"]
    assert after["DTSTART"] == "20220504T000000Z"
    for other in ("cee", "africa", "asia"):
        assert second[f"{other}.ics"] == first[f"{other}.ics"]
    assert sorted(prop_lines(second["series.ics"], "SEQUENCE")) == ["0", "0", "0", "1"]
    # Moving it back is a change too: SEQUENCE never goes down.
    _, third = issue(run, tmp_path, BUNDLED_TEXT, T2)
    assert event_of(third, "latam")["SEQUENCE"] == "2"


def test_a_text_change_is_a_change(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    reworded = edit(BUNDLED_TEXT, '"Keep your video off"', '"Keep your camera off"')
    _, files = issue(run, tmp_path, reworded, T1)
    # latam's too: its invite is in Spanish, whose text did not change, but one UID carries one
    # SEQUENCE in every language, and its English copy (`ics --lang en`) says the new text.
    assert all(event_of(files, s)["SEQUENCE"] == "1" for s in ("cee", "africa", "asia", "latam"))


def test_options_are_not_content_changes(run, tmp_path) -> None:
    _, first = issue(run, tmp_path, BUNDLED_TEXT, T0)
    _, second = issue(run, tmp_path, BUNDLED_TEXT, T1, "--alarm", "1h")
    assert event_of(second, "latam") == event_of(first, "latam")
    assert b"TRIGGER;RELATED=START:-PT1H" in second["latam.ics"]


def test_cancel_keeps_the_event_with_status_cancelled(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    cancelled = edit(
        BUNDLED_TEXT, 'zone = "Europe/Berlin"', 'zone = "Europe/Berlin"\nstatus = "cancelled"'
    )
    _, files = issue(run, tmp_path, cancelled, T1)
    cee = event_of(files, "cee")
    assert (cee["STATUS"], cee["SEQUENCE"], cee["DTSTAMP"]) == (
        "CANCELLED",
        "1",
        "20220402T093000Z",
    )
    assert prop_lines(files["cee.ics"], "SUMMARY")[0].startswith("Cancelled: ")
    assert b"BEGIN:VALARM" not in files["cee.ics"]  # no reminder for a session that is off
    assert prop_lines(files["series.ics"], "STATUS").count("CANCELLED") == 1
    assert event_of(files, "latam")["SEQUENCE"] == "0"


def test_a_session_deleted_after_issue_is_written_cancelled_with_a_warning(run, tmp_path) -> None:
    _, first = issue(run, tmp_path, BUNDLED_TEXT, T0)
    start = BUNDLED_TEXT.index('[[session]]\nid = "africa"')
    end = BUNDLED_TEXT.index("[[session]]", start + 1)
    without = BUNDLED_TEXT[:start] + BUNDLED_TEXT[end:]
    result, files = issue(run, tmp_path, without, T1)
    assert 'warning: session "africa" is no longer in' in result.stderr
    africa = event_of(files, "africa")
    assert (africa["STATUS"], africa["SEQUENCE"], africa["UID"]) == (
        "CANCELLED",
        "1",
        event_of(first, "africa")["UID"],
    )
    assert prop_lines(files["series.ics"], "STATUS").count("CANCELLED") == 1
    # Written again unchanged on the next run (still with the warning), byte for byte.
    result, again = issue(run, tmp_path, without, T2)
    assert again == files and "warning" in result.stderr


def test_lost_database_recovers_with_a_pinned_minimum(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    moved = edit(BUNDLED_TEXT, LATAM_START, "start = 2022-05-04T00:00:00Z")
    issue(run, tmp_path, moved, T1)  # latam is now SEQUENCE 1 in people's calendars
    (tmp_path / "wmhr.db").unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp_path / 'wmhr.db'}{suffix}").unlink(missing_ok=True)
    pinned = edit(moved, 'zone = "America/Santiago"', 'zone = "America/Santiago"\nmin_sequence = 2')
    _, files = issue(run, tmp_path, pinned, T2)
    latam = event_of(files, "latam")
    assert (latam["SEQUENCE"], latam["DTSTAMP"]) == ("2", "20220403T184500Z")
    # The pin is a floor, not a value: a later change still goes up from there.
    _, files = issue(
        run, tmp_path, edit(pinned, "2022-05-04T00:00:00Z", "2022-05-04T01:00:00Z"), T2
    )
    assert event_of(files, "latam")["SEQUENCE"] == "3"


def test_a_pin_below_the_issued_sequence_never_lowers_it(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    issue(run, tmp_path, edit(BUNDLED_TEXT, LATAM_START, "start = 2022-05-04T00:00:00Z"), T1)
    pinned = edit(
        BUNDLED_TEXT, 'zone = "America/Santiago"', 'zone = "America/Santiago"\nmin_sequence = 1'
    )
    _, files = issue(run, tmp_path, pinned, T2)  # moved back: a change, so 2, not the pin's 1
    assert event_of(files, "latam")["SEQUENCE"] == "2"


def test_a_change_dated_before_the_last_issue_is_refused(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T1)
    write_schedule(tmp_path, edit(BUNDLED_TEXT, LATAM_START, "start = 2022-05-04T00:00:00Z"))
    before = (tmp_path / "invites" / "latam.ics").read_bytes()
    result = run("ics", "--now", T0)
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: latam@") and "--now" in result.stderr
    assert (tmp_path / "invites" / "latam.ics").read_bytes() == before


def test_the_database_records_each_uid(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0, "--organizer-deadlines")
    rows = sqlite3.connect(tmp_path / "wmhr.db").execute(
        "SELECT uid, kind, sequence, dtstamp FROM issued_event ORDER BY uid"
    )
    rows = list(rows)
    assert len(rows) == 8
    assert (
        "asia@wmf-human-rights-policy-conversations-2022",
        "session",
        0,
        "2022-04-01T00:00:00Z",
    ) in rows


def test_unchanged_files_are_not_rewritten(run, tmp_path) -> None:
    import os

    issue(run, tmp_path, BUNDLED_TEXT, T0)
    path = tmp_path / "invites" / "asia.ics"
    os.utime(path, (1_000_000_000, 1_000_000_000))
    issue(run, tmp_path, edit(BUNDLED_TEXT, LATAM_START, "start = 2022-05-04T00:00:00Z"), T1)
    assert path.stat().st_mtime == 1_000_000_000  # web servers keep serving it as unchanged
    assert (tmp_path / "invites" / "latam.ics").stat().st_mtime > 1_000_000_000
    assert not list((tmp_path / "invites").glob(".*.tmp"))


def test_a_deleted_session_can_be_named(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    start = BUNDLED_TEXT.index('[[session]]\nid = "africa"')
    end = BUNDLED_TEXT.index("[[session]]", start + 1)
    write_schedule(tmp_path, BUNDLED_TEXT[:start] + BUNDLED_TEXT[end:])
    result = run("ics", "africa", "-o", "-", "--now", T1)
    assert result.exit_code == 0 and 'session "africa" is no longer in' in result.stderr
    assert prop_lines(result.stdout_bytes, "STATUS") == ["CANCELLED"]
    result = run("ics", "atlantis", "-o", "-", "--now", T1)
    assert result.exit_code == 2 and 'unknown session "atlantis"' in result.stderr
