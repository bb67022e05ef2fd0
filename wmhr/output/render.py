"""One row shape -> a rich table on a terminal, plain aligned text when piped, JSON or CSV."""

from __future__ import annotations

import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

from wmhr.controls import json_safe, printable
from wmhr.output import OutputFormat
from wmhr.writing import write_text

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number or offset (-1, +07:00, +05:45) is no formula: a quote would only turn wmhr's
# own day shifts and UTC offsets into text. Anything else starting like a formula is defused.
CSV_PLAIN_NUMBER = r"[+-]?(?:\d+(?:[.:]\d+)*)?"  # compiled by re.fullmatch when a CSV needs it
GAP = 2  # columns between two cells on a terminal, as in plain text


@dataclass
class Table:
    """What a person reads: a title, headers, rows of display strings, and notes under it."""

    title: str
    headers: Sequence[str]
    rows: list[list[str]] = field(default_factory=list)
    highlight: set[int] = field(default_factory=set)  # rows to emphasise on a terminal
    dimmed: set[int] = field(default_factory=set)  # e.g. cancelled sessions
    notes: list[str] = field(default_factory=list)
    # On a narrow terminal: prose columns that may wrap between words (every other cell is a time,
    # a date, an id or a zone, and is never broken), and columns to leave out, in this order,
    # before the table turns into one block per row.
    wrap: set[int] = field(default_factory=set)
    optional: list[int] = field(default_factory=list)


class Output(NamedTuple):  # not a dataclass: one costs a quarter of a millisecond at import
    """A command's result: the table for people, the records for JSON and CSV."""

    table: Table
    data: Any  # JSON-ready: dicts, lists, str, int, bool, None, datetime
    records: Sequence[Mapping[str, Any]] | None = None  # flat rows for CSV; defaults to the table


def to_json(data: Any) -> str:
    import json  # only --json output needs it: a table or CSV starts without it

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
    if isinstance(value, list | tuple):  # `variants`, `languages`: tags, as `coverage` writes zones
        text = " ".join(str(item) for item in value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    if text.startswith(CSV_FORMULA_STARTS) and not re.fullmatch(CSV_PLAIN_NUMBER, text):
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
    return replace(
        table,
        title=printable(table.title),
        headers=[printable(h) for h in table.headers],
        rows=[[printable(cell) for cell in row] for row in table.rows],
        notes=[printable(note) for note in table.notes],
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


def longest_word(text: str) -> int:
    return max((display_width(word) for word in text.split()), default=0)


def wrap_words(text: str, width: int) -> str:
    """`text` with line breaks between words so that no line is wider than `width` (a single
    word wider than that keeps its own line, whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and display_width(lines[-1]) + 1 + display_width(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


class Layout(NamedTuple):  # not a dataclass: one costs about half a millisecond at import
    """Which columns a terminal shows, and how wide each is."""

    columns: list[int]
    widths: list[int]


def fit(table: Table, width: int) -> Layout | None:
    """The widest layout that fits `width` without breaking a time, a date, an id or a zone:
    headers may wrap between words; then optional columns go, one by one; then prose columns
    wrap between words. None when even that does not fit: show one block per row instead."""
    count = len(table.headers)
    layouts = [list(range(count))]
    for index in table.optional:
        layouts.append([i for i in layouts[-1] if i != index])
    for prose_wraps in (False, True):
        for columns in layouts:
            needed = [_needed(table, i, prose_wraps=prose_wraps) for i in columns]
            spare = width - sum(needed) - GAP * (len(columns) - 1)
            if spare >= 0:
                return Layout(columns, _spread(table, columns, needed, spare))
    return None


def _cells(table: Table, index: int) -> list[str]:
    return [row[index] for row in table.rows]


def _needed(table: Table, index: int, *, prose_wraps: bool) -> int:
    cells = _cells(table, index)
    if prose_wraps and index in table.wrap:
        widest = max((longest_word(cell) for cell in cells), default=0)
    else:
        widest = max((display_width(cell) for cell in cells), default=0)
    return max(widest, longest_word(table.headers[index]), 1)


def _spread(table: Table, columns: list[int], needed: list[int], spare: int) -> list[int]:
    """Share the spare width among the columns that would use it (whole headers, unwrapped
    prose), in proportion to what each lacks."""
    full = [
        max(display_width(table.headers[i]), *map(display_width, _cells(table, i))) for i in columns
    ]
    lacking = [max(0, f - n) for f, n in zip(full, needed, strict=True)]
    total = sum(lacking)
    if total <= spare:
        return [n + lack for n, lack in zip(needed, lacking, strict=True)]
    shares = [spare * lack // total for lack in lacking]
    left = spare - sum(shares)
    for position, lack in enumerate(lacking):
        extra = min(left, lack - shares[position])
        shares[position] += extra
        left -= extra
    return [n + share for n, share in zip(needed, shares, strict=True)]


def rich_text(table: Table, stream: IO[str], *, width: int | None = None) -> str:
    """The table as rich draws it for `stream` (its width and colours), as text to write."""
    from rich.console import Console

    console = Console(file=stream, width=width)
    with console.capture() as captured:
        print_to_console(table, console)
    return captured.get()


def print_to_console(table: Table, console: Console) -> None:
    from rich.text import Text

    # Every string is wrapped in Text: cells carry schedule text and notes, never rich markup.
    table = shown(table)
    if table.title:
        console.print(Text(table.title), overflow="fold")
    layout = fit(table, console.width)
    if layout is None:
        _print_blocks(table, console)
    else:
        _print_table(table, layout, console)
    for note in table.notes:
        console.print(Text(note), overflow="fold")


def _row_style(table: Table, index: int) -> str | None:
    if index in table.dimmed:
        return "dim strike"
    return "bold yellow" if index in table.highlight else None


def _print_table(table: Table, layout: Layout, console: Console) -> None:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    rich_table = RichTable(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0)
    )
    for index, width in zip(layout.columns, layout.widths, strict=True):
        prose = index in table.wrap
        rich_table.add_column(
            Text(wrap_words(table.headers[index], width)),
            width=width,
            no_wrap=not prose,
            overflow="fold",
        )
    for number, row in enumerate(table.rows):
        cells = [Text(row[index]) for index in layout.columns]
        rich_table.add_row(*cells, style=_row_style(table, number))
    console.print(rich_table)


def _print_blocks(table: Table, console: Console) -> None:
    """One block per row, for a terminal too narrow for the table: the first cell as a heading,
    then one `Header: value` line per other cell (the value on its own line when both do not
    fit), so that no cell is ever cut."""
    from rich.padding import Padding
    from rich.text import Text

    for number, row in enumerate(table.rows):
        style = _row_style(table, number) or ""
        console.print()
        console.print(Text(row[0], style=f"bold {style}".strip()), overflow="fold")
        for header, cell in zip(table.headers[1:], row[1:], strict=True):
            if not cell:
                continue
            line = f"{header}: {cell}"
            if 2 + display_width(line) > console.width:
                console.print(Padding(Text(f"{header}:", style=style), (0, 0, 0, 2), expand=False))
                console.print(
                    Padding(Text(cell, style=style, overflow="fold"), (0, 0, 0, 4), expand=False)
                )
            else:
                console.print(Padding(Text(line, style=style), (0, 0, 0, 2), expand=False))
    console.print()


def _table_text(output: Output, stream: IO[str]) -> str:
    """A rich table for a person at a terminal; aligned plain text for a pipe or a file."""
    return rich_text(output.table, stream) if stream.isatty() else to_plain(output.table)


# The one table from --format to a rendering: every command that prints data goes through it.
RENDERERS: dict[OutputFormat, Callable[[Output, IO[str]], str]] = {
    OutputFormat.TABLE: _table_text,
    OutputFormat.JSON: lambda output, _stream: to_json(output.data),
    OutputFormat.CSV: lambda output, _stream: to_csv(output),
}


def emit(output: Output, fmt: OutputFormat, stream: IO[str] | None = None) -> None:
    out = stream or sys.stdout
    write(out, RENDERERS[fmt](output, out))


def write_all(stream: IO[str], pieces: Iterable[str]) -> None:
    """Output too large to hold at once (a million requests), written as it is rendered; no
    more is rendered once the reader has gone away (`| head -3`)."""
    for piece in pieces:
        if not write(stream, piece):
            return


def write(stream: IO[str], text: str) -> bool:
    """Every byte of a command's printed data goes out here, through the one writer (whole, or
    an error: a full disk, a closed standard output, a short write on unbuffered output). A
    reader that went away is no error for what only reports (False: the rest is dropped)."""
    return write_text(text, stream)
