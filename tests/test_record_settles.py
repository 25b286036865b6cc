"""Issue 14, what the record settles (OR, IL, CO, CA): the hand-written oracles agree with the
statutes on the scenario tests written for it (fabricated people); the readings kept for the
other view are tested in test_readings_pa_or_issue14.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from oracles import OracleResult, ca_prop64, co_clean_slate, il_cannabis_expungement, or_set_aside
from test_differential import check

import clearlaw
from clearlaw import nodes as n
from clearlaw.records import Person
from clearlaw.scenarios import resolve
from clearlaw.syntax import parse_tests_text

STATUTES = Path(__file__).resolve().parents[1] / "statutes"
Oracle = Callable[[Person, date], dict[tuple[str, str], OracleResult]]

#: (statute, its oracle, words naming the scenario tests written for this issue)
CASES: list[tuple[str, Oracle, str]] = [
    ("or/set-aside", or_set_aside.decide, "probation revoked"),
    ("il/cannabis-expungement", il_cannabis_expungement.decide, "below felony level"),
    ("il/cannabis-expungement", il_cannabis_expungement.decide, "Section 7 reaches only"),
    ("co/clean-slate", co_clean_slate.decide, "registration"),
    ("ca/prop64", ca_prop64.decide, "settles sale_conduct"),
]


def _scenarios(statute_id: str, words: str) -> list[n.ScenarioTest]:
    tests = parse_tests_text((STATUTES / f"{statute_id}.tests").read_text(encoding="utf-8"))
    found = [t for t in resolve(tests) if isinstance(t, n.ScenarioTest) and words in t.name]
    assert found, f"no scenario test of {statute_id} names {words!r}"
    return found


@pytest.mark.parametrize(("statute_id", "oracle", "words"), CASES)
def test_the_oracle_agrees_on_the_scenarios(statute_id: str, oracle: Oracle, words: str) -> None:
    statute = clearlaw.load(statute_id)
    for test in _scenarios(statute_id, words):
        assert isinstance(test.person, Person) and test.as_of is not None
        check(statute, oracle, test.person, test.as_of)
