"""Hypothesis strategies for CGS 54-142a(e) (Connecticut Clean Slate).

``ct_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute: conviction
dates whose 7th or 10th anniversary falls near as_of, February 29 convictions, offense and
conviction dates on both sides of 2000-01-01 (erasure by operation of law or upon petition,
and (e)(2)(A)'s "on or after January 1, 2000"), unclassified felonies with maxima of 1825-1827 days, later convictions
(in and out of Connecticut) that restart the clock, incarceration and supervision ending near
the period's end, pending charges, citations from the statute's tables (always, can be,
neither; attempts and conspiracies) in Connecticut's spellings, 21a-277 with and without the
subsection that fixes its maximum, the court's family violence designation (the record field
``domestic_violence``: true, false or unknown), the fact ``sexual_offense`` on a quarter of the
counts (rap sheets do not carry it), and unknown (``None``) fields now and then.
"""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import strategies as st
from strategy_tools import Vocabulary, draw_person_and_date, without_facts
from strategy_tools import anniversary as _anniversary

from clearlaw.records import Disposition, Level, Person

__all__ = ["SECTIONS", "ct_people"]

EFFECTIVE = date(2023, 1, 1)
#: How Connecticut court data and rap sheets write a section (clearlaw/data/jurisdictions.toml).
SPELLINGS = ("CGS {}", "C.G.S. § {}", "Conn. Gen. Stat. § {}")
SECTIONS = (
    "53a-125b",  # larceny 6th: in no table
    "53a-124",  # larceny 3rd (class D): in no table
    "53a-61",  # assault 3rd: can be a family violence crime
    "53a-181",  # breach of the peace: can be one
    "53a-49/53a-61",  # its attempt: can be one
    "53a-117",  # criminal mischief: cannot
    "14-227a",  # OUI: ten years; a second within ten years bars the first
    "14-227a",
    "14-227a",
    "21a-279(c)",  # (e)(4) before 2015-10-01
    "21a-279(a)(1)",
    "53a-64cc",  # (e)(2)(C), and can be family violence
    "53a-217c",  # (e)(2)(C)
    "53a-189a",  # (e)(2)(C) or 54-250(5), whichever subdivision
    "53a-73a",  # 54-250(5): always a sexual offense
    "53a-48/53a-73a",  # its conspiracy: always
    "53a-49/53a-71",  # 54-250(11): the court's finding decides
    "14-215",  # driving under suspension: in no table
    "21a-277(a)(1)",  # unclassified, fifteen years by its section
    "21a-277(b)",  # unclassified, seven years by its section
    "21a-277",  # no subsection: the record's maximum decides
)
CITATIONS = (None, *(spelling.format(s) for s in SECTIONS for spelling in SPELLINGS))
LEVELS = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.VIOLATION,
    Level.INFRACTION,
)
CLASSES = ("A", "B", "C", "D", "D", "E", "U", "U")
MAX_DAYS = (364, 1825, 1826, 1827, 3650)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 8),
    Disposition.DISMISSED,
    Disposition.PENDING,
    Disposition.DIVERTED,
)
JURISDICTIONS = (*(["US-CT"] * 7), "US-NY", "US-MA")
FACTS = ("sexual_offense",)
#: The court's designation as records carry it: often unknown.
DESIGNATIONS = (None, None, True, False, False)


VOCABULARY = Vocabulary(CITATIONS, LEVELS, CLASSES, MAX_DAYS, DISPOSITIONS, FACTS)


def _anchors(person: Person) -> list[date]:
    anchors = {EFFECTIVE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition_date is not None:
                for years in (7, 10):
                    anchors.add(_anniversary(count.disposition_date, years))
            s = count.sentence
            for d in (s.incarceration_release_date, s.supervision_end_date):
                if d is not None:
                    anchors.add(d)
    return sorted(anchors, reverse=True)


@st.composite
def _ct_people(draw: st.DrawFn) -> tuple[Person, date]:
    person, as_of = draw_person_and_date(
        draw,
        prefix="CT",
        cases_between=(date(1997, 1, 1), date(2030, 12, 31)),
        waits=(4, 7, 10),
        jurisdictions=JURISDICTIONS,
        vocabulary=VOCABULARY,
        anchors=_anchors,
    )
    return _designated(draw, without_facts(draw, person)), as_of


def _designated(draw: st.DrawFn, person: Person) -> Person:
    """Each count with the court's family violence designation, or without (unknown)."""
    cases = tuple(
        attrs.evolve(
            case,
            counts=tuple(
                attrs.evolve(count, domestic_violence=draw(st.sampled_from(DESIGNATIONS)))
                for count in case.counts
            ),
        )
        for case in person.cases
    )
    return attrs.evolve(person, cases=cases)


def ct_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for CGS 54-142a(e)."""
    return _ct_people()
