"""The plain-text DESCRIPTION of each invite, built only from facts in the schedule, in the invite's
language: sentences from the gettext catalogs, dates, times and zone names from CLDR (both through
`wmhr.locale`), and the schedule's own texts in that language where sessions.toml gives them.

Every English sentence here goes through `lang._` or `lang.ngettext`, which is how
`pybabel extract` finds it for the catalogs (tests/locale/test_locale_catalogs.py fails on one that
is missing from them).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from wmhr.locale.language import Language
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule, Session
from wmhr.time.zones import ANYWHERE_ON_EARTH, load_iana_zone, place_name

UTC_ZONE = load_iana_zone("UTC")


def cancelled_note(lang: Language) -> str:
    """The first line of every cancelled invite, whether the session was cancelled in the
    schedule or deleted from it: clients that show one line of the description show this one."""
    # TRANSLATORS: First line of a cancelled session's calendar invite (clients that show one line
    # show this one); capitals as a warning where the script has them.
    return lang._("CANCELLED: this session will not take place.")


def utc_text(moment: datetime, lang: Language) -> str:
    """`Tuesday, 3 May 2022, 23:00 UTC`."""
    return f"{lang.date_time(moment, UTC_ZONE)} {lang.utc}"


def local_text(moment: datetime, zone: ZoneInfo, place: str, lang: Language) -> str:
    """`Tuesday, 3 May 2022, 19:00 in Santiago, Chile (Chile Standard Time, GMT-04:00)`."""
    # TRANSLATORS: A moment in a session's anchor city, in invites. {date_time}: e.g. "Thursday, 28
    # April 2022, 19:00"; {place}: e.g. "Santiago, Chile"; {zone}: e.g. "Chile Standard Time,
    # GMT-04:00".
    return lang._(
        "{date_time} in {place} ({zone})",
        date_time=lang.date_time(moment, zone),
        place=place,
        zone=zone_and_offset(moment, zone, lang),
    )


def zone_and_offset(moment: datetime, zone: ZoneInfo, lang: Language) -> str:
    """`Chile Standard Time, GMT-04:00`; the offset alone for a zone CLDR has no name for."""
    name, offset = zone_label(moment, zone, lang), lang.utc_offset(moment, zone)
    # TRANSLATORS: A time zone's name and its offset from UTC. {zone}: e.g. "Chile Standard Time";
    # {offset}: e.g. "GMT-04:00" (CLDR's form for the language).
    return offset if name == offset else lang._("{zone}, {offset}", zone=name, offset=offset)


def zone_label(moment: datetime, zone: ZoneInfo, lang: Language) -> str:
    """The zone's CLDR name; for the zone a deadline is set in to mean "wherever you are" (POSIX's
    Etc/GMT+12, which reads as UTC+12 and means UTC-12), `Anywhere on Earth (UTC-12)`, the same
    offset label in every language, as the deadlines are written everywhere."""
    if zone.key == ANYWHERE_ON_EARTH:
        # TRANSLATORS: The zone a survey's last day is meant in: wherever on Earth that day still
        # lasts. {offset}: "UTC-12", the same in every language.
        return lang._("Anywhere on Earth ({offset})", offset=place_name(zone.key))
    return lang.zone_name(moment, zone)


def minutes(count: int, lang: Language) -> str:
    # TRANSLATORS: A number of minutes: a session's length, an agenda item, the page's countdown.
    # {count}: e.g. "60".
    return lang.ngettext("{count} minute", "{count} minutes", count, count=lang.number(count))


def _when(session: Session, lang: Language) -> list[str]:
    zone = session.zone
    return [
        # TRANSLATORS: First line of a session's calendar invite. {utc}: "UTC"; {span}: e.g.
        # "Tuesday, 3 May 2022, 23:00 - Wednesday, 4 May 2022, 00:00"; {duration}: e.g. "60
        # minutes".
        lang._(
            "When ({utc}): {span} ({duration})",
            utc=lang.utc,
            span=lang.span(session.start, session.end, UTC_ZONE),
            duration=minutes(session.duration_minutes, lang),
        ),
        # TRANSLATORS: Second line of a session's invite: the session in its anchor city ("At
        # Santiago, Chile: ..."). {place}: e.g. "Santiago, Chile"; {span}: e.g. "Tuesday, 3 May
        # 2022, 19:00-20:00"; {zone}: e.g. "Chile Standard Time, GMT-04:00".
        lang._(
            "When in {place}: {span} ({zone})",
            place=translate(session.anchor_city, lang.tag),
            span=lang.span(session.start, session.end, zone),
            zone=zone_and_offset(session.start, zone, lang),
        ),
        # TRANSLATORS: In a session's invite, after its times.
        lang._("Your calendar shows it in your own time zone."),
    ]


def _status_note(session: Session, moved_from: datetime | None, lang: Language) -> list[str]:
    """What changed, first: where the title sits in clients that show one line of it."""
    lines = []
    if moved_from is not None:
        # TRANSLATORS: First line of the invite of a session that moved. {start}: its former start,
        # e.g. "Tuesday, 3 May 2022, 23:00 UTC".
        lines.append(lang._("Moved: was {start}", start=utc_text(moved_from, lang)))
    if session.status == "tentative":
        # TRANSLATORS: First line of the invite of a session whose time is not final; capitals as a
        # warning where the script has them.
        lines.append(lang._("TENTATIVE: the time may still change; check the series page."))
    return [*lines, ""] if lines else []


def _bullets(items: list[str]) -> list[str]:
    return [f"- {item}" for item in items]


def session_description(
    schedule: Schedule, session: Session, lang: Language, moved_from: datetime | None = None
) -> str:
    """What a participant needs; the title is the SUMMARY, so it is not repeated here."""
    from wmhr.schedule.deadlines import interpretation_deadline

    if session.cancelled:
        return cancelled_session_description(schedule, session, lang)
    series, fmt, policy = schedule.series, schedule.format, schedule.interpretation
    tag = lang.tag
    deadline = interpretation_deadline(session, policy)
    join = (
        # TRANSLATORS: In a session's invite. {platform}: e.g. "Zoom"; {url}: the meeting's link.
        [lang._("Join on {platform}: {url}", platform=fmt.platform, url=session.join_url)]
        if session.join_url
        else []
    )
    agenda = [
        # TRANSLATORS: One item of a session's agenda, in invites and on the published page.
        # {duration}: e.g. "10 minutes"; {item}: e.g. "Opening remarks and updates from
        # representatives of the Foundation".
        lang._(
            "{duration}: {item}",
            duration=minutes(item.minutes, lang),
            item=translate(item.item, tag),
        )
        for item in fmt.agenda
    ]
    lines = [
        *_status_note(session, moved_from, lang),
        *_when(session, lang),
        # TRANSLATORS: A line of a session in the announcement and in invites. {language}: the
        # session's language, e.g. "Spanish".
        lang._("Language: {language}", language=lang.language_name(session.language)),
        # TRANSLATORS: In a session's invite. {organizer}: e.g. "Wikimedia Foundation Global
        # Advocacy team".
        lang._("Organized by: {organizer}", organizer=translate(series.organizer, tag)),
        "",
        # TRANSLATORS: In a session's invite, before its agenda items. {duration}: e.g. "60
        # minutes"; {platform}: e.g. "Zoom".
        lang._(
            "Agenda ({duration} on {platform}):",
            duration=minutes(session.duration_minutes, lang),
            platform=fmt.platform,
        ),
        *_bullets(agenda),
        "",
        # TRANSLATORS: Heading in a session's invite, before how to register.
        lang._("Register and join:"),
        translate(fmt.registration, tag),
        # TRANSLATORS: In invites: the series page on Meta-Wiki. {url}: e.g.
        # "https://meta.wikimedia.org/wiki/Human_Rights_Policy_Community_Conversations".
        lang._("Series page: {url}", url=series.url),
        *join,
        "",
        # TRANSLATORS: Heading in a session's invite: interpretation (spoken translation during the
        # session, not the interpreter).
        lang._("Interpretation:"),
        # TRANSLATORS: The interpretation rule, in invites and on the published page. {count}: how
        # many community members must ask for a language, e.g. "4".
        lang.ngettext(
            "The organizers will work to provide interpretation for languages with {count} or "
            "more interested community member.",
            "The organizers will work to provide interpretation for languages with {count} or "
            "more interested community members.",
            policy.min_requesters,
            count=lang.number(policy.min_requesters),
        )
        + " "
        # TRANSLATORS: In a session's invite, after the interpretation rule. {contact}: an e-mail
        # address, e.g. "rgaines@wikimedia.org"; {deadline}: e.g. "Thursday, 28 April 2022, 23:00
        # UTC"; {local}: the same moment in the anchor city, e.g. "Thursday, 28 April 2022, 19:00 in
        # Santiago, Chile (Chile Standard Time, GMT-04:00)".
        + lang._(
            "To request it, email {contact} by {deadline}, which is {local}.",
            contact=policy.contact,
            deadline=utc_text(deadline, lang),
            local=local_text(deadline, session.zone, translate(session.anchor_city, tag), lang),
        ),
        request_subject_line(session.id, lang),
        "",
        # TRANSLATORS: In a session's invite, before a list of options such as "Use a pseudonym",
        # "Keep your video off".
        lang._("Your safety: the organizers welcome you to"),
        *_bullets([translate(option, tag) for option in series.safety]),
        "",
        # TRANSLATORS: In a session's invite. {policies}: the policies' names joined as a list, e.g.
        # "Friendly Spaces Policy and Universal Code of Conduct".
        lang._(
            "Governed by: {policies}",
            policies=lang.and_list([translate(p, tag) for p in series.policies]),
        ),
        "",
        # TRANSLATORS: In a session's invite. {questions}: e.g. "Leave questions on the page's
        # Discussion page and say which region your question relates to."
        lang._("Questions ahead: {questions}", questions=translate(series.questions_ahead, tag)),
        "",
        _survey(schedule, lang),
    ]
    return "\n".join(lines)


def request_subject(session_id: str, lang: Language) -> str:
    """The subject of a request by e-mail, the same in every published text and mailto link:
    `wmhr requests import-mail` reads the session id in it, in any of wmhr's languages."""
    # TRANSLATORS: The subject of an e-mail asking for interpretation (the published page's
    # prefilled e-mail, the announcement, invites, the Meta-Wiki table); `wmhr requests import-mail`
    # reads the session id in it, so keep {session} as it is. {session}: a session id, e.g. "asia".
    return lang._("Interpretation request: {session}", session=session_id)


def request_subject_line(session_id: str, lang: Language) -> str:
    """`Subject: Interpretation request: asia, and the language you need`."""
    # TRANSLATORS: In the announcement and in invites, after a session's interpretation deadline:
    # the subject line to write. {subject}: e.g. "Interpretation request: asia" (kept as it is: a
    # tool reads it).
    return lang._(
        "Subject: {subject}, and the language you need",
        subject=request_subject(session_id, lang),
    )


def _survey(schedule: Schedule, lang: Language) -> str:
    survey = schedule.survey
    values = {
        "provider": survey.provider,
        "last_day": lang.date(survey.last_day),
        "zone": zone_label(survey.closes, survey.zone, lang),
        "closes": utc_text(survey.closes, lang),
    }
    if survey.anonymous:
        # TRANSLATORS: Last paragraph of a session's invite. {provider}: e.g. "LimeSurvey";
        # {last_day}: e.g. "30 June 2022"; {zone}: e.g. "Anywhere on Earth (UTC-12)"; {closes}: e.g.
        # "Friday, 1 July 2022, 12:00 UTC".
        return lang._(
            "Cannot attend? An anonymous survey ({provider}) is open; it closes at the end of "
            "{last_day}, {zone}, which is {closes}. Find it on the series page.",
            **values,
        )
    # TRANSLATORS: Last paragraph of a session's invite (a survey that is not anonymous).
    # {provider}: e.g. "LimeSurvey"; {last_day}: e.g. "30 June 2022"; {zone}: e.g. "Anywhere on
    # Earth (UTC-12)"; {closes}: e.g. "Friday, 1 July 2022, 12:00 UTC".
    return lang._(
        "Cannot attend? A survey ({provider}) is open; it closes at the end of {last_day}, "
        "{zone}, which is {closes}. Find it on the series page.",
        **values,
    )


def cancelled_session_description(schedule: Schedule, session: Session, lang: Language) -> str:
    """Cancelled: say so first, say when it was planned, and drop every instruction (register,
    interpretation, safety) that no longer applies."""
    place = translate(session.anchor_city, lang.tag)
    # TRANSLATORS: In a cancelled session's invite. {start}: e.g. "Tuesday, 3 May 2022, 23:00 UTC";
    # {local}: e.g. "Tuesday, 3 May 2022, 19:00 in Santiago, Chile (Chile Standard Time,
    # GMT-04:00)".
    planned = lang._(
        "It was planned for {start}, which is {local}.",
        start=utc_text(session.start, lang),
        local=local_text(session.start, session.zone, place, lang),
    )
    return _cancelled([planned], schedule.series.url, lang)


def removed_session_description(start: datetime, url: str, lang: Language) -> str:
    """An issued session deleted from the schedule: the same first line as a cancelled one."""
    # TRANSLATORS: In the invite of a session removed from the schedule. {start}: e.g. "Tuesday, 3
    # May 2022, 23:00 UTC".
    planned = lang._("It was planned for {start}.", start=utc_text(start, lang))
    # TRANSLATORS: In the invite of a session removed from the schedule (the session, feminine where
    # "session" is).
    return _cancelled([lang._("It was removed from the schedule."), planned], url, lang)


def _deadline_gone(deadline: datetime, lang: Language) -> str:
    # TRANSLATORS: In the organizers' deadline invite of a cancelled or removed session. {deadline}:
    # e.g. "Thursday, 28 April 2022, 23:00 UTC".
    return lang._(
        "Interpretation requests (due by {deadline}) are no longer taken.",
        deadline=utc_text(deadline, lang),
    )


def removed_deadline_description(deadline: datetime, url: str, lang: Language) -> str:
    # TRANSLATORS: In the invite of a session removed from the schedule (the session, feminine where
    # "session" is).
    removed = lang._("It was removed from the schedule.")
    return _cancelled([removed, _deadline_gone(deadline, lang)], url, lang)


def _cancelled(lines: list[str], url: str, lang: Language) -> str:
    # TRANSLATORS: In invites: the series page on Meta-Wiki. {url}: e.g.
    # "https://meta.wikimedia.org/wiki/Human_Rights_Policy_Community_Conversations".
    return "\n".join([cancelled_note(lang), *lines, lang._("Series page: {url}", url=url)])


def deadline_description(
    schedule: Schedule,
    session: Session,
    deadline: datetime,
    lang: Language,
    moved_from: datetime | None = None,
) -> str:
    policy, series, tag = schedule.interpretation, schedule.series, lang.tag
    if session.cancelled:
        return _cancelled([_deadline_gone(deadline, lang)], series.url, lang)
    place = translate(session.anchor_city, tag)
    lines = [
        *_status_note(session, moved_from, lang),
        # TRANSLATORS: In the organizers' deadline invite. {title}: the session's title, e.g. "Human
        # Rights Policy Community Conversations: Asia"; {start}: e.g. "Monday, 16 May 2022, 12:00
        # UTC".
        lang._(
            "Last moment to request interpretation for {title} (starts {start}).",
            title=session_title(schedule, session, lang),
            start=utc_text(session.start, lang),
        ),
        # TRANSLATORS: In the organizers' deadline invite. {deadline}: e.g. "Thursday, 28 April
        # 2022, 23:00 UTC"; {count}: days before the start, e.g. "5"; {local}: the same moment in
        # the anchor city, e.g. "Thursday, 28 April 2022, 19:00 in Santiago, Chile (Chile Standard
        # Time, GMT-04:00)".
        lang.ngettext(
            "Deadline: {deadline} ({count} day before the start), which is {local}.",
            "Deadline: {deadline} ({count} days before the start), which is {local}.",
            policy.lead_days,
            deadline=utc_text(deadline, lang),
            local=local_text(deadline, session.zone, place, lang),
            count=lang.number(policy.lead_days),
        ),
        # TRANSLATORS: In the organizers' deadline invite. {contact}: an e-mail address, e.g.
        # "rgaines@wikimedia.org"; {count}: how many must ask for a language, e.g. "4".
        lang.ngettext(
            "Requests go to {contact}; the organizers will work to provide it for a language "
            "with {count} or more requester.",
            "Requests go to {contact}; the organizers will work to provide it for a language "
            "with {count} or more requesters.",
            policy.min_requesters,
            contact=policy.contact,
            count=lang.number(policy.min_requesters),
        ),
        # TRANSLATORS: In invites: the series page on Meta-Wiki. {url}: e.g.
        # "https://meta.wikimedia.org/wiki/Human_Rights_Policy_Community_Conversations".
        lang._("Series page: {url}", url=series.url),
    ]
    return "\n".join(lines)


# -- titles -------------------------------------------------------------------------------------


def session_title(schedule: Schedule, session: Session, lang: Language) -> str:
    """`Human Rights Policy Community Conversations: Latin America & Caribbean`."""
    # TRANSLATORS: A session's title (calendar event, invite file), a label: the bare region is
    # right here. {series}: e.g. "Human Rights Policy Community Conversations"; {region}: e.g.
    # "Asia", or several joined by " + " for a calendar of several sessions ("Asia + Africa").
    return lang._(
        "{series}: {region}",
        series=translate(schedule.series.title, lang.tag),
        region=translate(session.region, lang.tag),
    )


def deadline_title(schedule: Schedule, session: Session, lang: Language) -> str:
    # TRANSLATORS: Title of the organizers' deadline event. {title}: the session's title, e.g.
    # "Human Rights Policy Community Conversations: Asia".
    return lang._(
        "Interpretation requests close: {title}", title=session_title(schedule, session, lang)
    )


def cancelled_title(title: str, lang: Language) -> str:
    # TRANSLATORS: Title of a cancelled session's event. {title}: e.g. "Human Rights Policy
    # Community Conversations: Asia" (plural in some languages: a noun such as "Cancellation:"
    # avoids agreeing with it).
    return lang._("Cancelled: {title}", title=title)


def series_title(schedule: Schedule, lang: Language) -> str:
    return translate(schedule.series.title, lang.tag)


def deadlines_calendar_name(schedule: Schedule, lang: Language) -> str:
    # TRANSLATORS: Name of the organizers' calendar of interpretation deadlines. {series}: e.g.
    # "Human Rights Policy Community Conversations".
    return lang._("{series}: interpretation deadlines", series=series_title(schedule, lang))


def organizers_calendar_name(name: str, lang: Language) -> str:
    # TRANSLATORS: Name of a calendar for the organizers. {name}: a calendar's name, e.g. "Human
    # Rights Policy Community Conversations: Asia".
    return lang._("{name} (organizers)", name=name)
