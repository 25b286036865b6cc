"""Differential test: statutes/ct/clean-slate.law against its hand-written oracle."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from oracles import ct_clean_slate
from strategies_ct import ct_people
from test_differential import check

import clearlaw
from clearlaw.records import Person

CT = clearlaw.load("ct/clean-slate")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(ct_people())
def test_ct_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(CT, ct_clean_slate.decide, person, as_of)


def test_restart_with_unsure_member_is_decided_over_worlds() -> None:
    """A later conviction of unknown level that would restart the clock: the engine first
    finds the date unknown, then decides the count for every level (clearlaw.worlds): both
    clocks end on 2023-01-01, as the oracle's ``precise`` mode says."""
    import datetime as dt

    from clearlaw.citations import parse_citation
    from clearlaw.records import Case, Count, Disposition, Level, Sentence

    facts = {"sexual_offense": False}

    def count(i: str, level: Level | None, day: dt.date) -> Count:
        return Count(
            id=i,
            citation=parse_citation("CGS 53-21"),
            level=level,
            offense_class="B",
            offense_date=dt.date(2011, 1, 1),
            disposition=Disposition.CONVICTED,
            disposition_date=day,
            sentence=Sentence(imposed_date=day, incarcerated=False, supervised=False),
            domestic_violence=False,
            facts=facts,
        )

    person = Person(
        id="P",
        cases=(
            Case(
                id="C1",
                jurisdiction="US-CT",
                counts=(
                    count("1", Level.MISDEMEANOR, dt.date(2011, 7, 17)),
                    count("2", None, dt.date(2011, 11, 23)),
                ),
            ),
        ),
    )
    law = ct_clean_slate.decide(person, dt.date(2024, 1, 1), precise=True)[("C1", "1")]
    assert (law.outcome, law.eligible_on) == ("erase", dt.date(2023, 1, 1))
    (first, *_) = clearlaw.evaluate(CT, person, dt.date(2024, 1, 1), explain=False)
    assert (first.outcome, first.eligible_on) == ("erase", dt.date(2023, 1, 1))
    assert first.reasons[0] == (
        "the record does not say C1/2 level; every possible value gives this result"
    )
