"""An announcement for mailing lists, chats and talk pages: plain text that survives e-mail
(lines under 80 characters, no tabs; a URL is never broken, so only a URL longer than that
makes a longer line) or Markdown.

Per session: region, language, the start in UTC, in the anchor city and in each zone asked for
(without any, the largest city of the session's region for each distinct local time), the
Zonestamp link, the interpretation deadline; then the series page.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from wmhr.controls import one_line
from wmhr.invites.text import minutes, request_subject_line
from wmhr.locale import formats
from wmhr.locale.language import Language
from wmhr.publishing.dates import format_moment
from wmhr.publishing.facts import SessionFacts, all_facts, series_language
from wmhr.publishing.words import ANNOUNCEMENT, fill, language_name
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule
from wmhr.time.convert import in_zone
from wmhr.time.zones import Zone, fold_name, load_iana_zone

TextFormat = Literal["plain", "markdown"]
WIDTH = 79
MOST_CITIES = 6
REGION_CITIES = Path(__file__).parents[1] / "data" / "region_cities.toml"
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~])")


@dataclass(frozen=True)
class Place:
    """A line of the announcement: a label people read and the zone it stands for."""

    label: str
    zone: Zone


@cache
def region_cities() -> dict[str, tuple[Place, ...]]:
    """Folded region name -> its largest cities, largest first."""
    data = tomllib.loads(REGION_CITIES.read_text("utf-8"))
    table = {}
    for region in data["region"]:
        places = tuple(
            Place(city, Zone(key, load_iana_zone(key))) for city, key in region["cities"]
        )
        for name in region["names"]:
            table[fold_name(name)] = places
    return table


def default_places(fact: SessionFacts) -> list[Place]:
    """The largest city for each local time the region has at the session's start, other than
    the anchor city's, east to west; at most a handful."""
    start = fact.session.start
    seen = {fact.start.utc_offset}
    chosen: list[Place] = []
    for place in _region_places(fact):
        offset = in_zone(start, place.zone).utc_offset
        if offset not in seen and len(chosen) < MOST_CITIES:
            seen.add(offset)
            chosen.append(place)
    return sorted(chosen, key=lambda p: (in_zone(start, p.zone).utc_offset, p.label))


def typed_places(
    schedule: Schedule, requested: list[tuple[str, list[Zone]]], lang: Language | None = None
) -> list[Place]:
    """The zones a reader typed (`--tz`): one place per distinct local time, as `wmhr sessions`
    makes columns (a country's zones that agree share one)."""
    from wmhr.schedule.timetable import zone_columns

    lang = lang or series_language(schedule)
    places = []
    for column in zone_columns(schedule, requested):
        first, typed = column.zones[0], column.typed.strip()
        city = city_name(typed, first.key, lang) if len(column.zones) == 1 else typed
        if typed.lower() == first.key.lower():
            label = (
                first.key
                if city == typed
                else fill(lang, ANNOUNCEMENT["place"], typed=city, zone=first.key)
            )
        elif len(column.zones) > 1:
            more = len(column.zones) - 1
            label = fill(lang, ANNOUNCEMENT["place_more"], typed=typed, zone=first.key, count=more)
        else:
            label = fill(lang, ANNOUNCEMENT["place"], typed=city, zone=first.key)
        places.append(Place(label, first))
    return places


def city_name(city: str, key: str, lang: Language) -> str:
    """`city` in the reader's language when it is the city `key` is named after (`Mexico City`
    or `America/Mexico_City` -> `Ciudad de México`): CLDR's exemplar city in that language, else
    CLDR's root name for it (`Guatemala City` -> `Guatemala`); as written in English, the
    language of the labels, and for a place that is not the zone's namesake (Delhi is in
    Asia/Kolkata, which CLDR names after Kolkata)."""
    root = key.rsplit("/", 1)[-1].replace("_", " ")
    english = formats.exemplar_city(key, formats.cldr_locale("en")) or root
    # English calls a capital that shares its country's name "X City" (Guatemala City).
    namesakes = {fold_name(english), fold_name(f"{english} City"), fold_name(key)}
    if "/" not in key or lang.locale.language == "en" or fold_name(city) not in namesakes:
        return city
    local = formats.exemplar_city(key, lang.locale)
    if local is not None:
        return local
    return root if fold_name(city) in {fold_name(f"{root} City"), fold_name(key)} else city


def _region_places(fact: SessionFacts) -> tuple[Place, ...]:
    """The cities of the session's region: by its name, else by the Wikimedia regions it serves."""
    table = region_cities()
    session = fact.session
    names = [session.region, *session.regions]
    return next((table[fold_name(n)] for n in names if fold_name(n) in table), ())


def language_of(schedule: Schedule, session_ids: Sequence[str]) -> str:
    """The language an announcement is written in by default: the sessions' own when they share
    one (`wmhr publish text latam` in Spanish), else the series language."""
    chosen = [schedule.session(i) for i in session_ids] if session_ids else list(schedule)
    tags = {session.language for session in chosen}
    return tags.pop() if len(tags) == 1 else schedule.series.language


def render(
    schedule: Schedule,
    lang: Language | None = None,
    *,
    session_ids: Sequence[str] = (),
    places: Sequence[Place] | None = None,
    fmt: TextFormat = "plain",
) -> str:
    """`places` None: each session's region cities; else exactly those zones, for every session."""
    for session_id in session_ids:
        schedule.session(session_id)  # an unknown id is an error, before anything is written
    lang = lang or series_language(schedule)
    wanted = set(session_ids)
    facts = [f for f in all_facts(schedule, lang) if not wanted or f.id in wanted]
    writer = _Markdown() if fmt == "markdown" else _Plain()
    series, length = schedule.series, schedule.format.duration_minutes
    title = writer.text(translate(series.title, lang.tag))
    lines = writer.heading(fill(lang, ANNOUNCEMENT["heading"], series=title), 1)
    platform = writer.text(schedule.format.platform)
    duration = minutes(length, lang)
    lines += writer.paragraph(
        fill(lang, ANNOUNCEMENT["intro"], duration=duration, platform=platform)
    )
    count = schedule.interpretation.min_requesters
    lines += writer.paragraph(fill(lang, ANNOUNCEMENT["rule"], count=count))
    for fact in facts:
        chosen = default_places(fact) if places is None else places
        lines += _session(schedule, fact, chosen, writer, lang)
    lines += writer.paragraph(fill(lang, ANNOUNCEMENT["series"], url=writer.url(series.url)))
    return "\n".join(lines).rstrip("\n") + "\n"


def _session(
    schedule: Schedule,
    fact: SessionFacts,
    places: Sequence[Place],
    writer: _Plain,
    lang: Language,
) -> list[str]:
    session, text = fact.session, writer.text
    start = session.start
    language = text(language_name(session.language, lang))
    items = [fill(lang, ANNOUNCEMENT["language"], language=language)]
    when = format_moment(start, "date_time", lang)
    items.append(fill(lang, ANNOUNCEMENT["utc"], when=when))
    city = translate(session.anchor_city, lang.tag)
    anchor = Place(city, Zone(session.zone.key, session.zone))
    for place in [anchor, *places]:
        local = in_zone(start, place.zone).local
        label = city_name(place.label, place.zone.key, lang) if place is not anchor else place.label
        when = f"{format_moment(local, 'date_time', lang)} ({format_moment(local, 'offset', lang)})"
        items.append(fill(lang, ANNOUNCEMENT["local"], place=text(label), when=when))
    region_name = translate(session.region, lang.tag)
    if fact.cancelled:
        struck = writer.struck(region_name)
        heading = fill(lang, ANNOUNCEMENT["cancelled"], region=struck)
        return [*writer.heading(heading, 2), *writer.items(items[:2]), ""]
    if fact.zonestamp_short:
        url = writer.url(fact.zonestamp_short)
        items.append(fill(lang, ANNOUNCEMENT["your_time"], url=url))
    policy = schedule.interpretation
    deadline = format_moment(fact.deadline, "utc", lang)
    contact = text(policy.contact)
    items.append(fill(lang, ANNOUNCEMENT["deadline"], contact=contact, when=deadline))
    items.append(request_subject_line(fact.id, lang))  # what import-mail reads
    region = fill(lang, ANNOUNCEMENT["region"], region=text(region_name))
    return [*writer.heading(region, 2), *writer.items(items), ""]


def _clean(text: str) -> str:
    """Text from the schedule, on one line, without control characters or tabs."""
    return one_line(text)


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


class _Plain:
    """Every value from the schedule goes through `text` (or `url`, `struck`) before it meets a
    template; the result is wrapped."""

    def text(self, value: str) -> str:
        return _clean(value)

    def url(self, url: str) -> str:
        return url

    def struck(self, value: str) -> str:
        return _clean(value)

    def heading(self, text: str, level: int) -> list[str]:
        lines = _wrap(text, "", "")
        return [*lines, ""] if level == 1 else lines

    def paragraph(self, text: str) -> list[str]:
        return [*_wrap(text, "", ""), ""]

    def items(self, items: list[str]) -> list[str]:
        return [line for item in items for line in _wrap(item, "  ", "    ")]


class _Markdown(_Plain):
    def text(self, value: str) -> str:
        return _MARKDOWN.sub(r"\\\1", _clean(value))

    def url(self, url: str) -> str:
        return f"<{url}>"

    def struck(self, value: str) -> str:
        return f"~~{self.text(value)}~~"

    def heading(self, text: str, level: int) -> list[str]:
        return [f"{'#' * (level + 1)} {text}", ""]

    def items(self, items: list[str]) -> list[str]:
        return [line for item in items for line in _wrap(item, "- ", "  ")]
