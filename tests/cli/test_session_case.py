"""Session ids typed in any case name the same session in every command that takes one, as
`requests add` and CSV import always read them (schedule.model.typed_session_id)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.mail_fixture import NOW, write_mbox

NOW_TEXT = NOW.isoformat()


@pytest.mark.parametrize(
    "command",
    [
        ["interpretation", "ASIA", "--now", NOW_TEXT],
        ["requests", "list", "Asia"],
        ["deadline", "ASIA", "--now", "2022-05-01T00:00Z"],
        ["deadlines", "ASIA", "--now", "2022-05-01T00:00Z"],
        ["convert", "ASIA"],
    ],
)
def test_a_session_id_in_capitals_is_the_session(run, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert run("requests", "add", "asia", "fr", "--from", "a@example.org", "--at",
               "2022-05-01T00:00Z", "--now", NOW_TEXT).exit_code == 0  # fmt: skip
    lower = run(*[part.lower() if part in {"ASIA", "Asia"} else part for part in command])
    typed = run(*command)
    assert typed.exit_code == lower.exit_code == 0, typed.stderr
    assert typed.stdout == lower.stdout


def test_draft_outcome_takes_the_session_in_any_case(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = str(write_mbox(tmp_path / "inbox.mbox"))
    assert run("requests", "import-mail", source, "--now", NOW_TEXT).exit_code == 0
    drafts = str(tmp_path / "drafts.mbox")
    result = run("requests", "draft-outcome", "ASIA", source, "--drafts", drafts, "--now",
                 NOW_TEXT, "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["session"] == "asia"


def test_an_unknown_session_in_capitals_is_still_unknown(run) -> None:  # type: ignore[no-untyped-def]
    result = run("interpretation", "ASIAX", "--now", NOW_TEXT)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert 'unknown session "asiax": did you mean "asia"?' in result.stderr
