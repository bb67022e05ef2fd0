"""The `wmhr` command: a Typer app whose commands live in one module per command group."""

from __future__ import annotations

import gc

import typer

from wmhr.cli import root
from wmhr.cli.root import load_commands

__all__ = ["app", "load_commands", "main"]


def main() -> None:
    """Run the command line's command; the process exits next."""
    try:
        root.main()
    finally:
        # Hide every object from the garbage collector, so that the interpreter's exit does not
        # walk them all (Typer's and ours) only to free memory the operating system takes back
        # anyway: that walk is about a tenth of a cold start.
        gc.freeze()


def __getattr__(name: str) -> typer.Typer:
    """The Typer app with every command registered (for tests, docs and embedding)."""
    if name == "app":
        from wmhr.cli.root import app

        load_commands(None)
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
