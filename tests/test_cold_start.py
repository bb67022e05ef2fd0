"""What a run loads: only the command it asks for is built by Typer (the others are registered
when help, or another command, needs them), and `wmhr sessions --json` loads no heavy library."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_only_the_asked_command_is_built_and_the_rest_on_demand(tmp_path) -> None:
    out = _python(
        """
        import typer.main
        from wmhr.cli import root
        root.load_commands("sessions")
        print(sorted(typer.main.get_command(root.app).commands))
        root.load_commands(None)
        print(sorted(typer.main.get_command(root.app).commands))
        """,
        tmp_path,
    )
    first, everything = out.splitlines()
    assert first == "['sessions']"
    for name in ("check", "convert", "deadline", "deadlines", "ics", "requests", "sessions"):
        assert f"'{name}'" in everything


def test_sessions_json_loads_no_heavy_library(tmp_path) -> None:
    out = _python(
        """
        import sys, io, contextlib
        sys.argv = ["wmhr", "sessions", "--json", "--now", "2022-04-01T00:00Z"]
        from wmhr.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main()
            except SystemExit as exc:
                assert not exc.code, exc.code
        heavy = {"icalendar", "sqlite3", "rich", "dateutil", "babel", "holidays", "tomlkit",
                 "langcodes", "hashlib", "tempfile"}
        print(sorted(heavy & set(sys.modules)))
        """,
        tmp_path,
    )
    assert out == "[]"
