"""The pytest plugin (clearlaw.pytest_plugin): each scenario of a ``.tests`` file is a test
item, selectable with ``-k``, reported in JUnit XML; a broken file is a collection error with
its diagnostics; ``testpaths`` never collect ``.tests`` files."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

SCENARIOS = """\
tests for test/minimal

test "cleared after five years"
  as of 2030-01-01
  person P1
    case C1 in "US-NY" closed
      count 1 "PL 155.25" misdemeanor convicted 2019-01-01 sentenced 2019-01-01
  expect C1/1 clear on 2022-01-01

test "kept before five years"
  as of 2020-01-01
  person P1
    case C1 in "US-NY" closed
      count 1 "PL 155.25" misdemeanor convicted 2019-01-01 sentenced 2019-01-01
  expect C1/1 keep
"""


#: Plugins the runs here do not need (they take most of a run's start-up time).
QUIET = ("-p", "no:hypothesispytest", "-p", "no:benchmark", "-p", "no:cacheprovider")


@pytest.fixture
def folder(pytester: pytest.Pytester) -> pytest.Pytester:
    statute = (ROOT / "tests/statutes/good/minimal.law").read_text(encoding="utf-8")
    pytester.makefile(".law", minimal=statute)
    pytester.makefile(".tests", minimal=SCENARIOS)
    return pytester


def test_each_scenario_is_an_item_and_a_failure_names_its_line(folder: pytest.Pytester) -> None:
    report = folder.path / "junit.xml"
    result = folder.runpytest(str(folder.path), f"--junitxml={report}", *QUIET)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*scenario “cleared after five years”*",
            "*minimal.tests:8:3: test “cleared after five years”: expected eligible 2022-01-01,"
            " got clear, eligible on 2024-01-01",
        ]
    )
    xml = report.read_text(encoding="utf-8")
    assert 'name="cleared after five years"' in xml
    assert 'name="kept before five years"' in xml
    assert 'failures="1"' in xml


def test_k_selects_scenarios_by_name(folder: pytest.Pytester) -> None:
    result = folder.runpytest("minimal.tests", "-k", "kept", *QUIET)
    result.assert_outcomes(passed=1, deselected=1)


def test_a_broken_file_is_a_collection_error_with_its_diagnostics(
    folder: pytest.Pytester,
) -> None:
    folder.makefile(".tests", minimal=SCENARIOS.replace("keep", "kept"))
    result = folder.runpytest("minimal.tests", *QUIET)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*minimal.tests:15:15: error: `test/minimal` has no outcome `kept`*"]
    )
    # a project's own run (testpaths) collects no .tests file, broken or not
    folder.makeini("[pytest]\ntestpaths = .\n")
    assert folder.runpytest(*QUIET).ret == pytest.ExitCode.NO_TESTS_COLLECTED
