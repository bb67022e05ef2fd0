"""Core results -> `Output`: the table people read and the JSON scripts rely on."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from wmhr.output.render import Output, Table
from wmhr.time.convert import ZoneTime, clock_text, format_offset, short_time
from wmhr.time.zones import place_name

if TYPE_CHECKING:
    from wmhr.schedule.check import Finding
    from wmhr.schedule.timetable import Timetable


def timetable_output(
    timetable: Timetable, *, now: datetime, tzdata: str, notes: list[str]
) -> Output:
    headers = ["Session", "Region", "Language", "Date (UTC)", "UTC", "Anchor city local time"]
    headers += [column.header for column in timetable.columns]
    table = Table(title="Human Rights Policy Community Conversations", headers=headers, wrap={1, 5})
    sessions = []
    for index, row in enumerate(timetable.rows):
        session = row.session
        region = session.region + (" (cancelled)" if session.cancelled else "")
        table.rows.append(
            [
                session.id,
                region,
                session.language,
                f"{session.start:%a %d %b %Y}",
                f"{session.start:%H:%M}",
                f"{short_time(row.anchor)} {session.anchor_city}",
                *(short_time(zone_time) for zone_time in row.columns),
            ]
        )
        if session.cancelled:
            table.dimmed.add(index)
        if session.id == timetable.next_session:
            table.highlight.add(index)
        sessions.append(
            {
                "id": session.id,
                "region": session.region,
                "language": session.language,
                "status": session.status,
                "state": row.state,
                "start": session.start.isoformat(),
                "end": session.end.isoformat(),
                "duration_minutes": session.duration_minutes,
                "anchor": {"city": session.anchor_city, **row.anchor.as_json()},
                "zones": [
                    {
                        "typed": column.typed,
                        "zones": [z.key for z in column.zones],
                        **zone_time.as_json(),
                    }
                    for column, zone_time in zip(timetable.columns, row.columns, strict=True)
                ],
            }
        )
    table.notes.append(
        "Times are computed from tzdata; +1/-1 marks a local date after/before UTC's."
    )
    table.notes.extend(notes)
    data = {
        "now": now.isoformat(),
        "tzdata": tzdata,
        "next_session": timetable.next_session,
        "sessions": sessions,
    }
    records = [_flat_session(s) for s in sessions]
    return Output(table, data, records)


def _flat_session(session: dict[str, object]) -> dict[str, object]:
    anchor = session["anchor"]
    assert isinstance(anchor, dict)
    flat = {
        key: session[key]
        for key in (
            "id",
            "region",
            "language",
            "status",
            "state",
            "start",
            "end",
            "duration_minutes",
        )
    }
    flat |= {
        "anchor_city": anchor["city"],
        "anchor_zone": anchor["zone"],
        "anchor_local": anchor["local"],
    }
    zones = session["zones"]
    assert isinstance(zones, list)
    for zone in zones:
        flat[f"local_{zone['zone']}"] = zone["local"]
    return flat


def conversion_output(
    instant: datetime, label: str, times: list[ZoneTime], notes: list[str]
) -> Output:
    table = Table(
        title=f"{label} = {instant:%Y-%m-%dT%H:%M:%SZ}",
        headers=["Zone", "Local time", "Abbreviation", "UTC offset", "Day"],
    )
    for zone_time in times:
        table.rows.append(
            [
                place_name(zone_time.zone),
                f"{zone_time.local:%a %Y-%m-%d} {clock_text(zone_time.local)}",
                zone_time.abbreviation,
                format_offset(zone_time.utc_offset),
                f"{zone_time.day_shift:+d}" if zone_time.day_shift else "",
            ]
        )
    table.notes.extend(notes)
    data = {"instant": instant.isoformat(), "input": label, "zones": [t.as_json() for t in times]}
    records = [{"instant": instant.isoformat(), **t.as_json()} for t in times]
    return Output(table, data, records)


def findings_output(findings: list[Finding], *, now: datetime, source: str) -> Output:
    table = Table(title=f"Checked {source}", headers=["Level", "Session", "Finding"], wrap={2})
    for finding in findings:
        table.rows.append([finding.level, finding.session or "-", finding.message])
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    table.notes.append(f"{errors} error(s), {warnings} warning(s)")
    table.highlight = {i for i, f in enumerate(findings) if f.level == "error"}
    data = {
        "now": now.isoformat(),
        "source": source,
        "ok": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "findings": [f.as_json() for f in findings],
    }
    records = [{**f.as_json(), "details": "; ".join(f.details)} for f in findings]
    return Output(table, data, records)
