"""Hypothesis strategies for Pennsylvania's Clean Slate (18 Pa.C.S. 9122.2, 9122.3).

People with Pennsylvania (and some other) cases whose counts mix every grade the statute
distinguishes (M1, M2, M3, ungraded "M" with maxima around 365, 730 and 1,825 days, felonies,
summaries), offenses of the statute's tables (statutes/pa/tables/) and near misses, drug
offenses with and without the `qualifying_offense` fact, with and without imprisonment (in a
state or a county prison), the Controlled Substance Act clauses of the ungraded-maximum tables
(a possession after a prior conviction under the Act is three years), offense dates before the
conviction, attempts, conspiracies and solicitations with and without their object,
restitution (also on counts that were not convicted), cases of one to four counts (for
9122.3(a.1): a docket is one conviction unless it holds more than two felony convictions), and
unknown fields now and then.
Citations are written as Pennsylvania dockets and Bluebook write them; the statute-specific
facts are left out most of the time, as rap sheets leave them out.  ``as_of`` is drawn the
day before, on or after a date where a decision can flip (a conviction plus 5, 7 or 10 years,
Act 36's 2024-06-11, the 2019-06-28 start, restitution payments).
"""

from __future__ import annotations

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
    Sentence,
)

__all__ = ["pa_people"]

ROLL_FORWARD = DateConvention.ROLL_FORWARD
PA_EFFECTIVE = date(2019, 6, 28)
ACT_36 = date(2024, 6, 11)

ORDINARY = (
    "18 Pa.C.S. 3929",
    "18 Pa.C.S.A. § 3921",
    "18 Pa.C.S. 3503",
    "18 Pa.C.S. 5503",
    "18 Pa.C.S. 6308",
    "75 Pa.C.S. 3802(a)(1)",
    "75 Pa.C.S.A. § 1543(a)",
    "35 P.S. 780-113(a)(16)",
    "35 P.S. § 780-113(a)(31)",
    "35 P.S. 780-113(a)(32)",
    "35 § 780-113(a)(19)",  # 780-113(b): three years
    "35 P.S. 780-113",  # clause not on record: the record's maximum decides
    "18 Pa.C.S. 5902(a)",  # near miss (prostitution itself)
)
EXCLUDED = (  # tables/excluded-offenses.csv, and near misses
    "18 Pa.C.S. 2701(a)(1)",
    "18 Pa.C.S.A. § 2709",
    "18 Pa.C.S. 3126",
    "18 Pa.C.S. 4304",
    "18 Pa.C.S.A. § 6106",
    "18 Pa.C.S. 6312",
    "18 Pa.C.S. 5533",
    "18 Pa.C.S. 6301(a)(1)",
    "18 Pa.C.S. 5903(a)(6)",
    "18 Pa.C.S. 5903(a)(3)(ii)",
    "18 Pa.C.S. 5902(b.1)",
    "18 Pa.C.S. 6320",
    "18 Pa.C.S. 7507.1",
    "18 Pa.C.S. 5903(a)(1)",  # near miss
    "18 Pa.C.S. 3301",  # near miss (arson, Article C)
    "18 Pa.C.S. 7507",  # near miss
)
MINOR = ("18 Pa.C.S. 5902(b)", "18 Pa.C.S. 5903(a)(3)", "18 Pa.C.S. 5903(a)(4)(i)")
LISTED = (
    "18 Pa.C.S. 3127",
    "18 Pa.C.S. 3129",
    "18 Pa.C.S. 4915.1",
    "18 Pa.C.S. 4915.2",
    "18 Pa.C.S. 5122",
    "18 Pa.C.S. 5510",
    "18 Pa.C.S.A. § 5515",
)
BARE_INCHOATE = ("18 Pa.C.S. 901", "18 Pa.C.S. 902", "18 Pa.C.S. 903")
INCHOATE = (
    *BARE_INCHOATE,
    "18 Pa.C.S. 901/2701",
    "18 Pa.C.S. 903/3929",
    "18 Pa.C.S. 902/6312",
    "18 Pa.C.S. 903/5902(b)",
    "18 Pa.C.S. 901/5510",
)
DRUG_FELONY = ("35 P.S. 780-113(a)(30)", "35 P.S. § 780-113(a)(30)")
KINDS = (*([ORDINARY] * 6), EXCLUDED, MINOR, LISTED, INCHOATE, DRUG_FELONY, DRUG_FELONY)

# (level, class, max days) shapes, with ungraded maxima around the limits
SHAPES: tuple[tuple[Level, str | None, int], ...] = (
    (Level.MISDEMEANOR, "M3", 365),
    (Level.MISDEMEANOR, "M3", 365),
    (Level.MISDEMEANOR, "M2", 730),
    (Level.MISDEMEANOR, "M2", 730),
    (Level.MISDEMEANOR, "M1", 1825),
    (Level.MISDEMEANOR, "M", 30),
    (Level.MISDEMEANOR, "M", 180),
    (Level.MISDEMEANOR, "M", 364),
    (Level.MISDEMEANOR, "M", 365),
    (Level.MISDEMEANOR, "M", 730),
    (Level.MISDEMEANOR, "M", 731),
    (Level.MISDEMEANOR, "M", 1825),
    (Level.MISDEMEANOR, "M", 1824),
    (Level.FELONY, "F3", 2555),
    (Level.FELONY, "F1", 7300),
    (Level.SUMMARY, "S", 90),
    (Level.SUMMARY, None, 90),
    (Level.SUMMARY, "S", 90),
)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 10),
    Disposition.DISMISSED,
    Disposition.ACQUITTED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.DIVERTED,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-PA"] * 8), "US-NJ", "US-OH")


def _count(g: _Gen, count_id: str, case_date: date) -> Count:
    kind = g.pick(KINDS)
    citation = g.pick(kind)
    level, cls, mx = g.pick(SHAPES)
    if kind is DRUG_FELONY and g.rarely(2):
        level, cls, mx = Level.FELONY, None, 5475
    disposition = g.maybe(g.pick(DISPOSITIONS))
    if disposition is None:
        disposition = g.pick((Disposition.UNKNOWN, None))
    disposition_date = case_date if g.integer(0, 3) else _days(case_date, g.integer(-400, 400))
    offense_date = g.maybe(_days(disposition_date, -g.integer(0, 400)))
    ordered = g.maybe(g.pick((False, False, False, True)))
    paid: date | None = None
    paid_in_full: bool | None = None
    if ordered is not False and not g.rarely(4):
        paid = _days(disposition_date, g.integer(0, 6000))
    elif ordered is not False and g.rarely(2):
        paid_in_full = False  # on record as not paid in full
    facts: dict[str, FactValue] = {}
    if citation in BARE_INCHOATE and g.rarely(2):
        facts["inchoate_of_excluded"] = g.pick((True, False))
    if kind is MINOR and g.rarely(2):
        facts["minor_victim"] = g.pick((True, False))
    if (kind is DRUG_FELONY or "780-113" in citation) and g.rarely(2):
        facts["qualifying_offense"] = g.pick((True, False))
    return Count(
        id=count_id,
        citation=_cite(g.maybe(citation)),
        level=g.maybe(level),
        offense_class=g.maybe(cls),
        max_penalty_days=g.maybe(mx),
        disposition=disposition,
        disposition_date=g.maybe(disposition_date),
        offense_date=offense_date,
        sentence=Sentence(
            imposed_date=disposition_date,
            incarcerated=g.maybe(g.pick((True, False))),
            prison=None if g.rarely(2) else g.pick((True, False)),
        ),
        financial=Financial(
            restitution_ordered=ordered, restitution_paid_date=paid, restitution_paid=paid_in_full
        ),
        facts=facts,
    )


def _anchors(person: Person) -> list[date]:
    anchors = {PA_EFFECTIVE, ACT_36}
    for case in person.cases:
        for count in case.counts:
            d = count.disposition_date
            if d is not None:
                anchors.add(d)
                for years in (5, 7, 10):
                    anchors.add(add(d, Duration(years=years), ROLL_FORWARD))
            if count.financial.restitution_paid_date is not None:
                anchors.add(count.financial.restitution_paid_date)
    return sorted(anchors, reverse=True)


@st.composite
def _pa_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 8, 25))))
    cases: list[Case] = []
    budget = g.pick((1, 3, 6, MAX_COUNTS))
    # Case dates cluster around Act 36 (7 to 10 years before it) now and then.
    for k in range(g.integer(0, 6)):
        if budget == 0:
            break
        n_counts = g.integer(1, min(4, budget))
        budget -= n_counts
        if g.rarely(3):
            case_date = g.date(date(2013, 6, 1), date(2018, 6, 30))
        else:
            case_date = g.date(date(1998, 1, 1), date(2030, 12, 31))
        counts = tuple(_count(g, str(i + 1), case_date) for i in range(n_counts))
        status = g.maybe(CaseStatus.OPEN if g.rarely(5) else CaseStatus.CLOSED)
        cases.append(
            Case(
                id=f"PA-{k + 1}",
                jurisdiction=g.maybe(g.pick(JURISDICTIONS)),
                status=status,
                counts=counts,
            )
        )
    person = Person(
        id="P-PA", birth_date=g.date(date(1950, 1, 1), date(2004, 12, 31)), cases=tuple(cases)
    )
    anchors = _anchors(person)
    if g.rarely(6):
        as_of = g.date(date(2018, 1, 1), date(2045, 12, 31))
    else:
        top = anchors[: g.pick((1, 2, 4, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def pa_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for 18 Pa.C.S. 9122.2."""
    return _pa_people()
