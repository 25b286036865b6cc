"""Differential test: statutes/va/automatic-sealing.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import va_automatic_sealing
from strategies_va import va_people

import clearlaw
from clearlaw.records import Person

VA = clearlaw.load("va/automatic-sealing")


def _check(person: Person, as_of: date) -> None:
    determinations = clearlaw.evaluate(VA, person, as_of, explain=False)
    dsl = {(d.case, d.count): (d.outcome, d.eligible_on) for d in determinations}
    decided = va_automatic_sealing.decide(person, as_of)
    oracle = {k: (r.outcome, r.eligible_on) for k, r in decided.items()}
    assert dsl == oracle, (
        f"va/automatic-sealing: DSL and oracle disagree\nas_of = {as_of!r}\nperson = {person!r}\n"
        f"DSL = {dsl}\noracle = {oracle}\n"
        f"DSL reasons = {[(d.case, d.count, d.reasons) for d in determinations]}"
    )


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(va_people())
def test_va_automatic_sealing_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    _check(person, as_of)
