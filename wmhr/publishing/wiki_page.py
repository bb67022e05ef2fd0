"""The schedule table inside a wiki page: the markers that bound it, its rows, Translate's unit
markers, what changed and what drifted. Pure functions over page text and the schedule.

wmhr owns only what stands between `<!-- wmhr:begin -->` and `<!-- wmhr:end -->`; every other
byte of the page is the community's. Rows are found by the session id wmhr writes on each
(`|- data-wmhr-session="asia"`), cells by their column, Translate units by (session, column,
place in the cell): so a unit keeps its `<!--T:n-->` marker when its text changes, as the
Translate extension expects (its translations become outdated, not lost).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from wmhr.errors import WikiError
from wmhr.publishing.wikitext import COLUMNS, SESSION_ATTRIBUTE
from wmhr.schedule.check import Finding

BEGIN = "<!-- wmhr:begin -->"
END = "<!-- wmhr:end -->"
COMPARED = ("date", "time_utc", "time_local")  # what `check --wiki` holds against sessions.toml
_ROW = re.compile(r"^\|-(.*)$")
_SESSION = re.compile(SESSION_ATTRIBUTE + r'\s*=\s*"([^"]*)"')
_UNIT = re.compile(r"<translate>(?:<!--T:([^>]*?)-->[ \n]?)?(.*?)</translate>", re.DOTALL)
_MARKUP = re.compile(
    r"<!--T:[^>]*?-->\s?|</?translate>|<tvar[^>]*>|</tvar\s*>|</?s>|<languages\s*/>"
)
_LINK = re.compile(r"\[(?:https?:)?//\S+ ([^\]]*)\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Block:
    """A page cut at its markers: `before + BEGIN + inside + END + after` is the page."""

    before: str
    inside: str
    after: str

    def with_inside(self, inside: str) -> str:
        return f"{self.before}{BEGIN}{inside}{END}{self.after}"


@dataclass(frozen=True)
class Row:
    """One session's row as the page has it: its cells' wikitext, in column order."""

    session: str | None  # None: a row without wmhr's session id (added or edited by hand)
    cells: tuple[str, ...]

    def cell(self, column: str) -> str:
        index = COLUMNS.index(column)
        return self.cells[index] if index < len(self.cells) else ""

    @property
    def cancelled(self) -> bool:
        return bool(self.cells) and self.cells[0].lstrip().startswith("<s>")


def find_block(page: str, title: str) -> Block:
    """The page cut at its one pair of markers, or an error saying what to add where."""
    begins, ends = page.count(BEGIN), page.count(END)
    where = f'the page "{title}"'
    if begins == 0 or ends == 0:
        missing = " and ".join(m for m, n in ((BEGIN, begins), (END, ends)) if n == 0)
        raise WikiError(
            f"{where} has no {missing}; edit the page once by hand: put {BEGIN} on the line "
            f"before the schedule table and {END} on the line after it"
        )
    if begins > 1 or ends > 1:
        raise WikiError(
            f"{where} has {begins} {BEGIN} and {ends} {END}; keep exactly one of each, around "
            "the schedule table, and remove the others"
        )
    head, rest = page.split(BEGIN)
    if END not in rest:
        raise WikiError(f"{where} has {END} before {BEGIN}; put {BEGIN} first, then the table")
    inside, tail = rest.split(END)
    return Block(head, inside, tail)


def new_inside(table: str) -> str:
    """What wmhr writes between the markers: the table on lines of its own."""
    return f"\n{table}"


def rows(table: str) -> list[Row]:
    """The table's session rows (not its caption or column headers)."""
    found: list[Row] = []
    session: str | None = None
    cells: list[str] | None = None
    for line in table.splitlines():
        row = _ROW.match(line)
        if row or line.startswith("|}"):
            if cells is not None:
                found.append(Row(session, tuple(cells)))
            cells, session = ([], _session(row.group(1))) if row else (None, None)
            continue
        if cells is not None and line[:1] in ("|", "!") and not line.startswith("|+"):
            cells.extend(_cell_texts(line))
    if cells is not None:
        found.append(Row(session, tuple(cells)))
    return found


def _session(attributes: str) -> str | None:
    match = _SESSION.search(attributes)
    return match.group(1) if match else None


def _cell_texts(line: str) -> list[str]:
    """`| a || b` -> [a, b]; `! scope="row" | x` -> [x]. wmhr's own cells never hold a raw `|`
    or `!!` (escaped), so a split is a cell boundary; `attributes | content` keeps the content."""
    separator = "!!" if line.startswith("!") else "||"
    texts = []
    for part in line[1:].split(separator):
        # A `|` inside [link] or <tag> is content; outside, it ends the cell's attributes.
        bare = re.sub(r"\[[^\]]*\]|<[^>]*>", lambda m: "x" * len(m.group(0)), part)
        bar = bare.find("|")
        texts.append((part[bar + 1 :] if bar >= 0 else part).strip())
    return texts


def plain(cell: str) -> str:
    """A cell as a reader sees it: no Translate markup, links as their labels, one line."""
    text = _LINK.sub(r"\1", _MARKUP.sub("", cell))
    return " ".join(_CONTROL.sub(" ", text).split())


def _unmarked(cell: str) -> str:
    """A cell without Translate markup: the same for a plain and a translatable table."""
    return " ".join(_MARKUP.sub("", cell).split())


# -- Translate unit markers -----------------------------------------------------------------


UnitKey = tuple[str, str, int]  # (session id or "" for the caption and headers, column, place)


def _units(table: str) -> Iterator[tuple[UnitKey, re.Match[str], int]]:
    """Every <translate> unit with what it is, its match, and the offset of its line."""
    session, column_index, offset = "", 0, 0
    header_index = 0
    for line in table.splitlines(keepends=True):
        row = _ROW.match(line.rstrip("\n"))
        if row:
            session, column_index = _session(row.group(1)) or f"?{offset}", 0
        elif line.startswith("|+"):
            yield from _line_units(line, ("", "caption"), offset)
        elif line.startswith("!") and not session:
            column = COLUMNS[header_index] if header_index < len(COLUMNS) else str(header_index)
            yield from _line_units(line, ("", f"header-{column}"), offset)
            header_index += 1
        elif line[:1] in ("|", "!") and session and not line.startswith("|}"):
            index = column_index
            column = COLUMNS[index] if index < len(COLUMNS) else str(index)
            yield from _line_units(line, (session, column), offset)
            column_index += 1
        offset += len(line)


def _line_units(
    line: str, where: tuple[str, str], offset: int
) -> Iterator[tuple[UnitKey, re.Match[str], int]]:
    for place, match in enumerate(_UNIT.finditer(line)):
        yield (where[0], where[1], place), match, offset


def unit_markers(table: str) -> dict[UnitKey, str]:
    """The `<!--T:n-->` marker of every unit that has one, by what the unit is."""
    return {key: match.group(1) for key, match, _ in _units(table) if match.group(1)}


def keep_markers(old: str, new: str) -> str:
    """`new` (a freshly generated table) with each unit carrying the marker the same unit has in
    `old` (the page's table). New units get none: Translate numbers them when the page is marked
    for translation again; units of removed sessions go with their rows."""
    markers = unit_markers(old)
    pieces, last = [], 0
    for key, match, offset in _units(new):
        marker = markers.get(key)
        if marker is None:
            continue
        start = offset + match.start(2)
        pieces += [new[last:start], f"<!--T:{marker}--> "]
        last = start
    return "".join(pieces) + new[last:]


def uses_translate(text: str) -> bool:
    return "<translate>" in text


# -- What changed, what drifted ---------------------------------------------------------------


def summary(old: str, new: str) -> str:
    """An edit summary saying what changed: `asia moved to 13:00 UTC; latam cancelled`."""
    before = {row.session: row for row in rows(old) if row.session}
    after = {row.session: row for row in rows(new) if row.session}
    changes = []
    for session, row in after.items():
        was = before.get(session)
        if was is None:
            changes.append(f"{session} added")
        elif row.cancelled != was.cancelled:
            changes.append(f"{session} {'cancelled' if row.cancelled else 'restored'}")
        elif plain(row.cell("date")) != plain(was.cell("date")):
            date, utc = plain(row.cell("date")), _utc_clock(row)
            changes.append(f"{session} moved to {date}, {utc} UTC")
        elif _utc_clock(row) != _utc_clock(was):
            changes.append(f"{session} moved to {_utc_clock(row)} UTC")
        elif row.cells != was.cells:
            changes.append(f"{session} updated")
    changes += [f"{session} removed" for session in before if session not in after]
    detail = "; ".join(changes) if changes else "table updated"
    return f"Schedule table from sessions.toml (wmhr): {detail}"


def _utc_clock(row: Row) -> str:
    return plain(row.cell("time_utc")).split(" ")[0]


def drift(page: str, expected: str, title: str) -> list[Finding]:
    """Every session whose date or times on the page differ from `expected` (the table wmhr
    would write), every session missing from the page and every row wmhr cannot match."""
    try:
        block = find_block(page, title)
    except WikiError as error:
        return [Finding("error", "wiki-no-markers", None, str(error))]
    want = {row.session: row for row in rows(expected)}
    findings, seen = [], set()
    for row in rows(block.inside):
        if row.session not in want or row.session in seen:
            findings.append(_unmatched(row, title))
            continue
        seen.add(row.session)
        findings += _cell_drift(row, want[row.session], title)
    for session in want:
        if session not in seen and session is not None:
            findings.append(
                Finding(
                    "error",
                    "wiki-missing-session",
                    session,
                    f'the table on "{title}" has no row for this session; publish the table '
                    "again (wmhr publish wiki --edit)",
                )
            )
    return findings


def _cell_drift(row: Row, want: Row, title: str) -> Iterator[Finding]:
    for column in COMPARED:
        shown, expected = row.cell(column), want.cell(column)
        if _unmarked(shown) == _unmarked(expected):
            continue
        label = column.replace("_", " ").replace("utc", "(UTC)").replace("local", "(local)")
        yield Finding(
            "error",
            "wiki-drift",
            row.session,
            f'the table on "{title}" says {label} "{_shown(shown)}" where sessions.toml gives '
            f'"{plain(expected)}"; fix sessions.toml, or publish the table again '
            "(wmhr publish wiki --edit)",
        )


def _unmatched(row: Row, title: str) -> Finding:
    what = f'"{row.session}", which is no session' if row.session else "no session id"
    return Finding(
        "error",
        "wiki-unmatched-row",
        None,
        f'the table on "{title}" has a row ("{_shown(row.cell("region"))}") with {what} '
        "(wmhr writes |- data-wmhr-session=...); remove it or publish the table again",
    )


def _shown(cell: str, limit: int = 80) -> str:
    text = plain(cell)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


@dataclass(frozen=True)
class EditPlan:
    text: str  # the whole page after the edit
    changed: bool
    summary: str
    diff: str  # unified diff of the page, for review


def plan_edit(
    page: str, table: str, *, title: str, translate: bool, revision: int | None = None
) -> EditPlan:
    """The page with `table` between its markers, every other byte as it was; with `translate`,
    each unit keeping the Translate marker it has on the page."""
    import difflib
    import unicodedata

    block = find_block(page, title)
    if uses_translate(block.inside) and not translate:
        raise WikiError(
            f'the table on "{title}" has Translate markup; add --translate, or its unit '
            "markers would be lost"
        )
    # MediaWiki stores text in NFC: written so, an unchanged table compares equal to the page.
    table = unicodedata.normalize("NFC", table)
    inside = new_inside(keep_markers(block.inside, table) if translate else table)
    text = block.with_inside(inside)
    diff = difflib.unified_diff(
        page.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{title} (revision {revision})" if revision else f"{title} (on the wiki)",
        tofile=f"{title} (from sessions.toml)",
    )
    return EditPlan(text, text != page, summary(block.inside, inside), "".join(diff))
