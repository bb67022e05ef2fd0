"""Write a published site into a folder without ever leaving it half-written.

The files are written into a new hidden folder next to `--out` first. A new `--out` is that
folder renamed into place (one atomic step). In an existing one, only files whose bytes changed
are written (an unchanged file keeps its modification time, so HTTP caches stay valid), and each
is renamed over its old version (atomic per file) only after all of them were written and every
target was found writable; files wmhr does not write (a host's own) are kept.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wmhr.errors import InputFileError

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Written:
    changed: int
    unchanged: int


def _relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or not all(SAFE_NAME.match(p) for p in path.parts):
        raise InputFileError(f"refusing to write {name!r}: not a plain path inside --out")
    return path


def _fail(out: Path, what: str, exc: OSError) -> InputFileError:
    reason = exc.strerror or type(exc).__name__
    return InputFileError(f"--out {out}: {what} ({reason}); give a folder you can write to")


def write_site(out: Path, files: dict[str, bytes]) -> Written:
    paths = {_relative(name): data for name, data in files.items()}
    if out.exists() and not out.is_dir():
        raise InputFileError(f"--out {out} is a file, not a folder; give a folder (new or wmhr's)")
    existing = out.exists()
    pending = _changed(out, paths) if existing else list(paths)
    if existing and not pending:
        return Written(changed=0, unchanged=len(paths))
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.absolute().name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _fail(out, "cannot create a folder there", exc) from None
    try:
        _fill(temp, {relative: paths[relative] for relative in pending}, out)
        if not existing:
            try:
                temp.rename(out)
            except OSError as exc:
                raise _fail(out, "cannot move the new site into place", exc) from None
        else:
            _replace_into(out, temp, pending)
        return Written(changed=len(pending), unchanged=len(paths) - len(pending))
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _fill(temp: Path, paths: dict[PurePosixPath, bytes], out: Path) -> None:
    try:
        temp.chmod(0o755)  # a site is for the web server to read
        for relative, data in paths.items():
            target = temp.joinpath(*relative.parts)
            for folder in reversed(target.relative_to(temp).parents[:-1]):
                (temp / folder).mkdir(mode=0o755, exist_ok=True)
            target.write_bytes(data)
            target.chmod(0o644)
    except OSError as exc:
        raise _fail(out, "cannot write the new files", exc) from None


def _changed(out: Path, paths: dict[PurePosixPath, bytes]) -> list[PurePosixPath]:
    """The files of an existing site whose bytes differ (or that are missing); a folder where
    a file goes is an error, before anything is written."""
    pending = []
    for relative, data in paths.items():
        target = out.joinpath(*relative.parts)
        if target.is_dir() and not target.is_symlink():
            raise InputFileError(f"--out {out}: {target} is a folder where wmhr writes a file")
        try:
            if target.is_file() and target.read_bytes() == data:
                continue
        except OSError:
            pass  # unreadable: replaced below, or reported as unwritable
        pending.append(relative)
    return pending


def _replace_into(out: Path, temp: Path, pending: list[PurePosixPath]) -> None:
    _check_writable(out, pending)
    for relative in pending:
        target = out.joinpath(*relative.parts)
        try:
            target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            temp.joinpath(*relative.parts).replace(target)
        except OSError as exc:
            raise _fail(out, f"cannot replace {target}", exc) from None


def _check_writable(out: Path, pending: list[PurePosixPath]) -> None:
    """Before replacing anything: every folder that gets a file must accept one."""
    for relative in pending:
        folder = out.joinpath(*relative.parts).parent
        while not folder.exists() and folder != out:
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            error = PermissionError(13, "Permission denied")
            raise _fail(out, f"cannot write into {folder}", error)
