"""The README's organizer steps (reschedule, check, ics, cancel) replayed as written: every
`$ ...` line is run in a copy of the bundled schedule and its output compared with the README's.
The steps end with `wmhr check` passing, so this also proves they leave nothing stale."""

from __future__ import annotations

import re
import shlex
import subprocess

from tests.conftest import ROOT, bundled_text

README = (ROOT / "README.md").read_text("utf-8")
START = "**Reschedule.** `wmhr reschedule"
END = "`wmhr restore SESSION` holds"
EXIT_ECHO = '; echo "exit $?"'


def transcript(start: str = START, end: str = END) -> list[tuple[str, str]]:
    """The `$ command` lines of the README's console blocks between `start` and `end`, each with
    the output shown under it."""
    section = README[README.index(start) : README.index(end)]
    steps = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
    return steps


def test_the_readme_has_the_steps():
    commands = [command.split(" ")[1] for command, _ in transcript()]
    assert commands.count("reschedule") == 2 and "cancel" in commands
    assert transcript()[-1][0] == 'wmhr check --now 2022-04-12T00:00Z; echo "exit $?"'
    assert transcript()[-1][1].endswith("exit 0\n")


def test_the_organizer_steps_give_the_output_the_readme_shows(run, isolated):
    (isolated / "sessions.toml").write_text(bundled_text(), "utf-8")
    assert run("ics", "--now", "2022-04-01T00:00Z").exit_code == 0  # the README's publish step
    replay(run, isolated, transcript())


def test_the_deadlines_within_example_gives_the_output_the_readme_shows(run, isolated):
    steps = transcript("`wmhr deadlines --within DURATION` keeps", "So a cron line")
    assert len(steps) == 2
    replay(run, isolated, steps)


def replay(run, folder, steps: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Run each step in `folder` and compare its output (stdout and stderr as a terminal shows
    them; the folder written as /tmp/demo) with the README's."""
    isolated = folder
    for command, expected in steps:
        echo = command.endswith(EXIT_ECHO)
        words = shlex.split(command.removesuffix(EXIT_ECHO))
        if words[0] == "wmhr":
            result = run(*words[1:])
            output, status = result.output, result.exit_code
        else:  # grep, over the files the commands wrote
            done = subprocess.run(words, cwd=isolated, capture_output=True, text=True, check=False)
            output, status = done.stdout, done.returncode
        if echo:
            output += f"exit {status}\n"
        else:
            assert status == 0, (command, output)
        assert output.replace(str(isolated), "/tmp/demo") == expected, command
