"""A registration export (UTF-8 CSV with a header) -> checked requests, every row before any write.

Nothing here touches the database or the key: the CLI hashes the contacts of rows that passed and
stores them in one transaction, so a bad file never leaves half an import behind.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from wmhr.errors import InputFileError, WmhrError, closest
from wmhr.files import MAX_IMPORT_BYTES, read_regular
from wmhr.requests import langtag
from wmhr.schedule.model import Schedule, unknown_session_message
from wmhr.time.parse import parse_instant, supported_instant

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What exports write, read directly; anything else goes through parse_instant's full rules.
PLAIN_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})"
)
REEXPORT = "re-export it as UTF-8 CSV (in a spreadsheet: Save As, CSV UTF-8)"


@dataclass(frozen=True)
class Columns:
    session: str = "session"
    language: str = "language"
    contact: str = "contact"
    time: str = "time"


class ImportRow(NamedTuple):  # a tuple: 100,000 of them are made per big import
    line: int
    session: str
    language: str
    contact: str  # held in memory only: hashed before anything is stored
    received: datetime


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str | None
    reason: str

    def describe(self, path: Path) -> str:
        column = f', column "{self.column}"' if self.column else ""
        return f"{path}: line {self.line}{column}: {self.reason}"

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class CheckedFile:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The file as text, or one line saying why it is not a UTF-8 CSV."""
    fix = "name the exported .csv file"
    try:
        data = read_regular(path, limit=MAX_IMPORT_BYTES, fix=fix, error=InputFileError)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file; check the path") from None
    if data.startswith(UTF16_BOMS) or b"\x00" in data[:4096]:
        raise InputFileError(f"{path}: looks like UTF-16 or a binary file, not UTF-8; {REEXPORT}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{path}: line {line}: byte 0x{data[exc.start]:02X} is not UTF-8 (Latin-1 or "
            f"Windows-1252?); {REEXPORT}"
        ) from None


def check_file(path: Path, columns: Columns, schedule: Schedule, *, now: datetime) -> CheckedFile:
    """Every row checked; a file that cannot be read as CSV at all raises InputFileError."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputFileError(f"{path}: the file is empty; expected a header row")
        positions = _positions(path, [h.strip() for h in header], columns)
        row_checker = _RowChecker(positions, len(header), schedule, now)
        checked = CheckedFile()
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                row_checker.check(record, line, checked)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(
            f"{path}: line {reader.line_num}: malformed CSV ({exc}); fix the quoting there"
        ) from None
    return checked


def _positions(path: Path, header: list[str], columns: Columns) -> dict[str, tuple[int, str]]:
    """role -> (index in the row, column name), or one line naming the missing column."""
    wanted = {
        "session": (columns.session, "--session-column"),
        "language": (columns.language, "--language-column"),
        "contact": (columns.contact, "--contact-column"),
        "time": (columns.time, "--time-column"),
    }
    positions = {}
    for role, (name, option) in wanted.items():
        if header.count(name) > 1:
            raise InputFileError(f'{path}: line 1: the header has "{name}" twice; rename one')
        if name not in header:
            hint = closest(name, header)
            did_you_mean = f'did you mean "{hint[0]}"? ' if hint else ""
            raise InputFileError(
                f'{path}: line 1: no column "{name}" for {option}; {did_you_mean}'
                f"the columns are: {', '.join(header)}"
            )
        positions[role] = (header.index(name), name)
    return positions


class _Bad(Exception):
    def __init__(self, role: str, reason: str) -> None:
        super().__init__(reason)
        self.role = role
        self.reason = reason


class _RowChecker:
    """Checks one row at a time; the first problem in a row is the one reported."""

    def __init__(
        self,
        positions: dict[str, tuple[int, str]],
        width: int,
        schedule: Schedule,
        now: datetime,
    ) -> None:
        self.positions = positions
        self.width = width
        self.schedule = schedule
        self.known = frozenset(schedule.ids)
        self.now = now

    def check(self, record: list[str], line: int, checked: CheckedFile) -> None:
        if len(record) != self.width:
            reason = f"has {len(record)} fields but the header has {self.width}; check the commas"
            checked.problems.append(RowProblem(line, None, reason))
            return
        position = self.positions
        try:
            row = ImportRow(
                line,
                self._session(record[position["session"][0]].strip()),
                self._language(record[position["language"][0]].strip()),
                self._contact(record[position["contact"][0]].strip()),
                self._received(record[position["time"][0]].strip()),
            )
        except _Bad as bad:
            checked.problems.append(RowProblem(line, self.positions[bad.role][1], bad.reason))
            return
        checked.rows.append(row)

    def _session(self, value: str) -> str:
        if value not in self.known:
            raise _Bad("session", unknown_session_message(value, self.schedule.ids))
        return value

    def _language(self, value: str) -> str:
        try:
            return langtag.parse(value)
        except WmhrError as exc:
            raise _Bad("language", str(exc)) from None

    def _contact(self, value: str) -> str:
        if not value:
            raise _Bad("contact", "empty contact; every request needs who it came from")
        return value

    def _received(self, value: str) -> datetime:
        try:
            if PLAIN_ISO.fullmatch(value):
                received = supported_instant(datetime.fromisoformat(value), value)
            else:
                received = parse_instant(value)
        except WmhrError as exc:
            raise _Bad("time", str(exc)) from None
        except ValueError as exc:
            # The right shape, but no such moment: 30 February, hour 25, an offset of a day.
            raise _Bad("time", f'"{value}" is not a real date and time ({_why(exc)})') from None
        if received > self.now:
            raise _Bad("time", f"{value} is in the future (now is {self.now:%Y-%m-%dT%H:%M:%SZ})")
        return received


def _why(exc: ValueError) -> str:
    if "offset" in str(exc):
        return "a UTC offset must be less than 24 hours"
    return str(exc)  # "day is out of range for month", "hour must be in 0..23", ...
