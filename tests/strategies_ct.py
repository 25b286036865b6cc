"""Hypothesis strategies for CGS 54-142a(e) (Connecticut Clean Slate).

``ct_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute: conviction
dates whose 7th or 10th anniversary falls near as_of, February 29 convictions, offense dates
around 2000-01-01, unclassified felonies with maxima of 1825-1827 days, later convictions
(in and out of Connecticut) that restart the clock, incarceration and supervision ending near
the period's end, the three record facts, and unknown (``None``) fields now and then.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from hypothesis import strategies as st
from strategy_tools import Vocabulary, draw_person_and_date
from strategy_tools import anniversary as _anniversary

from clearlaw.records import (
    Disposition,
    Level,
    Person,
)

__all__ = ["ct_people"]

T = TypeVar("T")

EFFECTIVE = date(2023, 1, 1)
CITATIONS = (
    "CGS 53-21",
    "CGS 29-33",
    "CGS 14-215",
    *(["CGS 14-227a"] * 4),  # often enough for two of them (a repeat within 10 years)
    "CGS 53-37",
    "CGS 53a-61a",
    "CGS 53a-64cc",
    "CGS 53a-323",
    "CGS 53a-60a",
    None,
)
LEVELS = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.VIOLATION,
    Level.INFRACTION,
)
CLASSES = ("A", "B", "C", "D", "D", "E", "U", "U")
MAX_DAYS = (364, 1825, 1826, 1827, 3650)
DISPOSITIONS = (*([Disposition.CONVICTED] * 8), Disposition.DISMISSED, Disposition.PENDING)
JURISDICTIONS = (*(["US-CT"] * 7), "US-NY", "US-MA")
FACTS = ("family_violence", "sexual_offense", "listed_offense")


VOCABULARY = Vocabulary(CITATIONS, LEVELS, CLASSES, MAX_DAYS, DISPOSITIONS, FACTS)


def _anchors(person: Person) -> list[date]:
    anchors = {EFFECTIVE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition_date is not None:
                for years in (7, 10):
                    anchors.add(_anniversary(count.disposition_date, years))
            s = count.sentence
            for d in (s.incarceration_release_date, s.supervision_end_date):
                if d is not None:
                    anchors.add(d)
    return sorted(anchors, reverse=True)


@st.composite
def _ct_people(draw: st.DrawFn) -> tuple[Person, date]:
    return draw_person_and_date(
        draw,
        prefix="CT",
        cases_between=(date(1999, 6, 1), date(2030, 12, 31)),
        waits=(4, 7, 10),
        jurisdictions=JURISDICTIONS,
        vocabulary=VOCABULARY,
        anchors=_anchors,
    )


def ct_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for CGS 54-142a(e)."""
    return _ct_people()
