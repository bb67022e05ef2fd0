"""libical's restriction check (ICalGLib, what Evolution runs on what it imports) passes on every
file `wmhr ics` writes: no METHOD, so RFC 5546's PUBLISH rules (ORGANIZER required) do not apply,
while RFC 5545's component rules still do.

Runs the system python (`/usr/bin/python3`, with Debian's python3-gi and gir1.2-ical-3.0, which
`bash tests/install-deps` installs). Skipped when that is missing, failed instead when CI is set.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from ics_support import BUNDLED_TEXT, T0, T1, edit, unicode_schedule, write_schedule

SYSTEM_PYTHON = Path("/usr/bin/python3")
SCRIPT = Path(__file__).resolve().parents[1] / "libical" / "restriction-check.py"
INSTALL = "bash tests/install-deps"


def restriction_check(paths: list[Path]) -> dict[str, dict[str, object]]:
    missing = None
    if not SYSTEM_PYTHON.is_file():
        missing = f"{SYSTEM_PYTHON} is missing"
    else:
        completed = subprocess.run(
            [str(SYSTEM_PYTHON), str(SCRIPT), *map(str, paths)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=60,
            env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8"},
        )
        if completed.returncode == 3:
            missing = completed.stderr.strip()
        else:
            assert completed.returncode == 0, completed.stderr
            return dict(json.loads(completed.stdout))
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but libical cannot run ({missing}): run `{INSTALL}`")
    pytest.skip(missing)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ics"))


def test_the_check_flags_publish_without_organizer(tmp_path) -> None:
    """The control: the check is real, and flags what wmhr wrote before (METHOD:PUBLISH alone)."""
    publish = tmp_path / "publish.ics"
    publish.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nMETHOD:PUBLISH\r\n"
        b"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20220401T000000Z\r\nSEQUENCE:0\r\n"
        b"DTSTART:20220503T230000Z\r\nDTEND:20220504T000000Z\r\nSUMMARY:x\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    both = tmp_path / "both.ics"
    both.write_bytes(
        publish.read_bytes()
        .replace(b"METHOD:PUBLISH\r\n", b"")
        .replace(b"SUMMARY:x", b"DURATION:PT1H\r\nSUMMARY:x")
    )
    result = restriction_check([publish, both])
    assert result[str(publish)]["passed"] is False
    assert "ORGANIZER" in " ".join(result[str(publish)]["errors"])  # type: ignore[arg-type]
    assert result[str(both)]["passed"] is False  # RFC 5545 rules apply without METHOD too


def test_every_file_passes_libicals_restriction_check(run, tmp_path) -> None:
    with_email = edit(
        BUNDLED_TEXT,
        'organizer = "Wikimedia Foundation Global Advocacy team"',
        'organizer = "Wikimedia Foundation Global Advocacy team"\n'
        'organizer_email = "advocacy@example.org"',
    )
    cancelled = edit(
        with_email, 'zone = "Europe/Berlin"', 'zone = "Europe/Berlin"\nstatus = "cancelled"'
    )
    moved = edit(cancelled, "start = 2022-05-03T23:00:00Z", "start = 2022-05-04T00:30:00Z")
    start = moved.index('[[session]]\nid = "africa"')
    end = moved.index("[[session]]", start + 1)
    runs = [
        (with_email, T0, ("--organizer-deadlines",), "a"),
        (moved[:start] + moved[end:], T1, ("--organizer-deadlines", "--with-organizer"), "a"),
        (unicode_schedule(), T0, ("--organizer-deadlines", "--alarm", "1d"), "u"),
    ]
    result: dict[str, dict[str, object]] = {}
    for text, now, extra, out in runs:
        write_schedule(tmp_path, text)
        db = f"{out}.db"
        assert run("ics", "--now", now, "--out", out, "--db", db, *extra).exit_code == 0
        single = tmp_path / f"{out}-single.ics"
        assert run("ics", "-o", str(single), "--now", now, "--db", db, *extra).exit_code == 0
        files = [*_files(tmp_path / out), single]
        checked = restriction_check(files)
        assert len(checked) == len(files) >= 7
        result |= {f"{now} {name}": r for name, r in checked.items()}
    failed = {name: r["errors"] for name, r in result.items() if not r["passed"] or r["errors"]}
    assert not failed
