"""Hypothesis strategies for Michigan's automatic set-aside (MCL 780.621g).

People with Michigan (and some Ohio) cases: felonies and misdemeanors with maxima around 93 and
3650 days (and sections whose maximum the maxima tables fix), prison and jail terms (``sentence.prison``: true, false or unknown), excluded and assaultive offenses, the
table citations in Michigan's several spellings, the ``felony_excluded`` and
``traffic_excluded`` facts now and then (rap sheets do not carry them), pending charges and open cases, several felonies or 93-day
misdemeanors to reach the caps, and unknown fields now and then.  ``as_of`` is drawn the day
before, on or after a date where a decision can flip (a sentence or release plus 7 or 10
years, a later conviction plus 7 or 10 years, 2023-04-11).
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
    Level,
    Person,
    Sentence,
)

__all__ = ["mi_people"]

ROLL_FORWARD = DateConvention.ROLL_FORWARD
MI_EFFECTIVE = date(2023, 4, 11)

ORDINARY = (
    "750.356",
    "750.110",
    "750.535",
    "333.7403",
    "750.167",
    "750.218",
    "257.904",  # vehicle code: asks traffic_excluded
    "257.904(3)(a)",
    "750.356d",
    "750.174(2)",  # dishonesty only as a felony
    # the maxima tables: the section fixes the band (92 / 93 days, 10 years)
    "750.552",
    "750.167(1)(e)",
    "436.1703(1)",
    "500.3102",
    "750.356(2)",
    "750.356(3)",
    "333.7403(2)(a)(iii)",
    "333.7403(2)(b)(ii)",
    "750.92/750.110",  # attempt of a 10-year felony
    "750.157a/750.110",  # conspiracy to commit it: 10 years too (750.157a(a))
    "750.157a/750.356(3)",  # conspiracy to commit a 5-year felony: under 10 years
    "750.157a/750.81d(1)",  # conspiracy to commit an assaultive crime: not (10)(a)'s "attempted"
    "750.413",  # in no maxima table: the record's maximum decides
    "750.414",  # a two-year misdemeanor: a felony for the act (780.621(4)(c)(i))
    "750.227b",  # felony firearm: 2, 5 or 10 years by the number of such convictions
    "750.227b(1)",
    "750.303",  # in no table: a misdemeanor of more than 365 days is a felony for the act
    # chapter XVII rows read 2026-12-07 (777.12e, 777.12h, 777.16d, 333.7401(2)(a))
    "257.602a(2)",  # 2 years
    "257.602a(4)",  # 10 years
    "257.602a",  # 2 to 15 years: the record's maximum decides
    "257.903(2)",  # 7 years
    "333.7401(2)(a)(iii)",  # 20 years
    "750.81d(1)",  # 2 years (and an assaultive crime)
    "750.377a(1)(d)",  # 93 days
    "750.535(3)",  # 5 years
    # read 2026-12-08 (sheltonlegal.com reproducing the text)
    "333.7401(2)(a)(iv)",  # 20 years
    "333.7403(2)(b)(i)",  # 10 years
    "333.7401(2)(d)(iii)",  # 4 years
)
EXCLUDED = (
    "257.625",
    "257.625m",
    "750.115",
    "750.145c",
    "750.136b(3)",
    "750.136b(7)",
    "750.145a",  # near miss (not a serious misdemeanor)
    "750.174a(2)",  # a serious misdemeanor for offenses from 2024-01-01
    "750.174a(4)",  # near miss
    "750.462c",
    "750.543m",
    "750.249",  # dishonesty (felony)
    "752.795",  # dishonesty (any level)
    "750.92/750.316",  # attempt of a life-maximum felony
    "257.904(4)",  # traffic offense causing death
    "257.617(3)",  # traffic offense causing death (777.12e)
    "257.616a(2)(d)",  # causing serious impairment (777.12e)
    "257.626(4)",  # reckless driving causing death (text read 2026-12-08)
    "333.7401(2)(a)(i)",  # life maximum
    "750.92/333.7401(2)(a)(i)",  # its attempt
    "750.157a/750.316",  # conspiracy to commit a life-maximum felony: life (750.157a(a))
)
ASSAULTIVE = (
    "750.81",
    "750.82",
    "750.84",
    "750.90c",
    "750.110a",
    "750.136b(2)",
    "750.234b",
    "750.529",
    "750.520e",
    "750.92/750.84",
    "750.411h(2)(a)",
)
#: How Michigan court data and rap sheets write a section (clearlaw/data/jurisdictions.toml).
SPELLINGS = ("MCL {}", "M.C.L. § {}", "MCLA {}", "Mich. Comp. Laws § {}")
KINDS = (*([ORDINARY] * 7), EXCLUDED, ASSAULTIVE, ASSAULTIVE)
SHAPES: tuple[tuple[Level, int], ...] = (
    (Level.MISDEMEANOR, 90),
    (Level.MISDEMEANOR, 92),
    (Level.MISDEMEANOR, 93),
    (Level.MISDEMEANOR, 93),
    (Level.MISDEMEANOR, 365),
    (Level.MISDEMEANOR, 730),
    (Level.FELONY, 1460),
    (Level.FELONY, 1825),
    (Level.FELONY, 3649),
    (Level.FELONY, 3650),
    (Level.FELONY, 7300),
    (Level.INFRACTION, 0),
)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 10),
    Disposition.DISMISSED,
    Disposition.ACQUITTED,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-MI"] * 8), "US-OH")


def _count(g: _Gen, count_id: str, case_date: date) -> Count:
    citation = g.pick(SPELLINGS).format(g.pick(g.pick(KINDS)))
    level, mx = g.pick(SHAPES)
    disposition = g.maybe(g.pick(DISPOSITIONS))
    if disposition is None:
        disposition = g.pick((Disposition.UNKNOWN, None))
    disposition_date = case_date if g.integer(0, 3) else _days(case_date, g.integer(-400, 400))
    imposed = disposition_date if g.integer(0, 2) else _days(disposition_date, g.integer(0, 90))
    incarcerated = g.maybe(g.pick((False, False, True)))
    release: date | None = None
    if incarcerated is not False:
        release = _days(imposed, g.pick((0, 30, 365, 1500, 4000)))
    facts: dict[str, FactValue] = {}  # rap sheets carry no statute facts, most of the time
    for name in ("felony_excluded", "traffic_excluded"):
        if g.rarely(4):
            facts[name] = g.rarely(6)
    prison = g.pick((None, True, False)) if incarcerated is not False else None
    return Count(
        id=count_id,
        citation=_cite(g.maybe(citation)),
        level=g.maybe(level),
        max_penalty_days=g.maybe(mx),
        disposition=disposition,
        disposition_date=g.maybe(disposition_date),
        sentence=Sentence(
            imposed_date=g.maybe(imposed),
            incarcerated=incarcerated,
            incarceration_release_date=None if release is None else g.maybe(release),
            prison=prison,
        ),
        facts=facts,
    )


def _anchors(person: Person) -> list[date]:
    anchors = {MI_EFFECTIVE}
    for case in person.cases:
        for count in case.counts:
            s = count.sentence
            for d in (s.imposed_date, s.incarceration_release_date, count.disposition_date):
                if d is not None:
                    for years in (7, 10):
                        anchors.add(add(d, Duration(years=years), ROLL_FORWARD))
    return sorted(anchors, reverse=True)


@st.composite
def _mi_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 8, 25))))
    cases: list[Case] = []
    budget = g.pick((1, 3, 6, MAX_COUNTS))
    for k in range(g.integer(0, 6)):
        if budget == 0:
            break
        n_counts = g.integer(1, min(3, budget))
        budget -= n_counts
        case_date = g.date(date(2000, 1, 1), date(2030, 12, 31))
        counts = tuple(_count(g, str(i + 1), case_date) for i in range(n_counts))
        status = g.maybe(CaseStatus.OPEN if g.rarely(5) else CaseStatus.CLOSED)
        cases.append(
            Case(
                id=f"MI-{k + 1}",
                jurisdiction=g.maybe(g.pick(JURISDICTIONS)),
                status=status,
                counts=counts,
            )
        )
    person = Person(
        id="P-MI", birth_date=g.date(date(1950, 1, 1), date(2004, 12, 31)), cases=tuple(cases)
    )
    anchors = _anchors(person)
    if g.rarely(6):
        as_of = g.date(date(2021, 1, 1), date(2045, 12, 31))
    else:
        top = anchors[: g.pick((1, 2, 4, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def mi_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for MCL 780.621g."""
    return _mi_people()
