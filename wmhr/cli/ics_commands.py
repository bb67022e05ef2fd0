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
    session_ids,
)
from wmhr.cli.root import command, say, warn
from wmhr.errors import WmhrError
from wmhr.output import OutputFormat
from wmhr.schedule.model import load

if TYPE_CHECKING:
    from wmhr.invites.service import Destination, IssueReport, Preview


@command("ics")
def ics(
    sessions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Session ids to write. Default: every session and series.ics.",
            metavar="SESSION",
            autocompletion=complete_session,
            callback=session_ids,
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
    from wmhr.cli.targets import protected
    from wmhr.invites import service
    from wmhr.invites.alarms import parse_alarms
    from wmhr.invites.planner import IssueRequest

    if fmt is not OutputFormat.TABLE and not dry_run:
        raise WmhrError(
            f"--format {fmt} goes with --dry-run (otherwise the calendar is the output)"
        )
    moment = read_now(now)
    check_language(lang)
    request = IssueRequest(
        sessions=tuple(s.strip() for s in sessions or []),
        alarms=parse_alarms(alarm),
        with_organizer=with_organizer,
        organizer_deadlines=organizer_deadlines,
        single=output is not None,
        language=lang,
    )
    loaded = load(file)
    destination = _destination(out, output)
    db_path = store.default_path(db)
    one_off = output is not None and db is None and not os.environ.get(store.DB_ENV)
    database = None if one_off and not db_path.exists() else db_path
    guard = protected(file, db)
    if dry_run:
        preview = service.preview(
            loaded, request, now=moment, destination=destination, database=database, protected=guard
        )
        _show_preview(preview, destination, fmt)
        return
    result = service.issue(
        loaded, request, now=moment, destination=destination, database=database, protected=guard
    )
    _report(result)


def _destination(out: Path, output: str | None) -> Destination:
    from wmhr.invites.service import Destination

    if output == "-":
        return Destination("stdout", option="-o")
    if output is not None:
        return Destination("file", Path(output), option="-o")
    return Destination("folder", out, option="--out")


def _report(result: IssueReport) -> None:
    plan = result.plan
    for warning in plan.warnings:
        warn(warning)
    if result.removed_leftovers and result.destination.kind == "folder":
        count, folder = result.removed_leftovers, result.destination.path
        say(f"note: removed {count} temporary file(s) a stopped run left in {folder}")
    where = result.destination.describe()
    if result.destination.kind == "folder":
        where = f"{len(plan.files)} file(s) to {where}"
    if result.database is None:
        say(f"wrote {where}: {plan.written} event(s)")
        return
    changed = len(plan.changed)
    say(
        f"wrote {where}: {plan.written} event(s), {changed} new or changed, "
        f"{plan.written - changed} unchanged; issued state in {result.database}"
    )


def _show_preview(preview: Preview, destination: Destination, fmt: OutputFormat) -> None:
    from wmhr.output import render
    from wmhr.output.ics_views import dry_run_output

    for warning in preview.plan.warnings:
        warn(warning)
    database = str(preview.database) if preview.database is not None else None
    view = dry_run_output(
        preview.plan.outcomes, preview.files, target=destination.describe(), database=database
    )
    render.emit(view, fmt)
