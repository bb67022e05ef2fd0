"""Reply drafts to requesters, in their language when wmhr has a catalog for it: what was
recorded and when they will hear back (`received`), then whether interpretation is confirmed
(`outcome`). Threaded on the request (In-Reply-To, References). wmhr writes drafts only; a person
reads and sends them.

Every sentence is a participant-facing text like the published ones: English here, translated in
the gettext catalogs of `wmhr.locale`, the language chosen by the same catalog lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from wmhr.locale.language import Language
from wmhr.requests.mail_import import ReplyContext
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule, Session

UTC_ZONE = ZoneInfo("UTC")


def letter_language(requested: tuple[str, ...], series: str) -> str:
    """The tag of the catalog the letter is written in: the first requested language wmhr has
    one for (`pt-BR` reads `pt_BR`, `pt-AO` reads `pt`), else the series language's, else
    English."""
    from wmhr.locale.language import SOURCE, TAG, catalog_for

    for tag in (*requested, series):
        if not TAG.match(tag):
            continue
        try:
            catalog = catalog_for(tag)
        except LookupError:
            continue
        return SOURCE if catalog is None else catalog.replace("_", "-")
    return SOURCE


class _Writer:
    """The letter's sentences in one language, with the session's facts filled in."""

    def __init__(self, tag: str, schedule: Schedule, session: Session) -> None:
        from wmhr.locale.language import language_or

        # A stored tag whose catalog has since gone reads the series language.
        self.lang: Language = language_or(tag, schedule.series.language)
        self.schedule = schedule
        self.session = session

    @property
    def tag(self) -> str:
        return self.lang.tag

    def facts(self, deadline: datetime) -> dict[str, object]:
        return {
            "region": translate(self.session.region, self.tag),
            "start": self._utc(self.session.start),
            "deadline": self._utc(deadline),
        }

    def _utc(self, moment: datetime) -> str:
        """`Tuesday, 3 May 2022, 23:00 UTC`: a letter names the zone its times are in."""
        return f"{self.lang.date_time(moment, UTC_ZONE)} {self.lang.utc}"

    @property
    def threshold(self) -> int:
        return self.schedule.interpretation.min_requesters

    def hello(self) -> str:
        # TRANSLATORS: Greeting that opens a reply drafted to someone who asked for
        # interpretation by e-mail (wmhr requests import-mail --draft-replies, draft-outcome).
        return self.lang._("Hello,")

    def goodbye(self) -> str:
        # TRANSLATORS: Closing of a reply drafted to someone who asked for interpretation by
        # e-mail, on the line above the organizers' name.
        closing = self.lang._("Best regards,")
        return f"{closing}\n{self.schedule.series.organizer}"

    def received(self, languages: tuple[str, ...], deadline: datetime) -> str:
        lang = self.lang
        names = lang.and_list([lang.language_name(tag) for tag in languages])
        # TRANSLATORS: Reply drafted to someone who asked for interpretation by e-mail.
        # {languages}: the languages they asked for, e.g. "French and Spanish"; {region}: the
        # session's region, e.g. "Asia" (it stays a name: put your word for "session" in the form
        # the sentence needs); {start}: e.g. "Tue, 3 May 2022, 23:00 UTC".
        return lang._(
            "Thank you for your message. We have recorded your request for interpretation into "
            "{languages} for the {region} session on {start}.",
            languages=names,
            **self.facts(deadline),
        )

    def on_time(self, deadline: datetime) -> str:
        facts = self.facts(deadline)
        count = self.lang.number(self.threshold)
        # TRANSLATORS: In a reply drafted to someone who asked for interpretation in time.
        # {count}: how many people must ask for a language, e.g. "4"; {deadline}: the last
        # moment to ask, e.g. "Thu, 28 Apr 2022, 23:00 UTC".
        return self.lang.ngettext(
            "Interpretation into a language is arranged when at least {count} person asks for it "
            "by {deadline}. We will write to you again after that deadline to say whether it is "
            "confirmed.",
            "Interpretation into a language is arranged when at least {count} people ask for it "
            "by {deadline}. We will write to you again after that deadline to say whether it is "
            "confirmed.",
            self.threshold,
            count=count,
            deadline=facts["deadline"],
        )

    def late(self, deadline: datetime) -> str:
        # TRANSLATORS: In a reply drafted to someone whose request for interpretation came too
        # late. {deadline}: the last moment to ask, e.g. "Thu, 28 Apr 2022, 23:00 UTC".
        return self.lang._(
            "Your request arrived after the deadline ({deadline}), so it cannot count towards "
            "interpretation for this session.",
            deadline=self.facts(deadline)["deadline"],
        )

    def confirmed(self, tag: str, deadline: datetime) -> str:
        # TRANSLATORS: In a reply drafted after the deadline to someone who asked for
        # interpretation. {language}: e.g. "French"; {region}: the session's region, e.g. "Asia"
        # (it stays a name: put your word for "session" in the form the sentence needs); {start}:
        # e.g. "Tue, 3 May 2022, 23:00 UTC".
        return self.lang._(
            "Interpretation into {language} is confirmed for the {region} session on {start}.",
            language=self.lang.language_name(tag),
            **self.facts(deadline),
        )

    def not_met(self, tag: str, deadline: datetime) -> str:
        # TRANSLATORS: In a reply drafted after the deadline to someone who asked for
        # interpretation. {language}: e.g. "French"; {region}: the session's region, e.g. "Asia"
        # (it stays a name: put your word for "session" in the form the sentence needs); {start}:
        # e.g. "Tue, 3 May 2022, 23:00 UTC"; {count}: how many people had to ask, e.g. "4";
        # {deadline}: the last moment to ask, e.g. "Thu, 28 Apr 2022, 23:00 UTC".
        return self.lang.ngettext(
            "We are sorry: interpretation into {language} will not be provided for the {region} "
            "session on {start}, because fewer than {count} person asked for it by {deadline}.",
            "We are sorry: interpretation into {language} will not be provided for the {region} "
            "session on {start}, because fewer than {count} people asked for it by {deadline}.",
            self.threshold,
            language=self.lang.language_name(tag),
            count=self.lang.number(self.threshold),
            **self.facts(deadline),
        )


def _reply(
    context: ReplyContext, organizer: str, language: str, paragraphs: list[str], now: datetime
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = organizer
    message["To"] = context.address
    subject = context.subject.strip()
    message["Subject"] = subject if subject[:3].lower() == "re:" else f"Re: {subject}".strip()
    message["Date"] = format_datetime(now.astimezone(UTC))
    message["Message-ID"] = make_msgid(domain=organizer.rpartition("@")[2] or None)
    if context.message_id:
        message["In-Reply-To"] = context.message_id
        message["References"] = f"{context.references} {context.message_id}".strip()
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n\n".join(paragraphs) + "\n", charset="utf-8")
    message["Content-Language"] = language  # after set_content, which clears Content-* headers
    return message


def received_draft(
    context: ReplyContext,
    *,
    schedule: Schedule,
    session: Session,
    languages: tuple[str, ...],
    deadline: datetime,
    on_time: bool,
    language: str,
    now: datetime,
) -> EmailMessage:
    """The acknowledgement: what was recorded, the threshold, and when they will hear back."""
    writer = _Writer(language, schedule, session)
    paragraphs = [
        writer.hello(),
        writer.received(languages, deadline),
        writer.on_time(deadline) if on_time else writer.late(deadline),
        writer.goodbye(),
    ]
    return _reply(context, schedule.interpretation.contact, writer.tag, paragraphs, now)


def outcome_draft(
    context: ReplyContext,
    *,
    schedule: Schedule,
    session: Session,
    outcomes: Mapping[str, bool],  # language -> confirmed
    deadline: datetime,
    language: str,
    now: datetime,
) -> EmailMessage:
    """Whether interpretation into each language they asked for is confirmed or not met."""
    writer = _Writer(language, schedule, session)
    paragraphs = [writer.hello()]
    for tag, confirmed in outcomes.items():
        say = writer.confirmed if confirmed else writer.not_met
        paragraphs.append(say(tag, deadline))
    paragraphs.append(writer.goodbye())
    return _reply(context, schedule.interpretation.contact, writer.tag, paragraphs, now)
