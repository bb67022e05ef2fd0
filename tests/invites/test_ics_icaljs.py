"""An independent parser: Mozilla's ical.js (Thunderbird's) reads every file we write and finds
the same UTC instants, durations, UIDs, sequences, statuses and text.

Needs `bash tests/install-deps` once. Skipped only when `node` is not on PATH; with $CI set
a missing node or ical.js fails the run instead, so CI can never pass without this check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ics_support import BUNDLED_TEXT, T0, T1, edit, unicode_schedule, write_schedule

from wmhr.invites import content as invites
from wmhr.schedule.model import load

HERE = Path(__file__).resolve().parents[1] / "icaljs"
SCRIPT = HERE / "read-ics.mjs"
INSTALL = "bash tests/install-deps"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but node is not on PATH: install Node.js so ical.js can run")
        pytest.skip("node is not on PATH")
    if not (HERE / "node_modules" / "ical.js" / "package.json").is_file():
        pytest.fail(f"ical.js is not installed: run `{INSTALL}` (the test command does)")
    return node


def read_with_icaljs(paths: list[Path]) -> dict[str, dict[str, object]]:
    completed = subprocess.run(
        [_node(), str(SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    return {Path(k).name: v for k, v in json.loads(completed.stdout).items()}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.mark.parametrize("kind", ["bundled", "unicode"])
def test_icaljs_reads_what_the_schedule_says(run, tmp_path, kind: str) -> None:
    text = BUNDLED_TEXT if kind == "bundled" else unicode_schedule()
    path = write_schedule(tmp_path, text)
    args = ("ics", "--now", T0, "--alarm", "1h", "--alarm", "10m", "--organizer-deadlines")
    assert run(*args).exit_code == 0
    schedule = load(path)
    files = sorted((tmp_path / "invites").glob("*.ics"))
    parsed = read_with_icaljs(files)
    assert set(parsed) == {f"{s.id}.ics" for s in schedule} | {"series.ics", "deadlines.ics"}
    sessions = {invites.session_uid(schedule.series.id, s.id): s for s in schedule}
    contents = {c.uid: c for c in (invites.session_content(schedule, s) for s in schedule)}
    contents |= {c.uid: c for c in (invites.deadline_content(schedule, s) for s in schedule)}
    seen = set()
    for name, calendar in parsed.items():
        assert calendar["method"] is None
        assert (calendar["refresh"] == 12 * 3600) is (name in ("series.ics", "deadlines.ics"))
        for event in calendar["events"]:  # type: ignore[attr-defined]
            content = contents[event["uid"]]
            seen.add(event["uid"])
            assert event["start"] == {
                "iso": _iso(content.start),
                "zone": "UTC",
                "unix": int(content.start.timestamp()),
            }
            assert event["end"]["iso"] == _iso(content.end) and event["end"]["zone"] == "UTC"
            assert event["duration_seconds"] == (content.end - content.start).total_seconds()
            if content.kind == "session":
                assert event["duration_seconds"] == sessions[content.uid].duration_minutes * 60
                assert event["alarms"] == [-3600, -600]
            else:
                assert event["alarms"] == []
            assert event["sequence"] == 0 and event["status"] == content.status
            assert event["summary"] == content.summary
            assert event["description"] == content.description
            assert event["location"] == content.location
            assert event["stamp"]["iso"] == "2022-04-01T00:00:00.000Z"
    assert seen == set(contents)


def test_icaljs_sees_updates_and_cancellations(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    run("ics", "--now", T0)
    moved = edit(BUNDLED_TEXT, "start = 2022-05-03T23:00:00Z", "start = 2022-05-04T00:30:00Z")
    moved = edit(moved, 'zone = "Europe/Berlin"', 'zone = "Europe/Berlin"\nstatus = "cancelled"')
    write_schedule(tmp_path, moved)
    assert run("ics", "--now", T1).exit_code == 0
    parsed = read_with_icaljs([tmp_path / "invites" / "series.ics"])["series.ics"]
    events = {e["uid"].split("@")[0]: e for e in parsed["events"]}  # type: ignore[index]
    assert events["latam"]["sequence"] == 1
    assert events["latam"]["start"]["iso"] == "2022-05-04T00:30:00.000Z"
    assert events["latam"]["stamp"]["iso"] == "2022-04-02T09:30:00.000Z"
    assert (events["cee"]["sequence"], events["cee"]["status"]) == (1, "CANCELLED")
    assert (events["asia"]["sequence"], events["asia"]["status"]) == (0, "CONFIRMED")


def test_calendar_names_need_no_escaping(run, tmp_path) -> None:
    """ical.js shows NAME's escapes literally: names carry no `,` `;` `\\` or newline at all."""
    write_schedule(tmp_path, unicode_schedule())
    assert run("ics", "--now", T0, "--organizer-deadlines").exit_code == 0
    assert run("ics", "asia", "latam", "-o", "two.ics", "--now", T0).exit_code == 0
    files = [*sorted((tmp_path / "invites").glob("*.ics")), tmp_path / "two.ics"]
    parsed = read_with_icaljs(files)
    for name, calendar in parsed.items():
        shown = str(calendar["name"])
        assert not set(shown) & set(",;\\\n"), (name, shown)
        raw = (tmp_path / ("invites" if name != "two.ics" else "") / name).read_bytes()
        assert f"\r\nNAME:{shown}\r\n".encode() in raw.replace(b"\r\n ", b""), name
    assert parsed["series.ics"]["name"] == (
        'Conversations - "rights" - too / and a newline — حقوق الإنسان — 人权对话 — '
        "मानव अधिकार 🌍👩🏽‍💻🇮🇩"
    )
