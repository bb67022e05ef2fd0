"""Which of the languages a message names it asks for: precision first, never a guess.

A language named in passing ("I'm a Polish Wikipedian", "my English is not good", the Spanish
word "flamenco", which also names Flemish) is not a request. A language counts where it is asked
for, in the forms people write:

- next to a word for interpretation, in English or wmhr's languages: `French interpretation`,
  `interpretation into French`, `interprétation en français`, `interpretación al español`,
  `перевод на русский`, `الترجمة إلى العربية`, `penerjemahan bahasa Indonesia`, or after
  `Language:` (the announcement's label);
- in the subject line, where the published subject puts it (`Interpretation request: asia`, and
  the language);
- `into French` / `in French`, `French for the Asia session`, `French, please`;
- written as a BCP 47 tag (`fr-SN`, `[ar]`): nobody writes a tag in passing.

When none is asked for that way, a message that asks for interpretation (a word for it anywhere,
as in the published subject) and names exactly one language asks for that one. Otherwise the
languages named are returned as mentions, and the caller sends the message to triage. A language
directly followed by a word such as "Wikipedia" or "community" is a mention whatever surrounds it;
a name that is also an ordinary word or a place (`flamenco`, `Latin`, Indonesian `Jerman`) counts
only next to a word for interpretation or after `Language:`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple


def _folded(text: str) -> frozenset[str]:
    """Words as `mail_reading.words` folds them (case and accents set aside)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return frozenset(bare.split())


# Words for interpretation (and translation, which people say meaning it), in English, wmhr's
# languages (es fr pt id ar ru) and Swahili.
REQUEST = _folded(
    "interpretation interpretations interpreting interpreter interpreters interpret translation "
    "translate interpretación interpretaciones intérprete intérpretes traducción interprétation "
    "interprète interprètes traduction interpretação interpretações tradução penerjemahan "
    "terjemahan penerjemah interpretasi juru ترجمة الترجمة ترجمه الترجمه بالترجمة перевод "
    "перевода переводом переводчик переводчика переводчики tafsiri ukalimani mkalimani"
)
# Between a word for interpretation and the language: `into`, `al`, `на`, `إلى`, articles.
CONNECTOR = _folded(
    "into in to the of en al a à vers le la l el em para ao o da do de ke dalam bahasa ya на "
    "в إلى الى"
)
# Beside either: what kind of interpretation, or the word "language".
FILLER = _folded(
    "simultaneous live oral spoken language simultánea simultáneo simultanée simultânea lisan "
    "langue idioma língua lingua синхронный устный язык языка فورية الفورية lugha"
)
LABEL = _folded("language languages idioma idiomas langue langues língua bahasa язык اللغة lugha")
INTO = _folded("into in en em")
FOR = _folded("for pour para untuk bagi для kwa لجلسة لجلسات")
PLEASE = _folded("please pls plz favor favour plait svp tafadhali пожалуйста فضلك tolong mohon")
AND = _folded("and or y o et ou e dan atau и или و na au")
# After a language, these make it a description of something else: `Polish Wikipedian`.
MENTION = _folded(
    "wikipedia wikipedian wikipedians wikimedian wikimedians wiki wikis wiktionary wikisource "
    "community communities speaker speakers user users chapter editor editors project projects "
    "edition comunidad communauté comunidade komunitas сообщество"
)
FOR_REACH = 4  # words between `for` and the session: "for the Central & Eastern Europe"
CONNECTOR_REACH = 3  # "interpretación simultánea al español"


class Item(NamedTuple):
    """One word or phrase of a clause, as the vocabulary reads it."""

    word: str  # the folded word ("" for a phrase)
    language: str | None = None  # the canonical tag it names
    sessions: frozenset[str] = frozenset()
    written: bool = False  # a BCP 47 tag written as one
    ordinary: bool = False  # also an ordinary word or a place: needs a word for interpretation


def _is(item: Item, words: frozenset[str]) -> bool:
    return item.language is None and not item.sessions and item.word in words


def _groups(clause: Sequence[Item]) -> list[tuple[int, int]]:
    """Runs of languages (`Ukrainian and Russian`, `português (pt-BR)`): (start, end) indices."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(clause):
        if clause[index].language is None:
            index += 1
            continue
        end = index + 1
        while end < len(clause):
            if clause[end].language is not None:
                end += 1
            elif _is(clause[end], AND) and end + 1 < len(clause) and clause[end + 1].language:
                end += 2
            else:
                break
        runs.append((index, end))
        index = end
    return runs


def _requested_after(clause: Sequence[Item], end: int) -> bool:
    """`French (simultaneous) interpretation`."""
    for item in clause[end : end + 3]:
        if _is(item, REQUEST):
            return True
        if not _is(item, FILLER):
            return False
    return False


def _requested_before(clause: Sequence[Item], start: int) -> bool:
    """`interpretation into French`, `перевод на русский`, `Language: French`."""
    if start == 1 and _is(clause[0], LABEL):  # a line that starts `Language:`
        return True
    for item in reversed(clause[max(0, start - CONNECTOR_REACH - 1) : start]):
        if _is(item, REQUEST):
            return True
        if not (_is(item, CONNECTOR) or _is(item, FILLER)):
            return False
    return False


def _for_a_session(clause: Sequence[Item], end: int) -> bool:
    """`French for the Asia session`, `le japonais pour la session Asie`."""
    if end >= len(clause) or not _is(clause[end], FOR):
        return False
    for item in clause[end + 1 : end + 2 + FOR_REACH]:
        if item.sessions:
            return True
        if item.language is not None:
            return False
    return False


def _plainly_asked(clause: Sequence[Item], start: int, end: int) -> bool:
    """`into French`, `in French`, `French for the Asia session`, `French, please`."""
    into = start > 0 and _is(clause[start - 1], INTO)
    please = end < len(clause) and _is(clause[end], PLEASE)
    return into or please or _for_a_session(clause, end)


def _mentioned(clause: Sequence[Item], index: int) -> bool:
    """`Polish Wikipedian`: the language describes something else."""
    follows = clause[index + 1] if index + 1 < len(clause) else None
    return follows is not None and _is(follows, MENTION) and not clause[index].written


def asked_for(
    subject: Iterable[Sequence[Item]], body: Iterable[Sequence[Item]]
) -> tuple[list[str], list[str]]:
    """(the languages asked for, the other languages named), each in the order first named,
    from the clauses of the subject line and of the body."""
    asked: list[str] = []
    named: list[str] = []  # every language that could be a request on its own
    framed = False  # a word for interpretation anywhere: the message asks for some
    for in_subject, clauses in ((True, subject), (False, body)):
        for clause in clauses:
            framed = framed or any(_is(item, REQUEST) for item in clause)
            for start, end in _groups(clause):
                strong = _requested_after(clause, end) or _requested_before(clause, start)
                plain = in_subject or _plainly_asked(clause, start, end)
                for index in range(start, end):
                    item = clause[index]
                    if item.language is None:
                        continue  # the `and` of a run
                    if item.written or (
                        not _mentioned(clause, index) and (strong or (plain and not item.ordinary))
                    ):
                        asked.append(item.language)
                    elif not item.ordinary and not _mentioned(clause, index):
                        named.append(item.language)
    if not asked and framed and len(set(named)) == 1:
        asked = named  # "Interpretation request: asia" and, on a line of its own, "Kiswahili"
    asked = list(dict.fromkeys(asked))
    return asked, [tag for tag in dict.fromkeys(named) if tag not in asked]
