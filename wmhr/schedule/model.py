"""sessions.toml -> immutable records, with key-path error messages."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, NamedTuple, cast
from zoneinfo import ZoneInfo

from wmhr.controls import escaped, unwanted_control
from wmhr.errors import ScheduleError, UnknownSessionError, closest
from wmhr.files import MAX_SCHEDULE_BYTES, read_regular
from wmhr.schedule.localized import LANGUAGE_TAG, apply_translations
from wmhr.schedule.regions import WIKIMEDIA_REGIONS
from wmhr.time import limits
from wmhr.time.zones import load_iana_zone, zone_words

SESSIONS_ENV = "WMHR_SESSIONS"
SESSIONS_FILE = "sessions.toml"
BUNDLED_DIR = Path(__file__).parents[1] / "data"
SCHEMA_VERSION = 1
# Checked with fullmatch: with match, "$" also matches before a final newline ("latam\n").
SESSION_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
SERIES_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,98}[a-z0-9]")
HTTPS_URL = re.compile(r"https://[^\s\x00-\x1f\x7f-\x9f]+")
# One address as an ORGANIZER's mailto: takes it: no name, brackets, spaces or line breaks.
SPECIALS = r"\x00-\x20\x7f<>()\[\]\\,;:\"@"
EMAIL_ADDRESS = re.compile(rf"[^{SPECIALS}]+@[^{SPECIALS}.]+(?:\.[^{SPECIALS}.]+)+")
Status = Literal["confirmed", "tentative", "cancelled"]
STATUSES: tuple[Status, ...] = ("confirmed", "tentative", "cancelled")
MAX_INTEGER = 10_000  # minutes, days, people: anything larger in this file is a typo
MAX_LEAD_DAYS = 365
MAX_SEQUENCE = 2_147_483_647  # RFC 5545 INTEGER
# Text may span lines (a multi-line TOML string) and hold tabs; no other control character, and
# none in a key. Refused here, so no command shows, writes or publishes one (see wmhr.controls).
SPANNING = "\t\n"
BOM = "\ufeff"  # a UTF-8 byte order mark, which some Windows editors write first


# Records are NamedTuples where nothing needs a dataclass: every command loads this module, and
# each frozen dataclass costs about half a millisecond to create at start-up (cold start is
# measured). Session and InterpretationPolicy stay dataclasses (callers use dataclasses.replace),
# and Schedule (iterating it gives its sessions, not its fields); a docstring spares each one the
# signature `dataclass` would otherwise compute for its __doc__.


class AgendaItem(NamedTuple):
    minutes: int
    item: str


class Series(NamedTuple):
    id: str
    title: str
    organizer: str
    url: str
    questions_ahead: str
    topics: tuple[str, ...]
    policies: tuple[str, ...]
    safety: tuple[str, ...]
    organizer_email: str | None = None
    language: str = "en"  # the page's own language; a session in another one says so


class SessionFormat(NamedTuple):
    """The [format] table: how every session is held."""

    platform: str
    duration_minutes: int
    registration: str
    agenda: tuple[AgendaItem, ...]


@dataclass(frozen=True)
class InterpretationPolicy:
    """Who may ask for interpretation, by when, and whom to ask."""

    min_requesters: int
    lead_days: int
    contact: str


class Survey(NamedTuple):
    provider: str
    anonymous: bool
    last_day: date
    zone: ZoneInfo
    closes: datetime  # exclusive end, in UTC

    @property
    def closing_words(self) -> str:
        """`at the end of 30 June 2022, Anywhere on Earth (UTC-12)`: when it closes, for people."""
        day = self.last_day
        return f"at the end of {day.day} {day:%B %Y}, {zone_words(self.zone.key)}"


@dataclass(frozen=True)
class Session:
    """One town hall: when (an instant in UTC), for whom, and its anchor city's zone."""

    id: str
    region: str
    language: str
    start: datetime  # in UTC
    duration_minutes: int
    anchor_city: str
    zone: ZoneInfo
    status: Status = "confirmed"
    published_utc: str | None = None
    published_local: str | None = None
    join_url: str | None = None
    min_sequence: int = 0
    regions: tuple[str, ...] = ()  # the Wikimedia regions it serves, exact names
    register_url: str | None = None

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.zone)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class Schedule:
    """The whole series as read from sessions.toml: iterating it gives the sessions."""

    source: str
    series: Series
    format: SessionFormat
    interpretation: InterpretationPolicy
    survey: Survey
    sessions: tuple[Session, ...]
    # [translations.<lang>.session.<id>] tables whose session is not in the schedule.
    unused_translations: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sessions)

    def session(self, session_id: str) -> Session:
        """The session with this id, typed in any case (`ASIA` is `asia`)."""
        wanted = typed_session_id(session_id)
        for session in self.sessions:
            if session.id == wanted:
                return session
        raise UnknownSessionError(unknown_session_message(session_id, self.ids))

    def __iter__(self) -> Iterator[Session]:
        return iter(self.sessions)


def typed_session_id(typed: str) -> str:
    """A session id as typed, in the one form ids take: they are lower-case (SESSION_ID), so
    `ASIA`, `Asia` and `asia` name one session, in every command and in CSV import."""
    return typed.lower()


def unknown_session_message(session_id: str, known: tuple[str, ...]) -> str:
    hint = closest(session_id, known, n=1)
    did_you_mean = f'did you mean "{hint[0]}"? ' if hint else ""
    return f'unknown session "{session_id}": {did_you_mean}known sessions: {", ".join(known)}'


# -- locating the file --------------------------------------------------------------------------


def locate(explicit: Path | None, *, cwd: Path, environ: Mapping[str, str]) -> Path | None:
    """The file to read: --file, else $WMHR_SESSIONS, else ./sessions.toml; None means bundled.

    Anything named sessions.toml here is the one meant, even a folder or a broken link: reading
    it fails with a message, rather than silently falling back to the bundled copy."""
    if explicit is not None:
        return explicit
    if environ.get(SESSIONS_ENV):
        return Path(environ[SESSIONS_ENV])
    local = cwd / SESSIONS_FILE
    return local if os.path.lexists(local) else None


def where_to_fix(explicit: Path | None, environ: Mapping[str, str]) -> str:
    """How to point wmhr at the right schedule, naming what chose this one."""
    if explicit is None and environ.get(SESSIONS_ENV):
        return f"fix ${SESSIONS_ENV}, which names this file, or pass --file"
    if explicit is None:
        return f"fix ./{SESSIONS_FILE} (or move it away to use the bundled copy), or pass --file"
    return "pass --file with the path of your sessions.toml"


def load(explicit: Path | None = None) -> Schedule:
    path = locate(explicit, cwd=Path.cwd(), environ=os.environ)
    if path is None:
        text = (BUNDLED_DIR / SESSIONS_FILE).read_text("utf-8")
        return parse(text, source=f"(bundled) {SESSIONS_FILE}")
    fix = where_to_fix(explicit, os.environ)
    data = read_schedule_bytes(path, fix)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScheduleError(f"{path}: cannot read it (not UTF-8 text); {fix}") from None
    return parse(text, source=str(path))


def read_schedule_bytes(path: Path, fix: str) -> bytes:
    """The bytes of the schedule file: a regular file within the size limit (a pipe or a folder
    named sessions.toml is refused, not waited on), or one error line ending with `fix`."""
    try:
        return read_regular(path, limit=MAX_SCHEDULE_BYTES, fix=fix, error=ScheduleError)
    except FileNotFoundError:
        raise ScheduleError(f"{path}: no such file; {fix}") from None


# -- parsing ------------------------------------------------------------------------------------


class _Table:
    """A TOML table that knows its key path and the file it came from, for error messages."""

    def __init__(self, data: Mapping[str, Any], path: str, source: str) -> None:
        self.data = data
        self.path = path
        self.source = source

    def where(self, key: str | None = None) -> str:
        path = self.path if key is None else (f"{self.path}.{key}" if self.path else key)
        return f"{self.source}: {path}" if path else self.source

    def fail(self, key: str | None, problem: str) -> ScheduleError:
        return ScheduleError(f"{self.where(key)}: {problem}")

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                hint = closest(key, allowed, n=1)
                fix = f'did you mean "{hint[0]}"?' if hint else f"allowed: {', '.join(allowed)}"
                raise self.fail(key, f"unknown key; {fix}")

    def raw(self, key: str, kind: type, what: str, default: Any = ...) -> Any:
        if key not in self.data:
            if default is not ...:
                return default
            raise self.fail(key, f"missing; add {what}")
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"expected {what}, found {_describe(value)}")
        return value

    def text(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, str, "a string", default)
        if isinstance(value, str) and not value.strip():
            raise self.fail(key, "is empty; write the value or remove the key")
        return value

    def integer(
        self, key: str, *, minimum: int, maximum: int = MAX_INTEGER, default: Any = ...
    ) -> int:
        value = cast(int, self.raw(key, int, "an integer", default))
        if not minimum <= value <= maximum:
            raise self.fail(key, f"must be from {minimum} to {maximum}, found {value}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.raw(key, list, "a list of strings")
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"{key}[{index}]", "expected a non-empty string")
        return tuple(values)

    def instant(self, key: str) -> datetime:
        value = self.raw(key, datetime, "an offset date-time such as 2022-05-03T23:00:00Z")
        if value.tzinfo is None:
            raise self.fail(
                key,
                f"{value.isoformat()} has no UTC offset; write it as an instant, "
                f"e.g. {value.isoformat()}Z",
            )
        instant = limits.in_utc(value)
        if instant is None:
            raise self.fail(
                key, f"{value.isoformat()} is outside the supported dates: {limits.SUPPORTED}"
            )
        return instant

    def zone(self, key: str) -> ZoneInfo:
        name = self.text(key)
        try:
            return load_iana_zone(name)
        except LookupError as exc:
            raise self.fail(key, str(exc)) from None

    def table(self, key: str) -> _Table:
        return _Table(self.raw(key, dict, f"a [{key}] table"), self.child(key), self.source)

    def tables(self, key: str) -> list[_Table]:
        items = self.raw(key, list, f"one or more [[{key}]] tables")
        if not items:
            raise self.fail(key, f"is empty; add at least one [[{key}]] table")
        result = []
        for index, item in enumerate(items):
            path = f"{self.child(key)}[{index}]"
            if not isinstance(item, dict):
                raise ScheduleError(f"{self.source}: {path}: expected a [[{key}]] table")
            result.append(_Table(item, path, self.source))
        return result

    def child(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key


def _describe(value: object) -> str:
    if isinstance(value, datetime):
        return "a local date-time" if value.tzinfo is None else "a date-time"
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "a table", date: "a date"}
    return names.get(type(value), type(value).__name__)


def parse(text: str, *, source: str) -> Schedule:
    try:
        data = tomllib.loads(text.removeprefix(BOM))
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"{source}: not valid TOML: {exc}; fix the syntax there") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ScheduleError(
            f"{source}: arrays or tables nested too deeply; this is not a wmhr schedule"
        ) from None
    _refuse_controls(data, source)
    root = _Table(data, "", source)
    root.check_keys(
        ("schema", "series", "format", "interpretation", "survey", "session", "translations")
    )
    schema = root.integer("schema", minimum=1)
    if schema != SCHEMA_VERSION:
        raise root.fail("schema", f"version {schema} is not supported; this wmhr reads version 1")
    fmt = _format(root.table("format"))
    sessions = tuple(_session(t, fmt) for t in root.tables("session"))
    _check_unique_ids(sessions, source)
    schedule = Schedule(
        source=source,
        series=_series(root.table("series")),
        format=fmt,
        interpretation=_interpretation(root.table("interpretation")),
        survey=_survey(root.table("survey")),
        sessions=sessions,
    )
    return apply_translations(schedule, data.get("translations"))


def _refuse_controls(data: Mapping[str, Any], source: str) -> None:
    """Refuse, naming its key path, any text or key with a control character (a terminal escape,
    a bidi override) in it: text from this file ends up on terminals, pages and calendars."""
    pending: list[tuple[str, object]] = [("", data)]
    while pending:  # a loop, not recursion: tables may be nested as deeply as tomllib reads
        path, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                found = unwanted_control(key)
                if found is not None:
                    where = f"{source}: {path}" if path else source
                    raise ScheduleError(
                        f'{where}: the key "{key}" has a control character ({escaped(found)}); '
                        "remove it"
                    )
                pending.append((child, item))
        elif isinstance(value, list):
            pending.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
        elif isinstance(value, str):
            found = unwanted_control(value, SPANNING)
            if found is not None:
                raise ScheduleError(
                    f"{source}: {path}: has a control character ({escaped(found)}), which could "
                    "rewrite a terminal or reverse the text around it; remove it"
                )


def _series(t: _Table) -> Series:
    keys = ("id", "title", "organizer", "url", "questions_ahead", "topics", "policies", "safety")
    t.check_keys((*keys, "organizer_email", "language"))
    series_id = t.text("id")
    if not SERIES_ID.fullmatch(series_id):
        raise t.fail("id", "use lower-case letters, digits, dots and hyphens only (it names UIDs)")
    return Series(
        id=series_id,
        title=t.text("title"),
        organizer=t.text("organizer"),
        url=_url(t, "url"),
        questions_ahead=t.text("questions_ahead"),
        topics=t.strings("topics"),
        policies=t.strings("policies"),
        safety=t.strings("safety"),
        organizer_email=_email(t, "organizer_email"),
        language=_language(t, "en"),
    )


def _email(t: _Table, key: str) -> str | None:
    value = t.text(key, None)
    if value is None or EMAIL_ADDRESS.fullmatch(value):
        return cast(str | None, value)
    if value.lower().startswith("mailto:"):
        raise t.fail(key, 'write the address without "mailto:", e.g. advocacy@example.org')
    raise t.fail(
        key,
        "not one e-mail address such as advocacy@example.org (no name, brackets, spaces "
        "or line breaks)",
    )


def _url(t: _Table, key: str, default: Any = ...) -> Any:
    value = t.text(key, default)
    if isinstance(value, str) and not HTTPS_URL.fullmatch(value):
        raise t.fail(key, f'"{value}" is not an https:// address')
    return value


def _format(t: _Table) -> SessionFormat:
    t.check_keys(("platform", "duration_minutes", "registration", "agenda"))
    duration = t.integer("duration_minutes", minimum=1)
    agenda = []
    for item in t.tables("agenda"):
        item.check_keys(("minutes", "item"))
        agenda.append(
            AgendaItem(minutes=item.integer("minutes", minimum=1), item=item.text("item"))
        )
    total = sum(a.minutes for a in agenda)
    if total != duration:
        raise t.fail("agenda", f"adds up to {total} minutes but duration_minutes is {duration}")
    return SessionFormat(
        platform=t.text("platform"),
        duration_minutes=duration,
        registration=t.text("registration"),
        agenda=tuple(agenda),
    )


def _interpretation(t: _Table) -> InterpretationPolicy:
    t.check_keys(("min_requesters", "lead_days", "contact"))
    return InterpretationPolicy(
        min_requesters=t.integer("min_requesters", minimum=1),
        lead_days=t.integer("lead_days", minimum=0, maximum=MAX_LEAD_DAYS),
        contact=t.text("contact"),
    )


def _survey(t: _Table) -> Survey:
    t.check_keys(("provider", "anonymous", "last_day", "zone", "closes"))
    last_day = t.raw("last_day", date, "a date such as 2022-06-30")
    if isinstance(last_day, datetime):
        raise t.fail("last_day", "expected a date without a time, such as 2022-06-30")
    if not limits.FIRST_YEAR <= last_day.year <= limits.LAST_YEAR:
        raise t.fail("last_day", f"{last_day} is outside the supported dates: {limits.SUPPORTED}")
    zone = t.zone("zone")
    closes = t.instant("closes")
    expected = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), zone)
    if closes != expected:
        raise t.fail(
            "closes",
            f"must be the start of the day after last_day in {zone.key}: "
            f"write {expected.isoformat()}",
        )
    return Survey(
        provider=t.text("provider"),
        anonymous=t.raw("anonymous", bool, "true or false"),
        last_day=last_day,
        zone=zone,
        closes=closes,
    )


SESSION_KEYS = (
    "id",
    "region",
    "language",
    "start",
    "duration_minutes",
    "anchor_city",
    "zone",
    "status",
    "published_utc",
    "published_local",
    "join_url",
    "min_sequence",
    "regions",
    "register_url",
)


def _session(t: _Table, fmt: SessionFormat) -> Session:
    t.check_keys(SESSION_KEYS)
    session_id = t.text("id")
    if not SESSION_ID.fullmatch(session_id):
        raise t.fail(
            "id",
            f'"{session_id}" is not a safe id; use 1-40 lower-case letters, digits and '
            "inner hyphens (it names files)",
        )
    status = t.text("status", "confirmed")
    if status not in STATUSES:
        hint = closest(status, STATUSES, n=1)
        fix = f'did you mean "{hint[0]}"?' if hint else f"use one of {', '.join(STATUSES)}"
        raise t.fail("status", f'"{status}" is not a status; {fix}')
    return Session(
        id=session_id,
        region=t.text("region"),
        language=_language(t),
        start=t.instant("start"),
        duration_minutes=t.integer("duration_minutes", minimum=1, default=fmt.duration_minutes),
        anchor_city=t.text("anchor_city"),
        zone=t.zone("zone"),
        status=cast(Status, status),
        published_utc=t.text("published_utc", None),
        published_local=t.text("published_local", None),
        join_url=_url(t, "join_url", None),
        min_sequence=t.integer("min_sequence", minimum=0, maximum=MAX_SEQUENCE, default=0),
        register_url=_url(t, "register_url", None),
        regions=_regions(t),
    )


def _language(t: _Table, default: Any = ...) -> str:
    language = cast(str, t.text("language", default))
    if not LANGUAGE_TAG.fullmatch(language):
        raise t.fail("language", f'"{language}" is not a BCP 47 language tag such as "es"')
    return language


def _regions(t: _Table) -> tuple[str, ...]:
    if "regions" not in t.data:
        return ()
    names = t.strings("regions")
    if not names:
        raise t.fail("regions", "is empty; name at least one Wikimedia region or remove the key")
    for index, name in enumerate(names):
        if name not in WIKIMEDIA_REGIONS:
            hint = closest(name, WIKIMEDIA_REGIONS, n=1, cutoff=0.5)
            fix = f'did you mean "{hint[0]}"?' if hint else "use a Wikimedia region's exact name"
            known = "; ".join(WIKIMEDIA_REGIONS)
            raise t.fail(
                f"regions[{index}]", f'"{name}" is not a Wikimedia region; {fix} ({known})'
            )
        if name in names[:index]:
            raise t.fail(f"regions[{index}]", f'"{name}" is listed twice; keep one')
    return names


def _check_unique_ids(sessions: tuple[Session, ...], source: str) -> None:
    seen: dict[str, int] = {}
    for index, session in enumerate(sessions):
        if session.id in seen:
            raise ScheduleError(
                f'{source}: session[{index}].id: "{session.id}" is already used by '
                f"session[{seen[session.id]}]; give each session its own id"
            )
        seen[session.id] = index
