"""Deadlines -> `Output`: the table people read and the JSON scripts rely on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from wmhr.output.render import Output, Table
from wmhr.schedule.deadlines import Deadline, next_to_fall, time_left_words
from wmhr.time.convert import ZoneTime, in_zone
from wmhr.time.zones import ANYWHERE_ON_EARTH, Zone, place_name


def cell(zone_time: ZoneTime) -> str:
    """`Thu 28 Apr 19:00 -04`: a deadline's wall time, with the day because deadlines span weeks."""
    return f"{zone_time.local:%a %d %b %Y %H:%M} {zone_time.abbreviation}"


def where_set(deadline: Deadline, anchor: ZoneTime) -> str:
    """`Thu 28 Apr 2022 19:00 UTC-04:00 America/Santiago`: the wall time where it is defined."""
    key = deadline.zone.key
    if key == ANYWHERE_ON_EARTH:
        return f"{cell(anchor)} Anywhere on Earth"
    name = place_name(key)
    return cell(anchor) if name.startswith("UTC") else f"{cell(anchor)} {name}"


def _anchor(deadline: Deadline) -> ZoneTime:
    return in_zone(deadline.instant, Zone(deadline.zone.key, deadline.zone))


def deadlines_output(
    deadlines: Sequence[Deadline],
    *,
    now: datetime,
    zones: list[Zone],
    within: timedelta | None = None,
    notes: Sequence[str] = (),
) -> Output:
    headers = ["Deadline", "UTC", "Where it is set", *(place_name(z.key) for z in zones), "Left"]
    title = f"Deadlines at {now:%Y-%m-%d %H:%M:%S} UTC"
    if within is not None:
        title = f"Deadlines due within {window_words(within, now)}"
    # A narrow terminal leaves out where each deadline is set, then UTC when the viewer gave zones.
    table = Table(title=title, headers=headers, wrap={0}, optional=[2, 1] if zones else [2])
    upcoming = next_to_fall(deadlines, now)
    if upcoming is not None:
        table.highlight.add(upcoming)
    items, records = [], []
    for index, deadline in enumerate(deadlines):
        anchor = _anchor(deadline)
        viewer = [in_zone(deadline.instant, zone) for zone in zones]
        state = deadline.state(now)
        left = deadline.seconds_left(now)
        words = time_left_words(left) if state == "open" else ""
        table.rows.append(
            [
                deadline.label,
                f"{deadline.instant:%a %d %b %Y %H:%M}",
                where_set(deadline, anchor),
                *(cell(t) for t in viewer),
                words or state,
            ]
        )
        if deadline.cancelled:
            table.dimmed.add(index)
        item = {
            "kind": deadline.kind,
            "session": deadline.session,
            "label": deadline.label,
            "instant": deadline.instant.isoformat(),
            "inclusive": deadline.inclusive,
            "zone": deadline.zone.key,
            "local": anchor.local.isoformat(),
            "zones": [t.as_json() for t in viewer],
            "state": state,
            "open": state == "open",
            "seconds_left": left,
            "time_left": words or None,
        }
        items.append(item)
        flat = {k: v for k, v in item.items() if k != "zones"}
        flat |= {f"local_{t.zone}": t.local.isoformat() for t in viewer}
        records.append(flat)
    table.notes.append(
        "Interpretation requests count up to and including their deadline; a session's start and "
        "the survey's close are exclusive ends."
    )
    if upcoming is not None:
        table.notes.append(f"Next to fall: {deadlines[upcoming].label}.")
    table.notes.extend(notes)
    for session in dict.fromkeys(d.session for d in deadlines if d.cancelled and d.session):
        table.notes.append(f"{session} is cancelled: its deadlines no longer apply.")
    nxt = deadlines[upcoming].label if upcoming is not None else None
    data: dict[str, object] = {"now": now.isoformat(), "next": nxt, "deadlines": items}
    if within is not None:
        data |= {"within_seconds": int(within.total_seconds()), "until": (now + within).isoformat()}
    return Output(table, data, records)


def window_words(within: timedelta, now: datetime) -> str:
    """`2 days of 2022-05-01 00:00:00 UTC (by 2022-05-03 00:00:00 UTC)`."""
    span = time_left_words(int(within.total_seconds()))
    return f"{span} of {now:%Y-%m-%d %H:%M:%S} UTC (by {now + within:%Y-%m-%d %H:%M:%S} UTC)"


def deadline_output(deadline: Deadline, *, now: datetime) -> Output:
    """One session's interpretation deadline: the contract `wmhr deadline --json` promises."""
    anchor = _anchor(deadline)
    state = deadline.state(now)
    left = deadline.seconds_left(now)
    table = Table(
        title=f"Interpretation requests for {deadline.session}",
        headers=["Session", "Deadline (UTC)", "Where it is set", "State", "Left"],
    )
    table.rows.append(
        [
            deadline.session or "",
            f"{deadline.instant:%a %d %b %Y %H:%M:%S}",
            where_set(deadline, anchor),
            state,
            time_left_words(left) if state == "open" else "-",
        ]
    )
    data = {
        "session": deadline.session,
        "deadline": deadline.instant.isoformat(),
        "now": now.isoformat(),
        "open": state == "open",
        "state": state,
        # Why requests are no longer accepted (exit status 1): "cancelled" or "passed".
        "reason": None if state == "open" else "cancelled" if state == "cancelled" else "passed",
        "seconds_left": left,
    }
    if state == "cancelled":
        table.notes.append(f"{deadline.session} is cancelled: it accepts no requests.")
    return Output(table, data, [data])
