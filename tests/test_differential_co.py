"""Differential test: statutes/co/clean-slate.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import co_clean_slate
from strategies_co import co_people

import clearlaw
from clearlaw.records import Person

CO = clearlaw.load("co/clean-slate")


def _check(person: Person, as_of: date) -> None:
    determinations = clearlaw.evaluate(CO, person, as_of, explain=False)
    dsl = {(d.case, d.count): (d.outcome, d.eligible_on) for d in determinations}
    decided = co_clean_slate.decide(person, as_of)
    oracle = {k: (r.outcome, r.eligible_on) for k, r in decided.items()}
    assert dsl == oracle, (
        f"co/clean-slate: DSL and oracle disagree\nas_of = {as_of!r}\nperson = {person!r}\n"
        f"DSL = {dsl}\noracle = {oracle}\n"
        f"DSL reasons = {[(d.case, d.count, d.reasons) for d in determinations]}"
    )


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(co_people())
def test_co_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    _check(person, as_of)
