"""`wmhr sessions`, `wmhr convert` and `wmhr check`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.options import (
    ApiOption,
    DbOption,
    EarlierOption,
    FileOption,
    FormatOption,
    LaterOption,
    NowOption,
    TzOption,
    complete_session,
    read_now,
)
from wmhr.cli.root import command
from wmhr.errors import ExitStatus, WikiError, WmhrError
from wmhr.output import OutputFormat, render
from wmhr.schedule.model import load
from wmhr.time.zones import Zone, resolve, tzdata_version

if TYPE_CHECKING:
    from datetime import datetime

    from wmhr.time.parse import Pick

# Modules only some commands need are imported inside them: every import here delays every
# command's start, and `wmhr sessions --json` is benchmarked against a bare `import typer`.


@command("sessions")
def sessions(
    tz: TzOption = None,
    file: FileOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show the schedule: UTC, each anchor city's local time, and any --tz zones."""
    from wmhr.output import schedule_views
    from wmhr.schedule import timetable

    moment = read_now(now)
    loaded = load(file)
    requested = [(typed, resolve(typed)) for typed in tz or []]
    table = timetable.build(loaded, now=moment, requested=requested)
    notes = [zone.note for _, zones in requested for zone in zones if zone.note]
    output = schedule_views.timetable_output(
        table, now=moment, tzdata=tzdata_version(), notes=notes
    )
    render.emit(output, fmt)


@command("convert")
def convert(
    when: Annotated[
        str,
        typer.Argument(
            metavar="WHEN",
            autocompletion=complete_session,
            help="A session id, or a date-time with a zone or offset "
            '("2022-05-16 12:00 UTC", "2022-05-16T19:00 Asia/Jakarta").',
            show_default=False,
        ),
    ],
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            help="A zone to show it in (IANA, city, country, offset). Repeatable.",
            show_default=False,
        ),
    ] = None,
    earlier: EarlierOption = False,
    later: LaterOption = False,
    file: FileOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Convert a session's start, or any instant, into other time zones."""
    from wmhr.output import schedule_views
    from wmhr.time.convert import in_zone

    if earlier and later:
        raise WmhrError("--earlier and --later are exclusive; pick one")
    pick: Pick = "earlier" if earlier else "later" if later else "raise"
    instant, label, zones = _instant(when, pick, file)
    for typed in to or []:
        zones.extend(resolve(typed))
    unique = _unique(zones)
    times = [in_zone(instant, zone) for zone in unique]
    notes = [zone.note for zone in unique if zone.note]
    render.emit(schedule_views.conversion_output(instant, label, times, notes), fmt)


def _instant(when: str, pick: Pick, file: FileOption) -> tuple[datetime, str, list[Zone]]:
    from wmhr.time.parse import NonexistentOrRepeatedTime, parse_instant_and_zone

    utc = resolve("UTC")
    if any(ch.isspace() or ch == ":" for ch in when.strip()):
        try:
            instant, zone = parse_instant_and_zone(when, pick=pick)
        except NonexistentOrRepeatedTime as exc:
            problem = exc.problem
            raise WmhrError(
                f"{exc.what}: --earlier means {exc.candidate(problem.earlier)}, "
                f"--later means {exc.candidate(problem.later)}; pick one"
            ) from None
        return instant, when, [*utc, zone]
    session = load(file).session(when.strip())
    anchor = Zone(session.zone.key, session.zone)
    status = ", cancelled: it will not take place" if session.cancelled else ""
    return session.start, f"session {session.id} ({session.region}{status})", [*utc, anchor]


def _unique(zones: list[Zone]) -> list[Zone]:
    seen: dict[str, Zone] = {}
    for zone in zones:
        seen.setdefault(zone.key, zone)
    return list(seen.values())


@command("check")
def check(
    file: FileOption = None,
    now: NowOption = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    wiki: Annotated[
        str | None,
        typer.Option(
            "--wiki",
            help="Also read this wiki page's table (no login) and report every session whose "
            "date or times there differ from the schedule. Needs --api.",
            metavar="TITLE",
            show_default=False,
        ),
    ] = None,
    api: ApiOption = None,
) -> None:
    """Check a published schedule for mistakes. Exit 1 when any error is found."""
    from wmhr import checks, store
    from wmhr.output import schedule_views
    from wmhr.schedule.check import CheckInput, exit_status

    moment = read_now(now)
    loaded = load(file)
    wiki_page = None
    if wiki is not None or api is not None:
        if wiki is None or api is None:
            raise WikiError("--wiki TITLE and --api URL go together: give both")
        wiki_page = (wiki, api)
    findings = checks.run_all(CheckInput(loaded, moment, store.default_path(db), wiki_page))
    render.emit(schedule_views.findings_output(findings, now=moment, source=loaded.source), fmt)
    status = exit_status(findings)
    if status is not ExitStatus.OK:
        raise typer.Exit(int(status))
