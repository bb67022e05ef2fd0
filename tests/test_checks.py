"""`wmhr check` is one list of named checks (wmhr.checks.CHECKS); sorting and the exit status are
decided once (wmhr.schedule.check), and the README lists every finding code."""

from __future__ import annotations

import ast
import json
import re
from datetime import UTC, datetime

from conftest import ROOT

from wmhr.checks import CHECKS, run_all
from wmhr.errors import ExitStatus
from wmhr.schedule.check import Check, CheckInput, Finding, exit_status, run_checks
from wmhr.schedule.model import load

BUNDLED = ROOT / "wmhr" / "data" / "sessions.toml"
MAY_1 = datetime(2022, 5, 1, tzinfo=UTC)
README = (ROOT / "README.md").read_text("utf-8")


def declared_codes() -> set[str]:
    return {code for entry in CHECKS for code in entry.codes}


def test_each_check_has_its_own_name_and_codes() -> None:
    names = [entry.name for entry in CHECKS]
    assert len(names) == len(set(names))
    codes = [code for entry in CHECKS for code in entry.codes]
    assert len(codes) == len(set(codes)), "a code belongs to one check"


def test_every_finding_comes_from_a_check_that_declares_its_code() -> None:
    given = CheckInput(load(BUNDLED), MAY_1)
    seen = set()
    for entry in CHECKS:
        for finding in entry.run(given):
            assert finding.code in entry.codes, (entry.name, finding.code)
            seen.add(finding.code)
    assert {"wrong-published-local", "interpretation-closed", "public-holiday"} <= seen


def test_every_code_written_in_the_source_is_declared() -> None:
    """A Finding with a code no check declares would be missing from the README's table."""
    written = set()
    for path in (ROOT / "wmhr").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                code = node.args[1] if len(node.args) > 1 else None
                if isinstance(code, ast.Constant):
                    written.add(code.value)
    assert written, "no Finding found: the test reads the wrong folder"
    assert written <= declared_codes()


def test_the_readme_lists_every_finding_code() -> None:
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", README, flags=re.MULTILINE))
    assert declared_codes() <= listed, declared_codes() - listed


def test_adding_a_check_is_one_entry_and_its_errors_decide_the_status() -> None:
    def extra(given: CheckInput) -> list[Finding]:
        return [Finding("error", "extra", None, f"{len(given.schedule.sessions)} sessions")]

    given = CheckInput(load(BUNDLED), MAY_1)
    findings = run_checks([*CHECKS, Check("extra", ("extra",), extra)], given)
    assert findings[0].level == "error" and "extra" in [f.code for f in findings]
    levels = [f.level for f in findings]
    assert levels == sorted(levels, key=["error", "warning"].index)
    assert exit_status(findings) is ExitStatus.CONDITION_NOT_MET
    warnings_only = [f for f in findings if f.level == "warning"]
    assert exit_status(warnings_only) is ExitStatus.OK
    assert run_all(given) == run_checks(CHECKS, given)


def test_the_command_runs_the_list(run) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "--now", "2022-05-01T00:00Z", "--json")
    assert result.exit_code == 1
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    given = CheckInput(load(BUNDLED), MAY_1, ROOT / "no-such.db")
    assert codes == [f.code for f in run_all(given)]
