"""Hypothesis strategies for Va. Code 19.2-392.6 (Virginia automatic sealing).

``va_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute: listed and
unlisted convictions, later convictions (felonies, misdemeanors, traffic infractions; in and
out of Virginia) just before and on the seventh anniversary, same-day convictions, February 29
convictions, 18.2-248.1 at both levels, former 18.2-250.1 with every disposition, the
2026-07-01 start, and unknown (``None``) fields now and then.
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

__all__ = ["va_people"]

T = TypeVar("T")

EFFECTIVE = date(2026, 7, 1)
CITATIONS = (
    "VA 18.2-96",
    "VA 18.2-103",
    "VA 18.2-119",
    "VA 18.2-120",
    "VA 18.2-134",
    "VA 18.2-415",
    "VA 18.2-248.1",
    "VA 18.2-250.1",
    "VA 18.2-250.1",
    "VA 18.2-96",
    "VA 18.2-95",
    "VA 18.2-57",
    "VA 46.2-862",
    "VA 18.2-250",
    None,
)
LEVELS = (
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.INFRACTION,
)
CLASSES = ("A", "B", "C", "D", "D", "E", "U", "U")
MAX_DAYS = (364, 1825, 1826, 1827, 3650)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 8),
    Disposition.DISMISSED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-VA"] * 7), "US-NC", "US-MD")
FACTS: tuple[str, ...] = ()


VOCABULARY = Vocabulary(CITATIONS, LEVELS, CLASSES, MAX_DAYS, DISPOSITIONS, FACTS)


def _count(g: _Gen, count_id: str, case_date: date) -> Count:
    return draw_count(g, count_id, case_date, VOCABULARY)


def _anchors(person: Person) -> list[date]:
    anchors = {EFFECTIVE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition_date is not None:
                for years in (7,):
                    anchors.add(_anniversary(count.disposition_date, years))
    return sorted(anchors, reverse=True)


@st.composite
def _va_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 10, 25))))
    cases = []
    for k in range(g.integer(1, 4)):
        case_date = g.date(date(2010, 1, 1), date(2032, 12, 31))
        if cases and g.rarely(2):  # near the end of an earlier case's waiting period
            first = cases[0].counts[0].disposition_date or case_date
            case_date = _days(_anniversary(first, g.pick((0, 7, 7))), g.integer(-1, 1))
        counts = tuple(_count(g, str(i + 1), case_date) for i in range(g.integer(1, 3)))
        cases.append(
            Case(
                id=f"VA-{k + 1}",
                jurisdiction=g.maybe(g.pick(JURISDICTIONS)),
                status=CaseStatus.CLOSED,
                counts=counts,
            )
        )
    person = Person(id="P-VA", birth_date=date(1975, 5, 5), cases=tuple(cases))
    if g.rarely(6):
        as_of = g.date(date(2020, 1, 1), date(2045, 12, 31))
    else:
        anchors = _anchors(person)
        top = anchors[: g.pick((1, 2, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def va_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for Va. Code 19.2-392.6."""
    return _va_people()
