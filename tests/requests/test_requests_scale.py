"""`requests list` streams its rows: the same bytes as the whole table rendered at once, in plain
text, JSON and CSV (benchmarks/bench_requests.py measures the memory at a million requests)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from wmhr.output import OutputFormat, render, request_views
from wmhr.requests import records
from wmhr.requests.threshold import deadlines_by_session
from wmhr.schedule.model import load

NOW = "2022-05-20T00:00Z"


@pytest.mark.parametrize("fmt", [OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV])
@pytest.mark.parametrize(("notes", "requesters"), [(False, False), (True, True), (True, False)])
def test_streamed_list_is_the_table_rendered_whole(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, fmt: OutputFormat, notes: bool, requesters: bool
) -> None:
    for number, (session, language) in enumerate(
        [("latam", "zh-Hant-TW"), ("asia", "fr"), ("cee", "uk"), ("asia", "fr-SN")] * 3
    ):
        note = ["--note", f"needs \u202e{number}"] if number % 2 else []
        result = run("requests", "add", session, language, "--from", f"p{number}@example.org",
                     "--at", f"2022-04-{10 + number}T10:00Z", "--now", NOW, *note)  # fmt: skip
        assert result.exit_code == 0, result.stderr
    schedule = load(None)
    deadlines = deadlines_by_session(schedule)
    deadlines.pop("cee")  # a session the schedule no longer has: "unknown session", wider
    path = tmp_path / "wmhr.db"
    conn = records.open_to_read(path)
    assert conn is not None
    whole = io.StringIO()
    streamed = io.StringIO()
    rows = records.list_requests(conn, path)
    output = request_views.list_output(
        rows, deadlines=deadlines, notes=notes, requesters=requesters
    )
    if fmt is OutputFormat.TABLE:
        whole.write(render.to_plain(output.table))
    else:
        render.emit(output, fmt, whole)
    shape = records.list_shape(conn, path, None, deadlines)
    pieces = request_views.stream_list(
        records.iter_requests(conn, path), shape, fmt=fmt, deadlines=deadlines,
        notes=notes, requesters=requesters,
    )  # fmt: skip
    render.write_all(streamed, pieces)
    conn.close()
    assert streamed.getvalue() == whole.getvalue()
