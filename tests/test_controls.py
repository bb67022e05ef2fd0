"""Control characters in text from outside: refused where the schedule's text enters, and escaped by
one rule (wmhr.controls) wherever anything is shown, written or published."""

from __future__ import annotations

import json

import pytest
from ics_support import BUNDLED_TEXT, edit, write_schedule

from wmhr.controls import CONTROL, one_line, printable, unwanted_control
from wmhr.publishing import wikitext

NOW = "2022-05-01T00:00Z"


@pytest.mark.parametrize(
    ("old", "new", "where", "shown"),
    [
        ('region = "Asia"', 'region = "Asia\\u001b[2J"', "session[3].region", "\\x1b"),
        ('region = "Asia"', 'region = "Asia\\u202eaisA"', "session[3].region", "\\u202e"),
        ('region = "Asia"', 'region = "Asia\\u2067"', "session[3].region", "\\u2067"),
        ('region = "Asia"', 'region = "Asia\\u009b1m"', "session[3].region", "\\x9b"),
        ('region = "Asia"', 'region = "Asia\\r"', "session[3].region", "\\r"),
        (
            'title = "Human Rights',
            'title = "\\u001b]0;owned\\u0007Human Rights',
            "series.title",
            "\\x1b",
        ),
        (
            'title = "Conversaciones',
            'title = "\\u202eConversaciones',
            "translations.es.series.title",
            "\\u202e",
        ),
        ("[translations.es.series]", '[translations."es\\u001b".series]', "translations", "\\x1b"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["sessions", "--now", NOW],
        ["ics", "asia", "-o", "-", "--now", NOW],
        ["publish", "text"],
        ["publish", "wiki"],
        ["check", "--now", NOW],
    ],
)
def test_a_control_character_in_the_schedule_is_refused_with_its_key_path(
    run, tmp_path, old: str, new: str, where: str, shown: str, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    path = write_schedule(tmp_path, edit(BUNDLED_TEXT, old, new))
    result = run(*command, "--file", str(path))
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"wmhr: error: {path}: {where}")
    assert shown in result.stderr and "remove it" in result.stderr
    assert not CONTROL.search(result.stderr.rstrip("\n"))


def test_tabs_and_line_breaks_in_multi_line_text_are_allowed(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = edit(BUNDLED_TEXT, 'region = "Asia"', 'region = """Asia\n\tand the Pacific"""')
    result = run("sessions", "--file", str(write_schedule(tmp_path, text)), "--json")
    assert result.exit_code == 0, result.stderr
    regions = [s["region"] for s in json.loads(result.stdout)["sessions"]]
    assert "Asia\n\tand the Pacific" in regions


def test_a_byte_order_mark_at_the_start_is_accepted(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sessions.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BUNDLED_TEXT.encode("utf-8"))
    plain = run("sessions", "--now", NOW)
    assert plain.exit_code == 0, plain.stderr
    assert "asia" in plain.stdout


def test_one_rule_finds_every_control_it_escapes() -> None:
    assert unwanted_control("a\tb\nc", "\t\n") is None
    assert unwanted_control("a\tb\u202ec", "\t\n") == "\u202e"
    assert printable("\u2066x\u2069") == "\\u2066x\\u2069"


@pytest.mark.parametrize("raw", ["\x1b[2J", "\x9b", "\u202e", "\u2066", "\u200f", "\x7f"])
def test_publishing_escapes_with_the_same_rule_as_the_terminal(raw: str) -> None:
    """The wikitext and the announcement once removed C0 only: a bidi override or a C1 control
    reached the page."""
    assert not CONTROL.search(wikitext.escape(f"a{raw}b"))
    assert one_line(f"a{raw}b\n\tc") == f"a{printable(raw)}b c"


def test_an_edit_names_a_byte_order_mark_instead_of_a_toml_error(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sessions.toml"
    original = b"\xef\xbb\xbf" + BUNDLED_TEXT.encode("utf-8")
    path.write_bytes(original)
    result = run("cancel", "asia", "--now", NOW)
    assert result.exit_code == 2
    assert "byte order mark (U+FEFF)" in result.stderr and "without a BOM" in result.stderr
    assert path.read_bytes() == original
