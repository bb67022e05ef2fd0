"""Coverage and plans -> `Output`: the table people read and the JSON scripts rely on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from wmhr.output.render import Output, Table
from wmhr.time.convert import day_marker, format_offset
from wmhr.time.zones import place_name

if TYPE_CHECKING:
    from wmhr.planning.countries import Country
    from wmhr.planning.coverage import Coverage
    from wmhr.planning.places import Place
    from wmhr.planning.plan import Absent, Candidate, Pair, PairSlot, Plan

TIMES_NOTE = "Local dates: +1/-1 marks a date after/before the UTC date."


def _day(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"


def _utc(moment: datetime) -> str:
    return f"{_day(moment)} {moment:%Y %H:%M}Z"


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _zones_cell(place: Place) -> str:
    more = len(place.zones) - 1
    return place_name(place.zones[0]) + (f" (+{more} more)" if more else "")


def _marks(place: Place) -> list[str]:
    marks = []
    if place.holidays is None:
        marks.append("no holiday data")
    elif place.holidays:
        marks.append(f"holiday: {' and '.join(place.holidays)}")
    if place.weekend:
        marks.append("weekend")
    return marks


def _place_json(place: Place) -> dict[str, object]:
    offset = place.local_start.utcoffset() or timedelta(0)
    return {
        "zones": list(place.zones),
        "local_start": place.local_start.isoformat(),
        "local_end": place.local_end.isoformat(),
        "utc_offset": format_offset(offset),
        "weekday": f"{place.local_start:%a}",
        "day_shift": place.day_shift,
        "band": place.band,
        "inside_window": place.inside,
        "minutes_outside": place.minutes_outside,
        "holidays": None if place.holidays is None else list(place.holidays),
        "weekend": place.weekend,
    }


# -- coverage -----------------------------------------------------------------------------------


def coverage_output(cov: Coverage, *, tzdata: str, holidays_version: str) -> Output:
    session = cov.session
    table = Table(
        title=f"{session.id} ({session.region}) at {_utc(session.start)}: "
        f"{len(cov.countries)} countries of {'; '.join(session.regions)}, "
        f"window {cov.window.label}",
        headers=["Country", "Zone", "Local time", "Day", "Band", "Marks"],
    )
    records = []
    for index, place in enumerate(cov.places):
        table.rows.append(
            [
                f"{place.country.name} ({place.country.code})",
                _zones_cell(place),
                f"{_day(place.local_start)} {place.local_start:%H:%M}-{place.local_end:%H:%M}",
                day_marker(place.day_shift),
                place.band,
                ", ".join(_marks(place)),
            ]
        )
        if not place.inside:
            table.highlight.add(index)
        records.append(_coverage_record(place))
    table.notes.extend(_coverage_summary(cov))
    table.notes.append(TIMES_NOTE)
    data = {
        "session": session.id,
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "regions": list(session.regions),
        "window": cov.window.label,
        "tzdata": tzdata,
        "holidays": holidays_version,
        "countries": len(cov.countries),
        "places": [
            {"code": p.country.code, "country": p.country.name, **_place_json(p)}
            for p in cov.places
        ],
        "summary": {
            "offsets": [format_offset(offset) for offset in cov.offsets],
            "countries_per_band": cov.countries_per_band(),
            "worst": [
                {
                    "code": p.country.code,
                    "zone": p.zones[0],
                    "local_start": p.local_start.isoformat(),
                    "minutes_outside": p.minutes_outside,
                }
                for p in cov.worst()
            ],
            "no_holiday_data": list(cov.no_holiday_data),
            "uninhabited": [c.code for c in cov.uninhabited],
        },
    }
    return Output(table, data, records)


def _coverage_record(place: Place) -> dict[str, object]:
    row = {"code": place.country.code, "country": place.country.name, **_place_json(place)}
    row["zones"] = " ".join(place.zones)
    row["holidays"] = "" if place.holidays is None else "; ".join(place.holidays)
    row["holiday_data"] = place.holidays is not None
    return row


def _coverage_summary(cov: Coverage) -> list[str]:
    offsets = cov.offsets
    bands = cov.countries_per_band()
    lines = [
        f"Offsets spanned: UTC{format_offset(offsets[0])} to UTC{format_offset(offsets[-1])} "
        f"({len(offsets)} distinct)"
        if offsets
        else "Offsets spanned: none",
        "Countries per band: "
        + ", ".join(f"{band} {count}" for band, count in bands.items())
        + f" (of {len(cov.countries)}; a country whose zones fall in two bands counts in both)",
    ]
    worst = cov.worst()
    if worst:
        lines.append(
            "Worst off: "
            + "; ".join(
                f"{p.country.name} ({place_name(p.zones[0])}) {p.local_start:%H:%M}, "
                f"{_hours(p.minutes_outside)} outside"
                for p in worst
            )
        )
    if cov.no_holiday_data:
        lines.append(
            "No holiday data (not checked, not holiday-free): " + ", ".join(cov.no_holiday_data)
        )
    if cov.uninhabited:
        names = ", ".join(c.name for c in cov.uninhabited)
        lines.append(f"Not counted (no permanent population): {names}")
    return lines


# -- plan ---------------------------------------------------------------------------------------


def _score(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _absent_text(absent: Absent) -> str:
    """`Australia Thu 7 May 20:30/21:00/21:30 (night)` (local starts), `India holiday: Buddha
    Purnima`: short, since a slot may leave out dozens of countries; --json has every zone."""
    reasons = []
    late = sorted(
        (p for p in absent.places if not p.inside),
        key=lambda p: p.local_start.utcoffset() or timedelta(0),
    )
    if late:
        starts = "/".join(dict.fromkeys(f"{p.local_start:%H:%M}" for p in late))
        bands = "/".join(dict.fromkeys(p.band for p in late))
        reasons.append(f"{_day(late[0].local_start)} {starts} ({bands})")
    holidays = dict.fromkeys(h for p in absent.places for h in p.holidays or ())
    reasons.extend(f"holiday: {name}" for name in holidays)
    if any(p.weekend for p in absent.places):
        reasons.append("weekend")
    return f"{absent.country.name} {', '.join(reasons)}"


def _absent_json(absent: Absent) -> dict[str, object]:
    return {
        "code": absent.country.code,
        "country": absent.country.name,
        "reasons": list(dict.fromkeys(absent.reasons())),
        "places": [_place_json(place) for place in absent.places],
    }


def _codes(countries: Sequence[Country]) -> list[str]:
    return [country.code for country in countries]


def plan_output(plan: Plan, *, weights_label: str, tzdata: str, holidays_version: str) -> Output:
    request = plan.request
    total = sum(request.weight(country) for country in request.countries)
    labels = "; ".join(group.label for group in request.groups)
    table = Table(
        title=f"Best {request.duration}-minute slots for {labels}, "
        f"{request.first.isoformat()} to {request.last.isoformat()} (UTC), "
        f"local window {request.window.label}, every {request.step} min",
        headers=["#", "Start (UTC)", "Score", "Covered", "Outside"],
    )
    for rank, candidate in enumerate(plan.candidates, start=1):
        table.rows.append(
            [
                str(rank),
                _utc(candidate.start),
                f"{_score(candidate.score)} of {_score(total)}",
                f"{len(candidate.covered)} of {len(request.countries)}",
                ", ".join(absent.country.code for absent in candidate.absent) or "-",
            ]
        )
    table.notes.extend(_plan_notes(plan, weights_label))
    data = {
        "now": plan.now.isoformat(),
        "regions": [
            {"label": group.label, "countries": _codes(group.countries)} for group in request.groups
        ],
        "from": request.first.isoformat(),
        "to": request.last.isoformat(),
        "duration_minutes": request.duration,
        "window": request.window.label,
        "step_minutes": request.step,
        "weights": weights_label,
        "total": total,
        "tzdata": tzdata,
        "holidays": holidays_version,
        "evaluated": plan.evaluated,
        "ties": plan.ties,
        "candidates": [_candidate_json(rank, c) for rank, c in enumerate(plan.candidates, 1)],
        "pairs": [_pair_json(pair) for pair in plan.pairs],
        "no_holiday_data": list(plan.no_holiday_data),
        "unweighted": list(plan.unweighted),
    }
    records = [
        {
            "rank": rank,
            "start": candidate.start.isoformat(),
            "score": candidate.score,
            "total": total,
            "covered": len(candidate.covered),
            "countries": len(request.countries),
            "outside": " ".join(absent.country.code for absent in candidate.absent),
        }
        for rank, candidate in enumerate(plan.candidates, start=1)
    ]
    return Output(table, data, records)


def _candidate_json(rank: int, candidate: Candidate) -> dict[str, object]:
    return {
        "rank": rank,
        "start": candidate.start.isoformat(),
        "score": candidate.score,
        "covered": _codes(candidate.covered),
        "outside": [_absent_json(absent) for absent in candidate.absent],
    }


def _slot_json(slot: PairSlot) -> dict[str, object]:
    return {
        "start": slot.start.isoformat(),
        "covers": _codes(slot.covers),
        "outside": [_absent_json(absent) for absent in slot.odd_hours],
    }


def _pair_json(pair: Pair) -> dict[str, object]:
    return {
        "region": pair.group.label,
        "total": pair.total,
        "best_single": pair.best_single,
        "score": pair.score,
        "slots": None if pair.slots is None else [_slot_json(slot) for slot in pair.slots],
        "left_out": _codes(pair.left_out),
    }


def _plan_notes(plan: Plan, weights_label: str) -> list[str]:
    request = plan.request
    notes = [
        f"Score: {weights_label} with the whole session inside {request.window.label} local "
        "time, on a day that is neither a public holiday nor a weekend there. "
        f"{_slots(plan)}; {plan.ties} share the best score.",
    ]
    for rank, candidate in enumerate(plan.candidates, start=1):
        outside = "; ".join(_absent_text(absent) for absent in candidate.absent)
        notes.append(f"#{rank} {_utc(candidate.start)}: outside: {outside or 'nobody'}")
    for pair in plan.pairs:
        notes.extend(_pair_notes(pair))
    if plan.no_holiday_data:
        notes.append(
            "No holiday data (counted without a holiday check): " + ", ".join(plan.no_holiday_data)
        )
    if plan.unweighted:
        notes.append("No weight given (counted as 0): " + ", ".join(plan.unweighted))
    return notes


def _slots(plan: Plan) -> str:
    """`2688 slots in the range`, or how many of them are still ahead when it has begun."""
    if plan.evaluated == plan.in_range:
        return f"{plan.evaluated} slots in the range"
    past = plan.in_range - plan.evaluated
    return f"{plan.evaluated} slots in the range from now on ({past} already past)"


def _pair_notes(pair: Pair) -> list[str]:
    head = (
        f"No single slot covers {pair.group.label} (best: {_score(pair.best_single)} of "
        f"{_score(pair.total)})."
    )
    if pair.slots is None:
        return [f"{head} No two slots that do not overlap do better."]
    first, second = pair.slots
    lines = [
        f"{head} Best pair: {_utc(first.start)} + {_utc(second.start)} covers "
        f"{_score(pair.score)} of {_score(pair.total)}"
        + (f"; left out: {', '.join(c.name for c in pair.left_out)}" if pair.left_out else "")
    ]
    for slot in pair.slots:
        odd = "; ".join(_absent_text(absent) for absent in slot.odd_hours)
        lines.append(f"  at {_utc(slot.start)}, outside the window: {odd or 'nobody'}")
    return lines
