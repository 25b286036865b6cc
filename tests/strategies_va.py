"""Hypothesis strategies for Va. Code 19.2-392.6 (Virginia automatic sealing).

``va_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute: listed and
unlisted convictions, later convictions (felonies, misdemeanors, traffic infractions; in and
out of Virginia) just before and on the seventh anniversary, same-day convictions, February 29
convictions, 18.2-248.1 at both levels, former 18.2-250.1 with every disposition, the
2026-07-01 start, and unknown (``None``) fields now and then.
"""

from __future__ import annotations

import datetime as _dt
import functools
from datetime import date
from typing import Any, TypeVar

from hypothesis import strategies as st

from clearlaw.citations import Citation, parse_citation
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    FactValue,
    Level,
    Person,
    Sentence,
)

__all__ = ["va_people"]

T = TypeVar("T")

EFFECTIVE = date(2026, 7, 1)
LEAP_DAYS = tuple(date(y, 2, 29) for y in range(1996, 2033, 4))
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


@functools.cache
def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.cache
def _dates(lo: date, hi: date) -> st.SearchStrategy[date]:
    return st.dates(lo, hi)


@functools.cache
def _sampled(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


@functools.cache
def _cite(text: str | None) -> Citation | None:
    return None if text is None else parse_citation(text)


def _days(day: date, n: int) -> date:
    return day + _dt.timedelta(days=n)


def _anniversary(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class _Gen:
    def __init__(self, draw: st.DrawFn, unknown_one_in: int) -> None:
        self.draw = draw
        self.unknown_one_in = unknown_one_in

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(_ints(lo, hi))

    def rarely(self, one_in: int) -> bool:
        return self.integer(0, one_in - 1) == 0

    def maybe(self, value: T) -> T | None:
        if self.unknown_one_in and self.rarely(self.unknown_one_in):
            return None
        return value

    def pick(self, options: tuple[T, ...]) -> T:
        result: T = self.draw(_sampled(options))
        return result

    def date(self, lo: date, hi: date) -> date:
        leap = tuple(d for d in LEAP_DAYS if lo <= d <= hi)
        if leap and self.rarely(6):
            return self.pick(leap)
        return self.draw(_dates(lo, hi))


def _sentence(g: _Gen, convicted_on: date) -> Sentence:
    """As records are normalized on load (docs/records.md): a release or supervision end date
    on file makes the flag true, so an unknown flag comes without its date."""
    incarcerated = g.maybe(g.pick((True, False, False)))
    release = None
    if incarcerated:
        release = g.maybe(_days(convicted_on, g.pick((0, 30, 365, 2555, 3650, 4000))))
    supervised = g.maybe(g.pick((True, False, False)))
    end = None
    if supervised:
        end = g.maybe(_days(convicted_on, g.pick((30, 1095, 2556, 3652, 4500))))
    return Sentence(
        imposed_date=convicted_on,
        incarcerated=incarcerated,
        incarceration_release_date=release,
        supervised=supervised,
        supervision_end_date=end,
    )


def _count(g: _Gen, count_id: str, case_date: date) -> Count:
    convicted_on = case_date if g.integer(0, 2) else _days(case_date, g.integer(-400, 400))
    if g.rarely(8):
        offense = g.pick((date(1999, 12, 31), date(2000, 1, 1), date(1998, 6, 1)))
    else:
        offense = _days(convicted_on, -g.integer(0, 400))
    facts: dict[str, FactValue] = {}
    for name in FACTS:
        if not (g.unknown_one_in and g.rarely(4)):
            facts[name] = g.rarely(6)
    disposition = g.maybe(g.pick(DISPOSITIONS))
    if disposition is None and g.rarely(2):
        disposition = Disposition.UNKNOWN
    return Count(
        id=count_id,
        citation=_cite(g.pick(CITATIONS)),
        level=g.maybe(g.pick(LEVELS)),
        offense_class=g.maybe(g.pick(CLASSES)),
        max_penalty_days=g.maybe(g.pick(MAX_DAYS)),
        offense_date=g.maybe(offense),
        disposition=disposition,
        disposition_date=g.maybe(convicted_on),
        sentence=_sentence(g, convicted_on),
        facts=facts,
    )


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
