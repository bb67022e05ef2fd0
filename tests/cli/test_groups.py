"""A command group run without its command (`wmhr requests`, `wmhr publish`) is one usage line on
stderr and exit 2, like every other usage error, not the group's help on stdout."""

from __future__ import annotations

import pytest
from test_docs import command_paths

GROUPS = sorted(path for path, command in command_paths() if getattr(command, "commands", None))


def test_the_groups_are_found():
    assert {"publish", "requests"} <= set(GROUPS)


@pytest.mark.parametrize("group", GROUPS)
def test_a_group_without_its_command_is_one_usage_line(run, group):  # type: ignore[no-untyped-def]
    result = run(*group.split())  # through the error boundary, as `wmhr` runs it
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"wmhr: error: Missing command; see `wmhr {group} --help`\n"


@pytest.mark.parametrize("group", GROUPS)
def test_a_groups_help_is_still_there_when_asked(run, group):  # type: ignore[no-untyped-def]
    result = run(*group.split(), "--help")
    assert result.exit_code == 0
    assert "Usage: wmhr" in result.stdout
