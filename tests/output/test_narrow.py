"""Narrow terminals: a table never cuts a time, a date, an id or a zone name. It wraps prose
between words, leaves out optional columns, or shows one block per row."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from tests.conftest import MAY_1
from wmhr.output import deadline_views, schedule_views
from wmhr.output.render import Table, display_width, fit, print_to_console, to_plain
from wmhr.schedule import check, timetable
from wmhr.schedule.deadlines import series_deadlines
from wmhr.time.convert import in_zone
from wmhr.time.zones import resolve


def render(table: Table, width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=True, color_system=None)
    print_to_console(table, console)
    return buffer.getvalue()


def sessions_table(schedule, *zones: str) -> Table:
    requested = [(typed, resolve(typed)) for typed in zones]
    built = timetable.build(schedule, now=MAY_1, requested=requested)
    return schedule_views.timetable_output(built, now=MAY_1, tzdata="x", notes=[]).table


def deadlines_table(schedule, *zones: str) -> Table:
    viewer = [zone for typed in zones for zone in resolve(typed)]
    return deadline_views.deadlines_output(
        series_deadlines(schedule), now=MAY_1, zones=viewer
    ).table


def convert_table(schedule) -> Table:
    session = schedule.session("asia")
    times = [in_zone(session.start, z) for t in ("UTC", "Jakarta", "Sao Paulo") for z in resolve(t)]
    return schedule_views.conversion_output(session.start, "session asia", times, []).table


def check_table(schedule) -> Table:
    findings = check.check(schedule, now=MAY_1)
    return schedule_views.findings_output(findings, now=MAY_1, source="sessions.toml").table


def assert_nothing_cut(table: Table, shown: str, width: int) -> None:
    lines = shown.splitlines()
    assert "…" not in shown
    assert max(display_width(line.rstrip()) for line in lines) <= width
    layout = fit(table, width)
    shown_columns = layout.columns if layout else range(len(table.headers))
    for row in table.rows:
        for index in shown_columns:
            cell = row[index]
            if index in table.wrap:  # prose: every word whole, on some line
                for word in cell.split():
                    assert any(word in line.split() for line in lines), (word, width)
            elif display_width(cell) + 4 <= width:  # whole, on one line
                assert any(cell in line for line in lines), (cell, width)


def test_sessions_at_60_columns_cut_no_time_and_no_id(schedule):
    table = sessions_table(schedule, "Nairobi", "Sao Paulo")
    shown = render(table, 60)
    assert_nothing_cut(table, shown, 60)
    for cell in ("latam", "19:00 UTC-04:00 Santiago, Chile", "02:00 +1 EAT", "20:00 UTC-03:00"):
        assert cell in shown
    assert "Nairobi: Africa/Nairobi: 02:00 +1 EAT" in shown  # one block per session


def test_deadlines_at_80_columns_fit_one_line_per_deadline(schedule):
    table = deadlines_table(schedule, "Paris")
    shown = render(table, 80)
    assert_nothing_cut(table, shown, 80)
    lines = shown.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("──"))
    body = lines[rule + 1 : rule + 1 + len(table.rows)]
    for row, line in zip(table.rows, body, strict=True):
        assert line.startswith(row[0])  # the label, the Paris time and the time left: one line
        assert row[3] in line and row[-1] in line
    assert lines[rule + 1 + len(table.rows)].startswith("Interpretation requests count")


def test_a_wide_terminal_shows_every_column(schedule):
    table = deadlines_table(schedule, "Paris")
    shown = render(table, 200)
    header = shown.splitlines()[1]
    assert header.split() == [
        "Deadline",
        "UTC",
        "Where",
        "it",
        "is",
        "set",
        "Europe/Paris",
        "Left",
    ]
    layout = fit(table, 200)
    assert layout is not None and layout.columns == list(range(len(table.headers)))


def test_optional_columns_go_before_the_table_turns_into_blocks(schedule):
    table = deadlines_table(schedule, "Paris")
    layout = fit(table, 80)
    assert layout is not None
    assert [table.headers[i] for i in layout.columns] == ["Deadline", "Europe/Paris", "Left"]
    assert fit(table, 40) is None


@pytest.mark.parametrize("width", range(40, 221, 9))
@pytest.mark.parametrize("kind", ["sessions", "sessions2", "deadlines", "convert", "check"])
def test_no_width_cuts_anything(schedule, kind, width):
    table = {
        "sessions": lambda: sessions_table(schedule),
        "sessions2": lambda: sessions_table(schedule, "Nairobi", "Sao Paulo", "NZ"),
        "deadlines": lambda: deadlines_table(schedule, "Paris", "Asia/Kolkata"),
        "convert": lambda: convert_table(schedule),
        "check": lambda: check_table(schedule),
    }[kind]()
    assert_nothing_cut(table, render(table, width), width)


def test_piped_output_is_unchanged_by_the_terminal_rules(schedule):
    table = deadlines_table(schedule, "Paris")
    plain = to_plain(table)
    assert plain.splitlines()[1].split("  ")[0] == "Deadline"
    assert "Where it is set" in plain  # every column when piped
