"""Statute text an adversary wrote: deep nesting, numbers too long, random damage to the
library's files.  Each gives diagnostics (file:line:col), never a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from statute_text import small_statute
from strategies_statutes import damaged_library_text

import clearlaw
from clearlaw import Case, CaseStatus, Count, Disposition, Level, Person
from clearlaw.citations import parse_citation
from clearlaw.cli import main
from clearlaw.library import load_text
from clearlaw.syntax import MAX_DIGITS, MAX_NESTING


def _rule(condition: str) -> str:
    return small_statute("t/limits", "limits", f'rule r "r"  § T 1\n  clear when {condition}\n')


def _error(text: str) -> str:
    with pytest.raises(clearlaw.StatuteError) as caught:
        clearlaw.parse(text, "deep.law")
    return str(caught.value)


@pytest.mark.parametrize(
    "condition",
    [
        "not " * 1000 + "level is misdemeanor",
        "(level is misdemeanor and " * 1000 + "level is felony" + ")" * 1000,
        "(" * 1000 + "1" + " + 1)" * 1000 + " > 0",
    ],
    ids=["not", "and", "arithmetic"],
)
def test_thousand_deep_nesting_is_one_clear_error(condition: str) -> None:
    message = _error(_rule(condition))
    assert "deep.law:10:" in message and "error: nesting too deep" in message
    assert f"at most {MAX_NESTING} levels" in message


def test_nesting_below_the_limit_still_decides() -> None:
    depth = MAX_NESTING - 10
    statute = clearlaw.parse(_rule("not " * depth + "level is felony"), "ok.law")
    count = Count(
        "1",
        parse_citation("PL 220.03"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
    )
    person = Person("P1", cases=(Case("C1", "US-NY", "KINGS", CaseStatus.CLOSED, (count,)),))
    (decided,) = clearlaw.evaluate(statute, person, date(2020, 1, 1))
    assert decided.outcome == ("clear" if depth % 2 else "keep")


@pytest.mark.parametrize("digits", [MAX_DIGITS + 1, 400, 4301, 20_000])
def test_numbers_too_long_are_one_clear_error(digits: int) -> None:
    text = small_statute(
        "t/limits",
        "limits",
        f'parameter n: number = {"9" * digits}  § T 1\nrule r "r"  § T 1\n'
        "  clear when level is misdemeanor\n",
    )
    message = _error(text)
    assert "deep.law:9:23: error: number too long" in message
    assert f"at most {MAX_DIGITS} digits" in message


def test_a_number_of_the_most_digits_is_read() -> None:
    statute = clearlaw.parse(
        small_statute(
            "t/limits",
            "limits",
            f'parameter n: number = {"1" * MAX_DIGITS}  § T 1\nrule r "r"  § T 1\n'
            "  clear when level is misdemeanor\n",
        ),
        "ok.law",
    )
    assert statute.id == "t/limits"


def test_lint_reports_the_limit_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = tmp_path / "deep.law"
    law.write_text(_rule("not " * 1000 + "level is misdemeanor"), encoding="utf-8")
    assert main(["lint", str(law)]) == 1
    err = capsys.readouterr().err
    assert f"{law}:10:" in err and "nesting too deep" in err
    assert "Traceback" not in err and "RecursionError" not in err


# ------------------------------------------------------------------ fuzzing the library


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(damaged_library_text())
def test_damaged_library_statutes_give_diagnostics_never_a_traceback(
    damaged: tuple[str, str],
) -> None:
    sid, text = damaged
    try:
        statute = load_text(text, f"{sid}.law")
    except clearlaw.StatuteError as err:
        assert err.diagnostics, "a StatuteError names at least one problem"
        for d in err.diagnostics:
            assert d.span.line >= 1 and d.span.column >= 1
    else:
        assert statute.id
