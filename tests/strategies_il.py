"""Hypothesis strategies for 20 ILCS 2630/5.2(i) (``il_people()``).

Cannabis Control Act section 4, 5 and 7 counts with each subsection (and near misses: other
sections, other states), every disposition, amounts at and around 30 g (often absent: the
subsection settles the amount, and rap sheets do not carry it), levels and classes in Illinois'
spellings and some that are no Illinois class (a 550/4 without subsection is read by them),
civil law violations (level ``violation``; 550/4(a) from P.A. 99-697 whatever the level),
offense dates around 2016-07-29 (P.A. 99-697) and 2019-06-25, counts of the same arrest that
always, can or cannot be violent crimes (with and without their ``violent_crime`` fact; other
cases on the same day), arrest dates whose first anniversary falls around the as-of date, Feb 29
dates, unknown facts now and then.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from hypothesis import strategies as st
from strategy_tools import cite as _cite
from strategy_tools import dates as _dates
from strategy_tools import days as _days
from strategy_tools import ints as _ints
from strategy_tools import sampled as _sampled

from clearlaw.dates import DateConvention, Duration, add
from clearlaw.records import Case, CaseStatus, Count, Disposition, FactValue, Level, Person

__all__ = ["il_people"]

T = TypeVar("T")
IL_EFFECTIVE = date(2019, 6, 25)
PA_99_697 = date(2016, 7, 29)
LEAP_DAYS = tuple(date(y, 2, 29) for y in range(1996, 2025, 4))
#: Cannabis Control Act sections 4 and 5 with every subsection (statutes/il/tables: the
#: subsection settles the amount except 550/4(c)), without one, and near misses.
CITATIONS = (
    *(f"720 ILCS 550/4({s})" for s in "abcdefg"),
    "720 ILCS 550/4",
    *(f"720 ILCS 550/5({s})" for s in "abcdefg"),
    "720 ILCS 550/5",
    "720 ILCS 550/7",
    "720 ILCS 550/8(a)",
    "720 ILCS 570/402(c)",
    # other counts of the same arrest: always (domestic battery, robbery), can be (battery,
    # DUI), neither (retail theft) a violent crime (statutes/il/tables/*violent-crimes.csv)
    "720 ILCS 5/12-3.2(a)(1)",
    "720 ILCS 5/18-1(a)",
    "720 ILCS 5/12-3(a)(1)",
    "625 ILCS 5/11-501(a)(2)",
    "720 ILCS 5/16-25(a)(1)",
    # can be, but not below felony level (an injury makes them felonies)
    "720 ILCS 5/31-1(a)",
    "625 ILCS 5/11-503(a)",
)
#: Illinois classes as court data writes them (``A``, ``Class A Misdemeanor``, ...), and values
#: that are no Illinois class (unknown: needs review where the class decides).
CLASSES = (
    *(None, "A", "B", "C", "4", "X", "2"),
    *("Class A Misdemeanor", "class b misdemeanor", "Misdemeanor Class A", "MISDEMEANOR B"),
    *("Class 4 Felony", "Felony Class 4", "Class X", "c"),
    *("Z", "Felony 7", "Class D"),
)
LEVELS = (Level.MISDEMEANOR, Level.MISDEMEANOR, Level.FELONY, Level.PETTY_OFFENSE, Level.VIOLATION)
GRAMS = (0.5, 2, 10, 29.9, 30, 30, 30.1, 31, 100)
DISPOSITIONS = (
    Disposition.CONVICTED,
    Disposition.CONVICTED,
    Disposition.DISMISSED,
    Disposition.DISMISSED,
    Disposition.ACQUITTED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.DIVERTED,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-IL"] * 7), "US-IN", "US-WI")


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
        if leap and self.rarely(5):
            return self.pick(leap)
        return self.draw(_dates(lo, hi))


def _offense_day(g: _Gen) -> date:
    if g.rarely(3):
        return _days(g.pick((IL_EFFECTIVE, PA_99_697)), g.integer(-400, 2))
    return g.date(date(1995, 1, 1), date(2022, 12, 31))


def _count(g: _Gen, count_id: str, day: date) -> Count:
    offense = day if g.integer(0, 3) else _offense_day(g)
    arrest = offense if g.integer(0, 3) else _days(offense, g.integer(0, 60))
    disposition = g.maybe(g.pick(DISPOSITIONS)) or g.pick((Disposition.UNKNOWN, None))
    facts: dict[str, FactValue] = {}
    if g.rarely(2):
        facts["grams"] = g.pick(GRAMS)
    for name, value in (
        ("section7_enhancement", g.rarely(8)),
        ("violent_crime", g.rarely(2)),
    ):
        if g.maybe(value) is not None:
            facts[name] = value
    citation = g.pick(CITATIONS)
    return Count(
        id=count_id,
        citation=None if g.maybe(citation) is None else _cite(citation),
        level=g.pick(LEVELS),
        offense_class=g.pick(CLASSES),
        offense_date=g.maybe(offense),
        disposition=disposition,
        disposition_date=_days(offense, g.integer(0, 400)),
        facts=facts,
        arrest_date=g.maybe(arrest),
    )


@st.composite
def _il_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 6, 20))))
    first = _offense_day(g)  # another case on the same day is the same arrest
    cases = tuple(
        Case(
            id=f"IL-{k + 1}",
            jurisdiction=g.maybe(g.pick(JURISDICTIONS)),
            status=g.pick((CaseStatus.CLOSED, CaseStatus.CLOSED, CaseStatus.OPEN)),
            counts=tuple(_count(g, str(i + 1), day) for i in range(g.integer(1, 3))),
        )
        for k in range(g.integer(1, 3))
        for day in (first if g.integer(0, 2) else _offense_day(g),)
    )
    # born 1997-06-30: under 18 for offenses before 2015-06-30 (Section 7 needs 18 or older)
    birth = g.maybe(g.pick((date(1980, 1, 1), date(1997, 6, 30))))
    person = Person(id="P-IL", birth_date=birth, cases=cases)
    anchors = [IL_EFFECTIVE]
    for case in cases:
        for c in case.counts:
            arrest = c.arrest_date
            if arrest is not None:
                anchors.append(add(arrest, Duration(years=1), DateConvention.ROLL_FORWARD))
    if g.rarely(5):
        as_of = g.date(date(2018, 1, 1), date(2030, 12, 31))
    else:
        as_of = _days(g.pick(tuple(anchors)), g.integer(-1, 1))
    return person, as_of


def il_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for 20 ILCS 2630/5.2(i)."""
    return _il_people()
