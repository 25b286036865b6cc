"""Differential test: statutes/va/automatic-sealing.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import va_automatic_sealing
from strategies_va import va_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

VA = clearlaw.load("va/automatic-sealing")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(va_people())
def test_va_automatic_sealing_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(VA, va_automatic_sealing.decide, person, as_of)
