"""Every command that takes a session id completes session ids, through the installed `wmhr`
and bash's completion protocol (as tests/cli/test_completion.py runs it)."""

from __future__ import annotations

import pytest
from test_completion import completing
from test_docs import command_paths

# The arguments that may be a session id: SESSION, plan's REGION, convert's WHEN.
SESSION_ARGUMENTS = {"session", "sessions", "regions", "when"}


def _takes_a_session(command: object) -> bool:
    return any(
        getattr(param, "param_type_name", "") == "argument" and param.name in SESSION_ARGUMENTS
        for param in getattr(command, "params", [])
    )


SESSION_COMMANDS = sorted(path for path, command in command_paths() if _takes_a_session(command))


def test_the_commands_that_take_a_session_are_all_found():
    assert {"ics", "publish text", "requests list", "interpretation", "deadlines", "plan"} <= set(
        SESSION_COMMANDS
    )
    assert {"deadline", "reschedule", "cancel", "restore", "coverage", "convert"} <= set(
        SESSION_COMMANDS
    )


@pytest.mark.parametrize("path", SESSION_COMMANDS)
def test_session_ids_complete_wherever_a_command_takes_one(path, tmp_path, monkeypatch):
    monkeypatch.delenv("WMHR_SESSIONS", raising=False)
    words = f"wmhr {path} a"
    env = {
        "_WMHR_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    done = completing(env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert {"africa", "asia"} <= set(done.stdout.split()), (path, done.stdout)
