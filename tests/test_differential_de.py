"""Differential test: statutes/de/clean-slate.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import de_clean_slate
from strategies_de import de_people

import clearlaw
from clearlaw.records import Person

DE = clearlaw.load("de/clean-slate")


def _check(person: Person, as_of: date) -> None:
    determinations = clearlaw.evaluate(DE, person, as_of, explain=False)
    dsl = {(d.case, d.count): (d.outcome, d.eligible_on) for d in determinations}
    decided = de_clean_slate.decide(person, as_of)
    oracle = {k: (r.outcome, r.eligible_on) for k, r in decided.items()}
    assert dsl == oracle, (
        f"de/clean-slate: DSL and oracle disagree\nas_of = {as_of!r}\nperson = {person!r}\n"
        f"DSL = {dsl}\noracle = {oracle}\n"
        f"DSL reasons = {[(d.case, d.count, d.reasons) for d in determinations]}"
    )


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(de_people())
def test_de_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    _check(person, as_of)
