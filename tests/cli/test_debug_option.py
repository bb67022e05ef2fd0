"""`--debug` works after the command's name as well as before it, on every command."""

from __future__ import annotations

import pytest
import typer.main

from wmhr.cli import app


@pytest.mark.parametrize(
    "args",
    [
        ["--debug", "sessions", "--file", "missing.toml"],
        ["sessions", "--debug", "--file", "missing.toml"],
        ["sessions", "--file", "missing.toml", "--debug"],
    ],
)
def test_debug_shows_the_traceback_wherever_it_is_written(run, args):
    result = run(*args)
    assert result.exit_code == 2  # the same status as without --debug
    assert "Traceback (most recent call last)" in result.stderr
    assert "ScheduleError: missing.toml: no such file" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("wmhr: error: missing.toml: no such file")


def test_debug_after_a_subgroup_command(run):
    result = run("interpretation", "nowhere", "--debug")
    assert result.exit_code == 2 and "UnknownSessionError" in result.stderr


def test_without_debug_the_error_is_one_line_and_debug_does_not_stick(run):
    assert "Traceback" in run("sessions", "--debug", "--file", "missing.toml").stderr
    result = run("sessions", "--file", "missing.toml")
    assert result.exit_code == 2
    assert result.stderr == (
        "wmhr: error: missing.toml: no such file; pass --file with the path of your sessions.toml\n"
    )


def test_every_command_accepts_debug():
    def leaves(group: object, prefix: str) -> list[tuple[str, object]]:
        found = []
        for name, command in getattr(group, "commands", {}).items():
            if getattr(command, "commands", None):
                found += leaves(command, f"{prefix}{name} ")
            else:
                found.append((prefix + name, command))
        return found

    commands = leaves(typer.main.get_command(app), "")
    assert len(commands) > 10
    for name, command in commands:
        options = [opt for param in command.params for opt in param.opts]  # type: ignore[attr-defined]
        assert "--debug" in options, name


def test_debug_changes_nothing_when_the_command_succeeds(run):
    plain = run("sessions", "--now", "2022-05-01T00:00Z", "--json")
    debug = run("sessions", "--now", "2022-05-01T00:00Z", "--json", "--debug")
    assert debug.exit_code == 0 and debug.stdout == plain.stdout
