"""What ``evaluate`` remembers while it decides one person: the worlds a count was decided in
(by what each changes in the record, ``clearlaw.evaluate._Worlds``), and the birth dates a
missing birth date is tried with (``clearlaw.worlds._age_patterns``).  Remembering changes no
determination; it only spares work."""

from __future__ import annotations

import datetime as dt
import importlib

import attrs
import pytest

import clearlaw
from clearlaw import worlds
from clearlaw.citations import parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

AS_OF = dt.date(2020, 7, 1)
ev = importlib.import_module("clearlaw.evaluate")  # the package's `evaluate` is the function


def _count(count_id: str, citation: str) -> Count:
    return Count(
        id=count_id,
        citation=parse_citation(citation, "US-CA"),
        level=Level.FELONY,
        disposition=Disposition.CONVICTED,
        offense_date=dt.date(2010, 3, 1),
        disposition_date=dt.date(2010, 6, 1),
    )


def _person(birth_date: dt.date | None = dt.date(1980, 1, 1)) -> Person:
    """Rap-sheet counts (no facts): decided over worlds and with presumptions, in rounds."""
    return Person(
        id="P1",
        birth_date=birth_date,
        cases=(
            Case(
                id="C1",
                jurisdiction="US-CA",
                counts=(_count("1", "HS 11360"), _count("2", "HS 11359")),
            ),
            Case(id="C2", jurisdiction="US-CA", counts=(_count("1", "HS 11357"),)),
        ),
    )


def test_worlds_are_remembered_without_hashing_the_person(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    statute = clearlaw.load("ca/prop64")
    person = _person()
    before = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    assert any(d.presumptions for d in before)
    remembered: list[tuple[str, str]] = []
    decide = ev._Worlds.decide

    def spy(self: object, *args: object) -> object:
        remembered.append(args[-1])  # type: ignore[arg-type]
        return decide(self, *args)  # type: ignore[arg-type]

    def refuse(self: Person) -> int:
        raise AssertionError("a whole person was hashed")

    monkeypatch.setattr(ev._Worlds, "decide", spy)
    monkeypatch.setattr(Person, "__hash__", refuse)
    assert clearlaw.evaluate(statute, person, AS_OF, explain=False) == before
    assert remembered  # the rounds did meet worlds


def test_equal_worlds_share_a_key_and_different_ones_do_not() -> None:
    person = _person()
    case = person.cases[0]

    def world(**changes: object) -> Person:
        count = attrs.evolve(case.counts[0], facts=changes)
        counts = (count, case.counts[1])
        return attrs.evolve(person, cases=(attrs.evolve(case, counts=counts), person.cases[1]))

    one, same = world(for_sale=True), world(for_sale=True)
    assert one is not same and ev._changes(person, one) == ev._changes(person, same)
    assert ev._changes(person, one) != ev._changes(person, world(for_sale=False))
    assert ev._changes(person, one) != ev._changes(person, person)
    older = attrs.evolve(person, birth_date=dt.date(1950, 1, 1))
    assert ev._changes(person, older) != ev._changes(person, person)
    reopened = attrs.evolve(
        person, cases=(attrs.evolve(case, status=CaseStatus.OPEN), person.cases[1])
    )
    assert ev._changes(person, reopened) != ev._changes(person, person)
    fewer = attrs.evolve(person, cases=person.cases[:1])
    assert ev._changes(person, fewer) != ev._changes(person, person)


def test_birth_date_worlds_are_worked_out_once_per_set_of_dates() -> None:
    statute = clearlaw.load("ca/prop64")
    person = _person(birth_date=None)
    worlds._age_patterns.cache_clear()
    first = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    asked = worlds._age_patterns.cache_info()
    assert asked.misses >= 1
    assert clearlaw.evaluate(statute, person, AS_OF, explain=False) == first
    again = worlds._age_patterns.cache_info()
    assert again.misses == asked.misses and again.hits > asked.hits
