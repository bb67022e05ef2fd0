"""Where `wmhr ics` writes, safely: the -o target checked before anything is written, files
replaced atomically with their mode kept, standard output that fails loudly, leftovers of a
stopped run removed, and the files about to be replaced read back (their SEQUENCE is a floor)."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import typer

from wmhr.cli import boundary
from wmhr.errors import InputFileError, WmhrError

CALENDAR_START = b"BEGIN:VCALENDAR"
# `.<name>.<random>.tmp`: ours (12 hex digits) and older wmhr's (tempfile's 8 characters).
LEFTOVER = re.compile(r"\.(?P<name>[^/]+\.ics)\.[a-z0-9_]{8,12}\.tmp")
NEW_FILE_MODE = 0o644  # invites are public; an existing file keeps its own mode


class OutputError(WmhrError):
    """The calendar could not be delivered; nothing was recorded."""


def check_target(output: str, *, database: Path, schedule: Path | None) -> None:
    """Refuse an -o that would destroy something: the database, the schedule, the requester
    key, or any existing file that is not a regular iCalendar (.ics) file (a device, a FIFO,
    a folder, /dev/stdout: use -o - for standard output)."""
    target = Path(output)
    for known, what in ((database, "the database (--db)"), (schedule, "the schedule file")):
        if known is not None and _same(target, known):
            raise OutputError(f"-o {output}: that is {what}; write the invite to a .ics file")
    try:
        info = target.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"-o {output}: cannot use it ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"-o {output}: is a folder; name a .ics file, or use --out FOLDER")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"-o {output}: not a regular file (a device or pipe); name a .ics file, or use -o - "
            "for standard output"
        )
    if target.name.lower().endswith(".ics") and _holds_a_calendar(target):
        return  # an invite written before: replaced atomically
    if _is_key(target):  # (a key is never a calendar, so this costs nothing in the usual case)
        raise OutputError(f"-o {output}: that is the requester key file; write to a .ics file")
    raise OutputError(
        f"-o {output}: exists and is not an iCalendar (.ics) file; refusing to replace it; "
        "name a new file or an existing .ics"
    )


def _same(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return path.resolve() == other.resolve()


def _holds_a_calendar(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(len(CALENDAR_START) + 3)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(CALENDAR_START)


def _is_key(path: Path) -> bool:
    from wmhr.requests.requesters import default_key_path  # only for a file that exists

    return _same(path, default_key_path(None))


def atomic_write(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one. A file that already holds
    exactly these bytes is left alone, so its modification time (and HTTP caches) stay valid;
    a replaced file keeps its mode."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot write there ({exc.strerror})") from None
    if info and not stat.S_ISREG(info.st_mode) and not stat.S_ISLNK(info.st_mode):
        # The rename below would swap the node itself for a file: as root, /dev/full or
        # /dev/null would become a regular file for every program on the machine.
        raise InputFileError(f"{path}: not a regular file (a folder, device or pipe); name a file")
    mode = stat.S_IMODE(info.st_mode) if info and stat.S_ISREG(info.st_mode) else NEW_FILE_MODE
    if info and stat.S_ISREG(info.st_mode):
        try:
            if path.read_bytes() == data:
                return
        except OSError:
            pass  # unreadable: replace it below, which reports a real problem
    # Named like tempfile's, without importing it (it loads `random`): a one-off invite is timed.
    temp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        temp.chmod(mode)
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InputFileError(f"{path}: cannot write it ({exc.strerror})") from None


def write_stdout(data: bytes) -> None:
    """All of `data` to standard output, or an OutputError: a closed stdout, a reader that went
    away (EPIPE), a full disk (ENOSPC) are failures, never a silent success."""
    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed; nothing was written or recorded")
    try:
        binary = typer.get_binary_stream("stdout")
        binary.write(data)
        binary.flush()
    except (OSError, ValueError) as exc:
        boundary.settle_output()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(
            f"standard output: the calendar was not delivered ({reason}); nothing was recorded"
        ) from None


def remove_leftovers(folder: Path, names: set[str] | None = None) -> list[str]:
    """Temporary files a stopped run (kill -9) left in `folder`: complete or not, they must never
    be published. Only wmhr's own pattern is touched; `names` limits it to those files'."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = LEFTOVER.fullmatch(entry.name)
        if not match or (names is not None and match["name"] not in names):
            continue
        if entry.is_file(follow_symlinks=False):
            try:
                Path(entry.path).unlink()
            except OSError:
                continue
            removed.append(entry.name)
    return removed


def compare(path: Path | None, data: bytes) -> str:
    """What writing `data` at `path` would do: "new", "replaced" or "unchanged" (None: stdout)."""
    if path is None:
        return "new"
    try:
        info = path.lstat()
    except OSError:
        return "new"
    if stat.S_ISREG(info.st_mode) and info.st_size == len(data):
        try:
            if path.read_bytes() == data:
                return "unchanged"
        except OSError:
            pass
    return "replaced"


def read_calendars(paths: list[Path]) -> list[bytes]:
    """The bytes of each regular file among `paths` (others are skipped, never opened: a FIFO
    would block)."""
    found = []
    for path in paths:
        try:
            if not stat.S_ISREG(path.lstat().st_mode):
                continue
            found.append(path.read_bytes())
        except OSError:
            continue
    return found


def make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
