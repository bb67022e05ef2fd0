"""Interpretation requests and demand -> `Output`. No contact is ever here; notes and requester
hashes only when the caller asks for them."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wmhr.controls import printable
from wmhr.output import OutputFormat
from wmhr.output.render import Output, Table, csv_cell, display_width, to_json
from wmhr.requests.records import Added, Imported, ListShape, Rehashed, StoredRequest
from wmhr.requests.threshold import LanguageDemand, SessionDemand

if TYPE_CHECKING:  # only the commands that import load the CSV and mail machinery
    from wmhr.requests.csv_import import RowProblem
    from wmhr.requests.mail_service import MailImport, Outcomes


def _utc(instant: datetime) -> str:
    return f"{instant:%Y-%m-%d %H:%M:%S} UTC"


def _on_time(request: StoredRequest, deadlines: Mapping[str, datetime]) -> bool | None:
    deadline = deadlines.get(request.session)
    return None if deadline is None else request.received <= deadline


def _demand_json(demand: LanguageDemand) -> dict[str, object]:
    return {
        "language": demand.language,
        "variants": list(demand.variants),
        "on_time": demand.on_time,
        "late": demand.late,
        "threshold": demand.threshold,
        "needed": demand.needed,
        "state": demand.state,
    }


def _shown_language(demand: LanguageDemand) -> str:
    """`fr (fr, fr-SN)` when variants were pooled into the language."""
    if not demand.variants or list(demand.variants) == [demand.language]:
        return demand.language
    return f"{demand.language} ({', '.join(demand.variants)})"


def _demand_words(demand: LanguageDemand, session: str, deadline: datetime) -> str:
    if demand.state == "not needed":
        return f"{demand.language} for {session}: the session is held in it; not needed"
    counts = f"{demand.on_time} on-time requester(s) of {demand.threshold} needed"
    late = f", {demand.late} late" if demand.late else ""
    if demand.state == "open":
        return f"{demand.language} for {session}: {counts}{late}; {demand.needed} more by " + _utc(
            deadline
        )
    return f"{demand.language} for {session}: {counts}{late}; {demand.state}"


def _added_title(added: Added, on_time: bool) -> str:
    request = added.request
    if added.new:
        return f"Recorded request #{request.id}"
    if added.was_received is not None:
        return (
            f"Request #{request.id} now received {_utc(request.received)} (was "
            f"{_utc(added.was_received)}), {'on time' if on_time else 'late'}"
        )
    return f"Already recorded as request #{request.id} (the same requester asked before)"


def added_output(added: Added, demand: LanguageDemand, *, deadline: datetime) -> Output:
    request = added.request
    on_time = request.received <= deadline
    title = _added_title(added, on_time)
    table = Table(title=title, headers=["Session", "Language", "Received", "On time", "Deadline"])
    table.rows.append(
        [
            request.session,
            request.language,
            _utc(request.received),
            "yes" if on_time else "no (late)",
            _utc(deadline),
        ]
    )
    table.notes.append(_demand_words(demand, request.session, deadline))
    data = {
        "id": request.id,
        "new": added.new,
        "changed": added.was_received is not None,
        "previous_received": None if added.was_received is None else added.was_received.isoformat(),
        "session": request.session,
        "language": request.language,
        "received": request.received.isoformat(),
        "deadline": deadline.isoformat(),
        "on_time": on_time,
        "interpretation": _demand_json(demand),
    }
    return Output(table, data, [{k: v for k, v in data.items() if k != "interpretation"}])


def imported_output(
    result: Imported, *, path: Path, rows: int, problems: Sequence[RowProblem]
) -> Output:
    headers = ["Valid rows", "Added", "Already recorded", "Skipped"]
    table = Table(title=f"Imported {path}", headers=headers)
    table.rows.append([str(rows), str(result.added), str(result.already_recorded)])
    table.rows[0].append(str(len(problems)))
    if problems:
        table.notes.append(f"Skipped {len(problems)} invalid row(s), listed on stderr.")
    data = {
        "file": str(path),
        "valid_rows": rows,
        "added": result.added,
        "already_recorded": result.already_recorded,
        "skipped": [p.as_json() for p in problems],
    }
    return Output(table, data, [{k: v for k, v in data.items() if k != "skipped"}])


def rehashed_output(result: Rehashed, *, path: Path) -> Output:
    headers = ["Re-keyed", "Merged", "Ambiguous", "Still old rule"]
    table = Table(title=f"Rehashed with the contacts in {path}", headers=headers)
    table.rows.append(
        [str(result.rekeyed), str(result.merged), str(result.ambiguous), str(result.remaining)]
    )
    if result.merged:
        table.notes.append(
            f"{result.merged} request(s) were the same person counted twice, now counted once."
        )
    if result.ambiguous:
        table.notes.append(
            f"{result.ambiguous} old hash(es) may be either of two people (the oldest rule "
            "case-folded, e.g. straße and strasse) and were left as they were."
        )
    table.notes.append(
        f"{result.remaining} request(s) still use the old rule: give the contacts they came from."
        if result.remaining
        else "Every request now uses the current contact rule."
    )
    data = {
        "file": str(path),
        "rekeyed": result.rekeyed,
        "merged": result.merged,
        "ambiguous": result.ambiguous,
        "remaining": result.remaining,
    }
    return Output(table, data, [data])


def _list_headers(*, notes: bool, requesters: bool) -> list[str]:
    headers = ["ID", "Session", "Language", "Received", "On time", "Source"]
    return headers + ["Requester"] * requesters + ["Note"] * notes


def _list_row(
    request: StoredRequest,
    deadlines: Mapping[str, datetime],
    *,
    notes: bool,
    requesters: bool,
) -> tuple[list[str], dict[str, object]]:
    on_time = _on_time(request, deadlines)
    shown = "unknown session" if on_time is None else "yes" if on_time else "late"
    row = [str(request.id), request.session, request.language, _utc(request.received)]
    row += [shown, request.source]
    item: dict[str, object] = {
        "id": request.id,
        "session": request.session,
        "language": request.language,
        "received": request.received.isoformat(),
        "on_time": on_time,
        "source": request.source,
    }
    if requesters:
        row.append(request.requester[:16])
        item["requester"] = request.requester
    if notes:
        row.append(request.note or "")
        item["note"] = request.note
    return row, item


def list_output(
    requests: Sequence[StoredRequest],
    *,
    deadlines: Mapping[str, datetime],
    notes: bool,
    requesters: bool,
) -> Output:
    headers = _list_headers(notes=notes, requesters=requesters)
    table = Table(title="Interpretation requests", headers=headers)
    items = []
    for request in requests:
        row, item = _list_row(request, deadlines, notes=notes, requesters=requesters)
        table.rows.append(row)
        items.append(item)
    table.notes.append(f"{len(requests)} request(s).")
    return Output(table, {"requests": items}, items)


def stream_list(
    requests: Iterable[StoredRequest],
    shape: ListShape,
    *,
    fmt: OutputFormat,
    deadlines: Mapping[str, datetime],
    notes: bool,
    requesters: bool,
) -> Iterator[str]:
    """`list_output` rendered as the rows come, byte for byte the same (plain text, JSON or
    CSV), so that a million requests never sit in memory at once: pieces of text for
    `render.write_all`."""
    rows = (_list_row(r, deadlines, notes=notes, requesters=requesters) for r in requests)
    if fmt is OutputFormat.JSON:
        return _stream_json(rows)
    if fmt is OutputFormat.CSV:
        return _stream_csv(rows)
    return _stream_plain(rows, shape, notes=notes, requesters=requesters)


def _stream_json(rows: Iterator[tuple[list[str], dict[str, object]]]) -> Iterator[str]:
    first = next(rows, None)
    if first is None:
        yield to_json({"requests": []})
        return
    yield '{\n  "requests": [\n'
    for index, (_, item) in enumerate(itertools.chain([first], rows)):
        text = to_json(item).rstrip("\n").replace("\n", "\n    ")
        yield ("    " if index == 0 else ",\n    ") + text
    yield "\n  ]\n}\n"


def _stream_csv(rows: Iterator[tuple[list[str], dict[str, object]]]) -> Iterator[str]:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    headers: list[str] | None = None
    for _, item in rows:
        if headers is None:
            headers = list(item)
            writer.writerow([csv_cell(h) for h in headers])
        writer.writerow([csv_cell(item.get(h)) for h in headers])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _stream_plain(
    rows: Iterator[tuple[list[str], dict[str, object]]],
    shape: ListShape,
    *,
    notes: bool,
    requesters: bool,
) -> Iterator[str]:
    headers = _list_headers(notes=notes, requesters=requesters)
    received = len("2022-01-01 00:00:00 UTC")
    on_time = len("unknown session") if shape.unknown_sessions else len("late")
    widths = [shape.id_width, shape.session_width, shape.language_width, received, on_time]
    widths += [len("import")] + [16] * requesters + [0] * notes
    widths = [max(w, display_width(h)) for w, h in zip(widths, headers, strict=True)]

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip() + "\n"

    yield "Interpretation requests\n" + line(headers)
    count = 0
    for row, _ in rows:
        yield line([printable(cell) for cell in row])
        count += 1
    yield f"{count} request(s).\n"


def removed_output(request_id: int, request: StoredRequest | None) -> Output:
    """`request` is None when the row was damaged: it is removed, but there is nothing to show."""
    table = Table(
        title=f"Removed request #{request_id}", headers=["Session", "Language", "Received"]
    )
    data: dict[str, object] = {"id": request_id, "session": None, "language": None}
    data |= {"received": None, "removed": True}
    if request is None:
        table.notes.append("It was damaged, so its details cannot be shown.")
    else:
        table.rows.append([request.session, request.language, _utc(request.received)])
        data |= {
            "session": request.session,
            "language": request.language,
            "received": request.received.isoformat(),
        }
    return Output(table, data, [data])


def interpretation_output(
    demands: Sequence[SessionDemand], *, now: datetime, threshold: int
) -> Output:
    headers = ["Session", "Language", "On time", "Late", "Needed", "State", "Deadline"]
    table = Table(title=f"Interpretation at {_utc(now)}", headers=headers)
    sessions, records = [], []
    for demand in demands:
        session = demand.session
        deadline = demand.deadline.instant
        if demand.cancelled:
            table.dimmed.update(range(len(table.rows), len(table.rows) + len(demand.languages)))
            table.dimmed.add(len(table.rows))
        if not demand.languages:
            state = "cancelled" if demand.cancelled else "no requests"
            table.rows.append([session.id, "-", "0", "0", "-", state, _utc(deadline)])
        for language in demand.languages:
            needed = f"{language.needed} by {_utc(deadline)}" if language.state == "open" else "-"
            if language.state == "confirmed":
                table.highlight.add(len(table.rows))
            table.rows.append(
                [
                    session.id,
                    _shown_language(language),
                    str(language.on_time),
                    str(language.late),
                    needed,
                    language.state,
                    _utc(deadline),
                ]
            )
            records.append(
                {"session": session.id, "deadline": deadline.isoformat(), **_demand_json(language)}
            )
        sessions.append(
            {
                "session": session.id,
                "language": session.language,
                "deadline": deadline.isoformat(),
                "accepting": demand.accepting,
                "cancelled": demand.cancelled,
                "languages": [_demand_json(language) for language in demand.languages],
            }
        )
    table.notes.append(
        f"Threshold: {threshold} distinct requesters who asked by the deadline (inclusive); "
        "late requesters are counted but never confirm a language."
    )
    data = {"now": now.isoformat(), "threshold": threshold, "sessions": sessions}
    return Output(table, data, records)


def mail_import_output(result: MailImport, *, source: str) -> Output:
    """What `requests import-mail` recorded (or would) and what it left for triage: references,
    sessions, languages and times only, never an address, subject or body."""
    plan = result.plan
    new = set(result.recorded.new_messages) if result.recorded else set()
    moved = set(result.recorded.moved_earlier) if result.recorded else set()
    verb = "Would import" if result.dry_run else "Imported"
    headers = ["Message", "Session", "Languages", "Received", "On time", "Result"]
    table = Table(title=f"{verb} {source}", headers=headers, wrap={5})
    items: list[dict[str, object]] = []
    for request in plan.requests:
        known = request.message in result.known or (result.recorded and request.message not in new)
        outcome = "already recorded" if known else "would record" if result.dry_run else "recorded"
        if request.message in moved:
            outcome = "already recorded; received earlier than recorded, so moved to this time"
        table.rows.append(
            [
                request.reference,
                request.session,
                ", ".join(request.languages),
                _utc(request.received),
                "yes" if request.on_time else "no (late)",
                outcome if request.basis != "date-header" else f"{outcome} (sender's Date:)",
            ]
        )
        items.append(
            {
                "reference": request.reference,
                "message": request.message[:16],
                "session": request.session,
                "languages": list(request.languages),
                "received": request.received.isoformat(),
                "received_from": request.basis,
                "on_time": request.on_time,
                "result": outcome,
                "reason": None,
                "duplicate_of": None,
            }
        )
    for triaged in plan.triage:
        table.dimmed.add(len(table.rows))
        table.rows.append([triaged.reference, "-", "-", "-", "-", f"triage: {triaged.reason}"])
        items.append(
            {
                "reference": triaged.reference,
                "message": triaged.message[:16],
                "session": None,
                "languages": [],
                "received": None,
                "received_from": None,
                "on_time": None,
                "result": "triage",
                "reason": triaged.reason,
                "duplicate_of": None,
            }
        )
    for copy in plan.duplicates:
        table.dimmed.add(len(table.rows))
        received = _utc(copy.received) if copy.received else "-"
        table.rows.append([copy.reference, "-", "-", received, "-", f"duplicate of {copy.of}"])
        items.append(
            {
                "reference": copy.reference,
                "message": copy.message[:16],
                "session": None,
                "languages": [],
                "received": copy.received.isoformat() if copy.received else None,
                "received_from": None,
                "on_time": None,
                "result": "duplicate",
                "reason": f"duplicate of {copy.of}",
                "duplicate_of": copy.of,
            }
        )
    summary = _mail_summary(result)
    table.notes.append(
        f"{plan.read} message(s) read; {len(plan.requests)} request message(s), "
        f"{len(plan.triage)} for triage"
        + (f", {len(plan.duplicates)} duplicate(s)" if plan.duplicates else "")
        + (f", {plan.skipped_before} before --since" if plan.skipped_before else "")
        + "."
    )
    if result.recorded is not None:
        table.notes.append(
            f"Added {result.recorded.added} request(s); {result.recorded.already_recorded} were "
            "already recorded for the same person, session and language."
        )
    if result.drafts:
        table.notes.append(f"Drafted {len(result.drafts)} reply(ies) in {result.drafts[0]}.")
    data = {"source": source, "dry_run": result.dry_run, **summary, "messages": items}
    return Output(table, data, [_mail_csv_row(item) for item in items])


def _mail_csv_row(item: dict[str, object]) -> dict[str, object]:
    """A CSV cell holds text: the tags space-separated, as other CSV cells list codes (`zones`
    in `wmhr coverage --csv`), and empty when there are none."""
    languages = item["languages"]
    assert isinstance(languages, list)
    return {**item, "languages": " ".join(languages)}


def _mail_summary(result: MailImport) -> dict[str, object]:
    plan = result.plan
    recorded = result.recorded
    return {
        "read": plan.read,
        "request_messages": len(plan.requests),
        "triage": len(plan.triage),
        "duplicates": len(plan.duplicates),
        "before_since": plan.skipped_before,
        "new_messages": len(recorded.new_messages) if recorded else None,
        "added": recorded.added if recorded else None,
        "moved_earlier": len(recorded.moved_earlier) if recorded else None,
        "already_recorded": recorded.already_recorded if recorded else None,
        "drafts": len(result.drafts),
    }


def outcome_output(result: Outcomes) -> Output:
    headers = ["Session", "Requesters", "Drafted", "Drafted before", "Not in the mailbox"]
    table = Table(title=f"Outcome replies for {result.session}", headers=headers)
    row = [result.session, str(result.requesters), str(len(result.drafts))]
    table.rows.append([*row, str(result.already), str(result.missing)])
    if result.drafts:
        table.notes.append(f"Drafts are in {result.drafts[0]}; read and send them yourself.")
    data = {
        "session": result.session,
        "requesters": result.requesters,
        "drafted": len(result.drafts),
        "drafted_before": result.already,
        "missing": result.missing,
    }
    return Output(table, data, [data])
