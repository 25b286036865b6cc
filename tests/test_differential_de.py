"""Differential test: statutes/de/clean-slate.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import de_clean_slate
from strategies_de import de_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

DE = clearlaw.load("de/clean-slate")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(de_people())
def test_de_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(DE, de_clean_slate.decide, person, as_of)
