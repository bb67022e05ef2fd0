"""The folder and the TEXT escaping, for any text (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Event

from wmhr.invites.icalwrite import escape_text, fold

TRICKY = st.sampled_from(["\\", ";", ",", "\n", "\r\n", "é", "人", "😀", "👩🏽‍💻", "🇮🇩", "a"])
TEXTS = st.lists(st.one_of(TRICKY, st.text(max_size=3)), max_size=80).map("".join)


@given(TEXTS)
def test_fold_keeps_every_octet_and_the_limits(text: str) -> None:
    line = "DESCRIPTION:" + escape_text(text)
    folded = fold(line)
    physical = folded.split(b"\r\n")
    for index, part in enumerate(physical):
        assert len(part) <= 75
        part.decode("utf-8")
        if index:
            assert part.startswith(b" ") and len(part) > 1
        run = len(part) - len(part.rstrip(b"\\"))
        assert index == len(physical) - 1 or run % 2 == 0, "an escape split across a fold"
    assert folded.replace(b"\r\n ", b"") == line.encode("utf-8")


@given(TEXTS)
def test_escaped_folded_text_round_trips_through_icalendar(text: str) -> None:
    folded = fold("DESCRIPTION:" + escape_text(text)).decode("utf-8")
    event = Event.from_ical(f"BEGIN:VEVENT\r\n{folded}\r\nEND:VEVENT\r\n")
    assert str(event["DESCRIPTION"]) == text.replace("\r\n", "\n").replace("\r", "\n")
