"""The schedule as the page's table, in the anchor zones and in any zones a viewer asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from wmhr.schedule.model import Schedule, Session
from wmhr.time.convert import ZoneTime, in_zone
from wmhr.time.zones import Zone, place_name

SessionState = Literal["upcoming", "in progress", "over", "cancelled"]


@dataclass(frozen=True)
class ZoneColumn:
    """One extra column: the zones a viewer typed that share every session's local time."""

    typed: str
    zones: tuple[Zone, ...]

    @property
    def header(self) -> str:
        first = self.zones[0].key
        more = f" and {len(self.zones) - 1} more" if len(self.zones) > 1 else ""
        prefix = f"{self.typed}: " if self.typed.lower() != first.lower() else ""
        return f"{prefix}{place_name(first)}{more}"


@dataclass(frozen=True)
class TimetableRow:
    session: Session
    anchor: ZoneTime
    state: SessionState
    columns: tuple[ZoneTime, ...]


@dataclass(frozen=True)
class Timetable:
    rows: tuple[TimetableRow, ...]
    columns: tuple[ZoneColumn, ...]
    next_session: str | None


def zone_columns(schedule: Schedule, requested: list[tuple[str, list[Zone]]]) -> list[ZoneColumn]:
    """A column per distinct set of local times: a country's zones that agree share one."""
    columns: list[ZoneColumn] = []
    for typed, zones in requested:
        groups: dict[tuple[object, ...], list[Zone]] = {}
        for zone in zones:
            signature = tuple(s.start.astimezone(zone.tz).utcoffset() for s in schedule)
            groups.setdefault(signature, []).append(zone)
        columns.extend(ZoneColumn(typed, tuple(group)) for group in groups.values())
    return columns


def session_state(session: Session, now: datetime) -> SessionState:
    if session.cancelled:
        return "cancelled"
    if now < session.start:
        return "upcoming"
    return "in progress" if now < session.end else "over"


def build(
    schedule: Schedule, *, now: datetime, requested: list[tuple[str, list[Zone]]]
) -> Timetable:
    columns = tuple(zone_columns(schedule, requested))
    rows = []
    for session in sorted(schedule, key=lambda s: s.start):
        anchor = in_zone(session.start, Zone(session.zone.key, session.zone))
        extra = tuple(in_zone(session.start, column.zones[0]) for column in columns)
        rows.append(TimetableRow(session, anchor, session_state(session, now), extra))
    upcoming = [r.session.id for r in rows if r.state in ("upcoming", "in progress")]
    return Timetable(tuple(rows), columns, upcoming[0] if upcoming else None)
