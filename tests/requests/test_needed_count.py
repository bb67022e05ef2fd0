"""`needed` says how many more on-time requesters would confirm a language: never a count for a
language that needs no interpretation (the session's own) or for a cancelled session."""

from __future__ import annotations

import csv
import io
import json

NOW = "2022-04-21T00:00Z"  # latam (held in es) and cee (held in en) still take requests
PEOPLE = ["ana@example.org", "bruno@example.org", "carla@example.org"]


def add(run, session: str, language: str, contact: str, *extra: str):  # type: ignore[no-untyped-def]
    result = run(
        "requests", "add", session, language, "--from", contact,
        "--at", "2022-04-20T10:00Z", "--now", NOW, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result


def languages(run, session: str, *extra: str) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    result = run("interpretation", session, "--now", NOW, "--json", *extra)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)["sessions"][0]["languages"]
    return {language["language"]: language for language in found}


def test_the_sessions_own_language_needs_no_one(run) -> None:  # type: ignore[no-untyped-def]
    added = add(run, "latam", "es-MX", PEOPLE[0], "--json")
    assert json.loads(added.stdout)["interpretation"]["needed"] == 0
    add(run, "latam", "pt-BR", PEOPLE[0])
    add(run, "cee", "en", PEOPLE[0])
    latam = languages(run, "latam")
    assert (latam["es"]["state"], latam["es"]["needed"]) == ("not needed", 0)
    assert (latam["pt"]["state"], latam["pt"]["needed"]) == ("open", 3)  # others unchanged
    cee = languages(run, "cee")
    assert (cee["en"]["state"], cee["en"]["needed"]) == ("not needed", 0)
    shown = run("interpretation", "latam", "--now", NOW, "--csv")
    rows = {row["language"]: row for row in csv.DictReader(io.StringIO(shown.stdout))}
    assert (rows["es"]["state"], rows["es"]["needed"]) == ("not needed", "0")
    assert rows["pt"]["needed"] == "3"
    table = run("interpretation", "latam", "--now", NOW)
    own = next(line for line in table.stdout.splitlines() if line.startswith("latam    es"))
    assert own.split()[5] == "-"  # the Needed column


def test_a_cancelled_session_needs_no_one(run, schedule_file) -> None:  # type: ignore[no-untyped-def]
    for person in PEOPLE:
        add(run, "latam", "pt-BR", person)
    cancelled = schedule_file(('id = "latam"\n', 'id = "latam"\nstatus = "cancelled"\n'))
    pt = languages(run, "latam", "--file", str(cancelled))["pt"]
    assert (pt["state"], pt["on_time"], pt["needed"]) == ("cancelled", 3, 0)
