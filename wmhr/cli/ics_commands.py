"""`wmhr ics`: calendar invites for participants and the series feed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.options import (
    DbOption,
    FileOption,
    FormatOption,
    LangOption,
    NowOption,
    check_language,
    complete_session,
    read_now,
)
from wmhr.cli.root import command, say, warn
from wmhr.errors import InputFileError, WmhrError
from wmhr.output import OutputFormat
from wmhr.schedule.model import load

if TYPE_CHECKING:
    from datetime import datetime

    from wmhr.invites.planner import Plan, Request
    from wmhr.invites.published import Published
    from wmhr.schedule.model import Schedule


@command("ics")
def ics(
    sessions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Session ids to write. Default: every session and series.ics.",
            metavar="SESSION",
            autocompletion=complete_session,
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
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show what a run would change (new, changed, cancelled, unchanged events and "
            "files) and write nothing: no files, no database.",
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    now: NowOption = None,
    file: FileOption = None,
    db: DbOption = None,
) -> None:
    """Write iCalendar invites: UTC times, stable UIDs, updates and cancellations in place."""
    # Imported here: `wmhr sessions` must start fast. None of these loads icalendar, sqlite3 or
    # rich, so a one-off invite (-o, no database) starts fast too; the ledger loads sqlite3.
    from wmhr import store
    from wmhr.cli import ics_files
    from wmhr.invites import planner
    from wmhr.invites.alarms import parse_alarms
    from wmhr.schedule.model import locate

    if fmt is not OutputFormat.TABLE and not dry_run:
        raise WmhrError(
            f"--format {fmt} goes with --dry-run (otherwise the calendar is the output)"
        )
    moment = read_now(now)
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
    if output not in (None, "-"):
        schedule_path = locate(file, cwd=Path.cwd(), environ=os.environ)
        ics_files.check_target(output, database=db_path, schedule=schedule_path)
    one_off = output is not None and db is None and not os.environ.get(store.DB_ENV)
    if not db_path.exists():
        for session_id in request.sessions:  # nothing issued yet: only scheduled ids exist
            loaded.session(session_id)
    if dry_run:
        _dry_run(loaded, request, moment, db_path, out, output, fmt, ledger=not one_off)
        return
    if one_off and not db_path.exists():
        _one_off(loaded, request, moment, output or "-", db_path)
        return
    if output is None:
        ics_files.make_folder(out)
    result = _issue_with_ledger(loaded, request, moment, db_path, out, output)
    changed = len(result.changed)
    say(
        f"wrote {result.where}: {result.written} event(s), {changed} new or changed, "
        f"{result.written - changed} unchanged; issued state in {db_path}"
    )


def _one_off(
    loaded: Schedule, request: Request, moment: datetime, output: str, db_path: Path
) -> None:
    """A participant's invite (-o FILE or -o -) where no database is: write it without
    creating one. An organizer who wants SEQUENCE tracked names --db or $WMHR_DB."""
    from wmhr.invites import planner

    published = _published(Path(), output)
    result = planner.plan(loaded, request, None, now=moment, published=published)
    _warn(result.warnings)
    where = _write(result.files, Path(), output)
    say(
        f"note: wrote {where}: {result.written} event(s) without a database (none at "
        f"{db_path}): SEQUENCE is the schedule's min_sequence and nothing is recorded"
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
        # (or standard output fails) nothing is recorded. If the run stops after the files were
        # replaced, the next run reads them back and never issues a lower SEQUENCE, which also
        # repairs the database. The lock is held from the start, so a second wmhr waits.
        with store.transaction(conn, db_path):
            published = _published(out, output)
            state = ledger.load(conn, db_path, loaded.series.id)
            result = planner.plan(loaded, request, state, now=moment, published=published)
            _warn(result.warnings)
            result.where = _write(result.files, out, output)
            ledger.save(conn, result.records)  # the transaction turns SQLite errors into one line
    finally:
        conn.close()
    return result


def _dry_run(
    loaded: Schedule,
    request: Request,
    moment: datetime,
    db_path: Path,
    out: Path,
    output: str | None,
    fmt: OutputFormat,
    *,
    ledger: bool,
) -> None:
    """Plan as a run would, from the database (read-only, never created) and the files in
    place (read, never changed), and show the outcome."""
    from wmhr import store
    from wmhr.cli import ics_files
    from wmhr.invites import ledger as issued_ledger
    from wmhr.invites import planner
    from wmhr.invites.published import collect
    from wmhr.output import render
    from wmhr.output.ics_views import dry_run_output

    state = None
    conn = None
    if ledger or db_path.exists():
        state = {}
        conn = store.open_to_read(db_path, issued_ledger.COMPONENT, issued_ledger.MIGRATIONS)
    if conn is not None:
        try:
            state = issued_ledger.load(conn, db_path, loaded.series.id)
        finally:
            conn.close()
    targets = _targets(out, output)
    published = collect(ics_files.read_calendars(targets))
    result = planner.plan(loaded, request, state, now=moment, published=published)
    _warn(result.warnings)
    files = []
    for name, data in result.files:
        path = Path(output) if output not in (None, "-") else (out / name if name else None)
        files.append((name or str(output), ics_files.compare(path, data)))
    target = "standard output" if output == "-" else output or str(out)
    database = str(db_path) if conn is not None else None
    view = dry_run_output(result.outcomes, files, target=target, database=database)
    render.emit(view, fmt)


def _targets(out: Path, output: str | None) -> list[Path]:
    """The files a run would replace (nothing for standard output)."""
    if output == "-":
        return []
    if output is not None:
        return [Path(output)]
    return sorted(out.glob("*.ics")) if out.is_dir() else []


def _published(out: Path, output: str | None) -> dict[str, Published]:
    """What the files this run replaces already carry, after removing a stopped run's temporary
    files next to them."""
    from wmhr.cli import ics_files
    from wmhr.invites.published import collect

    if output == "-":
        return {}
    if output is not None:
        target = Path(output)
        ics_files.remove_leftovers(target.parent, {target.name})
        return collect(ics_files.read_calendars([target]))
    removed = ics_files.remove_leftovers(out)
    if removed:
        say(f"note: removed {len(removed)} temporary file(s) a stopped run left in {out}")
    return collect(ics_files.read_calendars(sorted(out.glob("*.ics"))))


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        warn(warning)


def _write(files: list[tuple[str, bytes]], out: Path, output: str | None) -> str:
    from wmhr.cli import ics_files

    if output == "-":
        ics_files.write_stdout(files[0][1])
        return "standard output"
    if output is not None:
        ics_files.atomic_write(Path(output), files[0][1])
        return output
    for name, data in files:
        # Names come from validated session ids; refuse anything else rather than trust it.
        if Path(name).name != name or not name.endswith(".ics"):
            raise InputFileError(f"refusing to write {name!r} outside --out {out}")
        ics_files.atomic_write(out / name, data)
    return f"{len(files)} file(s) to {out}"
