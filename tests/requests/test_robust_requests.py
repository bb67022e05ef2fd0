"""The requests commands fail in one line, leave nothing behind when they fail, and never hang on
a file that is not a regular file."""

from __future__ import annotations

import os
from pathlib import Path

NOW = "2022-05-01T00:00Z"


def add(run, *extra: str, contact: str = "ana@example.org"):  # type: ignore[no-untyped-def]
    return run("requests", "add", "asia", "es", "--from", contact, "--now", NOW, *extra)


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wmhr: error: "), result.stderr
    return str(lines[0])


def test_a_dangling_key_link_is_refused_and_nothing_is_created(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    link = tmp_path / "key-link"
    link.symlink_to(tmp_path / "missing" / "requests.key")
    line = one_error_line(add(run, "--key", str(link), "--db", str(tmp_path / "new.db")))
    assert "a symbolic link to a missing file" in line
    assert not (tmp_path / "new.db").exists() and not (tmp_path / "missing").exists()


def test_an_empty_key_file_is_refused_and_no_database_is_left(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = tmp_path / "empty.key"
    key.touch(mode=0o600)
    line = one_error_line(add(run, "--key", str(key), "--db", str(tmp_path / "new.db")))
    assert "not a wmhr requester key" in line
    assert not (tmp_path / "new.db").exists()


def test_a_fifo_key_or_import_file_is_refused_without_waiting(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    assert "not a regular file" in one_error_line(add(run, "--key", str(fifo)))
    assert "not a regular file" in one_error_line(run("requests", "import", str(fifo)))
    assert "not a regular file" in one_error_line(run("requests", "import", "/dev/zero"))


def test_the_first_add_says_where_it_made_the_key_once(run, key_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = add(run)
    assert first.exit_code == 0
    assert f"wmhr: note: created the requester key {key_path}" in first.stderr
    assert "back it up" in first.stderr
    second = add(run, contact="bruno@example.org")
    assert second.exit_code == 0 and second.stderr == ""


def test_a_bad_contact_creates_no_key(run, key_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "empty contact" in one_error_line(add(run, contact="  "))
    assert not key_path.exists()


def test_removing_an_id_beyond_sqlite_integers_is_no_such_request(run) -> None:  # type: ignore[no-untyped-def]
    assert add(run).exit_code == 0
    for huge in ("9223372036854775808", "-9223372036854775809", "9" * 40):
        assert "no request #" in one_error_line(run("requests", "remove", "--", huge))
