"""The `wmhr` command: a Typer app whose commands live in one module per command group."""

from __future__ import annotations

from wmhr.cli import deadline_commands, requests_commands  # noqa: F401  (registers commands)
from wmhr.cli import ics_commands as _ics_commands  # noqa: F401  (registers commands)
from wmhr.cli import schedule_commands as _schedule_commands  # noqa: F401  (registers commands)
from wmhr.cli.app import app, main

__all__ = ["app", "main"]
