"""Oracle for Connecticut's Clean Slate erasure, CGS 54-142a(e) (effective 2023-01-01; the text
as restructured by P.A. 23-134).

Outcomes: ``erase``, ``erase_on_petition`` and ``not_eligible``.  Written from the text quoted in
``docs/sources/ct-clean-slate.md`` and the INTERPRETATION notes of
``statutes/ct/clean-slate.law``, not from the DSL encoding:

* scope: a Connecticut conviction of a misdemeanor or a felony;
* (e)(1)(A): a misdemeanor is erased 7 years, a class D or E felony, an unclassified (class
  "U") felony with a maximum of at most 1826 days (21a-277(a) and (b): 15 and 7 years by
  their own text, whatever the record says), or any 14-227a conviction, misdemeanor or
  felony, whatever the maximum on record, 10 years, after
  the most recent judgment of conviction: the clock starts at this conviction and moves to each
  later Connecticut conviction of a crime entered before the period has run (never before
  2023-01-01), except (e)(4) a 21a-279(c) conviction entered before 2015-10-01;
* offenses before 2000-01-01 are erased upon a petition (``erase_on_petition``), after the same
  periods and subject to the same (e)(2)-(3); a conviction entered before 2000 is of an offense
  before 2000;
* (e)(2)(A): a conviction since 2000 the court designated a family violence crime (the record
  field ``domestic_violence``, read only for the sections that can be one); (B) 54-250 sexual offenses (always, or a record fact for the
  sections where a subdivision or a finding decides), with attempts and conspiracies; (C) the
  listed sections; (D) a 14-227a conviction followed by another within ten years;
* (e)(3): not before the incarceration and supervision of this conviction and of every
  Connecticut conviction since 2000 have ended, nor while a Connecticut criminal charge is
  pending.

Unknown inputs are enumerated as possible worlds (``tests.oracles.explore``).
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import CitationSet, parse_pattern
from clearlaw.records import Case, Count, Disposition, Level, Person

from . import (
    NEEDS_REVIEW,
    OracleResult,
    Tri,
    World,
    add_years,
    collapse,
    explore,
    k_and,
    k_not,
    k_or,
)
from .tables import table

__all__ = ["EFFECTIVE_DATE", "decide"]

ERASE = "erase"
ERASE_ON_PETITION = "erase_on_petition"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
#: (e)(3)(C): a pending charge blocks erasure until a date nobody knows yet.
BLOCKED_FOR_NOW = OracleResult(NOT_ELIGIBLE, "unknown")

EFFECTIVE_DATE = date(2023, 1, 1)
PETITION_BEFORE = date(2000, 1, 1)
MISDEMEANOR_YEARS = 7
FELONY_YEARS = 10
FIVE_YEARS_IN_DAYS = 1826
#: (e)(2)(C): the listed sections; (B): 54-250(5) and (11), always or when the fact says so.
LISTED = table("ct", "ct-excluded-sections")
SEXUAL = table("ct", "ct-sexual-offenses", "attempt", "conspiracy")
SEXUAL_CAN_BE = table("ct", "ct-sexual-offenses-can-be", "attempt", "conspiracy")
#: (e)(2)(A): sections that can be a family violence crime (46b-38a), and their attempts.
FAMILY_VIOLENCE_CAN_BE = table("ct", "ct-family-violence-can-be", "attempt")
#: (e)(1)(A)-(B): unclassified felonies whose maximum is over five years by their section.
OVER_FIVE_YEARS = table("ct", "ct-unclassified-over-five-years")

#: CGS 14-227a: always ten years; (e)(2)(D) another conviction within the ten years following.
OPERATING_UNDER_INFLUENCE = CitationSet([parse_pattern("CGS 14-227a")])
OUI_YEARS = 10

#: (e)(4): 21a-279(c) convictions before this date are not "a most recent offense".
OLD_POSSESSION = CitationSet([parse_pattern("CGS 21a-279(c)")])
OLD_POSSESSION_BEFORE = date(2015, 10, 1)


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


def _in(count: Count, patterns: CitationSet) -> Tri:
    return None if count.citation is None else count.citation in patterns


def _on_or_after(day: date | None, cutoff: date) -> Tri:
    return None if day is None else day >= cutoff


def _repeat_oui(count: Count, others: list[tuple[Case, Count]]) -> Tri:
    """A 14-227a conviction with another (any case) dated after it, at most 10 years later."""
    if count.citation is None:
        return None
    if count.citation not in OPERATING_UNDER_INFLUENCE:
        return False
    own = count.disposition_date

    def near(other: Count) -> Tri:
        if other.disposition_date is None or own is None:
            return None
        return own < other.disposition_date <= add_years(own, OUI_YEARS)

    return k_or(
        *(k_and(_convicted(o), _in(o, OPERATING_UNDER_INFLUENCE), near(o)) for _, o in others)
    )


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
        when = other.disposition_date
        old = k_and(_in(other, OLD_POSSESSION), k_not(_on_or_after(when, OLD_POSSESSION_BEFORE)))
        member = k_and(_convicted(other), _in_ct(case), _crime(other), k_not(old))
        if member is False:
            continue
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


def _relief(day: date | None, as_of: date, *, petition: bool) -> OracleResult:
    if day is None:
        return NEEDS_REVIEW
    day = max(day, EFFECTIVE_DATE)
    relief = ERASE_ON_PETITION if petition else ERASE
    return OracleResult(relief if as_of >= day else NOT_ELIGIBLE, day)


def _sentences(
    count: Count, others: list[tuple[Case, Count]], precise: bool
) -> tuple[dict[str, tuple[object, ...]], list[tuple[str, Count, bool]]]:
    """(e)(3)(A)-(B): the choices for each Connecticut conviction since 2000 and for this one
    (its own sentence "for such offense", whenever convicted), and whether its state is known.  Outside ``precise`` mode a conviction of unknown state is not
    branched on (the engine does not enumerate a case's jurisdiction): see ``_sentence_end``."""
    choices: dict[str, tuple[object, ...]] = {}
    members: list[tuple[str, Count, bool]] = []
    candidates = [(True, count)] + [(_in_ct(case), other) for case, other in others]
    for k, (in_ct, other) in enumerate(candidates):
        sure = in_ct is not None or precise
        since_2000 = True if k == 0 else _on_or_after(other.disposition_date, PETITION_BEFORE)
        member = k_and(_convicted(other), in_ct if sure else True, since_2000)
        if member is False:
            continue
        choices[f"member{k}"] = _both(member)
        choices[f"incarcerated{k}"] = _both(other.sentence.incarcerated)
        choices[f"supervised{k}"] = _both(other.sentence.supervised)
        members.append((str(k), other, sure))
    return choices, members


def _sentence_end(
    w: World, members: list[tuple[str, Count, bool]], served: str
) -> date | bool | None:
    """The latest end of the ``served`` kind ("incarcerated" or "supervised") over the world's
    members: ``False`` when there is none, ``None`` when it is unknown.  A conviction of
    unknown state leaves it unknown when its end could be the latest (the engine's ``latest``)."""
    known: list[date] = []
    unsure: list[date | None] = []
    for k, other, sure in members:
        if not (w.flag(f"member{k}") and w.flag(f"{served}{k}")):
            continue
        s = other.sentence
        end = s.incarceration_release_date if served == "incarcerated" else s.supervision_end_date
        if sure:
            if end is None:
                return None
            known.append(end)
        else:
            unsure.append(end)
    top = max(known, default=None)
    if any(end is None or top is None or end > top for end in unsure):
        return None
    return False if top is None else top


def _pending_charge(others: list[tuple[Case, Count]]) -> Tri:
    """(e)(3)(C): another count of a crime pending in a Connecticut case."""
    return k_or(*(k_and(_in_ct(case), _crime(other), _pending(other)) for case, other in others))


def _pending(count: Count) -> Tri:
    """Pending, or in a diversion not yet dismissed (accelerated rehabilitation: the charge is
    before the court until it dismisses it, CGS 54-56e(f))."""
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition in (Disposition.PENDING, Disposition.DIVERTED)


def _decide(
    count: Count, others: list[tuple[Case, Count]], as_of: date, precise: bool
) -> OracleResult:
    level = count.level
    assert level in (Level.FELONY, Level.MISDEMEANOR)
    felony = level is Level.FELONY
    oui = _in(count, OPERATING_UNDER_INFLUENCE)
    offense = count.offense_date
    before_2000 = k_not(
        k_and(
            _on_or_after(count.disposition_date, PETITION_BEFORE),
            _on_or_after(offense, PETITION_BEFORE),
        )
    )
    if felony:
        max_ok: Tri = (
            None if count.max_penalty_days is None else count.max_penalty_days <= FIVE_YEARS_IN_DAYS
        )
        max_ok = k_and(k_not(_in(count, OVER_FIVE_YEARS)), max_ok)
        # "any violation of section 14-227a" (at most three years, 14-227a(g)): its section decides
        covered = k_or(oui, _class_is(count, "D", "E"), k_and(_class_is(count, "U"), max_ok))
    else:
        covered = True
    family_violence = k_and(
        _in(count, FAMILY_VIOLENCE_CAN_BE),
        _on_or_after(count.disposition_date, PETITION_BEFORE),
        count.domestic_violence,
    )
    sexual = k_or(
        _in(count, SEXUAL), k_and(_in(count, SEXUAL_CAN_BE), _fact(count, "sexual_offense"))
    )
    sentence_choices, members = _sentences(count, others, precise)
    choices: dict[str, tuple[object, ...]] = {
        "before_2000": _both(before_2000),
        "family_violence": _both(family_violence),
        "sexual_offense": _both(sexual),
        "listed": _both(_in(count, LISTED)),
        "repeat_oui": _both(k_and(oui, _repeat_oui(count, others))),
        "covered": _both(covered),
        "ten_years": _both(True if felony else oui),
        "pending": _both(_pending_charge(others)),
        **sentence_choices,
        **{
            f"end{years}": _erasure_dates(count, years, others, precise)
            for years in (MISDEMEANOR_YEARS, FELONY_YEARS)
        },
    }

    # Automatic or upon petition: when the record cannot say which, a count any rule would
    # give relief to needs review (even before its date: the relief awaited differs).
    route_unknown = before_2000 is None

    def world(w: World) -> OracleResult:
        if (
            w.flag("family_violence")
            or w.flag("sexual_offense")
            or w.flag("listed")
            or w.flag("repeat_oui")
        ):
            return NEVER
        if not w.flag("covered"):
            return NEVER
        day = w.get(f"end{FELONY_YEARS if w.flag('ten_years') else MISDEMEANOR_YEARS}")
        if day is None:
            return NEEDS_REVIEW
        assert isinstance(day, date)
        for served in ("incarcerated", "supervised"):
            end = _sentence_end(w, members, served)
            if end is None:
                return NEEDS_REVIEW
            if end is not False:
                assert isinstance(end, date)
                day = max(day, end)
        if route_unknown:
            return NEEDS_REVIEW
        if w.flag("pending"):
            return BLOCKED_FOR_NOW
        return _relief(day, as_of, petition=w.flag("before_2000"))

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
