"""Benchmarks for interpretation requests: a plain script that prints its figures (not a test).

    python benchmarks/bench_requests.py [ROWS]

Imports ROWS (default 100,000) requests from a generated registration export into a fresh
database, then runs `wmhr interpretation --json` over them. Each step is timed in-process (the
command itself) and as a separate `wmhr` process (what a person or a cron job waits for, including
Python's start-up). Targets from issue 3: import under 3 s, interpretation under 300 ms.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from wmhr.cli import app

SESSIONS = ("latam", "cee", "africa", "asia")
LANGUAGES = ("es", "pt-BR", "uk", "ru", "ar", "fr", "id", "hi", "bn", "sw", "zh-Hans", "tr")
NOW = "2022-05-20T00:00Z"
REPEATS = 5


def export(path: Path, rows: int) -> None:
    """A deterministic export: distinct requesters, times through April and early May."""
    rng = random.Random(20220503)
    start = datetime(2022, 4, 1, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Timestamp", "Session", "Language", "Email"])
        for index in range(rows):
            when = start + timedelta(seconds=rng.randrange(40 * 86_400))
            writer.writerow(
                [
                    when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    rng.choice(SESSIONS),
                    rng.choice(LANGUAGES),
                    f"person{index}@example.org",
                ]
            )


def timed(
    label: str, target: float, action: Callable[[], object], before: Callable[[], object]
) -> None:
    """Run `action` REPEATS times (each after `before`); print the median and the range."""
    runs = []
    for _ in range(REPEATS):
        before()
        began = time.perf_counter()
        action()
        runs.append(time.perf_counter() - began)
    median = statistics.median(runs)
    verdict = "ok" if median < target else "OVER TARGET"
    print(
        f"{label:<44} median {median * 1000:7.0f} ms  (min {min(runs) * 1000:.0f}, "
        f"max {max(runs) * 1000:.0f}; target {target * 1000:.0f} ms: {verdict})"
    )


def in_process(*args: str) -> Callable[[], object]:
    def call() -> object:
        result = CliRunner().invoke(app, list(args), catch_exceptions=False)
        if result.exit_code != 0:
            raise SystemExit(f"wmhr {' '.join(args)} failed: {result.stderr}")
        return result

    return call


def as_process(*args: str) -> Callable[[], object]:
    def call() -> object:
        command = [sys.executable, "-m", "wmhr", *args]
        return subprocess.run(command, check=True, capture_output=True)

    return call


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    columns = ["--session-column", "Session", "--language-column", "Language"]
    columns += ["--contact-column", "Email", "--time-column", "Timestamp"]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        os.environ["WMHR_KEY"] = str(base / "requests.key")
        db = base / "wmhr.db"
        os.environ["WMHR_DB"] = str(db)
        source = base / "export.csv"
        export(source, rows)
        size = source.stat().st_size / 1e6
        print(f"{rows:,} rows ({size:.1f} MB CSV), Python {sys.version.split()[0]}, {REPEATS} runs")

        def fresh() -> None:
            for path in base.glob("wmhr.db*"):
                path.unlink()

        def nothing() -> None:
            return None

        imported = ("requests", "import", str(source), *columns, "--now", NOW, "--json")
        query = ("interpretation", "--now", NOW, "--json")
        for label, run in (("in-process", in_process), ("own process", as_process)):
            timed(f"import {rows:,} requests ({label})", 3.0, run(*imported), fresh)
            timed(f"re-import the same file ({label})", 3.0, run(*imported), nothing)
            timed(f"interpretation --json ({label})", 0.3, run(*query), nothing)


if __name__ == "__main__":
    main()
