"""`wmhr coverage` and `wmhr plan` as a user runs them, and the one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

NOW = "2026-05-01T00:00Z"


def test_coverage_of_the_asia_session(run):
    result = run("coverage", "asia")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("asia (Asia) at Mon 16 May 2022 12:00Z: 55 countries")
    jakarta = next(line for line in lines if line.startswith("Indonesia (ID)"))
    assert "Asia/Jakarta" in jakarta and "Mon 16 May 19:00-20:00" in jakarta
    assert "evening" in jakarta and "holiday: Vesak Day" in jakarta
    tonga = next(line for line in lines if line.startswith("Tonga (TO)"))
    assert "Tue 17 May 01:00-02:00  +1" in tonga and "night" in tonga
    assert "Offsets spanned: UTC-11:00 to UTC+14:00 (23 distinct)" in result.stdout
    assert "Worst off: " in result.stdout
    assert "\x1b[" not in result.stdout  # plain when piped


def test_coverage_rows_per_distinct_local_time(run):
    data = json.loads(run("coverage", "cee", "--json").stdout)
    russia = [p for p in data["places"] if p["code"] == "RU"]
    assert len(russia) == len({p["utc_offset"] for p in russia}) == 11
    assert sum(len(p["zones"]) for p in russia) == 26  # every Russian zone of zone.tab
    assert data["countries"] == 32 and data["regions"] == [
        "Central & Eastern Europe & Central Asia"
    ]
    kamchatka = next(p for p in russia if "Asia/Kamchatka" in p["zones"])
    assert kamchatka["local_start"] == "2022-05-10T05:00:00+12:00"
    assert kamchatka["day_shift"] == 1 and kamchatka["band"] == "early"
    bands = data["summary"]["countries_per_band"]
    assert set(bands) == {"night", "early", "day", "evening"}


def test_coverage_window_sets_the_bands(run):
    data = json.loads(run("coverage", "cee", "--window", "09:00-20:00", "--json").stdout)
    poland = next(p for p in data["places"] if p["code"] == "PL")
    assert poland["band"] == "evening" and poland["inside_window"]  # 19:00-20:00
    turkey = next(p for p in data["places"] if p["code"] == "TR")
    assert turkey["band"] == "night" and turkey["minutes_outside"] == 60  # 20:00-21:00


def test_coverage_csv(run):
    result = run("coverage", "asia", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    india = next(r for r in rows if r["code"] == "IN")
    assert india["holidays"] == "Buddha Purnima" and india["holiday_data"] == "true"
    assert india["local_start"] == "2022-05-16T17:30:00+05:30"


def test_coverage_of_a_session_without_regions(run, schedule_file):
    path = schedule_file(('regions = ["Latin America & Caribbean"]\n', ""))
    result = run("coverage", "latam", "--file", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        'wmhr: error: session "latam" names no regions; add regions = ["..."] to it in '
        "sessions.toml (the Wikimedia regions it serves)\n"
    )


def test_plan_south_asia(run):
    args = ("plan", "South Asia", "--from", "2026-05-04", "--to", "2026-05-10", "--now", NOW)
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].split()[:7] == ["1", "Mon", "4", "May", "2026", "12:30Z", "8"]
    data = json.loads(run(*args, "--json").stdout)
    assert data["candidates"][0]["start"] == "2026-05-04T12:30:00+00:00"
    assert data["candidates"][0]["covered"] == ["AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK"]
    assert data["pairs"] == [] and data["weights"] == "countries"
    assert len(data["candidates"]) == 5


def test_plan_json_says_who_is_outside_and_why(run):
    data = json.loads(
        run(
            "plan",
            "Middle East & North Africa",
            "--from",
            "2026-05-04",
            "--to",
            "2026-05-10",
            "--now",
            NOW,
            "--json",
        ).stdout
    )
    first = data["candidates"][0]
    (outside,) = first["outside"]
    assert outside["code"] == "IO" and outside["reasons"] == ["Mon 22:00-23:00 local (night)"]
    (pair,) = data["pairs"]
    assert pair["score"] == pair["total"] == 19 and pair["left_out"] == []
    assert [s["start"] for s in pair["slots"]] == [
        "2026-05-04T14:00:00+00:00",
        "2026-05-04T16:00:00+00:00",
    ]


def test_plan_with_weights(run, tmp_path):
    path = tmp_path / "editors.csv"
    path.write_text("IN,900\nPK,100\n", "utf-8")
    data = json.loads(
        run(
            "plan",
            "South Asia",
            "--from",
            "2026-05-04",
            "--to",
            "2026-05-04",
            "--now",
            NOW,
            "--weights",
            str(path),
            "--json",
        ).stdout
    )
    assert data["total"] == 1000 and data["candidates"][0]["score"] == 1000
    assert "Nepal" in data["unweighted"]


def test_plan_defaults_to_the_four_weeks_after_now(run):
    data = json.loads(run("plan", "NP", "--now", NOW, "--json").stdout)
    assert (data["from"], data["to"]) == ("2026-05-02", "2026-05-29")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("Sout Asia",), 'did you mean "South Asia"?'),
        (("Atlantis",), '"Atlantis" is not a Wikimedia region, a country or a session'),
        (("South Asia", "--window", "17:00-17:00"), "is empty"),
        (("South Asia", "--window", "17:00-17:30"), "shorter than the 60-minute session"),
        (("South Asia", "--from", "2026-05-10", "--to", "2026-05-01"), "is after --to"),
        (("South Asia", "--from", "2026-01-01", "--to", "2028-06-01"), "more than 2 years"),
        (("South Asia", "--from", "next week"), "is not a date"),
        (("South Asia", "--step", "7m"), "divide a day evenly"),
        (("South Asia", "--top", "0"), "--top 0"),
        (("South Asia", "--weights", "missing.csv"), "no such file"),
    ],
)
def test_plan_bad_input_is_one_line_and_exit_2(run, args, problem):
    result = run("plan", *args, "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: ") and result.stderr.count("\n") == 1
    assert problem in result.stderr


def test_plan_unknown_country_in_weights(run, tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("IN,3\nQQ,4\n", "utf-8")
    result = run("plan", "South Asia", "--weights", str(path), "--now", NOW)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert 'line 2: "QQ" is not a country code' in result.stderr


def test_coverage_bad_window_is_exit_2(run):
    result = run("coverage", "asia", "--window", "22:00")
    assert result.exit_code == 2 and "HH:MM-HH:MM" in result.stderr


def test_other_commands_start_without_holidays_babel_or_planning():
    code = (
        "import sys, wmhr.cli.root as root; root.load_commands('sessions'); "
        "print(sorted({'holidays', 'babel', 'wmhr.planning'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plan_weights_from_a_pipe_or_a_folder_is_refused_not_waited_on(run, tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "folder").mkdir()
    for name, problem in (("pipe.csv", "not a regular file"), ("folder", "is a folder")):
        result = run("plan", "South Asia", "--weights", str(tmp_path / name), "--now", NOW)
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith("wmhr: error: --weights ") and problem in result.stderr


# -- issue 19: sessions as regions, suggestions, uninhabited territories, ranges ---------------


def test_plan_takes_a_session_id_for_its_regions(run):
    data = json.loads(run("plan", "asia", "--now", NOW, "--json").stdout)
    (group,) = data["regions"]
    assert group["label"] == "asia (South Asia; East, Southeast Asia, & Pacific)"
    assert "ID" in group["countries"] and "IN" in group["countries"]


@pytest.mark.parametrize(
    ("typed", "suggested", "not_suggested"),
    [
        ("Asia", '"South Asia"', "Austria"),  # the session id is lower case: "Asia" is not it
        ("Latin America", '"Latin America & Caribbean"', "North America"),
        ("asi", '"East, Southeast Asia, & Pacific"', "Austria"),
    ],
)
def test_plan_suggests_wikimedia_regions_first(run, typed, suggested, not_suggested):
    result = run("plan", typed, "--now", NOW)
    assert result.exit_code == 2
    assert suggested in result.stderr
    assert not_suggested not in result.stderr.split("regions are")[0]


def test_uninhabited_territories_are_never_worst_off_nor_counted(run):
    data = json.loads(run("coverage", "latam", "--json").stdout)
    codes = {p["code"] for p in data["places"]}
    assert "BV" not in codes and "GS" not in codes
    assert {w["code"] for w in data["summary"]["worst"]}.isdisjoint({"BV", "GS"})
    assert data["summary"]["uninhabited"] == ["BV", "GS"]
    text = run("coverage", "latam").stdout
    assert "Not counted (no permanent population): Bouvet Island, South Georgia" in text
    refused = run("plan", "BV", "--now", NOW)
    assert refused.exit_code == 2 and "no permanent population" in refused.stderr


def test_a_future_range_counts_its_slots_and_a_past_one_is_one_error_line(run):
    future = run("plan", "South Asia", "--from", "2026-06-01", "--to", "2026-06-07", "--now", NOW)
    assert "672 slots in the range;" in future.stdout and "from now on" not in future.stdout
    begun = run("plan", "South Asia", "--from", "2026-04-30", "--to", "2026-05-01", "--now", NOW)
    assert "96 slots in the range from now on (96 already past)" in begun.stdout
    past = run("plan", "South Asia", "--from", "2026-03-01", "--to", "2026-03-07", "--now", NOW)
    assert past.exit_code == 2
    assert past.stderr.count("\n") == 1
    assert "is already over at 2026-05-01 00:00Z; give dates from 2026-05-01 on" in past.stderr


def test_plan_reads_the_schedule_only_for_a_session_id(run, tmp_path, monkeypatch):
    broken = tmp_path / "broken.toml"
    broken.write_text("not toml at all", "utf-8")
    monkeypatch.setenv("WMHR_SESSIONS", str(broken))
    assert run("plan", "South Asia", "ID", "--now", NOW, "--top", "1").exit_code == 0
    assert run("plan", "asia", "--now", NOW).exit_code == 2
