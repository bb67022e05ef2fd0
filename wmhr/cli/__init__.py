"""The `wmhr` command: a Typer app whose commands live in one module per command group."""

from __future__ import annotations

import typer

from wmhr.cli.root import load_commands, main

__all__ = ["app", "load_commands", "main"]


def __getattr__(name: str) -> typer.Typer:
    """The Typer app with every command registered (for tests, docs and embedding)."""
    if name == "app":
        from wmhr.cli.root import app

        load_commands(None)
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
