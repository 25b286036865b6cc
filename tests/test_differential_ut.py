"""Differential test: statutes/ut/clean-slate.law against tests/oracles/ut_clean_slate.py."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import ut_clean_slate
from strategies_ut import ut_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

UT = clearlaw.load("ut/clean-slate")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(ut_people())
def test_ut_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(UT, ut_clean_slate.decide, person, as_of)
