"""Differential test: statutes/va/automatic-sealing.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import va_automatic_sealing
from strategies_va import va_people
from test_differential import check

import clearlaw
from clearlaw.records import Case, Count, Disposition, Level, Person

VA = clearlaw.load("va/automatic-sealing")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(va_people())
def test_va_automatic_sealing_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(VA, va_automatic_sealing.decide, person, as_of)


def test_what_counts_as_reportable_agrees_with_the_oracle() -> None:
    """The 19.2-390(A)(1) cases the generator meets rarely: a fine-only misdemeanor under
    Title 54.1 (reported), under Title 18.2 (not), 18.2-119 (not) and of unknown penalty."""

    def conviction(citation: str, on: date, days: int | None = None) -> Count:
        return Count(
            "1",
            citation=clearlaw.parse_citation(citation),
            level=Level.MISDEMEANOR,
            disposition=Disposition.CONVICTED,
            disposition_date=on,
            max_penalty_days=days,
        )

    first = Case("C1", jurisdiction="US-VA", counts=(conviction("VA 18.2-103", date(2020, 10, 1)),))
    for citation, days in [
        ("VA 54.1-3466", 0),
        ("VA 18.2-388", 0),
        ("VA 18.2-119", 365),
        ("VA 18.2-57", None),
    ]:
        later = conviction(citation, date(2027, 9, 30), days)
        person = Person("P", cases=(first, Case("C2", jurisdiction="US-VA", counts=(later,))))
        check(VA, va_automatic_sealing.decide, person, date(2035, 1, 1))
