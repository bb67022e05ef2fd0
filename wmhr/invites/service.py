"""Issuing invites: read what is already published, plan, write and record, in one transaction.

Every command that writes invites (`wmhr ics` to a folder, a file or standard output, and
`wmhr publish html`, whose site holds `invites/`) calls `issue`; `wmhr ics --dry-run` calls
`preview`, which plans the same way and writes nothing.

The order, and why:
1. The destination is checked (wmhr.writing's policy) before anything is planned.
2. Under the database's write lock (a second run waits), the files the run replaces are read
   back, after removing a killed run's temporary files: SEQUENCE never goes below what a
   published copy carries, even when the database is lost, restored from an old backup, or
   behind because a run stopped between writing and recording.
3. The files are written first and the issued state recorded last, in the same transaction: if a
   file (or standard output) cannot be written, nothing is recorded.

Without a database (a participant's one-off invite: -o with no --db nor $WMHR_DB and no wmhr.db
here), nothing is created or recorded and sqlite3 is never imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from wmhr import writing
from wmhr.errors import WmhrError
from wmhr.invites.issuing import Issued  # loaded by the planner anyway
from wmhr.invites.planner import IssuePlan, IssueRequest, plan_issue
from wmhr.invites.published import Published, collect

if TYPE_CHECKING:
    from wmhr.schedule.model import Schedule

DestinationKind = Literal["folder", "file", "stdout", "site"]
SITE_INVITES = "invites"
# A site's other files, made from the plan (the page links the invites it holds).
# A site's own pages, made from the run's plan and every event's issue after it (the ledger's,
# updated by the plan; empty without a database): a page says which sessions moved, and from when.
Pages = Callable[[IssuePlan, Mapping[str, Issued]], Mapping[str, bytes]]


# Plain classes, not NamedTuples: each NamedTuple costs about 0.3 ms to create at import, and a
# participant's one-off invite (which goes through here) is timed from a cold start.
class Destination:
    """Where a run's calendars go: a folder of files (`wmhr ics --out`), one file (`-o FILE`),
    standard output (`-o -`), or a site's `invites/` beside its pages (`publish html --out`);
    `pages` names a site's own files besides `invites/`, checked before anything is planned."""

    __slots__ = ("kind", "option", "pages", "path")

    def __init__(
        self,
        kind: DestinationKind,
        path: Path | None = None,
        option: str = "--out",
        pages: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.path = path
        self.option = option
        self.pages = pages

    def describe(self) -> str:
        return "standard output" if self.kind == "stdout" else str(self.path)

    def invite_folder(self) -> Path | None:
        if self.kind == "folder":
            return self.path
        if self.kind == "site" and self.path is not None:
            return self.path / SITE_INVITES
        return None


class IssueReport:
    """What a run did; `database` None: a one-off, nothing recorded."""

    __slots__ = (
        "changed_files",
        "database",
        "destination",
        "plan",
        "removed_leftovers",
        "unchanged_files",
    )

    def __init__(
        self,
        plan: IssuePlan,
        destination: Destination,
        database: Path | None,
        files: tuple[int, int],
        removed_leftovers: int,
    ) -> None:
        self.plan = plan
        self.destination = destination
        self.database = database
        self.changed_files, self.unchanged_files = files
        self.removed_leftovers = removed_leftovers


class Preview:
    """What a run would do (`--dry-run`): per file "new", "replaced" or "unchanged"; the
    database read (None: none)."""

    __slots__ = ("database", "files", "plan")

    def __init__(
        self, plan: IssuePlan, files: list[tuple[str, str]], database: Path | None
    ) -> None:
        self.plan = plan
        self.files = files
        self.database = database


def issue(
    schedule: Schedule,
    request: IssueRequest,
    *,
    now: datetime,
    destination: Destination,
    database: Path | None,
    protected: writing.Protected,
    pages: Pages | None = None,
) -> IssueReport:
    """Plan, write and record one run. `database` None: a one-off without a ledger."""
    _check(destination, protected)
    if database is None or not database.exists():
        _check_requested_ids(schedule, request)
    if database is None:
        removed = _clean(destination)
        plan = plan_issue(schedule, request, None, now=now, published=_published(destination))
        files = _write(plan, destination, protected, pages, {})
        return IssueReport(plan, destination, None, files, removed)
    from wmhr import store
    from wmhr.invites import ledger

    conn = ledger.open_db(database)
    try:
        with store.transaction(conn, database):
            removed = _clean(destination)
            state = ledger.load(conn, database, schedule.series.id)
            published = _published(destination)
            plan = plan_issue(schedule, request, state, now=now, published=published)
            issued = {**state, **{record.uid: record for record in plan.records}}
            files = _write(plan, destination, protected, pages, issued)
            ledger.save(conn, plan.records)  # the transaction turns SQLite errors into one line
    finally:
        conn.close()
    return IssueReport(plan, destination, database, files, removed)


def preview(
    schedule: Schedule,
    request: IssueRequest,
    *,
    now: datetime,
    destination: Destination,
    database: Path | None,
    protected: writing.Protected,
) -> Preview:
    """Plan as `issue` would, from the database (read-only, never created; None: none) and the
    files in place (read, never changed); a destination `issue` would refuse is refused."""
    if destination.kind == "file" and destination.path is not None:
        writing.check_file(destination.path, destination.option, protected)
    state: dict[str, Issued] | None = None
    read = None
    if database is not None:
        from wmhr import store
        from wmhr.invites import ledger

        state = {}
        conn = store.open_to_read(database, ledger.COMPONENT, ledger.MIGRATIONS)
        if conn is not None:
            read = database
            try:
                state = ledger.load(conn, database, schedule.series.id)
            finally:
                conn.close()
    plan = plan_issue(schedule, request, state, now=now, published=_published(destination))
    files = []
    for name, data in plan.files:
        path = _file_path(destination, name)
        files.append((name or destination.describe(), writing.compare(path, data)))
    return Preview(plan, files, read)


def _check(destination: Destination, protected: writing.Protected) -> None:
    if destination.kind == "file" and destination.path is not None:
        writing.check_file(destination.path, destination.option, protected)
    elif destination.kind in ("folder", "site") and destination.path is not None:
        from wmhr import folder_writing  # a one-off invite (-o FILE) is timed: not loaded there

        names = (
            [*destination.pages, f"{SITE_INVITES}/series.ics"] if destination.kind == "site" else []
        )
        folder_writing.check_folder(
            destination.path, names, option=destination.option, protected=protected
        )
        folder_writing.make_parents(destination.path, option=destination.option)


def _check_requested_ids(schedule: Schedule, request: IssueRequest) -> None:
    """Nothing issued yet: only the schedule's ids exist (said before a database is made)."""
    for session_id in request.sessions:
        schedule.session(session_id)


def _clean(destination: Destination) -> int:
    """Remove the temporary files a killed run left where this one writes."""
    folder = destination.invite_folder()
    if folder is not None:
        return len(writing.remove_leftovers(folder))
    if destination.kind == "file" and destination.path is not None:
        target = destination.path
        return len(writing.remove_leftovers(target.parent, {target.name}))
    return 0


def _published(destination: Destination) -> dict[str, Published]:
    """What the files this run replaces already carry (links are not followed)."""
    if destination.kind == "file" and destination.path is not None:
        return collect(writing.read_regular_files([destination.path]))
    folder = destination.invite_folder()
    if (
        folder is None
        or not folder.is_dir()
        or (folder.is_symlink() and folder != destination.path)
    ):
        return {}
    return collect(writing.read_regular_files(sorted(folder.glob("*.ics"))))


def _file_path(destination: Destination, name: str) -> Path | None:
    if destination.kind == "stdout":
        return None
    if destination.kind == "file":
        return destination.path
    folder = destination.invite_folder()
    return None if folder is None else folder / name


def _write(
    plan: IssuePlan,
    destination: Destination,
    protected: writing.Protected,
    pages: Pages | None,
    issued: Mapping[str, Issued],
) -> tuple[int, int]:
    """(files changed, files unchanged)."""
    if destination.kind == "stdout":
        writing.write_stdout(plan.files[0][1], recorded=True)  # issued only once delivered
        return 1, 0
    assert destination.path is not None
    if destination.kind == "file":
        changed = writing.write_file(
            destination.path, plan.files[0][1], option=destination.option, protected=protected
        )
        return (1, 0) if changed else (0, 1)
    files = {}
    prefix = f"{SITE_INVITES}/" if destination.kind == "site" else ""
    for name, data in plan.files:
        # Names come from validated session ids; refuse anything else rather than trust it.
        if Path(name).name != name or not name.endswith(".ics"):
            raise WmhrError(f"refusing to write {name!r} outside {destination.option}")
        files[prefix + name] = data
    if pages is not None:
        files.update(pages(plan, issued))
    from wmhr import folder_writing

    result = folder_writing.write_folder(
        destination.path, files, option=destination.option, protected=protected
    )
    return result.changed, result.unchanged
