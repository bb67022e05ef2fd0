"""One row shape -> a rich table on a terminal, plain aligned text when piped, JSON or CSV."""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum, StrEnum
from typing import IO, Any

from wmhr.output.terminal import json_safe, printable

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number or offset (-1, +07:00, +05:45) is no formula: a quote would only turn wmhr's
# own day shifts and UTC offsets into text. Anything else starting like a formula is defused.
CSV_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.:]\d+)*)?")


class Format(StrEnum):
    AUTO = "auto"
    JSON = "json"
    CSV = "csv"


@dataclass
class Table:
    """What a person reads: a title, headers, rows of display strings, and notes under it."""

    title: str
    headers: Sequence[str]
    rows: list[list[str]] = field(default_factory=list)
    highlight: set[int] = field(default_factory=set)  # rows to emphasise on a terminal
    dimmed: set[int] = field(default_factory=set)  # e.g. cancelled sessions
    notes: list[str] = field(default_factory=list)


@dataclass
class Output:
    """A command's result: the table for people, the records for JSON and CSV."""

    table: Table
    data: Any  # JSON-ready: dicts, lists, str, int, bool, None, datetime
    records: Sequence[Mapping[str, Any]] | None = None  # flat rows for CSV; defaults to the table


def to_json(data: Any) -> str:
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)) + "\n"


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula, with control characters
    escaped (a CSV is often read on a terminal)."""
    text = value.isoformat() if isinstance(value, datetime) else "" if value is None else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    if text.startswith(CSV_FORMULA_STARTS) and not CSV_PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    return printable(text)


def to_csv(output: Output) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if output.records is None:
        writer.writerow([csv_cell(h) for h in output.table.headers])
        writer.writerows([[csv_cell(c) for c in row] for row in output.table.rows])
    elif output.records:
        headers = list(output.records[0])
        writer.writerow([csv_cell(h) for h in headers])
        writer.writerows([[csv_cell(r.get(h)) for h in headers] for r in output.records])
    return buffer.getvalue()


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shown(table: Table) -> Table:
    """The table with every string printable: cells carry schedule text, notes and arguments."""
    return Table(
        printable(table.title),
        [printable(h) for h in table.headers],
        [[printable(cell) for cell in row] for row in table.rows],
        table.highlight,
        table.dimmed,
        [printable(note) for note in table.notes],
    )


def to_plain(table: Table) -> str:
    """Aligned columns without colour, stable for scripts and golden files."""
    table = shown(table)
    lines = [table.title] if table.title else []
    grid = [list(table.headers), *table.rows]
    widths = [max(display_width(row[i]) for row in grid) for i in range(len(table.headers))]
    for row in grid:
        cells = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    lines.extend(table.notes)
    return "\n".join(lines) + "\n"


def print_rich(table: Table, stream: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    # Every string is wrapped in Text: cells carry schedule text and notes, never rich markup.
    table = shown(table)
    console = Console(file=stream)
    rich_table = RichTable(title=Text(table.title) if table.title else None, title_justify="left")
    for header in table.headers:
        rich_table.add_column(Text(header))
    for index, row in enumerate(table.rows):
        style = "bold yellow" if index in table.highlight else None
        style = "dim strike" if index in table.dimmed else style
        rich_table.add_row(*(Text(cell) for cell in row), style=style)
    console.print(rich_table)
    for note in table.notes:
        console.print(note, highlight=False, markup=False)


def emit(output: Output, fmt: Format, stream: IO[str] | None = None) -> None:
    out = stream or sys.stdout
    if fmt is Format.JSON:
        out.write(to_json(output.data))
    elif fmt is Format.CSV:
        out.write(to_csv(output))
    elif out.isatty():
        print_rich(output.table, out)
    else:
        out.write(to_plain(output.table))
