"""Text from outside (schedule files, notes, CSV cells, arguments) never reaches the terminal with
its control characters: tables, CSV, JSON, warnings and errors show them escaped."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from wmhr.controls import CONTROL, printable

CLEAR_AND_TITLE = "\x1b[2J\x1b]0;owned\x07"


def no_raw_controls(text: str) -> bool:
    return not CONTROL.search(text.replace("\n", "").replace("\r", ""))


def test_printable_escapes_c0_c1_bidi_and_separators():
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("x\ny\rz\tw") == "x\\ny\\rz\\tw"
    assert printable("\x9b31m\x7f") == "\\x9b31m\\x7f"
    assert printable("\u202eevil\u2028") == "\\u202eevil\\u2028"
    assert printable("Jakarta, 東京, Côte d'Ivoire 👋") == "Jakarta, 東京, Côte d'Ivoire 👋"


def test_schedule_text_is_escaped_in_every_format(run, schedule_file) -> None:  # type: ignore[no-untyped-def]
    """The schedule refuses every other control character (tests/test_controls.py); the line
    breaks and tabs of multi-line text are shown escaped, never raw."""
    path = schedule_file(('region = "Asia"', 'region = """Asia\n\tPacific"""'))
    plain = run("sessions", "--file", str(path)).stdout
    assert no_raw_controls(plain.replace("\t", "")) and "Asia\\n\\tPacific" in plain
    table = run("sessions", "--file", str(path), "--csv").stdout
    assert no_raw_controls(table.replace("\t", "")) and "Asia\\n\\tPacific" in table
    data = json.loads(run("sessions", "--file", str(path), "--json").stdout)
    assert any(s["region"] == "Asia\n\tPacific" for s in data["sessions"])


def test_a_note_is_escaped_in_tables_and_csv(run) -> None:  # type: ignore[no-untyped-def]
    added = run(
        *("requests", "add", "asia", "es", "--from", "a@example.org"),
        *("--note", f"call{CLEAR_AND_TITLE}\nfake line", "--now", "2022-05-01T00:00Z"),
    )
    assert added.exit_code == 0, added.output
    listed = run("requests", "list", "--notes").stdout
    assert no_raw_controls(listed) and "call\\x1b[2J" in listed
    assert "\\nfake line" in listed  # one row, not two
    rows = list(csv.reader(io.StringIO(run("requests", "list", "--notes", "--csv").stdout)))
    assert rows[1][-1].startswith("call\\x1b[2J")


def test_an_argument_in_an_error_is_escaped(run) -> None:  # type: ignore[no-untyped-def]
    result = run("convert", "2022-05-16T12:00Z", "--to", f"x{CLEAR_AND_TITLE}")
    assert result.exit_code == 2
    assert no_raw_controls(result.stderr) and "x\\x1b[2J" in result.stderr


def test_a_warning_quoting_a_path_is_escaped(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "odd\x1b[2Jname.db"

    def add(contact: str):  # type: ignore[no-untyped-def]
        args = ("requests", "add", "asia", "es", "--from", contact, "--db", str(db))
        return run(*args, "--now", "2022-05-01T00:00Z")

    assert add("a@example.org").exit_code == 0
    db.chmod(0o644)
    result = add("b@example.org")
    assert "wmhr: warning:" in result.stderr
    assert no_raw_controls(result.stderr) and "odd\\x1b[2Jname.db" in result.stderr


def test_a_message_quoting_a_huge_input_keeps_its_ends(run) -> None:  # type: ignore[no-untyped-def]
    result = run("deadline", "a" * 100_000 + "END")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line) < 2000 and line.count("\n") == 0
    assert line.startswith('wmhr: error: unknown session "aaa') and "characters ...]" in line
    assert line.endswith("known sessions: latam, cee, africa, asia")


def test_json_safe_escapes_what_json_leaves_raw_even_in_ascii_text():
    from wmhr.controls import json_safe

    assert json_safe('{"a": "plain"}') == '{"a": "plain"}'
    assert json_safe('{"a": "x\x7fy"}') == '{"a": "x\\u007fy"}'  # DEL is ASCII: no shortcut
    assert json_safe('{"a": "\x9b\u202e\u2028"}') == '{"a": "\\u009b\\u202e\\u2028"}'
    assert json_safe('{"a": "東京 Côte 👋"}') == '{"a": "東京 Côte 👋"}'
