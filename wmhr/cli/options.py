"""Options every command shares, defined once, and the few steps every command takes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import Context, ParameterSource  # Typer vendors Click
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperOption

from wmhr.cli.boundary import debug_option
from wmhr.errors import TimeInputError, WmhrError
from wmhr.output import OutputFormat

# A command that prints data takes `fmt: FormatOption`; SharedOptionsCommand adds its aliases.
FORMAT_PARAM = "fmt"
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        help="table (plain aligned text when piped), json (the stable contract) or csv.",
    ),
]
FORMAT_ALIASES = {"json_alias": OutputFormat.JSON, "csv_alias": OutputFormat.CSV}


def _alias(name: str, fmt: OutputFormat) -> TyperOption:
    return TyperOption(
        param_decls=[f"--{fmt.value}", name],
        is_flag=True,
        default=False,
        help=f"Same as --format {fmt.value}.",
    )


class SharedOptionsCommand(TyperCommand):
    """Every command: its own parameters, --debug, and, where it prints data (a `fmt` parameter,
    --format), the aliases --json and --csv, folded into `fmt` before the command runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if any(param.name == FORMAT_PARAM for param in self.params):
            self.params += [_alias(name, fmt) for name, fmt in FORMAT_ALIASES.items()]
        self.params.append(debug_option())

    def invoke(self, ctx: Context) -> Any:
        if FORMAT_PARAM in ctx.params:
            ctx.params[FORMAT_PARAM] = _chosen_format(ctx)
        return super().invoke(ctx)


def _chosen_format(ctx: Context) -> str:
    """--format's value, or the one alias given; two that disagree are a usage error."""
    chosen = str(ctx.params[FORMAT_PARAM])
    given = []
    if ctx.get_parameter_source(FORMAT_PARAM) is ParameterSource.COMMANDLINE:
        given.append((chosen, f"--format {chosen}"))
    for name, fmt in FORMAT_ALIASES.items():
        if ctx.params.pop(name, False):
            given.append((fmt.value, f"--{fmt.value}"))
    if len({value for value, _ in given}) > 1:
        raise UsageError(
            f"{' and '.join(typed for _, typed in given)} are exclusive; pick one", ctx
        )
    return given[0][0] if given else chosen


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


def session_ids(typed: str | list[str] | None) -> str | list[str] | None:
    """SESSION arguments in any case, read as the ids they name (`ASIA` -> `asia`), so a command
    that passes the id on (to a deadline filter, an edit, a file name) passes the real one."""
    from wmhr.schedule.model import typed_session_id

    if typed is None:
        return None
    if isinstance(typed, str):
        return typed_session_id(typed)
    return [typed_session_id(one) for one in typed]


SessionArgument = Annotated[
    str,
    typer.Argument(
        metavar="SESSION",
        help="A session id (see `wmhr sessions`).",
        autocompletion=complete_session,
        callback=session_ids,
    ),
]
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


ApiOption = Annotated[
    str | None,
    typer.Option(
        "--api",
        help="The wiki's api.php (with --edit or --wiki), e.g. "
        "https://meta.wikimedia.org/w/api.php.",
        metavar="URL",
        show_default=False,
    ),
]
