"""Hypothesis strategies for Utah's automatic expungement (Utah Code 77-40a-205, -206).

People with Utah (and some Idaho) cases. A case is built around one disposition most of the time
(all convicted, all acquitted, all dismissed, all ``diverted`` — a plea held in abeyance and
dismissed) so that whole-case rules apply, and mixes them now and then; convictions are class
A/B/C misdemeanors, infractions, drug possession, felonies, excluded, may-be-domestic-violence
(the table, and attempts of Title 76 Chapter 5 offenses) and traffic offenses; the statute's
facts (insanity acquittal, possession under 58-37-8(2)(a)(i)) are absent most of the time, as on
a rap sheet; what Utah dockets carry (the domestic-violence designation, with or without
prejudice, fines and fees paid, with or without a date) is there about half the time, and
restitution is ordered, paid or unpaid now and then; enough convictions to reach the count
limits; pending counts and open cases. ``as_of`` is drawn the day before, on or after a date
where a decision can flip (a disposition plus 60 or 180 days or 5, 6, 7 years, 2020-05-01, and
2024-10-01, from which only a pending misdemeanor or felony that is not a traffic offense bars,
HB 352).
"""

from __future__ import annotations

import datetime as _dt
from datetime import date

from hypothesis import strategies as st
from strategies import MAX_COUNTS, _cite, _days, _Gen, _sampled

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
)

__all__ = ["ut_people"]

ROLL_FORWARD = DateConvention.ROLL_FORWARD
UT_EFFECTIVE = date(2020, 5, 1)
HB_352 = date(2024, 10, 1)  # pending traffic offenses and infractions no longer bar (HB 352, 2024)

ORDINARY = ("UC 76-6-206", "UC 76-6-404", "UC 76-6-602", "UC 76-9-701", "UC 76-8-305")
#: Possession, a near miss ((2)(a)(ii)), 58-37-8 cited above the subparagraph (asks the fact
#: possession_conviction of a class A misdemeanor) and a Schedule V distribution.
DRUG = (
    "UC 58-37-8(2)(a)(i)",
    "UC 58-37-8(2)(a)(ii)",
    "UC 58-37-8",
    "UC 58-37-8(2)",
    "UC 58-37-8(2)(a)",
    "UC 58-37-8(1)(b)(iii)",
)
EXCLUDED = (
    "UC 76-5-102",
    "UC 76-5-401",
    "UC 76-10-505",
    "UC 76-10-405",  # near miss (part 4)
    "UC 76-9-702",
    "UC 76-9-702.1",
    "UC 76-6-108",
    "UC 41-6a-502",
)
TRAFFIC = ("UC 41-6a-601", "UC 41-1a-1303", "UC 41-12a-302")
#: Sections of statutes/ut/tables/domestic-violence-can-be.csv (a wildcard made a real section),
#: attempts and a conspiracy of them, and near misses.
MAY_BE_DV = (
    "UC 76-6-106",
    "UC 76-6-206",
    "UC 76-6-301",
    "UC 76-9-102",
    "UC 76-9-201",
    "UC 76-9-301",
    "UC 76-9-101",
    "UC 76-5b-201",
    "UC 76-4-101/76-5-102",
    "UC 76-4-201/76-6-206",
    "UC 76-4-101/76-6-404",  # near miss: attempted theft
    "UC 76-9-103",  # near miss: disorderly conduct is 76-9-102
)
KINDS = (*([ORDINARY] * 6), DRUG, DRUG, EXCLUDED, TRAFFIC, MAY_BE_DV, MAY_BE_DV)
SHAPES: tuple[tuple[Level, str | None], ...] = (
    (Level.MISDEMEANOR, "C"),
    (Level.MISDEMEANOR, "C"),
    (Level.MISDEMEANOR, "B"),
    (Level.MISDEMEANOR, "B"),
    (Level.MISDEMEANOR, "A"),
    (Level.INFRACTION, None),
    (Level.FELONY, "3"),
    (Level.FELONY, "2"),
)
CASE_KINDS = (
    Disposition.CONVICTED,
    Disposition.CONVICTED,
    Disposition.CONVICTED,
    Disposition.ACQUITTED,
    Disposition.DISMISSED,
    Disposition.DIVERTED,
    None,  # mixed
)
MIXED = (
    Disposition.CONVICTED,
    Disposition.ACQUITTED,
    Disposition.DISMISSED,
    Disposition.PENDING,
    Disposition.DIVERTED,
)
JURISDICTIONS = (*(["US-UT"] * 8), "US-ID")


def _count(g: _Gen, count_id: str, case_date: date, kind: Disposition | None) -> Count:
    citation = g.pick(g.pick(KINDS))
    level, cls = g.pick(SHAPES)
    disposition = kind if kind is not None and not g.rarely(10) else g.pick(MIXED)
    maybe_disp = g.maybe(disposition)
    if maybe_disp is None:
        maybe_disp = g.pick((Disposition.UNKNOWN, None))
    disposition_date = case_date if g.integer(0, 3) else _days(case_date, g.integer(-200, 200))
    facts: dict[str, FactValue] = {}
    if g.rarely(3) and not g.rarely(6):  # most counts carry none of the statute's facts
        facts["insanity_acquittal"] = g.rarely(8)
    if g.rarely(3):
        facts["possession_conviction"] = g.pick((True, False))
    domestic_violence = g.pick((None, None, False, False, True))
    with_prejudice = g.pick((None, True, False))
    fines_paid = g.pick((None, None, True, True, True, False))
    fines_paid_date = (
        _days(disposition_date, g.integer(0, 900)) if fines_paid and g.rarely(2) else None
    )
    ordered = g.pick((None, None, False, True))
    paid = g.pick((None, True, False)) if ordered else None
    return Count(
        id=count_id,
        citation=_cite(g.maybe(citation)),
        level=g.maybe(level),
        offense_class=g.maybe(cls),
        disposition=maybe_disp,
        disposition_date=g.maybe(disposition_date),
        domestic_violence=domestic_violence,
        with_prejudice=with_prejudice,
        financial=Financial(
            restitution_ordered=ordered,
            restitution_paid=paid,
            fines_paid=fines_paid,
            fines_paid_date=fines_paid_date,
        ),
        facts=facts,
    )


def _anchors(person: Person) -> list[date]:
    anchors = {UT_EFFECTIVE, HB_352}
    for case in person.cases:
        for count in case.counts:
            d = count.disposition_date
            if d is None:
                continue
            anchors |= {d + _dt.timedelta(days=60), d + _dt.timedelta(days=180)}
            for years in (5, 6, 7):
                anchors.add(add(d, Duration(years=years), ROLL_FORWARD))
    return sorted(anchors, reverse=True)


@st.composite
def _ut_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 8, 25))))
    cases: list[Case] = []
    budget = g.pick((1, 3, 6, MAX_COUNTS))
    for k in range(g.integer(0, 6)):
        if budget == 0:
            break
        n_counts = g.integer(1, min(3, budget))
        budget -= n_counts
        case_date = g.date(date(2005, 1, 1), date(2030, 12, 31))
        kind = g.pick(CASE_KINDS)
        counts = tuple(_count(g, str(i + 1), case_date, kind) for i in range(n_counts))
        status = g.maybe(CaseStatus.OPEN if g.rarely(6) else CaseStatus.CLOSED)
        cases.append(
            Case(
                id=f"UT-{k + 1}",
                jurisdiction=g.maybe(g.pick(JURISDICTIONS)),
                status=status,
                counts=counts,
            )
        )
    person = Person(
        id="P-UT", birth_date=g.date(date(1950, 1, 1), date(2004, 12, 31)), cases=tuple(cases)
    )
    anchors = _anchors(person)
    if g.rarely(6):
        as_of = g.date(date(2019, 1, 1), date(2045, 12, 31))
    else:
        top = anchors[: g.pick((1, 2, 4, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def ut_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for Utah Code 77-40a-205, -206."""
    return _ut_people()
