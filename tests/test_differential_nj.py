"""Differential test: statutes/nj/clean-slate.law against tests/oracles/nj_clean_slate.py."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import nj_clean_slate
from strategies_nj import nj_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

NJ = clearlaw.load("nj/clean-slate")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")),
    deadline=None,
    derandomize=True,
)
@given(nj_people())
def test_nj_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(NJ, nj_clean_slate.decide, person, as_of)
