"""Hypothesis strategies generating criminal histories for differential testing.

``ny_people()`` and ``ca_people()`` give ``(person, as_of)`` pairs aimed at the edges of
CPL 160.57 and HS 11361.8: dates at, one day before and one day after each waiting period
(and the effective dates), February 29 dates, ages exactly 18 or 21 at the offense (± one
day), every subdivision letter, facts at their limits, priors, pending cases, supervision,
restart chains (a case dated one day either side of the end of an earlier conviction's period),
pending charges with offense dates one day either side of a conviction, the victim-age facts
of Correction Law 168-a, DWAI at every level, ``as_of`` before and after the effective dates,
and unknown (``None``) fields now and then.  Generation uses no filters.
"""

from __future__ import annotations

import datetime as _dt
import functools
from datetime import date
from typing import Any, TypeVar

from hypothesis import strategies as st
from oracles.tables import table

from clearlaw.citations import Citation, parse_citation
from clearlaw.dates import DateConvention, Duration, add
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    FactValue,
    Level,
    Person,
    Registration,
    Sentence,
)

__all__ = ["ca_people", "ny_people"]

T = TypeVar("T")

ROLL_FORWARD = DateConvention.ROLL_FORWARD
MAX_COUNTS = 12

NY_EFFECTIVE = date(2024, 11, 16)
AUMA_EFFECTIVE = date(2016, 11, 9)

LEAP_DAYS = tuple(date(y, 2, 29) for y in range(1952, 2033, 4))


# --- small helpers ---------------------------------------------------------------------------
# Strategies are built once and cached: building one per draw is what makes generation slow.


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
def _leap_days(lo: date, hi: date) -> tuple[date, ...]:
    return tuple(d for d in LEAP_DAYS if lo <= d <= hi)


class _Gen:
    """Drawing helpers for one person; ``unknown_one_in`` = 0 means no unknown fields."""

    def __init__(self, draw: st.DrawFn, unknown_one_in: int) -> None:
        self.draw = draw
        self.unknown_one_in = unknown_one_in

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(_ints(lo, hi))

    def rarely(self, one_in: int) -> bool:
        """True about once in ``one_in`` draws."""
        return self.integer(0, one_in - 1) == 0

    def maybe(self, value: T) -> T | None:
        """``value``, or now and then ``None`` (unknown) for people with unknowns."""
        if self.unknown_one_in and self.rarely(self.unknown_one_in):
            return None
        return value

    def pick(self, options: tuple[T, ...]) -> T:
        result: T = self.draw(_sampled(options))
        return result

    def date(self, lo: date, hi: date) -> date:
        """A date in [lo, hi], sometimes a February 29."""
        leap = _leap_days(lo, hi)
        if leap and self.rarely(6):
            return self.pick(leap)
        return self.draw(_dates(lo, hi))


def _days(day: date, n: int) -> date:
    return day + _dt.timedelta(days=n)


@functools.cache
def _cite(text: str | None) -> Citation | None:
    return None if text is None else parse_citation(text)


# --- New York --------------------------------------------------------------------------------


def _ny_table(name: str) -> tuple[str, ...]:
    """The sections of a Correction Law 168-a table, a wildcard made a real section."""
    return tuple(str(p).replace("*", "05") for p in table("ny", name).patterns)


def _with_attempts(sections: tuple[str, ...]) -> tuple[str, ...]:
    """Each section, and its attempt (PL 110.00) now and then."""
    return (*sections, *(s.replace("PL ", "PL 110/") for s in sections[::3]))


NY_SEX_OFFENSES: tuple[str, ...] = (  # Correction Law 168-a(2), (3) tables, and near misses
    *_with_attempts(_ny_table("ny-168a-2-sex-offenses")),
    *_with_attempts(_ny_table("ny-168a-3a-sexually-violent")),
    "PL 230.30(1)",
    "PL 250.45(1)",
    "PL 130.65(1)",
    "PL 110/155.25",
)
NY_CONDITIONAL_SEX: tuple[str, ...] = (  # 168-a entries that depend on the facts of the case
    *_with_attempts(_ny_table("ny-168a-2-child-kidnapping")),
    *_with_attempts(_ny_table("ny-168a-2bc-forcible-touching")),
    *_with_attempts(_ny_table("ny-168a-2-minor-prostitution")),
    *_ny_table("ny-168a-2-unspecified-subdivision"),
    "PL 135.30",
    "PL 130.52(1)",
    "PL 230.25(1)",
    "PL 230.03",
)
NY_CLASS_A: tuple[str, ...] = (  # class A felonies in and out of article 220
    "PL 125.27",
    "PL 125.25",
    "PL 490.25",
    "PL 220.43",
    "PL 220.21",
    "PL 220.18",
    "PL 110/220.21",  # attempts: in article 220 for (b)(vi), or not
    "PL 110/125.27",
)
NY_ORDINARY: tuple[str, ...] = (
    "PL 155.25",
    "PL 155.30",
    "PL 140.20",
    "PL 120.00",
    "PL 120.05",
    "PL 220.03",
    "PL 220.39",
    "PL 165.40",
    "PL 240.20",
    "VTL 1192(2)",
    "VTL 1192(3)",
    "VTL 511(1)(a)",
)
NY_DWAI = ("VTL 1192(1)", "VTL 1192(1)", "VTL 1192(2)")
NY_CITATION_KINDS = (
    *([NY_ORDINARY] * 6),
    NY_SEX_OFFENSES,
    NY_CONDITIONAL_SEX,
    NY_CONDITIONAL_SEX,
    NY_CLASS_A,
    NY_DWAI,
    NY_DWAI,
)
VICTIM_AGES: tuple[int, ...] = (12, 15, 16, 17, 18, 19, 30)
NY_LEVELS: tuple[Level, ...] = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.VIOLATION,
    Level.INFRACTION,
)
NY_CLASSES: tuple[str, ...] = ("A", "A-I", "A-II", "B", "C", "D", "E", "U")
CLASS_A: tuple[str, ...] = ("A", "A-I", "A-II")
FINAL_DISPOSITIONS: tuple[Disposition, ...] = (
    *([Disposition.CONVICTED] * 10),
    Disposition.DISMISSED,
    Disposition.ACQUITTED,
    Disposition.DIVERTED,
)
WITH_PENDING = (*FINAL_DISPOSITIONS, Disposition.PENDING, Disposition.PENDING)
UNKNOWN_DISPOSITIONS = (Disposition.UNKNOWN, None)
NY_JURISDICTIONS: tuple[str, ...] = (*(["US-NY"] * 8), "US-NJ", "US-CA")


def _disposition(g: _Gen, pending_possible: bool) -> Disposition | None:
    disposition = g.maybe(g.pick(WITH_PENDING if pending_possible else FINAL_DISPOSITIONS))
    return disposition if disposition is not None else g.pick(UNKNOWN_DISPOSITIONS)


def _status(g: _Gen, pending_possible: bool) -> CaseStatus | None:
    open_ = pending_possible and g.rarely(3)
    return g.maybe(CaseStatus.OPEN if open_ else CaseStatus.CLOSED)


def _ny_sentence(g: _Gen, disposition_date: date | None) -> Sentence:
    base = disposition_date or g.date(date(2004, 1, 1), date(2030, 12, 31))
    imposed = base if g.rarely(2) else _days(base, g.integer(0, 120))
    if g.rarely(8):
        imposed = g.date(date(2014, 1, 1), date(2030, 12, 31))
    incarcerated = g.maybe(g.pick((True, False, False)))
    release: date | None = None
    if incarcerated is not False or g.rarely(6):
        release = _days(imposed, g.integer(0, 3000))
        if g.rarely(6):
            release = g.date(date(2014, 1, 1), date(2030, 12, 31))
        if incarcerated is None and g.rarely(3):
            release = imposed  # unknown whether incarcerated, but the dates agree
    supervised = g.maybe(g.pick((False, False, True)))
    supervision_end: date | None = None
    if supervised is not False:
        supervision_end = _days(release or imposed, g.integer(0, 3650))
    return Sentence(
        imposed_date=g.maybe(imposed),
        incarcerated=incarcerated,
        incarceration_release_date=None if release is None else g.maybe(release),
        supervised=supervised,
        supervision_end_date=None if supervision_end is None else g.maybe(supervision_end),
    )


def _ny_facts(g: _Gen, conditional: bool) -> dict[str, FactValue]:
    """``victim_age``, ``offender_is_parent``, ``registrable_subdivision``: as on rap sheets,
    mostly absent; now and then for the citations that need them."""
    facts: dict[str, FactValue] = {}
    if not g.rarely(3 if conditional else 12):
        return facts
    missing_one_in = 3 if g.unknown_one_in else 12
    if not g.rarely(missing_one_in):
        facts["victim_age"] = g.pick(VICTIM_AGES)
    if not g.rarely(missing_one_in):
        facts["offender_is_parent"] = g.rarely(3)
    if not g.rarely(missing_one_in):
        facts["registrable_subdivision"] = g.rarely(2)
    return facts


NY_REGISTRATION_CITATIONS = ("CORR 168-a", "CORR 168-f", "CORR 168", "PC 290", None)
NY_REGISTRATION_KINDS = ("sex_offender", "sex_offender", "sex_offender", "arson")


def _ny_registrations(g: _Gen, cases: list[Case]) -> tuple[Registration, ...]:
    """Sex offender registrations now and then: on, just before or after a conviction's date,
    or anywhere; now and then of another kind or state, or without a date or citation."""
    dates = [c.disposition_date for case in cases for c in case.counts if c.disposition_date]
    found = []
    for _ in range(g.pick((0, 0, 0, 1, 1, 2))):
        if dates and not g.rarely(4):
            day: date | None = _days(g.pick(tuple(dates)), g.pick((0, 0, -1, 1, 90)))
        else:
            day = g.date(date(2000, 1, 1), date(2030, 12, 31))
        found.append(
            Registration(
                kind=g.pick(NY_REGISTRATION_KINDS),
                citation=_cite(g.pick(NY_REGISTRATION_CITATIONS)),
                date=g.maybe(day),
            )
        )
    return tuple(found)


def _ny_count(
    g: _Gen, count_id: str, case_date: date, pending_possible: bool, near: tuple[date, ...]
) -> Count:
    citations = g.pick(NY_CITATION_KINDS)
    citation = g.pick(citations)
    level = g.pick(NY_LEVELS)
    offense_class = g.pick(NY_CLASSES)
    if citations is NY_CLASS_A and g.rarely(4) is False:
        level, offense_class = Level.FELONY, g.pick(CLASS_A)
    if citations is NY_DWAI and g.rarely(3) is False:
        level = g.pick((Level.INFRACTION, Level.VIOLATION, Level.MISDEMEANOR))
    disposition = _disposition(g, pending_possible)
    disposition_date = case_date if g.integer(0, 3) else _days(case_date, g.integer(-400, 400))
    # The offense date: shortly before the case, or one day either side of another count's
    # conviction (the edge of "a subsequent charge" in (b)(iii)).
    if near and g.rarely(2):
        offense = _days(g.pick(near), g.integer(-1, 1))
    else:
        offense = _days(case_date, -g.integer(0, 400))
    sentence = (
        _ny_sentence(g, disposition_date)
        if disposition is not Disposition.PENDING or g.rarely(4)
        else Sentence()
    )
    return Count(
        id=count_id,
        citation=_cite(g.maybe(citation)),
        level=g.maybe(level),
        offense_class=g.maybe(offense_class),
        offense_date=g.maybe(offense),
        disposition=disposition,
        disposition_date=g.maybe(disposition_date),
        sentence=sentence,
        facts=_ny_facts(g, citations is NY_CONDITIONAL_SEX),
    )


def _ny_anchors(person: Person) -> list[date]:
    """Dates where a NY decision can flip, latest first: a conviction's release (or sentence)
    plus three or eight years, its date plus three years (DWAI), supervision ends, the
    effective date."""
    anchors = {NY_EFFECTIVE}
    for case in person.cases:
        for count in case.counts:
            if count.disposition not in (Disposition.CONVICTED, Disposition.UNKNOWN, None):
                continue
            s = count.sentence
            starts = {
                True: (s.incarceration_release_date,),
                False: (s.imposed_date,),
                None: (s.imposed_date, s.incarceration_release_date),
            }[s.incarcerated]
            # A restarted clock ends the count's own 3 or 8 years after a later start.
            for start in starts:
                if start is not None:
                    anchors |= {add(start, Duration(years=n), ROLL_FORWARD) for n in (3, 8)}
            if count.disposition_date is not None:  # (a): DWAI, three years from conviction
                anchors.add(add(count.disposition_date, Duration(years=3), ROLL_FORWARD))
            if s.supervised is not False and s.supervision_end_date is not None:
                anchors.add(s.supervision_end_date)
    return sorted(anchors, reverse=True)


def _ny_case_date(g: _Gen, cases: list[Case]) -> date:
    """A case date: anywhere; or (for restart chains) one day either side of the day an earlier
    conviction's three or eight years run out; or around the effective date."""
    earlier = [
        count
        for case in cases
        for count in case.counts
        if count.disposition is Disposition.CONVICTED and count.sentence.imposed_date is not None
    ]
    mode = g.integer(0, 5)
    if earlier and mode <= 2:
        count = earlier[g.integer(0, len(earlier) - 1)]  # counts are not hashable
        s = count.sentence
        start = s.incarceration_release_date if s.incarcerated else s.imposed_date
        start = start or s.imposed_date
        assert start is not None
        end = max(add(start, Duration(years=g.pick((3, 8))), ROLL_FORWARD), NY_EFFECTIVE)
        if g.rarely(3):
            end = _days(start, g.integer(30, 900))  # well inside the period
        return _days(end, g.integer(-1, 1))
    if mode == 3:
        return _days(NY_EFFECTIVE, g.integer(-400, 400))
    return g.date(date(2004, 1, 1), date(2030, 12, 31))


@st.composite
def _ny_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 8, 25))))
    pending_possible = g.rarely(3)
    cases: list[Case] = []
    budget = g.pick((1, 3, 6, MAX_COUNTS))
    for k in range(g.integer(0, 6)):
        if budget == 0:
            break
        n_counts = g.integer(1, min(3, budget))
        budget -= n_counts
        case_date = _ny_case_date(g, cases)
        near = tuple(
            c.disposition_date
            for case in cases
            for c in case.counts
            if c.disposition_date is not None
        )
        counts = tuple(
            _ny_count(g, str(i + 1), case_date, pending_possible, near) for i in range(n_counts)
        )
        cases.append(
            Case(
                id=f"NY-{k + 1}",
                jurisdiction=g.maybe(g.pick(NY_JURISDICTIONS)),
                status=_status(g, pending_possible),
                counts=counts,
            )
        )
    birth = g.maybe(g.date(date(1950, 1, 1), date(2006, 12, 31)))
    person = Person(
        id="P-NY", birth_date=birth, registrations=_ny_registrations(g, cases), cases=tuple(cases)
    )
    # as_of: the day before, on or after a date where a decision can flip (most often one of
    # the latest, which is where the waiting periods end); or anywhere.
    anchors = _ny_anchors(person)
    if g.rarely(6):
        as_of = g.date(date(2020, 1, 1), date(2045, 12, 31))
    else:
        top = anchors[: g.pick((1, 1, 2, len(anchors)))]
        as_of = _days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


def ny_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for CPL 160.57."""
    return _ny_people()


# --- California ------------------------------------------------------------------------------

CA_IN_SCOPE: tuple[str, ...] = (
    "HS 11357",
    "HS 11357(a)",
    "HS 11357(a)(1)",
    "HS 11357(a)(2)",
    "HS 11357(b)",
    "HS 11357(b)(1)",
    "HS 11357(b)(2)",
    "HS 11357(c)",
    "HS 11357(d)",
    "HS 11357(e)",
    "HS 11358",
    "HS 11358(a)",
    "HS 11358(b)",
    "HS 11358(c)",
    "HS 11358(d)",
    "HS 11359",
    "HS 11359(a)",
    "HS 11359(b)",
    "HS 11359(c)",
    "HS 11359(d)",
    "HS 11360",
    "HS 11360(a)",
    "HS 11360(a)(1)",
    "HS 11360(a)(2)",
    "HS 11360(a)(3)(A)",
    "HS 11360(a)(3)(B)",
    "HS 11360(a)(3)(C)",
    "HS 11360(a)(3)(D)",
    "HS 11360(b)",
    "HS 11360(c)",
    "664/11359 HS",
    "664-11357(B) HS",
    "664/11360(a) HS",
    "664/11358 HS",
)
CA_PRIORS: tuple[str, ...] = (  # super-strikes and PC 290(c) entries, and near misses
    "PC 187",
    "PC 187(a)",
    "PC 190.2",
    "PC 191.5(a)",
    "PC 192(a)",
    "PC 261",
    "PC 261(a)(2)",
    "PC 261(a)(5)",
    "PC 261(a)(7)",
    "PC 262(a)(1)",
    "PC 262(a)(2)",
    "PC 264.1",
    "PC 288(a)",
    "PC 288a",
    "PC 288.2",
    "PC 288.5",
    "PC 288.7",
    "PC 653f",
    "PC 653f(a)",
    "PC 653f(b)",
    "PC 653f(c)",
    "PC 245(d)(3)",
    "PC 245(a)(1)",
    "PC 11418(a)(1)",
    "PC 11418(b)",
    "PC 236.1(b)",
    "PC 236.1(a)",
    "PC 243.4(a)",
    "PC 266h(b)",
    "PC 266h(a)",
    "PC 311.2(b)",
    "PC 311.2(a)",
    "PC 314(1)",
    "PC 647.6(a)",
    "PC 647a",
    "PC 211",
    "PC 664/187",
    "PC 664/191.5",
    "PC 664/288(a)",
    "PC 664/245(d)(3)",
    "PC 664/288.2",
    "664/261(a)(2) PC",
)
CA_OTHER: tuple[str, ...] = (
    "HS 11350(a)",
    "HS 11377(a)",
    "HS 11362.3",
    "VC 23152(a)",
    "PC 459",
    "PC 484",
)
CA_CITATION_KINDS = (*([CA_IN_SCOPE] * 7), CA_PRIORS, CA_PRIORS, CA_OTHER)
CA_LEVELS: tuple[Level, ...] = (
    Level.FELONY,
    Level.FELONY,
    Level.MISDEMEANOR,
    Level.MISDEMEANOR,
    Level.INFRACTION,
)
CA_JURISDICTIONS: tuple[str, ...] = (*(["US-CA"] * 8), "US-NV", "US-NY")

FLOWER_GRAMS: tuple[float, ...] = (0, 1, 10, 28, 28.4, 28.5, 28.6, 29, 100, 1000)
CONCENTRATE_GRAMS: tuple[float, ...] = (0, 4, 7.9, 8, 8.1, 9, 50)
PLANTS: tuple[int, ...] = (0, 1, 5, 6, 7, 10, 99)
BOOL_FACTS = (
    "sold_to_minor",
    "hired_minor",
    "environmental_violation",
    "imported_over_limit",
    "recipient_under_21",
    "for_sale",
    "sale_conduct",
    "public_safety_risk",
)
REGISTRATION_KINDS = ("sex_offender", "sex_offender", "arson", "narcotics")
REGISTRATION_CITATIONS = ("PC 290", "PC 457.1", "HS 11590", None)


def _ca_facts(g: _Gen) -> dict[str, FactValue]:
    """Each fact present most of the time (always for people without unknowns), often at or
    near its limit; sometimes none at all, as on a rap sheet (the law's presumptions decide)."""
    facts: dict[str, FactValue] = {}
    if g.unknown_one_in and g.rarely(4):
        return facts
    for name, values in (
        ("flower_grams", FLOWER_GRAMS),
        ("concentrate_grams", CONCENTRATE_GRAMS),
        ("plants", PLANTS),
    ):
        if not (g.unknown_one_in and g.rarely(3)):
            facts[name] = g.pick(values)
    for name in BOOL_FACTS:
        if not (g.unknown_one_in and g.rarely(3)):
            facts[name] = g.rarely(5)
    return facts


def _ca_count(g: _Gen, count_id: str, offense: date, pending_possible: bool) -> Count:
    citation = g.pick(g.pick(CA_CITATION_KINDS))
    return Count(
        id=count_id,
        citation=_cite(g.maybe(citation)),
        level=g.maybe(g.pick(CA_LEVELS)),
        offense_date=g.maybe(offense),
        disposition=_disposition(g, pending_possible),
        disposition_date=g.maybe(_days(offense, g.integer(0, 700))),
        sentence=_ca_sentence(g, offense),
        facts=_ca_facts(g) if "113" in citation else {},
    )


def _ca_sentence(g: _Gen, offense: date) -> Sentence:
    """Custody and supervision, mostly ended long ago, sometimes still running (11361.8(b)),
    now and then with no date on record (as on a rap sheet)."""
    if g.rarely(3):
        return Sentence()

    def ends() -> date | None:
        return g.maybe(_days(offense, g.pick((200, 2000, 4000, 9000))))

    incarcerated, supervised = g.rarely(2), g.rarely(2)
    return Sentence(
        imposed_date=offense,
        incarcerated=g.maybe(incarcerated),
        incarceration_release_date=ends() if incarcerated else None,
        supervised=g.maybe(supervised),
        supervision_end_date=ends() if supervised else None,
    )


@st.composite
def _ca_people(draw: st.DrawFn) -> tuple[Person, date]:
    g = _Gen(draw, draw(_sampled((0, 0, 8, 25))))
    pending_possible = g.rarely(4)
    # A focus offense date, with a birth date that makes the person 18 or 21 on it (± 1 day);
    # or a focus date around AUMA's effective date (± 1 day); or anything.
    mode = g.integer(0, 2)
    if mode == 0:
        birth = g.date(date(1955, 1, 1), date(2000, 12, 31))
        years = g.pick((18, 21))
        focus = _days(add(birth, Duration(years=years), ROLL_FORWARD), g.integer(-1, 1))
    elif mode == 1:
        focus = _days(AUMA_EFFECTIVE, g.integer(-1, 1))
        birth = g.date(date(1955, 1, 1), date(2002, 12, 31))
    else:
        focus = g.date(date(1985, 1, 1), date(2021, 12, 31))
        birth = g.date(date(1950, 1, 1), date(2005, 12, 31))

    cases: list[Case] = []
    budget = g.pick((1, 3, 6, MAX_COUNTS))
    for k in range(g.integer(0, 6)):
        if budget == 0:
            break
        n_counts = g.integer(1, min(3, budget))
        budget -= n_counts
        offense = focus if k == 0 or g.rarely(3) else g.date(date(1985, 1, 1), date(2021, 12, 31))
        counts = tuple(_ca_count(g, str(i + 1), offense, pending_possible) for i in range(n_counts))
        cases.append(
            Case(
                id=f"CA-{k + 1}",
                jurisdiction=g.maybe(g.pick(CA_JURISDICTIONS)),
                status=_status(g, pending_possible),
                counts=counts,
            )
        )
    convicted_on = tuple(
        c.disposition_date for case in cases for c in case.counts if c.disposition_date
    )

    def registration_date() -> date:
        # Anywhere, or one day either side of a conviction (a registration "before" it).
        if convicted_on and g.rarely(2):
            return _days(g.pick(convicted_on), g.integer(-1, 1))
        return g.date(date(1985, 1, 1), date(2022, 12, 31))

    registrations = tuple(
        Registration(
            kind=g.pick(REGISTRATION_KINDS),
            citation=_cite(g.pick(REGISTRATION_CITATIONS)),
            date=g.maybe(registration_date()),
        )
        for _ in range(g.integer(1, 2) if g.rarely(4) else 0)
    )
    person = Person(
        id="P-CA", birth_date=g.maybe(birth), registrations=registrations, cases=tuple(cases)
    )
    # as_of: mostly after AUMA took effect; sometimes the day before, on or after it, or
    # earlier (relief is not available yet).
    mode = g.integer(0, 5)
    if mode == 0:
        as_of = _days(AUMA_EFFECTIVE, g.integer(-1, 1))
    elif mode == 1:
        as_of = g.date(date(2010, 1, 1), date(2016, 11, 8))
    else:
        as_of = g.date(date(2016, 11, 9), date(2035, 12, 31))
    return person, as_of


def ca_people() -> st.SearchStrategy[tuple[Person, date]]:
    """``(person, as_of)`` pairs for HS 11361.8 (Prop 64)."""
    return _ca_people()
