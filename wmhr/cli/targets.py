"""What no output may replace: the schedule, the database and the requester key this run uses."""

from __future__ import annotations

import os
from pathlib import Path

from wmhr.writing import Protected


def protected(file: Path | None, db: Path | None) -> Protected:
    """For wmhr.writing: the files an -o or --out must never replace."""
    from wmhr import store
    from wmhr.schedule.model import locate

    paths = [(store.default_path(db), "the database (--db)")]
    schedule = locate(file, cwd=Path.cwd(), environ=os.environ)
    if schedule is not None:
        paths.append((schedule, "the schedule file (--file)"))
    return Protected(tuple(paths), lazy=((_key_path, "the requester key file"),))


def _key_path() -> Path:
    from wmhr.requests.requesters import default_key_path  # only for a file that exists

    return default_key_path(None)
