"""A registration export (UTF-8 CSV with a header) -> checked requests, every row before any write.

Nothing here touches the database or the key file: the CLI stages the hashed rows outside the
store and records them in one transaction only when every row passed, so a bad file never leaves
half an import (or a new key) behind.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from wmhr.errors import InputFileError, WmhrError, closest
from wmhr.files import MAX_IMPORT_BYTES, read_regular
from wmhr.requests import langtag, requesters
from wmhr.requests.bulk_merge import StagedRow
from wmhr.requests.records import stamp
from wmhr.requests.requesters import plain_text
from wmhr.schedule.model import Schedule, typed_session_id
from wmhr.time import limits
from wmhr.time.parse import localize, parse_instant, supported_instant
from wmhr.time.zones import Zone

if TYPE_CHECKING:
    from _csv import Reader

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What exports write, read directly; anything else goes through parse_instant's full rules.
PLAIN_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})"
)
# What most exports write: whole seconds in UTC, stamped as text without a datetime round trip.
UTC_SECONDS = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:Z|\+00:00)")
REEXPORT = "re-export it as UTF-8 CSV (in a spreadsheet: Save As, CSV UTF-8)"
# Excel writes `;` where the decimal separator is a comma (much of Europe and Latin America),
# and "Unicode text" exports use tabs.
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
DETECTED = (",", ";", "\t")
FALLBACK_REASONS = {
    "session": "not a session id",
    "language": f"not a BCP 47 language tag {langtag.EXAMPLES}",
    "time": "not a date and time with a zone or offset (such as 2022-04-20T10:00Z)",
    "contact": "not a contact",
}


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
    received: str  # as the store records it (records.stamp): UTC, fixed width


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


def read_data(path: Path) -> bytes:
    """The file's bytes, checked to be UTF-8 text, or one line saying why it is not a UTF-8
    CSV. Read once: the rows are decoded from these bytes as they are read (`_text`), so the
    file may change on disk meanwhile without the import seeing two versions."""
    fix = "name the exported .csv file"
    try:
        data = read_regular(path, limit=MAX_IMPORT_BYTES, fix=fix, error=InputFileError)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file; check the path") from None
    if data.startswith(UTF16_BOMS) or b"\x00" in data[:4096]:
        raise InputFileError(f"{path}: looks like UTF-16 or a binary file, not UTF-8; {REEXPORT}")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{path}: line {line}: byte 0x{data[exc.start]:02X} is not UTF-8 (Latin-1 or "
            f"Windows-1252?); {REEXPORT}"
        ) from None
    return data


def delimiter_option(typed: str | None) -> str | None:
    """--delimiter: `,`, `;`, `tab` (or `\\t`) or `|`; None: detect it from the header."""
    if typed is None:
        return None
    if typed.lower() in DELIMITERS:
        return DELIMITERS[typed.lower()]
    raise InputFileError(f"--delimiter: give one of , ; tab | (not {typed!r})")


def detect_delimiter(data: bytes, wanted: Sequence[str]) -> str:
    """The separator whose reading of the header finds the most wanted column names (then the
    most columns): `,`, `;` or tab. Comma when nothing tells them apart."""
    best: tuple[int, int, str] = (-1, -1, ",")
    for candidate in DETECTED:
        try:
            header = next(csv.reader(_text(data), delimiter=candidate), [])
        except csv.Error:
            continue
        names = {cell.strip() for cell in header}
        score = (sum(name in names for name in wanted), len(header))
        if score > best[:2]:
            best = (*score, candidate)
    return best[2]


def _text(data: bytes, *, bom: bool = True) -> io.TextIOWrapper:
    """`data` (checked by `read_data`) decoded as it is read, its lines as a file opened with
    newline="" gives them to the csv module; `bom`: a byte order mark may open it (only the
    file's start). io.StringIO would keep a copy of the whole text at four bytes a character
    (a gigabyte for a million rows)."""
    encoding = "utf-8-sig" if bom else "utf-8"
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def _reader(path: Path, wanted: Sequence[str], delimiter: str | None) -> Reader:
    data = read_data(path)
    chosen = delimiter or detect_delimiter(data, wanted)
    return csv.reader(_text(data), delimiter=chosen, strict=True)


# A spreadsheet's timestamp without a zone: 2022-04-21 14:02:11, 4/21/2022 14:02:11 (Google Forms).
SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
DateOrder = str  # "mdy" or "dmy"


@dataclass(frozen=True)
class Export:
    """A registration export read once and its header understood: what reading its rows needs."""

    path: Path
    data: bytes
    delimiter: str
    positions: dict[str, tuple[int, str]]
    width: int
    zone: Zone | None
    order: DateOrder | None


def open_export(
    path: Path, columns: Columns, *, delimiter: str | None = None, zone: Zone | None = None
) -> Export:
    """The file read and its header checked, or InputFileError saying what is wrong. `zone`
    (--time-zone) is where the timestamps that carry no zone were written."""
    data = read_data(path)
    wanted = (columns.session, columns.language, columns.contact, columns.time)
    chosen = delimiter or detect_delimiter(data, wanted)
    reader = csv.reader(_text(data), delimiter=chosen, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputFileError(f"{path}: the file is empty; expected a header row")
        positions = _positions(path, [h.strip() for h in header], columns)
        order = None if zone is None else _date_order(path, reader, positions["time"][0])
    except csv.Error as exc:
        raise _malformed(path, reader, exc) from None
    return Export(path, data, chosen, positions, len(header), zone, order)


def checked_rows(
    export: Export, schedule: Schedule, *, now: datetime, start: int = 0, end: int | None = None
) -> Iterator[ImportRow | RowProblem]:
    """Each row of the export's bytes [start:end] checked, as it is read: a request, or what is
    wrong with the row. From `start` 0 the header comes first. Another `start` must begin a row
    (`csv_staging` cuts after a line break that ends one), and its lines count from 1 there."""
    whole = start == 0 and end is None
    reader = csv.reader(
        _text(export.data if whole else export.data[start:end], bom=start == 0),
        delimiter=export.delimiter,
        strict=True,
    )
    positions = export.positions
    row_checker = _RowChecker(positions, export.width, schedule, now, export.zone, export.order)
    first = positions["session"][0]  # filled in nearly every row: blank rows are rare
    try:
        if start == 0:
            next(reader)
        line = reader.line_num + 1
        for record in reader:
            if (len(record) > first and record[first].strip()) or any(map(str.strip, record)):
                yield row_checker.check(record, line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _malformed(export.path, reader, exc) from None


@dataclass
class Survey:
    """A file checked without holding its rows: how many are valid, what is wrong with the
    others, and how many ask for a session's own language (session, language -> rows)."""

    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    own_language: Counter[tuple[str, str]] = field(default_factory=Counter)


def hashed_rows(
    checked: Iterable[ImportRow | RowProblem],
    schedule: Schedule,
    key: bytes,
    found: Survey,
    *,
    skip_invalid: bool,
    contact_column: str,
) -> Iterator[StagedRow]:
    """The valid rows as the store stages them (bulk_merge.staged_row), their contacts hashed with
    `key`, surveyed into `found` on the way: one pass over a file of any size. After a bad row,
    without `skip_invalid`, nothing is recorded, so the rest is only checked, not hashed. A
    contact that is nothing once normalised (`<>`) is a bad row in `contact_column`."""
    held = {session.id: session.language for session in schedule}
    requester_id = requesters.requester_hasher(key)
    own: dict[tuple[str, str], bool] = {}
    hashing = True
    for row in checked:
        if isinstance(row, RowProblem):
            found.problems.append(row)
            hashing = skip_invalid
            continue
        line, session, language, contact, received = row
        try:
            # Not hashing (a bad row came before): still checked, so every bad row is counted.
            requester = requester_id(contact) if hashing else requesters.check_contact(contact)
        except WmhrError as exc:
            found.problems.append(RowProblem(line, contact_column, str(exc)))
            hashing = skip_invalid
            continue
        found.rows += 1
        pair = (session, language)
        asks_own = own.get(pair)
        if asks_own is None:
            asks_own = own[pair] = langtag.same_language(language, held[session])
        if asks_own:
            found.own_language[pair] += 1
        if hashing:
            yield (session, language, requester, received)


def _date_order(path: Path, reader: Reader, index: int) -> DateOrder | None:
    """Whether the file's slash dates are month first (4/21/2022) or day first (21/4/2022),
    told by a day above 12 somewhere in the column (`reader` is past the header); never guessed
    when nothing tells."""
    month_first = day_first = False
    for record in reader:
        match = SLASH_DATE.match(record[index].strip()) if len(record) > index else None
        if match:
            month_first |= int(match.group(2)) > 12
            day_first |= int(match.group(1)) > 12
    if month_first and day_first:
        raise InputFileError(
            f"{path}: the time column mixes month-first and day-first dates; re-export the "
            "timestamps as 2022-04-21 14:02:11"
        )
    return "mdy" if month_first else "dmy" if day_first else None


def naive_wall_time(value: str, order: DateOrder | None) -> datetime | None:
    """A timestamp without a zone, as spreadsheets write them, or None when it is not one."""
    match = SLASH_DATE.fullmatch(value)
    if match is None:
        try:
            wall = datetime.fromisoformat(value)
        except ValueError:
            return None
        return wall if wall.tzinfo is None else None
    first, second, year, hour, minute, second_of_minute = match.groups()
    if order is None and first != second:
        raise WmhrError(
            "day and month cannot be told apart in this file (no day above 12); re-export the "
            "timestamps as 2022-04-21 14:02:11"
        )
    month, day = (first, second) if order in ("mdy", None) else (second, first)
    return datetime(  # noqa: DTZ001 (a wall time; localized in the --time-zone)
        int(year), int(month), int(day), int(hour), int(minute), int(second_of_minute or 0)
    )


def read_contacts(path: Path, column: str, *, delimiter: str | None = None) -> list[str]:
    """The non-empty cells of `column`, for `wmhr requests rehash`; a row whose number of fields
    differs from the header's is refused, as `import` refuses it (`ana@x.org,` unquoted would
    otherwise be read as `ana@x.org`, and that pasted form never re-keyed)."""
    reader = _reader(path, (column,), delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise InputFileError(f"{path}: the file is empty; expected a header row")
        names = [h.strip() for h in header]
        index = _position(path, names, column, "--contact-column")
        contacts = []
        for record in reader:
            if not any(map(str.strip, record)):
                continue
            if len(record) != len(header):
                raise InputFileError(
                    f"{path}: line {reader.line_num}: has {len(record)} fields but the header has "
                    f"{len(header)}; check the commas (quote a cell that holds one)"
                )
            if cell := record[index].strip():
                contacts.append(cell)
        return contacts
    except csv.Error as exc:
        raise _malformed(path, reader, exc) from None


def _malformed(path: Path, reader: Reader, exc: csv.Error) -> InputFileError:
    return InputFileError(
        f"{path}: line {reader.line_num}: malformed CSV ({exc}); fix the quoting there"
    )


def _positions(path: Path, header: list[str], columns: Columns) -> dict[str, tuple[int, str]]:
    """role -> (index in the row, column name), or one line naming the missing column."""
    wanted = {
        "session": (columns.session, "--session-column"),
        "language": (columns.language, "--language-column"),
        "contact": (columns.contact, "--contact-column"),
        "time": (columns.time, "--time-column"),
    }
    return {
        role: (_position(path, header, name, option), name)
        for role, (name, option) in wanted.items()
    }


def _position(path: Path, header: list[str], name: str, option: str) -> int:
    if header.count(name) > 1:
        raise InputFileError(f'{path}: line 1: the header has "{name}" twice; rename one')
    if name in header:
        return header.index(name)
    # A file without a header row has data in line 1: never print a cell that may be a contact.
    shown = [cell for cell in header if "@" not in plain_text(cell)]
    hint = closest(name, shown)
    did_you_mean = f'did you mean "{hint[0]}"? ' if hint else ""
    hidden = len(header) - len(shown)
    listed = ", ".join(shown) if shown else "(none shown)"
    if hidden:
        listed += f" and {hidden} cell(s) with an address (is the header row missing?)"
    raise InputFileError(
        f'{path}: line 1: no column "{name}" for {option}; {did_you_mean}the columns are: {listed}'
    )


_import_row = ImportRow._make  # from a tuple, without the keyword-checking constructor


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
        zone: Zone | None = None,
        order: DateOrder | None = None,
    ) -> None:
        self.zone = zone
        self.order = order
        self.positions = positions
        roles = ("session", "language", "contact", "time")
        self.indices = tuple(positions[role][0] for role in roles)
        self.width = width
        self.schedule = schedule
        self.known = frozenset(schedule.ids)
        self.cancelled = {s.id for s in schedule if s.cancelled}
        self.languages: dict[str, str] = {}
        self.now = now
        self.stamps = (stamp(limits.EARLIEST), stamp(limits.END), stamp(now))

    def check(self, record: list[str], line: int) -> ImportRow | RowProblem:
        if len(record) != self.width:
            reason = f"has {len(record)} fields but the header has {self.width}; check the commas"
            return RowProblem(line, None, reason)
        session, language, contact, time = self.indices
        try:
            return _import_row(
                (
                    line,
                    self._session(record[session].strip()),
                    self._language(record[language].strip()),
                    self._contact(record[contact].strip()),
                    self._received(record[time].strip()),
                )
            )
        except _Bad as bad:
            index, name = self.positions[bad.role]
            reason = _value_free(bad.reason, record[index].strip(), FALLBACK_REASONS[bad.role])
            return RowProblem(line, name, reason)

    def _session(self, value: str) -> str:
        session_id = typed_session_id(value)
        if session_id in self.known and session_id not in self.cancelled:
            return session_id
        if session_id not in self.known:
            hint = closest(session_id, self.schedule.ids)
            did_you_mean = f'did you mean "{hint[0]}"? ' if hint else ""
            known = ", ".join(self.schedule.ids)
            raise _Bad("session", f"not a session id; {did_you_mean}known sessions: {known}")
        raise _Bad("session", "the session is cancelled: it accepts no requests")

    def _language(self, value: str) -> str:
        canonical = self.languages.get(value)  # an export repeats a few languages
        if canonical is not None:
            return canonical
        try:
            canonical = langtag.canonical(value)
        except WmhrError as exc:
            raise _Bad("language", str(exc)) from None
        self.languages[value] = canonical
        return canonical

    def _contact(self, value: str) -> str:
        if not value:
            raise _Bad("contact", "empty contact; every request needs who it came from")
        return value

    def _received(self, value: str) -> str:
        plain = UTC_SECONDS.fullmatch(value)
        if plain is not None:
            earliest, end, now = self.stamps
            text = plain[1] + ".000000+00:00"
            if earliest <= text < end and text <= now and _real(text[:19]):
                return text
        return stamp(self._instant(value))  # the other forms, and every error, as typed

    def _instant(self, value: str) -> datetime:
        try:
            wall = None if self.zone is None else naive_wall_time(value, self.order)
            if wall is not None and self.zone is not None:
                received = supported_instant(localize(wall, self.zone), value)
            elif PLAIN_ISO.fullmatch(value):
                received = supported_instant(datetime.fromisoformat(value), value)
            else:
                received = parse_instant(value)
        except WmhrError as exc:
            hint = ZONE_HINT if self.zone is None and _zone_less(value) else ""
            raise _Bad("time", f"{exc}{hint}") from None
        except ValueError as exc:
            # The right shape, but no such moment: 30 February, hour 25, an offset of a day.
            raise _Bad("time", f'"{value}" is not a real date and time ({_why(exc)})') from None
        if received > self.now:
            raise _Bad("time", f"in the future (now is {self.now:%Y-%m-%dT%H:%M:%SZ})")
        return received


ZONE_HINT = (
    "; for an export whose times carry no zone, pass --time-zone ZONE (where they were written)"
)


def _zone_less(value: str) -> bool:
    """Whether `value` is a date and time as spreadsheets write them, without a zone."""
    if SLASH_DATE.fullmatch(value):
        return True
    try:
        return datetime.fromisoformat(value).tzinfo is None
    except ValueError:
        return False


def _real(wall: str) -> bool:
    """Whether a well-shaped `YYYY-MM-DDTHH:MM:SS` is a real date and time (not 30 February)."""
    try:
        datetime.fromisoformat(wall)
    except ValueError:
        return False
    return True


def _value_free(reason: str, value: str, fallback: str) -> str:
    """`reason` without the cell's value: a column mapped to the wrong one would otherwise print
    contacts in errors and warnings. The quoted value becomes "the value"; if any piece of the
    value is still there, only the `fallback` (which never has one) is given."""
    collapsed = " ".join(value.split())
    for shown in {value, collapsed}:
        if shown:
            reason = reason.replace(f'"{shown}"', "the value")
    pieces = {
        piece
        for piece in re.split(r"[\s,;<>_-]+", collapsed.lower())
        if len(piece) > 2 and any(ch.isalpha() for ch in piece)  # dates and numbers are no one
    }
    if any(piece in reason.lower() for piece in pieces):
        return fallback
    return reason


def _why(exc: ValueError) -> str:
    if "offset" in str(exc):
        return "a UTC offset must be less than 24 hours"
    return str(exc)  # "day is out of range for month", "hour must be in 0..23", ...
