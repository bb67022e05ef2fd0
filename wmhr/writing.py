"""Every file wmhr writes, and its standard output, go through here, under one policy.

- What may be replaced: never the schedule, the database or the requester key (the caller names
  them), never a folder, device or pipe, and never an existing file wmhr did not write. wmhr knows
  its own files by the list `.wmhr-written` it keeps in each folder it writes into (one relative
  path a line), or, for files written before that list existed, by what they say (an iCalendar
  file whose PRODID is wmhr's, a page that links `invites/series.ics`).
- Links: a symbolic link inside a target folder is never followed (nor replaced); the folder
  named on the command line may itself be a link.
- Paths: `/`, an empty path and the current folder are refused as an output folder.
- How: a temporary file next to the target (`.<name>.<12 hex>.tmp`), written whole, fsynced,
  then renamed over the target, keeping the replaced file's mode, owner and group. The folder is
  not synced after the rename: a crash then leaves the old file or the new one, either whole,
  and a one-off invite is spared a second sync (it is timed from a cold start). Temporary
  files a killed run left are removed by the next run (a live run holds a lock on its own).
- A folder (a site, a folder of invites) is built whole beside the old one and exchanged with it
  in one step (Linux renameat2), so readers see the old set or the new one; where the system
  cannot exchange folders, changed files replace their old versions one by one, pages last
  (`wmhr/folder_writing.py`).
- Standard output gets every byte or an OutputError: a short write, a full disk, a closed
  descriptor never pass for success. A reader that went away (EPIPE, `| head -3`) is the one
  exception, and only for output that is a report: what it did not read is dropped and the
  command goes on to its own exit status, as `cat file | head` does. Output whose delivery is
  recorded (an invite on `ics -o -`, marked issued once written) is `recorded=True`, and a
  reader that went away is then an OutputError, with nothing recorded.

This module holds the checks of a file, one file, standard output and the helpers the folder
part shares (the folder's list, temporary files, leftovers); a folder of files is
`wmhr/folder_writing.py`'s, imported only where a folder is written. Only the standard library's
cheapest modules are imported here: a one-off invite is timed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from wmhr.errors import WmhrError

MANIFEST = ".wmhr-written"
MANIFEST_HEADER = "# Files wmhr wrote in this folder; it replaces no other. One path a line.\n"
NEW_FILE_MODE = 0o644  # everything wmhr writes is meant to be read (invites, pages, tables)
# Compiled where used (re caches them): classes and patterns made at import are timed.
TEMPORARY = r"\.(?P<name>.+)\.[0-9a-f]{12}\.tmp"
OLD_TEMPORARY = r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp"  # tempfile's, before this module
PAGE_SUFFIXES = (".html", ".htm")
ICS_PRODID = b"\r\nPRODID:-//wmhr//"
PAGE_SIGNATURE = b'href="invites/series.ics"'


class OutputError(WmhrError):
    """An output could not be written (or was refused); nothing was recorded."""


# Plain classes, not NamedTuples: each NamedTuple costs about 0.3 ms to create at import, and a
# participant's one-off invite is timed from a cold start.
class Protected:
    """Files no output may replace, and what to call them in the message; `lazy` ones are found
    only when a target exists (finding the key file loads the requests code)."""

    __slots__ = ("lazy", "paths")

    def __init__(
        self,
        paths: tuple[tuple[Path, str], ...] = (),
        lazy: tuple[tuple[Callable[[], Path], str], ...] = (),
    ) -> None:
        self.paths = paths
        self.lazy = lazy


# -- checks ---------------------------------------------------------------------------------------


def check_file(path: Path, option: str, protected: Protected) -> None:
    """Refuse to replace `path` unless it is absent or a regular file wmhr wrote."""
    check_protected(path, option, protected)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot use it ({exc.strerror})") from None
    real = path
    if stat.S_ISLNK(info.st_mode):
        try:
            info = path.stat()
            real = path.resolve()  # the file written is the one it points at: is that wmhr's?
        except OSError:
            raise OutputError(f"{option} {path}: a broken symbolic link; name a file") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{option} {path}: is a folder; name a file")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{option} {path}: not a regular file (a device or pipe); name a file, or use - "
            "for standard output"
        )
    if not _ours(real.parent, real.name):
        raise OutputError(
            f"{option} {path}: exists and wmhr did not write it; refusing to replace it. Name a "
            "new file, or move that one away (or delete it) and run this again"
        )


def check_protected(path: Path, option: str, protected: Protected) -> None:
    """Refuse `path` if it is one of the files no output may replace (also a folder's files)."""
    for known, what in protected.paths:
        if _same(path, known):
            raise OutputError(f"{option} {path}: that is {what}; name another file")
    # An invite or page wmhr wrote is not the key file: its signature spares loading the
    # requests code to find the key (a one-off invite replacing its file is timed).
    if protected.lazy and path.exists() and not signed(path):
        for find, what in protected.lazy:
            if _same(path, find()):
                raise OutputError(f"{option} {path}: that is {what}; name another file")


def _same(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:  # one of them does not exist (yet): compare where they would be
        try:
            return path.resolve() == other.resolve()
        except OSError:
            return False


def _ours(folder: Path, name: str) -> bool:
    """Did wmhr write `folder/name`? Listed in the folder's manifest, or says so itself."""
    if name in read_manifest(folder):
        return True
    return signed(folder / name)


def signed(path: Path) -> bool:
    """Does the regular file at `path` say it is wmhr's (an invite's PRODID, a page's link)?"""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read
            return False
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if path.suffix == ".ics":
        return head.removeprefix(b"\xef\xbb\xbf").startswith(b"BEGIN:VCALENDAR") and (
            ICS_PRODID in head
        )
    return path.suffix in PAGE_SUFFIXES and PAGE_SIGNATURE in _whole(path)


def _whole(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def read_manifest(folder: Path) -> set[str]:
    try:
        if not stat.S_ISREG((folder / MANIFEST).lstat().st_mode):  # a FIFO would block
            return set()
        text = (folder / MANIFEST).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def manifest_bytes(names: Iterable[str]) -> bytes:
    """The folder's list `.wmhr-written` naming `names`."""
    return (MANIFEST_HEADER + "".join(f"{name}\n" for name in sorted(set(names)))).encode()


# -- one file -------------------------------------------------------------------------------------


def write_file(path: Path, data: bytes, *, option: str, protected: Protected) -> bool:
    """Write `data` to `path` under the policy; False when it already held exactly that (it is
    then left alone, so its modification time and HTTP caches stay valid)."""
    check_file(path, option, protected)
    remove_leftovers(path.parent, {path.name})
    changed = not holds(path, data)
    if changed:
        replace(path, data, option=option)
    written = path.resolve() if path.is_symlink() else path
    _remember(written.parent, [written.name])
    return changed


def _remember(folder: Path, names: list[str]) -> None:
    names = [name for name in names if not name.endswith(".ics")]  # an invite says it is wmhr's
    if not names:
        return
    known = read_manifest(folder)
    if not set(names) <= known:
        replace(folder / MANIFEST, manifest_bytes(known | set(names)), option="writing")


def holds(path: Path, data: bytes) -> bool:
    """Does `path` hold exactly `data` already?"""
    try:
        info = path.stat()
        return (
            stat.S_ISREG(info.st_mode) and info.st_size == len(data) and path.read_bytes() == data
        )
    except OSError:
        return False


def replace(path: Path, data: bytes, *, option: str = "") -> None:
    """Readers see the old file or the new one: a temporary file in the same folder, written
    whole and fsynced, renamed over `path`. A replaced file keeps its mode, owner and group."""
    where = f"{option} {path}".strip()
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(
            f"{where}: cannot write there ({exc.strerror}); nothing was changed"
        ) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # A rename would swap the node itself for a file (as root, /dev/null for everyone).
        raise OutputError(f"{where}: not a regular file (a folder, device or pipe); name a file")
    target = path.resolve() if path.is_symlink() else path  # -o LINK: the file it points at
    temp, descriptor = create_temporary(target.parent, target.name, where)
    try:
        try:
            keep_owner_and_mode(descriptor, info, where)
            write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        temp.replace(target)
    except OSError as exc:
        remove_file(temp)
        raise OutputError(
            f"{where}: cannot write it ({exc.strerror}); nothing was changed"
        ) from None
    except BaseException:
        remove_file(temp)
        raise


def rewrite_in_place(path: Path, old: bytes, data: bytes, *, keep_old_as: Path) -> None:
    """Write `data` into the file itself (its inode), for a file whose hard links, owner or
    ACLs a rename would lose. Not atomic: `old` is first written to `keep_old_as`, which is
    removed only once `data` is whole on disk; the caller decides what a copy left there means."""
    replace(keep_old_as, old)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        try:
            write_all(descriptor, data)
            os.ftruncate(descriptor, len(data))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write it ({exc.strerror}); its text before is in {keep_old_as}"
        ) from None
    keep_old_as.unlink()


def create_temporary(folder: Path, name: str, where: str) -> tuple[Path, int]:
    """A new temporary file for `name` in `folder`, open and locked (a live run's)."""
    import fcntl  # a built-in module: costs nothing

    # Named like tempfile's, without importing it (it loads `random`): a one-off invite is timed.
    temp = folder / f".{name}.{os.urandom(6).hex()}.tmp"
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise OutputError(
            f"{where}: cannot write there ({exc.strerror}); nothing was changed"
        ) from None
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # alive: remove_leftovers skips it
    return temp, descriptor


def keep_owner_and_mode(descriptor: int, info: os.stat_result | None, where: str) -> None:
    """Give the new file the replaced file's (`info`) mode, owner and group; None: a new file."""
    if info is None:
        os.fchmod(descriptor, NEW_FILE_MODE)
        return
    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(descriptor, info.st_uid, info.st_gid)
        except PermissionError:
            raise OutputError(
                f"{where}: belongs to another user or group, which a replacement could not "
                "keep; run wmhr as its owner"
            ) from None
    os.fchmod(descriptor, stat.S_IMODE(info.st_mode))


def write_all(descriptor: int, data: bytes) -> None:
    """Every byte, or OSError: os.write may write fewer bytes than asked (a pipe, a signal)."""
    view = memoryview(data)
    while view:
        try:
            done = os.write(descriptor, view)
        except BlockingIOError:  # a non-blocking descriptor someone handed us: wait for it
            import select

            select.select([], [descriptor], [])
            continue
        view = view[done:]


def remove_file(path: Path) -> None:
    """Remove `path` if it is there (a temporary file after a failure)."""
    with contextlib.suppress(OSError):
        path.unlink()


def remove_leftovers(folder: Path, names: set[str] | None = None) -> list[str]:
    """Temporary files (and site folders) a killed run left in `folder`: complete or not, they
    must never be published. Only wmhr's pattern is touched, `names` limits it to those
    targets', and one a running wmhr still holds (it keeps a lock on it) is left alone."""
    import fcntl

    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = re.fullmatch(TEMPORARY, entry.name) or re.fullmatch(OLD_TEMPORARY, entry.name)
        if not match or (names is not None and match["name"] not in names):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if _folder_is_free(path):
                remove_tree(path)
                removed.append(entry.name)
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink()
            removed.append(entry.name)
        except OSError:
            continue  # locked by a live run, or gone
        finally:
            os.close(descriptor)
    return removed


def _folder_is_free(path: Path) -> bool:
    import fcntl

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)


def remove_tree(path: Path) -> None:
    """Remove the folder `path` and all it holds, as far as possible."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


# -- standard output ------------------------------------------------------------------------------


def write_stdout(data: bytes, *, recorded: bool = False) -> bool:
    """All of `data` to standard output, or an OutputError; False when the reader went away
    (EPIPE) from output that is only a report (not `recorded`): the rest is dropped, so the
    caller may stop rendering it."""
    if sys.stdout is None:
        raise OutputError("standard output is closed; nothing was written or recorded")
    try:
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # a text-only stream (a test's): it takes str
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
            return True
        binary.flush()
        try:
            descriptor = binary.fileno()
        except (OSError, ValueError, AttributeError):
            descriptor = -1
        raw = getattr(binary, "raw", None)
        if descriptor >= 0:
            write_all(descriptor, data)
        elif raw is not None:  # a stream without a descriptor: past its buffer, so a failed
            _write_all_raw(raw, data)  # write leaves nothing there for a later flush to retry
        else:  # an in-memory stream (CliRunner)
            binary.write(data)
            binary.flush()
    except (OSError, ValueError) as exc:
        _settle_stdout()
        if isinstance(exc, BrokenPipeError) and not recorded:
            return False  # the reader took what it wanted: nothing depends on the rest
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(
            f"standard output: the output was not delivered whole ({reason}); nothing was recorded"
        ) from None
    return True


def _write_all_raw(raw: IO[bytes], data: bytes) -> None:
    view = memoryview(data)
    while view:
        done = raw.write(view)
        view = view[done or 0 :]


def write_text(text: str, stream: IO[str] | None = None) -> bool:
    """`text` to `stream`, standard output by default, whole or an OutputError (False: the
    reader of standard output went away, as `write_stdout` says)."""
    if stream is not None and stream is not sys.stdout:
        stream.write(text)
        return True
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    errors = getattr(sys.stdout, "errors", None) or "strict"
    return write_stdout(text.encode(encoding, errors))


def _settle_stdout() -> None:
    """After a failed write, point standard output at /dev/null, so that Python's own flush at
    exit does not print a second error (or a traceback)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def compare(path: Path | None, data: bytes) -> str:
    """What writing `data` at `path` would do: "new", "replaced" or "unchanged" (None: stdout)."""
    if path is None:
        return "new"
    try:
        path.lstat()
    except OSError:
        return "new"
    return "unchanged" if holds(path, data) else "replaced"


def read_regular_files(paths: Iterable[Path]) -> list[bytes]:
    """The bytes of each regular file among `paths`, links not followed (a FIFO would block,
    a link could lead out of the folder)."""
    found = []
    for path in paths:
        try:
            if not stat.S_ISREG(path.lstat().st_mode):
                continue
            found.append(path.read_bytes())
        except OSError:
            continue
    return found
