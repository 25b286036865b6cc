"""Oracle for Colorado's automatic conviction sealing, C.R.S. 13-3-117(1) (from 2024-07-01).

Outcomes: ``seal`` and ``not_eligible``.  Written from the text quoted in
``docs/sources/co-clean-slate.md`` and the INTERPRETATION / GAP notes of
``statutes/co/clean-slate.law``, not from the DSL encoding:

* scope: a Colorado conviction of a felony, misdemeanor, petty offense or civil infraction;
* waiting: infraction 4 years, petty offense / misdemeanor 7 years from the case's final
  disposition (the latest disposition date of its counts not pending); drug felony 10 years
  from it; other felony 10 years from the later of it and release from this conviction's
  supervision; felonies not before 2025-07-01; nothing before
  2024-07-01;
* drug conviction: a section of article 18 of title 18 (statutes/co/tables/drug-offenses.csv);
* bars: a Victim Rights Act crime (a section of tables/victim-rights-crimes.csv, or one of
  tables/victim-rights-may-be.csv with the fact ``victim_rights_crime``; attempts, conspiracies
  and solicitations of either) that is not a drug conviction; a conviction not sealable under
  24-72-706(2)(a): a felony of class 1, 2 or 3 or a level 1 drug felony (class ``F1``-``F3``,
  ``DF1`` in any case and spacing, with a hyphen, or in words: ``Class 3 Felony``, ``Felony 3``,
  ``Level 1 Drug Felony``; a bare ``1``-``3`` or ``Class 1``-``Class 3`` is a class, except that
  ``2`` and ``3`` are a drug felony's level for an article 18 offense from 2013-10-01; a value
  that is none of Colorado's classes — F1-F6, DF1-DF4, M1-M3, DM1-DM2, PO1-PO2, PO, DPO, a bare
  1-6, spelled as ``_CO_CLASSES`` lists them — is unknown), a section of tables/traffic-offenses.csv that is
  not a felony, a section of tables/sealing-excluded.csv, a section of
  tables/domestic-violence-may-be.csv the court designated domestic violence (the count's
  ``domestic_violence``), or a section of
  tables/sealing-excluded-may-be.csv (or a distribution felony, 18-18-405 / 18-18-412.7, from
  before 2013-10-01, or a section of tables/sexual-basis-may-be.csv when the person has a sex
  offender registration dated on or after the conviction, or undated: 16-22-103(2)(a) requires
  one for a sexual factual basis) with the fact ``sealing_excluded``; an intervening Colorado conviction (for
  an infraction, any judgment; otherwise a conviction that is not an infraction) entered after
  this one and before its period ends;
* block: another count of the same case still pending.
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import Citation, CitationSet, parse_pattern
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
from .classes import read_class
from .tables import table

__all__ = ["EFFECTIVE_DATE", "FELONY_PHASE", "decide"]

SEAL = "seal"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED = OracleResult(NOT_ELIGIBLE, "unknown")

EFFECTIVE_DATE = date(2024, 7, 1)
FELONY_PHASE = date(2025, 7, 1)
IN_SCOPE = (Level.FELONY, Level.MISDEMEANOR, Level.PETTY_OFFENSE, Level.INFRACTION)
INCHOATE = ("attempt", "conspiracy", "solicitation")
DRUGS = table("co", "drug-offenses")
VICTIM_RIGHTS = table("co", "victim-rights-crimes", *INCHOATE)
VICTIM_RIGHTS_MAY_BE = table("co", "victim-rights-may-be", *INCHOATE)
DOMESTIC_VIOLENCE_MAY_BE = table("co", "domestic-violence-may-be", *INCHOATE)
NOT_SEALABLE = table("co", "sealing-excluded", *INCHOATE)
NOT_SEALABLE_MAY_BE = table("co", "sealing-excluded-may-be", *INCHOATE)
SEXUAL_BASIS_MAY_BE = table("co", "sexual-basis-may-be", *INCHOATE)
TRAFFIC = table("co", "traffic-offenses")
RISK_DRUGS = CitationSet((parse_pattern("CRS 18-18-405"), parse_pattern("CRS 18-18-412.7")), ())
DRUG_LEVELS = date(2013, 10, 1)


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _drug(count: Count) -> Tri:
    return _in(count.citation, DRUGS)


def _victim_rights(count: Count) -> Tri:
    """A 24-4.1-302(1) crime: always by its section, or by its section and the record fact."""
    may_be = k_and(
        _in(count.citation, VICTIM_RIGHTS_MAY_BE), _known(count.facts.get("victim_rights_crime"))
    )
    return k_or(_in(count.citation, VICTIM_RIGHTS), may_be)


def _felony(count: Count) -> Tri:
    return None if count.level is None else count.level is Level.FELONY


def _before_levels(count: Count) -> Tri:
    return None if count.offense_date is None else count.offense_date < DRUG_LEVELS


#: Colorado's classes (C.R.S. 18-1.3-401, -401.5, -501) and how court data spells them (by
#: ``classes.spelling_key``): ``{n}`` is the class number.
_SPELLINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "": ("123456", ("{n}",)),
    "F": ("123456", ("F{n}", "{n}FELONY", "FELONY{n}", "FELONYCLASS{n}")),
    "DF": ("1234", ("DF{n}", "LEVEL{n}DRUGFELONY", "DRUGFELONY{n}", "DRUGFELONYLEVEL{n}")),
    "M": ("123", ("M{n}", "{n}MISDEMEANOR", "MISDEMEANOR{n}")),
    "DM": ("12", ("DM{n}", "LEVEL{n}DRUGMISDEMEANOR", "DRUGMISDEMEANOR{n}")),
    "PO": ("12", ("PO{n}", "{n}PETTYOFFENSE", "PETTYOFFENSE{n}")),
}
_UNNUMBERED = {"PO": "PO", "PETTYOFFENSE": "PO", "DPO": "DPO", "DRUGPETTYOFFENSE": "DPO"}
_CO_CLASSES = {
    form.format(n=n): prefix + n
    for prefix, (numbers, forms) in _SPELLINGS.items()
    for n in numbers
    for form in forms
} | _UNNUMBERED


_ALWAYS_EXCLUDED = {"F1", "F2", "F3", "DF1", "1"}
_CLASS_OR_LEVEL = {"2", "3"}


def _class_excluded(count: Count) -> Tri:
    """A felony of class 1, 2 or 3, or a level 1 drug felony (an unknown class: unknown)."""
    known = read_class(count.offense_class, _CO_CLASSES)
    if known is None:
        excluded: Tri = None
    elif known in _ALWAYS_EXCLUDED:
        excluded = True
    elif known in _CLASS_OR_LEVEL:
        # a drug felony's level from 2013-10-01, a felony's class otherwise
        excluded = k_not(k_and(_drug(count), k_not(_before_levels(count))))
    else:
        excluded = False
    return k_and(_felony(count), excluded)


def _registered_since(person: Person, count: Count) -> Tri:
    """A sex offender registration on the record dated on or after this conviction."""
    convicted_on = count.disposition_date
    return k_or(
        *(
            None if reg.date is None or convicted_on is None else reg.date >= convicted_on
            for reg in person.registrations
            if reg.kind == "sex_offender"
        )
    )


def _not_sealable(person: Person, count: Count) -> Tri:
    """Not eligible for sealing under 24-72-706(2)(a), by section, class or record fact."""
    by_facts = k_or(
        _in(count.citation, NOT_SEALABLE_MAY_BE),
        k_and(_in(count.citation, SEXUAL_BASIS_MAY_BE), _registered_since(person, count)),
        k_and(_in(count.citation, RISK_DRUGS), _felony(count), _before_levels(count)),
    )
    return k_or(
        _class_excluded(count),
        k_and(_in(count.citation, TRAFFIC), k_not(_felony(count))),
        _in(count.citation, NOT_SEALABLE),
        k_and(_in(count.citation, DOMESTIC_VIOLENCE_MAY_BE), count.domestic_violence),
        k_and(by_facts, _known(count.facts.get("sealing_excluded"))),
    )


def _known(value: object) -> Tri:
    return value if isinstance(value, bool) else None


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _pending(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.PENDING


def _in_co(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == "US-CO"


def _both(value: Tri) -> tuple[bool, ...]:
    return (True, False) if value is None else (value,)


def _intervening(
    count: Count,
    end: date | None,
    infraction: bool,
    others: list[tuple[Case, Count]],
    least_end: date | None,
) -> Tri:
    """A Colorado conviction entered after this one and before ``end`` (which, when unknown,
    is at least ``least_end``: the period never starts before the disposition)."""
    found: list[Tri] = []
    for case, other in others:
        if infraction:
            kind: Tri = True
        else:
            kind = None if other.level is None else other.level is not Level.INFRACTION
        when, own = other.disposition_date, count.disposition_date
        if when is None or own is None:
            inside: Tri = None
        else:
            before_end: Tri = None if end is None else when < end
            if end is None and least_end is not None and when < least_end:
                before_end = True
            inside = when > own and before_end
        found.append(k_and(_convicted(other), _in_co(case), kind, inside))
    return k_or(*found)


def _case_final(case: Case, count: Count, others: list[tuple[Case, Count]]) -> date | None:
    """The case's final disposition: the latest disposition date of its counts that are not
    pending (None: unknown, when a count that may be one could be the latest)."""
    latest = count.disposition_date
    if latest is None:
        return None
    possible: list[date] = []
    for other_case, other in others:
        if other_case is not case:
            continue
        pending = _pending(other)
        if pending is True:
            continue
        if other.disposition_date is None:
            return None
        if pending is False:
            latest = max(latest, other.disposition_date)
        else:
            possible.append(other.disposition_date)
    return None if any(d > latest for d in possible) else latest


def _relief(day: date, as_of: date) -> OracleResult:
    day = max(day, EFFECTIVE_DATE)
    return OracleResult(SEAL if as_of >= day else NOT_ELIGIBLE, day)


def _decide(
    person: Person, case: Case, count: Count, others: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    level = count.level
    disposed = count.disposition_date
    final = _case_final(case, count, others)
    sentence = count.sentence
    pending_in_case = k_or(*(_pending(other) for other_case, other in others if other_case is case))
    choices: dict[str, tuple[object, ...]] = {
        "drug": _both(_drug(count)),
        "vra": _both(_victim_rights(count)),
        "excluded": _both(_not_sealable(person, count)),
        "supervised": _both(sentence.supervised),
    }

    def world(w: World) -> OracleResult:
        # The start and the length of the period.
        if level is Level.INFRACTION:
            years, start = 4, final
        elif level is Level.FELONY:
            years, start = 10, final
            if not w.flag("drug") and final is not None and w.flag("supervised"):
                end_sup = sentence.supervision_end_date
                start = None if end_sup is None else max(final, end_sup)
        else:
            years, start = 7, final
        end = None if start is None else add_years(start, years)
        # Bars: the Victim Rights Act (not for drug convictions), 24-72-706(2)(a).
        if w.flag("vra") and not w.flag("drug"):
            return NEVER
        if w.flag("excluded"):
            return NEVER
        least_end = None if disposed is None else add_years(disposed, years)
        bar = _intervening(count, end, level is Level.INFRACTION, others, least_end)
        if bar is True:
            return NEVER
        if end is None:
            return NEEDS_REVIEW
        day = max(end, FELONY_PHASE) if level is Level.FELONY else end
        rest = _relief(day, as_of)
        if bar is None:
            return NEEDS_REVIEW if rest != NEVER else rest
        return rest

    # The block of (b) ("no final disposition on all charges in the case") holds back a count
    # the rest of the statute would give relief to; like the NY oracle (and the engine), it
    # does not turn an undecidable rest into a decision.
    rest = collapse(explore(world, choices))
    if rest in (NEVER, NEEDS_REVIEW):
        return rest
    return collapse({BLOCKED if pending else rest for pending in _both(pending_in_case)})


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """C.R.S. 13-3-117(1) for every count of ``person`` it applies to (unknown scope: review)."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for k, (case, count) in enumerate(everything):
        level_in: Tri = None if count.level is None else count.level in IN_SCOPE
        in_scope = k_and(_convicted(count), _in_co(case), level_in)
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None:
            decisions[key] = NEEDS_REVIEW
            continue
        others = everything[:k] + everything[k + 1 :]
        decisions[key] = _decide(person, case, count, others, as_of)
    return decisions
