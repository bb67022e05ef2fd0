"""sessions.toml is read strictly: each mistake is one line naming the file, key path and fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, bundled_text
from wmhr.errors import ScheduleError, UnknownSessionError
from wmhr.schedule.model import load, locate, parse


def test_bundled_schedule_carries_the_pages_facts(schedule):
    assert [s.id for s in schedule] == ["latam", "cee", "africa", "asia"]
    assert schedule.format.duration_minutes == 60
    assert [a.minutes for a in schedule.format.agenda] == [10, 50]
    assert schedule.interpretation.min_requesters == 4
    assert schedule.interpretation.lead_days == 5
    assert schedule.session("latam").language == "es"
    assert schedule.session("asia").zone.key == "Asia/Jakarta"
    assert schedule.survey.closes.isoformat() == "2022-07-01T12:00:00+00:00"
    assert len(schedule.series.topics) == 5
    assert schedule.series.policies == ("Friendly Spaces Policy", "Universal Code of Conduct")


def test_top_level_sessions_toml_is_the_bundled_file():
    top = BUNDLED.parent.parent.parent / "sessions.toml"
    assert top.read_bytes() == BUNDLED.read_bytes()


CASES = [
    pytest.param(
        ('zone = "Asia/Jakarta"', 'zone = "Asia/Jakrta"'),
        ["session[3].zone", 'unknown time zone "Asia/Jakrta"', "did you mean Asia/Jakarta"],
        id="unknown zone with suggestion",
    ),
    pytest.param(
        ('anchor_city = "Berlin, Germany"', 'anchor_cty = "Berlin, Germany"'),
        ["session[1].anchor_cty", 'did you mean "anchor_city"'],
        id="mistyped key",
    ),
    pytest.param(
        ("start = 2022-05-12T18:00:00Z", "start = 2022-05-12T18:00:00"),
        ["session[2].start", "has no UTC offset", "2022-05-12T18:00:00Z"],
        id="naive datetime",
    ),
    pytest.param(
        ('id = "cee"', 'id = "latam"'),
        ["session[1].id", "already used by session[0]"],
        id="duplicate id",
    ),
    pytest.param(
        ('id = "africa"', 'id = "../africa"'),
        ["session[2].id", "not a safe id"],
        id="unsafe id",
    ),
    pytest.param(
        ('region = "Asia"\n', ""),
        ["session[3].region", "missing"],
        id="missing key",
    ),
    pytest.param(
        ("min_requesters = 4", 'min_requesters = "four"'),
        ["interpretation.min_requesters", "expected an integer, found a string"],
        id="wrong type",
    ),
    pytest.param(
        ("minutes = 50", "minutes = 45"),
        ["format.agenda", "adds up to 55 minutes"],
        id="agenda does not add up",
    ),
    pytest.param(
        ("closes = 2022-07-01T00:00:00-12:00", "closes = 2022-06-30T23:59:00-12:00"),
        ["survey.closes", "start of the day after last_day", "2022-07-01T00:00:00-12:00"],
        id="survey close inconsistent",
    ),
    pytest.param(
        ("schema = 1", "schema = 2"),
        ["schema", "version 2 is not supported"],
        id="future schema",
    ),
    pytest.param(
        ("lead_days = 5", "lead_days = 999999999"),
        ["interpretation.lead_days", "must be from 0 to 365"],
        id="absurd lead time",
    ),
    pytest.param(
        ('id = "asia"', 'id = "asia"\nmin_sequence = 99999999999999999999'),
        ["session[3].min_sequence", "must be from 0 to 2147483647"],
        id="sequence beyond RFC 5545",
    ),
    pytest.param(
        ('language = "es"', 'language = "Spanish!"'),
        ["session[0].language", "BCP 47"],
        id="bad language tag",
    ),
    pytest.param(
        ('id = "asia"', 'id = "asia"\nstatus = "canceled"'),
        ["session[3].status", 'did you mean "cancelled"'],
        id="mistyped status",
    ),
    pytest.param(
        ('[[session]]\nid = "latam"', '[[session]\nid = "latam"'),
        ["not valid TOML", "line"],
        id="broken TOML",
    ),
    pytest.param(
        ("start = 2022-05-16T12:00:00Z", "start = 9999-12-31T23:30:00Z"),
        ["session[3].start", "outside the supported dates", "1900-01-01 to 2999-12-31"],
        id="start at the end of Python's years",
    ),
    pytest.param(
        ("start = 2022-05-16T12:00:00Z", "start = 0001-01-01T00:00:00+01:00"),
        ["session[3].start", "outside the supported dates"],
        id="start at the beginning of Python's years",
    ),
    pytest.param(
        ("last_day = 2022-06-30", "last_day = 9999-12-31"),
        ["survey.last_day", "outside the supported dates"],
        id="last day at the end of Python's years",
    ),
    pytest.param(
        ('id = "latam"', 'id = "latam\\n"'),
        ["session[0].id", "not a safe id"],
        id="id with a trailing newline",
    ),
    pytest.param(
        (
            'id = "wmf-human-rights-policy-conversations-2022"',
            'id = "wmf-human-rights-policy-conversations-2022\\n"',
        ),
        ["series.id", "lower-case letters"],
        id="series id with a trailing newline",
    ),
    pytest.param(
        ('language = "es"', 'language = "es\\n"'),
        ["session[0].language", "BCP 47"],
        id="language with a trailing newline",
    ),
    pytest.param(
        ('zone = "Asia/Jakarta"', 'zone = "Asia/Jakarta"\njoin_url = "https://x.org/j\\n"'),
        ["session[3].join_url", "not an https:// address"],
        id="join URL with a trailing newline",
    ),
    pytest.param(
        (
            'organizer = "Wikimedia Foundation Global Advocacy team"',
            'organizer = "Wikimedia Foundation Global Advocacy team"\n'
            'organizer_email = "a@example.org\\r\\nATTENDEE:mailto:x@evil.org"',
        ),
        ["series.organizer_email", "control character (\\r)"],
        id="organizer e-mail with CR/LF",
    ),
    pytest.param(
        (
            'organizer = "Wikimedia Foundation Global Advocacy team"',
            'organizer = "Wikimedia Foundation Global Advocacy team"\n'
            'organizer_email = "mailto:advocacy@example.org"',
        ),
        ["series.organizer_email", 'without "mailto:"'],
        id="organizer e-mail with a mailto: prefix",
    ),
    pytest.param(
        (
            'organizer = "Wikimedia Foundation Global Advocacy team"',
            'organizer = "Wikimedia Foundation Global Advocacy team"\n'
            'organizer_email = "Advocacy <advocacy@example.org>"',
        ),
        ["series.organizer_email", "not one e-mail address"],
        id="organizer e-mail with a name",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), CASES)
def test_each_mistake_is_one_line_with_key_path_and_exit_2(run, schedule_file, edit, expected):
    path = schedule_file(edit)
    result = run("sessions", "--file", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"wmhr: error: {path}")
    for fragment in expected:
        assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_says_how_to_fix(run, tmp_path):
    result = run("sessions", "--file", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert "--file" in result.stderr


def test_file_that_is_not_utf8(run, tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(
        bundled_text().replace("Caribbean", "Caribe\u00f1o").encode("latin-1", "replace")
    )
    result = run("sessions", "--file", str(path))
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr


def test_unknown_session_lists_known_ids(schedule):
    with pytest.raises(UnknownSessionError) as caught:
        schedule.session("aisa")
    assert 'did you mean "asia"' in str(caught.value)
    assert "latam, cee, africa, asia" in str(caught.value)


def test_where_the_schedule_comes_from(tmp_path: Path):
    explicit = tmp_path / "explicit.toml"
    from_env = tmp_path / "env.toml"
    local = tmp_path / "sessions.toml"
    assert locate(explicit, cwd=tmp_path, environ={"WMHR_SESSIONS": str(from_env)}) == explicit
    assert locate(None, cwd=tmp_path, environ={"WMHR_SESSIONS": str(from_env)}) == from_env
    assert locate(None, cwd=tmp_path, environ={}) is None  # no local file: the bundled copy
    local.write_text("x")
    assert locate(None, cwd=tmp_path, environ={}) == local


def test_local_sessions_toml_is_preferred_to_the_bundled_copy(run, tmp_path):
    (tmp_path / "sessions.toml").write_text(bundled_text().replace('"Africa"', '"Afrika"'))
    result = run("sessions", "--json")
    assert '"region": "Afrika"' in result.stdout
    (tmp_path / "sessions.toml").unlink()
    assert '"region": "Africa"' in run("sessions", "--json").stdout


def test_environment_variable_names_the_file(run, tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.toml"
    path.write_text(bundled_text().replace('"Africa"', '"Afrique"'))
    monkeypatch.setenv("WMHR_SESSIONS", str(path))
    assert '"region": "Afrique"' in run("sessions", "--json").stdout


def test_error_message_names_the_source():
    with pytest.raises(ScheduleError, match=r"^mine\.toml: session\[0\]\.start"):
        parse(bundled_text().replace("2022-05-03T23:00:00Z", '"soon"'), source="mine.toml")


def test_load_reads_the_bundled_copy_without_a_file():
    assert load(None).source.startswith("(bundled)")


def test_an_organizer_address_loads(schedule_file):
    path = schedule_file(
        (
            'organizer = "Wikimedia Foundation Global Advocacy team"',
            'organizer = "Wikimedia Foundation Global Advocacy team"\n'
            'organizer_email = "advocacy@wikimedia.org"',
        )
    )
    assert load(path).series.organizer_email == "advocacy@wikimedia.org"


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wmhr: error: "), result.stderr
    return str(lines[0])


def test_toml_nested_too_deeply_is_one_line(run, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 1000 + "]" * 1000 + "\n")
    assert "nested too deeply" in one_error_line(run("sessions", "--file", str(path)))


def test_a_folder_named_sessions_toml_is_an_error_not_the_bundled_copy(run, tmp_path):
    (tmp_path / "sessions.toml").mkdir()
    line = one_error_line(run("sessions"))
    assert "sessions.toml: is a folder, not a file" in line
    assert "fix ./sessions.toml" in line


def test_a_missing_file_from_the_environment_names_the_variable(run, monkeypatch):
    monkeypatch.setenv("WMHR_SESSIONS", "nope.toml")
    line = one_error_line(run("sessions"))
    assert "nope.toml: no such file" in line and "$WMHR_SESSIONS" in line


def test_a_fifo_or_a_device_is_refused_without_reading_it(run, tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    assert "not a regular file" in one_error_line(run("sessions", "--file", str(fifo)))
    assert "not a regular file" in one_error_line(run("sessions", "--file", "/dev/zero"))


def test_a_schedule_over_the_size_limit_is_refused(run, tmp_path, monkeypatch):
    monkeypatch.setattr("wmhr.schedule.model.MAX_SCHEDULE_BYTES", 1000)
    path = tmp_path / "big.toml"
    path.write_text(bundled_text())
    assert "larger than 1000 bytes" in one_error_line(run("sessions", "--file", str(path)))
