"""Differential test: statutes/or/set-aside.law against tests/oracles/or_set_aside.py."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import or_set_aside
from strategies_or import or_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

OR = clearlaw.load("or/set-aside")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")),
    deadline=None,
    derandomize=True,
)
@given(or_people())
def test_or_set_aside_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(OR, or_set_aside.decide, person, as_of)
