"""Differential test: statutes/ct/clean-slate.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import ct_clean_slate
from strategies_ct import ct_people

import clearlaw
from clearlaw.records import Person

CT = clearlaw.load("ct/clean-slate")


def _check(person: Person, as_of: date, precise: bool = False) -> None:
    determinations = clearlaw.evaluate(CT, person, as_of, explain=False)
    dsl = {(d.case, d.count): (d.outcome, d.eligible_on) for d in determinations}
    decided = ct_clean_slate.decide(person, as_of, precise=precise)
    oracle = {k: (r.outcome, r.eligible_on) for k, r in decided.items()}
    assert dsl == oracle, (
        f"ct/clean-slate: DSL and oracle disagree\nas_of = {as_of!r}\nperson = {person!r}\n"
        f"DSL = {dsl}\noracle = {oracle}\n"
        f"DSL reasons = {[(d.case, d.count, d.reasons) for d in determinations]}"
    )


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(ct_people())
def test_ct_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    _check(person, as_of)


def test_engine_restart_with_unsure_member_is_imprecise() -> None:
    """Known engine limitation (reported): a later conviction of unknown level that would
    restart the clock makes the date unknown, although both clocks end on 2023-01-01."""
    import datetime as dt

    from clearlaw.citations import parse_citation
    from clearlaw.records import Case, Count, Disposition, Level, Sentence

    facts = {"family_violence": False, "sexual_offense": False, "listed_offense": False}

    def count(i: str, level: Level | None, day: dt.date) -> Count:
        return Count(
            id=i,
            citation=parse_citation("CGS 53-21"),
            level=level,
            offense_class="B",
            offense_date=dt.date(2011, 1, 1),
            disposition=Disposition.CONVICTED,
            disposition_date=day,
            sentence=Sentence(imposed_date=day, incarcerated=False, supervised=False),
            facts=facts,
        )

    person = Person(
        id="P",
        cases=(
            Case(
                id="C1",
                jurisdiction="US-CT",
                counts=(
                    count("1", Level.MISDEMEANOR, dt.date(2011, 7, 17)),
                    count("2", None, dt.date(2011, 11, 23)),
                ),
            ),
        ),
    )
    law = ct_clean_slate.decide(person, dt.date(2024, 1, 1), precise=True)[("C1", "1")]
    assert (law.outcome, law.eligible_on) == ("erase", dt.date(2023, 1, 1))
    (first, *_) = clearlaw.evaluate(CT, person, dt.date(2024, 1, 1), explain=False)
    # Today the engine answers needs_review; when it branches on the unsure member this
    # assertion fails and the oracle's ``precise`` mode can become the default.
    assert first.outcome == "needs_review"
