"""The one writer's rule for a reader that went away (EPIPE), tested in process on a real pipe:
a report stops rendering and is no error; output whose delivery is recorded is an OutputError."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator

import pytest

from wmhr import writing
from wmhr.output import render


@contextlib.contextmanager
def gone_reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Standard output is a pipe whose reader has closed it (set in the test itself: pytest's
    capture puts its own standard output back between a fixture and the test)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    stream = io.TextIOWrapper(io.BufferedWriter(io.FileIO(write_end, "w")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stream)
    try:
        yield
    finally:
        monkeypatch.undo()
        stream.close()  # flushes into /dev/null, where the writer pointed the descriptor


def test_a_report_stops_rendering_once_its_reader_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = []

    def pieces() -> Iterator[str]:
        for n in range(1000):
            rendered.append(n)
            yield f"row {n}\n"

    with gone_reader(monkeypatch):
        render.write_all(sys.stdout, pieces())  # no error
    assert rendered == [0]


def test_output_whose_delivery_is_recorded_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = r"not delivered whole \(Broken pipe\); nothing was recorded"
    with gone_reader(monkeypatch), pytest.raises(writing.OutputError, match=expected):
        writing.write_stdout(b"BEGIN:VCALENDAR\r\n", recorded=True)


def test_a_full_disk_is_still_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    full = io.FileIO(os.open("/dev/full", os.O_WRONLY), "w")
    stream = io.TextIOWrapper(io.BufferedWriter(full), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stream)
    with pytest.raises(writing.OutputError, match="No space left"):
        render.write_all(sys.stdout, iter(["row\n"]))
    monkeypatch.undo()
    stream.close()
