"""Golden files: the exact bytes of one session's invite, the series feed and a hard-text invite.

Any change to what we write shows up here as a diff to review. To accept a deliberate change:

    WMHR_REGENERATE=1 python -m pytest tests/invites/test_ics_golden.py

then read `git diff tests/golden/` before committing (the regenerating run reports skips).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ics_support import T0, lint, unicode_schedule, write_schedule

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
REGENERATE = os.environ.get("WMHR_REGENERATE") == "1"


def compare(*files: tuple[str, bytes]) -> None:
    for name, data in files:
        lint(data, name)
        if REGENERATE:
            (GOLDEN / name).write_bytes(data)
    if REGENERATE:
        pytest.skip(f"regenerated {', '.join(n for n, _ in files)}; review git diff tests/golden")
    for name, data in files:
        _same(name, data)


def _same(name: str, data: bytes) -> None:
    path = GOLDEN / name
    assert path.is_file(), f"{path} is missing; create it with WMHR_REGENERATE=1"
    assert data == path.read_bytes(), f"{name} differs from {path}; see the module docstring"


def test_one_session_and_the_series(run, tmp_path) -> None:
    assert run("ics", "--now", T0).exit_code == 0
    folder = tmp_path / "invites"
    compare(*((name, (folder / name).read_bytes()) for name in ("latam.ics", "series.ics")))


def test_hard_text_with_a_join_link(run, tmp_path) -> None:
    write_schedule(tmp_path, unicode_schedule())
    result = run("ics", "asia", "-o", "-", "--now", T0, "--alarm", "1d", "--alarm", "15m")
    assert result.exit_code == 0
    compare(("unicode-asia.ics", result.stdout_bytes))


def test_organizer_deadlines(run, tmp_path) -> None:
    assert run("ics", "--now", T0, "--organizer-deadlines").exit_code == 0
    compare(("deadlines.ics", (tmp_path / "invites" / "deadlines.ics").read_bytes()))
