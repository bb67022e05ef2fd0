"""Docs that cannot drift: every requests/deadline command has help and is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
COMMANDS = [
    ("deadlines",),
    ("deadline",),
    ("interpretation",),
    ("requests", "add"),
    ("requests", "import"),
    ("requests", "list"),
    ("requests", "remove"),
    ("requests", "rehash"),
    ("requests", "import-mail"),
    ("requests", "draft-outcome"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_has_help_and_is_in_the_readme(run, command: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) > 3
    assert f"wmhr {' '.join(command)}" in README


def test_readme_sections_exist() -> None:
    assert "## For organizers: interpretation requests" in README
    assert "## For scripts: deadlines" in README
    assert "docs/privacy.md" in README
