"""`wmhr reschedule`, `wmhr cancel` and `wmhr restore`: sessions.toml edited in place, with its
comments and layout kept, and left as it was on any error."""

from __future__ import annotations

import difflib
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import BUNDLED, bundled_text
from tests.golden import assert_golden
from wmhr.schedule import check, edit
from wmhr.schedule.model import Session, parse
from wmhr.time.zones import load_iana_zone

APRIL_10 = "2022-04-10T00:00Z"
# Comments in every place a hand-kept file has them: above a table, between keys, after a value
# that the edit changes and after one it does not.
COMMENTED = (
    bundled_text()
    .replace(
        '[[session]]\nid = "latam"',
        '# Moved once already, see the mailing list.\n[[session]]\nid = "latam"',
    )
    .replace(
        "start = 2022-05-03T23:00:00Z",
        "start = 2022-05-03T23:00:00Z   # the page: 19:00 in Santiago\n# keep the anchor below",
    )
    .replace('zone = "America/Santiago"', 'zone   =   "America/Santiago"  # aligned by hand')
)


def write(folder: Path, text: str = COMMENTED, name: str = "sessions.toml") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    return [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]


# -- reschedule ----------------------------------------------------------------------------------


def test_reschedule_changes_only_the_edited_values_and_keeps_every_comment(run, isolated):
    path = write(isolated)
    result = run("reschedule", "latam", "2022-05-03 20:00 America/Santiago", "--now", APRIL_10)
    assert result.exit_code == 0, result.output
    new = path.read_text("utf-8")
    assert changed_lines(COMMENTED, new) == [
        (
            "start = 2022-05-03T23:00:00Z   # the page: 19:00 in Santiago\n",
            "start = 2022-05-04T00:00:00Z   # the page: 19:00 in Santiago\n",
        ),
        ('published_utc = "Tues 3 May 23:00"\n', 'published_utc = "Wed 4 May 00:00"\n'),
        ('published_local = "Tues 3 May 19:00"\n', 'published_local = "Tues 3 May 20:00"\n'),
    ]


def test_reschedule_file_diff_golden(run, isolated):
    path = write(isolated, bundled_text())
    result = run("reschedule", "latam", "2022-05-04T00:00Z", "--now", APRIL_10)
    assert result.exit_code == 0, result.output
    diff = difflib.unified_diff(
        bundled_text().splitlines(keepends=True),
        path.read_text("utf-8").splitlines(keepends=True),
        "a/sessions.toml",
        "b/sessions.toml",
    )
    assert_golden("reschedule-latam.diff", "".join(diff))


def test_reschedule_prints_old_and_new_in_utc_and_anchor_time(run, isolated):
    write(isolated, bundled_text())
    result = run("reschedule", "latam", "2022-05-03 20:00 Santiago", "--now", APRIL_10)
    assert result.exit_code == 0
    assert_golden("reschedule-latam.txt", result.stdout.replace(str(isolated), "/tmp/demo"))


def test_reschedule_json_contract(run, isolated):
    write(isolated, bundled_text())
    result = run("reschedule", "cee", "2022-05-10T17:00Z", "--now", APRIL_10, "--json")
    data = json.loads(result.stdout)
    assert data["action"] == "reschedule" and data["session"] == "cee" and data["changed"]
    assert data["changes"] == ["start", "published_utc", "published_local"]
    assert data["before"]["start"] == "2022-05-09T17:00:00+00:00"
    assert data["after"] == {
        "start": "2022-05-10T17:00:00+00:00",
        "zone": "Europe/Berlin",
        "local": "2022-05-10T19:00:00+02:00",
        "status": "confirmed",
        "published_utc": "Tues 10 May 17:00",
        "published_local": "Tues 10 May 19:00",
    }
    assert data["findings"] == []


def test_check_passes_after_the_readme_steps(run, isolated):
    """The README's organizer steps: copy, record the corrected Asia time, move Latin America;
    `wmhr check` then finds no error (the stale published times are recomputed, not left)."""
    write(isolated, bundled_text())
    assert run("check", "--now", APRIL_10).exit_code == 1  # the page's own Asia mistake
    assert run("reschedule", "asia", "2022-05-16 12:00 UTC", "--now", APRIL_10).exit_code == 0
    moved = run("reschedule", "latam", "2022-05-03 20:00 America/Santiago", "--now", APRIL_10)
    assert moved.exit_code == 0
    assert run("cancel", "cee", "--now", APRIL_10).exit_code == 0
    checked = run("check", "--now", APRIL_10, "--json")
    assert checked.exit_code == 0, checked.stdout
    assert [f for f in json.loads(checked.stdout)["findings"] if f["level"] == "error"] == []


def test_a_hand_edited_start_left_check_failing(run, isolated):
    """What the command fixes: moving `start` alone leaves the published times stale."""
    write(isolated, bundled_text().replace("2022-05-03T23:00:00Z", "2022-05-04T00:00:00Z"))
    result = run("check", "--now", APRIL_10)
    assert result.exit_code == 1
    assert 'the page publishes "Tues 3 May 23:00" in UTC' in result.stdout


def test_reschedule_to_the_same_time_changes_nothing(run, isolated):
    path = write(isolated, bundled_text())
    before = path.stat().st_mtime_ns
    result = run("reschedule", "latam", "2022-05-03 19:00 America/Santiago", "--now", APRIL_10)
    assert result.exit_code == 0
    assert "latam already starts 2022-05-03T23:00Z" in result.stdout
    assert "is unchanged" in result.stdout
    assert path.stat().st_mtime_ns == before
    assert path.read_text("utf-8") == bundled_text()


def test_reschedule_records_the_corrected_published_time(run, isolated):
    path = write(isolated, bundled_text())
    result = run("reschedule", "asia", "2022-05-16T12:00Z", "--now", APRIL_10, "--json")
    assert json.loads(result.stdout)["changes"] == ["published_local"]
    assert changed_lines(bundled_text(), path.read_text("utf-8")) == [
        ('published_local = "Mon 16 May 20:00"\n', 'published_local = "Mon 16 May 19:00"\n')
    ]


def test_published_times_are_only_recomputed_where_the_file_has_them(run, isolated):
    text = bundled_text().replace('published_local = "Tues 3 May 19:00"\n', "")
    path = write(isolated, text)
    assert run("reschedule", "latam", "2022-05-04T00:00Z", "--now", APRIL_10).exit_code == 0
    assert changed_lines(text, path.read_text("utf-8")) == [
        ("start = 2022-05-03T23:00:00Z\n", "start = 2022-05-04T00:00:00Z\n"),
        ('published_utc = "Tues 3 May 23:00"\n', 'published_utc = "Wed 4 May 00:00"\n'),
    ]


def test_reschedule_warns_about_what_check_will_find(run, isolated):
    path = write(isolated, bundled_text())
    result = run("reschedule", "africa", "2022-05-09T17:30Z", "--now", APRIL_10)
    assert result.exit_code == 0  # the edit is made: moving the other session may be next
    assert "wmhr: warning: africa: overlaps cee" in result.stderr
    assert "`wmhr check` counts it as an error" in result.stderr
    assert "start = 2022-05-09T17:30:00Z" in path.read_text("utf-8")


def test_reschedule_a_cancelled_session_says_it_stays_cancelled(run, isolated):
    write(isolated, bundled_text().replace('id = "cee"\n', 'id = "cee"\nstatus = "cancelled"\n'))
    result = run("reschedule", "cee", "2022-05-10T17:00Z", "--now", APRIL_10)
    assert result.exit_code == 0
    assert "cee stays cancelled; `wmhr restore cee` holds it again." in result.stdout


# -- what a reschedule refuses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2022-05-04 00:00", "has no time zone or offset"),
        ("04/05/2022 20:00 Santiago", "could be day/month or month/day"),
        ("2022-05-04 00:00 IST", "IST"),
        ("2022-03-27 02:30 Europe/Berlin", "does not exist (the clocks skip it): --earlier means"),
        ("2022-10-30 02:30 Europe/Berlin", "happens twice (the clocks go back): --earlier means"),
        ("2022-04-01T00:00Z", "is in the past (now is 2022-04-10T00:00Z)"),
        ("2022-05-04T00:00:30Z", "whole minute"),
    ],
)
def test_refused_times_leave_the_file_untouched(run, isolated, when, message):
    path = write(isolated)
    result = run("reschedule", "latam", when, "--now", APRIL_10)
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert path.read_bytes() == COMMENTED.encode("utf-8")


def test_earlier_and_later_pick_a_repeated_local_time(run, isolated):
    path = write(isolated, bundled_text())
    when = "2022-10-30 02:30 Europe/Berlin"
    result = run("reschedule", "cee", when, "--later", "--now", "2022-01-01T00:00Z", "--json")
    assert json.loads(result.stdout)["after"]["start"] == "2022-10-30T01:30:00+00:00"
    assert 'published_local = "Sun 30 Oct 02:30"' in path.read_text("utf-8")


def test_allow_past_corrects_the_record(run, isolated):
    write(isolated, bundled_text())
    result = run(
        "reschedule", "latam", "2022-05-03T23:30Z", "--now", "2022-06-01T00:00Z", "--allow-past"
    )
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", [["reschedule", "latm", "2022-05-04T00:00Z"], ["cancel", "x"]])
def test_unknown_session_leaves_the_file_untouched(run, isolated, command):
    path = write(isolated)
    result = run(*command, "--now", APRIL_10)
    assert result.exit_code == 2 and "unknown session" in result.stderr
    assert path.read_bytes() == COMMENTED.encode("utf-8")


def test_a_file_that_does_not_load_is_not_edited(run, isolated):
    broken = COMMENTED.replace('zone = "Europe/Berlin"', 'zone = "Europe/Berlni"')
    path = write(isolated, broken)
    result = run("cancel", "latam", "--now", APRIL_10)
    assert result.exit_code == 2
    assert "session[1].zone: unknown time zone" in result.stderr
    assert path.read_bytes() == broken.encode("utf-8")


@pytest.mark.parametrize("command", [["cancel", "cee"], ["reschedule", "cee", "2022-05-10T17:00Z"]])
def test_the_bundled_copy_is_refused_with_the_command_to_copy_it(run, command):
    result = run(*command, "--now", APRIL_10)
    assert result.exit_code == 2
    assert f"copy it with `cp {BUNDLED} sessions.toml`" in result.stderr
    assert "--file" in result.stderr
    by_path = run(*command, "--file", str(BUNDLED), "--now", APRIL_10)
    assert by_path.exit_code == 2 and "bundled" in by_path.stderr


def test_a_failed_write_leaves_the_file_and_no_temporary_file(run, isolated, monkeypatch):
    path = write(isolated)

    def full_disk(self: Path, target: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    result = run("cancel", "cee", "--now", APRIL_10)
    assert result.exit_code == 2
    assert "cannot write it (No space left on device); nothing was changed" in result.stderr
    assert path.read_bytes() == COMMENTED.encode("utf-8")
    assert sorted(p.name for p in isolated.iterdir() if p.is_file()) == ["sessions.toml"]


def test_a_file_changed_while_editing_is_not_overwritten(isolated):
    path = write(isolated)
    result = edit.cancel(COMMENTED, "cee", source=str(path))
    path.write_text(COMMENTED + "\n# someone else's edit\n", "utf-8")
    with pytest.raises(edit.EditError, match="changed while wmhr was editing it"):
        edit.save(path, COMMENTED.encode("utf-8"), result.text)
    assert path.read_text("utf-8").endswith("# someone else's edit\n")


def test_the_file_keeps_its_mode_and_its_symlink(run, isolated):
    (isolated / "real").mkdir()
    real = write(isolated / "real", name="kept-elsewhere.toml")
    real.chmod(0o640)
    link = isolated / "sessions.toml"
    link.symlink_to(real)
    assert run("cancel", "cee", "--now", APRIL_10).exit_code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert 'status = "cancelled"' in real.read_text("utf-8")


def test_windows_line_endings_are_kept(run, isolated):
    crlf = bundled_text().replace("\n", "\r\n")
    path = write(isolated, crlf)
    assert run("cancel", "cee", "--now", APRIL_10).exit_code == 0
    data = path.read_bytes()
    assert b'status = "cancelled"\r\n' in data
    assert data.count(b"\n") == data.count(b"\r\n")


# -- cancel and restore ----------------------------------------------------------------------------


def test_cancel_then_restore_gives_back_the_same_bytes(run, isolated):
    path = write(isolated)
    cancelled = run("cancel", "cee", "--now", APRIL_10)
    assert cancelled.exit_code == 0
    assert "status  confirmed  cancelled" in cancelled.stdout
    assert path.read_text("utf-8") == COMMENTED.replace(
        'published_local = "Mon 9 May 19:00"\n',
        'published_local = "Mon 9 May 19:00"\nstatus = "cancelled"\n',
    )
    assert run("sessions", "--json", "--now", APRIL_10).stdout.count('"cancelled"') == 2
    restored = run("restore", "cee", "--now", APRIL_10)
    assert restored.exit_code == 0 and "status  cancelled  confirmed" in restored.stdout
    assert path.read_bytes() == COMMENTED.encode("utf-8")


def test_cancel_a_tentative_session_keeps_the_key_where_it_is(run, isolated):
    text = bundled_text().replace('id = "asia"\n', 'id = "asia"\nstatus = "tentative"  # TBC\n')
    path = write(isolated, text)
    assert run("cancel", "asia", "--now", APRIL_10).exit_code == 0
    assert changed_lines(text, path.read_text("utf-8")) == [
        (
            'status = "tentative"  # TBC\n',
            'status = "cancelled"  # TBC (was "tentative" before wmhr cancel)\n',
        )
    ]


@pytest.mark.parametrize(
    "line",
    [
        'status = "tentative"  # TBC\n',
        'status = "tentative"\n',
        'status = "confirmed"   # said so on the list\n',
        "",
    ],
)
def test_cancel_then_restore_gives_back_the_file_as_it_was(run, isolated, line):
    """Issue 16: restore removed the status line, so "tentative" and its comment were lost."""
    text = bundled_text().replace('id = "asia"\n', f'id = "asia"\n{line}')
    path = write(isolated, text)
    assert run("cancel", "asia", "--now", APRIL_10).exit_code == 0
    assert parse(path.read_text("utf-8"), source="x").session("asia").cancelled
    assert run("restore", "asia", "--now", APRIL_10).exit_code == 0
    assert path.read_text("utf-8") == text


def test_restore_a_hand_cancelled_session_with_a_comment_keeps_the_comment(run, isolated):
    text = bundled_text().replace('id = "asia"\n', 'id = "asia"\nstatus = "cancelled"  # flu\n')
    path = write(isolated, text)
    assert run("restore", "asia", "--now", APRIL_10).exit_code == 0
    assert changed_lines(text, path.read_text("utf-8")) == [
        ('status = "cancelled"  # flu\n', 'status = "confirmed"  # flu\n')
    ]


def test_cancel_twice_and_restore_a_live_session_change_nothing_and_exit_0(run, isolated):
    path = write(isolated)
    assert run("cancel", "cee", "--now", APRIL_10).exit_code == 0
    after_cancel = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    again = run("cancel", "cee", "--now", APRIL_10)
    assert again.exit_code == 0
    assert again.stdout == f"cee is already cancelled; {path} is unchanged\n"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (after_cancel, mtime)
    live = run("restore", "latam", "--now", APRIL_10, "--json")
    assert live.exit_code == 0
    data = json.loads(live.stdout)
    assert (data["changed"], data["changes"]) == (False, [])


def test_file_option_and_environment_pick_the_file(run, isolated, monkeypatch):
    elsewhere = write(isolated, bundled_text(), name="other.toml")
    assert run("cancel", "africa", "--file", str(elsewhere), "--now", APRIL_10).exit_code == 0
    assert 'status = "cancelled"' in elsewhere.read_text("utf-8")
    monkeypatch.setenv("WMHR_SESSIONS", str(elsewhere))
    assert run("restore", "africa", "--now", APRIL_10).exit_code == 0
    assert elsewhere.read_text("utf-8") == bundled_text()


# -- the published times -------------------------------------------------------------------------

ZONES = ["America/Santiago", "Europe/Berlin", "Pacific/Chatham", "Asia/Kathmandu",
         "America/St_Johns", "Australia/Lord_Howe", "Pacific/Kiritimati", "Etc/GMT+12"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
        max_value=datetime(2037, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ).map(lambda moment: moment.replace(second=0, microsecond=0)),
    key=st.sampled_from(ZONES),
)
def test_recomputed_published_times_always_pass_check(start, key):
    zone = load_iana_zone(key)
    session = Session(
        id="s",
        region="r",
        language="en",
        start=start,
        duration_minutes=60,
        anchor_city="c",
        zone=zone,
        published_utc=edit.published_text(start),
        published_local=edit.published_text(start.astimezone(zone)),
    )
    assert list(check.check_published(session)) == []


def test_published_text_is_the_pages_style():
    assert edit.published_text(datetime(2022, 5, 3, 23, 0, tzinfo=UTC)) == "Tues 3 May 23:00"
    assert edit.published_text(datetime(2022, 5, 12, 18, 0, tzinfo=UTC)) == "Thurs 12 May 18:00"
    assert edit.published_text(datetime(2022, 9, 1, 7, 5, tzinfo=UTC)) == "Thurs 1 Sept 07:05"


def test_core_edit_validates_with_the_schedule_loader():
    result = edit.reschedule(
        bundled_text(),
        "asia",
        datetime(2022, 5, 17, 12, 0, tzinfo=UTC),
        source="x.toml",
        now=datetime(2022, 4, 1, tzinfo=UTC),
    )
    reloaded = parse(result.text, source="x.toml")
    assert reloaded.session("asia") == result.after
    assert result.changed_fields == ("start", "published_utc", "published_local")


def test_registering_every_command_does_not_import_tomlkit():
    """Cold start: tomlkit is loaded by the edit commands only, never by `--help` or `sessions`."""
    import subprocess
    import sys

    code = (
        "import sys; from wmhr.cli.root import load_commands; load_commands(None); "
        "print('tomlkit' in sys.modules, 'wmhr.schedule.edit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_editing_a_pipe_is_refused_not_waited_on(run, tmp_path):
    pipe = tmp_path / "sessions.toml"
    os.mkfifo(pipe)
    result = run("cancel", "asia", "--file", str(pipe))
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr and "pass --file" in result.stderr
