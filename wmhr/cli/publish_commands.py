"""`wmhr publish wiki|html|text`: the schedule where participants read it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wmhr.cli.options import (
    DbOption,
    FileOption,
    LangOption,
    NowOption,
    TzOption,
    check_language,
    read_now,
)
from wmhr.cli.root import app, command, say, warn
from wmhr.schedule.model import load

# The invites machinery (sqlite3) is imported inside `publish html` only.

publish_app = typer.Typer(
    help="Publish the schedule: the Meta-Wiki table, a static page, an announcement.",
    no_args_is_help=True,
)
app.add_typer(publish_app, name="publish")


class TextFormat(StrEnum):
    plain = "plain"
    markdown = "markdown"


def _emit(text: str, output: str | None, *, file: Path | None = None) -> None:
    """To standard output (None or -), or to a file under wmhr.writing's policy."""
    from wmhr import writing

    if output is None or output == "-":
        writing.write_stdout(text.encode("utf-8"))  # UTF-8 whatever the terminal's encoding
        return
    from wmhr.cli.targets import protected

    target = Path(output)
    data = text.encode("utf-8")
    writing.write_file(target, data, option="-o", protected=protected(file, None))
    say(f"wrote {output}")


@command("wiki", group=publish_app)
def wiki(
    translate: Annotated[
        bool,
        typer.Option(
            "--translate",
            help="Add Translate-extension markup (<languages/>, <translate> units, <tvar>), "
            "as Meta-Wiki's translatable pages use.",
        ),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (default: standard output, or -).",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    file: FileOption = None,
) -> None:
    """The series page's table as wikitext for Meta-Wiki, with Zonestamp links."""
    from wmhr.locale.language import language_or
    from wmhr.publishing import wikitext

    check_language(lang)
    loaded = load(file)
    words = language_or(lang or loaded.series.language, loaded.series.language)
    _emit(wikitext.table(loaded, words, translate=translate), output, file=file)


@command("html", group=publish_app)
def html(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="The site's folder: index.html and invites/ (the invites of `wmhr ics`).",
            show_default=False,
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Write the page (and its invites) in this language throughout (a BCP 47 tag: "
            "es, ar). Default: the series language, each session in its own.",
            show_default=False,
        ),
    ] = None,
    now: NowOption = None,
    file: FileOption = None,
    db: DbOption = None,
) -> None:
    """A static page for participants (complete without JavaScript) and its invites."""
    # Imported here: other commands must start fast, and these pull in sqlite3.
    from wmhr import store
    from wmhr.cli.targets import protected
    from wmhr.invites import service
    from wmhr.invites.planner import IssuePlan, IssueRequest
    from wmhr.locale.language import language_or
    from wmhr.publishing import page
    from wmhr.time.zones import tzdata_version

    moment = read_now(now)
    check_language(lang)
    loaded = load(file)
    words = language_or(lang or loaded.series.language, loaded.series.language)

    def index(plan: IssuePlan) -> dict[str, bytes]:
        invites = {name.removesuffix(".ics"): f"invites/{name}" for name, _ in plan.files}
        html = page.render(
            loaded,
            words,
            now=moment,
            tzdata=tzdata_version(),
            invites=invites,
            one_language=lang is not None,
        )
        return {"index.html": html.encode("utf-8")}

    db_path = store.default_path(db)
    result = service.issue(
        loaded,
        IssueRequest(language=lang),
        now=moment,
        destination=service.Destination("site", out, option="--out", pages=("index.html",)),
        database=db_path,
        protected=protected(file, db),
        pages=index,
    )
    for warning in result.plan.warnings:
        warn(warning)
    written = result.changed_files + result.unchanged_files
    say(
        f"wrote {out}: index.html and {written - 1} calendar file(s) "
        f"({result.changed_files} file(s) new or changed, {result.unchanged_files} unchanged); "
        f"issued state in {db_path}"
    )


@command("text", group=publish_app)
def text(
    sessions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Session ids to announce. Default: every session.",
            metavar="SESSION",
            show_default=False,
        ),
    ] = None,
    tz: TzOption = None,
    format: Annotated[
        TextFormat,
        typer.Option("--format", help="plain (e-mail: lines under 80 characters) or markdown."),
    ] = TextFormat.plain,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Write the announcement in this language (a BCP 47 tag: es, ar). Default: the "
            "sessions' own language when they share one, else the series language.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (default: standard output, or -).",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
) -> None:
    """An announcement for mailing lists, chats and talk pages."""
    from wmhr.locale.language import language_or
    from wmhr.publishing import announcement
    from wmhr.time.zones import resolve

    check_language(lang)
    loaded = load(file)
    ids = [s.strip() for s in sessions or []]
    words = language_or(lang or announcement.language_of(loaded, ids), loaded.series.language)
    places = None
    if tz:
        requested = [(typed, resolve(typed)) for typed in tz]
        places = announcement.typed_places(loaded, requested, words)
    text = announcement.render(
        loaded,
        words,
        session_ids=ids,
        places=places,
        fmt=format.value,
    )
    _emit(text, output, file=file)
