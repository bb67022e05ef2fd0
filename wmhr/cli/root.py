"""The Typer app, its global options, the single error boundary and lazy command loading."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import typer

from wmhr import __version__
from wmhr.cli import boundary
from wmhr.controls import printable
from wmhr.errors import ExitStatus, WmhrError

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="wmhr",
    help="Schedule the Human Rights Policy Community Conversations: sessions in any time zone, "
    "schedule checks, interpretation requests and deadlines, calendar invites.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_debug = False
# The one command this run asks for (None: all, for help). Typer builds every registered
# command at start-up, parameters and all, so the others are only registered if asked for.
_only: str | None = None
_deferred: dict[str, Callable[[], None]] = {}
PROG_NAME = "wmhr"
# The shell's completion script runs wmhr with this set (Typer's protocol: _<PROG>_COMPLETE).
COMPLETE_VAR = "_WMHR_COMPLETE"
DEBUG_HELP = "Show a traceback when a command fails (before or after the command's name)."


def _version(value: bool) -> None:
    if value:
        from wmhr.time.zones import tzdata_version

        typer.echo(f"wmhr {__version__} (IANA tz data {tzdata_version()}, from the tzdata package)")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and the IANA tz data version, then exit.",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """Schedule the Human Rights Policy Community Conversations."""
    global _debug
    _debug = debug


def fail(message: str, status: ExitStatus = ExitStatus.USAGE) -> typer.Exit:
    report(message)
    return typer.Exit(int(status))


MESSAGE_ENDS = 600  # characters kept at each end of a message that quotes a huge input


def say(line: str) -> None:
    """One line on stderr, `wmhr: ...`, with any control character escaped: messages quote
    paths, arguments and file contents, which must not reach the terminal raw (nor 100,000
    pasted characters: the middle of such a message is left out)."""
    if sys.stderr is None:  # stderr was closed; the exit status still tells
        return
    shown = printable(line)
    if len(shown) > 3 * MESSAGE_ENDS:
        left_out = len(shown) - 2 * MESSAGE_ENDS
        shown = f"{shown[:MESSAGE_ENDS]}[... {left_out} characters ...]{shown[-MESSAGE_ENDS:]}"
    typer.echo(f"wmhr: {shown}", err=True)


def report(message: str) -> None:
    say(f"error: {message}")


def warn(message: str) -> None:
    say(f"warning: {message}")


def command(
    *names: str, group: typer.Typer | None = None, **kwargs: object
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command (on `app`, or on a sub-`group`) behind the error boundary:
    a `WmhrError` becomes one line on stderr and its exit status."""

    def register(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def guarded(*args: P.args, **kw: P.kwargs) -> R:
            global _debug
            _debug = bool(kw.pop("debug", False)) or _debug
            try:
                return func(*args, **kw)
            except WmhrError as exc:
                if _debug:
                    raise
                raise fail(str(exc), exc.exit_status) from None
            except KeyboardInterrupt:
                raise typer.Exit(boundary.INTERRUPTED) from None
            except OSError as exc:
                # Past Typer's own handler, which ends a broken pipe with a silent exit 1.
                raise boundary.Carried(exc) from exc

        def add() -> None:
            _accept_debug(guarded, func)
            options = {"help": _unwrapped(func.__doc__), **kwargs}
            (group or app).command(*names, **options)(guarded)  # type: ignore[arg-type]

        name = names[0] if names else func.__name__.replace("_", "-")
        if group is None and _only is not None and name != _only:
            _deferred[name] = add
        else:
            add()
        return guarded

    return register


def _unwrapped(doc: str | None) -> str | None:
    """A docstring with each paragraph on one line: Typer lists commands with the docstring's
    own line breaks, which cut a sentence in the middle of `wmhr --help`."""
    if doc is None:
        return None
    return "\n\n".join(" ".join(part.split()) for part in inspect.cleandoc(doc).split("\n\n"))


DebugOption = Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)]


def _accept_debug(guarded: Callable[..., object], func: Callable[..., object]) -> None:
    """Give every command its own --debug, so that `wmhr sessions --debug` works as well as
    `wmhr --debug sessions` (a group's options otherwise go before the command's name)."""
    import inspect

    signature = inspect.signature(func, eval_str=True)
    debug = inspect.Parameter(
        "debug", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=DebugOption
    )
    guarded.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), debug]
    )
    guarded.__annotations__ = {
        **{name: p.annotation for name, p in signature.parameters.items()},
        "debug": DebugOption,
        "return": signature.return_annotation,
    }


# Each command's module, so that `main` imports only the one a run needs: Typer builds every
# registered command at start-up, and `wmhr sessions --json` is benchmarked against a bare
# `import typer`. tests/test_docs.py checks that this table matches the registrations.
COMMAND_MODULES = {
    "sessions": "schedule_commands",
    "convert": "schedule_commands",
    "check": "schedule_commands",
    "deadlines": "deadline_commands",
    "deadline": "deadline_commands",
    "requests": "requests_commands",
    "interpretation": "requests_commands",
    "ics": "ics_commands",
    "reschedule": "edit_commands",
    "cancel": "edit_commands",
    "restore": "edit_commands",
    "completion": "completion_commands",
    "coverage": "planning_commands",
    "plan": "planning_commands",
    "publish": "publish_commands",
}


def load_commands(name: str | None) -> None:
    """Register the module of command `name`, or every command (for help and unknown names)."""
    from importlib import import_module

    global _only
    _only = name if name in COMMAND_MODULES else None
    wanted = [COMMAND_MODULES[_only]] if _only else COMMAND_MODULES.values()
    for module in dict.fromkeys(wanted):
        import_module(f"wmhr.cli.{module}")
    for deferred in [d for d in _deferred if _only in (None, d)]:
        _deferred.pop(deferred)()


def command_name(argv: list[str]) -> str | None:
    """The first word that is not an option: the command a run asks for."""
    return next((word for word in argv if not word.startswith("-")), None)


def main() -> None:
    """The entry point: every failure, in any command, ends as one `wmhr: error:` line."""
    boundary.guard_standard_streams()
    try:
        load_commands(command_name(sys.argv[1:]))
        if os.environ.get(COMPLETE_VAR):
            # A shell asks for completions: Typer knows its shells' protocols once they are
            # registered, which `add_completion=False` skips so as not to add install options.
            from typer._completion_classes import completion_init  # Typer pinned in pyproject

            completion_init()
        status = run(sys.argv[1:])
    except KeyboardInterrupt:
        status = boundary.INTERRUPTED
    sys.exit(status)


def run(args: list[str]) -> int:
    """Run the command `args` name; the exit status, after reporting any failure in one line.

    Typer's standalone mode would print usage errors as a box of several lines and let any other
    exception out as a traceback; here every one of them becomes the README's one line."""
    try:
        result = app(args=args, prog_name=PROG_NAME, standalone_mode=False)
        boundary.deliver_output()
    except BaseException as exc:  # the one place that reports them all
        if isinstance(exc, SystemExit | GeneratorExit):
            raise
        if _debug and not isinstance(exc, typer.TyperException):  # --debug: where it failed
            raise
        message, status = boundary.describe(exc)
        if message:
            report(message)
        boundary.settle_output()
        return status
    return result if isinstance(result, int) else int(ExitStatus.OK)
