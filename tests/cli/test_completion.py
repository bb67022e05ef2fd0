"""`wmhr completion bash|zsh|fish` prints a script, and the installed `wmhr` answers the
completion protocol those scripts speak: checked in a real bash, and by the protocol for zsh
and fish (whose shells are not installed here)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED

WMHR = Path(sys.executable).with_name("wmhr")
COMMANDS = {"sessions", "convert", "check", "deadlines", "reschedule", "cancel", "restore"}


def completing(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert WMHR.exists(), f"{WMHR}: the installed command (pip install -e .) is missing"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("_WMHR", "_TYPER", "COMP"))}
    return subprocess.run(
        [str(WMHR)],
        env=clean | env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("shell", "marks"),
    [
        ("bash", ["complete -o default -F _wmhr_completion wmhr", "_WMHR_COMPLETE=complete_bash"]),
        ("zsh", ["#compdef wmhr", "_WMHR_COMPLETE=complete_zsh"]),
        ("fish", ["complete --command wmhr", "_WMHR_COMPLETE=complete_fish"]),
    ],
)
def test_each_script_is_printed(run, shell, marks):
    result = run("completion", shell)
    assert result.exit_code == 0
    for mark in marks:
        assert mark in result.stdout


def test_an_unknown_shell_is_a_usage_error(run):
    result = run("completion", "tcsh")
    assert result.exit_code == 2


def test_bash_protocol_completes_command_names(tmp_path):
    done = completing(
        {"_WMHR_COMPLETE": "complete_bash", "COMP_WORDS": "wmhr ", "COMP_CWORD": "1"}, tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) >= COMMANDS
    partial = completing(
        {"_WMHR_COMPLETE": "complete_bash", "COMP_WORDS": "wmhr res", "COMP_CWORD": "1"}, tmp_path
    )
    assert partial.stdout.split() == ["reschedule", "restore"]


def test_bash_protocol_completes_options_and_session_ids(tmp_path):
    options = completing(
        {"_WMHR_COMPLETE": "complete_bash", "COMP_WORDS": "wmhr sessions --", "COMP_CWORD": "2"},
        tmp_path,
    )
    assert {"--tz", "--json", "--debug", "--now"} <= set(options.stdout.split())
    ids = completing(
        {"_WMHR_COMPLETE": "complete_bash", "COMP_WORDS": "wmhr deadline a", "COMP_CWORD": "2"},
        tmp_path,
    )
    assert ids.stdout.split() == ["africa", "asia"]


def test_session_ids_come_from_the_file_the_command_would_read(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(BUNDLED.read_text("utf-8").replace('id = "asia"', 'id = "asia-pacific"'))
    words = f"wmhr cancel --file {other} as"
    done = completing(
        {"_WMHR_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "4"}, tmp_path
    )
    assert done.stdout.split() == ["asia-pacific"]
    broken = completing(
        {"_WMHR_COMPLETE": "complete_bash", "COMP_WORDS": "wmhr cancel --file nope.toml ",
         "COMP_CWORD": "4"},
        tmp_path,
    )  # fmt: skip
    assert (broken.returncode, broken.stdout.strip(), broken.stderr) == (0, "", "")


def test_zsh_and_fish_protocols_complete_command_names(tmp_path):
    zsh = completing(
        {"_WMHR_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "wmhr res"}, tmp_path
    )
    assert zsh.stdout.startswith("_arguments '*: :((") and '"reschedule":' in zsh.stdout
    assert '"restore":' in zsh.stdout and '"sessions"' not in zsh.stdout
    fish = completing(
        {
            "_WMHR_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "wmhr res",
        },
        tmp_path,
    )
    assert [line.split("\t")[0] for line in fish.stdout.splitlines()] == ["reschedule", "restore"]


def test_the_script_completes_in_a_real_bash(tmp_path):
    bash = shutil.which("bash")
    assert bash, "bash is needed to test the completion script"
    script = subprocess.run(
        [str(WMHR), "completion", "bash"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    (tmp_path / "wmhr.bash").write_text(script)
    probe = (
        "source ./wmhr.bash\n"
        "COMP_WORDS=(wmhr can); COMP_CWORD=1; _wmhr_completion wmhr\n"
        'echo "commands: ${COMPREPLY[*]}"\n'
        "COMP_WORDS=(wmhr cancel ''); COMP_CWORD=2; _wmhr_completion wmhr\n"
        'echo "sessions: ${COMPREPLY[*]}"\n'
        "complete -p wmhr\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("_WMHR")}
    env["PATH"] = f"{WMHR.parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "commands: cancel",
        "sessions: latam cee africa asia",
        "complete -o default -F _wmhr_completion wmhr",
    ]


def test_a_plain_run_loads_neither_the_completion_command_nor_the_edits(tmp_path):
    """Cold start: `wmhr sessions --json` imports only its own command module."""
    code = (
        "import sys; sys.argv = ['wmhr', 'sessions', '--json']\n"
        "from wmhr.cli.root import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "names = ('wmhr.cli.completion_commands', 'wmhr.cli.edit_commands', 'tomlkit')\n"
        "print([n for n in names if n in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.stderr.strip() == "[]"


def test_the_readme_shows_the_script_as_printed(run):
    from test_edit_docs import README

    script = run("completion", "bash").stdout
    assert f"```console\n$ wmhr completion bash\n{script}```" in README
