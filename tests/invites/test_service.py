"""The issuing service (wmhr.invites.service), directly and through the commands that use it:
`wmhr ics` (folder, -o FILE, -o -, --dry-run) and `wmhr publish html` read what is published,
plan, write and record the same way (issue 16 section 1)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ics_support import BUNDLED_TEXT, T0, T1, T2, edit, prop_lines, write_schedule

from wmhr import writing
from wmhr.invites import service
from wmhr.invites.issuing import Issued
from wmhr.invites.planner import IssueRequest
from wmhr.schedule.model import parse

LATAM_START = "start = 2022-05-03T23:00:00Z"
MOVED = edit(BUNDLED_TEXT, LATAM_START, "start = 2022-05-04T00:30:00Z")
NOW = datetime(2022, 4, 1, tzinfo=UTC)


def sequences(folder: Path) -> dict[str, str]:
    """SEQUENCE per session file (series.ics and deadlines.ics left out)."""
    return {
        path.stem: prop_lines(path.read_bytes(), "SEQUENCE")[0]
        for path in sorted(folder.glob("*.ics"))
        if path.stem not in ("series", "deadlines")
    }


def recorded(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT session_id, sequence FROM issued_event").fetchall()
    return {session: int(sequence) for session, sequence in rows}


# -- the floor from published files, whichever command runs ---------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("publish", "html", "--out", "site"),
        ("ics", "--out", "site/invites"),
    ],
)
def test_after_losing_the_database_a_reschedule_goes_one_above_the_site(
    run, tmp_path, command
) -> None:
    """Before issue 16, `publish html` re-issued latam at SEQUENCE 0 while people held 1."""
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("publish", "html", "--out", "site", "--now", T0).exit_code == 0
    write_schedule(tmp_path, MOVED)
    assert run("publish", "html", "--out", "site", "--now", T1).exit_code == 0
    assert sequences(tmp_path / "site" / "invites")["latam"] == "1"
    (tmp_path / "wmhr.db").unlink()
    write_schedule(tmp_path, BUNDLED_TEXT)  # moved back: a change people must receive
    result = run(*command, "--now", T2)
    assert result.exit_code == 0, result.output
    after = sequences(tmp_path / "site" / "invites")
    assert after["latam"] == "2"
    assert {s: after[s] for s in ("cee", "africa", "asia")} == {
        "cee": "0",
        "africa": "0",
        "asia": "0",
    }
    assert recorded(tmp_path / "wmhr.db")["latam"] == 2


# -- a copy is not a change ---------------------------------------------------------------------


def test_a_copy_in_another_language_or_folder_is_not_a_change(run, tmp_path) -> None:
    """Before issue 16, writing a Spanish copy beside the English one re-issued every event
    (SEQUENCE of cee went 0 -> 6 over a few runs)."""
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--out", "en", "--now", T0).exit_code == 0
    first = sequences(tmp_path / "en")
    for now, args in (
        (T1, ("--lang", "es", "--out", "es")),
        (T1, ("--out", "en")),
        (T2, ("--out", "en")),
        (T2, ("--lang", "es", "--out", "es")),
        (T2, ("--out", "copy")),
    ):
        result = run("ics", *args, "--now", now)
        assert result.exit_code == 0, result.output
        assert "0 new or changed" in result.stderr, (args, result.stderr)
    for folder in ("en", "es", "copy"):
        assert (
            sequences(tmp_path / folder)
            == first
            == {
                "africa": "0",
                "asia": "0",
                "cee": "0",
                "latam": "0",
            }
        )
    assert (tmp_path / "en" / "cee.ics").read_bytes() != (tmp_path / "es" / "cee.ics").read_bytes()
    # publish html in Spanish, beside: not a change either.
    assert run("publish", "html", "--lang", "es", "--out", "site-es", "--now", T2).exit_code == 0
    assert sequences(tmp_path / "site-es" / "invites") == first


def test_a_translation_change_is_a_change(run, tmp_path) -> None:
    """cee's invite is in English; its Spanish copy (`--lang es`) says the changed text."""
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0).exit_code == 0
    changed = edit(
        BUNDLED_TEXT, 'region = "Europa Central y Oriental"', 'region = "Europa Central"'
    )
    write_schedule(tmp_path, changed)
    assert run("ics", "--now", T1).exit_code == 0
    after = sequences(tmp_path / "invites")
    assert after["cee"] == "1" and after["asia"] == "0"


# -- the service, called directly -----------------------------------------------------------------


def test_a_one_off_creates_no_database_and_says_where(tmp_path) -> None:
    schedule = parse(BUNDLED_TEXT, source="sessions.toml")
    target = tmp_path / "asia.ics"
    done = service.issue(
        schedule,
        IssueRequest(sessions=("asia",), single=True),
        now=NOW,
        destination=service.Destination("file", target, option="-o"),
        database=None,
        protected=writing.Protected(),
    )
    assert done.database is None and done.plan.written == 1 and done.plan.records == []
    assert (done.changed_files, done.unchanged_files) == (1, 0)
    assert prop_lines(target.read_bytes(), "SEQUENCE") == ["0"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asia.ics"]


def test_issue_records_and_a_second_run_changes_nothing(tmp_path) -> None:
    schedule = parse(BUNDLED_TEXT, source="sessions.toml")
    database = tmp_path / "org.db"
    destination = service.Destination("folder", tmp_path / "out")
    kwargs = {"now": NOW, "destination": destination, "database": database}
    first = service.issue(schedule, IssueRequest(), protected=writing.Protected(), **kwargs)
    assert len(first.plan.changed) == 4 and first.changed_files == 5
    assert recorded(database) == {"africa": 0, "asia": 0, "cee": 0, "latam": 0}
    later = {**kwargs, "now": datetime(2022, 4, 2, tzinfo=UTC)}
    second = service.issue(schedule, IssueRequest(), protected=writing.Protected(), **later)
    assert second.plan.changed == [] and (second.changed_files, second.unchanged_files) == (0, 5)


def test_preview_writes_nothing_and_reads_the_files(tmp_path) -> None:
    schedule = parse(BUNDLED_TEXT, source="sessions.toml")
    folder = tmp_path / "out"
    database = tmp_path / "org.db"
    shown = service.preview(
        schedule,
        IssueRequest(),
        now=NOW,
        destination=service.Destination("folder", folder),
        database=database,
        protected=writing.Protected(),
    )
    assert not folder.exists() and not database.exists() and shown.database is None
    assert {change for _, change in shown.files} == {"new"}
    assert [o.change for o in shown.plan.outcomes] == ["new"] * 4


def test_a_site_writes_pages_from_the_plan_and_records_after(tmp_path) -> None:
    schedule = parse(BUNDLED_TEXT, source="sessions.toml")
    site = tmp_path / "site"
    database = tmp_path / "org.db"
    seen: list[tuple[int, int]] = []

    def pages(plan: service.IssuePlan, issued: Mapping[str, Issued]) -> dict[str, bytes]:
        seen.append((len(plan.files), len(issued)))
        return {"index.html": b'<a href="invites/series.ics">feed</a>\n'}

    done = service.issue(
        schedule,
        IssueRequest(),
        now=NOW,
        destination=service.Destination("site", site, pages=("index.html",)),
        database=database,
        protected=writing.Protected(),
        pages=pages,
    )
    # The pages see every event's issue after the run (4 sessions, recorded by this run).
    assert seen == [(5, 4)] and done.changed_files == 6
    assert sorted(p.name for p in (site / "invites").iterdir()) == [
        "africa.ics",
        "asia.ics",
        "cee.ics",
        "latam.ics",
        "series.ics",
    ]
    assert (site / "index.html").read_bytes().startswith(b"<a href")
    assert (site / writing.MANIFEST).read_text("utf-8").splitlines()[1:] == ["index.html"]


def test_a_write_that_fails_records_nothing(tmp_path) -> None:
    schedule = parse(BUNDLED_TEXT, source="sessions.toml")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the host's page\n", "utf-8")
    database = tmp_path / "org.db"
    with pytest.raises(writing.OutputError, match="did not write it"):
        service.issue(
            schedule,
            IssueRequest(),
            now=NOW,
            destination=service.Destination("site", site, pages=("index.html",)),
            database=database,
            protected=writing.Protected(),
            pages=lambda plan: {"index.html": b"new"},
        )
    assert not database.exists()
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_a_destination_inside_the_site_cannot_be_a_link(tmp_path) -> None:
    schedule = parse(BUNDLED_TEXT, source="sessions.toml")
    site = tmp_path / "site"
    site.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "invites").symlink_to(outside)
    with pytest.raises(writing.OutputError, match="symbolic link"):
        service.issue(
            schedule,
            IssueRequest(),
            now=NOW,
            destination=service.Destination("site", site, pages=("index.html",)),
            database=tmp_path / "org.db",
            protected=writing.Protected(),
            pages=lambda plan: {"index.html": b"x"},
        )
    assert list(outside.iterdir()) == [] and not (tmp_path / "org.db").exists()
