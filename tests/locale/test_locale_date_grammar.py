"""Dates go into sentences as CLDR writes them, in the nominative ("среда, 4 мая 2022"): a
Russian preposition before one ("до среда", "для встречи «…» понедельник") is a grammar error, so
every Russian sentence puts a date after a colon, a dash, "то есть" or an opening parenthesis."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from wmhr.locale import catalogs
from wmhr.requests.mail_drafts import outcome_draft, received_draft
from wmhr.requests.mail_import import ReplyContext
from wmhr.requests.threshold import deadlines_by_session
from wmhr.schedule.model import Schedule

DATES = ("deadline", "start", "when", "moment", "local", "closes")
# What may stand before a nominative date in Russian: the start, "(", ": ", "— ", "то есть ".
RU_BEFORE_A_DATE = re.compile(r"(?:^|\(|: |— |то есть )$")
NOW = datetime(2022, 5, 1, tzinfo=UTC)
CONTEXT = ReplyContext("ana@example.org", "<1@example.org>", "", "Interpretation: cee")


def _strings() -> list[str]:
    catalog = catalogs.read(catalogs.po_path("ru"))
    found = []
    for message in catalog:
        if message.id:
            strings = message.string
            found += list(strings) if isinstance(strings, tuple | list) else [strings]
    return found


@pytest.mark.parametrize("name", DATES)
def test_no_russian_sentence_puts_a_preposition_before_a_date(name: str) -> None:
    wrong = [
        text
        for text in _strings()
        for match in re.finditer(rf"\{{{name}\}}", text)
        if not RU_BEFORE_A_DATE.search(text[: match.start()])
    ]
    assert wrong == []


def _body(message) -> str:  # type: ignore[no-untyped-def]
    return " ".join(message.get_content().split())


def test_a_russian_acknowledgement_reads_the_deadline_and_start_as_dates(
    schedule: Schedule,
) -> None:
    cee = schedule.session("cee")
    letter = _body(
        received_draft(
            CONTEXT,
            schedule=schedule,
            session=cee,
            languages=("ru",),
            deadline=deadlines_by_session(schedule)["cee"],
            on_time=True,
            language="ru",
            now=NOW,
        )
    )
    assert "до среда" not in letter and "» понедельник" not in letter
    assert "для встречи «Центральная и Восточная Европа» (начало: понедельник, 9 мая 2022" in letter
    assert "запросят не менее 4 человек; крайний срок — среда, 4 мая 2022" in letter


def test_a_russian_outcome_reads_the_deadline_and_start_as_dates(schedule: Schedule) -> None:
    cee = schedule.session("cee")
    draft = outcome_draft(
        CONTEXT,
        schedule=schedule,
        session=cee,
        outcomes={"ru": True, "uk": False},
        deadline=deadlines_by_session(schedule)["cee"],
        language="ru",
        now=NOW,
    )
    confirmed, not_met = (" ".join(p.split()) for p in draft.get_content().split("\n\n")[1:3])
    assert confirmed.startswith(
        "Устный перевод на русский для встречи «Центральная и Восточная Европа» (начало: "
        "понедельник, 9 мая 2022"
    )
    assert confirmed.endswith(" UTC) подтверждён.")
    assert "на встрече «Центральная и Восточная Европа» (начало: понедельник, 9 мая 2022" in not_met
    assert "не будет: к крайнему сроку (среда, 4 мая 2022" in not_met
    assert not_met.endswith(" UTC) его запросили меньше 4 человек.")  # noqa: RUF001
