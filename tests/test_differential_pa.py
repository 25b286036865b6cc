"""Differential test: statutes/pa/clean-slate.law against tests/oracles/pa_clean_slate.py."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import pa_clean_slate
from strategies_pa import pa_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

PA = clearlaw.load("pa/clean-slate")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(pa_people())
def test_pa_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(PA, pa_clean_slate.decide, person, as_of)
