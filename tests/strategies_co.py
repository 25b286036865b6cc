"""Hypothesis strategies for C.R.S. 13-3-117 (Colorado automatic sealing).

``co_people()`` gives ``(person, as_of)`` pairs aimed at the edges of the statute:
dispositions whose 4th, 7th or 10th anniversary (or supervision end + 10 years) falls near
as_of, February 29 dispositions, the 2024-07-01 and 2025-07-01 dates, later convictions (in and
out of Colorado, of every level) near the end of the period, pending counts in the same case,
counts of one case disposed on different days (the case's final disposition starts the period),
citations from the statute's tables in Colorado's spellings, classes as Colorado records write
them (``F3``, ``DF1``, bare numbers, words) and some that are no Colorado class, the two record
facts on a quarter of the counts (rap sheets do not carry them), the domestic-violence
designation dockets carry (missing now and then), a sex offender registration now and then
(undated, or near a conviction), and unknown (``None``) fields now and then.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

import attrs
from hypothesis import strategies as st
from strategy_tools import Vocabulary, draw_person_and_date
from strategy_tools import anniversary as _anniversary

from clearlaw.citations import parse_citation
from clearlaw.records import (
    Count,
    Disposition,
    Level,
    Person,
    Registration,
)

__all__ = ["co_people"]

T = TypeVar("T")

EFFECTIVE = date(2024, 7, 1)
FELONY_PHASE = date(2025, 7, 1)
#: How Colorado court data and rap sheets write a section (clearlaw/data/jurisdictions.toml).
SPELLINGS = ("C.R.S. {}", "Colo. Rev. Stat. § {}", "CRS {}", "C.R.S.A. {}")
SECTIONS = (
    "18-4-401",  # theft: may have a domestic-violence basis
    "18-4-401(2)(c)",
    "42-4-1301(1)(a)",  # DUI: never sealable (24-72-706(2)(a)), at any level
    "42-4-1301(1)(b)",
    "42-2-138",  # driving under suspension: a traffic offense unless a felony
    "42-4-1101",  # speeding: a traffic infraction
    "42-4-1601",  # leaving the scene: traffic, or (a felony) may be a Victim Rights Act crime
    "18-18-403.5",  # article 18: drug conviction
    "18-18-405(1)(a)",  # a drug felony before 2013-10-01 may be an extraordinary-risk crime
    "18-18-412.7",
    "18-18.5-105",  # near miss: article 18.5
    "18-3-204",  # always a Victim Rights Act crime
    "18-2-101/18-3-202",  # attempt of one
    "18-9-111",  # harassment: may be one, may have a domestic-violence or sexual basis
    "18-9-106",  # disorderly conduct: may have a sexual factual basis
    "18-9-202",  # cruelty to animals: may have a domestic-violence basis
    "18-6-401",  # child abuse: never sealable
    "18-3-306",  # internet luring of a child: unlawful sexual behavior
    "18-2-101/18-3-305",  # attempted enticement of a child: unlawful sexual behavior too
    "18-5-902",  # identity theft: asked (an unverified exclusion)
    "18-13-122(3)",  # a civil infraction outside title 42
    "18-8-111",  # false reporting: neither
    "42-4-1402",  # careless driving: may be one (a death)
    "18-4-203(2)(a)",  # second degree burglary of a dwelling: always
    "18-4-203(2)(b)",  # other second degree burglary: may be one (article 4)
    "18-4-504",  # third degree trespass: a sexual basis only with a registration after it
)
CITATIONS = (None, *(spelling.format(s) for s in SECTIONS for spelling in SPELLINGS))
LEVELS = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.PETTY_OFFENSE,
    Level.INFRACTION,
    Level.INFRACTION,
    Level.VIOLATION,
)
#: Colorado records: F1-F6, DF1-DF4, M1-M3, DM1-DM2, PO1-PO2, PO, DPO; bare numbers in older
#: data; in other spellings (a hyphen or a space, words, any case); and values that are none of
#: Colorado's classes (unknown: a felony's count needs review naming `class`).
CLASSES = (
    *("1", "2", "3", "4", "5", "6", "F1", "F2", "F3", "F4", "F6", "DF1", "DF2", "DF3"),
    *("M1", "M2", "DM1", "PO1", "PO", "DPO"),
    *("F-2", "F 3", "f1", "DF-1", "Class 3", "CLASS 2", "Class 3 Felony", "CLASS 1 FELONY"),
    *("class 4 felony", "Felony 3", "Felony Class 2", "Level 1 Drug Felony", "Drug Felony 3"),
    *("Level 2 Drug Felony", "Class 1 Misdemeanor", "Petty Offense"),
    *("Felony 7", "Z", "DF5", "Class 9"),
)
MAX_DAYS = (364, 1825, 1826, 1827, 3650)
DISPOSITIONS = (
    *([Disposition.CONVICTED] * 8),
    Disposition.DISMISSED,
    Disposition.PENDING,
    Disposition.PENDING,
)
JURISDICTIONS = (*(["US-CO"] * 7), "US-NM", "US-UT")
FACTS = ("victim_rights_crime", "sealing_excluded")


VOCABULARY = Vocabulary(CITATIONS, LEVELS, CLASSES, MAX_DAYS, DISPOSITIONS, FACTS)


def _anchors(person: Person) -> list[date]:
    anchors = {EFFECTIVE, FELONY_PHASE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition_date is not None:
                for years in (4, 7, 10):
                    anchors.add(_anniversary(count.disposition_date, years))
            s = count.sentence
            if s.supervision_end_date is not None:
                anchors.add(_anniversary(s.supervision_end_date, 10))
    return sorted(anchors, reverse=True)


def _as_dockets_write(draw: st.DrawFn, count: Count) -> Count:
    """Most counts lose their statute facts (rap sheets carry none); Colorado dockets carry the
    domestic-violence designation, which is sometimes missing all the same."""
    facts = count.facts if draw(st.integers(0, 3)) == 0 else {}
    designated = draw(st.sampled_from((None, False, False, True)))
    return attrs.evolve(count, facts=facts, domestic_violence=designated)


def _without_facts(draw: st.DrawFn, person: Person) -> Person:
    cases = tuple(
        attrs.evolve(case, counts=tuple(_as_dockets_write(draw, count) for count in case.counts))
        for case in person.cases
    )
    return attrs.evolve(person, cases=cases)


@st.composite
def _co_people(draw: st.DrawFn) -> tuple[Person, date]:
    person, as_of = draw_person_and_date(
        draw,
        prefix="CO",
        cases_between=(date(2008, 1, 1), date(2030, 12, 31)),
        waits=(4, 7, 10),
        jurisdictions=JURISDICTIONS,
        vocabulary=VOCABULARY,
        anchors=_anchors,
    )
    return _with_registration(draw, _without_facts(draw, person)), as_of


def _with_registration(draw: st.DrawFn, person: Person) -> Person:
    """Now and then a sex offender registration (16-22-103(2)(a)): undated, or the day before,
    of or after one of the person's conviction dates."""
    dates = [c.disposition_date for case in person.cases for c in case.counts if c.disposition_date]
    if not dates or draw(st.integers(0, 3)):
        return person
    near = draw(st.sampled_from(dates)) + timedelta(days=draw(st.integers(-1, 1)))
    when = draw(st.sampled_from((None, near, near)))
    citation = parse_citation("C.R.S. 16-22-108", "US-CO")
    registration = Registration(kind="sex_offender", citation=citation, date=when)
    return attrs.evolve(person, registrations=(registration,))


def co_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for C.R.S. 13-3-117."""
    return _co_people()
