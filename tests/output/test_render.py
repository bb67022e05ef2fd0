"""One row shape, four renderings: rich on a terminal, plain when piped, JSON, CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from wmhr.output import OutputFormat
from wmhr.output.render import Output, Table, csv_cell, emit, to_plain


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def sample() -> Output:
    table = Table("Title", ["Name", "When"], [["东京", "09:00"], ["=cmd()", "10:00"]])
    data = {"when": datetime(2022, 5, 16, 12, tzinfo=UTC)}
    return Output(table, data)


def test_plain_aligns_wide_characters():
    lines = to_plain(sample().table).splitlines()
    assert lines[1] == "Name    When"
    assert lines[2] == "东京    09:00"  # two wide characters take four columns


def test_piped_output_is_plain_text():
    stream = io.StringIO()
    emit(sample(), OutputFormat.TABLE, stream)
    assert stream.getvalue() == to_plain(sample().table)


def test_terminal_output_is_a_rich_table():
    stream = Terminal()
    emit(sample(), OutputFormat.TABLE, stream)
    assert "─────" in stream.getvalue()  # the rule under the headers


def test_terminal_output_shows_brackets_as_text():
    table = Table("[bold]Title", ["[red]Name"], [["Asia [/red]"], ["[link=x]y"]])
    stream = Terminal()
    emit(Output(table, {}), OutputFormat.TABLE, stream)
    shown = stream.getvalue()
    assert "Asia [/red]" in shown and "[link=x]y" in shown and "[bold]Title" in shown


def test_json_writes_instants_with_offsets():
    stream = io.StringIO()
    emit(sample(), OutputFormat.JSON, stream)
    assert json.loads(stream.getvalue()) == {"when": "2022-05-16T12:00:00+00:00"}


def test_csv_never_starts_a_cell_with_a_formula_character():
    stream = io.StringIO()
    emit(sample(), OutputFormat.CSV, stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[2][0] == "'=cmd()"
    for dangerous in ("=1+1", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "-x"):
        assert csv_cell(dangerous).startswith("'")
    assert csv_cell("plain") == "plain"
    assert csv_cell(True) == "true" and csv_cell(None) == ""


def test_csv_leaves_numbers_and_offsets_alone():
    """A signed number or UTC offset wmhr computed is no formula: a quote made it text."""
    for value in ("+07:00", "-03:00", "+05:45", "-1", "+1", "-", 0, -1, 2.5):
        assert csv_cell(value) == str(value)


def test_csv_cells_show_control_characters_escaped():
    assert csv_cell("Asia\x1b[2J\nnext") == "Asia\\x1b[2J\\nnext"
    assert csv_cell("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07"


def test_tables_show_control_characters_escaped():
    table = Table("T\x1b]0;title\x07", ["H\r"], [["a\x1b[2Jb"], ["\u202eevil"]], notes=["n\x9b1m"])
    for stream in (io.StringIO(), Terminal()):
        emit(Output(table, {}), OutputFormat.TABLE, stream)
        shown = stream.getvalue()
        # rich styles a terminal's table with its own escapes; none of the table's text is one
        assert not any(
            raw in shown for raw in ("\x1b[2J", "\x1b]0;", "\x07", "\r", "\x9b", "\u202e")
        )
        assert "a\\x1b[2Jb" in shown and "\\u202eevil" in shown and "n\\x9b1m" in shown


def test_json_escapes_the_controls_json_itself_leaves_raw():
    stream = io.StringIO()
    emit(Output(Table("", []), {"note": "a\x1b\x9b\u202eb\n"}), OutputFormat.JSON, stream)
    text = stream.getvalue()
    assert not any(ch in text for ch in "\x1b\x9b\u202e")
    assert json.loads(text) == {"note": "a\x1b\x9b\u202eb\n"}  # the same value, escaped


def test_every_format_has_one_renderer_in_the_one_table():
    from wmhr.output.render import RENDERERS

    assert set(RENDERERS) == set(OutputFormat)


def test_a_list_is_one_cell_of_space_separated_values() -> None:
    assert csv_cell(["fr", "fr-SN"]) == "fr fr-SN"
    assert csv_cell(()) == ""
    assert csv_cell(["=cmd"]) == "'=cmd"  # still never a formula


def test_interpretation_csv_lists_variants_as_tags(run) -> None:  # type: ignore[no-untyped-def]
    for contact, tag in (("a@x.org", "fr"), ("b@x.org", "fr-SN")):
        run("requests", "add", "asia", tag, "--from", contact, "--at", "2022-04-20T10:00Z",
            "--now", "2022-04-21T00:00Z")  # fmt: skip
    result = run("interpretation", "asia", "--csv", "--now", "2022-04-21T00:00Z")
    assert result.exit_code == 0, result.stderr
    assert "fr fr-SN" in result.stdout
    assert "[" not in result.stdout
