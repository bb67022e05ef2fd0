"""A folder of files wmhr writes (a site, a folder of invites), under writing.py's one policy.

The policy itself, for every file, folder and standard output, is described once, in
`wmhr/writing.py`'s docstring; this module is its part for folders: the checks of `--out` and of
every path inside it, and the folder built whole beside the old one and exchanged with it in one
step (Linux renameat2), or, where the system cannot exchange folders, changed files replacing
their old versions one by one, pages last. Single files, the folder's list `.wmhr-written`,
temporary files and leftovers are writing.py's.

Imported only where a folder is written: a one-off invite (`wmhr ics SESSION -o FILE`) is timed
from a cold start and never loads it.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from wmhr.writing import (
    MANIFEST,
    NEW_FILE_MODE,
    PAGE_SUFFIXES,
    OutputError,
    Protected,
    check_protected,
    create_temporary,
    holds,
    keep_owner_and_mode,
    manifest_bytes,
    read_manifest,
    remove_file,
    remove_leftovers,
    remove_tree,
    signed,
    write_all,
)

NEW_FOLDER_MODE = 0o755
RENAME_EXCHANGE = 2


class FolderResult:
    """How many files a folder write changed (new or replaced) and left as they were."""

    __slots__ = ("changed", "unchanged")

    def __init__(self, changed: int, unchanged: int) -> None:
        self.changed = changed
        self.unchanged = unchanged


def check_folder_name(out: Path | str, option: str) -> Path:
    """Refuse an output folder that would replace what is not a site: `/`, `""`, `.`."""
    text = str(out)
    if not text.strip():
        raise OutputError(f"{option} is empty; name the folder to write (new or wmhr's)")
    path = Path(text)
    resolved = path.resolve()
    if resolved == Path(resolved.anchor):
        raise OutputError(f"{option} {text}: refusing to write into the root folder; name a folder")
    if resolved == Path.cwd().resolve():
        raise OutputError(
            f"{option} {text}: refusing to write into the current folder itself; "
            "name a folder inside it (for example site)"
        )
    return path


def check_folder(out: Path, names: Iterable[str], *, option: str, protected: Protected) -> None:
    """Refuse before anything is planned or written: an unsafe --out, a link or a foreign file
    where wmhr would write."""
    check_folder_name(out, option)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{option} {out} is a file, not a folder; give a folder (new or wmhr's)")
    if not out.exists():
        return
    known = read_manifest(out)
    for name in names:
        _check_inside(out, name, known, option, protected)


def _check_inside(out: Path, name: str, known: set[str], option: str, protected: Protected) -> None:
    parts = name.split("/")
    if any(not part or part in (".", "..") for part in parts):
        raise OutputError(f"refusing to write {name!r}: not a plain path inside {option} {out}")
    here = out
    for index, part in enumerate(parts):
        here = here / part
        try:
            info = here.lstat()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise OutputError(f"{option} {out}: cannot use {here} ({exc.strerror})") from None
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(
                f"{option} {out}: {here} is a symbolic link; wmhr never writes through one. "
                "Replace it with a folder or file of its own, or name another folder"
            )
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{option} {out}: {here} is a file where wmhr writes a folder")
        if last:
            if stat.S_ISDIR(info.st_mode):
                raise OutputError(f"{option} {out}: {here} is a folder where wmhr writes a file")
            if not stat.S_ISREG(info.st_mode):
                raise OutputError(f"{option} {out}: {here} is not a regular file; move it away")
            check_protected(here, option, protected)
            if name not in known and not signed(here):
                raise OutputError(
                    f"{option} {out}: {here} exists and wmhr did not write it; refusing to "
                    "replace it. Move it away (or delete it), or name another folder"
                )


def _unsigned(names: Iterable[str]) -> set[str]:
    """The files that do not say they are wmhr's: they go in the folder's list."""
    return {name for name in names if not name.endswith(".ics")}


def make_parents(out: Path, *, option: str) -> None:
    """The folders above `out`, made before anything is planned (the folder itself is made
    whole, with its files)."""
    try:
        out.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{option} {out}: cannot create the folder ({exc.strerror})") from None


def write_folder(
    out: Path, files: Mapping[str, bytes], *, option: str, protected: Protected
) -> FolderResult:
    """Put `files` (relative paths, `/`-separated) into the folder `out`, keeping the files of
    its own that wmhr does not write, so that readers see the old set or the new one."""
    check_folder(out, files, option=option, protected=protected)
    real = out.resolve()  # --out may be a link to the folder; inside it, none is followed
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(out, option, "cannot create the folders above it", exc) from None
    remove_leftovers(real.parent, {real.name})
    if not real.exists():
        _build_new(real, files, option)
        return FolderResult(changed=len(files), unchanged=0)
    remove_leftovers(real, None)
    pending = {name: data for name, data in files.items() if not holds(real / name, data)}
    known = read_manifest(real)
    unsigned = _unsigned(files)
    if not pending and unsigned <= known:
        return FolderResult(changed=0, unchanged=len(files))
    if known | unsigned:
        pending[MANIFEST] = manifest_bytes(known | unsigned)
    # Only a folder wmhr made is rebuilt whole (its other files hard-linked into the new one);
    # into any other, new files go one by one, and the files of its own are never touched.
    if not (known and _exchange_with_new(real, pending, option)):
        _replace_one_by_one(real, pending, option)
    pending.pop(MANIFEST, None)
    return FolderResult(changed=len(pending), unchanged=len(files) - len(pending))


def _fail(out: Path, option: str, what: str, exc: OSError) -> OutputError:
    reason = exc.strerror or type(exc).__name__
    return OutputError(f"{option} {out}: {what} ({reason}); nothing was changed")


def _build_new(real: Path, files: Mapping[str, bytes], option: str) -> None:
    scratch = _temporary_folder(real, option)
    try:
        unsigned = _unsigned(files)
        manifest = {MANIFEST: manifest_bytes(unsigned)} if unsigned else {}
        _fill(scratch.path, {**files, **manifest}, real, option)
        try:
            scratch.path.rename(real)
        except OSError as exc:
            raise _fail(real, option, "cannot move the new folder into place", exc) from None
    finally:
        _discard(scratch)


class _Scratch:
    """A folder being built, and the lock held on it (remove_leftovers leaves it alone)."""

    __slots__ = ("lock", "path")

    def __init__(self, path: Path, lock: int) -> None:
        self.path = path
        self.lock = lock


def _temporary_folder(real: Path, option: str) -> _Scratch:
    import fcntl

    temp = real.parent / f".{real.name}.{os.urandom(6).hex()}.tmp"
    try:
        temp.mkdir(mode=0o700)
        descriptor = os.open(temp, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise _fail(real, option, "cannot create a folder there", exc) from None
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return _Scratch(temp, descriptor)


def _discard(scratch: _Scratch) -> None:
    remove_tree(scratch.path)
    os.close(scratch.lock)


def _fill(temp: Path, files: Mapping[str, bytes], real: Path, option: str) -> None:
    try:
        temp.chmod(NEW_FOLDER_MODE)
        for name, data in files.items():
            target = temp.joinpath(*name.split("/"))
            target.parent.mkdir(mode=NEW_FOLDER_MODE, parents=True, exist_ok=True)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
            try:
                os.fchmod(descriptor, NEW_FILE_MODE)
                write_all(descriptor, data)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
    except OSError as exc:
        raise _fail(real, option, "cannot write the new files", exc) from None


def _exchange_with_new(real: Path, pending: Mapping[str, bytes], option: str) -> bool:
    """Build the whole new folder beside `real` (unchanged and foreign files hard-linked into
    it) and exchange the two in one step. False when this system or folder cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        info = real.stat()
    except OSError:
        return False
    if info.st_uid != os.geteuid() and os.geteuid() != 0:
        return False  # the new folder could not keep its owner
    scratch = _temporary_folder(real, option)
    temp = scratch.path
    try:
        try:
            if not _link_tree(real, temp, set(pending)):
                return False
            if os.geteuid() == 0:
                os.chown(temp, info.st_uid, info.st_gid)
        except OSError:
            return False
        _fill_existing(temp, pending, real, option)
        try:
            temp.chmod(stat.S_IMODE(info.st_mode))
        except OSError:
            return False
        return _renameat2_exchange(temp, real)
    finally:
        _discard(scratch)  # after an exchange, that is the old folder


def _link_tree(source: Path, target: Path, skip: set[str], prefix: str = "") -> bool:
    """Hard-link every file of `source` into `target` but those in `skip`; False where that
    cannot be done (a special file, another file system, links not allowed)."""
    for entry in os.scandir(source):
        name = prefix + entry.name
        if name in skip:
            continue
        destination = target / entry.name
        if entry.is_symlink():
            destination.symlink_to(Path(entry.path).readlink())
        elif entry.is_dir(follow_symlinks=False):
            mode = stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
            destination.mkdir(mode=0o700)
            if not _link_tree(Path(entry.path), destination, skip, f"{name}/"):
                return False
            destination.chmod(mode)
        elif entry.is_file(follow_symlinks=False):
            try:
                os.link(entry.path, destination, follow_symlinks=False)
            except OSError:
                return False
        else:
            return False
    return True


def _fill_existing(temp: Path, files: Mapping[str, bytes], real: Path, option: str) -> None:
    """New versions of files in the linked copy: each replaces its link, keeping the old file's
    mode (and owner, where wmhr runs as root)."""
    try:
        for name, data in files.items():
            target = temp.joinpath(*name.split("/"))
            target.parent.mkdir(mode=NEW_FOLDER_MODE, parents=True, exist_ok=True)
            try:
                old: os.stat_result | None = (real / name).stat()
            except OSError:
                old = None
            scratch, descriptor = create_temporary(target.parent, target.name, option)
            try:
                keep_owner_and_mode(descriptor, old, f"{option} {real / name}")
                write_all(descriptor, data)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            scratch.replace(target)
    except OSError as exc:
        raise _fail(real, option, "cannot write the new files", exc) from None


def _renameat2_exchange(first: Path, second: Path) -> bool:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), RENAME_EXCHANGE)
    if done == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.EPERM):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


def _replace_one_by_one(real: Path, pending: Mapping[str, bytes], option: str) -> None:
    """Where folders cannot be exchanged: every new file written first, then each renamed over
    its old version, pages last (so a page never links what is not there yet)."""
    order = sorted(pending, key=lambda name: (name.endswith(PAGE_SUFFIXES), name == MANIFEST))
    staged: list[tuple[Path, Path]] = []
    try:
        for name in order:
            data = pending[name]
            target = real.joinpath(*name.split("/"))
            try:
                target.parent.mkdir(mode=NEW_FOLDER_MODE, parents=True, exist_ok=True)
                old: os.stat_result | None = target.stat()
            except FileNotFoundError:
                old = None
            except OSError as exc:
                raise _fail(real, option, f"cannot write into {target.parent}", exc) from None
            scratch, descriptor = create_temporary(target.parent, target.name, option)
            staged.append((scratch, target))
            try:
                keep_owner_and_mode(descriptor, old, f"{option} {target}")
                write_all(descriptor, data)
                os.fsync(descriptor)
            except OSError as exc:
                raise _fail(real, option, "cannot write the new files", exc) from None
            finally:
                os.close(descriptor)
        for scratch, target in staged:
            scratch.replace(target)
    except OSError as exc:
        raise _fail(real, option, "cannot replace the old files", exc) from None
    finally:
        for scratch, _ in staged:
            remove_file(scratch)
