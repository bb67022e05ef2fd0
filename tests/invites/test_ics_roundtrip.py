"""Every file `wmhr ics` writes passes the byte lint and parses back, with icalendar and vobject,
to exactly the schedule's instants, UIDs, sequences, statuses and text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event
from ics_support import T0, lint, unicode_schedule, write_schedule

from wmhr.invites import content as invites
from wmhr.schedule.model import load

NOW = datetime(2022, 4, 1, tzinfo=UTC)


def _write_all(run, tmp_path: Path, text: str | None, *extra: str) -> dict[str, bytes]:
    args = ["ics", "--now", T0, *extra]
    if text is not None:
        args += ["--file", str(write_schedule(tmp_path, text))]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted((tmp_path / "invites").glob("*.ics"))}


def _expected(tmp_path: Path, text: str | None) -> dict[str, invites.EventContent]:
    schedule = load(tmp_path / "sessions.toml" if text is not None else None)
    return {s.id: invites.session_content(schedule, s) for s in schedule}


SCHEDULES = {"bundled": None, "unicode": unicode_schedule()}


@pytest.fixture(params=sorted(SCHEDULES))
def written(request, run, tmp_path):
    text = SCHEDULES[request.param]
    files = _write_all(run, tmp_path, text, "--alarm", "15m", "--alarm", "1d")
    return files, _expected(tmp_path, text)


def test_every_file_passes_the_byte_lint(written) -> None:
    files, expected = written
    assert set(files) == {f"{sid}.ics" for sid in expected} | {"series.ics"}
    for name, data in files.items():
        lint(data, name)


def test_icalendar_reads_back_the_schedule(written) -> None:
    files, expected = written
    for name, data in files.items():
        calendar = Calendar.from_ical(data)
        assert "METHOD" not in calendar
        assert str(calendar["PRODID"]).startswith("-//wmhr//wmhr ")
        events = calendar.walk("VEVENT")
        wanted = list(expected.values()) if name == "series.ics" else [expected[name[:-4]]]
        assert len(events) == len(wanted)
        for event, content in zip(events, wanted, strict=True):
            assert str(event["UID"]) == content.uid
            assert event.start == content.start and event.start.tzinfo is not None
            assert event.end == content.end
            assert event.start.utcoffset() == timedelta(0)
            assert event["SEQUENCE"] == 0
            assert str(event["STATUS"]) == content.status
            assert str(event["SUMMARY"]) == content.summary
            assert str(event["DESCRIPTION"]) == content.description
            assert str(event["LOCATION"]) == content.location
            assert str(event["URL"]) == content.url
            assert event.DTSTAMP == NOW
            alarms = event.walk("VALARM")
            assert [a.TRIGGER for a in alarms] == [timedelta(days=-1), timedelta(minutes=-15)]
            assert "ATTENDEE" not in event and "ORGANIZER" not in event


def test_vobject_validates_and_reads_back_the_schedule(written) -> None:
    files, expected = written
    for name, data in files.items():
        calendar = vobject.readOne(data.decode("utf-8"), validate=True)
        events = list(calendar.vevent_list)
        wanted = list(expected.values()) if name == "series.ics" else [expected[name[:-4]]]
        for event, content in zip(events, wanted, strict=True):
            assert event.uid.value == content.uid
            assert event.dtstart.value == content.start
            assert event.dtend.value == content.end
            assert event.dtstart.value.utcoffset() == timedelta(0)
            assert int(event.sequence.value) == 0
            assert event.status.value == content.status
            assert event.summary.value == content.summary
            assert event.description.value == content.description
            assert event.location.value == content.location


def test_unicode_text_survives_exactly(run, tmp_path) -> None:
    text = unicode_schedule()
    files = _write_all(run, tmp_path, text)
    schedule = load(tmp_path / "sessions.toml")
    asia = schedule.session("asia")
    summary = f"{schedule.series.title}: {asia.region}"
    assert "\n" in summary and ";" in summary and "🇮🇩" in summary
    for parsed in (
        str(Calendar.from_ical(files["asia.ics"]).walk("VEVENT")[0]["SUMMARY"]),
        vobject.readOne(files["asia.ics"].decode("utf-8"), validate=True).vevent.summary.value,
    ):
        assert parsed == summary


def test_join_link_goes_to_location_description_and_conference(run, tmp_path) -> None:
    files = _write_all(run, tmp_path, unicode_schedule())
    event = Calendar.from_ical(files["asia.ics"]).walk("VEVENT")[0]
    link = "https://wikimedia.zoom.us/j/123456789?pwd=a,b;c"
    assert str(event["LOCATION"]) == link
    assert f"Join on Zoom: {link}" in str(event["DESCRIPTION"])
    # In the URI, commas are percent-encoded: vobject (and Radicale) cut CONFERENCE at a comma;
    # and semicolons: Radicale gave `;` back as `\;`.
    encoded = "https://wikimedia.zoom.us/j/123456789?pwd=a%2Cb%3Bc"
    assert [c.uri for c in event.conferences] == [encoded]
    parsed = vobject.readOne(files["asia.ics"].decode("utf-8"), validate=True)
    assert parsed.vevent.conference.value == encoded
    # What Radicale stores is vobject's serialization: the link comes back as written.
    assert "pwd=a%2Cb%3Bc" in parsed.serialize().replace("\r\n ", "")
    other = Calendar.from_ical(files["cee.ics"]).walk("VEVENT")[0]
    assert str(other["LOCATION"]) == "Zoom" and not other.conferences


def test_our_writer_agrees_with_icalendar_event_new(schedule) -> None:
    """The same event built with icalendar's own `Event.new` parses to the same properties."""
    from icalendar import Conference

    from wmhr.invites.icalwrite import CalendarInfo as Info
    from wmhr.invites.icalwrite import Issue, Options, calendar_bytes, event_bytes

    session = schedule.session("latam")
    content = invites.session_content(schedule, session)
    ours = Calendar.from_ical(
        calendar_bytes(
            Info("x", content.url, False),
            [event_bytes(content, Issue(3, NOW), Options(alarms=()))],
        )
    ).walk("VEVENT")[0]
    reference = Event.new(
        uid=content.uid,
        stamp=NOW,
        sequence=3,
        status=content.status,
        start=content.start,
        end=content.end,
        summary=content.summary,
        description=content.description,
        location=content.location,
        url=content.url,
        conferences=[Conference("https://x.example/j/1")] if content.conference else None,
    )
    reference.add("TRANSP", "OPAQUE")
    reference = Calendar.from_ical(reference.to_ical())
    for key in reference:
        assert ours[key].to_ical() == reference[key].to_ical(), key
    assert set(ours) == set(reference)


@pytest.mark.parametrize(
    "options",
    [
        ("--organizer-deadlines",),
        ("--with-organizer", "--alarm", "none"),
        ("--alarm", "0", "--alarm", "2w"),
    ],
)
def test_every_option_writes_valid_files(run, tmp_path, options: tuple[str, ...]) -> None:
    from ics_support import BUNDLED_TEXT, edit

    text = edit(
        BUNDLED_TEXT,
        'organizer = "Wikimedia Foundation Global Advocacy team"',
        'organizer = "Wikimedia Foundation Global Advocacy team, \\"Legal\\"; Policy"\n'
        'organizer_email = "advocacy@example.org"',
    )
    text = edit(text, 'zone = "Africa/Lagos"', 'zone = "Africa/Lagos"\nstatus = "tentative"')
    files = _write_all(run, tmp_path, text, *options)
    for name, data in files.items():
        lint(data, name)
        vobject.readOne(data.decode("utf-8"), validate=True)
        for event in Calendar.from_ical(data).walk("VEVENT"):
            assert event.start.utcoffset() == timedelta(0)
    statuses = [str(e["STATUS"]) for e in Calendar.from_ical(files["series.ics"]).walk("VEVENT")]
    assert statuses == ["CONFIRMED", "CONFIRMED", "TENTATIVE", "CONFIRMED"]


@given(st.timedeltas(min_value=timedelta(days=-60), max_value=timedelta(days=60)))
def test_our_durations_are_icalendars(offset: timedelta) -> None:
    from icalendar.prop import vDuration

    from wmhr.invites.icalwrite import duration_text

    offset = timedelta(seconds=int(offset.total_seconds()))  # we write whole seconds
    assert duration_text(offset) == vDuration(offset).to_ical().decode()


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_our_parameter_values_are_icalendars(name: str) -> None:
    """ORGANIZER's CN, RFC 6868-escaped and quoted exactly as icalendar's vCalAddress does."""
    from icalendar.prop import vCalAddress

    from wmhr.invites.icalwrite import param_text

    address = vCalAddress("mailto:a@example.org")
    address.params["CN"] = name
    assert f"CN={param_text(name)}" == address.params.to_ical().decode()
