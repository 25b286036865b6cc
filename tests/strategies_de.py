"""Hypothesis strategies for 11 Del. C. 4373 / 4373A (Delaware automatic expungement).

``de_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute: cases of
one to three counts mixing favorable terminations, violations, misdemeanors, listed and unlisted
felonies, 16 Del. C. 4764/4756/4757/4758, 11 Del. C. 861 (forgery: listed as class G), 4 Del.
C. 904, Title 21 and 11 Del. C. 767, 1102 and 1257 (always excluded), 840 and 1301 (never
excluded by their victim) convictions and pending counts (considered dismissed 7 years after
their offense, 4373(a)(3), unless the fact ``case_activity``);
conviction dates whose 3rd, 5th or 10th anniversary (or release + 10 years) falls near as_of,
February 29 convictions, the 2024-08-01 start, other cases in and out of Delaware, the record
fact ``excluded``, and unknown (``None``) fields now and then.
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

__all__ = ["de_people"]

T = TypeVar("T")

EFFECTIVE = date(2024, 8, 1)
CITATIONS = (
    "11 Del. C. 811",
    "11 Del. C. 811",
    "11 Del. C. 825",
    "11 Del. C. 1301",
    "11 Del. C. 840",
    "11 Del. C. 841",
    "11 Del. C. 1102",
    "16 Del. C. 4764",
    "16 Del. C. 4771",
    "4 Del. C. 904(e)",
    "4 Del. C. 904(a)",
    "16 Del. C. 4756",
    "16 Del. C. 4757",
    "16 Del. C. 4758",
    "11 Del. C. 861",
    "11 Del. C. 1257",
    "21 Del. C. 4177(a)",
    "11 Del. C. 767",
    None,
)
LEVELS = (
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.VIOLATION,
    Level.VIOLATION,
    Level.INFRACTION,
)
CLASSES = ("A", "B", "C", "D", "D", "E", "F", "G", "G", "U", "U")
MAX_DAYS = (364, 1825, 1826, 1827, 3650)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 6),
    Disposition.ACQUITTED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.DISMISSED,
    Disposition.DIVERTED,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-DE"] * 7), "US-MD", "US-PA")
FACTS = ("excluded", "case_activity")


VOCABULARY = Vocabulary(CITATIONS, LEVELS, CLASSES, MAX_DAYS, DISPOSITIONS, FACTS)


def _anchors(person: Person) -> list[date]:
    anchors = {EFFECTIVE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition_date is not None:
                for years in (3, 5, 10):
                    anchors.add(_anniversary(count.disposition_date, years))
            s = count.sentence
            if s.incarceration_release_date is not None:
                anchors.add(_anniversary(s.incarceration_release_date, 10))
            if count.disposition is Disposition.PENDING and count.offense_date is not None:
                anchors.add(_anniversary(count.offense_date, 7))  # 4373(a)(3)
    return sorted(anchors, reverse=True)


@st.composite
def _de_people(draw: st.DrawFn) -> tuple[Person, date]:
    return draw_person_and_date(
        draw,
        prefix="DE",
        cases_between=(date(2008, 1, 1), date(2030, 12, 31)),
        waits=(3, 5, 10),
        jurisdictions=JURISDICTIONS,
        vocabulary=VOCABULARY,
        anchors=_anchors,
    )


def de_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for 11 Del. C. 4373(a)."""
    return _de_people()
