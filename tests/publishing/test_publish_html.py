"""`wmhr publish html`: the static page (valid, accessible, self-contained, complete without
JavaScript), its invites (the very files `wmhr ics` writes) and how the folder is written."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
import tomllib
from datetime import datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element

from golden import assert_golden
from html_support import by_id, page, shown_text, text_of
from ics_support import BUNDLED_TEXT, edit, prop_lines, write_schedule

NOW = "2022-05-01T00:00Z"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def publish(run, *args: str, out: str = "site", now: str = NOW):  # type: ignore[no-untyped-def]
    result = run("publish", "html", "--out", out, "--now", now, *args)
    assert result.exit_code == 0, result.stderr
    return result


# -- the files -------------------------------------------------------------------------------------


def test_golden_page_and_byte_identical_reruns(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = publish(run)
    assert "index.html, schedule.json and 5 calendar file(s) (7 file(s) new or changed" in (
        first.stderr
    )
    index = (tmp_path / "site" / "index.html").read_bytes()
    assert_golden("publish-index.html", index)
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*") if p.is_file()}
    second = publish(run)
    assert "(0 file(s) new or changed, 7 unchanged)" in second.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() == index
    assert stamps == {p: p.stat().st_mtime_ns for p in stamps}  # untouched, so caches stay valid
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp


def test_invites_are_the_files_wmhr_ics_writes(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run, "--db", "a.db")
    assert run("ics", "--db", "b.db", "--out", "ics", "--now", NOW).exit_code == 0
    ours = sorted((tmp_path / "site" / "invites").iterdir())
    assert [p.name for p in ours] == sorted(p.name for p in (tmp_path / "ics").iterdir())
    for path in ours:
        assert path.read_bytes() == (tmp_path / "ics" / path.name).read_bytes(), path.name


def test_the_ledger_is_shared_with_wmhr_ics(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Published by `publish html`, the invites are issued: `wmhr ics` sees nothing new, and a
    moved session goes up one SEQUENCE on the page's invites."""
    publish(run)
    again = run("ics", "--now", "2022-05-02T00:00Z")
    assert "4 event(s), 0 new or changed, 4 unchanged" in again.stderr
    moved = write_schedule(
        tmp_path, edit(BUNDLED_TEXT, "start = 2022-05-03T23:00:00Z", "start = 2022-05-04T00:00:00Z")
    )
    publish(run, "--file", str(moved), now="2022-05-02T00:00Z")
    latam = (tmp_path / "site" / "invites" / "latam.ics").read_bytes()
    assert prop_lines(latam, "SEQUENCE") == ["1"]
    assert prop_lines(latam, "DTSTAMP") == ["20220502T000000Z"]
    assert prop_lines((tmp_path / "site" / "invites" / "asia.ics").read_bytes(), "SEQUENCE") == [
        "0"
    ]


def test_no_requester_data_ever(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    contact, note = "ana.secret@example.org", "asked by phone from Lagos"
    added = run(
        "requests", "add", "latam", "pt-BR", "--from", contact, "--note", note,
        "--at", "2022-04-20T10:00Z", "--now", "2022-04-27T12:00Z",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:
        (hashed,) = conn.execute("SELECT requester FROM request").fetchone()
    publish(run)
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            data = path.read_text("utf-8").lower()
            for secret in (contact, note.lower(), str(hashed).lower(), "pt-br"):
                assert secret not in data, (path.name, secret)


# -- valid, accessible, self-contained -------------------------------------------------------------


def test_strictly_valid_html(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    root = page(tmp_path / "site" / "index.html")
    assert root.tag == "html" and root.get("lang") == "en"
    head = root.find("head")
    assert head is not None and head[0].tag == "meta" and head[0].get("charset") == "utf-8"
    assert text_of(root.find("head/title")) == (  # type: ignore[arg-type]
        "Human Rights Policy Community Conversations: schedule"
    )
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for element in root.iter("a"):
        href = element.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_accessibility_tables_links_times_language(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    root = page(tmp_path / "site" / "index.html")
    tables = list(root.iter("table"))
    assert tables
    scroll = root.find(".//div[@class='scroll']")
    assert scroll is not None and scroll.find(".//*[@id='schedule-caption']") is None
    for table in tables:
        # Named by a caption kept outside the box that scrolls, so it is never cut.
        caption = by_id(root, table.get("aria-labelledby", ""))
        assert caption.tag == "p" and text_of(caption), "every table has a caption"
        for header in table.iter("th"):
            assert header.get("scope") in ("col", "row"), text_of(header)
        assert len(table.findall("tbody/tr")) == 4
        assert all(row[0].tag == "th" for row in table.findall("tbody/tr"))
    for link in root.iter("a"):
        assert text_of(link), f"link without text: {link.get('href')}"
    times = list(root.iter("time"))
    assert len(times) > 20
    for element in times:
        assert ISO_UTC.match(element.get("datetime", "")), element.get("datetime")
        assert text_of(element)
    languages = {e.get("lang") for e in root.iter() if e.get("lang")}
    assert languages == {"en", "es"}
    # The table is in the page's language throughout; a session's section in its own.
    for where in ("row-latam", "row-asia", "session-asia"):
        assert by_id(root, where).find(".//*[@lang]") is None
    assert by_id(root, "session-latam").get("lang") == "es"
    spanish = by_id(root, "session-latam").find(".//*[@lang='es']")
    assert spanish is not None and text_of(spanish) == "español"


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_wcag_examples() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the classic lightest AA grey


def test_every_text_colour_meets_wcag_aa_on_every_background(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    css = text_of(page(tmp_path / "site" / "index.html").find("head/style"))  # type: ignore[arg-type]
    declarations = [
        tuple(part.strip() for part in declaration.split(":", 1))
        for block in re.findall(r"\{([^{}]*)\}", css)
        for declaration in block.split(";")
        if ":" in declaration
    ]
    for key, value in declarations:
        if key in ("color", "background", "background-color", "outline") or "border" in key:
            named = re.search(r"rgb|hsl|\b(?:white|black|red|blue|gr[ae]y|transparent)\b", value)
            assert not named, f"{key}: {value}: write colours as hex so this test checks them"
    texts = {HEX.search(v).group(0) for k, v in declarations if k == "color" and HEX.search(v)}  # type: ignore[union-attr]
    backgrounds = {
        HEX.search(v).group(0)  # type: ignore[union-attr]
        for k, v in declarations
        if k in ("background", "background-color") and HEX.search(v)
    }
    outlines = {
        HEX.search(v).group(0)  # type: ignore[union-attr]
        for k, v in declarations
        if k in ("outline", "border-inline-start") and HEX.search(v)
    }
    assert len(texts) >= 4 and "#ffffff" in backgrounds and len(backgrounds) >= 3
    for text in texts:
        for background in backgrounds:
            assert contrast(text, background) >= 4.5, (text, background)
    for outline in outlines:  # focus rings and accents: non-text contrast, WCAG 1.4.11
        for background in backgrounds:
            assert contrast(outline, background) >= 3, (outline, background)


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def test_loads_nothing_from_elsewhere(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    raw = (tmp_path / "site" / "index.html").read_text("utf-8")
    root = page(tmp_path / "site" / "index.html")
    scripts = [e for e in root.iter("script") if e.get("type") is None]
    styles = list(root.iter("style"))
    assert len(scripts) == 1 and len(styles) == 1
    data = [e.get("type") for e in root.iter("script") if e.get("type") is not None]
    assert data == ["application/ld+json"]  # data, never run (so CSP needs no hash for it)
    assert all(not e.get("src") for e in root.iter()), "no element loads a source"
    assert (
        not list(root.iter("link")) and not list(root.iter("img")) and not list(root.iter("iframe"))
    )
    assert "url(" not in raw and "@import" not in raw and "fetch(" not in raw
    assert "XMLHttpRequest" not in raw and "import(" not in raw
    policy = next(
        m.get("content", "")
        for m in root.iter("meta")
        if m.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.startswith("default-src 'none'; ")
    assert f"script-src 'sha256-{_sha256(scripts[0].text or '')}'" in policy
    assert f"style-src 'sha256-{_sha256(styles[0].text or '')}'" in policy
    assert any(
        m.get("name") == "referrer" and m.get("content") == "no-referrer" for m in root.iter("meta")
    )
    for link in root.iter("a"):
        href = link.get("href", "")
        assert href.startswith(("#", "invites/", "mailto:", "https://")), href


# -- what the page says without JavaScript ---------------------------------------------------------


def test_static_content_is_complete(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    root = page(tmp_path / "site" / "index.html")
    table = by_id(root, "schedule")
    rows = {row.get("id"): [text_of(c) for c in row] for row in table.findall("tbody/tr")}
    assert rows["row-asia"][:3] == [
        "Asia",
        "Mon, 16 May 2022, 12:00 UTC",
        "Mon, 16 May 2022, 19:00 Jakarta, Indonesia (Western Indonesia Time, GMT+07:00)",
    ]
    # The Spanish session's row is in the page's English like every row.
    assert rows["row-latam"] == [
        "Latin America & Caribbean (in Spanish)",
        "Tue, 3 May 2022, 23:00 UTC",
        "Tue, 3 May 2022, 19:00 Santiago, Chile (Chile Standard Time, GMT-04:00)",
        "",
    ]
    assert "20:00" not in text_of(table)  # never the page's published local time
    asia = by_id(root, "session-asia")
    assert "Mon, 16 May 2022, 12:00 to 13:00" in text_of(asia)
    assert (
        "Interpretation requests for the Asia session close Wed, 11 May 2022, 12:00 UTC "
        "(Wed, 11 May 2022, 19:00 in Jakarta, Indonesia)." in shown_text(asia)
    )
    # Already past when the page was made (--now): marked closed without the script.
    assert shown_text(by_id(root, "session-latam")).endswith(
        "(jue, 28 abr 2022, 19:00 en Santiago de Chile) (plazo vencido)."
    )
    links = {text_of(a): a.get("href", "") for a in asia.iter("a")}
    assert (
        links["Download the invite for the Asia session (.ics, for any calendar)"]
        == "invites/asia.ics"
    )
    assert (
        "dates=20220516T120000Z/20220516T130000Z"
        in links["Add the Asia session to Google Calendar"]
    )
    outlooks = {
        "Add the Asia session to Outlook.com (personal account, best effort)": "outlook.live.com",
        "Add the Asia session to Outlook for work or school (best effort)": "outlook.office.com",
    }
    for name, host in outlooks.items():
        assert links[name].startswith(f"https://{host}/calendar/deeplink/compose?")
        assert "startdt=2022-05-16T12:00:00Z&enddt=2022-05-16T13:00:00Z" in links[name]
    assert links["See the Asia session in your time zone on Zonestamp"].startswith(
        "https://zonestamp.toolforge.org/1652702400/1652706000?name="
    )
    whole = shown_text(root)
    assert "languages with 4 or more interested community members" in whole
    assert "e-mail rgaines@wikimedia.org up until 5 days before" in whole
    for item in ("Use a pseudonym", "Keep your video off", "Submit questions in the live chat"):
        assert item in whole
    assert "Friendly Spaces Policy" in whole and "Universal Code of Conduct" in whole
    assert (
        "An anonymous survey (LimeSurvey) is open; it closes at the end of 30 June 2022, "
        "Anywhere on Earth (UTC-12), which is Fri, 1 Jul 2022, 12:00 UTC." in whole
    )
    assert "This page was made on Sun, 1 May 2022, 00:00 UTC" in whole
    assert (
        "the Latin America & Caribbean session, on Tue, 3 May 2022, 23:00 UTC, was the next"
        in whole
    )
    for element in root.iter():
        if "js-only" in element.get("class", "").split():
            assert element.get("hidden") is not None
            labels = element.get("data-your-zone") is not None or "legend" in element.get(
                "class", ""
            )
            assert labels or not text_of(element), "filled by the script only"


def survey_paragraph(tmp_path, out: str) -> str:  # type: ignore[no-untyped-def]
    return shown_text(by_id(page(tmp_path / out / "index.html"), "survey"))


def test_a_survey_closed_at_now_says_it_closed(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The survey closes at 2022-07-01T12:00Z (the end of 30 June, Anywhere on Earth): a page made
    a second before says it is open; one made at that instant says it closed, not "is open ...
    (closed)", and no longer sends readers to find it."""
    publish(run, out="before", now="2022-07-01T11:59:59Z")
    open_ = survey_paragraph(tmp_path, "before")
    assert "An anonymous survey (LimeSurvey) is open; it closes at the end of 30 June" in open_
    assert "(closed)" not in open_ and "Find it on the series page." in open_
    publish(run, out="after", now="2022-07-01T12:00:00Z")
    closed = survey_paragraph(tmp_path, "after")
    assert closed == (
        "Cannot attend? The anonymous survey (LimeSurvey) closed at the end of 30 June 2022, "
        "Anywhere on Earth (UTC-12), which is Fri, 1 Jul 2022, 12:00 UTC."
    )
    publish(run, "--lang", "fr", out="fr", now="2022-07-02T00:00Z")
    assert "Le questionnaire anonyme (LimeSurvey) a été clos à la fin du 30 juin 2022" in (
        survey_paragraph(tmp_path, "fr")
    )


def test_cancelled_session(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_schedule(
        tmp_path, edit(BUNDLED_TEXT, 'id = "cee"', 'id = "cee"\nstatus = "cancelled"')
    )
    publish(run, "--file", str(path))
    root = page(tmp_path / "site" / "index.html")
    row = by_id(root, "row-cee")
    assert row.get("class") == "cancelled"
    assert row.find("th/s") is not None and text_of(row[0]).endswith("(cancelled)")
    section = by_id(root, "session-cee")
    assert section.get("data-cancelled") is not None
    assert "Cancelled: this session will not take place." in text_of(section)
    names = [text_of(a) for a in section.iter("a")]
    assert names == [
        "Download the cancellation of the Central & Eastern Europe session (.ics: updates your "
        "calendar)"
    ]
    assert "Interpretation requests" not in text_of(section)
    assert b"STATUS:CANCELLED" in (tmp_path / "site" / "invites" / "cee.ics").read_bytes()


def test_schedule_text_is_escaped(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    region = '<script>alert(1)</script> "Asia" & more'
    path = write_schedule(tmp_path, edit(BUNDLED_TEXT, 'region = "Asia"', f"region = '{region}'"))
    publish(run, "--file", str(path))
    root = page(tmp_path / "site" / "index.html")
    assert len(list(root.iter("script"))) == 2  # the page's script and its JSON-LD
    assert text_of(by_id(root, "heading-asia")) == region
    asia = next(e for e in json_ld(root) if e["@id"] == "#session-asia")
    assert asia["name"].endswith(region)
    assert by_id(root, "session-asia").get("data-region") == region


# -- for machines: JSON-LD, Open Graph, schedule.json ----------------------------------------------


def json_ld(root: Element) -> list[dict[str, Any]]:
    (script,) = [e for e in root.iter("script") if e.get("type") == "application/ld+json"]
    data = json.loads(script.text or "")
    assert isinstance(data, list)
    return data


def test_json_ld_events_are_the_schedules_instants(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    events = json_ld(page(tmp_path / "site" / "index.html"))
    toml = tomllib.loads(BUNDLED_TEXT)
    duration = timedelta(minutes=toml["format"]["duration_minutes"])
    expected = {
        s["id"]: (s["start"], s["start"] + duration, s["language"]) for s in toml["session"]
    }
    found = {}
    for event in events:
        assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
        assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["location"]["@type"] == "VirtualLocation"
        assert event["location"]["url"].startswith("https://")
        for key in ("startDate", "endDate"):  # with the anchor zone's offset, never naive
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", event[key])
        start, end = (datetime.fromisoformat(event[k]) for k in ("startDate", "endDate"))
        found[event["@id"].removeprefix("#session-")] = (start, end, event["inLanguage"])
    assert found == expected
    latam = next(e for e in events if e["@id"] == "#session-latam")
    assert latam["startDate"] == "2022-05-03T19:00:00-04:00"  # Santiago's wall clock and offset


def test_json_ld_cancelled_and_rescheduled(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    text = edit(BUNDLED_TEXT, 'id = "cee"', 'id = "cee"\nstatus = "cancelled"')
    text = edit(text, "start = 2022-05-16T12:00:00Z", "start = 2022-05-16T13:30:00Z")
    moved = write_schedule(tmp_path, text)
    for _ in range(2):  # still rescheduled when published again
        publish(run, "--file", str(moved), now="2022-05-02T00:00Z")
        events = {e["@id"]: e for e in json_ld(page(tmp_path / "site" / "index.html"))}
        assert events["#session-cee"]["eventStatus"] == "https://schema.org/EventCancelled"
        asia = events["#session-asia"]
        assert asia["eventStatus"] == "https://schema.org/EventRescheduled"
        assert asia["previousStartDate"] == "2022-05-16T19:00:00+07:00"
        assert asia["startDate"] == "2022-05-16T20:30:00+07:00"
        assert "previousStartDate" not in events["#session-latam"]


def test_description_and_open_graph(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run, "--lang", "es")
    head = page(tmp_path / "site" / "index.html").find("head")
    assert head is not None
    meta = {m.get("name") or m.get("property"): m.get("content") for m in head.iter("meta")}
    assert meta["description"] == meta["og:description"]
    assert str(meta["description"]).startswith("4 conversaciones en línea de 60 minutos en Zoom")
    assert meta["og:title"] == text_of(head.find("title"))  # type: ignore[arg-type]
    assert meta["og:type"] == "website" and meta["og:locale"] == "es"


def test_schedule_json_is_what_sessions_json_prints(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    sessions = run("sessions", "--json", "--now", NOW)
    assert sessions.exit_code == 0, sessions.stderr
    written = (tmp_path / "site" / "schedule.json").read_text("utf-8")
    assert written == sessions.stdout
    assert [s["id"] for s in json.loads(written)["sessions"]] == ["latam", "cee", "africa", "asia"]


# -- one language per sentence and per row; right to left ------------------------------------------


def test_each_row_in_the_pages_language_without_doubled_names(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run, "--lang", "es")
    root = page(tmp_path / "site" / "index.html")
    rows = {r.get("id"): text_of(r[0]) for r in by_id(root, "schedule").findall("tbody/tr")}
    # The Spanish page needs no note on its Spanish session, and says the others' language.
    assert rows == {
        "row-latam": "América Latina y el Caribe",
        "row-cee": "Europa Central y Oriental (en inglés)",
        "row-africa": "África (en inglés)",
        "row-asia": "Asia (en inglés)",
    }
    assert "español, español" not in text_of(root)
    publish(run, out="english")
    root = page(tmp_path / "english" / "index.html")
    latam = [text_of(cell) for cell in by_id(root, "row-latam")]
    assert latam[:2] == ["Latin America & Caribbean (in Spanish)", "Tue, 3 May 2022, 23:00 UTC"]
    for spanish in ("mar,", "may", "español", "hora", "Santiago de Chile"):
        assert spanish not in " ".join(latam), spanish
    # The Spanish session's section: Spanish throughout, what the script adds too (its
    # elements carry no other lang), but for the note in the page's language.
    section = by_id(root, "session-latam")
    assert section.get("lang") == "es"
    marked = {e.get("lang"): text_of(e) for e in section.iter() if e.get("lang")}
    assert marked == {"es": "español", "en": "Conducted in Spanish (español)."}
    deadline = section.find("p[@class='deadline']")
    assert deadline is not None and deadline.find(".//*[@lang]") is None


def test_css_is_logical_for_right_to_left(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run, "--lang", "ar")
    root = page(tmp_path / "site" / "index.html")
    assert root.get("dir") == "rtl"
    css = text_of(root.find("head/style"))  # type: ignore[arg-type]
    physical = re.findall(r"[{;]\s*([\w-]*(?:left|right)[\w-]*)\s*:|:\s*(left|right)\b", css)
    assert physical == []
    assert "text-align:start" in css and "border-inline-start:" in css


def test_day_marker_keeps_its_sign_before_the_number_in_arabic(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run, "--lang", "ar")
    root = page(tmp_path / "site" / "index.html")
    code = next(e.text or "" for e in root.iter("script") if e.get("type") is None)
    # A left-to-right mark before the sign: bidi rule W7 makes "+1" one left-to-right run.
    assert '"day_after": "\u200e+1 يوم"' in code and '"day_before": "\u200e-1 يوم"' in code
    legend = text_of(root.find(".//p[@class='legend js-only']"))  # type: ignore[arg-type]
    assert legend.startswith("\u200e+1")
    publish(run, "--lang", "es", out="es")
    assert "\u200e" not in (tmp_path / "es" / "index.html").read_text("utf-8")


# -- writing the folder ----------------------------------------------------------------------------


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("wmhr: error: ")
    return str(result.stderr)


def test_out_that_is_a_file(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "site").write_text("keep me", "utf-8")
    error = one_error_line(run("publish", "html", "--out", "site", "--now", NOW))
    assert "--out site is a file, not a folder" in error
    assert (tmp_path / "site").read_text("utf-8") == "keep me"
    assert not (tmp_path / "wmhr.db").exists()


def test_out_that_cannot_be_written_records_nothing(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    error = one_error_line(run("publish", "html", "--out", "/proc/wmhr-site", "--now", NOW))
    assert "--out /proc/wmhr-site: cannot create a folder there" in error
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:
        assert conn.execute("SELECT count(*) FROM issued_event").fetchone() == (0,)


def test_nothing_half_written_when_a_target_is_in_the_way(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run)
    site = tmp_path / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (site / "invites" / "latam.ics").unlink()
    (site / "invites" / "latam.ics").mkdir()
    moved = write_schedule(
        tmp_path, edit(BUNDLED_TEXT, "start = 2022-05-16T12:00:00Z", "start = 2022-05-16T13:00:00Z")
    )
    error = one_error_line(
        run("publish", "html", "--out", "site", "--file", str(moved), "--now", "2022-05-02T00:00Z")
    )
    assert "is a folder where wmhr writes a file" in error
    for path, data in before.items():
        if path.name != "latam.ics":
            assert path.read_bytes() == data, f"{path.name} was replaced"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:  # the move was not recorded
        assert conn.execute("SELECT max(sequence) FROM issued_event").fetchone() == (0,)


def test_an_existing_site_keeps_the_hosts_own_files(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "site"
    site.mkdir()
    (site / "CNAME").write_text("hr.example.org\n", "utf-8")
    publish(run)
    assert (site / "CNAME").read_text("utf-8") == "hr.example.org\n"
    assert (site / "index.html").is_file() and (site / "invites" / "series.ics").is_file()
    assert oct((site / "index.html").stat().st_mode & 0o777) == "0o644"
    assert oct((site / "invites").stat().st_mode & 0o777) == "0o755"


def test_a_new_site_is_readable_by_a_web_server(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    publish(run, out="public/site")
    site = tmp_path / "public" / "site"
    assert oct(site.stat().st_mode & 0o777) == "0o755"
    assert oct((site / "invites" / "asia.ics").stat().st_mode & 0o777) == "0o644"


def test_bad_now_and_bad_schedule_are_one_line(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    one_error_line(run("publish", "html", "--out", "site", "--now", "yesterday"))
    path = write_schedule(tmp_path, "schema = 1\n")
    one_error_line(run("publish", "html", "--out", "site", "--file", str(path)))
    assert not (tmp_path / "site").exists()


def test_posix_zone_names_never_reach_people(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Etc/GMT+5 reads as UTC+5 and means UTC-5: the page names it UTC-5."""
    text = edit(BUNDLED_TEXT, 'zone = "Asia/Jakarta"', 'zone = "Etc/GMT-7"')
    publish(run, "--file", str(write_schedule(tmp_path, text)))
    asia = text_of(by_id(page(tmp_path / "site" / "index.html"), "row-asia"))
    assert asia.endswith("Jakarta, Indonesia (GMT+07:00)")  # CLDR's name for it: its offset
    assert "Etc/GMT" not in (tmp_path / "site" / "index.html").read_text("utf-8")
