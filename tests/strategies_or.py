"""Hypothesis strategies for ORS 137.225 / 137.226 (``or_people()``).

Oregon counts of every level and class (and out-of-state ones), convictions and the
non-conviction dispositions, sentences with release and supervision, excluded citations
(sex crimes, child abuse, Vehicle Code, DUII), the facts of the statute file, young people for
ORS 137.226, pending cases, unknown fields now and then, and an as-of date the day before, on
or after a date where a decision can flip.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from hypothesis import strategies as st
from strategy_tools import Gen as _Gen
from strategy_tools import cite as _cite
from strategy_tools import days as _days
from strategy_tools import sampled as _sampled

from clearlaw.dates import DateConvention, Duration, add
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

__all__ = ["or_people"]

T = TypeVar("T")
ROLL_FORWARD = DateConvention.ROLL_FORWARD
OR_EFFECTIVE = date(2022, 1, 1)
ORDINARY = (
    "ORS 164.043",
    "ORS 164.045",
    "ORS 164.055",
    "ORS 164.225",
    "ORS 475.752(1)(a)",
    "ORS 475.864(3)(a)",
    "ORS 166.025",
    "ORS 162.247",
)
EXCLUDED = ("ORS 163.425", "ORS 163.375(1)", "ORS 163.205", "ORS 163.575(1)(a)", "ORS 163.575")
VEHICLE = ("ORS 813.010", "ORS 811.111", "ORS 811.182", "ORS 807.570")
OUT_OF_STATE = ("RCW 9.41.040", "PC 484", "VC 23152(a)")
CITATION_KINDS = (*([ORDINARY] * 8), EXCLUDED, VEHICLE)
LEVELS = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.VIOLATION,
    Level.INFRACTION,
)
CLASSES = ("A", "B", "B", "C", "C", "U")
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 9),
    Disposition.DISMISSED,
    Disposition.ACQUITTED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.DIVERTED,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-OR"] * 7), "US-WA", "US-CA")
YEARS = {
    (Level.FELONY, "B"): (7,),
    (Level.FELONY, "C"): (5,),
    (Level.MISDEMEANOR, "A"): (3,),
}


def _sentence(g: _Gen, convicted_on: date) -> Sentence:
    incarcerated = g.maybe(g.pick((True, False, False)))
    release = _days(convicted_on, g.integer(-30, 1500)) if incarcerated is not False else None
    if incarcerated is None and g.rarely(3):
        release = convicted_on
    supervised = g.maybe(g.pick((True, False, False, False)))
    end = _days(release or convicted_on, g.integer(0, 1800)) if supervised is not False else None
    return Sentence(
        imposed_date=convicted_on,
        incarcerated=incarcerated,
        incarceration_release_date=None if release is None else g.maybe(release),
        supervised=supervised,
        supervision_end_date=None if end is None else g.maybe(end),
    )


def _count(g: _Gen, count_id: str, case_date: date, in_or: bool) -> Count:
    citation = g.pick(g.pick(CITATION_KINDS) if in_or else OUT_OF_STATE)
    disposition = g.maybe(g.pick(DISPOSITIONS)) or g.pick((Disposition.UNKNOWN, None))
    convicted_on = case_date if g.integer(0, 2) else _days(case_date, g.integer(-200, 200))
    facts: dict[str, FactValue] = {}
    for name in ("person_felony", "child_abuse", "marijuana_element"):
        value = g.maybe(g.rarely(3))
        if value is not None:
            facts[name] = value
    return Count(
        id=count_id,
        citation=None if g.maybe(citation) is None else _cite(citation),
        level=g.maybe(g.pick(LEVELS)),
        offense_class=g.maybe(g.pick(CLASSES)),
        offense_date=_days(convicted_on, -30),
        disposition=disposition,
        disposition_date=g.maybe(convicted_on),
        sentence=_sentence(g, convicted_on),
        facts=facts,
    )


def _anchors(person: Person) -> list[date]:
    anchors = {OR_EFFECTIVE}
    for case in person.cases:
        for c in case.counts:
            s = c.sentence
            years = YEARS.get((c.level, c.offense_class), (1,)) if c.level else (1, 3, 5, 7)
            for d in (c.disposition_date, s.incarceration_release_date):
                if d is not None:
                    anchors |= {add(d, Duration(years=n), ROLL_FORWARD) for n in years}
                    anchors.add(add(d, Duration(days=60), ROLL_FORWARD))
            if s.supervision_end_date is not None:
                anchors.add(s.supervision_end_date)
    return sorted(anchors, reverse=True)


@st.composite
def _or_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 0, 10, 30))))
    cases: list[Case] = []
    for k in range(g.integer(1, 4)):
        jurisdiction = g.pick(JURISDICTIONS)
        case_date = g.date(date(2005, 1, 1), date(2027, 12, 31))
        counts = tuple(
            _count(g, str(i + 1), case_date, jurisdiction == "US-OR")
            for i in range(g.integer(1, 2))
        )
        pending = any(c.disposition is Disposition.PENDING for c in counts)
        status = CaseStatus.OPEN if pending or g.rarely(12) else CaseStatus.CLOSED
        cases.append(
            Case(
                id=f"OR-{k + 1}",
                jurisdiction=g.maybe(jurisdiction),
                status=g.maybe(status),
                counts=counts,
            )
        )
    if g.rarely(3):  # young enough for ORS 137.226 near the 21st birthday
        birth = g.date(date(1990, 1, 1), date(2007, 12, 31))
    else:
        birth = g.date(date(1950, 1, 1), date(1990, 12, 31))
    person = Person(id="P-OR", birth_date=g.maybe(birth), cases=tuple(cases))
    anchors = _anchors(person)
    if g.rarely(6):
        as_of = g.date(date(2020, 1, 1), date(2040, 12, 31))
    else:
        top = anchors[: g.pick((1, 2, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def or_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for ORS 137.225 / 137.226."""
    return _or_people()
