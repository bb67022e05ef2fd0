"""Benchmarks for interpretation requests: a plain script that prints its figures (not a test).

    python benchmarks/bench_requests.py [ROWS]
    python benchmarks/bench_requests.py --scale [ROWS]

Imports ROWS (default 100,000) requests from a generated registration export into a fresh
database, then runs `wmhr interpretation --json` over them. Each step is timed in-process (the
command itself) and as a separate `wmhr` process (what a person or a cron job waits for, including
Python's start-up). Targets from issue 3: import under 3 s, interpretation under 300 ms.

`--scale` (default 1,000,000 rows) prints the figures of issue 17, each command once in its own
process with its wall time and peak memory (the process's maximum resident set): import <= 15 s
and <= 300 MB, `requests list --csv` <= 100 MB, `requests add` <= 0.2 s (the command's own work,
in-process, on the big database; the process time with Python's start-up is printed too).
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
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


def measured(*args: str) -> tuple[float, float, float]:
    """(seconds, peak MB, CPU seconds) of `wmhr ARGS` in its own process; output thrown away.
    The CPU time (user + system, its child processes included) shows the command's own work
    when the machine is shared. The peak is the most the process and its children held at once
    (their resident sets added up, sampled every 50 ms: shared pages count twice, so this is an
    upper bound), or the process's own maximum if that is more."""
    command = [sys.executable, "-m", "wmhr", *args]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, peak, done), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    done.set()
    sampler.join()
    if status != 0:
        raise SystemExit(f"wmhr {' '.join(args)} failed: {process.stderr.read().decode()}")  # type: ignore[union-attr]
    own_peak_kib = usage.ru_maxrss  # Linux: kilobytes
    return elapsed, max(own_peak_kib, peak[0]) / 1024, usage.ru_utime + usage.ru_stime


def _sample_tree(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.wait(0.05):  # reads /proc only: the waiting thread reaps the process
        peak[0] = max(peak[0], _tree_rss_kib(pid))


def _tree_rss_kib(root: int) -> int:
    """The resident sets of process `root` and its descendants, added up (KiB)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += _rss_kib(pid)
        pending += children.get(pid, [])
    return total


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def report(label: str, seconds: float, megabytes: float, cpu: float, target: str) -> None:
    print(
        f"{label:<42} {seconds:8.2f} s  {megabytes:7.0f} MB peak  {cpu:6.2f} s CPU   "
        f"(target {target})"
    )


def scale(rows: int) -> None:
    """Issue 17's figures at ROWS requests."""
    columns = ["--session-column", "Session", "--language-column", "Language"]
    columns += ["--contact-column", "Email", "--time-column", "Timestamp"]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        os.environ["WMHR_KEY"] = str(base / "requests.key")
        os.environ["WMHR_DB"] = str(base / "wmhr.db")
        source = base / "export.csv"
        export(source, rows)
        load = os.getloadavg()[0]
        print(f"{rows:,} requests, Python {sys.version.split()[0]}, load average {load:.1f}")
        imported = measured("requests", "import", str(source), *columns, "--now", NOW)
        report(f"requests import ({rows:,} rows)", *imported, "<= 15 s, <= 300 MB")
        again = measured("requests", "import", str(source), *columns, "--now", NOW)
        report("requests import, again (adds nothing)", *again, "<= 15 s, <= 300 MB")
        listed = measured("requests", "list", "--csv")
        report("requests list --csv", *listed, "<= 100 MB")
        plain = measured("requests", "list")
        report("requests list (plain text, piped)", *plain, "memory flat")
        add = ("requests", "add", "asia", "fr", "--from", "new@example.org", "--now", NOW)
        report("requests add (own process)", *measured(*add), "start-up included")
        runs = []
        for number in range(REPEATS):
            call = in_process(*add[:4], "--from", f"new{number}@example.org", "--now", NOW)
            began = time.perf_counter()
            call()
            runs.append(time.perf_counter() - began)
        print(
            f"{'requests add (in-process, median)':<42} {statistics.median(runs):8.3f} s"
            "                   (target <= 0.2 s)"
        )


def main() -> None:
    if "--scale" in sys.argv:
        numbers = [a for a in sys.argv[1:] if a != "--scale"]
        scale(int(numbers[0]) if numbers else 1_000_000)
        return
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
