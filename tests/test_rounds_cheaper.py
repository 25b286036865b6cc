"""What makes ``ca/prop64``'s rounds cheaper (issue 17, fourth look) changes no determination:
the worlds and the presumption rounds say what they set instead of the seeds comparing the two
persons (``clearlaw.worlds._setting``), ``refine`` gives up at once on a fact no world can be
made for, and ``clearlaw.evolve`` copies a record as ``attrs.evolve`` does."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import attrs
import pytest

import clearlaw
import clearlaw.worlds as worlds
from clearlaw import records as r
from clearlaw.citations import parse_citation
from clearlaw.drafting.population import load_profile, people
from clearlaw.evolve import evolve

AS_OF = date(2026, 12, 1)
evaluation = importlib.import_module("clearlaw.evaluate")  # the package exports the function


def without_jail_flag(person: r.Person) -> r.Person:
    """``person`` with ``incarcerated`` left out where a release is on record: the first
    round then reads the record as it implies (``clearlaw.derive``), a person other than the
    one the presumptions fill."""
    return evolve(
        person,
        cases=tuple(
            evolve(
                case,
                counts=tuple(
                    evolve(c, sentence=evolve(c.sentence, incarcerated=None))
                    if c.sentence.incarceration_release_date is not None
                    else c
                    for c in case.counts
                ),
            )
            for case in person.cases
        ),
    )


def group() -> list[r.Person]:
    found = []
    for _, person in people(load_profile("us_ca"), 150, seed=11):
        found += [person, without_jail_flag(person)]
    return found


@pytest.mark.parametrize("together", [True, False])
def test_the_named_changes_decide_as_comparing_and_as_deciding_afresh(
    monkeypatch: pytest.MonkeyPatch, together: bool
) -> None:
    statute = clearlaw.load("ca/prop64")
    options: dict[str, Any] = {"explain": False, "minimal_presumptions": not together}
    everyone = group()
    seeds = evaluation._seeds
    how: dict[str, int] = {"named": 0, "compared": 0}

    def counting(*args: Any) -> Any:
        named = len(args) > 5 and args[5] != "compare"
        how["named" if named else "compared"] += 1
        return seeds(*args)

    monkeypatch.setattr(evaluation, "_seeds", counting)
    named = [clearlaw.evaluate(statute, p, AS_OF, **options) for p in everyone]
    assert how["named"] > 0 and how["compared"] > 0  # the derived people compare
    monkeypatch.setattr(evaluation, "_seeds", lambda *args: seeds(*args[:5]))
    assert [clearlaw.evaluate(statute, p, AS_OF, **options) for p in everyone] == named
    monkeypatch.setattr(evaluation, "_seeds", lambda *args: None)
    assert [clearlaw.evaluate(statute, p, AS_OF, **options) for p in everyone] == named


def count(cid: str, **fields: Any) -> r.Count:
    return r.Count(
        cid, citation=None, level=r.Level.MISDEMEANOR, disposition=r.Disposition.CONVICTED, **fields
    )


def test_a_world_names_at_least_what_it_changes() -> None:
    statute = clearlaw.load("ca/prop64")
    one = count("1", sentence=r.Sentence(imposed_date=date(2010, 1, 1)))
    person = r.Person("P", cases=(r.Case("C1", counts=(one,)),))
    missing = ["facts.sold_to_minor", "facts.hired_minor"]
    found = worlds.possible_worlds(statute, person, AS_OF, "C1", "1", missing)
    assert found is not None
    named = worlds._setting(frozenset(), found.facts)
    assert named == {"sold_to_minor", "hired_minor"}
    every = list(found)
    assert len(every) == 4
    for world in every:
        assert worlds.changed_names(person, world) == named
    assert worlds._setting(None, found.facts) is None
    assert worlds._setting(frozenset(), [("person.birth_date", "", "")]) is None
    assert worlds._setting(frozenset(), [("class", "C1", "1")]) is None


def test_refine_gives_up_on_a_presumed_number_without_deciding() -> None:
    statute = clearlaw.load("ca/prop64")
    person = r.Person("P", cases=(r.Case("C1", counts=(count("1"),)),))
    lacking = attrs.make_class("D", ["case", "count", "outcome", "missing"])
    asked: list[Any] = []

    def decide(world: r.Person, changed: Any) -> tuple[Any, ...]:
        asked.append(world)
        return ()

    number = lacking("C1", "1", "needs_review", ("facts.flower_grams", "facts.sold_to_minor"))
    assert worlds.refine(statute, person, AS_OF, number, decide) is None
    assert asked == []  # flower_grams is presumed, so never enumerated: no world is made
    boolean = lacking("C1", "1", "needs_review", ("facts.hired_minor", "facts.sold_to_minor"))
    assert worlds.refine(statute, person, AS_OF, boolean, decide) is None
    assert asked  # booleans are enumerated: worlds are decided (here none is, so no answer)


@attrs.frozen
class Keyword:
    a: int
    b: int = attrs.field(kw_only=True)
    _c: int = 0


def test_evolve_is_attrs_evolve() -> None:
    for person in group()[:20]:
        for case in person.cases:
            for c in case.counts:
                assert evolve(c, facts={"x": True}) == attrs.evolve(c, facts={"x": True})
                assert evolve(c.sentence) == attrs.evolve(c.sentence)
            assert evolve(case, counts=()) == attrs.evolve(case, counts=())
        assert evolve(person, cases=()) == attrs.evolve(person, cases=())
    value = Keyword(1, b=2, c=3)
    assert evolve(value, b=5) == Keyword(1, b=5, c=3) == attrs.evolve(value, b=5)
    assert evolve(value, c=4, a=0) == Keyword(0, b=2, c=4)


def test_the_worlds_of_the_bare_record_come_before_the_presumptions() -> None:
    """Why the rounds are not folded into one decision on the presumed record: a sentence
    completed before Prop 64 took effect settles `serving_under_the_act` in every world, so the worlds of
    the record as it is agree and the answer rests on no presumption (presuming
    `public_safety_risk` first would list it)."""
    statute = clearlaw.load("ca/prop64")
    convicted = date(2010, 3, 1)
    possession = r.Count(
        "1",
        citation=parse_citation("HS 11357(b)", "US-CA"),
        level=r.Level.MISDEMEANOR,
        offense_date=date(2009, 5, 1),
        disposition=r.Disposition.CONVICTED,
        disposition_date=convicted,
        sentence=r.Sentence(imposed_date=convicted, completion_date=date(2011, 3, 1)),
    )
    person = r.Person(
        "P",
        birth_date=date(1980, 1, 1),
        cases=(r.Case("C1", jurisdiction="US-CA", counts=(possession,)),),
    )
    for minimal in (True, False):
        (found,) = clearlaw.evaluate(
            statute, person, date(2020, 7, 1), explain=False, minimal_presumptions=minimal
        )
        assert (found.outcome, found.rule, found.presumptions) == (
            "dismiss_and_seal",
            "possession_lawful",
            (),
        )
        assert found.reasons[0].startswith("the record does not say facts.public_safety_risk")
