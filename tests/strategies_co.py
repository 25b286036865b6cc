"""Hypothesis strategies for C.R.S. 13-3-117 (Colorado automatic sealing).

``co_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute:
dispositions whose 4th, 7th or 10th anniversary (or supervision end + 10 years) falls near
as_of, February 29 dispositions, the 2024-07-01 and 2025-07-01 dates, later convictions (in and
out of Colorado, of every level) near the end of the period, pending counts in the same case,
the three record facts, and unknown (``None``) fields now and then.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from hypothesis import strategies as st
from strategy_tools import Gen as _Gen
from strategy_tools import Vocabulary, draw_count
from strategy_tools import anniversary as _anniversary
from strategy_tools import days as _days
from strategy_tools import sampled as _sampled

from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    Level,
    Person,
)

__all__ = ["co_people"]

T = TypeVar("T")

EFFECTIVE = date(2024, 7, 1)
FELONY_PHASE = date(2025, 7, 1)
CITATIONS = (None,)  # Colorado citations cannot be parsed (see the .law file)
LEVELS = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.PETTY_OFFENSE,
    Level.INFRACTION,
    Level.INFRACTION,
    Level.VIOLATION,
)
CLASSES = ("1", "2", "3", "4", "5", "6")
MAX_DAYS = (364, 1825, 1826, 1827, 3650)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 8),
    Disposition.DISMISSED,
    Disposition.PENDING,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-CO"] * 7), "US-NM", "US-UT")
FACTS = ("drug_offense", "victim_rights_crime", "sealing_excluded")


VOCABULARY = Vocabulary(CITATIONS, LEVELS, CLASSES, MAX_DAYS, DISPOSITIONS, FACTS)


def _count(g: _Gen, count_id: str, case_date: date) -> Count:
    return draw_count(g, count_id, case_date, VOCABULARY)


def _anchors(person: Person) -> list[date]:
    anchors = {EFFECTIVE, FELONY_PHASE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition_date is not None:
                for years in (4, 7, 10):
                    anchors.add(_anniversary(count.disposition_date, years))
            s = count.sentence
            if s.supervision_end_date is not None:
                anchors.add(_anniversary(s.supervision_end_date, 10))
    return sorted(anchors, reverse=True)


@st.composite
def _co_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 10, 25))))
    cases = []
    for k in range(g.integer(1, 4)):
        case_date = g.date(date(2008, 1, 1), date(2030, 12, 31))
        if cases and g.rarely(2):  # near the end of an earlier case's waiting period
            first = cases[0].counts[0].disposition_date or case_date
            case_date = _days(_anniversary(first, g.pick((4, 7, 10))), g.integer(-1, 1))
        counts = tuple(_count(g, str(i + 1), case_date) for i in range(g.integer(1, 3)))
        cases.append(
            Case(
                id=f"CO-{k + 1}",
                jurisdiction=g.maybe(g.pick(JURISDICTIONS)),
                status=CaseStatus.CLOSED,
                counts=counts,
            )
        )
    person = Person(id="P-CO", birth_date=date(1975, 5, 5), cases=tuple(cases))
    if g.rarely(6):
        as_of = g.date(date(2020, 1, 1), date(2045, 12, 31))
    else:
        anchors = _anchors(person)
        top = anchors[: g.pick((1, 2, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def co_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for C.R.S. 13-3-117."""
    return _co_people()
