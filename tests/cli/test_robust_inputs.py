"""Inputs that once hung wmhr, ended in an internal error, or blamed an option nobody typed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ics_support import BUNDLED_TEXT, edit, write_schedule

WMHR = Path(sys.executable).with_name("wmhr")


def test_a_contact_from_an_endless_stdin_stops_with_one_line(tmp_path: Path) -> None:
    """`requests add --from - < /dev/zero` read until memory ran out: no line break ever came."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "WMHR_DB": str(tmp_path / "w.db"),
        "WMHR_KEY": str(tmp_path / "requests.key"),
        "LANG": "C.UTF-8",
    }
    line = f"ulimit -v 2000000; {WMHR} requests add asia es --from - --now 2022-05-01T00:00Z"
    with Path("/dev/zero").open("rb") as zeros:
        done = subprocess.run(
            ["bash", "-c", line],
            cwd=tmp_path,
            env=environment,
            stdin=zeros,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("wmhr: error: --from -: the first line of standard input")
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "w.db").exists() and not (tmp_path / "requests.key").exists()


def test_a_contact_that_is_not_utf8_is_one_error_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run(*("requests", "add", "asia", "es", "--from", "-"), input=b"ana\xff@x.org\n")
    assert result.exit_code == 2
    assert result.stderr == "wmhr: error: --from -: standard input is not UTF-8 text\n"


def test_weights_whose_total_overflows_are_one_error_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    weights = tmp_path / "w.csv"
    weights.write_text("IN,1e308\nPK,1e308\n", "utf-8")
    result = run("plan", "South Asia", "--weights", str(weights), "--now", "2026-05-01T00:00Z")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"wmhr: error: --weights {weights}: the weights add up to")
    assert "internal error" not in result.stderr


def test_a_duration_from_the_schedule_is_not_blamed_on_duration(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`coverage` has no --duration: the length comes from the session in sessions.toml."""
    for minutes, problem in (("2000", "give minutes from 1 to 1440"), ("1000", "widen the")):
        text = edit(
            BUNDLED_TEXT, 'region = "Asia"', f'region = "Asia"\nduration_minutes = {minutes}'
        )
        path = write_schedule(tmp_path, text)
        result = run("coverage", "asia", "--file", str(path))
        assert result.exit_code == 2, result.stderr
        assert "--duration" not in result.stderr
        assert (
            "asia's duration_minutes in the schedule" in result.stderr and problem in result.stderr
        )
