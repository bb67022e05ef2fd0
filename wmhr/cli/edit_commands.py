"""`wmhr reschedule`, `wmhr cancel` and `wmhr restore`: the everyday edits of sessions.toml."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.options import (
    EarlierOption,
    FileOption,
    FormatOption,
    LaterOption,
    NowOption,
    SessionArgument,
    SharedOptionsCommand,
    read_now,
)
from wmhr.cli.root import command, warn
from wmhr.errors import WmhrError
from wmhr.output import OutputFormat

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from pathlib import Path

    from typer._click.core import Context as ClickContext  # Click as Typer 0.28 vendors it

    from wmhr.schedule.edit import Edit
    from wmhr.time.parse import Pick

# A shift back in time as WHEN: `-30m`, `-1h30m`, `-2d`.
BACKWARD_SHIFT = r"^-(?:\d+(?:w|d|h|m|min|s))+$"


class ShiftArguments(SharedOptionsCommand):
    """Reads `-30m` as WHEN, not as the options -3, -0 and -m (nor `-1h` as -h, help): a
    backward shift gets the minus sign U+2212, which no option starts with."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        shifts = [f"\u2212{arg[1:]}" if re.match(BACKWARD_SHIFT, arg) else arg for arg in args]
        return super().parse_args(ctx, shifts)


# The edit core (and tomlkit) is imported inside the commands: `wmhr --help` registers every
# command, and nothing else needs it.


@command("reschedule", cls=ShiftArguments)
def reschedule(
    session: SessionArgument,
    when: Annotated[
        str,
        typer.Argument(
            metavar="WHEN",
            help="The new start, with a zone or offset, as `convert` reads it "
            '("2022-05-04T00:00Z", "2022-05-03 20:00 America/Santiago"), or a shift of '
            "the current start (+1h, -30m).",
            show_default=False,
        ),
    ],
    earlier: EarlierOption = False,
    later: LaterOption = False,
    allow_past: Annotated[
        bool,
        typer.Option(
            "--allow-past",
            help="Allow a start before now (to correct the record of a session already held).",
        ),
    ] = False,
    file: FileOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Move SESSION to WHEN in sessions.toml, keeping the file's comments and layout, and
    recompute its published times."""
    from wmhr.schedule import edit

    if earlier and later:
        raise WmhrError("--earlier and --later are exclusive; pick one")
    pick: Pick = "earlier" if earlier else "later" if later else "raise"
    moment = read_now(now)

    def make(text: str, source: str) -> Edit:
        start = _new_start(when, pick, text, session, source)
        return edit.reschedule(
            text, session, start, source=source, now=moment, allow_past=allow_past
        )

    _edit(file, make, moment, fmt)


@command("cancel")
def cancel(
    session: SessionArgument,
    file: FileOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Mark SESSION cancelled in sessions.toml; it stays in the file so calendars learn of it.
    Cancelling a cancelled session changes nothing and exits 0."""
    from wmhr.schedule import edit

    moment = read_now(now)
    _edit(file, lambda text, source: edit.cancel(text, session, source=source), moment, fmt)


@command("restore")
def restore(
    session: SessionArgument,
    file: FileOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Hold a cancelled SESSION again (as confirmed). Restoring a session that is not cancelled
    changes nothing and exits 0."""
    from wmhr.schedule import edit

    moment = read_now(now)
    _edit(file, lambda text, source: edit.restore(text, session, source=source), moment, fmt)


def _new_start(when: str, pick: Pick, text: str, session: str, source: str) -> datetime:
    """WHEN as an instant, or as a shift (`+1h`, `-30m`) of the session's current start in the
    text being edited (read under the edit lock)."""
    from wmhr.schedule.model import parse
    from wmhr.time.durations import parse_shift

    shift = parse_shift(when)
    if shift is None:
        return _parse_when(when, pick)
    return parse(text, source=source).session(session).start + shift


def _parse_when(when: str, pick: Pick) -> datetime:
    from wmhr.time.parse import NonexistentOrRepeatedTime, parse_instant

    try:
        return parse_instant(when, pick=pick)
    except NonexistentOrRepeatedTime as exc:
        problem = exc.problem
        raise WmhrError(
            f"{exc.what}: --earlier means {problem.earlier:%Y-%m-%dT%H:%MZ}, "
            f"--later means {problem.later:%Y-%m-%dT%H:%MZ}; pick one"
        ) from None
    except WmhrError as exc:
        raise WmhrError(f"WHEN: {exc}") from None


def _edit(
    file: Path | None, make: Callable[[str, str], Edit], now: datetime, fmt: OutputFormat
) -> None:
    """Make the edit under the edit lock (wmhr.schedule.edit.edit_file) and show it."""
    import os
    from pathlib import Path

    from wmhr.output import edit_views, render
    from wmhr.schedule import check, edit

    path = edit.editable_path(file, cwd=Path.cwd(), environ=os.environ)
    result = edit.edit_file(path, make)
    findings = []
    if result.changed:
        findings = [
            f for f in check.check(result.schedule, now=now) if f.session == result.after.id
        ]
    output = edit_views.edit_output(result, findings)
    if result.changed or fmt is OutputFormat.JSON:
        render.emit(output, fmt)
    else:
        typer.echo(output.table.title)
    for finding in findings:
        counted = " (`wmhr check` counts it as an error)" if finding.level == "error" else ""
        warn(f"{finding.session}: {finding.message}{counted}")
