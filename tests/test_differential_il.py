"""Differential test: statutes/il/cannabis-expungement.law against tests/oracles/il_cannabis_expungement.py."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import il_cannabis_expungement
from strategies_il import il_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

IL = clearlaw.load("il/cannabis-expungement")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")),
    deadline=None,
    derandomize=True,
)
@given(il_people())
def test_il_cannabis_expungement_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(IL, il_cannabis_expungement.decide, person, as_of)
