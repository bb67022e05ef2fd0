"""`wmhr coverage` and `wmhr plan`: fair times across a session's regions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from wmhr.cli.options import (
    FileOption,
    FormatOption,
    NowOption,
    SessionArgument,
    complete_session,
    read_now,
)
from wmhr.cli.root import command
from wmhr.errors import PlanningInputError
from wmhr.output import OutputFormat, render

DEFAULT_DAYS = 28
MAX_TOP = 100

WindowOption = Annotated[
    str,
    typer.Option(
        "--window",
        metavar="HH:MM-HH:MM",
        help="Local hours people can attend; sets where night, early, day and evening fall.",
    ),
]


@command("coverage")
def coverage(
    session: SessionArgument,
    window: WindowOption = "07:00-22:00",
    file: FileOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show a session's local time in every country of its regions, with holidays and weekends."""
    from wmhr.output.planning_views import coverage_output
    from wmhr.planning.calendars import holidays_version
    from wmhr.planning.coverage import coverage as build
    from wmhr.planning.window import check_duration, parse_window
    from wmhr.schedule.model import load
    from wmhr.time.zones import tzdata_version

    hours = parse_window(window)
    chosen = load(file).session(session)
    length = f"{chosen.id}'s duration_minutes in the schedule"  # no --duration here
    check_duration(hours, chosen.duration_minutes, length=length)
    result = build(chosen, hours)
    output = coverage_output(result, tzdata=tzdata_version(), holidays_version=holidays_version())
    render.emit(output, fmt)


@command("plan")
def plan(
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="REGION...",
            help='Wikimedia regions ("South Asia"), session ids (their regions) or countries '
            "(code or name) to serve.",
            autocompletion=complete_session,
            show_default=False,
        ),
    ],
    first: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First UTC date to consider (YYYY-MM-DD). Default: the day after now.",
            show_default=False,
        ),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="DATE",
            help=f"Last UTC date to consider. Default: {DEFAULT_DAYS} days from --from.",
            show_default=False,
        ),
    ] = None,
    duration: Annotated[int, typer.Option("--duration", help="Session length in minutes.")] = 60,
    window: WindowOption = "17:00-21:00",
    step: Annotated[
        str, typer.Option("--step", help="Minutes between candidate starts (15m, 30m, 1h).")
    ] = "15m",
    weights: Annotated[
        str,
        typer.Option(
            "--weights",
            metavar="countries|FILE",
            help="Count each country once, or weigh them from a CSV of country code and weight.",
        ),
    ] = "countries",
    top: Annotated[int, typer.Option("--top", help="How many slots to show.")] = 5,
    now: NowOption = None,
    file: FileOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Rank candidate UTC start times by how many countries of the regions can attend."""
    from functools import cache

    from wmhr.output.planning_views import plan_output
    from wmhr.planning.calendars import holidays_version
    from wmhr.planning.countries import region_or_country
    from wmhr.planning.plan import Group, PlanRequest
    from wmhr.planning.plan import plan as rank
    from wmhr.planning.weights import read_weights
    from wmhr.planning.window import (
        check_duration,
        check_range,
        parse_date,
        parse_step,
        parse_window,
    )
    from wmhr.schedule.model import load
    from wmhr.time.zones import tzdata_version

    moment = read_now(now)
    schedule = cache(lambda: load(file))  # read only for a REGION that may be a session id
    found = (region_or_country(region, schedule) for region in regions)
    groups = tuple(Group(label, tuple(countries)) for label, countries in found)
    start = parse_date(first, option="--from") if first else moment.date() + timedelta(days=1)
    end = parse_date(last, option="--to") if last else start + timedelta(days=DEFAULT_DAYS - 1)
    check_range(start, end)
    hours = parse_window(window)
    check_duration(hours, duration)
    if not 1 <= top <= MAX_TOP:
        raise PlanningInputError(f"--top {top}: show from 1 to {MAX_TOP} slots")
    table = None if weights == "countries" else read_weights(Path(weights))
    request = PlanRequest(groups, start, end, duration, hours, parse_step(step), table, top)
    result = rank(request, now=moment)
    label = "countries" if table is None else f"weights from {weights}"
    output = plan_output(
        result, weights_label=label, tzdata=tzdata_version(), holidays_version=holidays_version()
    )
    render.emit(output, fmt)
