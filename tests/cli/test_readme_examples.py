"""The README's examples of `convert`, `sessions --tz` and `deadlines` are what wmhr prints."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
COMMANDS = ("convert ", "sessions --tz", "deadlines ")


def examples() -> list[tuple[str, str]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.rstrip("\n").split("\n")
        for number, line in enumerate(lines):
            # Transcripts with `echo "exit $?"` are replayed by tests/cli/test_edit_docs.py.
            if line.startswith("$ wmhr ") and line[7:].startswith(COMMANDS) and "echo" not in line:
                output = []
                for following in lines[number + 1 :]:
                    if following.startswith("$ ") or (not following and output == []):
                        break
                    output.append(following)
                while output and not output[-1]:
                    output.pop()
                found.append((line[2:], "\n".join(output)))
    return found


def test_the_readme_has_such_examples():
    assert len(examples()) >= 5


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example(run, command, expected):
    result = run(*shlex.split(command)[1:])
    assert (result.stdout + result.stderr).rstrip("\n") == expected
