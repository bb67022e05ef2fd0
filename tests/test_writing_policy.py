"""Issue 16 section 2, as users meet it: every command writes through one writer with one policy.
`publish wiki|text -o` never replaces the database, the schedule or the key; `publish html --out`
never replaces a page it did not write, never follows a link out of its folder, refuses `/`, an
empty path and the current folder; standard output gets every byte or the run fails and records
nothing, also unbuffered (PYTHONUNBUFFERED=1)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from ics_support import BUNDLED_TEXT, T0, write_schedule

ROOT = Path(__file__).resolve().parent.parent


def one_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wmhr: error: "), result.stderr
    return str(lines[0])


# -- publish wiki|text -o onto what must never be replaced ---------------------------------------


@pytest.mark.parametrize("command", ["wiki", "text"])
def test_publish_o_refuses_the_database(run, tmp_path, command) -> None:
    assert run("ics", "--now", T0).exit_code == 0
    before = (tmp_path / "wmhr.db").read_bytes()
    assert "database" in one_error(run("publish", command, "-o", "wmhr.db"))
    assert (tmp_path / "wmhr.db").read_bytes() == before


@pytest.mark.parametrize("command", ["wiki", "text"])
def test_publish_o_refuses_the_schedule(run, tmp_path, command) -> None:
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert "schedule" in one_error(run("publish", command, "-o", "sessions.toml"))
    assert (tmp_path / "sessions.toml").read_text("utf-8") == BUNDLED_TEXT


@pytest.mark.parametrize("command", ["wiki", "text"])
def test_publish_o_refuses_the_key_file(run, key_path, command) -> None:
    key_path.parent.mkdir(parents=True)
    key_path.write_bytes(os.urandom(32))
    key = key_path.read_bytes()
    assert "key" in one_error(run("publish", command, "-o", str(key_path)))
    assert key_path.read_bytes() == key


def test_publish_o_refuses_a_file_wmhr_did_not_write_and_replaces_its_own(run, tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", "utf-8")
    assert "did not write it" in one_error(run("publish", "wiki", "-o", "notes.txt"))
    assert notes.read_text("utf-8") == "my notes\n"
    assert run("publish", "wiki", "-o", "table.wiki").exit_code == 0
    assert run("publish", "wiki", "--translate", "-o", "table.wiki").exit_code == 0
    assert "<translate>" in (tmp_path / "table.wiki").read_text("utf-8")


# -- publish html --out ---------------------------------------------------------------------------


def test_publish_html_keeps_an_index_it_did_not_write(run, tmp_path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the host's own page</p>\n", "utf-8")
    error = one_error(run("publish", "html", "--out", "site", "--now", T0))
    assert "index.html" in error and "did not write" in error
    assert (site / "index.html").read_text("utf-8") == "<p>the host's own page</p>\n"
    assert not (site / "invites").exists() and not (tmp_path / "wmhr.db").exists()


def test_publish_html_replaces_its_own_index(run, tmp_path) -> None:
    assert run("publish", "html", "--out", "site", "--now", T0).exit_code == 0
    moved = BUNDLED_TEXT.replace("start = 2022-05-03T23:00:00Z", "start = 2022-05-04T00:30:00Z")
    write_schedule(tmp_path, moved)
    assert run("publish", "html", "--out", "site", "--now", "2022-04-20T00:00Z").exit_code == 0
    assert "00:30" in (tmp_path / "site" / "index.html").read_text("utf-8")


def test_publish_html_never_follows_a_linked_invites_folder(run, tmp_path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "asia.ics").write_text("not for wmhr\n", "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "invites").symlink_to(outside)
    error = one_error(run("publish", "html", "--out", "site", "--now", T0))
    assert "symbolic link" in error
    assert sorted(p.name for p in outside.iterdir()) == ["asia.ics"]
    assert (outside / "asia.ics").read_text("utf-8") == "not for wmhr\n"


@pytest.mark.parametrize("out", ["", "."])
def test_publish_html_refuses_an_empty_path_and_the_current_folder(run, tmp_path, out) -> None:
    one_error(run("publish", "html", "--out", out, "--now", T0))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "config") == []


def test_publish_html_refuses_the_root(run, tmp_path) -> None:
    # Checked without the command first: a regression must not write into / (tests may run as
    # root). Before issue 16, `--out /` wrote /index.html and /invites/.
    from wmhr.folder_writing import check_folder_name
    from wmhr.writing import OutputError

    with pytest.raises(OutputError, match="root folder"):
        check_folder_name(Path("/"), "--out")
    assert "root folder" in one_error(run("publish", "html", "--out", "/", "--now", T0))


# -- standard output: every byte, or a failure that records nothing -------------------------------


def _big_schedule(tmp_path: Path, count: int = 400) -> None:
    head = BUNDLED_TEXT[: BUNDLED_TEXT.index("[[session]]")]
    rows = [
        f'[[session]]\nid = "s{n:04d}"\nregion = "Region {n}"\nlanguage = "en"\n'
        f"start = 2030-01-{1 + n // 24:02d}T{n % 24:02d}:00:00Z\n"
        f'anchor_city = "Berlin, Germany"\nzone = "Europe/Berlin"\n'
        for n in range(count)
    ]
    write_schedule(tmp_path, head + "\n".join(rows))


def _shell(tmp_path: Path, line: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "LC_ALL": "C.UTF-8",
        "WMHR": f"{sys.executable} -m wmhr",
        **env,
    }
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {line}"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )


def _recorded(database: Path) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM issued_event").fetchone()[0])


def test_unbuffered_stdout_to_a_reader_that_stops_early_records_nothing(tmp_path) -> None:
    """Today with PYTHONUNBUFFERED=1 the short write was ignored: exit 0, 400 events recorded."""
    _big_schedule(tmp_path)
    done = _shell(
        tmp_path,
        f"$WMHR ics -o - --db org.db --now {T0} | (sleep 2; head -c 100 >/dev/null)",
        PYTHONUNBUFFERED="1",
    )
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr
    assert _recorded(tmp_path / "org.db") == 0


@pytest.mark.parametrize(
    "command",
    [
        "publish text",
        "publish wiki",
        f"sessions --json --now {T0}",
        f"ics -o - --db org.db --now {T0}",
    ],
)
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_full_disk_fails_the_run(tmp_path, command, unbuffered) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    done = _shell(tmp_path, f"$WMHR {command} >/dev/full", PYTHONUNBUFFERED=unbuffered)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert b"Traceback" not in done.stderr
    assert _recorded(tmp_path / "org.db") == 0


@pytest.mark.parametrize("command", ["publish text", "publish wiki", f"sessions --json --now {T0}"])
def test_unbuffered_output_to_a_reader_that_stops_early_ends_a_report(tmp_path, command) -> None:
    """Output that is only a report: a reader that stopped early ends it, quietly and with the
    command's own status (README, Output and exit codes); `ics -o -` above still fails."""
    _big_schedule(tmp_path)
    done = _shell(
        tmp_path,
        f"$WMHR {command} | (sleep 2; head -c 100 >/dev/null)",
        PYTHONUNBUFFERED="1",
    )
    assert (done.returncode, done.stderr) == (0, b"")
