"""`wmhr ics --dry-run` -> `Output`: what a run would change, event by event and file by file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from wmhr.output.render import Output, Table

if TYPE_CHECKING:
    from wmhr.invites.planner import Outcome

CHANGES: tuple[str, ...] = ("new", "changed", "cancelled", "unchanged")


def dry_run_output(
    outcomes: Sequence[Outcome],
    files: Sequence[tuple[str, str]],
    *,
    target: str,
    database: str | None,
) -> Output:
    """`files`: (name, "new" | "replaced" | "unchanged") for each file the run would write."""
    headers = ["Session", "Event", "Change", "SEQUENCE", "Status", "Start (UTC)"]
    table = Table(title="wmhr ics --dry-run: nothing was written", headers=headers)
    for index, outcome in enumerate(outcomes):
        before = outcome.previous_sequence
        sequence = (
            str(outcome.sequence)
            if before in (None, outcome.sequence)
            else (f"{before} -> {outcome.sequence}")
        )
        table.rows.append(
            [
                outcome.session_id,
                "invite" if outcome.kind == "session" else "request deadline",
                outcome.change,
                sequence,
                outcome.status,
                f"{outcome.start:%a %d %b %Y %H:%M}",
            ]
        )
        if outcome.change != "unchanged":
            table.highlight.add(index)
    counts: Counter[str] = Counter(o.change for o in outcomes)
    file_counts = Counter(change for _, change in files)
    table.notes.append(
        f"{len(outcomes)} event(s): " + ", ".join(f"{counts[c]} {c}" for c in CHANGES) + "."
    )
    table.notes.append(
        f"Would write {target}: {len(files)} file(s), {file_counts['new']} new, "
        f"{file_counts['replaced']} replaced, {file_counts['unchanged']} already identical."
    )
    table.notes.append(
        f"Issued state read from {database}." if database else "No issued state (no database)."
    )
    data = {
        "dry_run": True,
        "target": target,
        "database": database,
        "counts": {c: counts[c] for c in CHANGES},
        "events": [
            {
                "uid": o.uid,
                "session": o.session_id,
                "kind": o.kind,
                "change": o.change,
                "sequence": o.sequence,
                "previous_sequence": o.previous_sequence,
                "status": o.status,
                "start": o.start.isoformat(),
            }
            for o in outcomes
        ],
        "files": [{"name": name, "change": change} for name, change in files],
    }
    return Output(table=table, data=data)
