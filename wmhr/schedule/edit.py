"""Reschedule, cancel and restore a session by editing sessions.toml in place.

The file is the organizers' own: its comments, blank lines, key order and quoting are kept, and
only the values an edit is about change (tomlkit edits the document rather than rewriting it).
Every edit is checked by loading the new text with the schedule loader before anything is written,
and written by an atomic replace, so the file is either the old one or the new one, never broken.

`published_utc` and `published_local` are recomputed from tzdata when a session moves (only those
present in the file): they record what the series page shows, so after a reschedule they say what
the page must be changed to, and `wmhr check` compares the page's times with the new start.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import tempfile
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from wmhr.errors import ScheduleError, WmhrError
from wmhr.schedule.model import (
    BOM,
    BUNDLED_DIR,
    SESSIONS_FILE,
    Schedule,
    Session,
    locate,
    parse,
    read_schedule_bytes,
)

Action = Literal["reschedule", "cancel", "restore"]
# The series page's own style ("Tues 3 May 19:00", "Thurs 12 May 18:00"), in English whatever the
# machine's locale: `wmhr check` reads these back.
PAGE_WEEKDAYS = ("Mon", "Tues", "Wed", "Thurs", "Fri", "Sat", "Sun")
PAGE_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)
PUBLISHED_KEYS = ("published_utc", "published_local")


class EditError(WmhrError):
    """An edit that cannot be made: a bundled schedule, a time in the past, a broken result."""


@dataclass(frozen=True)
class Edit:
    """One edit of one session: the session before and after, and the file's text after."""

    action: Action
    source: str
    before: Session
    after: Session
    schedule: Schedule  # the whole schedule after the edit
    text: str  # the file's new text; the old text when nothing changed

    @property
    def changed_fields(self) -> tuple[str, ...]:
        fields = ("start", "status", *PUBLISHED_KEYS)
        return tuple(f for f in fields if getattr(self.before, f) != getattr(self.after, f))

    @property
    def changed(self) -> bool:
        return bool(self.changed_fields)


def published_text(moment: datetime) -> str:
    """`Tues 3 May 19:00`: a wall time written the way the series page writes it."""
    weekday = PAGE_WEEKDAYS[moment.weekday()]
    return f"{weekday} {moment.day} {PAGE_MONTHS[moment.month - 1]} {moment:%H:%M}"


# -- which file -----------------------------------------------------------------------------------


def bundled_path() -> Path:
    return BUNDLED_DIR / SESSIONS_FILE


def editable_path(explicit: Path | None, *, cwd: Path, environ: Mapping[str, str]) -> Path:
    """The schedule an edit changes; never the copy installed with wmhr."""
    path = locate(explicit, cwd=cwd, environ=environ)
    bundled = bundled_path()
    if path is None or _same_file(path, bundled):
        copy = f"cp {shlex.quote(str(bundled))} {SESSIONS_FILE}"
        raise EditError(
            "the schedule bundled with wmhr is part of the installed program and is not edited; "
            f"copy it with `{copy}` and run this again: wmhr reads ./{SESSIONS_FILE} from the "
            "current folder (from elsewhere, pass --file with its path)"
        )
    return path


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.resolve() == other.resolve() or path.samefile(other)
    except OSError:
        return False


def read_bytes(path: Path) -> bytes:
    return read_schedule_bytes(path, "pass --file with the path of your sessions.toml")


def decode(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScheduleError(f"{source}: cannot read it (not UTF-8 text); fix the file") from None
    if text.startswith(BOM):  # read everywhere, but tomlkit cannot edit the file around it
        raise ScheduleError(
            f"{source}: starts with a byte order mark (U+FEFF), which wmhr reads but cannot "
            "keep in an edit; save the file as UTF-8 without a BOM and run the edit again"
        )
    return text


# -- the edits ------------------------------------------------------------------------------------


def reschedule(
    text: str,
    session_id: str,
    start: datetime,
    *,
    source: str,
    now: datetime,
    allow_past: bool = False,
) -> Edit:
    """Move `session_id` to the instant `start`, recomputing the published times it has."""
    before = parse(text, source=source).session(session_id)
    if start.second or start.microsecond:
        raise EditError(
            f"{start.isoformat()}: sessions start on a whole minute; leave out the seconds"
        )
    if start < now and not allow_past:
        raise EditError(
            f"{start:%Y-%m-%dT%H:%MZ} is in the past (now is {now:%Y-%m-%dT%H:%MZ}); pick a time "
            "ahead, or pass --allow-past to correct the record of a session already held"
        )

    def change(table: MutableMapping[str, Any]) -> None:
        table["start"] = start
        if "published_utc" in table:
            table["published_utc"] = published_text(start)
        if "published_local" in table:
            table["published_local"] = published_text(start.astimezone(before.zone))

    return _apply("reschedule", text, session_id, change, source=source)


def cancel(text: str, session_id: str, *, source: str) -> Edit:
    """Mark `session_id` cancelled; it stays in the file, the feed and `wmhr sessions`."""

    def change(table: MutableMapping[str, Any]) -> None:
        if table.get("status") != "cancelled":
            table["status"] = "cancelled"

    return _apply("cancel", text, session_id, change, source=source)


def restore(text: str, session_id: str, *, source: str) -> Edit:
    """Hold a cancelled session again, as confirmed (`status` is removed: confirmed is the
    default, so cancelling and restoring gives back the file as it was)."""

    def change(table: MutableMapping[str, Any]) -> None:
        if table.get("status") == "cancelled":
            del table["status"]

    return _apply("restore", text, session_id, change, source=source)


def _apply(
    action: Action,
    text: str,
    session_id: str,
    change: Callable[[MutableMapping[str, Any]], None],
    *,
    source: str,
) -> Edit:
    old = parse(text, source=source)  # a file that does not load is not edited
    before = old.session(session_id)
    import tomlkit  # only the edit commands need it
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ScheduleError(f"{source}: not valid TOML: {exc}; fix the syntax there") from None
    change(_session_table(document, session_id, source))
    new_text = _same_line_endings(tomlkit.dumps(document), text)
    if new_text == text:
        return Edit(action, source, before, before, old, text)
    try:
        new = parse(new_text, source=source)
    except ScheduleError as exc:
        raise EditError(
            f"the {action} would leave the file invalid ({exc}); nothing was changed"
        ) from None
    after = new.session(session_id)
    if after == before:  # e.g. the same instant written another way: leave the file alone
        return Edit(action, source, before, before, old, text)
    _check_only_this_session_changed(old, new, session_id, source)
    return Edit(action, source, before, after, new, new_text)


def _same_line_endings(new_text: str, old_text: str) -> str:
    """A line tomlkit adds ends in \\n; in a file written with \\r\\n (Windows), so must it."""
    if "\r\n" in old_text and old_text.count("\r\n") == old_text.count("\n"):
        return re.sub(r"(?<!\r)\n", "\r\n", new_text)
    return new_text


def _session_table(document: Any, session_id: str, source: str) -> MutableMapping[str, Any]:
    matches = [t for t in document.get("session", []) if t.get("id") == session_id]
    if len(matches) != 1:  # the loader has already checked that the id exists once
        raise ScheduleError(f'{source}: cannot find session "{session_id}" to edit')
    table: MutableMapping[str, Any] = matches[0]
    return table


def _check_only_this_session_changed(
    old: Schedule, new: Schedule, session_id: str, source: str
) -> None:
    """A guard against a surprise in the TOML library: nothing else may move."""
    others_before = [s for s in old.sessions if s.id != session_id]
    others_after = [s for s in new.sessions if s.id != session_id]
    same_rest = (old.series, old.format, old.interpretation, old.survey) == (
        new.series,
        new.format,
        new.interpretation,
        new.survey,
    )
    if others_before != others_after or not same_rest or old.ids != new.ids:
        raise EditError(
            f"{source}: the edit changed more than session {session_id}; nothing was changed"
        )


# -- writing --------------------------------------------------------------------------------------


def save(path: Path, original: bytes, text: str) -> None:
    """Replace `path` with `text` atomically (a temporary file in the same folder, then a
    rename), keeping the file's permissions; refuse if the file changed since it was read."""
    target = path.resolve()  # through a symlink: replace the file it points at, keep the link
    try:
        if target.read_bytes() != original:
            raise EditError(f"{path}: changed while wmhr was editing it; run the command again")
        mode = stat.S_IMODE(target.stat().st_mode)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise ScheduleError(
            f"{path}: cannot write it ({exc.strerror}); nothing was changed"
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(target)  # os.replace: atomic within one file system
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ScheduleError(
            f"{path}: cannot write it ({exc.strerror}); nothing was changed"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
