"""How long `wmhr ics` takes for a series of 10,000 sessions (target: the feed in under 2 s).

    python benchmarks/bench_ics.py [SESSIONS]

Prints, for a generated schedule: loading it, building every event and series.ics in memory
(the core), and the whole command end to end (first issue, then an unchanged re-run), which
also writes one file per session and records every UID in SQLite.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from synthetic import schedule_text

from wmhr.invites import planner as publish
from wmhr.schedule import model as schedule

NOW = datetime(2029, 12, 1, tzinfo=UTC)


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    print(f"{label:<58} {time.perf_counter() - start:7.3f} s")
    return result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sessions.toml"
        path.write_text(schedule_text(count), "utf-8")
        print(f"{count} sessions, Python {sys.version.split()[0]}")
        loaded = timed("load and validate sessions.toml", lambda: schedule.load(path))
        request = publish.IssueRequest(single=True)
        plan = timed(
            "core: build every event + series.ics in memory (target < 2 s)",
            lambda: publish.plan_issue(loaded, request, {}, now=NOW),
        )
        size = len(plan.files[0][1])
        print(f"{'  series.ics size':<58} {size / 1e6:7.1f} MB")
        command = [sys.executable, "-m", "wmhr", "ics", "--file", str(path), "--now"]
        where = ["--out", f"{folder}/invites", "--db", f"{folder}/wmhr.db"]
        for label in ("first issue", "unchanged re-run"):
            timed(
                f"wmhr ics end to end, {label} ({count} files + feed + db)",
                lambda: subprocess.run([*command, "2029-12-01T00:00Z", *where], check=True),
            )
        timed(
            "wmhr ics -o FILE end to end (feed only, unchanged)",
            lambda: subprocess.run(
                [*command, "2029-12-01T00:00Z", "-o", f"{folder}/feed.ics", where[2], where[3]],
                check=True,
            ),
        )


if __name__ == "__main__":
    main()
