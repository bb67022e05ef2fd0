"""`wmhr publish wiki|html|text`: the schedule where participants read it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.options import (
    ApiOption,
    DbOption,
    FileOption,
    NowOption,
    TzOption,
    check_language,
    complete_session,
    read_now,
    session_ids,
)
from wmhr.cli.root import app, command, say, warn
from wmhr.schedule.model import load

if TYPE_CHECKING:
    from collections.abc import Mapping

    from wmhr.invites.issuing import Issued

# The invites machinery (sqlite3) is imported inside `publish html` only.

publish_app = typer.Typer(
    help="Publish the schedule: the Meta-Wiki table, a static page, an announcement.",
    no_args_is_help=False,  # without a command: one usage line, exit 2
)
app.add_typer(publish_app, name="publish")


class TextStyle(StrEnum):
    plain = "plain"
    markdown = "markdown"


# -o for the texts organizers paste (wiki, announcement); `ics -o` has its own, calendar help.
OutputFileOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (default: standard output, or -).",
        show_default=False,
    ),
]


def _emit(
    text: str, output: str | None, *, file: Path | None = None, recorded: bool = False
) -> None:
    """To standard output (None or -), or to a file under wmhr.writing's policy; `recorded`:
    something is done once it is delivered, so a reader that went away is an error."""
    from wmhr import writing

    if output is None or output == "-":
        # UTF-8 whatever the terminal's encoding
        writing.write_stdout(text.encode("utf-8"), recorded=recorded)
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
    output: OutputFileOption = None,
    edit: Annotated[
        str | None,
        typer.Option(
            "--edit",
            help="Update the table on this wiki page (between <!-- wmhr:begin --> and "
            "<!-- wmhr:end -->): show the diff; with --yes, save it. Needs --api.",
            metavar="TITLE",
            show_default=False,
        ),
    ] = None,
    api: ApiOption = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help="With --edit: save the edit (logs in with the bot password in "
            "$WMHR_WIKI_USER and $WMHR_WIKI_PASSWORD).",
        ),
    ] = False,
    summary: Annotated[
        str | None,
        typer.Option(
            "--summary",
            help="With --edit: the edit summary (default: what changed, e.g. "
            '"asia moved to 13:00 UTC").',
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    revision: Annotated[
        int | None,
        typer.Option(
            "--revision",
            help="With --edit --yes: save the diff shown for this revision of the page (as the "
            "diff printed it); an edit made since by someone else is then a conflict.",
            metavar="N",
            show_default=False,
            min=1,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Write the table in this language (a BCP 47 tag: es, fr). Default: the "
            "series language, the page's own; a session held in another is marked "
            '"Conducted in ...".',
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
) -> None:
    """The series page's table as wikitext for Meta-Wiki, with Zonestamp links."""
    from wmhr.errors import WikiError
    from wmhr.locale.language import language_or
    from wmhr.publishing import wikitext

    check_language(lang)
    loaded = load(file)
    words = language_or(lang or loaded.series.language, loaded.series.language)
    table = wikitext.table(loaded, words, translate=translate, one_language=lang is not None)
    if edit is None:
        if api or yes or summary is not None or revision is not None:
            raise WikiError("--api, --yes, --summary and --revision go with --edit TITLE")
        _emit(table, output, file=file)
        return
    if api is None or output is not None:
        raise WikiError("--edit needs --api URL (the wiki's api.php), and takes no --output")
    _edit_wiki(edit, api, table, translate=translate, save=yes, summary=summary, base=revision)


def _edit_wiki(
    title: str,
    api: str,
    table: str,
    *,
    translate: bool,
    save: bool,
    summary: str | None,
    base: int | None,
) -> None:
    """Show the page's diff; with `save`, log in and save it (a conflict if edited meanwhile)."""
    import os

    from wmhr.controls import printable
    from wmhr.errors import WikiError
    from wmhr.publishing import wiki_page
    from wmhr.publishing.wiki_api import WikiSite

    credentials = (os.environ.get("WMHR_WIKI_USER"), os.environ.get("WMHR_WIKI_PASSWORD"))
    if save and not all(credentials):
        raise WikiError(
            "--yes needs a bot password: set WMHR_WIKI_USER (Name@App) and WMHR_WIKI_PASSWORD "
            "from the wiki's Special:BotPasswords (grants: basic, editpage)"
        )
    site = WikiSite(api)
    if save:
        site.login(str(credentials[0]), str(credentials[1]))
    page = site.read(title, base)
    plan = wiki_page.plan_edit(
        page.text, table, title=page.title, translate=translate, revision=page.revision
    )
    if not plan.changed:
        say(f"{page.title}: the table is already up to date; nothing to save")
        return
    # The diff quotes the page, text from outside: no control character reaches the terminal.
    # With --yes the page is saved after its diff: a diff cut off is an error, nothing saved.
    _emit("".join(f"{printable(line)}\n" for line in plan.diff.splitlines()), None, recorded=save)
    if not save:
        say(
            f"nothing saved; to save this diff of revision {page.revision}, run again with "
            f"--yes --revision {page.revision}"
        )
        return
    saved = site.save(page, plan.text, summary or plan.summary)
    if saved.revision is None:
        say(f"{page.title}: the wiki found the text unchanged and made no revision")
    else:
        say(f"saved {page.title}: revision {saved.revision} ({summary or plan.summary})")


@command("html", group=publish_app)
def html(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="The site's folder: index.html, schedule.json (what `wmhr sessions --json` "
            "prints) and invites/ (the invites of `wmhr ics`).",
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
    from wmhr.output import render, schedule_views
    from wmhr.publishing import page
    from wmhr.schedule import timetable
    from wmhr.time.zones import tzdata_version

    moment = read_now(now)
    check_language(lang)
    loaded = load(file)
    words = language_or(lang or loaded.series.language, loaded.series.language)

    def pages(plan: IssuePlan, issued: Mapping[str, Issued]) -> dict[str, bytes]:
        """The page and schedule.json, made with the invites they link to."""
        invites = {name.removesuffix(".ics"): f"invites/{name}" for name, _ in plan.files}
        moved = {
            record.content.session_id: record.content.moved_from
            for record in issued.values()
            if record.content.kind == "session" and record.content.moved_from is not None
        }
        html = page.render(
            loaded,
            words,
            now=moment,
            tzdata=tzdata_version(),
            invites=invites,
            one_language=lang is not None,
            moved_from=moved,
        )
        sessions = schedule_views.timetable_output(
            timetable.build(loaded, now=moment, requested=[]),
            now=moment,
            tzdata=tzdata_version(),
            notes=[],
        )
        return {
            "index.html": html.encode("utf-8"),
            "schedule.json": render.to_json(sessions.data).encode("utf-8"),
        }

    db_path = store.default_path(db)
    result = service.issue(
        loaded,
        IssueRequest(language=lang),
        now=moment,
        destination=service.Destination(
            "site", out, option="--out", pages=("index.html", "schedule.json")
        ),
        database=db_path,
        protected=protected(file, db),
        pages=pages,
    )
    for warning in result.plan.warnings:
        warn(warning)
    written = result.changed_files + result.unchanged_files
    say(
        f"wrote {out}: index.html, schedule.json and {written - 2} calendar file(s) "
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
            autocompletion=complete_session,
            callback=session_ids,
            show_default=False,
        ),
    ] = None,
    tz: TzOption = None,
    style: Annotated[
        TextStyle,
        typer.Option(
            "--style",
            "--format",  # its first name; --format elsewhere means table, json or csv
            help="plain (e-mail: lines under 80 characters) or markdown (--format is an old name).",
        ),
    ] = TextStyle.plain,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Write the announcement in this language (a BCP 47 tag: es, ar). Default: the "
            "sessions' own language when they share one, else the series language.",
            show_default=False,
        ),
    ] = None,
    output: OutputFileOption = None,
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
        fmt=style.value,
    )
    _emit(text, output, file=file)
