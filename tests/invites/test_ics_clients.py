"""Terminal calendars import every event we write, at the right instant: calcurse (which skips an
event whose DTEND is not after its DTSTART, RFC 5545 section 3.8.2.2) and khal.

Deadlines are instants written with DTSTART only (RFC 5545 section 3.6.1). Both programs are
Debian packages that `bash tests/install-deps` installs; the tests skip when one is missing,
and fail instead when CI is set. Each runs with its own data and config folders in tmp_path
and TZ=UTC, so nothing depends on the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from ics_support import BUNDLED_TEXT, T0, write_schedule

# UTC starts of the bundled sessions and of their interpretation-request deadlines.
SESSIONS = ["2022-05-03 23:00", "2022-05-09 17:00", "2022-05-12 18:00", "2022-05-16 12:00"]
DEADLINES = ["2022-04-28 23:00", "2022-05-04 17:00", "2022-05-07 18:00", "2022-05-11 12:00"]
FEEDS = {"series.ics": SESSIONS, "deadlines.ics": DEADLINES}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {name} is not installed: run `bash tests/install-deps`")
        pytest.skip(f"{name} is not installed")
    return found


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        args, capture_output=True, text=True, env=env, check=False, timeout=60, cwd=home
    )


@pytest.fixture
def feeds(run, tmp_path) -> Path:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0, "--organizer-deadlines").exit_code == 0
    return tmp_path / "invites"


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_calcurse_imports_every_event(feeds, tmp_path, feed: str) -> None:
    calcurse = _tool("calcurse")
    data, config = tmp_path / "calcurse-data", tmp_path / "calcurse-config"
    data.mkdir()
    config.mkdir()
    done = _run([calcurse, "-D", str(data), "-C", str(config), "-i", str(feeds / feed)], tmp_path)
    assert "4 apps / 0 events / 0 todos / 0 skipped" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0
    starts = []
    for line in (data / "apts").read_text("utf-8").splitlines():
        month, day, rest = line[:2], line[3:5], line[6:]
        starts.append(f"{rest[:4]}-{month}-{day} {rest[7:12]}")
    assert sorted(starts) == FEEDS[feed]


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_khal_reads_every_event(feeds, tmp_path, feed: str) -> None:
    khal = _tool("khal")
    calendar = tmp_path / "khal-calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[wmhr]]\npath = {calendar}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        "utf-8",
    )
    done = _run(
        [khal, "-c", str(config), "printics", "-f", "{start}|{uid}", str(feeds / feed)], tmp_path
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("4 events found")
    events = dict(line.split("|")[::-1] for line in lines[1:])
    assert sorted(events.values()) == FEEDS[feed]
    assert len(events) == 4 and all(
        uid.endswith("@wmf-human-rights-policy-conversations-2022") for uid in events
    )
