"""Differential test: statutes/il/cannabis-expungement.law against tests/oracles/il_cannabis_expungement.py."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import il_cannabis_expungement
from strategies_il import il_people

import clearlaw
from clearlaw.records import Person

IL = clearlaw.load("il/cannabis-expungement")


def check(person: Person, as_of: date) -> None:
    determinations = clearlaw.evaluate(IL, person, as_of, explain=False)
    dsl = {(d.case, d.count): (d.outcome, d.eligible_on) for d in determinations}
    reasons = {(d.case, d.count): d.reasons for d in determinations}
    expected = {
        k: (r.outcome, r.eligible_on)
        for k, r in il_cannabis_expungement.decide(person, as_of).items()
    }
    if dsl == expected:
        return
    differing = sorted(
        k for k in dsl.keys() | expected.keys() if dsl.get(k, "absent") != expected.get(k, "absent")
    )
    lines = [
        f"il/cannabis-expungement: the DSL and the oracle disagree on {differing}",
        f"as_of = {as_of!r}",
        f"person = {person!r}",
    ]
    for k in differing:
        lines.append(
            f"  {k}: DSL {dsl.get(k, 'absent')} vs oracle {expected.get(k, 'absent')}; "
            f"DSL reasons {reasons.get(k, ())}"
        )
    raise AssertionError("\n".join(lines))


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")),
    deadline=None,
    derandomize=True,
)
@given(il_people())
def test_il_cannabis_expungement_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(person, as_of)
