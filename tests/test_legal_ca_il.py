"""Legal review of 2026-12-08 (ca/prop64, il/cannabis-expungement): the readings and edge cases
the scenario files cannot choose (a scenario test runs the default readings only)."""

from __future__ import annotations

from datetime import date

import pytest

import clearlaw
from clearlaw.citations import parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

AS_OF = date(2020, 7, 1)


def _concentrate_person(born: date, grams: float) -> Person:
    """A former HS 11357(a) felony (possession of concentrated cannabis) in 2005, the amount on
    the record, the sentence served."""
    count = Count(
        id="1",
        citation=parse_citation("HS 11357(a)", "US-CA"),
        level=Level.FELONY,
        offense_date=date(2005, 1, 1),
        disposition=Disposition.CONVICTED,
        disposition_date=date(2005, 3, 1),
        facts={"concentrate_grams": grams},
    )
    case = Case(id="C1", jurisdiction="US-CA", status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P1", birth_date=born, cases=(case,))


@pytest.mark.parametrize(
    ("born", "grams", "eight_grams", "four_grams"),
    [
        # 19 at the offense: 11357's own limit decides between an infraction and a misdemeanor
        (date(1985, 6, 1), 6.0, "redesignate_infraction", "redesignate_misdemeanor"),
        (date(1985, 6, 1), 4.0, "redesignate_infraction", "redesignate_infraction"),
        (date(1985, 6, 1), 8.5, "redesignate_misdemeanor", "redesignate_misdemeanor"),
        # 25 at the offense: 11362.1(a)(2)'s 8 g under either reading
        (date(1980, 1, 1), 6.0, "dismiss_and_seal", "dismiss_and_seal"),
    ],
)
def test_the_concentrate_limit_of_11357_under_21_is_the_reading_concentrate_2016(
    born: date, grams: float, eight_grams: str, four_grams: str
) -> None:
    person = _concentrate_person(born, grams)
    found = []
    for alternative in ("eight_grams", "four_grams"):
        statute = clearlaw.load("ca/prop64", readings={"concentrate_2016": alternative})
        (d,) = clearlaw.evaluate(statute, person, AS_OF, explain=False)
        assert d.eligible_on == date(2016, 11, 9)
        found.append(d.outcome)
    assert found == [eight_grams, four_grams]
