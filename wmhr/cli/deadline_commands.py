"""`wmhr deadlines` (every deadline of the series) and `wmhr deadline` (for scripts)."""

from __future__ import annotations

from typing import Annotated

import typer

from wmhr.cli.options import (
    CsvOption,
    FileOption,
    JsonOption,
    NowOption,
    SessionArgument,
    TzOption,
    output_format,
    read_now,
)
from wmhr.cli.root import command
from wmhr.errors import ExitStatus
from wmhr.output import render
from wmhr.schedule.model import load
from wmhr.time.zones import Zone, resolve


@command("deadlines")
def deadlines(
    tz: TzOption = None,
    file: FileOption = None,
    now: NowOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
) -> None:
    """Every deadline of the series, sorted, with its state and the time left."""
    from wmhr.output import deadline_views  # imported here: see schedule_commands
    from wmhr.schedule.deadlines import series_deadlines

    fmt = output_format(json, csv)
    moment = read_now(now)
    loaded = load(file)
    zones: dict[str, Zone] = {}
    for typed in tz or []:
        for zone in resolve(typed):
            zones.setdefault(zone.key, zone)
    notes = [f"The survey closes {loaded.survey.closing_words}."]
    notes += [zone.note for zone in zones.values() if zone.note]
    output = deadline_views.deadlines_output(
        series_deadlines(loaded), now=moment, zones=list(zones.values()), notes=notes
    )
    render.emit(output, fmt)


@command("deadline")
def deadline(
    session: SessionArgument,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status.")
    ] = False,
    file: FileOption = None,
    now: NowOption = None,
    json: JsonOption = False,
) -> None:
    """For scripts: exit 0 while interpretation requests for SESSION are accepted, 1 once its
    deadline has passed, 2 for an unknown session."""
    from wmhr.output import deadline_views
    from wmhr.schedule.deadlines import session_deadline

    fmt = output_format(json)
    moment = read_now(now)
    loaded = load(file)
    found = session_deadline(loaded.session(session), loaded.interpretation)
    if not quiet:
        render.emit(deadline_views.deadline_output(found, now=moment), fmt)
    if not found.is_open(moment):
        raise typer.Exit(int(ExitStatus.CONDITION_NOT_MET))
