"""The Typer app, its global options and lazy command loading (its error boundary is
`boundary.BoundaryGroup`)."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from typer.models import CommandInfo

from wmhr import __version__
from wmhr.cli import boundary
from wmhr.cli.boundary import report, say
from wmhr.cli.options import SharedOptionsCommand

__all__ = ["app", "command", "load_commands", "main", "report", "say", "warn"]

F = TypeVar("F", bound=Callable[..., object])

app = typer.Typer(
    name="wmhr",
    cls=boundary.BoundaryGroup,
    help="Schedule the Human Rights Policy Community Conversations: sessions in any time zone, "
    "schedule checks, interpretation requests and deadlines, calendar invites.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# Each top-level command's registration, made only when a run asks for that command (or for all,
# for help): Typer builds every registered command at start-up, parameters and all.
_registrations: dict[str, Callable[[], None]] = {}
PROG_NAME = "wmhr"
# The shell's completion script runs wmhr with this set (Typer's protocol: _<PROG>_COMPLETE).
COMPLETE_VAR = "_WMHR_COMPLETE"


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
) -> None:
    """Schedule the Human Rights Policy Community Conversations."""


def warn(message: str) -> None:
    say(f"warning: {message}")


def command(*names: str, group: typer.Typer | None = None, **kwargs: object) -> Callable[[F], F]:
    """Register a command (on `app`, or on a sub-`group`) with the options every command shares
    (--debug; --format and its aliases where it prints data): see options.SharedOptionsCommand."""

    def register(func: F) -> F:
        def add() -> None:
            options = {"help": _unwrapped(func.__doc__), "cls": SharedOptionsCommand, **kwargs}
            (group or app).command(*names, **options)(func)  # type: ignore[arg-type]

        if group is None:
            _registrations[names[0] if names else func.__name__.replace("_", "-")] = add
        else:  # its group's module is imported only when the group is asked for
            add()
        return func

    return register


def _unwrapped(doc: str | None) -> str | None:
    """A docstring with each paragraph on one line: Typer lists commands with the docstring's
    own line breaks, which cut a sentence in the middle of `wmhr --help`."""
    if doc is None:
        return None
    return "\n\n".join(" ".join(part.split()) for part in inspect.cleandoc(doc).split("\n\n"))


# Each command's module, so that `main` imports only the one a run needs: Typer builds every
# registered command at start-up, and `wmhr sessions --json` is benchmarked against a bare
# `import typer`. tests/cli/test_docs.py checks that this table matches the registrations.
COMMAND_MODULES: dict[str, str | tuple[str, ...]] = {
    "sessions": "schedule_commands",
    "convert": "schedule_commands",
    "check": "schedule_commands",
    "deadlines": "deadline_commands",
    "deadline": "deadline_commands",
    "requests": ("requests_commands", "request_import_commands", "mail_commands"),
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


def load_commands(name: str | None, subcommand: str | None = None) -> None:
    """Register the module of command `name`, or every command (for help and unknown names);
    of a group `name`, only its `subcommand` when it has one by that name."""
    from importlib import import_module

    only = name if name in COMMAND_MODULES else None
    for module in dict.fromkeys(command_modules(only)):
        import_module(f"wmhr.cli.{module}")
    for registered in [r for r in _registrations if only in (None, r)]:
        _registrations.pop(registered)()
    _restore_subcommands()
    if only and subcommand:
        _keep_only_subcommand(only, subcommand)


# A group's commands left out of this run (Typer builds every command of a group it runs, and
# `requests add` is timed), put back in their order when every command is asked for.
_left_out: dict[typer.Typer, list[CommandInfo]] = {}


def _keep_only_subcommand(group_name: str, subcommand: str) -> None:
    for info in app.registered_groups:
        group = info.typer_instance
        if info.name != group_name or group is None:
            continue
        kept = [command for command in group.registered_commands if command.name == subcommand]
        if kept:  # an unknown one keeps them all, for "Did you mean ...?"
            _left_out[group] = group.registered_commands
            group.registered_commands = kept


def _restore_subcommands() -> None:
    for group, commands in _left_out.items():
        group.registered_commands = commands
    _left_out.clear()


def command_modules(name: str | None) -> list[str]:
    """The modules that define command `name` (a group's subcommands may live in several), or
    every command's modules."""
    chosen = [COMMAND_MODULES[name]] if name else list(COMMAND_MODULES.values())
    return [
        module for entry in chosen for module in ((entry,) if isinstance(entry, str) else entry)
    ]


def command_name(argv: list[str]) -> str | None:
    """The first word that is not an option: the command a run asks for."""
    return next((word for word in argv if not word.startswith("-")), None)


def subcommand_name(argv: list[str]) -> str | None:
    """The word right after the command's name, unless it is an option (`requests --help
    add` lists every subcommand): the subcommand a run asks for, when its command is a group."""
    name = command_name(argv)
    after = argv[argv.index(name) + 1 :] if name is not None else []
    return after[0] if after and not after[0].startswith("-") else None


def main() -> None:
    """The entry point: run the command through the error boundary, exit with its status."""
    boundary.guard_standard_streams()
    try:
        load_commands(command_name(sys.argv[1:]), subcommand_name(sys.argv[1:]))
        if os.environ.get(COMPLETE_VAR):
            # A shell asks for completions: Typer knows its shells' protocols once they are
            # registered, which `add_completion=False` skips so as not to add install options.
            from typer._completion_classes import completion_init  # Typer pinned in pyproject

            completion_init()
        status = app(args=sys.argv[1:], prog_name=PROG_NAME, standalone_mode=False)
    except KeyboardInterrupt:  # while loading, before the boundary runs
        status = boundary.INTERRUPTED
    sys.exit(status)
