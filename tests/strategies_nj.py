"""Hypothesis strategies for N.J.S.A. 2C:52-5.3 (``nj_people()``).

People with New Jersey and out-of-state convictions of every level, sentences with and without
incarceration and supervision, fines and restitution paid (with or without a date), owed or not
on record, barred and conditionally barred
citations, Title 39 citations at every level, counts with no citation or one that cannot be
read, unknown fields now and then, and an as-of date the day before, on or after a date
where the decision can flip (each event + 10 years, the effective date).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from hypothesis import strategies as st
from oracles.tables import table
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
    Financial,
    Level,
    Person,
    Sentence,
)

__all__ = ["nj_people"]

T = TypeVar("T")
ROLL_FORWARD = DateConvention.ROLL_FORWARD
NJ_EFFECTIVE = date(2021, 2, 15)


def _patterns(name: str) -> tuple[str, ...]:
    """The rows of a 2C:52-2 table (as citations: a wildcard would be a real section)."""
    return tuple(str(p) for p in table("nj", name).patterns)


def _inchoate(sections: tuple[str, ...]) -> tuple[str, ...]:
    """Attempts (2C:5-1) and conspiracies (2C:5-2) of some of ``sections``."""
    vias = ("2C 5-1/", "2C 5-2/")
    return tuple(s.replace("2C ", vias[k % 2]) for k, s in enumerate(sections[::4]))


BARRED = (*_patterns("nj-2c52-2b-never"), *_inchoate(_patterns("nj-2c52-2b-never")))
CONDITIONAL = (
    *_patterns("nj-2c52-2b-minor-victim"),
    *_patterns("nj-2c52-2b-false-imprisonment"),
    "2C 5-1/13-2",
    "2C 14-3",
    "2C 11-5",
)
CDS = (
    "2C 35-5(b)(1)",
    "2C 35-5(b)(2)",
    "2C 35-5(b)(3)",
    *_patterns("nj-2c52-2c-cds-distribution"),
    "2C 35-10(a)(1)",
    "2C 5-1/35-5",
)
ORDINARY = ("2C 20-3", "2C 20-4", "2C 33-2", "2C 12-1(a)", "2C 18-2", "2C 21-1")
#: Title 39 motor vehicle offenses (2C:52-28: outside chapter 52 at any level).
MOTOR_VEHICLE = ("39 4-50", "39 3-40", "39 4-129", "39 4a-1", "39 10-1")
OUT_OF_STATE = ("PL 155.25", "PL 160.10", "VA 18.2-96", "18 PA 3929", "VC 23152(a)")
CITATION_KINDS = (
    *([ORDINARY] * 14),
    BARRED,
    CONDITIONAL,
    CONDITIONAL,
    CDS,
    CDS,
    MOTOR_VEHICLE,
    MOTOR_VEHICLE,
)
LEVELS = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.PETTY_OFFENSE,
    Level.VIOLATION,
    Level.INFRACTION,
)
DEGREES = ("1", "2", "3", "4", "3", "4", "3", "4")
JURISDICTIONS = (*(["US-NJ"] * 6), "US-NY", "US-VA", "US-PA")
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 8),
    Disposition.DISMISSED,
    Disposition.ACQUITTED,
    Disposition.DIVERTED,
    Disposition.PENDING,
)


def _sentence(g: _Gen, convicted_on: date) -> Sentence:
    incarcerated = g.maybe(g.pick((True, False, False)))
    release = _days(convicted_on, g.integer(0, 2500)) if incarcerated is not False else None
    if incarcerated is None and g.rarely(3):
        release = convicted_on  # unknown whether incarcerated, but the dates agree
    supervised = g.maybe(g.pick((True, False, False)))
    end = _days(release or convicted_on, g.integer(0, 2500)) if supervised is not False else None
    return Sentence(
        imposed_date=convicted_on,
        incarcerated=incarcerated,
        incarceration_release_date=None if release is None else g.maybe(release),
        supervised=supervised,
        supervision_end_date=None if end is None else g.maybe(end),
    )


def _paid(g: _Gen, convicted_on: date) -> tuple[bool | None, date | None]:
    """Paid (with its date most of the time), owed, or not on record."""
    paid = g.pick((True, True, True, False, None))
    if not paid or g.rarely(4):
        return paid, None
    return True, convicted_on if g.rarely(5) else _days(convicted_on, g.integer(0, 4000))


def _financial(g: _Gen, convicted_on: date) -> Financial:
    fines_paid, fines_paid_date = _paid(g, convicted_on)
    ordered = g.pick((False, False, True, None))
    restitution_paid, restitution_paid_date = _paid(g, convicted_on) if ordered else (None, None)
    return Financial(
        restitution_ordered=ordered,
        restitution_paid=restitution_paid,
        restitution_paid_date=restitution_paid_date,
        fines_paid=fines_paid,
        fines_paid_date=fines_paid_date,
    )


def _facts(g: _Gen) -> dict[str, FactValue]:
    facts: dict[str, FactValue] = {}
    for name in ("victim_minor", "offender_is_parent"):
        if g.rarely(4):  # rap sheets do not say; now and then a record does
            value = g.maybe(g.rarely(2))
            if value is not None:
                facts[name] = value
    return facts


def _count(g: _Gen, count_id: str, case_date: date, in_nj: bool) -> Count:
    citation = g.pick(g.pick(CITATION_KINDS) if in_nj else OUT_OF_STATE)
    disposition = g.maybe(g.pick(DISPOSITIONS)) or g.pick((Disposition.UNKNOWN, None))
    convicted_on = case_date if g.integer(0, 2) else _days(case_date, g.integer(-300, 300))
    cited = g.maybe(citation)
    return Count(
        id=count_id,
        citation=None if cited is None else _cite(citation),
        # no citation at all, or now and then one that cannot be read (an uncited municipal
        # violation is one; an unreadable citation is of unknown scope)
        citation_text="Twp. Ord. ??" if cited is None and g.rarely(3) else None,
        level=g.maybe(g.pick(LEVELS)),
        offense_class=g.maybe(g.pick(DEGREES)),
        disposition=disposition,
        disposition_date=g.maybe(convicted_on),
        sentence=_sentence(g, convicted_on),
        financial=_financial(g, convicted_on),
        facts=_facts(g),
    )


def _anchors(person: Person) -> list[date]:
    """Dates where a decision can flip, latest first."""
    anchors = {NJ_EFFECTIVE}
    for case in person.cases:
        for c in case.counts:
            s = c.sentence
            for d in (
                c.disposition_date,
                s.incarceration_release_date,
                s.supervision_end_date,
                c.financial.fines_paid_date,
                c.financial.restitution_paid_date,
            ):
                if d is not None:
                    anchors.add(add(d, Duration(years=10), ROLL_FORWARD))
    return sorted(anchors, reverse=True)


@st.composite
def _nj_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 0, 12, 40))))
    cases: list[Case] = []
    for k in range(g.integer(1, 4)):
        jurisdiction = g.pick(JURISDICTIONS)
        case_date = g.date(date(1995, 1, 1), date(2026, 12, 31))
        counts = tuple(
            _count(g, str(i + 1), case_date, jurisdiction == "US-NJ")
            for i in range(g.integer(1, 3))
        )
        status = CaseStatus.OPEN if g.rarely(6) else CaseStatus.CLOSED
        cases.append(
            Case(
                id=f"NJ-{k + 1}",
                jurisdiction=g.maybe(jurisdiction),
                status=g.maybe(status),
                counts=counts,
            )
        )
    person = Person(id="P-NJ", birth_date=date(1970, 1, 1), cases=tuple(cases))
    anchors = _anchors(person)
    if g.rarely(6):
        as_of = g.date(date(2019, 1, 1), date(2045, 12, 31))
    else:
        top = anchors[: g.pick((1, 1, 2, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def nj_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for N.J.S.A. 2C:52-5.3."""
    return _nj_people()
