"""Interpretation requests and demand -> `Output`. No contact is ever here; notes and requester
hashes only when the caller asks for them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from wmhr.output.render import Output, Table
from wmhr.requests.csv_import import RowProblem
from wmhr.requests.records import Added, Imported, Rehashed, StoredRequest
from wmhr.requests.threshold import LanguageDemand, SessionDemand


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
            f"{result.ambiguous} old hash(es) fit two of the given contacts (the old rule "
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


def list_output(
    requests: Sequence[StoredRequest],
    *,
    deadlines: Mapping[str, datetime],
    notes: bool,
    requesters: bool,
) -> Output:
    headers = ["ID", "Session", "Language", "Received", "On time", "Source"]
    headers += ["Requester"] * requesters + ["Note"] * notes
    table = Table(title="Interpretation requests", headers=headers)
    items = []
    for request in requests:
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
        table.rows.append(row)
        items.append(item)
    table.notes.append(f"{len(requests)} request(s).")
    return Output(table, {"requests": items}, items)


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
