"""Bad inputs through the real installed `wmhr`, in subprocesses, as a shell runs it: every one
ends in exactly one `wmhr: error:` line and exit 2, never a Python traceback.

The first list is the before-stop sweep (/work/shared/hooks/before-stop); some lines name
commands other branches add (publish, coverage, plan, reschedule): until they exist here they are
unknown commands, which must be the same one line. The second list is issue 9's inputs.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from wmhr.controls import CONTROL

WMHR = Path(sys.executable).with_name("wmhr")

SWEEP = """\
convert "9999-12-31 23:30 UTC" --to Asia/Tokyo
convert "2022-05-16T12:00+25:00"
convert 2022-05-16T12:00Z --to "$(printf 'x\\033[2J')"
sessions --file /dev/null
sessions --file /
requests remove 9223372036854775808
requests add asia xx --from "Ana <ana@x.org>" --at "0001-01-01 00:00 Asia/Tokyo"
ics asia -o - --alarm 99999999999999999999999999
ics asia -o /dev/full
sessions > /dev/full
sessions >&-
publish html --out /dev/null
publish wiki -o /dev/full
publish text nope
coverage nope
plan Atlantis --from 2022-05-02 --to 2022-05-01
deadlines --within nonsense
reschedule asia "2022-02-30 12:00 UTC"
""".splitlines()

ISSUE_9 = """\
convert 0001-01-01T00:00Z --to America/Los_Angeles
convert 99999-01-01T00:00Z
convert "2022-04-28 22:00 23:30 UTC"
sessions --file /dev/zero
ics asia -o - --alarm "$(head -c 5000 /dev/zero | tr '\\0' 9)m"
requests remove abc
requests remove
requests add
sessions --no-such-option
--debug sessions --no-such-option
sessions --db /
requests list --db /
requests add asia es --from a@b.org --key / --at 2022-05-01T00:00Z --now 2022-05-02T00:00Z
""".splitlines()


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str


def wmhr_in_shell(line: str, folder: Path, **env: str) -> Ran:
    """`wmhr LINE` through bash (so redirections like `>&-` apply), in an empty home and folder."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "cfg"),
        "WMHR_DB": str(folder / "w.db"),
        "LANG": "C.UTF-8",
        **env,
    }
    done = subprocess.run(
        ["bash", "-c", f"{WMHR} {line}"],
        cwd=folder,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def assert_one_error_line(ran: Ran) -> None:
    assert "Traceback" not in ran.stderr + ran.stdout
    lines = ran.stderr.splitlines()
    errors = [line for line in lines if line.startswith("wmhr: error: ")]
    assert len(errors) == 1, ran.stderr
    assert all(line.startswith("wmhr: ") for line in lines), ran.stderr  # no box, no usage
    assert not CONTROL.search(ran.stderr.replace("\n", "")), ran.stderr  # escaped, never raw
    assert ran.status == 2, ran


def device_nodes() -> dict[str, int]:
    return {path: Path(path).stat().st_mode for path in ("/dev/null", "/dev/full")}


@pytest.fixture
def devices_kept():  # type: ignore[no-untyped-def]
    """Some inputs name devices as outputs: as root, a careless rename would replace them."""
    before = device_nodes()
    yield
    assert device_nodes() == before
    assert all(stat.S_ISCHR(mode) for mode in before.values())


@pytest.mark.usefixtures("devices_kept")
@pytest.mark.parametrize("line", SWEEP + ISSUE_9)
def test_a_bad_input_is_one_error_line_and_exit_2(line: str, tmp_path: Path) -> None:
    assert_one_error_line(wmhr_in_shell(line, tmp_path))


def test_the_installed_command_is_the_one_tested() -> None:
    assert WMHR.is_file(), f"no {WMHR}: install wmhr into this environment (pip install -e .)"
    assert shutil.which("bash")


def test_non_ascii_output_on_an_ascii_stdout_is_one_error_line(tmp_path: Path) -> None:
    ran = wmhr_in_shell('sessions --tz "Côte d\'Ivoire"', tmp_path, PYTHONIOENCODING="ascii")
    assert_one_error_line(ran)
    assert "PYTHONIOENCODING=utf-8" in ran.stderr


def test_a_broken_pipe_is_one_error_line_and_records_nothing(tmp_path: Path) -> None:
    """A reader that went away (`| head -c 100`) is a failure to deliver, never exit 0 or 1."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    environment = {**os.environ, "HOME": str(tmp_path), "WMHR_DB": str(tmp_path / "w.db")}
    done = subprocess.run(
        [str(WMHR), "ics", "asia", "-o", "-", "--now", "2022-05-01T00:00Z"],
        cwd=tmp_path,
        env=environment,
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        timeout=30,
        check=False,
    )
    os.close(write_end)
    assert_one_error_line(Ran(done.returncode, "", done.stderr))
    assert "broken pipe" in done.stderr.lower()
    listed = wmhr_in_shell("ics asia -o - --now 2022-05-01T00:00Z", tmp_path)
    assert "1 new or changed" in listed.stderr  # the failed run recorded nothing as issued
