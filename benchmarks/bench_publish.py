"""How long `wmhr publish html` takes, end to end (targets, issue 10: the bundled schedule under
0.5 s; 1,000 sessions under 3 s).

    python benchmarks/bench_publish.py [SESSIONS]

Prints, for the bundled schedule, the median of several runs of the whole command (a new
process each time: Python start, imports, the invites ledger in SQLite, the page, writing the
folder); then, for a generated schedule of SESSIONS (default 1,000), the core alone (the page
and every invite in memory) and the command end to end, first issue and unchanged re-run.
A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from synthetic import schedule_text

from wmhr.invites import planner
from wmhr.publishing import page
from wmhr.schedule import model

RUNS = 9
NOW = "2029-12-01T00:00Z"


CPU: list[float] = []  # CPU seconds (user + system) of each run, next to its wall time


def run_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def report(label: str, value: float, cpu: float | None = None) -> None:
    extra = f"  (CPU {cpu:.3f} s)" if cpu is not None else ""
    print(f"{label:<66} {value:7.3f} s{extra}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        base = [sys.executable, "-m", "wmhr", "publish", "html", "--now", NOW]
        bundled = [*base, "--out", f"{folder}/bundled", "--db", f"{folder}/bundled.db"]
        report("bundled schedule, end to end, first run", run_seconds(bundled), CPU[-1])
        runs = [run_seconds(bundled) for _ in range(RUNS)]
        report(
            f"bundled schedule, end to end, median of {RUNS} (target < 0.5 s)",
            statistics.median(runs),
            statistics.median(CPU[-RUNS:]),
        )
        typer_run = run_seconds([sys.executable, "-c", "import typer"])
        report("  for comparison: python -c 'import typer'", typer_run, CPU[-1])

        path = Path(folder) / "sessions.toml"
        path.write_text(schedule_text(count, spanish_every=4), "utf-8")
        loaded = model.load(path)
        moment = datetime(2029, 12, 1, tzinfo=UTC)
        started = time.perf_counter()
        plan = planner.plan_issue(loaded, planner.IssueRequest(), {}, now=moment)
        invites = {name.removesuffix(".ics"): f"invites/{name}" for name, _ in plan.files}
        html = page.render(loaded, now=moment, tzdata="x", invites=invites)
        report(
            f"{count} sessions, core: page + every invite in memory", time.perf_counter() - started
        )
        print(f"{'  index.html size':<66} {len(html.encode()) / 1e6:7.2f} MB")
        large = [
            *base,
            "--file",
            str(path),
            "--out",
            f"{folder}/large",
            "--db",
            f"{folder}/large.db",
        ]
        first = run_seconds(large)
        report(f"{count} sessions, end to end, first run (target < 3 s)", first, CPU[-1])
        again = run_seconds(large)
        report(f"{count} sessions, end to end, unchanged re-run", again, CPU[-1])


if __name__ == "__main__":
    main()
