"""`wmhr ics`: calendar invites for participants and the series feed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.options import DbOption, FileOption, LangOption, NowOption, check_language, read_now
from wmhr.cli.root import command
from wmhr.errors import InputFileError
from wmhr.schedule.model import load

if TYPE_CHECKING:
    from datetime import datetime

    from wmhr.invites.planner import Plan, Request
    from wmhr.schedule.model import Schedule


@command("ics")
def ics(
    sessions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Session ids to write. Default: every session and series.ics.",
            metavar="SESSION",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder for <session>.ics and series.ics.", file_okay=False),
    ] = Path("invites"),
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write one calendar to this file instead, or to standard output with -.",
            show_default=False,
        ),
    ] = None,
    alarm: Annotated[
        list[str] | None,
        typer.Option(
            "--alarm",
            help="A reminder this long before the start (15m, 1h, 1d, PT15M), or none. "
            "Repeatable. Default: 15m.",
            show_default=False,
        ),
    ] = None,
    organizer_deadlines: Annotated[
        bool,
        typer.Option(
            "--organizer-deadlines",
            help="Also write each interpretation-request deadline as an event (deadlines.ics), "
            "for the organizers' calendar.",
        ),
    ] = False,
    with_organizer: Annotated[
        bool,
        typer.Option(
            "--with-organizer",
            help="Name the schedule's organizer_email as ORGANIZER (off: clients may then "
            "treat the invite as a meeting you were invited to).",
        ),
    ] = False,
    lang: LangOption = None,
    now: NowOption = None,
    file: FileOption = None,
    db: DbOption = None,
) -> None:
    """Write iCalendar invites: UTC times, stable UIDs, updates and cancellations in place."""
    # Imported here: `wmhr sessions` must start fast. None of these loads icalendar, sqlite3 or
    # rich, so a one-off invite (-o, no database) starts fast too; the ledger loads sqlite3.
    from wmhr import store
    from wmhr.invites import planner
    from wmhr.invites.alarms import parse_alarms

    moment = read_now(now)
    if lang is not None:
        check_language(lang)
    request = planner.Request(
        sessions=tuple(s.strip() for s in sessions or []),
        alarms=parse_alarms(alarm),
        with_organizer=with_organizer,
        organizer_deadlines=organizer_deadlines,
        single=output is not None,
        language=lang,
    )
    loaded = load(file)
    db_path = store.default_path(db)
    if not db_path.exists():
        for session_id in request.sessions:  # nothing issued yet: only scheduled ids exist
            loaded.session(session_id)
        if output is not None and db is None and not os.environ.get(store.DB_ENV):
            _one_off(loaded, request, moment, output, db_path)
            return
    if output is None:
        _make_folder(out)
    result = _issue_with_ledger(loaded, request, moment, db_path, out, output)
    changed = len(result.changed)
    typer.echo(
        f"wmhr: wrote {result.where}: {result.written} event(s), {changed} new or changed, "
        f"{result.written - changed} unchanged; issued state in {db_path}",
        err=True,
    )


def _one_off(
    loaded: Schedule, request: Request, moment: datetime, output: str, db_path: Path
) -> None:
    """A participant's invite (-o FILE or -o -) where no database is: write it without
    creating one. An organizer who wants SEQUENCE tracked names --db or $WMHR_DB."""
    from wmhr.invites import planner

    result = planner.plan(loaded, request, None, now=moment)
    _warn(result.warnings)
    where = _write(result.files, Path(), output)
    typer.echo(
        f"wmhr: note: wrote {where}: {result.written} event(s) without a database (none at "
        f"{db_path}): SEQUENCE is the schedule's min_sequence and nothing is recorded",
        err=True,
    )


def _issue_with_ledger(
    loaded: Schedule,
    request: Request,
    moment: datetime,
    db_path: Path,
    out: Path,
    output: str | None,
) -> Plan:
    from wmhr import store
    from wmhr.invites import ledger, planner

    conn = ledger.open_db(db_path)
    try:
        # Files first, then the database, in one write transaction: if a file cannot be written
        # nothing is recorded; if the commit fails after the files were replaced, the next run
        # recomputes the same SEQUENCE (never a lower one), so what people hold stays valid.
        with store.transaction(conn, db_path):
            state = ledger.load(conn, db_path, loaded.series.id)
            result = planner.plan(loaded, request, state, now=moment)
            _warn(result.warnings)
            result.where = _write(result.files, out, output)
            ledger.save(conn, result.records)  # the transaction turns SQLite errors into one line
    finally:
        conn.close()
    return result


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        typer.echo(f"wmhr: warning: {warning}", err=True)


def _write(files: list[tuple[str, bytes]], out: Path, output: str | None) -> str:
    if output == "-":
        stream = typer.get_binary_stream("stdout")
        stream.write(files[0][1])
        stream.flush()
        return "standard output"
    if output is not None:
        atomic_write(Path(output), files[0][1])
        return output
    for name, data in files:
        # Names come from validated session ids; refuse anything else rather than trust it.
        if Path(name).name != name or not name.endswith(".ics"):
            raise InputFileError(f"refusing to write {name!r} outside --out {out}")
        atomic_write(out / name, data)
    return f"{len(files)} file(s) to {out}"


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"--out {out}: cannot create the folder ({exc.strerror})") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one. A file that already holds
    exactly these bytes is left alone, so its modification time (and HTTP caches) stay valid."""
    try:
        if path.is_file() and path.read_bytes() == data:
            return
    except OSError:
        pass  # unreadable: replace it below, which reports a real problem
    # Named like tempfile's, without importing it (it loads `random`): a one-off invite is timed.
    temp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        temp.chmod(0o644)
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InputFileError(f"{path}: cannot write it ({exc.strerror})") from None
