"""What makes the worlds and the presumption rounds cheap changes no determination: the worlds
reuse what deciding the count on the record worked out where it reads nothing they change
(``clearlaw.worlds.changed_names``, ``Statute.stale``), and the bracket of clocks completes only
the counts whose clocks the pending answer names (``clearlaw.worlds._read_clocks``)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import pytest

import clearlaw
import clearlaw.worlds as worlds
from clearlaw import records as r
from clearlaw.drafting.population import load_profile, people

AS_OF = date(2026, 12, 1)
evaluation = importlib.import_module("clearlaw.evaluate")  # the package exports the function


def without_clock_dates(person: r.Person) -> r.Person:
    """``person`` with every release and end of supervision left out (jail and supervision
    kept where said), as the DOJ's records have them."""
    cases = tuple(
        attrs.evolve(
            case,
            counts=tuple(
                attrs.evolve(
                    count,
                    sentence=attrs.evolve(
                        count.sentence,
                        incarceration_release_date=None,
                        supervision_end_date=None,
                        completion_date=None,
                    ),
                )
                for count in case.counts
            ),
        )
        for case in person.cases
    )
    return attrs.evolve(person, cases=cases)


def population(profile: str, number: int) -> Iterator[r.Person]:
    for _, person in people(load_profile(profile), number, seed=7):
        yield person
        yield without_clock_dates(person)


def decide_all(statute: clearlaw.Statute, group: list[r.Person], **options: Any) -> list[Any]:
    return [clearlaw.evaluate(statute, p, AS_OF, explain=False, **options) for p in group]


@pytest.mark.parametrize(
    ("statute_id", "profile", "options"),
    [
        ("ca/prop64", "us_ca", {"minimal_presumptions": False}),
        ("ca/prop64", "us_ca", {}),
        ("ny/clean-slate", "us_ny", {}),
    ],
)
def test_reuse_and_the_read_clocks_change_no_determination(
    monkeypatch: pytest.MonkeyPatch, statute_id: str, profile: str, options: dict[str, Any]
) -> None:
    statute = clearlaw.load(statute_id)
    group = list(population(profile, 120))
    used = {"seeds": 0, "read clocks": 0}
    seeds, read_clocks = evaluation._seeds, worlds._read_clocks

    def seeds_used(*args: Any) -> Any:
        found = seeds(*args)
        used["seeds"] += bool(found)
        return found

    def read_clocks_used(*args: Any) -> Any:
        found = read_clocks(*args)
        used["read clocks"] += found is not None
        return found

    monkeypatch.setattr(evaluation, "_seeds", seeds_used)
    monkeypatch.setattr(worlds, "_read_clocks", read_clocks_used)
    fast = decide_all(statute, group, **options)
    assert used["seeds"] > 0
    assert (used["read clocks"] > 0) is (statute_id == "ca/prop64")  # NY: others' clocks
    monkeypatch.setattr(evaluation, "_seeds", lambda *args: None)
    monkeypatch.setattr(worlds, "_read_clocks", lambda *args: None)
    assert decide_all(statute, group, **options) == fast


def count(cid: str, **fields: Any) -> r.Count:
    return r.Count(cid, level=r.Level.MISDEMEANOR, disposition=r.Disposition.CONVICTED, **fields)


def test_changed_names_are_the_facts_and_sentence_fields_a_world_sets() -> None:
    one = count("1", facts={"for_sale": True}, sentence=r.Sentence(incarcerated=True))
    person = r.Person("P1", cases=(r.Case("C1", "US-CA", None, r.CaseStatus.CLOSED, (one,)),))
    world = worlds._world(
        person,
        [("facts.for_sale", "C1", "1"), ("facts.sale_conduct", "C1", "1")],
        [False, True],
    )
    assert worlds.changed_names(person, world) == {"for_sale", "sale_conduct"}
    bracket = worlds._world(person, [("sentence.incarceration_release_date", "C1", "1")], [AS_OF])
    assert worlds.changed_names(person, bracket) == {"incarceration_release_date"}
    assert worlds.changed_names(person, person) == frozenset()
    other_level = worlds._world(person, [("level", "C1", "1")], [r.Level.FELONY])
    assert worlds.changed_names(person, other_level) is None  # only facts and sentences


def test_stale_is_what_reads_a_changed_name_through_its_definitions() -> None:
    statute = clearlaw.load("ca/prop64")
    definitions, decisions = statute.stale(frozenset({"incarceration_release_date"}))
    assert "serving_under_the_act" in definitions and "serious_prior" not in definitions
    names = {statute.fast.decisions[i].node.name for i in decisions}
    assert names == {"public_safety"}  # the one decision that reads serving_under_the_act
