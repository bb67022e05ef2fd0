"""Docs that cannot drift: every command has help and appears in the README."""

from __future__ import annotations

import re

import typer.main

from tests.conftest import ROOT
from wmhr.cli import app

README = (ROOT / "README.md").read_text("utf-8")


def command_paths() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    found = []

    def walk(group: object, prefix: str) -> None:
        for name, command in getattr(group, "commands", {}).items():
            path = f"{prefix} {name}".strip()
            if getattr(command, "commands", None):
                walk(command, path)
            found.append((path, command))

    walk(root, "")
    return found


def test_each_command_lives_in_the_module_main_loads_for_it():
    from wmhr.cli.root import COMMAND_MODULES, command_modules

    root = typer.main.get_command(app)
    assert set(root.commands) == set(COMMAND_MODULES)
    for name, command in root.commands.items():
        leaves = (
            list(command.commands.values()) if getattr(command, "commands", None) else [command]
        )
        for leaf in leaves:
            modules = [f"wmhr.cli.{module}" for module in command_modules(name)]
            assert leaf.callback.__module__ in modules, name


def test_every_command_has_help():
    for path, command in command_paths():
        assert (getattr(command, "help", None) or "").strip(), f"wmhr {path} has no help"


def test_the_command_list_shows_each_summary_as_one_sentence_not_the_docstrings_lines():
    """`wmhr --help` lists each command's first paragraph; a docstring's line breaks must not cut
    it mid-sentence (`With --within,` / `for cron: ...`)."""
    summaries = {}
    for path, command in command_paths():
        help_text = getattr(command, "short_help", None) or getattr(command, "help", None) or ""
        summaries[path] = help_text.split("\n\n")[0]
        assert summaries[path] and "\n" not in summaries[path], f"wmhr {path}: {help_text!r}"
    assert "time left. With --within, for cron: exit 0" in summaries["deadlines"]


def test_every_command_is_in_the_readme():
    for path, _ in command_paths():
        assert re.search(rf"wmhr {re.escape(path)}\b", README), f"README lacks `wmhr {path}`"


def test_readme_has_exactly_two_quick_start_commands():
    assert README.count("# quick start: run") == 1
    assert README.count("# quick start: test") == 1
