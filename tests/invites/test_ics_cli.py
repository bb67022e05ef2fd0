"""`wmhr ics` options, outputs, errors and the privacy rules (no ATTENDEE, ORGANIZER on request)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from icalendar import Calendar
from ics_support import BUNDLED_TEXT, T0, edit, lint, prop_lines, unfold, write_schedule

from wmhr.invites.alarms import AlarmError, parse_alarm, parse_alarms
from wmhr.invites.content import EventContent


def test_stdout_gets_one_calendar_of_the_named_sessions(run, tmp_path) -> None:
    result = run("ics", "asia", "latam", "-o", "-", "--now", T0)
    assert result.exit_code == 0
    data = result.stdout_bytes
    lint(data, "stdout")
    uids = prop_lines(data, "UID")
    assert uids == [
        "latam@wmf-human-rights-policy-conversations-2022",
        "asia@wmf-human-rights-policy-conversations-2022",
    ]
    assert not (tmp_path / "invites").exists()
    assert "wrote standard output: 2 event(s)" in result.stderr


def test_named_sessions_write_only_their_files(run, tmp_path) -> None:
    result = run("ics", "cee", "--out", "public/ics", "--now", T0)
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "public" / "ics").iterdir()) == ["cee.ics"]


def test_output_file(run, tmp_path) -> None:
    assert run("ics", "-o", "all.ics", "--now", T0).exit_code == 0
    data = (tmp_path / "all.ics").read_bytes()
    lint(data)
    assert len(prop_lines(data, "DTSTART")) == 4
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT12H\r\n" in data


def test_feed_has_refresh_hints_and_single_invites_do_not(run, tmp_path) -> None:
    run("ics", "--now", T0)
    series = (tmp_path / "invites" / "series.ics").read_bytes()
    single = (tmp_path / "invites" / "asia.ics").read_bytes()
    for data, expected in ((series, True), (single, False)):
        assert (b"REFRESH-INTERVAL;VALUE=DURATION:" in data) is expected
        assert (b"X-PUBLISHED-TTL:" in data) is expected
        assert b"NAME:" in data and b"X-WR-CALNAME:" in data
        calendar = Calendar.from_ical(data)
        # Snapshots, not iTIP messages; and no calendar UID for readers to mistake for an event's.
        assert "METHOD" not in calendar and "UID" not in calendar


def test_times_are_utc_only(run, tmp_path) -> None:
    run("ics", "--now", T0, "--organizer-deadlines")
    for path in (tmp_path / "invites").glob("*.ics"):
        text = unfold(path.read_bytes()).decode()
        for line in text.splitlines():
            if line.startswith(("DTSTART", "DTEND", "DTSTAMP")):
                assert line.split(":")[0] in ("DTSTART", "DTEND", "DTSTAMP"), line
                assert line.endswith("Z"), line


def test_unknown_session_is_one_line_and_exit_2(run) -> None:
    result = run("ics", "asai", "--now", T0)
    assert result.exit_code == 2
    assert result.stderr == (
        'wmhr: error: unknown session "asai": did you mean "asia"? '
        "known sessions: latam, cee, africa, asia\n"
    )


def test_a_refused_first_run_leaves_no_folder_or_database(run, tmp_path) -> None:
    assert run("ics", "asai", "--now", T0).exit_code == 2
    assert not (tmp_path / "invites").exists()
    assert not (tmp_path / "wmhr.db").exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15m", timedelta(minutes=15)),
        ("15min", timedelta(minutes=15)),
        ("1h", timedelta(hours=1)),
        ("1h30m", timedelta(minutes=90)),
        ("1d", timedelta(days=1)),
        ("2w", timedelta(weeks=2)),
        ("0", timedelta(0)),
        ("PT15M", timedelta(minutes=15)),
        ("-PT15M", timedelta(minutes=15)),  # as written in a TRIGGER: still before the start
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("pt1h", timedelta(hours=1)),
        ("none", None),
    ],
)
def test_alarm_durations(typed: str, expected: timedelta | None) -> None:
    assert parse_alarm(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        *("", "15", "m", "1x", "P", "PT", "-15m", "5w", "1.5h", "P1M", "99999999999d"),
        *("9" * 5000 + "m", "PT" + "9" * 5000 + "S"),  # past int()'s 4,300 digits
    ],
)
def test_bad_alarm_durations(typed: str) -> None:
    with pytest.raises(AlarmError):
        parse_alarm(typed)


def test_alarms_default_dedupe_and_none() -> None:
    assert parse_alarms(None) == (timedelta(minutes=15),)
    assert parse_alarms(["15m", "PT15M", "1d"]) == (timedelta(days=1), timedelta(minutes=15))
    assert parse_alarms(["none"]) == ()
    with pytest.raises(AlarmError):
        parse_alarms(["none", "1h"])


def test_bad_alarm_on_the_command_line(run, tmp_path) -> None:
    result = run("ics", "--alarm", "soon", "--now", T0)
    assert result.exit_code == 2
    assert result.stderr.startswith('wmhr: error: --alarm "soon": not a duration; write e.g.')
    assert not (tmp_path / "invites").exists() and not (tmp_path / "wmhr.db").exists()


def test_no_alarm(run, tmp_path) -> None:
    run("ics", "--alarm", "none", "--now", T0)
    assert b"VALARM" not in (tmp_path / "invites" / "series.ics").read_bytes()


def test_organizer_only_when_asked_and_named(run, tmp_path) -> None:
    run("ics", "--now", T0, "--with-organizer")
    assert b"ORGANIZER" not in (tmp_path / "invites" / "series.ics").read_bytes()
    text = edit(
        BUNDLED_TEXT,
        'organizer = "Wikimedia Foundation Global Advocacy team"',
        'organizer = "Wikimedia Foundation Global Advocacy team"\n'
        'organizer_email = "advocacy@example.org"',
    )
    write_schedule(tmp_path, text)
    run("ics", "--now", T0)
    assert b"ORGANIZER" not in (tmp_path / "invites" / "series.ics").read_bytes()
    result = run("ics", "--now", T0, "--with-organizer")
    assert "warning" not in result.stderr
    data = (tmp_path / "invites" / "latam.ics").read_bytes()
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["ORGANIZER"]) == "mailto:advocacy@example.org"
    assert event["ORGANIZER"].params["CN"] == "Wikimedia Foundation Global Advocacy team"
    assert b"ATTENDEE" not in unfold(data)


def test_organizer_requested_but_not_named_warns(run) -> None:
    result = run("ics", "--now", T0, "--with-organizer")
    assert result.exit_code == 0
    assert "warning: --with-organizer:" in result.stderr and "organizer_email" in result.stderr


def test_organizer_deadlines_go_to_their_own_feed_only(run, tmp_path, schedule) -> None:
    from wmhr.schedule.deadlines import interpretation_deadline

    run("ics", "--now", T0, "--organizer-deadlines")
    folder = tmp_path / "invites"
    deadlines = (folder / "deadlines.ics").read_bytes()
    lint(deadlines)
    events = Calendar.from_ical(deadlines).walk("VEVENT")
    expected = sorted(interpretation_deadline(s, schedule.interpretation) for s in schedule)
    assert [e.start for e in events] == expected == [e.end for e in events]
    assert all(str(e["TRANSP"]) == "TRANSPARENT" and not e.walk("VALARM") for e in events)
    assert str(events[0]["UID"]).startswith("latam.interpretation-deadline@")
    for participant_file in ("series.ics", "latam.ics"):
        assert b"interpretation-deadline" not in (folder / participant_file).read_bytes()


def test_without_organizer_deadlines_an_old_deadlines_feed_is_left_as_it_was(run, tmp_path) -> None:
    """Documented in the README: wmhr never deletes a file it is not asked to write."""
    assert run("ics", "--now", T0, "--organizer-deadlines").exit_code == 0
    feed = tmp_path / "invites" / "deadlines.ics"
    before = feed.read_bytes()
    write_schedule(tmp_path, edit(BUNDLED_TEXT, "lead_days = 5", "lead_days = 6"))
    assert run("ics", "--now", "2022-04-02T00:00Z").exit_code == 0
    assert feed.read_bytes() == before


def test_organizer_deadlines_with_named_sessions_need_one_calendar(run, tmp_path) -> None:
    result = run("ics", "latam", "--organizer-deadlines", "--now", T0)
    assert result.exit_code == 2 and "-o FILE or -o -" in result.stderr
    result = run("ics", "latam", "--organizer-deadlines", "-o", "-", "--now", T0)
    assert result.exit_code == 0
    assert len(prop_lines(result.stdout_bytes, "DTSTART")) == 2


def test_a_session_id_that_would_overwrite_the_feed_is_refused(run, tmp_path) -> None:
    write_schedule(tmp_path, edit(BUNDLED_TEXT, 'id = "asia"', 'id = "series"'))
    result = run("ics", "--now", T0)
    assert result.exit_code == 2
    assert 'session[3].id: "series" would overwrite series.ics' in result.stderr


def test_unsafe_session_ids_never_name_files(run, tmp_path) -> None:
    write_schedule(tmp_path, edit(BUNDLED_TEXT, 'id = "asia"', 'id = "../asia"'))
    result = run("ics", "--now", T0)
    assert result.exit_code == 2 and "is not a safe id" in result.stderr
    assert not list(tmp_path.rglob("*.ics"))


def test_a_tampered_database_cannot_name_files(run, tmp_path, schedule) -> None:
    from wmhr.invites.content import session_content

    content = session_content(schedule, schedule.session("asia")).as_json()
    with pytest.raises(ValueError, match="unsafe session id"):
        EventContent.from_json(json.loads(json.dumps(content | {"session_id": "../x"})))


def test_stored_content_keeps_every_field(schedule) -> None:
    from wmhr.invites.content import session_content

    content = session_content(schedule, schedule.session("asia"))
    assert set(content.as_json()) == set(EventContent._fields)
    assert EventContent.from_json(json.loads(json.dumps(content.as_json()))) == content


def test_out_is_a_file(run, tmp_path) -> None:
    (tmp_path / "invites").write_text("not a folder")
    result = run("ics", "--now", T0)
    assert result.exit_code == 2 and "is a file" in result.stderr
    result = run("ics", "--now", T0, "--out", "invites/inner")
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: --out invites/inner: cannot create the folder")
    assert "Traceback" not in result.output and not (tmp_path / "wmhr.db").exists()


def test_a_foreign_database_is_refused(run, tmp_path) -> None:
    (tmp_path / "wmhr.db").write_text("hello")
    result = run("ics", "--now", T0)
    assert result.exit_code == 2 and "not a wmhr database" in result.stderr


def test_db_option_and_env(run, tmp_path, monkeypatch) -> None:
    assert run("ics", "--now", T0, "--db", "one.db").exit_code == 0
    monkeypatch.setenv("WMHR_DB", str(tmp_path / "two.db"))
    assert run("ics", "--now", T0).exit_code == 0
    assert (tmp_path / "one.db").exists() and (tmp_path / "two.db").exists()
    assert not (tmp_path / "wmhr.db").exists()


def test_ics_is_in_help(run) -> None:
    result = run("ics", "--help")
    assert result.exit_code == 0
    for option in ("--out", "--output", "--alarm", "--organizer-deadlines", "--with-organizer"):
        assert option in result.stdout


def test_the_cli_starts_without_icalendar_or_sqlite() -> None:
    """`wmhr sessions` is benchmarked against `import typer`: `wmhr ics` loads its own weight."""
    import subprocess
    import sys

    code = "import sys, wmhr.cli; print(sorted({'icalendar', 'sqlite3'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
