"""Every check `wmhr check` runs, in one list: the schedule's own, then those that need another
part (the translation catalogs, the world's calendars, the ledger of issued invites), which the
schedule may not import. Adding a check is adding one entry to `CHECKS`."""

from __future__ import annotations

from wmhr.invites.ledger import unpublished_findings
from wmhr.locale.catalog_check import catalog_findings
from wmhr.planning.findings import calendar_findings
from wmhr.schedule.check import SCHEDULE_CHECKS, Check, CheckInput, Finding, run_checks


def _wiki_findings(given: CheckInput) -> list[Finding]:
    if given.wiki is None:
        return []
    from wmhr.publishing.wiki_api import wiki_findings  # mwclient and the network: --wiki only

    title, api = given.wiki
    return wiki_findings(given.schedule, title, api)


CHECKS = [
    *SCHEDULE_CHECKS,
    Check("catalogs", ("no-catalog",), lambda given: catalog_findings(given.schedule)),
    Check(
        "calendars",
        (
            "anchor-country-unknown",
            "holidays-unknown",
            "public-holiday",
            "weekend",
            "anchor-outside-region",
            "regional-holidays",
        ),
        lambda given: calendar_findings(given.schedule),
    ),
    Check(
        "unpublished",
        ("unpublished-change", "unpublished-removal"),
        lambda given: (
            unpublished_findings(given.schedule, given.database)
            if given.database is not None
            else []
        ),
    ),
    Check(
        "wiki",
        ("wiki-drift", "wiki-missing-session", "wiki-unmatched-row", "wiki-no-markers"),
        _wiki_findings,
    ),
]


def run_all(given: CheckInput) -> list[Finding]:
    """The findings of every check, sorted (see wmhr.schedule.check.run_checks)."""
    return run_checks(CHECKS, given)
