"""Hypothesis strategies for Va. Code 19.2-392.6 (Virginia automatic sealing).

``va_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute: listed and
unlisted convictions, later convictions (felonies, misdemeanors, traffic infractions; in and
out of Virginia; reported or not under 19.2-390(A)(1): Titles 18.2, 46.2, 4.1, 54.1) just
before and on the seventh anniversary, same-day convictions, February 29 convictions, 18.2-96,
18.2-103 and 18.2-248.1 at both levels, former 18.2-250.1 with every disposition, the 2026-07-01
start, citations in Virginia's spellings, Virginia class values, and unknown (``None``) fields
now and then; half the time the person turns 18 the day before, on or after one of the offense
dates (19.2-392.5(B): the chapter applies to adults).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

import attrs
from hypothesis import strategies as st
from strategy_tools import Vocabulary, draw_person_and_date
from strategy_tools import anniversary as _anniversary

from clearlaw.records import (
    Disposition,
    Level,
    Person,
)

__all__ = ["SECTIONS", "va_people"]

T = TypeVar("T")

EFFECTIVE = date(2026, 7, 1)
#: How Virginia court data and rap sheets write a section (clearlaw/data/jurisdictions.toml).
SPELLINGS = ("VA {}", "Va. Code Ann. § {}", "Va. Code § {}", "Code of Virginia {}")
SECTIONS = (
    "18.2-96",  # A: as a misdemeanor
    "18.2-96",
    "18.2-103",  # A: as a misdemeanor
    "18.2-119",  # A, and reported when punishable by jail
    "18.2-120",
    "18.2-134",
    "18.2-415",
    "18.2-248.1",  # A: as a misdemeanor
    "18.2-250.1",  # 19.2-392.6:1
    "18.2-250.1",
    "18.2-95",  # Title 18.2: reported when punishable by jail
    "18.2-57",
    "46.2-862",  # Title 46.2: not reported
    "46.2-301",
    "46.2-817",  # 19.2-390(A)(1)(e): reported whatever the penalty
    "4.1-305",  # Title 4.1: not reported
    "54.1-3466",  # Title 54.1: reported even when fine-only
    "16.1-253.2",  # reported when punishable by jail
)
CITATIONS = (None, *(spelling.format(s) for s in SECTIONS for spelling in SPELLINGS))
LEVELS = (
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.INFRACTION,
)
CLASSES = ("1", "1", "2", "3", "4", "5", "6", "U")  # misdemeanors 1-4 fix max_penalty_days
MAX_DAYS = (0, 0, 364, 1825, 1826, 1827, 3650)  # 0: a fine-only misdemeanor (not reported)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 8),
    Disposition.DISMISSED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-VA"] * 7), "US-NC", "US-MD")
FACTS: tuple[str, ...] = ()


VOCABULARY = Vocabulary(CITATIONS, LEVELS, CLASSES, MAX_DAYS, DISPOSITIONS, FACTS)


def _anchors(person: Person) -> list[date]:
    anchors = {EFFECTIVE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition_date is not None:
                for years in (7,):
                    anchors.add(_anniversary(count.disposition_date, years))
    return sorted(anchors, reverse=True)


def _born_18_years_before(day: date) -> date:
    """The birth date whose 18th birthday is ``day`` (a February 29 offense: February 28)."""
    year = day.year - 18
    return date(year, 2, 28) if (day.month, day.day) == (2, 29) else day.replace(year=year)


@st.composite
def _va_people(draw: st.DrawFn) -> tuple[Person, date]:
    person, as_of = draw_person_and_date(
        draw,
        prefix="VA",
        cases_between=(date(2010, 1, 1), date(2032, 12, 31)),
        waits=(0, 7, 7),
        jurisdictions=JURISDICTIONS,
        vocabulary=VOCABULARY,
        anchors=_anchors,
    )
    offenses = sorted(
        {c.offense_date for case in person.cases for c in case.counts if c.offense_date}
    )
    if offenses and draw(st.booleans()):  # 18 the day before, on or after an offense
        born = _born_18_years_before(draw(st.sampled_from(offenses)))
        shift = timedelta(days=draw(st.integers(-1, 1)))
        person = attrs.evolve(person, birth_date=born + shift)
    return person, as_of


def va_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for Va. Code 19.2-392.6."""
    return _va_people()
