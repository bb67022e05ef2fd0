"""Cold start of a participant's one-off invite, and of `wmhr sessions --json`, against a bare
`python -c "import typer"` (issue 8 section 4).

Run: python benchmarks/bench_invite.py [RUNS]   (prints figures; it is not a test)
Targets: `wmhr ics asia -o FILE` with no database in the folder, and `wmhr sessions --json`,
each within 1.3x of `import typer`. The three commands are run in turn, RUNS times, so load on
the machine hits them alike; medians and the fastest run of each are printed. Run it on a quiet
machine: on a shared one the medians swing by 10% or more between runs.

Measure the install people use (`pip install .` into a fresh venv) as well as the development
one: an editable install's finder slows every import on both sides, and the test dependencies
bring pytz (through vobject), which Babel then uses to find the machine's zone when an invite
loads it, a few milliseconds a user's install does not spend.

The "floor" row loads only the libraries any invite must load once issue 11 formats every
participant text through Babel (CLDR): Typer, tomllib, zoneinfo, Babel's dates and numbers, and
one locale's data. It runs no wmhr code, so its ratio is the least the one-off invite can reach
here; when the floor is above the target, the target cannot be met with Babel on that path.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.3
BASE = "python -c 'import typer'"
FLOOR = "floor: typer+tomllib+zoneinfo+Babel+en data"
FLOOR_CODE = (
    "import typer, tomllib, zoneinfo\n"
    "from babel import Locale, dates, numbers\n"
    "Locale.parse('en').decimal_formats\n"
)


def seconds(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def compile_package() -> None:
    """Write wmhr's bytecode, as `pip install .` does, so no run is timed compiling sources."""
    import compileall

    import wmhr

    compileall.compile_dir(Path(wmhr.__file__).parent, quiet=1)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    compile_package()
    script = Path(sys.executable).with_name("wmhr")
    wmhr = [str(script)] if script.exists() else [sys.executable, "-m", "wmhr"]
    commands = {
        BASE: [sys.executable, "-c", "import typer"],
        FLOOR: [sys.executable, "-c", FLOOR_CODE],
        "wmhr ics asia -o FILE (no database)": [*wmhr, "ics", "asia", "-o", "asia.ics"],
        "wmhr sessions --json": [*wmhr, "sessions", "--json"],
    }
    timings: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        for _ in range(runs):
            for name, command in commands.items():
                timings[name].append(seconds(command, cwd))
        assert not (cwd / "wmhr.db").exists(), "the one-off invite created a database"
    base = statistics.median(timings[BASE])
    fastest_base = min(timings[BASE])
    print(f"cold start, {runs} runs each (median, and fastest):")
    for name, values in timings.items():
        median, fastest = statistics.median(values), min(values)
        line = f"  {name:<44} {median * 1000:6.1f} ms  {fastest * 1000:6.1f} ms"
        if name != BASE:
            line += f"   {median / base:.2f}x / {fastest / fastest_base:.2f}x (target <= {TARGET}x)"
        print(line)


if __name__ == "__main__":
    main()
