"""Reschedule, cancel and restore a session by editing sessions.toml in place.

The file is the organizers' own: its comments, blank lines, key order and quoting are kept, and
only the values an edit is about change (tomlkit edits the document rather than rewriting it).
Every edit is checked by loading the new text with the schedule loader before anything is written,
and written by wmhr.writing's atomic replace (the file keeps its mode, owner and group), so the file
is either the old one or the new one, never broken. An edit holds an advisory lock (flock) on the
file's folder from reading to writing, so concurrent edits wait for each other instead of one
silently undoing another. A file with several hard links, or one owned by
someone else (a group's shared schedule), is rewritten in place instead (a rename would leave the
other names with the old text, or give the file to whoever edits it), after a copy of the old
text is kept beside it until the write is done; a read-only file is refused.

A cancel remembers an explicit status it replaces (`status = "tentative"`) in the line's comment,
and restore puts it back, so a cancel and a restore give back the file as it was.

`published_utc` and `published_local` are recomputed from tzdata when a session moves (only those
present in the file): they record what the series page shows, so after a reschedule they say what
the page must be changed to, and `wmhr check` compares the page's times with the new start.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
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
# How a cancel remembers the status it replaced, in the status line's comment.
WAS = re.compile(r'\s*\(?was "(?P<status>confirmed|tentative)" before wmhr cancel\)?$')
LOCK_WAIT_SECONDS = 30.0
BEFORE_EDIT = ".{name}.wmhr-before-edit"  # the old text of a file rewritten in place


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
        current = table.get("status")
        if current == "cancelled":
            return
        if current is None:
            table["status"] = "cancelled"  # restore removes the line again
            return
        comment = table.item("status").trivia.comment  # type: ignore[attr-defined]
        table["status"] = "cancelled"
        trivia = table.item("status").trivia  # type: ignore[attr-defined]
        note = f'was "{current}" before wmhr cancel'
        trivia.comment = f"{comment} ({note})" if comment else f"# {note}"
        trivia.comment_ws = trivia.comment_ws or "  "

    return _apply("cancel", text, session_id, change, source=source)


def restore(text: str, session_id: str, *, source: str) -> Edit:
    """Hold a cancelled session again, as confirmed (`status` is removed: confirmed is the
    default, so cancelling and restoring gives back the file as it was)."""

    def change(table: MutableMapping[str, Any]) -> None:
        if table.get("status") != "cancelled":
            return
        comment = table.item("status").trivia.comment  # type: ignore[attr-defined]
        was = WAS.search(comment)
        if was is None and not comment:
            del table["status"]  # the line cancel added
            return
        table["status"] = was["status"] if was else "confirmed"
        trivia = table.item("status").trivia  # type: ignore[attr-defined]
        if was is not None:
            kept = comment[: was.start()]
            trivia.comment = "" if kept == "#" else kept
            if not trivia.comment:
                trivia.comment_ws = ""

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


# -- writing ------------------------------------------------------------------------------------


@contextmanager
def locked(path: Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the edit lock of `path` (a flock on its folder: the file itself is replaced, so a
    lock on it would not hold); wait up to `wait` seconds for another edit to finish."""
    import fcntl

    folder = path.resolve().parent
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise ScheduleError(f"{path}: cannot open its folder ({exc.strerror})") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EditError(
                        f"{path}: another wmhr edit has held it for {wait:.0f} s; nothing was "
                        "changed; run this again when it is done"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def edit_file(path: Path, make: Callable[[str, str], Edit]) -> Edit:
    """Read `path`, make the edit from its text (`make(text, source)`) and write it, all under
    the edit lock, so that two edits never both start from the same text."""
    from wmhr import writing

    with locked(path):
        _check_interrupted(path)
        target = path.resolve()
        writing.remove_leftovers(target.parent, {target.name})  # a killed edit's temporary file
        original = read_bytes(path)
        result = make(decode(original, str(path)), str(path))
        if result.changed:
            save(path, original, result.text)
    return result


def save(path: Path, original: bytes, text: str) -> None:
    """Replace `path` with `text` (the caller holds the lock); refuse if the file changed since
    it was read, or is read-only."""
    from wmhr import writing

    target = path.resolve()  # through a symlink: replace the file it points at, keep the link
    try:
        if target.read_bytes() != original:
            raise EditError(f"{path}: changed while wmhr was editing it; run the command again")
        info = target.stat()
    except OSError as exc:
        raise ScheduleError(
            f"{path}: cannot write it ({exc.strerror}); nothing was changed"
        ) from None
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        target, os.W_OK
    ):
        raise EditError(
            f"{path}: is read-only; nothing was changed. Make it writable (chmod u+w {path}) "
            "to edit it"
        )
    data = text.encode("utf-8")
    try:
        if info.st_nlink > 1 or not _can_keep_owner(info):
            # The old text is kept beside it until the write is done: if the run is stopped
            # half-way, the next edit finds it and stops (see `_check_interrupted`).
            before = target.with_name(BEFORE_EDIT.format(name=target.name))
            writing.rewrite_in_place(target, original, data, keep_old_as=before)
        else:
            writing.replace(target, data)
    except writing.OutputError as exc:
        raise ScheduleError(str(exc)) from None


def _can_keep_owner(info: os.stat_result) -> bool:
    """Can a new file (a rename) get this file's owner and group? As root, or as its owner in
    its group; else the file is rewritten in place, which keeps them (a schedule shared by a
    group's organizers stays theirs)."""
    if os.geteuid() == 0:
        return True
    return info.st_uid == os.geteuid() and info.st_gid in (os.getegid(), *os.getgroups())


def _check_interrupted(path: Path) -> None:
    target = path.resolve()
    before = target.with_name(BEFORE_EDIT.format(name=target.name))
    if before.exists():
        raise EditError(
            f"{path}: an earlier edit was stopped while rewriting it; its text before that edit "
            f"is in {before}. Check {path} (restore it from that copy if it is damaged), then "
            "delete the copy and run this again"
        )
