"""Scenario test files checked against their statute (clearlaw.check_tests): each bad file in
tests/statutes/bad-tests/ reports exactly the diagnostics of the ``.expected`` file beside it;
``clearlaw lint`` and ``clearlaw test`` report them instead of passing or running the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from statute_text import small_statute

import clearlaw
from clearlaw.check_tests import check_tests, load_checked_tests
from clearlaw.cli import main
from clearlaw.library import list_statutes

ROOT = Path(__file__).resolve().parent.parent
BAD = sorted((ROOT / "tests/statutes/bad-tests").glob("*.tests"))


def _statute_for(path: Path) -> clearlaw.Statute:
    """The ``.law`` file beside a bad tests file, or the library statute it names."""
    law = path.with_suffix(".law")
    if law.is_file():
        return clearlaw.load(law)
    text = path.read_text(encoding="utf-8")
    return clearlaw.load(text.split("tests for ", 1)[1].split()[0])


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_tests_report_expected_diagnostics(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    relative = path.relative_to(ROOT)
    with pytest.raises(clearlaw.StatuteError) as info:
        check_tests(path.read_text(encoding="utf-8"), str(relative), _statute_for(path))
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    assert str(info.value) == expected


@pytest.mark.parametrize("sid", sorted(list_statutes()))
def test_library_tests_check_clean(sid: str) -> None:
    path = list_statutes()[sid]
    load_checked_tests(path, clearlaw.load(path))  # raises StatuteError on any problem


def test_all_problems_of_a_file_are_reported_in_one_pass() -> None:
    path = ROOT / "tests/statutes/bad-tests/facts.tests"
    with pytest.raises(clearlaw.StatuteError) as info:
        check_tests(path.read_text(encoding="utf-8"), "facts.tests", _statute_for(path))
    places = [(d.span.line, d.span.column) for d in info.value.diagnostics]
    assert places == [(9, 14), (11, 27), (11, 62), (13, 36)]
    assert info.value.diagnostics[0].hint == "did you mean `victim_age`?"


def _broken_copy(tmp_path: Path) -> Path:
    """A copy of the minimal statute whose tests expect an outcome it does not have."""
    law = tmp_path / "minimal.law"
    law.write_text((ROOT / "tests/statutes/good/minimal.law").read_text(encoding="utf-8"))
    law.with_suffix(".tests").write_text(
        "tests for test/minimal\n\n"
        'test "cleared"\n'
        "  as of 2030-01-01\n"
        "  person P1\n"
        '    case C1 in "US-NY" closed\n'
        '      count 1 "PL 155.25" misdemeanor convicted 2019-01-01 sentenced 2019-01-01\n'
        "  expect C1/1 cleared on 2024-01-01\n"
        "  expect C1/2 clear on 2024-01-01\n",
        encoding="utf-8",
    )
    return law


@pytest.mark.parametrize("command", ["lint", "test"])
def test_lint_and_test_report_the_diagnostics_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    law = _broken_copy(tmp_path)
    code = main([command, str(law)])
    captured = capsys.readouterr()
    assert code == 1
    tests = law.with_suffix(".tests")
    assert f"{tests}:8:15: error: `test/minimal` has no outcome `cleared`" in captured.err
    assert "did you mean `clear`?" in captured.err
    assert f"{tests}:9:10: error: the test's person has no count C1/2" in captured.err
    assert "expectations hold" not in captured.out  # the broken file is not run
    if command == "lint":
        assert f"{tests}: 2 error(s)" in captured.out


def test_a_duration_fact_is_written_as_text(tmp_path: Path) -> None:
    """A record carries a duration fact as its text (clearlaw.scope), so a tests file does too;
    a number there is reported, not a crash."""
    statute = clearlaw.parse(
        small_statute(
            "test/duration",
            "Duration",
            'facts\n  term: duration "a term"\nrule r "r" § T 2\n  clear when level is misdemeanor\n',
        ),
        "duration.law",
    )
    count = '      count {} "PL 155.25" misdemeanor convicted 2019-01-01 fact term = {}\n'
    text = (
        'tests for test/duration\n\ntest "t"\n  as of 2030-01-01\n  person P1\n'
        '    case C1 in "US-NY" closed\n'
        + count.format(1, '"3 years"')
        + count.format(2, "3")
        + "  expect C1/1 clear\n"
    )
    with pytest.raises(clearlaw.StatuteError) as info:
        check_tests(text, "duration.tests", statute)
    (problem,) = info.value.diagnostics
    assert (problem.span.line, problem.message) == (
        8,
        "fact `term` is a duration (written as text), not a number",
    )
