"""Figures for the core: cold start against `import typer`, and mass conversion.

Run: python benchmarks/bench_core.py   (prints figures; it is not a test and asserts nothing)
Targets (issue 2): cold start of `wmhr sessions --json` within 1.5x of `python -c "import typer"`;
1,000 sessions into every zone in tzdata (about 600,000 conversions) in under 2 seconds.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from wmhr.time.convert import in_zone
from wmhr.time.zones import Zone, load_iana_zone, zone_names

RUNS = 21


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def interleaved_medians(first: list[str], second: list[str]) -> tuple[float, float]:
    """Alternate the two commands so that load on the machine hits both alike."""
    a, b = [], []
    for _ in range(RUNS):
        a.append(seconds(first))
        b.append(seconds(second))
    return statistics.median(a), statistics.median(b)


def compile_package() -> None:
    """Write wmhr's bytecode, as `pip install .` does, so that an editable checkout (or a machine
    with PYTHONDONTWRITEBYTECODE set) is not timed compiling its sources on every start."""
    import compileall

    import wmhr

    compileall.compile_dir(Path(wmhr.__file__).parent, quiet=1)


def cold_start() -> None:
    compile_package()
    script = Path(sys.executable).with_name("wmhr")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "wmhr"]
    baseline, wmhr = interleaved_medians(
        [sys.executable, "-c", "import typer"], [*command, "sessions", "--json"]
    )
    ratio = wmhr / baseline
    print(f"cold start, median of {RUNS}:")
    print(f"  python -c 'import typer'   {baseline * 1000:7.1f} ms")
    print(f"  wmhr sessions --json       {wmhr * 1000:7.1f} ms   ({ratio:.2f}x, target <= 1.5x)")


def conversions() -> None:
    zones = [Zone(key, load_iana_zone(key)) for key in zone_names()]
    start = datetime(2022, 1, 1, tzinfo=UTC)
    sessions = [start + timedelta(hours=7 * i) for i in range(1000)]
    started = time.perf_counter()
    count = 0
    for zone in zones:
        for instant in sessions:
            in_zone(instant, zone)
            count += 1
    elapsed = time.perf_counter() - started
    print(
        f"conversions: {count:,} (1,000 sessions x {len(zones)} zones) in {elapsed:.2f} s "
        f"(target < 2 s)"
    )


if __name__ == "__main__":
    cold_start()
    conversions()
