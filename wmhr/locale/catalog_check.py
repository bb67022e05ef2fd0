"""For `wmhr check`: sessions held in a language wmhr has no complete catalog for."""

from __future__ import annotations

from wmhr.locale.language import available, has_language
from wmhr.schedule.check import Finding
from wmhr.schedule.localized import same_language
from wmhr.schedule.model import Schedule


def catalog_findings(schedule: Schedule) -> list[Finding]:
    findings = []
    series_language = schedule.series.language
    for session in schedule:
        tag = session.language
        if session.cancelled or same_language(tag, series_language) or has_language(tag):
            continue
        findings.append(
            Finding(
                "warning",
                "no-catalog",
                session.id,
                f"the session is held in {tag}, but wmhr has no complete translation of its "
                f"texts in it (available: {', '.join(available())}): its invite is written in "
                f"{series_language}; add wmhr/locale/{tag.split('-')[0]}/LC_MESSAGES/wmhr.po "
                "(see README, Languages)",
            )
        )
    return findings
