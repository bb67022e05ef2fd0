# ruff: noqa: RUF001 (the letters are in Cyrillic and Arabic script too)
"""Reply drafts to requesters, in their language when wmhr has it: what was recorded and when they
will hear back (`received`), then whether interpretation is confirmed (`outcome`). Threaded on the
request (In-Reply-To, References). wmhr writes drafts only; a person reads and sends them.

The sentences are kept here, per language, rather than in the participants' gettext catalogs:
they are letters from the organizers, not texts of the published schedule.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from wmhr.requests.mail_import import ReplyContext
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule, Session

LETTERS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "hello": "Hello,",
        "received": "Thank you for your message. We have recorded your request for "
        "interpretation into {languages} for the {region} session on {start}.",
        "threshold": "Interpretation into a language is arranged when at least {threshold} "
        "people ask for it by {deadline}. We will write to you again after that deadline to "
        "say whether it is confirmed.",
        "late": "Your request arrived after the deadline ({deadline}), so it cannot count "
        "towards interpretation for this session.",
        "confirmed": "Interpretation into {language} is confirmed for the {region} session "
        "on {start}.",
        "not met": "We are sorry: interpretation into {language} will not be provided for the "
        "{region} session on {start}, because fewer than {threshold} people asked for it by "
        "{deadline}.",
        "bye": "Best regards,",
    },
    "es": {
        "hello": "Hola:",
        "received": "Gracias por tu mensaje. Hemos registrado tu solicitud de interpretación "
        "a {languages} para la sesión de {region} del {start}.",
        "threshold": "La interpretación a un idioma se organiza cuando al menos {threshold} "
        "personas la solicitan antes del {deadline}. Te escribiremos de nuevo después de esa "
        "fecha para confirmar si habrá interpretación.",
        "late": "Tu solicitud llegó después del plazo ({deadline}), por lo que no puede "
        "contarse para la interpretación de esta sesión.",
        "confirmed": "La interpretación a {language} está confirmada para la sesión de "
        "{region} del {start}.",
        "not met": "Lo sentimos: no habrá interpretación a {language} en la sesión de "
        "{region} del {start}, porque menos de {threshold} personas la solicitaron antes del "
        "{deadline}.",
        "bye": "Saludos cordiales,",
    },
    "fr": {
        "hello": "Bonjour,",
        "received": "Merci pour votre message. Nous avons enregistré votre demande "
        "d'interprétation en {languages} pour la session {region} du {start}.",
        "threshold": "L'interprétation dans une langue est organisée quand au moins "
        "{threshold} personnes la demandent avant le {deadline}. Nous vous écrirons de nouveau "
        "après cette date pour vous dire si elle est confirmée.",
        "late": "Votre demande est arrivée après la date limite ({deadline}) : elle ne peut "
        "pas compter pour l'interprétation de cette session.",
        "confirmed": "L'interprétation en {language} est confirmée pour la session {region} "
        "du {start}.",
        "not met": "Nous sommes désolés : il n'y aura pas d'interprétation en {language} pour "
        "la session {region} du {start}, car moins de {threshold} personnes l'ont demandée "
        "avant le {deadline}.",
        "bye": "Cordialement,",
    },
    "pt": {
        "hello": "Olá,",
        "received": "Obrigado pela sua mensagem. Registramos o seu pedido de interpretação "
        "para {languages} na sessão {region} de {start}.",
        "threshold": "A interpretação para um idioma é organizada quando pelo menos "
        "{threshold} pessoas a pedem até {deadline}. Escreveremos novamente depois desse prazo "
        "para dizer se ela está confirmada.",
        "late": "O seu pedido chegou depois do prazo ({deadline}) e, por isso, não pode "
        "contar para a interpretação desta sessão.",
        "confirmed": "A interpretação para {language} está confirmada na sessão {region} de "
        "{start}.",
        "not met": "Lamentamos: não haverá interpretação para {language} na sessão {region} "
        "de {start}, porque menos de {threshold} pessoas a pediram até {deadline}.",
        "bye": "Atenciosamente,",
    },
    "id": {
        "hello": "Halo,",
        "received": "Terima kasih atas pesan Anda. Kami telah mencatat permintaan Anda untuk "
        "penerjemahan ke {languages} pada sesi {region} tanggal {start}.",
        "threshold": "Penerjemahan ke suatu bahasa disediakan jika sedikitnya {threshold} "
        "orang memintanya paling lambat {deadline}. Kami akan menulis kepada Anda lagi setelah "
        "batas waktu itu untuk memberi tahu apakah penerjemahan dikonfirmasi.",
        "late": "Permintaan Anda tiba setelah batas waktu ({deadline}), sehingga tidak dapat "
        "dihitung untuk penerjemahan sesi ini.",
        "confirmed": "Penerjemahan ke {language} dikonfirmasi untuk sesi {region} tanggal {start}.",
        "not met": "Mohon maaf: penerjemahan ke {language} tidak akan tersedia pada sesi "
        "{region} tanggal {start}, karena kurang dari {threshold} orang memintanya paling "
        "lambat {deadline}.",
        "bye": "Salam hormat,",
    },
    "ar": {
        "hello": "مرحبًا،",
        "received": "شكرًا على رسالتك. سجّلنا طلبك للترجمة الفورية إلى {languages} في جلسة "
        "{region} بتاريخ {start}.",
        "threshold": "تُوفَّر الترجمة الفورية إلى لغة ما عندما يطلبها {threshold} أشخاص على "
        "الأقل قبل {deadline}. سنكتب إليك مجددًا بعد هذا الموعد لنخبرك إن كانت مؤكدة.",
        "late": "وصل طلبك بعد الموعد النهائي ({deadline})، لذا لا يمكن احتسابه للترجمة "
        "الفورية في هذه الجلسة.",
        "confirmed": "الترجمة الفورية إلى {language} مؤكدة في جلسة {region} بتاريخ {start}.",
        "not met": "نأسف: لن تتوفر الترجمة الفورية إلى {language} في جلسة {region} بتاريخ "
        "{start}، لأن عدد من طلبوها قبل {deadline} أقل من {threshold}.",
        "bye": "مع أطيب التحيات،",
    },
    "ru": {
        "hello": "Здравствуйте!",
        "received": "Спасибо за ваше письмо. Мы зарегистрировали ваш запрос на устный перевод "
        "на {languages} для встречи региона «{region}» {start}.",
        "threshold": "Перевод на язык организуется, если его запрашивают не менее {threshold} "
        "человек до {deadline}. После этого срока мы напишем вам снова и сообщим, подтверждён "
        "ли перевод.",
        "late": "Ваш запрос пришёл после крайнего срока ({deadline}), поэтому он не может "
        "быть учтён для перевода на этой встрече.",
        "confirmed": "Устный перевод на {language} подтверждён для встречи региона «{region}» "
        "{start}.",
        "not met": "К сожалению, перевода на {language} на встрече региона «{region}» {start} "
        "не будет: до {deadline} его запросили меньше {threshold} человек.",
        "bye": "С уважением,",
    },
}
UTC_ZONE = ZoneInfo("UTC")


def letter_language(requested: tuple[str, ...], available: tuple[str, ...], series: str) -> str:
    """The first requested language wmhr writes letters in, else the series language."""
    for tag in requested:
        base = tag.split("-")[0].lower()
        if base in LETTERS and base in {a.split("-")[0] for a in available}:
            return base
    return series if series in LETTERS else "en"


class _Writer:
    def __init__(self, language: str, schedule: Schedule, session: Session) -> None:
        from wmhr.locale.language import language as wmhr_language

        self.tag = language if language in LETTERS else "en"
        self.words = LETTERS[self.tag]
        self.language = wmhr_language(self.tag)
        self.schedule = schedule
        self.session = session

    def fields(self, deadline: datetime) -> dict[str, object]:
        return {
            "region": translate(self.session.region, self.tag),
            "start": self.language.date_time(self.session.start, UTC_ZONE),
            "deadline": self.language.date_time(deadline, UTC_ZONE),
            "threshold": self.schedule.interpretation.min_requesters,
        }

    def name(self, tag: str) -> str:
        from wmhr.locale.formats import language_name

        return language_name(tag, self.language.locale)

    def names(self, tags: tuple[str, ...]) -> str:
        from wmhr.locale.formats import and_list

        return and_list([self.name(tag) for tag in tags], self.language.locale)

    def say(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)


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
    fields = writer.fields(deadline)
    paragraphs = [
        writer.say("hello"),
        writer.say("received", languages=writer.names(languages), **fields),
        writer.say("threshold" if on_time else "late", **fields),
        f"{writer.say('bye')}\n{schedule.series.organizer}",
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
    fields = writer.fields(deadline)
    paragraphs = [writer.say("hello")]
    for tag, confirmed in outcomes.items():
        key = "confirmed" if confirmed else "not met"
        paragraphs.append(writer.say(key, language=writer.name(tag), **fields))
    paragraphs.append(f"{writer.say('bye')}\n{schedule.series.organizer}")
    return _reply(context, schedule.interpretation.contact, writer.tag, paragraphs, now)
