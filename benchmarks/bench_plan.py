"""Figures for `wmhr plan`: one year at 15-minute steps for East, Southeast Asia & Pacific.

Run: python benchmarks/bench_plan.py   (prints figures; it is not a test and asserts nothing)
Target (issue 12): under 2 s for the whole command, 48 countries x 35,040 candidate slots, start-up
included. Also times the core alone, warm (libraries imported, holiday tables built), and the cold
start of `wmhr sessions --json`, which must not load holidays, Babel or the country table.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

REGION = "East, Southeast Asia, & Pacific"
ARGS = ["plan", REGION, "--from", "2026-01-01", "--to", "2026-12-31", "--step", "15m"]
ARGS += ["--now", "2025-12-01T00:00Z", "--json"]
RUNS = 5


def command() -> list[str]:
    script = Path(sys.executable).with_name("wmhr")
    return [str(script)] if script.exists() else [sys.executable, "-m", "wmhr"]


def seconds(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def whole_command() -> None:
    times = [seconds([*command(), *ARGS]) for _ in range(RUNS)]
    print(f"wmhr plan, {REGION}, 2026 at 15 min, median of {RUNS}:")
    print(f"  whole command               {statistics.median(times):6.2f} s   (target < 2 s)")


def core_warm() -> None:
    from wmhr.planning.countries import region_or_country
    from wmhr.planning.plan import Group, PlanRequest, plan
    from wmhr.planning.window import parse_window

    label, found = region_or_country(REGION)
    request = PlanRequest(
        (Group(label, tuple(found)),),
        date(2026, 1, 1),
        date(2026, 12, 31),
        60,
        parse_window("17:00-21:00"),
        15,
    )
    now = datetime(2025, 12, 1, tzinfo=UTC)
    plan(request, now=now)  # imports, holiday tables, week data
    started = time.perf_counter()
    result = plan(request, now=now)
    elapsed = time.perf_counter() - started
    print(
        f"  core, warm                  {elapsed:6.2f} s   ({len(found)} countries, "
        f"{result.evaluated:,} slots)"
    )


def sessions_stays_light() -> None:
    code = (
        "import sys, runpy; sys.argv = ['wmhr', 'sessions', '--json']\n"
        "try:\n    runpy.run_module('wmhr', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = {'holidays', 'babel', 'wmhr.planning'} & set(sys.modules)\n"
        "print(sorted(heavy), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    print(f"  sessions --json loads       {out.stderr.strip()} of holidays, babel, wmhr.planning")


if __name__ == "__main__":
    whole_command()
    core_warm()
    sessions_stays_light()
