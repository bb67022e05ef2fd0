# ruff: noqa: E501 (the inbox is a table of messages, one or two lines each)
"""A 40-message organizers' inbox as mail clients write it, with its hand count.

Each message is raw RFC 5322 text in the shape a real client sends (Gmail's multipart/alternative
with quoted-printable parts, Thunderbird's format=flowed, Outlook's ISO-8859-1 base64 with an
RFC 2047 subject, Apple Mail, an HTML-only base64 body), plus a reply chain, an auto-reply, a
bounce and a forged early `Date:` with a late `Received:`. Every message carries the receiving
server's topmost `Received:` header, whose date the importer must trust over `Date:`.
"""

from __future__ import annotations

import base64
import mailbox
import quopri
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

ORGANIZER = "rgaines@wikimedia.org"
# Deadlines of the bundled schedule (wmhr deadlines), the instants the hand count is judged on.
DEADLINES = {
    "latam": datetime(2022, 4, 28, 23, 0, tzinfo=UTC),
    "cee": datetime(2022, 5, 4, 17, 0, tzinfo=UTC),
    "africa": datetime(2022, 5, 7, 18, 0, tzinfo=UTC),
    "asia": datetime(2022, 5, 11, 12, 0, tzinfo=UTC),
}
EARLY = datetime(2022, 4, 20, 9, 0, tzinfo=UTC)
NOW = datetime(2022, 6, 1, tzinfo=UTC)
SENDER_ZONE = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class Mail:
    number: int
    style: str
    sender: str  # "Name <addr>"
    subject: str
    text: str
    received: datetime
    date: datetime | None = None  # the sender's Date: (default: a minute before receipt)
    extra: str = ""  # more header lines
    message_id: str | None = "auto"


def _qp(text: str, charset: str = "utf-8") -> str:
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def _b64(text: str, charset: str = "utf-8") -> str:
    return base64.encodebytes(text.encode(charset)).decode("ascii")


def _subject(mail: Mail) -> str:
    if mail.subject.isascii():
        return mail.subject
    charset = "iso-8859-1" if mail.style == "outlook" else "utf-8"
    return Header(mail.subject, charset).encode()


def _html(text: str) -> str:
    paragraphs = "".join(f"<div>{line}</div>" for line in text.splitlines() if line.strip())
    return f'<html><head><style>div{{margin:0}}</style></head><body dir="ltr">{paragraphs}</body></html>'


def _body(mail: Mail) -> tuple[str, str]:
    """(Content-Type and encoding header lines, the body) for the mail's client."""
    if mail.style == "gmail":
        boundary = f"000000000000{mail.number:04d}a1b2c3d4e5f6"
        return (
            f'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="{boundary}"',
            f'--{boundary}\nContent-Type: text/plain; charset="UTF-8"\n'
            f"Content-Transfer-Encoding: quoted-printable\n\n{_qp(mail.text)}\n"
            f'--{boundary}\nContent-Type: text/html; charset="UTF-8"\n'
            f"Content-Transfer-Encoding: quoted-printable\n\n{_qp(_html(mail.text))}\n"
            f"--{boundary}--\n",
        )
    if mail.style == "thunderbird":
        return (
            "MIME-Version: 1.0\nUser-Agent: Mozilla/5.0 Thunderbird/91.8.1\n"
            "Content-Language: en-US\nContent-Type: text/plain; charset=UTF-8; format=flowed\n"
            "Content-Transfer-Encoding: 8bit",
            mail.text + "\n",
        )
    if mail.style == "outlook":
        boundary = f"_000_VI1PR{mail.number:04d}EURPRD08PROD_"
        return (
            "MIME-Version: 1.0\nX-MS-Has-Attach:\nContent-Language: fr-FR\n"
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            f'--{boundary}\nContent-Type: text/plain; charset="iso-8859-1"\n'
            f"Content-Transfer-Encoding: base64\n\n{_b64(mail.text, 'iso-8859-1')}\n"
            f'--{boundary}\nContent-Type: text/html; charset="iso-8859-1"\n'
            f"Content-Transfer-Encoding: quoted-printable\n\n"
            f"{_qp(_html(mail.text), 'iso-8859-1')}\n--{boundary}--\n",
        )
    if mail.style == "apple":
        return (
            "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3696.120.41.1.1\\))\n"
            "Content-Type: text/plain;\n\tcharset=utf-8\nContent-Transfer-Encoding: quoted-printable",
            _qp(mail.text) + "\n",
        )
    if mail.style == "html":
        return (
            'MIME-Version: 1.0\nContent-Type: text/html; charset="utf-8"\n'
            "Content-Transfer-Encoding: base64",
            _b64(_html(mail.text)),
        )
    if mail.style == "bounce":
        boundary = f"{mail.number}.1651234567/mx.wikimedia.org"
        return (
            "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;\n"
            f'\tboundary="{boundary}"',
            f"--{boundary}\nContent-Description: Notification\nContent-Type: text/plain; "
            f"charset=us-ascii\n\n{mail.text}\n\n--{boundary}\nContent-Description: Delivery "
            "report\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; "
            "mx.wikimedia.org\n\nFinal-Recipient: rfc822; nobody@example.invalid\nAction: failed"
            f"\nStatus: 5.1.1\n\n--{boundary}--\n",
        )
    raise ValueError(mail.style)


def _address(sender: str) -> str:
    name, address = parseaddr(sender)
    return formataddr((name, address), charset="utf-8")


def raw(mail: Mail) -> bytes:
    """The message as the organizers' server stored it (its Received: on top)."""
    date = mail.date or mail.received - timedelta(minutes=1)
    headers, body = _body(mail)
    lines = [
        f"Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41])\n"
        f"\tby mx.wikimedia.org with ESMTPS id a{mail.number}\n"
        f"\tfor <{ORGANIZER}>; {format_datetime(mail.received)}",
        f"Received: by mail-sor-f41.google.com with SMTP id x{mail.number};\n"
        f"\t{format_datetime(date)}",
        f"From: {_address(mail.sender)}",
        f"To: {ORGANIZER}",
        f"Subject: {_subject(mail)}",
        f"Date: {format_datetime(date.astimezone(SENDER_ZONE))}",
    ]
    if mail.message_id == "auto":
        lines.append(f"Message-ID: <CAF{mail.number:04d}x{mail.received:%H%M%S}@mail.gmail.com>")
    elif mail.message_id:
        lines.append(f"Message-ID: {mail.message_id}")
    if mail.extra:
        lines.append(mail.extra)
    lines.append(headers)
    text = "\n".join(lines) + "\n\n" + body
    return text.replace("\n", "\r\n").encode("latin-1" if mail.style == "outlook" else "utf-8")


def _before(session: str, **delta: float) -> datetime:
    return DEADLINES[session] - timedelta(**delta)


def _after(session: str, **delta: float) -> datetime:
    return DEADLINES[session] + timedelta(**delta)


CHAIN = "<CAF-chain-1@mail.gmail.com>"
REPLY = "<org-reply-1@wikimedia.org>"
# fmt: off
MAILS: list[Mail] = [
    # -- asia, French (pooled fr): ana, bruno, chen (fr-SN), gina (1 s early) on time ----------
    Mail(1, "gmail", "Ana Silva <ana@example.org>", "Interpreting for the Asia call",
         "Hello,\nI would like French interpretation for the Asia session.\nThanks,\nAna",
         _before("asia", days=6)),
    Mail(2, "outlook", "Bruno Lefèvre <bruno@example.net>",
         "Demande d'interprétation - session Asie",
         "Bonjour,\nJe souhaite une interprétation en français pour la session Asie.\n"
         "Cordialement,\nBruno", _before("asia", days=5)),
    Mail(3, "thunderbird", "Chen Wei <chen@example.com>", "16 May session",
         "Hi, could I ask for interpretation into fr-SN for the 16 May session?\n\n-- \n"
         "Chen Wei | Wikimedians of Africa (not the Africa session)", _before("asia", days=4)),
    Mail(4, "apple", "Gina Okafor <gina@example.org>", "Asia: French please",
         "French interpretation for Asia, if possible.\nGina", _before("asia", seconds=1)),
    # the forged Date: (a week early) with the server's late Received:
    Mail(5, "gmail", "Frank Ode <frank@example.org>", "French for Asia",
         "French interpretation for the Asia session please.", _after("asia", hours=20),
         date=_before("asia", days=7)),
    Mail(6, "gmail", "Hugo Ruiz <hugo@example.org>", "Asia French",
         "French for Asia please.", _after("asia", seconds=1)),
    # ana again, written another way, later: the same person, counted once
    Mail(7, "thunderbird", "\"SILVA, Ana\" <ANA@Example.ORG>", "Re: Interpreting for the Asia call",
         "Just checking: French for the Asia session, right?", _before("asia", days=2)),
    # the same message delivered twice (a copy): recorded once
    Mail(8, "gmail", "Ana Silva <ana@example.org>", "Interpreting for the Asia call",
         "Hello,\nI would like French interpretation for the Asia session.\nThanks,\nAna",
         _before("asia", days=6), message_id="<CAF0001x120000@mail.gmail.com>"),
    # -- asia, other languages -----------------------------------------------------------------
    Mail(9, "gmail", "Dede Saputra <dede@example.id>", "Permintaan penerjemahan",
         "Halo, saya ingin penerjemahan bahasa Indonesia untuk sesi Asia.", _before("asia", days=3)),
    Mail(10, "html", "Elena Gómez <elena@example.es>", "Interpretación",
         "Hola:\nQuisiera interpretación al <b>español</b> para la sesión de Asia.",
         _before("asia", days=3)),
    Mail(11, "gmail", "Ivan Petrov <ivan@example.ru>", "Перевод",
         "Здравствуйте! Прошу перевод на русский язык для встречи Азия.", _before("asia", days=2)),
    Mail(12, "apple", "Layla Hassan <layla@example.org>", "ترجمة",
         "أطلب الترجمة إلى العربية لجلسة آسيا", _before("asia", days=2)),
    # reply chain: eve asks (13), the organizers answer (14, their own address), eve adds (15)
    Mail(13, "gmail", "Eve Tan <eve@example.sg>", "Interpretation for Asia",
         "Chinese interpretation for the Asia session, please.", _before("asia", days=9),
         message_id=CHAIN),
    Mail(14, "thunderbird", f"Rebecca Gaines <{ORGANIZER}>", "Re: Interpretation for Asia",
         "Recorded: Chinese for Asia.\n\nOn 2 May 2022, Eve Tan wrote:\n> Chinese for Asia",
         _before("asia", days=8), message_id=REPLY, extra=f"In-Reply-To: {CHAIN}"),
    Mail(15, "gmail", "Eve Tan <eve@example.sg>", "Re: Interpretation for Asia",
         "Thanks! Could you add Japanese for the Asia session too?\n\n"
         "On Tue, 3 May 2022 at 10:00, Rebecca Gaines <rgaines@wikimedia.org> wrote:\n"
         "> Recorded: Chinese for Asia. Note the Africa session is on 12 May.\n",
         _before("asia", days=7), extra=f"In-Reply-To: {REPLY}\nReferences: {CHAIN} {REPLY}"),
    # an Outlook reply whose quoted message (below From:/Sent:) names another session
    Mail(16, "outlook", "Jules Martin <jules@example.fr>", "RE: Asie",
         "Bonjour, le japonais pour la session Asie, merci.\n\nFrom: Jules Martin\n"
         "Sent: Monday, May 2, 2022 10:00 AM\nSubject: Africa session\n\nAfrica please",
         _before("asia", days=3)),
    # -- africa ----------------------------------------------------------------------------------
    Mail(17, "outlook", "Aïcha Diallo <aicha@example.sn>", "Interprétation en français - session Afrique",
         "Bonjour, interprétation en français pour la session Afrique SVP.", _before("africa", days=3)),
    Mail(18, "gmail", "Juma Mwangi <juma@example.ke>", "Ombi la tafsiri",
         "Ninaomba tafsiri ya Kiswahili kwa kikao cha Afrika.", _before("africa", days=4)),
    Mail(19, "apple", "Neema Said <neema@example.tz>", "Kiswahili - Africa",
         "Kiswahili interpretation for the Africa session please.", _before("africa", days=4)),
    Mail(20, "thunderbird", "Paulo Santos <paulo@example.br>", "Interpretação - África",
         "Olá, gostaria de interpretação em português (pt-BR) para a sessão da África.",
         _before("africa", days=2)),
    Mail(21, "gmail", "Omar Idris <omar@example.eg>", "Arabic for Africa",
         "Arabic interpretation for the Africa session, please. [ar]", _before("africa", days=1)),
    Mail(22, "gmail", "Kofi Mensah <kofi@example.gh>", "French for Africa (late)",
         "French for the Africa session please.", _after("africa", days=1)),
    # -- cee and latam ---------------------------------------------------------------------------
    Mail(23, "thunderbird", "Olena Koval <olena@example.ua>", "Interpretation - CEE",
         "Ukrainian and Russian interpretation for the CEE session, please.", _before("cee", days=2)),
    Mail(24, "apple", "Marta Sousa <marta@example.pt>", "Sessão Europa Central e Oriental",
         "Interpretação em português para a sessão da Europa Central e Oriental.",
         _before("cee", days=3)),
    Mail(25, "gmail", "Lucía Pérez <lucia@example.mx>", "Sesión del 3 de mayo",
         "Quisiera interpretación al inglés para la sesión del 3 de mayo.", _before("latam", days=1)),
    Mail(26, "gmail", "Rita Alves <rita@example.br>", "latam",
         "Portuguese (pt-BR) interpretation for the latam session.", _before("latam", days=2)),
    # no Message-ID at all: recorded once by the hash of its bytes
    Mail(27, "thunderbird", "Zoe Lim <zoe@example.my>", "Asia - Malay",
         "Malay interpretation for the Asia session, please.", _before("asia", days=1),
         message_id=None),
    # -- triage: never guessed ---------------------------------------------------------------------
    Mail(28, "gmail", "Sam Lee <sam@example.org>", "Interpretation?",
         "Do you offer French interpretation?", _before("asia", days=5)),
    Mail(29, "gmail", "Tara Bose <tara@example.in>", "Two sessions",
         "Hindi interpretation for Asia and for Africa please.", _before("africa", days=5)),
    Mail(30, "apple", "Uma Rao <uma@example.in>", "Asia session",
         "I will attend the Asia session. Looking forward to it!", _before("asia", days=5)),
    Mail(31, "gmail", "Vic Stone <vic@example.org>", "English for Asia",
         "English interpretation for Asia, please.", _before("asia", days=5)),
    Mail(32, "thunderbird", "Ana Silva <ana@example.org>", "Automatic reply: Interpretation",
         "I am out of the office until 20 May. French for Asia.", _before("asia", days=5),
         extra="Auto-Submitted: auto-replied\nX-Autoreply: yes"),
    Mail(33, "bounce", "Mail Delivery System <MAILER-DAEMON@mx.wikimedia.org>",
         "Undelivered Mail Returned to Sender",
         "This is the mail system at host mx.wikimedia.org.\nYour message about French for "
         "Asia could not be delivered.", _before("asia", days=4), extra="Return-Path: <>"),
    Mail(34, "gmail", f"Rebecca Gaines <{ORGANIZER}>", "Reminder: Asia session, French",
         "Reminder to self: French for Asia.", _before("asia", days=4)),
    Mail(35, "gmail", "Will Dunn <will@example.org>", "After the session",
         "Thanks for the Asia session! French was great.", NOW + timedelta(days=1)),
    # -- more requests, to make the counts worth checking ----------------------------------------
    Mail(36, "gmail", "Xin Wang <xin@example.cn>", "Asia session - Chinese",
         "中文 (zh-Hans) interpretation for the Asia session please.", _before("asia", days=2)),
    Mail(37, "thunderbird", "Yuki Sato <yuki@example.jp>", "Asia / Japanese",
         "Japanese interpretation for Asia.", _before("asia", days=1)),
    Mail(38, "apple", "Kim Park <kim@example.kr>", "Asia (Korean)",
         "Korean interpretation for the Asia session.", _before("asia", hours=1)),
    Mail(39, "gmail", "Ahmad Fauzi <ahmad@example.id>", "Sesi Asia",
         "Penerjemahan bahasa Indonesia untuk sesi Asia, terima kasih.", _before("asia", days=1)),
    Mail(40, "outlook", "Nadia Haddad <nadia@example.lb>", "Session Asie - arabe",
         "Interprétation en arabe pour la session Asie.", _before("asia", days=1)),
]
# fmt: on

# The hand count: (session, language) -> (on-time requesters, late requesters).
EXPECTED = {
    ("asia", "fr"): (3, 2),  # ana, bruno, gina; frank (forged Date:), hugo (1 s late)
    ("asia", "fr-SN"): (1, 0),  # chen: pooled with fr for the threshold (4 on time)
    ("asia", "id"): (2, 0),  # dede, ahmad
    ("asia", "es"): (1, 0),  # elena (HTML only)
    ("asia", "ru"): (1, 0),  # ivan
    ("asia", "ar"): (2, 0),  # layla, nadia
    ("asia", "zh"): (1, 0),  # eve (13)
    ("asia", "zh-Hans"): (1, 0),  # xin
    ("asia", "ja"): (3, 0),  # eve (15), jules (16), yuki
    ("asia", "ko"): (1, 0),  # kim
    ("asia", "ms"): (1, 0),  # zoe (no Message-ID)
    ("africa", "fr"): (1, 1),  # aicha; kofi late
    ("africa", "sw"): (2, 0),  # juma (Kiswahili), neema
    ("africa", "pt-BR"): (1, 0),  # paulo: "português (pt-BR)" is one request, the variant
    ("africa", "ar"): (1, 0),  # omar
    ("cee", "uk"): (1, 0),  # olena
    ("cee", "ru"): (1, 0),  # olena
    ("cee", "pt"): (1, 0),  # marta
    ("latam", "en"): (1, 0),  # lucia
    ("latam", "pt-BR"): (1, 0),  # rita
}
RECORDED_MESSAGES = 30  # 1-7, 9-13, 15-27, 36-40 (8 is a copy of 1)
TRIAGED = {
    14: "from the organizers' own address",
    28: "names no session",
    29: "names 2 sessions",
    30: "names no language",
    31: "names only the session's own language",
    32: "an automatic reply (Auto-Submitted)",
    33: "a delivery report (bounce)",
    34: "from the organizers' own address",
    35: "received after --now",
}
# Every address, name and body word that must never reach the database or any output.
SECRETS = [
    "example.org",
    "example.net",
    "ana@",
    "Silva",
    "Lefèvre",
    "Okafor",
    "Kiswahili",
    "Ninaomba",
    "Прошу",
    "Hello,",
    "Asia call",
    "wikimedia.org",
]


def write_mbox(path: Path, mails: list[Mail] = MAILS) -> Path:
    box = mailbox.mbox(path, create=True)
    for mail in mails:
        message = mailbox.mboxMessage(raw(mail))
        message.set_from("MAILER-DAEMON", mail.received.timetuple())
        box.add(message)
    box.flush()
    box.close()
    return path


def write_maildir(path: Path, mails: list[Mail] = MAILS) -> Path:
    import os

    box = mailbox.Maildir(path, create=True)
    for mail in mails:
        key = box.add(mailbox.MaildirMessage(raw(mail)))
        stamp = mail.received.timestamp()
        os.utime(Path(path) / "new" / key, (stamp, stamp))
    box.close()
    return path
