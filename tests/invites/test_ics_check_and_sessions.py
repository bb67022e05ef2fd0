"""`wmhr check` warns about unpublished invite changes; `wmhr sessions` shows cancellations."""

from __future__ import annotations

import json

from ics_support import BUNDLED_TEXT, T0, T1, edit, write_schedule

CHECK_NOW = "2022-04-01T00:00Z"


def findings(run, *extra: str) -> list[dict[str, object]]:
    result = run("check", "--now", CHECK_NOW, "--json", *extra)
    # 1: the page's own published Jakarta time is wrong (an error finding, not ours)
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.stdout)["findings"] if f["code"].startswith("unpub")]


def test_check_without_a_database_says_nothing_about_invites(run, tmp_path) -> None:
    assert findings(run) == []
    assert not (tmp_path / "wmhr.db").exists()


def test_check_warns_about_a_change_not_yet_issued(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    run("ics", "--now", T0)
    assert findings(run) == []
    write_schedule(tmp_path, edit(BUNDLED_TEXT, "lead_days = 5", "lead_days = 6"))
    warned = findings(run)
    assert [(f["level"], f["code"], f["session"]) for f in warned] == [
        ("warning", "unpublished-change", s) for s in ("latam", "cee", "africa", "asia")
    ]
    assert "SEQUENCE 0, 2022-04-01T00:00Z" in str(warned[0]["message"])
    run("ics", "--now", T1)
    assert findings(run) == []


def test_check_warns_about_a_removal_not_yet_issued(run, tmp_path) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    run("ics", "--now", T0, "--db", "invites.db")
    start = BUNDLED_TEXT.index('[[session]]\nid = "asia"')
    end = BUNDLED_TEXT.index("\n[translations.")  # keep the other sessions' texts as they were
    write_schedule(tmp_path, BUNDLED_TEXT[:start] + BUNDLED_TEXT[end:])
    assert findings(run) == []  # another database: nothing known
    warned = findings(run, "--db", "invites.db")
    assert [(f["code"], f["session"]) for f in warned] == [("unpublished-removal", "asia")]
    run("ics", "--now", T1, "--db", "invites.db")
    assert findings(run, "--db", "invites.db") == []


def test_sessions_shows_a_cancelled_session_as_cancelled(run, tmp_path) -> None:
    write_schedule(
        tmp_path,
        edit(BUNDLED_TEXT, 'zone = "Africa/Lagos"', 'zone = "Africa/Lagos"\nstatus = "cancelled"'),
    )
    result = run("sessions", "--now", CHECK_NOW)
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("africa"))
    assert "Africa (cancelled)" in line
    others = [line for line in result.stdout.splitlines() if line.startswith(("latam", "asia"))]
    assert others and all("cancelled" not in line for line in others)
    data = json.loads(run("sessions", "--now", CHECK_NOW, "--json").stdout)
    status = {s["id"]: s["status"] for s in data["sessions"]}
    assert status == {
        "latam": "confirmed",
        "cee": "confirmed",
        "africa": "cancelled",
        "asia": "confirmed",
    }
