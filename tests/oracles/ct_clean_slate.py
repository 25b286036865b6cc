"""Oracle for Connecticut's Clean Slate erasure, CGS 54-142a(e) (effective 2023-01-01).

Outcomes: ``erase`` and ``not_eligible``.  Written from the text quoted in
``docs/sources/ct-clean-slate.md`` and the INTERPRETATION notes of
``statutes/ct/clean-slate.law``, not from the DSL encoding:

* scope: a Connecticut conviction of a misdemeanor or a felony;
* (e)(1): a misdemeanor is erased 7 years, a class D or E felony or an unclassified (class
  "U") felony with a maximum of at most 1826 days 10 years, after the most recent judgment of
  conviction: the clock starts at this conviction and moves to each later Connecticut
  conviction of a crime entered before the period has run (never before 2023-01-01);
* (e)(1)(ii): offenses before 2000-01-01 need a petition (not automatic);
* (e)(2)(A)/(B): family violence crimes and 54-250 sexual offenses (record facts);
* (e)(2)(C): listed class D felonies (a record fact; the list was not read);
* (e)(2)(D): class A misdemeanors under 53a-61a, 53a-64cc, 53a-323 (by citation);
* (e)(2)(E): not before release from incarceration and the end of supervision.

Unknown inputs are enumerated as possible worlds (``tests.oracles.explore``).
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import CitationSet, parse_pattern
from clearlaw.records import Case, Count, Disposition, Level, Person

from . import NEEDS_REVIEW, OracleResult, Tri, World, add_years, collapse, explore, k_and, k_or

__all__ = ["EFFECTIVE_DATE", "decide"]

ERASE = "erase"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")

EFFECTIVE_DATE = date(2023, 1, 1)
PETITION_BEFORE = date(2000, 1, 1)
MISDEMEANOR_YEARS = 7
FELONY_YEARS = 10
FIVE_YEARS_IN_DAYS = 1826
LISTED_MISDEMEANORS = CitationSet(
    parse_pattern(p) for p in ("CGS 53a-61a", "CGS 53a-64cc", "CGS 53a-323")
)

#: CGS 14-227a: not erased with another 14-227a conviction within 10 years (the State's page).
OPERATING_UNDER_INFLUENCE = CitationSet([parse_pattern("CGS 14-227a")])
OUI_YEARS = 10


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _in_ct(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == "US-CT"


def _crime(count: Count) -> Tri:
    if count.level is None:
        return None
    return count.level in (Level.FELONY, Level.MISDEMEANOR)


def _fact(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _repeat_oui(count: Count, others: list[tuple[Case, Count]]) -> Tri:
    """A 14-227a conviction with another (any case) dated within 10 years of it, either way."""
    if count.citation is None:
        return None
    if count.citation not in OPERATING_UNDER_INFLUENCE:
        return False
    own = count.disposition_date

    def near(other: Count) -> Tri:
        if other.disposition_date is None or own is None:
            return None
        return add_years(own, -OUI_YEARS) <= other.disposition_date <= add_years(own, OUI_YEARS)

    def oui(other: Count) -> Tri:
        return None if other.citation is None else other.citation in OPERATING_UNDER_INFLUENCE

    return k_or(*(k_and(_convicted(o), oui(o), near(o)) for _, o in others))


def _class_is(count: Count, *classes: str) -> Tri:
    return None if count.offense_class is None else count.offense_class in classes


def _both(a: Tri) -> tuple[bool, ...]:
    return (True, False) if a is None else (a,)


def _erasure_dates(
    count: Count, years: int, others: list[tuple[Case, Count]], precise: bool
) -> tuple[date | None, ...]:
    """Every date on which the period may have run (None: a date the record cannot give)."""
    own = count.disposition_date
    if own is None:
        return (None,)
    later: list[tuple[date, Tri]] = []
    for case, other in others:
        member = k_and(_convicted(other), _in_ct(case), _crime(other))
        if member is False:
            continue
        when = other.disposition_date
        if when is None:
            return (None,)  # a conviction of unknown date might restart the clock
        if when <= own:
            continue  # not subsequent to this count
        later.append((when, member))
    later.sort(key=lambda item: item[0])

    def walk(start: date, end: date, i: int) -> set[date | None]:
        """Restart at each later conviction dated before ``end``; branch on unsure ones."""
        for j in range(i, len(later)):
            when, member = later[j]
            if when >= end:
                break  # erased before this conviction: nothing to revive
            if when <= start:
                continue
            moved = walk(when, max(add_years(when, years), EFFECTIVE_DATE), j + 1)
            if member is True:
                return moved
            if not precise:
                return {None}  # see ``decide``: the engine does not branch here
            return moved | walk(start, end, j + 1)
        return {end}

    ends = walk(own, max(add_years(own, years), EFFECTIVE_DATE), 0)
    return tuple(sorted(ends, key=lambda d: (d is None, d or own)))


def _relief(day: date | None, as_of: date) -> OracleResult:
    if day is None:
        return NEEDS_REVIEW
    day = max(day, EFFECTIVE_DATE)
    return OracleResult(ERASE if as_of >= day else NOT_ELIGIBLE, day)


def _decide(
    count: Count, others: list[tuple[Case, Count]], as_of: date, precise: bool
) -> OracleResult:
    level = count.level
    assert level in (Level.FELONY, Level.MISDEMEANOR)
    felony = level is Level.FELONY
    offense = count.offense_date
    before_2000: Tri = None if offense is None else offense < PETITION_BEFORE
    if felony:
        max_ok: Tri = (
            None if count.max_penalty_days is None else count.max_penalty_days <= FIVE_YEARS_IN_DAYS
        )
        covered = k_or(_class_is(count, "D", "E"), k_and(_class_is(count, "U"), max_ok))
        listed_fact = k_and(_fact(count, "listed_offense"), _class_is(count, "D"))
    else:
        covered = True
        listed_fact = False
    by_citation: Tri = None if count.citation is None else count.citation in LISTED_MISDEMEANORS
    sentence = count.sentence
    choices: dict[str, tuple[object, ...]] = {
        "before_2000": _both(before_2000),
        "family_violence": _both(_fact(count, "family_violence")),
        "sexual_offense": _both(_fact(count, "sexual_offense")),
        "listed": _both(k_or(listed_fact, by_citation)),
        "repeat_oui": _both(_repeat_oui(count, others)),
        "covered": _both(covered),
        "incarcerated": _both(sentence.incarcerated),
        "supervised": _both(sentence.supervised),
        "end": _erasure_dates(
            count, FELONY_YEARS if felony else MISDEMEANOR_YEARS, others, precise
        ),
    }

    def world(w: World) -> OracleResult:
        if (
            w.flag("before_2000")
            or w.flag("family_violence")
            or w.flag("sexual_offense")
            or w.flag("listed")
            or w.flag("repeat_oui")
        ):
            return NEVER
        if not w.flag("covered"):
            return NEVER
        day = w.get("end")
        if day is None:
            return NEEDS_REVIEW
        assert isinstance(day, date)
        if w.flag("incarcerated"):
            if sentence.incarceration_release_date is None:
                return NEEDS_REVIEW
            day = max(day, sentence.incarceration_release_date)
        if w.flag("supervised"):
            if sentence.supervision_end_date is None:
                return NEEDS_REVIEW
            day = max(day, sentence.supervision_end_date)
        return _relief(day, as_of)

    return collapse(explore(world, choices))


def decide(
    person: Person, as_of: date, *, precise: bool = False
) -> dict[tuple[str, str], OracleResult]:
    """CGS 54-142a(e) for every count of ``person`` it applies to (unknown scope: review).

    ``precise=True`` is the law's answer: a later conviction that may or may not count (its
    level, disposition or state unknown) matters only if the two possible clocks end on
    different dates.  The default mirrors a known limitation of the engine's ``restarted by``
    (reported, not fixed here): such a conviction, if it would move the start, makes the date
    unknown even when both clocks end on the same day (e.g. both before the effective date).
    ``tests/test_differential_ct.py`` runs the precise mode as an expected failure."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for k, (case, count) in enumerate(everything):
        in_scope = k_and(_convicted(count), _in_ct(case), _crime(count))
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None:
            decisions[key] = NEEDS_REVIEW
            continue
        others = everything[:k] + everything[k + 1 :]
        decisions[key] = _decide(count, others, as_of, precise)
    return decisions
