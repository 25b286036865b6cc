"""Provision coverage (clearlaw.coverage, ``clearlaw test --coverage``): which rules,
exceptions and condition branches the scenario tests exercise; every library statute's
scenarios exercise all of its rules and exceptions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from statute_text import small_statute

import clearlaw
from clearlaw.check_tests import load_checked_tests
from clearlaw.cli import main
from clearlaw.coverage import DECISIONS, coverage
from clearlaw.library import list_statutes
from clearlaw.scenarios import run_all

BODY = """
parameter checks: boolean = false                                   § T 9
rule misdemeanor "misdemeanors"                                     § T 2
  clear on disposition_date + 3 years when level is misdemeanor or level is petty_offense
rule felony "felonies"                                              § T 3
  clear on disposition_date + 8 years when level is felony
exception open_case "an open case"                                  § T 4
  keep when case.status is open and level is felony
exception dormant "only once checks are on"                         § T 5
  keep when checks and level is felony
parameter min_years: number = 0                                     § T 10
exception threshold "only once a threshold is set"                  § T 6
  keep when level is felony and min_years > 0
"""

TESTS = """tests for test/coverage

test "a misdemeanor"
  as of 2030-01-01
  person P1
    case C1 in "US-NY" closed
      count 1 "PL 155.25" misdemeanor convicted 2019-01-01
  expect C1/1 clear on 2022-01-01

test "a felony in a closed case"
  as of 2030-01-01
  person P1
    case C1 in "US-NY" closed
      count 1 "PL 155.30" felony convicted 2019-01-01
  expect C1/1 clear on 2027-01-01
"""


@pytest.fixture
def statute_file(tmp_path: Path) -> Path:
    law = tmp_path / "coverage.law"
    law.write_text(small_statute("test/coverage", "Coverage", BODY), encoding="utf-8")
    law.with_suffix(".tests").write_text(TESTS, encoding="utf-8")
    return law


def test_rules_exceptions_and_branches_exercised(statute_file: Path) -> None:
    statute = clearlaw.load(statute_file)
    tests = load_checked_tests(statute_file, statute)
    assert tests is not None
    run = run_all(tests, statute, explain=True)
    report = coverage(statute, (c.determination for c in run.checked if c.determination))
    found = {(p.kind, p.name, p.text): p for p in report.provisions}
    assert found["rule", "misdemeanor", ""].covered
    assert found["rule", "felony", ""].covered
    assert not found["exception", "open_case", ""].covered
    # an `or`'s alternative is covered when it was true; an `and`'s operand when false
    assert found["branch", "rule misdemeanor", "`level is misdemeanor` true"].covered
    assert not found["branch", "rule misdemeanor", "`level is petty_offense` true"].covered
    assert found["branch", "exception open_case", "`case.status is open` false"].covered
    assert not found["branch", "exception open_case", "`level is felony` false"].covered
    # an exception behind a parameter false at every date is dormant: listed, not counted
    assert found["exception", "dormant", ""].dormant == "`checks` is false"
    assert found["exception", "threshold", ""].dormant == "`min_years > 0` is false"
    assert report.share(DECISIONS) == (2, 3)
    uncovered = [p.name for p in report.uncovered if p.kind in DECISIONS]
    assert uncovered == ["open_case", "dormant", "threshold"]


def test_cli_table_lists_the_uncovered_with_their_line(
    statute_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", "--coverage", str(statute_file)]) == 0
    out = capsys.readouterr().out
    assert "test/coverage: rules and exceptions 2/3 (67%), branches 2/4 (50%)" in out
    assert f"  not covered: exception open_case  [{statute_file}:14]" in out
    assert f"  dormant (`checks` is false): exception dormant  [{statute_file}:16]" in out


def test_cli_json_is_the_only_output_on_stdout(
    statute_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", "--coverage", "--format", "json", str(statute_file)]) == 0
    captured = capsys.readouterr()
    (report,) = json.loads(captured.out)
    assert report["rules_and_exceptions"] == {"covered": 2, "total": 3}
    rule = report["provisions"][0]
    assert (rule["kind"], rule["name"], rule["covered"], rule["line"]) == (
        "rule",
        "misdemeanor",
        True,
        10,
    )
    assert "2 passed, 0 failed" in captured.err


def test_format_without_coverage_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--format", "json", "ny/clean-slate"]) == 2
    assert "--format is the format of the --coverage report" in capsys.readouterr().err


@pytest.mark.parametrize("sid", sorted(list_statutes()))
def test_library_scenarios_cover_every_rule_and_exception(sid: str) -> None:
    path = list_statutes()[sid]
    statute = clearlaw.load(path)
    tests = load_checked_tests(path, statute)
    if tests is None:
        pytest.skip(f"{sid} has no scenario tests")
    run = run_all(tests, statute, explain=True)
    report = coverage(statute, (c.determination for c in run.checked if c.determination))
    missing = [p.describe() for p in report.uncovered if p.kind in DECISIONS and not p.dormant]
    assert missing == []
