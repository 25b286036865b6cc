"""A presumption round re-decides only the counts still waiting for a presumption
(clearlaw.presume.Presumptions.settle); the rest keep their first determination."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from test_presumptions import STATUTE

import clearlaw
from clearlaw.records import Case, Count, Disposition, Person

AS_OF = dt.date(2020, 7, 1)
ev = importlib.import_module("clearlaw.evaluate")  # the package's `evaluate` is the function


def _person() -> Person:
    settled = Count(id="1", disposition=Disposition.CONVICTED, facts={"grams": 1, "minor": False})
    waiting = Count(id="2", disposition=Disposition.CONVICTED, facts={"grams": 1})
    other = Count(id="1", disposition=Disposition.CONVICTED, facts={"grams": 1, "minor": False})
    return Person(
        id="P1",
        cases=(Case(id="C1", counts=(settled, waiting)), Case(id="C2", counts=(other,))),
    )


def test_a_round_decides_only_the_counts_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    statute = clearlaw.parse(STATUTE, "presumed.law")
    asked: list[frozenset[tuple[str, str]] | None] = []
    decide_all = ev._decide_all

    def spy(*args: Any, **kwargs: Any) -> tuple[clearlaw.Determination, ...]:
        only = args[4] if len(args) > 4 else kwargs.get("only")
        asked.append(None if only is None else frozenset(only))
        found: tuple[clearlaw.Determination, ...] = decide_all(*args, **kwargs)
        return found

    monkeypatch.setattr(ev, "_decide_all", spy)
    found = {(d.case, d.count): d for d in clearlaw.evaluate(statute, _person(), AS_OF)}
    assert asked == [None, frozenset({("C1", "2")})]  # the record, then one round
    assert found["C1", "2"].outcome == "clear"
    assert [p.fact for p in found["C1", "2"].presumptions] == ["facts.minor"]
    assert found["C1", "1"].presumptions == found["C2", "1"].presumptions == ()
    assert found["C1", "1"].outcome == found["C2", "1"].outcome == "clear"


def test_the_counts_decided_are_those_of_the_whole_person() -> None:
    statute = clearlaw.parse(STATUTE, "presumed.law")
    person = _person()
    alone = Person(id="P1", cases=(Case(id="C1", counts=(person.cases[0].counts[1],)),))
    (waiting,) = clearlaw.evaluate(statute, alone, AS_OF)
    found = clearlaw.evaluate(statute, person, AS_OF)
    assert [(d.case, d.count) for d in found] == [("C1", "1"), ("C1", "2"), ("C2", "1")]
    assert found[1] == waiting


def test_presuming_together_gives_the_same_outcomes_as_one_at_a_time() -> None:
    """Bulk runs presume a count's lacking facts at once (``minimal_presumptions=False``):
    the outcomes and dates are those of the one-at-a-time rounds on every CA scenario person
    (and the DOJ outputs of a 1M-row file were byte for byte the same, 2026-12-07)."""
    import clearlaw
    from clearlaw.library import load_tests, statute_path

    statute = clearlaw.load("ca/prop64")
    tests = load_tests(statute_path("ca/prop64"))
    assert tests is not None
    checked = 0
    for test in tests.tests:
        person = test.person
        if not isinstance(person, clearlaw.Person) or test.as_of is None:
            continue  # a test `like` another: the same person
        one = clearlaw.evaluate(statute, person, test.as_of, explain=False)
        together = clearlaw.evaluate(
            statute, person, test.as_of, explain=False, minimal_presumptions=False
        )
        key = [(d.case, d.count, d.outcome, d.eligible_on, d.relief) for d in one]
        assert key == [(d.case, d.count, d.outcome, d.eligible_on, d.relief) for d in together]
        checked += sum(1 for d in one if d.presumptions)
    assert checked  # some of them rest on presumptions
