"""A reader that goes away (`wmhr requests list --csv | head -3`): a command that only reports
exits quietly with its own status, every time; one that records what it delivered (`ics -o -`)
still fails and records nothing (tests/invites/test_ics_output_safety.py pins that side too)."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

REQUESTS = 3000  # far more than a pipe holds, so the reader leaves while wmhr still writes
RUNS = 12
NOW = "2022-05-20T00:00Z"
SESSIONS = ("latam", "cee", "africa", "asia")
LANGUAGES = ("fr", "pt-BR", "ar", "ru", "uk", "de", "id")


def _environment(folder: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),  # this checkout's wmhr, whatever is installed
        "HOME": str(folder),
        "WMHR_KEY": str(folder / "requests.key"),
        "WMHR_DB": str(folder / "r.db"),
        "LC_ALL": "C.UTF-8",
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of REQUESTS requests, made by `requests import` of a generated export."""
    where = tmp_path_factory.mktemp("pipe")
    export = where / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session", "language", "contact", "time"])
        for n in range(REQUESTS):
            writer.writerow(
                [
                    SESSIONS[n % len(SESSIONS)],
                    LANGUAGES[n % len(LANGUAGES)],
                    f"person{n}@example.org",
                    f"2022-04-{1 + n % 28:02d}T{n % 24:02d}:00:00Z",
                ]
            )
    done = subprocess.run(
        [sys.executable, "-m", "wmhr", "requests", "import", str(export), "--now", NOW],
        cwd=where,
        env=_environment(where),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(where / "r.db") as conn:
        assert conn.execute("SELECT count(*) FROM request").fetchone()[0] == REQUESTS
    return where


def _piped(folder: Path, line: str) -> subprocess.CompletedProcess[str]:
    """`wmhr LINE` in bash with pipefail, so the status is wmhr's when wmhr fails."""
    wmhr = f"'{sys.executable}' -m wmhr"
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {wmhr} {line}"],
        cwd=folder,
        env=_environment(folder),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("requests list --csv | head -3", 3),
        ("requests list | head -2", 2),
        ("requests list --json | head -1", 1),
        ("requests list --notes --show-requester | head -1", 1),
        ("sessions | head -1", 1),
    ],
)
def test_a_reader_that_stops_early_is_no_error(folder: Path, line: str, shown: int) -> None:
    for _ in range(RUNS):
        done = _piped(folder, line)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        assert len(done.stdout.splitlines()) == shown


def _to_a_closed_pipe(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """wmhr with its standard output a pipe nobody reads any more: the first write is EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "wmhr", *args],
            cwd=folder,
            env=_environment(folder),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ("requests", "list", "--csv"),
        ("requests", "list"),
        ("interpretation", "--now", NOW, "--json"),
        ("sessions",),
    ],
)
def test_a_report_to_a_reader_already_gone_exits_0_quietly(folder: Path, args: tuple[str]) -> None:
    done = _to_a_closed_pipe(folder, *args)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_command_keeps_its_own_status_when_its_reader_left(folder: Path) -> None:
    """`deadline` exits 1 for a closed deadline whether or not its report was read."""
    done = _to_a_closed_pipe(folder, "deadline", "latam", "--now", NOW)
    assert (done.returncode, done.stderr) == (1, "")


def test_a_request_is_recorded_even_if_its_report_is_not_read(folder: Path) -> None:
    done = _to_a_closed_pipe(
        folder, "requests", "add", "asia", "fr", "--from", "late@example.org",
        "--at", "2022-05-01T00:00Z", "--now", NOW, "--db", "add.db",
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    with sqlite3.connect(folder / "add.db") as conn:
        assert conn.execute("SELECT count(*) FROM request").fetchone()[0] == 1


def test_an_invite_whose_delivery_is_recorded_still_fails(folder: Path) -> None:
    done = _to_a_closed_pipe(folder, "ics", "asia", "-o", "-", "--now", NOW, "--db", "ics.db")
    assert done.returncode == 2
    assert done.stderr.startswith("wmhr: error: standard output: the output was not delivered")
    assert "nothing was recorded" in done.stderr and len(done.stderr.splitlines()) == 1
