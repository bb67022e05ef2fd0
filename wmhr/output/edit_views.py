"""An edit of sessions.toml -> `Output`: what changed, before and after, and what to do next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from wmhr.output.render import Output, Table
from wmhr.time.convert import in_zone
from wmhr.time.zones import Zone

if TYPE_CHECKING:
    from wmhr.schedule.check import Finding
    from wmhr.schedule.edit import Edit
    from wmhr.schedule.model import Session

DONE = {"reschedule": "Rescheduled", "cancel": "Cancelled", "restore": "Restored"}


def utc_cell(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M} UTC"


def local_cell(moment: datetime, session: Session) -> str:
    local = in_zone(moment, Zone(session.zone.key, session.zone))
    return f"{local.local:%a %d %b %Y %H:%M} {local.abbreviation}"


def unchanged_message(edit: Edit) -> str:
    session = edit.before
    if edit.action == "cancel":
        return f"{session.id} is already cancelled; {edit.source} is unchanged"
    if edit.action == "restore":
        return f"{session.id} is not cancelled ({session.status}); {edit.source} is unchanged"
    published = " and its published times match" if _has_published(session) else ""
    return (
        f"{session.id} already starts {session.start:%Y-%m-%dT%H:%MZ} "
        f"({local_cell(session.start, session)} in {session.anchor_city}){published}; "
        f"{edit.source} is unchanged"
    )


def _has_published(session: Session) -> bool:
    return session.published_utc is not None or session.published_local is not None


def edit_output(edit: Edit, findings: Sequence[Finding]) -> Output:
    before, after = edit.before, edit.after
    title = f"{DONE[edit.action]} {after.id} in {edit.source}"
    if not edit.changed:
        title = unchanged_message(edit)
    table = Table(title=title, headers=["Field", "Before", "After"])
    changed = edit.changed_fields
    if "start" in changed:
        table.rows.append(["start (UTC)", utc_cell(before.start), utc_cell(after.start)])
        table.rows.append(
            [
                f"{after.anchor_city} ({after.zone.key})",
                local_cell(before.start, before),
                local_cell(after.start, after),
            ]
        )
    for field in ("status", "published_utc", "published_local"):
        if field in changed:
            table.rows.append([field, getattr(before, field) or "-", getattr(after, field) or "-"])
    table.notes.extend(next_steps(edit))
    data = {
        "action": edit.action,
        "file": edit.source,
        "session": after.id,
        "changed": edit.changed,
        "changes": list(changed),
        "before": snapshot(before),
        "after": snapshot(after),
        "findings": [f.as_json() for f in findings],
    }
    return Output(table, data)


def snapshot(session: Session) -> dict[str, object]:
    return {
        "start": session.start.isoformat(),
        "zone": session.zone.key,
        "local": session.local_start.isoformat(),
        "status": session.status,
        "published_utc": session.published_utc,
        "published_local": session.published_local,
    }


def next_steps(edit: Edit) -> list[str]:
    if not edit.changed:
        return []
    after = edit.after
    steps = []
    published = [
        f'"{text}" ({where})'
        for text, where in (
            (after.published_utc, "UTC"),
            (after.published_local, after.anchor_city),
        )
        if text and edit.action == "reschedule"
    ]
    if published:
        steps.append(f"Change the series page to show {' and '.join(published)}.")
    if edit.action == "reschedule" and after.cancelled:
        steps.append(f"{after.id} stays cancelled; `wmhr restore {after.id}` holds it again.")
    if edit.action == "cancel":
        steps.append("Mark the session cancelled on the series page.")
    run = "Then run" if steps else "Run"
    steps.append(
        f"{run} `wmhr ics` and publish the invites, so that calendars update; "
        "`wmhr check` shows what is left to do."
    )
    return steps
