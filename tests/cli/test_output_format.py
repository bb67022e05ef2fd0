"""One `--format table|json|csv` on every command that prints data, --json and --csv its aliases."""

from __future__ import annotations

import csv
import io
import json

import pytest
import typer.main

from wmhr.cli import app

NOW = "2022-05-01T00:00Z"
# Every command that prints data (the others write files or print text: ics without --dry-run,
# publish, completion).
PRINTS_DATA = {
    "sessions",
    "convert",
    "check",
    "deadlines",
    "deadline",
    "requests add",
    "requests import",
    "requests import-mail",
    "requests draft-outcome",
    "requests rehash",
    "requests list",
    "requests remove",
    "interpretation",
    "ics",
    "reschedule",
    "cancel",
    "restore",
    "coverage",
    "plan",
}


def leaves() -> dict[str, object]:
    found = {}

    def walk(group: object, prefix: str) -> None:
        for name, command in getattr(group, "commands", {}).items():
            if getattr(command, "commands", None):
                walk(command, f"{prefix}{name} ")
            else:
                found[prefix + name] = command

    walk(typer.main.get_command(app), "")
    return found


def options_of(command: object) -> dict[str, object]:
    return {opt: param for param in command.params for opt in param.opts}  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", sorted(PRINTS_DATA))
def test_every_command_that_prints_data_has_the_one_format_option(path: str) -> None:
    options = options_of(leaves()[path])
    assert {"--format", "--json", "--csv"} <= set(options), path
    assert list(options["--format"].type.choices) == ["table", "json", "csv"]  # type: ignore[attr-defined]


def test_no_other_command_has_a_data_format() -> None:
    others = {path for path, cmd in leaves().items() if "--json" in options_of(cmd)}
    assert others == PRINTS_DATA


@pytest.mark.parametrize(
    "args",
    [
        ["sessions", "--now", NOW],
        ["convert", "asia", "--to", "Tokyo"],
        ["check", "--now", NOW],
        ["deadlines", "--now", NOW],
        ["coverage", "asia"],
        ["plan", "South Asia", "--from", "2026-05-04", "--to", "2026-05-05", "--now", NOW],
        ["ics", "--dry-run", "--now", NOW],
    ],
)
def test_each_alias_prints_what_its_format_prints(run, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("json", "csv"):
        long, short = run(*args, "--format", fmt), run(*args, f"--{fmt}")
        assert long.exit_code in (0, 1) and long.exit_code == short.exit_code, long.stderr
        assert long.stdout == short.stdout
    assert run(*args, "--format", "table").stdout == run(*args).stdout


def test_plan_prints_csv_with_iso_instants(run) -> None:  # type: ignore[no-untyped-def]
    """`plan` had --json only."""
    args = ["plan", "South Asia", "--from", "2026-05-04", "--to", "2026-05-05", "--now", NOW]
    result = run(*args, "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    first = json.loads(run(*args, "--json").stdout)["candidates"][0]
    assert rows[0]["rank"] == "1" and rows[0]["start"] == first["start"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--json", "--csv"], "--json and --csv are exclusive"),
        (["--format", "csv", "--json"], "--format csv and --json are exclusive"),
    ],
)
def test_two_formats_that_disagree_are_a_usage_error(run, args: list[str], named: str) -> None:  # type: ignore[no-untyped-def]
    result = run("sessions", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"wmhr: error: {named}; pick one")


def test_the_same_format_twice_is_no_conflict(run) -> None:  # type: ignore[no-untyped-def]
    assert run("sessions", "--format", "json", "--json").exit_code == 0


def test_an_unknown_format_is_one_error_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("sessions", "--format", "yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: Invalid value for '--format'")


def test_publish_text_style_keeps_its_old_name(run) -> None:  # type: ignore[no-untyped-def]
    """`publish text --format plain|markdown` was a second meaning of --format: now --style."""
    styled = run("publish", "text", "--style", "markdown")
    assert styled.exit_code == 0 and styled.stdout.startswith("#")
    assert run("publish", "text", "--format", "markdown").stdout == styled.stdout
