"""Reading the files people name (schedule, CSV export, key): regular files of a stated size only.

A FIFO would hang the read, /dev/zero would fill the memory, and a folder is not a file: each is
refused in one line, after opening without blocking and checking what was opened (so nothing can
be swapped in between the check and the read).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from wmhr.errors import WmhrError

MB = 1024 * 1024
MAX_SCHEDULE_BYTES = 16 * MB  # the bundled schedule is 5 KB; 20,000 sessions are about 5 MB
MAX_IMPORT_BYTES = 256 * MB  # a registration export of a million rows
MAX_KEY_BYTES = 1024  # a key file is 65 bytes


def read_regular(path: Path, *, limit: int, fix: str, error: type[WmhrError]) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    FileNotFoundError is left to the caller, which knows what a missing file means; every other
    problem raises `error` with the path, what is wrong and `fix`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise error(f"{path}: cannot read it ({exc.strerror}); {fix}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise error(f"{path}: is a folder, not a file; {fix}")
        if not stat.S_ISREG(mode):
            raise error(f"{path}: not a regular file (a device, pipe or socket); {fix}")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"{path}: cannot read it ({exc.strerror}); {fix}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise error(f"{path}: larger than {describe_size(limit)}, too large for this file; {fix}")
    return data


def describe_size(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size} bytes"
