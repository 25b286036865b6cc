"""Differential test: statutes/mi/clean-slate.law against tests/oracles/mi_clean_slate.py."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import mi_clean_slate
from strategies_mi import mi_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

MI = clearlaw.load("mi/clean-slate")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(mi_people())
def test_mi_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(MI, mi_clean_slate.decide, person, as_of)
