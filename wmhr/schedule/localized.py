"""Texts participants read, in other languages than the series', from `[translations.<lang>]`.

The rest of sessions.toml is written in the series language (`series.language`, English by
default). A `[translations.<lang>]` table gives the same texts in another language, with the same
keys, lists in the same order and sessions by id:

    [translations.es.series]
    title = "Conversaciones comunitarias sobre la Política de Derechos Humanos"
    safety = ["Usar un seudónimo", "Mantener la cámara apagada", "..."]

    [translations.es.session.latam]
    region = "América Latina y el Caribe"

Each translatable value becomes a `Localized` string: as a `str` it is the series-language text,
so code that does not localise is unchanged; `translate(value, tag)` picks another language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from wmhr.errors import ScheduleError, closest

if TYPE_CHECKING:
    from wmhr.schedule.model import Schedule, Session

LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # matched whole: fullmatch
DEFAULT_LANGUAGE = "en"
# What can be translated, per table: single texts and lists (translated item by item).
SERIES_TEXTS = ("title", "organizer", "questions_ahead")
SERIES_LISTS = ("topics", "policies", "safety")
FORMAT_TEXTS = ("registration",)
FORMAT_LISTS = ("agenda",)
SESSION_TEXTS = ("region", "anchor_city")


class Localized(str):
    """A text with its translations; as a `str`, the series-language text."""

    translations: MappingProxyType[str, str]

    def __new__(cls, text: str, translations: Mapping[str, str]) -> Localized:
        value = super().__new__(cls, text)
        value.translations = MappingProxyType(dict(translations))
        return value

    def __reduce__(self) -> tuple[type[Localized], tuple[str, dict[str, str]]]:
        """Copies and pickles keep the translations."""
        return (Localized, (str(self), dict(self.translations)))


def translation(value: str, tag: str) -> str | None:
    """`value` in language `tag` (exactly, else by its language alone: `es-419` -> `es`), None
    when sessions.toml gives no such text."""
    if not isinstance(value, Localized):
        return None
    by_tag = {key.lower(): text for key, text in value.translations.items()}
    return by_tag.get(tag.lower()) or by_tag.get(tag.split("-")[0].lower())


def translate(value: str, tag: str) -> str:
    """`value` in language `tag`, else the series-language text."""
    return translation(value, tag) or value


def same_language(first: str, second: str) -> bool:
    return first.split("-")[0].lower() == second.split("-")[0].lower()


# -- reading [translations.<lang>] --------------------------------------------------------------


class _Texts:
    """Translations found so far, by key path (`series.title`, `series.topics[0]`)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.by_path: dict[str, dict[str, str]] = {}
        self.unused: list[str] = []

    def fail(self, path: str, problem: str) -> ScheduleError:
        return ScheduleError(f"{self.source}: {path}: {problem}")

    def table(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected a [{path}] table")
        return value

    def check_keys(self, table: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                hint = closest(key, allowed, n=1)
                fix = f'did you mean "{hint[0]}"?' if hint else f"allowed: {', '.join(allowed)}"
                raise self.fail(f"{path}.{key}", f"cannot be translated here; {fix}")

    def text(self, tag: str, value: Any, path: str, target: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "expected a non-empty string")
        self.by_path.setdefault(target, {})[tag] = value

    def texts(self, tag: str, value: Any, path: str, target: str, count: int) -> None:
        if not isinstance(value, list):
            raise self.fail(path, "expected a list of strings, one per item, in the same order")
        if len(value) != count:
            raise self.fail(
                path,
                f"has {len(value)} texts but {target} has {count}; give one per item, "
                "in the same order",
            )
        for index, item in enumerate(value):
            self.text(tag, item, f"{path}[{index}]", f"{target}[{index}]")

    def localized(self, value: str, path: str, language: str) -> str:
        found = self.by_path.get(path)
        return Localized(value, {language: value, **found}) if found else value


def apply_translations(schedule: Schedule, raw: Any) -> Schedule:
    """`schedule` with each translatable text carrying its `[translations]`."""
    if raw is None:
        return schedule
    texts = _Texts(schedule.source)
    language = schedule.series.language
    for tag, tables in texts.table(raw, "translations").items():
        path = f"translations.{tag}"
        if not LANGUAGE_TAG.fullmatch(tag):
            raise texts.fail(path, "is not a BCP 47 language tag such as es or pt-BR")
        if same_language(tag, language):
            raise texts.fail(
                path, f"is the series language ({language}): write those texts in place"
            )
        tables = texts.table(tables, path)
        texts.check_keys(tables, path, ("series", "format", "session"))
        _read(texts, tag, tables, schedule)
    return _rebuild(schedule, texts, language)


def _read(texts: _Texts, tag: str, tables: Mapping[str, Any], schedule: Schedule) -> None:
    where = f"translations.{tag}"
    lengths = {
        "series.topics": len(schedule.series.topics),
        "series.policies": len(schedule.series.policies),
        "series.safety": len(schedule.series.safety),
        "format.agenda": len(schedule.format.agenda),
    }
    for part, singles, lists in (
        ("series", SERIES_TEXTS, SERIES_LISTS),
        ("format", FORMAT_TEXTS, FORMAT_LISTS),
    ):
        if part not in tables:
            continue
        table = texts.table(tables[part], f"{where}.{part}")
        texts.check_keys(table, f"{where}.{part}", singles + lists)
        for key, value in table.items():
            target = f"{part}.{key}"
            if key in singles:
                texts.text(tag, value, f"{where}.{target}", target)
            else:
                texts.texts(tag, value, f"{where}.{target}", target, lengths[target])
    sessions = texts.table(tables.get("session", {}), f"{where}.session")
    for session_id, value in sessions.items():
        path = f"{where}.session.{session_id}"
        if session_id not in schedule.ids:
            texts.unused.append(path)  # a session deleted or renamed: `wmhr check` says so
        table = texts.table(value, path)
        texts.check_keys(table, path, SESSION_TEXTS)
        for key, text in table.items():
            texts.text(tag, text, f"{path}.{key}", f"session.{session_id}.{key}")


def _rebuild(schedule: Schedule, texts: _Texts, language: str) -> Schedule:
    def one(value: str, path: str) -> str:
        return texts.localized(value, path, language)

    def each(values: tuple[str, ...], path: str) -> tuple[str, ...]:
        return tuple(one(value, f"{path}[{index}]") for index, value in enumerate(values))

    series = schedule.series
    series = series._replace(
        title=one(series.title, "series.title"),
        organizer=one(series.organizer, "series.organizer"),
        questions_ahead=one(series.questions_ahead, "series.questions_ahead"),
        topics=each(series.topics, "series.topics"),
        policies=each(series.policies, "series.policies"),
        safety=each(series.safety, "series.safety"),
    )
    fmt = schedule.format
    agenda = tuple(
        item._replace(item=one(item.item, f"format.agenda[{index}]"))
        for index, item in enumerate(fmt.agenda)
    )
    fmt = fmt._replace(registration=one(fmt.registration, "format.registration"), agenda=agenda)
    sessions = tuple(
        replace(
            session,
            region=one(session.region, f"session.{session.id}.region"),
            anchor_city=one(session.anchor_city, f"session.{session.id}.anchor_city"),
        )
        for session in schedule.sessions
    )
    unused = tuple(texts.unused)
    return replace(
        schedule, series=series, format=fmt, sessions=sessions, unused_translations=unused
    )


def missing_translations(schedule: Schedule, session: Session) -> list[str]:
    """The keys of `[translations.<lang>]` that a session in its own language still lacks (lists
    named once, as they are translated whole); empty when it is in the series language."""
    tag = session.language
    if same_language(tag, schedule.series.language):
        return []
    series, fmt = schedule.series, schedule.format
    values: list[tuple[str, tuple[str, ...]]] = [
        *((f"series.{key}", (getattr(series, key),)) for key in SERIES_TEXTS),
        *((f"series.{key}", getattr(series, key)) for key in SERIES_LISTS),
        ("format.registration", (fmt.registration,)),
        ("format.agenda", tuple(item.item for item in fmt.agenda)),
        *((f"session.{session.id}.{key}", (getattr(session, key),)) for key in SESSION_TEXTS),
    ]
    return [key for key, texts in values if any(translation(v, tag) is None for v in texts)]
