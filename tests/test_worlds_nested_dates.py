"""A sentence imposed and completed the same day, whether it included jail or supervision not
on record: its release and the end of its supervision can only be that day, so the second of
those dates is tried within the worlds of the first and the count is decided (issue 14,
item 5: "a sentence completed before the as-of date settles still incarcerated/supervised")."""

from __future__ import annotations

from datetime import date

from cli_records import ny_person

import clearlaw
from clearlaw.io.jsonl import person_from_json
from clearlaw.worlds import WORLDS_REASON

MISSING = "sentence.incarcerated, sentence.incarceration_release_date, sentence.supervised"


def _person(sentence: dict[str, object]) -> clearlaw.Person:
    """A New York petit larceny of 2013 (fabricated person)."""
    record = ny_person(
        "P1",
        citation="PL 155.25",
        offense_date="2013-06-01",
        disposition_date="2013-11-22",
        sentence=sentence,
        **{"class": "A"},
    )
    person, problems = person_from_json(record)
    assert person is not None, problems
    return person


def test_completed_the_day_it_was_imposed() -> None:
    person = _person({"imposed_date": "2013-11-22", "completion_date": "2013-11-22"})
    (d,) = clearlaw.evaluate(clearlaw.load("ny/clean-slate"), person, date(2026, 12, 7))
    assert (d.outcome, d.eligible_on, d.missing) == ("seal", date(2024, 11, 16), ())
    assert d.reasons[0] == WORLDS_REASON.format(MISSING)
