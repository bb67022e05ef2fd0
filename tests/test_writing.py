"""wmhr.writing, directly: the one policy for every file wmhr writes and for standard output."""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

import pytest

from wmhr import writing
from wmhr.writing import MANIFEST, OutputError, Protected

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//wmhr//wmhr 1//EN\r\nEND:VCALENDAR\r\n"
PAGE = b'<html><a href="invites/series.ics">feed</a></html>\n'


# -- what may be replaced -------------------------------------------------------------------------


def test_a_protected_file_is_never_replaced(tmp_path) -> None:
    database = tmp_path / "wmhr.db"
    database.write_bytes(b"SQLite format 3\x00")
    guard = Protected(((database, "the database (--db)"),))
    with pytest.raises(OutputError, match="that is the database"):
        writing.write_file(database, b"x", option="-o", protected=guard)
    link = tmp_path / "link.db"
    link.symlink_to(database)
    with pytest.raises(OutputError, match="that is the database"):
        writing.write_file(link, b"x", option="-o", protected=guard)
    assert database.read_bytes() == b"SQLite format 3\x00"


def test_a_lazy_protected_file_is_looked_up_only_when_the_target_exists(tmp_path) -> None:
    key = tmp_path / "requests.key"
    looked: list[int] = []

    def find() -> Path:
        looked.append(1)
        return key

    guard = Protected(lazy=((find, "the requester key file"),))
    writing.write_file(tmp_path / "new.txt", b"x", option="-o", protected=guard)
    assert looked == []
    key.write_bytes(b"k" * 32)
    with pytest.raises(OutputError, match="requester key"):
        writing.write_file(key, b"x", option="-o", protected=guard)
    assert key.read_bytes() == b"k" * 32


def test_a_file_wmhr_did_not_write_is_refused_and_its_own_replaced(tmp_path) -> None:
    mine = tmp_path / "table.wiki"
    writing.write_file(mine, b"one", option="-o", protected=Protected())
    assert writing.read_manifest(tmp_path) == {"table.wiki"}
    writing.write_file(mine, b"two", option="-o", protected=Protected())
    assert mine.read_bytes() == b"two"
    theirs = tmp_path / "notes.txt"
    theirs.write_bytes(b"mine")
    with pytest.raises(OutputError, match="wmhr did not write it"):
        writing.write_file(theirs, b"x", option="-o", protected=Protected())
    assert theirs.read_bytes() == b"mine"


def test_files_that_say_they_are_wmhrs_need_no_list(tmp_path) -> None:
    invite = tmp_path / "asia.ics"
    invite.write_bytes(CALENDAR)
    writing.write_file(invite, CALENDAR + b"\r\n", option="-o", protected=Protected())
    assert not (tmp_path / MANIFEST).exists()  # an invite says it is wmhr's itself
    other = tmp_path / "other.ics"
    other.write_bytes(CALENDAR.replace(b"wmhr", b"acme"))
    with pytest.raises(OutputError, match="did not write"):
        writing.write_file(other, CALENDAR, option="-o", protected=Protected())


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_a_device_is_not_a_file(tmp_path, kind) -> None:
    target = tmp_path / "target"
    target.mkdir() if kind == "folder" else os.mkfifo(target)
    with pytest.raises(OutputError, match=r"folder|not a regular file"):
        writing.write_file(target, b"x", option="-o", protected=Protected())


# -- how a file is replaced -----------------------------------------------------------------------


def test_a_replaced_file_keeps_its_mode_owner_and_group(tmp_path) -> None:
    target = tmp_path / "page.txt"
    writing.write_file(target, b"one", option="-o", protected=Protected())
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    if os.geteuid() == 0:
        os.chown(target, 4321, 8765)
    writing.write_file(target, b"two", option="-o", protected=Protected())
    info = target.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600 and target.read_bytes() == b"two"
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 8765)


def test_unchanged_bytes_leave_the_file_alone(tmp_path) -> None:
    target = tmp_path / "a.ics"
    writing.write_file(target, CALENDAR, option="-o", protected=Protected())
    os.utime(target, ns=(1, 1))
    assert writing.write_file(target, CALENDAR, option="-o", protected=Protected()) is False
    assert target.stat().st_mtime_ns == 1


def test_leftovers_are_removed_unless_a_live_run_holds_them(tmp_path) -> None:
    dead = tmp_path / ".a.ics.0123456789ab.tmp"
    dead.write_bytes(b"half")
    old_style = tmp_path / ".a.ics.k3j_x9zq.tmp"
    old_style.write_bytes(b"half")
    alive = tmp_path / ".a.ics.ba9876543210.tmp"
    alive.write_bytes(b"being written")
    holder = os.open(alive, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    not_ours = tmp_path / ".notes.txt.swp"
    not_ours.write_bytes(b"vim")
    try:
        removed = writing.remove_leftovers(tmp_path)
    finally:
        os.close(holder)
    assert sorted(removed) == sorted([dead.name, old_style.name])
    assert alive.exists() and not_ours.exists()


def test_write_all_reports_a_reader_that_went_away() -> None:
    reader, writer = os.pipe()
    os.close(reader)
    try:
        with pytest.raises(BrokenPipeError):
            writing.write_all(writer, b"x" * 100_000)
    finally:
        os.close(writer)


def test_write_all_writes_every_byte_through_a_small_pipe() -> None:
    import threading

    reader, writer = os.pipe()
    data = os.urandom(1_000_000)  # far more than a pipe holds: os.write returns short counts
    received = bytearray()

    def drain() -> None:
        while chunk := os.read(reader, 7919):
            received.extend(chunk)

    thread = threading.Thread(target=drain)
    thread.start()
    writing.write_all(writer, data)
    os.close(writer)
    thread.join()
    os.close(reader)
    assert bytes(received) == data


def test_rewrite_in_place_keeps_the_inode_and_its_links(tmp_path) -> None:
    path = tmp_path / "sessions.toml"
    path.write_bytes(b"old text, longer than the new one\n")
    os.link(path, tmp_path / "other-name.toml")
    inode = path.stat().st_ino
    kept = tmp_path / ".sessions.toml.before"
    writing.rewrite_in_place(path, path.read_bytes(), b"new\n", keep_old_as=kept)
    assert path.stat().st_ino == inode and (tmp_path / "other-name.toml").read_bytes() == b"new\n"
    assert not kept.exists()


def test_a_fifo_is_never_opened(tmp_path) -> None:
    """Opening a FIFO to read or write blocks until someone opens the other end."""
    os.mkfifo(tmp_path / MANIFEST)
    os.mkfifo(tmp_path / "pipe.ics")
    guard = Protected(lazy=((lambda: tmp_path / "key", "the requester key file"),))
    with pytest.raises(OutputError, match="not a regular file"):
        writing.write_file(tmp_path / "pipe.ics", CALENDAR, option="-o", protected=guard)
    assert writing.read_manifest(tmp_path) == set()
    with pytest.raises(OutputError, match="not a regular file"):  # the list cannot be kept
        writing.write_file(tmp_path / "new.wiki", b"x", option="-o", protected=guard)
