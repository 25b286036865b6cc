"""`with parameter NAME = VALUE` in a scenario test: the statute as those values make it, so
provisions a parameter switches off can be tested too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import clearlaw
from clearlaw.scenarios import run_all
from clearlaw.syntax import parse_tests_text

GOOD = Path(__file__).resolve().parent / "statutes/good/title-values.law"

TESTS = """tests for test/title-values

test "three years by default"
  as of 2022-06-01
  person P1
    case C1
      count 1 misdemeanor convicted 2020-05-01
  expect C1/1 keep on 2023-05-01

test "two years with the parameter"
  like "three years by default"
  with parameter wait = 2 years
  expect C1/1 clear on 2022-05-01

test "a parameter the statute does not have"
  like "three years by default"
  with parameter wiat = 2 years
  expect C1/1 clear
"""


def test_with_parameter_changes_the_statute_for_that_test_only() -> None:
    statute = clearlaw.load(GOOD)
    run = run_all(parse_tests_text(TESTS, "t.tests"), statute)
    assert not run.broken
    ok, two_years, broken = run.checked
    assert (ok.problem, two_years.problem) == (None, None)
    assert two_years.determination is not None
    assert two_years.determination.eligible_on == date(2022, 5, 1)
    assert broken.test == "a parameter the statute does not have"
    assert broken.problem == (
        "`with parameter`: test/title-values has no parameter `wiat` (did you mean `wait`?)"
    )


def test_the_cli_reports_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.cli_records import run

    (tmp_path / "title-values.law").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "title-values.tests").write_text(TESTS, encoding="utf-8")
    code, _, err = run(capsys, "lint", str(tmp_path / "title-values.law"))
    assert code == 1
    assert "title-values.tests:17:18: error: `test/title-values` has no parameter `wiat`" in err
    assert "did you mean `wait`?" in err
