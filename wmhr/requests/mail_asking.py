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
only next to a word for interpretation or after `Language:`. A language directly followed by
`translation of` ("I read the Ukrainian translation of the policy") is a mention too.

Languages named together in one place (`Ukrainian and Russian interpretation`, `al inglés y al
portugués`, `en français et en arabe`, `into French or Arabic`) all count: one request each.
Two things make the whole message doubtful; then nothing is asked for (every language named is
returned as a mention, with the reason, and the caller sends the message to triage):

- a negation or withdrawal (`not`, `no`, `don't`, `never`, `without`, `cancel`, `withdraw`, and
  their like in wmhr's languages: `no`, `sin`, `cancelar`; `ne`, `pas`, `sans`, `annuler`; `não`,
  `sem`; `tidak`, `bukan`, `batal`; `لا`, `بدون`, `إلغاء`; `не`, `без`, `отменить`) within four
  words before or after a language asked for or a word for interpretation, articles and
  prepositions not counted, and never across another language: "I don't need French
  interpretation", "No need for Spanish interpretation", "Pas besoin d'interprétation",
  "Please cancel my French interpretation request", "interpretation not needed". A negation
  next to another language only is no doubt ("Not French, but Arabic interpretation please"
  asks for Arabic; "Je ne parle pas anglais. Interprétation en arabe" for Arabic). Portuguese
  `no` ("in the") is read as the negation it is in English and Spanish: such a message goes to
  triage.
- languages asked for in different places that differ ("Thank you for the German
  interpretation last year. This year I'd like Korean interpretation"); the same language asked
  for twice, in the subject and the body or as `French (fr-SN)`, is one.
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
# A negation or a withdrawal, in English, wmhr's languages and Swahili (`don't` with either
# apostrophe; French `n'` is read as `ne`).
_NOT = (
    "not no don't doesn't didn't won't wouldn't isn't aren't can't cannot dont never without "
    "neither nor none cancel cancels cancelled canceled cancelling canceling cancellation "
    "withdraw withdraws withdrawing withdrawn withdrew instead "
    "ni sin nunca tampoco ninguna ninguno cancelar cancela cancele cancelen cancelo anular "
    "ne pas sans jamais aucun aucune annuler annule annulez annulation "
    "não nem sem nenhum nenhuma cancelamento "
    "tidak tak tdk bukan tanpa jangan batal batalkan membatalkan pembatalan gak nggak enggak "
    "لا لن لم ليس لست ليست بدون دون بلا إلغاء ألغي "
    "не нет ни без отменить отмените отменяю отмена отмену "
    "sihitaji sitaki hapana bila"
)
NEGATION = _folded(_NOT) | _folded(_NOT.replace("'", "\u2019"))
THIN = CONNECTOR | FOR | FILLER  # what a negation reaches across without counting it
NEGATION_REACH = 4  # "I don't think we need French", "we won't be needing the French one"
DECLINES = "declines or withdraws a language; check by hand"
SEVERAL = "asks for languages in several places; check by hand"
# After a language, these make it a description of something else: `Polish Wikipedian`.
MENTION = _folded(
    "wikipedia wikipedian wikipedians wikimedian wikimedians wiki wikis wiktionary wikisource "
    "community communities speaker speakers user users chapter editor editors project projects "
    "edition comunidad communauté comunidade komunitas сообщество"
)
TRANSLATION = _folded("translation translations")  # `the Ukrainian translation of the policy`
OF = _folded("of")
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
            elif _is(clause[end], AND) and (following := _next_language(clause, end + 1)):
                end = following + 1
            else:
                break
        runs.append((index, end))
        index = end
    return runs


def _next_language(clause: Sequence[Item], index: int) -> int | None:
    """Where a language stands at `index`, after at most a few connectors (`y al portugués`)."""
    for at in range(index, min(len(clause), index + CONNECTOR_REACH + 1)):
        if clause[at].language is not None:
            return at
        if not _is(clause[at], CONNECTOR):
            return None
    return None


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
    """`Polish Wikipedian`, `the Ukrainian translation of the policy`: the language describes
    something else."""
    if clause[index].written:
        return False
    follows = clause[index + 1 : index + 3]
    if follows and _is(follows[0], MENTION):
        return True
    return len(follows) == 2 and _is(follows[0], TRANSLATION) and _is(follows[1], OF)


def _negated(clause: Sequence[Item], start: int, end: int) -> bool:
    """A negation within NEGATION_REACH words before `start` or from `end` on, articles and
    prepositions not counted, and not across another language."""
    for indices in (range(start - 1, -1, -1), range(end, len(clause))):
        counted = 0
        for index in indices:
            item = clause[index]
            if item.language is not None:
                break
            if _is(item, NEGATION):
                return True
            if not _is(item, THIN):
                counted += 1
                if counted == NEGATION_REACH:
                    break
    return False


def _primary(tags: Iterable[str]) -> frozenset[str]:
    """`fr-SN` and `fr` are one language where places are compared."""
    return frozenset(tag.split("-")[0] for tag in tags)


class Asking(NamedTuple):
    """The languages a message asks for and the others it names, each in the order first named;
    with a reason to doubt the message, `asked` is empty and `doubt` says why."""

    asked: list[str]
    named: list[str]
    doubt: str = ""


def asked_for(subject: Iterable[Sequence[Item]], body: Iterable[Sequence[Item]]) -> Asking:
    """What the clauses of the subject line and of the body ask for."""
    asked: list[str] = []
    named: list[str] = []  # every language that could be a request on its own
    places: set[frozenset[str]] = set()  # the languages asked for, one set per place
    negated: set[str] = set()  # languages next to a negation
    declined = False  # a word for interpretation next to a negation
    framed = False  # a word for interpretation anywhere: the message asks for some
    for in_subject, clauses in ((True, subject), (False, body)):
        for clause in clauses:
            for index, item in enumerate(clause):
                if _is(item, REQUEST):
                    framed = True
                    declined = declined or _negated(clause, index, index + 1)
            for start, end in _groups(clause):
                strong = _requested_after(clause, end) or _requested_before(clause, start)
                plain = in_subject or _plainly_asked(clause, start, end)
                here: list[str] = []
                for index in range(start, end):
                    item = clause[index]
                    if item.language is None:
                        continue  # the `and` of a run
                    if item.written or (
                        not _mentioned(clause, index) and (strong or (plain and not item.ordinary))
                    ):
                        here.append(item.language)
                    elif not item.ordinary and not _mentioned(clause, index):
                        named.append(item.language)
                if here:
                    places.add(_primary(here))
                    asked.extend(here)
                if _negated(clause, start, end):
                    negated.update(_primary(i.language for i in clause[start:end] if i.language))
    if not asked and framed and len(set(named)) == 1:
        asked = named  # "Interpretation request: asia" and, on a line of its own, "Kiswahili"
    asked = list(dict.fromkeys(asked))
    doubt = ""
    if declined or negated & _primary(asked):
        doubt = DECLINES
    elif len(places) > 1:
        doubt = SEVERAL
    if doubt:
        return Asking([], list(dict.fromkeys([*asked, *named])), doubt)
    return Asking(asked, [tag for tag in dict.fromkeys(named) if tag not in asked])
