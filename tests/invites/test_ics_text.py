"""What an invite says (issue 8 section 2): no repeated title, cancellations said first and the
same way however they happened, and a moved session says from when."""

from __future__ import annotations

from pathlib import Path

import icalendar
from ics_support import BUNDLED_TEXT, T0, T1, T2, edit, write_schedule

LATAM_START = "start = 2022-05-03T23:00:00Z"
MOVED = "start = 2022-05-04T00:30:00Z"
CANCEL_CEE = ('zone = "Europe/Berlin"', 'zone = "Europe/Berlin"\nstatus = "cancelled"')
INSTRUCTIONS = ("Register", "Interpretation", "interpretation", "safety", "pseudonym", "survey")


def issue(run, tmp_path: Path, text: str, now: str, *extra: str) -> dict[str, icalendar.Event]:
    write_schedule(tmp_path, text)
    result = run("ics", "--now", now, "--organizer-deadlines", *extra)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((tmp_path / "invites" / "series.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    deadlines = (tmp_path / "invites" / "deadlines.ics").read_bytes()
    for event in icalendar.Calendar.from_ical(deadlines).walk("VEVENT"):
        events[str(event["UID"])] = event
    return {uid.split("@")[0]: event for uid, event in events.items()}


def lines(event: icalendar.Event) -> list[str]:
    return str(event["DESCRIPTION"]).split("\n")


def without_africa() -> str:
    start = BUNDLED_TEXT.index('[[session]]\nid = "africa"')
    end = BUNDLED_TEXT.index("[[session]]", start + 1)
    return BUNDLED_TEXT[:start] + BUNDLED_TEXT[end:]


def test_the_title_is_not_the_first_line_of_the_description(run, tmp_path) -> None:
    events = issue(run, tmp_path, BUNDLED_TEXT, T0)
    assert len(events) == 8
    for event in events.values():
        assert str(event["SUMMARY"]) not in lines(event)[0]
    assert lines(events["latam"])[0].startswith("Cuándo (UTC): martes, 3 de mayo de 2022, 23:00")
    assert lines(events["cee"])[0].startswith("When (UTC): Monday, 9 May 2022, 17:00")


def test_a_cancelled_session_says_so_first_and_drops_the_instructions(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    events = issue(run, tmp_path, edit(BUNDLED_TEXT, *CANCEL_CEE), T1)
    for uid in ("cee", "cee.interpretation-deadline"):
        text = lines(events[uid])
        assert text[0] == "CANCELLED: this session will not take place."
        assert "Register" not in str(events[uid]["DESCRIPTION"])
    cee = "\n".join(lines(events["cee"]))
    assert not any(word in cee for word in INSTRUCTIONS), cee
    assert (
        "It was planned for Monday, 9 May 2022, 17:00 UTC, which is Monday, 9 May 2022, 19:00"
    ) in cee


def test_a_deleted_session_says_so_in_the_same_place(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    events = issue(run, tmp_path, without_africa(), T1)
    for uid in ("africa", "africa.interpretation-deadline"):
        text = lines(events[uid])
        assert text[:2] == [
            "CANCELLED: this session will not take place.",
            "It was removed from the schedule.",
        ]
    africa = "\n".join(lines(events["africa"]))
    assert not any(word in africa for word in INSTRUCTIONS), africa
    assert "It was planned for Thursday, 12 May 2022, 18:00 UTC." in africa


def test_a_cancelled_then_deleted_session_keeps_its_invite(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    cancelled = issue(run, tmp_path, edit(BUNDLED_TEXT, *CANCEL_CEE), T1)["cee"]
    start = BUNDLED_TEXT.index('[[session]]\nid = "cee"')
    end = BUNDLED_TEXT.index("[[session]]", start + 1)
    deleted = issue(run, tmp_path, BUNDLED_TEXT[:start] + BUNDLED_TEXT[end:], T2)["cee"]
    assert deleted.to_ical() == cancelled.to_ical()  # nothing changed for people holding it


def test_a_rescheduled_session_says_it_moved_and_from_when(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    moved = edit(BUNDLED_TEXT, LATAM_START, MOVED)
    events = issue(run, tmp_path, moved, T1)
    # latam's invite is in Spanish; the organizers' deadline in the series language.
    assert lines(events["latam"])[0] == (
        "Cambio de horario: antes era el martes, 3 de mayo de 2022, 23:00 UTC"
    )
    assert lines(events["latam.interpretation-deadline"])[0] == (
        "Moved: was Thursday, 28 April 2022, 23:00 UTC"
    )
    assert not lines(events["cee"])[0].startswith("Moved")
    # A later run with nothing changed keeps the note and the SEQUENCE.
    again = issue(run, tmp_path, moved, T2)
    assert again["latam"].to_ical() == events["latam"].to_ical()
    assert again["latam"]["SEQUENCE"] == 1
    # Moving again says the latest previous time.
    events = issue(run, tmp_path, edit(moved, MOVED, "start = 2022-05-04T01:00:00Z"), T2)
    assert lines(events["latam"])[0] == (
        "Cambio de horario: antes era el miércoles, 4 de mayo de 2022, 0:30 UTC"
    )


def test_check_sees_no_unpublished_change_after_a_move_is_issued(run, tmp_path) -> None:
    issue(run, tmp_path, BUNDLED_TEXT, T0)
    issue(run, tmp_path, edit(BUNDLED_TEXT, LATAM_START, MOVED), T1)
    result = run("check", "--now", T1, "--json")
    assert "unpublished-change" not in result.stdout, result.stdout
