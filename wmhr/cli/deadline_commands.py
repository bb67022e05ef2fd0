"""`wmhr deadlines` (every deadline of the series) and `wmhr deadline` (for scripts)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from wmhr.cli.options import (
    FileOption,
    FormatOption,
    NowOption,
    SessionArgument,
    TzOption,
    complete_session,
    read_now,
    session_ids,
)
from wmhr.cli.root import command
from wmhr.errors import ExitStatus
from wmhr.output import OutputFormat, render
from wmhr.schedule.model import load
from wmhr.time.zones import Zone, resolve

KINDS = ("interpretation", "session", "survey")


@command("deadlines")
def deadlines(
    session: Annotated[
        str | None,
        typer.Argument(
            metavar="[SESSION]",
            help="Only this session's deadlines (its requests and its start).",
            autocompletion=complete_session,
            callback=session_ids,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="|".join(KINDS),
            help="Only deadlines of this kind.",
            autocompletion=lambda: list(KINDS),
            show_default=False,
        ),
    ] = None,
    tz: TzOption = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            metavar="DURATION",
            help="Only the deadlines still open that fall within DURATION of now "
            "(90m, 36h, 2d, 1w); exit 1, printing nothing, when none does.",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Every deadline of the series, sorted, with its state and the time left. With --within,
    for cron: exit 0 listing what falls due soon, exit 1 when nothing does."""
    from wmhr.output import deadline_views  # imported here: see schedule_commands
    from wmhr.schedule.deadlines import due_within, select, series_deadlines

    window = None
    if within is not None:
        from wmhr.time.durations import parse_duration

        window = parse_duration(within, what="--within")
    moment = read_now(now)
    loaded = load(file)
    zones: dict[str, Zone] = {}
    for typed in tz or []:
        for zone in resolve(typed):
            zones.setdefault(zone.key, zone)
    if session is not None:
        loaded.session(session)  # an unknown id is an error
    found = select(series_deadlines(loaded), session=session, kind=kind)
    if window is not None:
        found = due_within(found, moment, window)
    notes = [f"The survey closes {loaded.survey.closing_words}."]
    notes = notes if any(d.kind == "survey" for d in found) else []
    notes += [zone.note for zone in zones.values() if zone.note]
    output = deadline_views.deadlines_output(
        found, now=moment, zones=list(zones.values()), within=window, notes=notes
    )
    if found or fmt is OutputFormat.JSON:
        render.emit(output, fmt)
    elif window is not None and sys.stdout.isatty():  # a person; cron gets nothing to mail
        typer.echo(f"Nothing falls due within {deadline_views.window_words(window, moment)}.")
    if not found:
        raise typer.Exit(int(ExitStatus.CONDITION_NOT_MET))


@command("deadline")
def deadline(
    session: SessionArgument,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status.")
    ] = False,
    file: FileOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """For scripts: exit 0 while interpretation requests for SESSION are accepted, 1 once its
    deadline has passed, 2 for an unknown session."""
    from wmhr.output import deadline_views
    from wmhr.schedule.deadlines import session_deadline

    moment = read_now(now)
    loaded = load(file)
    found = session_deadline(loaded.session(session), loaded.interpretation)
    if not quiet:
        render.emit(deadline_views.deadline_output(found, now=moment), fmt)
    if not found.is_open(moment):
        raise typer.Exit(int(ExitStatus.CONDITION_NOT_MET))
