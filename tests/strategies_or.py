"""Hypothesis strategies for ORS 137.225 / 137.226 (``or_people()``).

Oregon counts of every level and class (and out-of-state ones), convictions and the
non-conviction dispositions, sentences with release and supervision (probation revoked on a
date, on a date not on record, not revoked, or not said), restitution (paid, paid
later, unpaid, unknown), citations of the statute's tables (statutes/or/tables/: sex crimes,
the circumstance table, sexual misconduct, indecency, the Vehicle Code with chapters 806 and
819, the OAR 213-003-0001(14) person felonies, the ORS 137.225(6) list, the ORS 137.226
marijuana offenses with conduct either side of 2017-04-21), child abuse, DUII and attempts, written in Oregon's spellings (ORS, O.R.S., Or. Rev.
Stat. §); the statute-specific facts only now and then (rap sheets do not carry them); young
people for ORS 137.226, for sexual misconduct near the 18th birthday and for a sex crime
committed before 16 (ORS 137.225(6)); the ORS 163A.140(1)(a) sex crimes (relief from reporting); pending cases, unknown
fields now and then, and an as-of date the day before, on or after a date where a decision can
flip.
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
    Financial,
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
    "ORS 475.860",
    "ORS 475.840",
    "ORS 475B.337",
    "ORS 475C.229",
)
PERSON = (
    "ORS 163.175",
    "ORS 164.415",
    "ORS 161.405/164.415",
    "ORS 164.075",
    "ORS 475.752",
    "ORS 475.752(6)(a)",
    "ORS 164.886(3)",
    "ORS 164.886(1)",
)
SUBSECTION_6 = (
    "ORS 163.145",
    "ORS 163.165(1)(h)",
    "ORS 163.165",
    "ORS 163.165(1)(a)",
    "ORS 163.200",
    "ORS 163.205",
    "ORS 163.575(1)(a)",
)
EXCLUDED = (
    "ORS 163.425",
    "Or. Rev. Stat. § 163.375(1)",
    "O.R.S. 163.427",
    "ORS 161.405/163.355",
    "ORS 167.012",
    "ORS 163.205",
    "ORS 163.575(1)(a)",
    "ORS 163.575",
    "ORS 163.225",  # sex crime on a circumstance
    "ORS 164.225",  # sex crime on a circumstance (burglary I)
    "ORS 164.215",  # near miss (burglary II)
    "ORS 163.445",  # sexual misconduct: by the offender's age
    "ORS 163.465",  # indecency: with a prior
    "Or. Rev. Stat. § 163.467",
    "ORS 163.415",  # a prior for indecency
    "O.R.S. 163.385",  # ORS 163A.140(1)(a): relief from reporting
    "ORS 161.405/163.435",
    "ORS 163.686",  # a Class C felony sex crime outside 163A.140(1)(a): (6)(B) before 16
)
VEHICLE = (
    "ORS 813.010",
    "ORS 811.111",
    "O.R.S. 811.182",
    "ORS 807.570",
    "Or. Rev. Stat. § 819.300",
    "ORS 806.010",
)
OUT_OF_STATE = ("RCW 9.41.040", "PC 484", "VC 23152(a)")
CITATION_KINDS = (*([ORDINARY] * 8), EXCLUDED, VEHICLE, PERSON, SUBSECTION_6)
CLASSES_TODAY = ("A felony", "B felony", "C felony", "A misdemeanor", "C misdemeanor", "other")
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
    revoked = g.maybe(g.pick((False, True) if supervised else (False, False, True)))
    revoked_on = _days(convicted_on, g.integer(30, 1800)) if revoked else None
    return Sentence(
        imposed_date=convicted_on,
        incarcerated=incarcerated,
        incarceration_release_date=None if release is None else g.maybe(release),
        supervised=supervised,
        supervision_end_date=None if end is None else g.maybe(end),
        probation_revoked=revoked,
        probation_revoked_date=None if revoked_on is None else g.maybe(revoked_on),
    )


def _count(g: _Gen, count_id: str, case_date: date, in_or: bool) -> Count:
    citation = g.pick(g.pick(CITATION_KINDS) if in_or else OUT_OF_STATE)
    disposition = g.maybe(g.pick(DISPOSITIONS)) or g.pick((Disposition.UNKNOWN, None))
    convicted_on = case_date if g.integer(0, 2) else _days(case_date, g.integer(-200, 200))
    facts: dict[str, FactValue] = {}
    for name in (
        "person_felony",
        "child_abuse",
        "marijuana_element",
        "sex_crime_circumstance",
        "elderly_victim",
        "assault_child_victim",
        "relieved_from_reporting",
        "young_offender_conditions",
    ):
        if g.rarely(2):
            facts[name] = g.rarely(3)
    if g.rarely(2):
        facts["marijuana_class"] = g.pick(CLASSES_TODAY)
    ordered = g.maybe(g.pick((False, False, True)))
    paid: bool | None = None
    paid_on: date | None = None
    if ordered is not False:
        paid = g.maybe(g.pick((True, True, False)))
        if paid:
            paid_on = g.maybe(_days(convicted_on, g.integer(0, 3000)))
    return Count(
        id=count_id,
        citation=None if g.maybe(citation) is None else _cite(citation),
        level=g.maybe(g.pick(LEVELS)),
        offense_class=g.maybe(g.pick(CLASSES)),
        offense_date=g.maybe(_days(convicted_on, -g.integer(0, 400))),
        disposition=disposition,
        disposition_date=g.maybe(convicted_on),
        sentence=_sentence(g, convicted_on),
        financial=Financial(
            restitution_ordered=ordered, restitution_paid=paid, restitution_paid_date=paid_on
        ),
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
            if s.probation_revoked_date is not None:
                anchors.add(add(s.probation_revoked_date, Duration(years=3), ROLL_FORWARD))
            if c.financial.restitution_paid_date is not None:
                anchors.add(c.financial.restitution_paid_date)
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
