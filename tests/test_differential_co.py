"""Differential test: statutes/co/clean-slate.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import co_clean_slate
from strategies_co import co_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

CO = clearlaw.load("co/clean-slate")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(co_people())
def test_co_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(CO, co_clean_slate.decide, person, as_of)
