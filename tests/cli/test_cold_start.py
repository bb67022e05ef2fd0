"""What a run loads: only the command it asks for is built by Typer (the others are registered
when help, or another command, needs them), and `wmhr sessions --json` loads no heavy library."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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


def test_only_the_asked_subcommand_of_a_group_is_built(tmp_path) -> None:
    out = _python(
        """
        import typer.main
        from wmhr.cli import root
        def requests():
            return list(typer.main.get_command(root.app).commands["requests"].commands)
        root.load_commands("requests", "add")
        print(requests())
        root.load_commands("requests", "ad")
        print(requests())
        root.load_commands(None)
        print(requests())
        """,
        tmp_path,
    )
    only, unknown, everything = out.splitlines()
    assert only == "['add']"
    assert unknown == everything  # every name, for "Did you mean 'add'?"
    assert everything.startswith("['add', ") and "'import'" in everything and "'list'" in everything


@pytest.mark.parametrize(
    ("argv", "subcommand"),
    [(["requests", "add", "asia"], "add"), (["--debug", "requests", "list"], "list"),
     (["requests", "--help", "add"], None), (["requests"], None), ([], None)],
)  # fmt: skip
def test_the_subcommand_is_the_word_right_after_the_command(
    argv: list[str], subcommand: str | None
) -> None:
    from wmhr.cli.root import subcommand_name

    assert subcommand_name(argv) == subcommand


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


HEAVY = {
    "icalendar",
    "sqlite3",
    "_sqlite3",
    "rich",
    "dateutil",
    "babel",
    "holidays",
    "tomlkit",
    "langcodes",
    "hashlib",
    "tempfile",
}


def _run_main(args: list[str], cwd: Path, report: str) -> str:
    """Run `wmhr ARGS` through the console script's entry point in a fresh interpreter, then
    print `report` (an expression) evaluated there."""
    return _python(
        f"""
        import gc, sys, io, contextlib
        sys.argv = ["wmhr", *{args!r}, "--now", "2022-04-01T00:00Z"]
        from wmhr.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main()
            except SystemExit as exc:
                assert not exc.code, exc.code
        print({report})
        """,
        cwd,
    )


def test_a_one_off_invite_loads_no_heavy_library_nor_the_renderer(tmp_path) -> None:
    """`wmhr ics SESSION -o FILE` with no database prints no table and computes no digest. Its
    dates and zone names come from Babel's CLDR data (issue 11), but an English invite reads no
    gettext catalog."""
    not_needed = (HEAVY - {"babel"}) | {"babel.messages", "json", "wmhr.output.render"}
    not_needed |= {"wmhr.folder_writing"}  # a folder of files: not for one file
    loaded = _run_main(
        ["ics", "asia", "-o", "asia.ics"],
        tmp_path,
        f"sorted(set({sorted(not_needed)!r}) & set(sys.modules))",
    )
    assert loaded == "[]"
    assert (tmp_path / "asia.ics").is_file() and not list(tmp_path.glob("wmhr.db*"))


def test_sessions_json_loads_no_heavy_library_at_all(tmp_path) -> None:
    loaded = _run_main(
        ["sessions", "--json"], tmp_path, f"sorted(set({sorted(HEAVY)!r}) & set(sys.modules))"
    )
    assert loaded == "[]"


def test_the_exit_does_not_walk_every_object(tmp_path) -> None:
    """The entry point hands the garbage collector's objects to the permanent generation, so the
    interpreter's exit skips collecting what the operating system frees anyway."""
    assert _run_main(["sessions", "--json"], tmp_path, "gc.get_freeze_count() > 0") == "True"


def test_requests_add_loads_no_language_registry_nor_json(tmp_path) -> None:
    """`wmhr requests add` (issue 17: at most 0.2 s as its own process, on a million requests):
    a common language tag is canonical without langcodes, a table needs no json, and once the
    key exists, no random key is made."""
    add = ["requests", "add", "asia", "fr", "--db", "wmhr.db", "--key", "requests.key"]
    _run_main([*add, "--from", "ana@example.org"], tmp_path, "''")  # makes the key
    not_needed = {"langcodes", "json", "secrets", "random", "rich", "babel", "holidays"}
    loaded = _run_main(
        [*add, "--from", "bruno@example.org"],
        tmp_path,
        f"sorted(set({sorted(not_needed)!r}) & set(sys.modules))",
    )
    assert loaded == "[]"
