"""Options every command shares, defined once, and the few steps every command takes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.errors import TimeInputError, WmhrError

if TYPE_CHECKING:
    from wmhr.output.render import Format

FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        help="The schedule to read. Default: $WMHR_SESSIONS, else ./sessions.toml, "
        "else the copy bundled with wmhr.",
        show_default=False,
        dir_okay=False,
    ),
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        help="Pretend it is this instant (ISO 8601 with an offset, e.g. 2022-05-01T12:00Z).",
        show_default=False,
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The requests and invites database. Default: $WMHR_DB, else ./wmhr.db.",
        show_default=False,
        dir_okay=False,
    ),
]


def complete_session(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for SESSION: the ids in the schedule the command would read."""
    from wmhr.schedule.model import load

    typed = ctx.params.get("file")  # as typed: completion runs before options are converted
    try:
        ids = load(Path(str(typed)) if typed else None).ids
    except Exception:  # an unreadable schedule: no suggestions, never a traceback in the shell
        return []
    return [session for session in ids if session.startswith(incomplete)]


SessionArgument = Annotated[
    str,
    typer.Argument(
        metavar="SESSION",
        help="A session id (see `wmhr sessions`).",
        autocompletion=complete_session,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (the stable format).")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
TzOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tz",
        help="Also show times in this zone: IANA name, city, country or offset. Repeatable.",
        show_default=False,
    ),
]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Write every participant text in this language (a BCP 47 tag: es, fr, ar). "
        "Default: each session's own language.",
        show_default=False,
    ),
]


def check_language(tag: str | None) -> None:
    """Refuse a `--lang` without a complete catalog, before anything is written (none given is
    each text's own language)."""
    if tag is None:
        return
    from wmhr.locale.language import LanguageError, language

    try:
        language(tag)
    except LanguageError as exc:
        raise LanguageError(f"--lang {tag}: {exc}") from None


def read_now(text: str | None) -> datetime:
    """The one read of the clock, or the instant --now replays."""
    if text is None:
        return datetime.now(UTC)
    from wmhr.time.parse import parse_instant

    try:
        return parse_instant(text)
    except WmhrError as exc:
        raise TimeInputError(f"--now: {exc}") from None


def output_format(json_flag: bool, csv_flag: bool = False) -> Format:
    # Imported here: a one-off invite (`ics -o FILE`) prints no table and is timed from a cold
    # start; the renderer loads json and builds its classes.
    from wmhr.output.render import Format

    if json_flag and csv_flag:
        raise WmhrError("--json and --csv are exclusive; pick one")
    return Format.JSON if json_flag else Format.CSV if csv_flag else Format.AUTO


EarlierOption = Annotated[
    bool,
    typer.Option(
        "--earlier", help="For a skipped or repeated local time, take the earlier instant."
    ),
]
LaterOption = Annotated[
    bool,
    typer.Option("--later", help="For a skipped or repeated local time, take the later instant."),
]
