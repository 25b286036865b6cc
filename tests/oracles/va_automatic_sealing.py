"""Oracle for Virginia's automatic sealing, Va. Code § 19.2-392.6 A-C and § 19.2-392.6:1 (the
2025 text, from 2026-07-01).

Outcomes: ``seal`` and ``not_eligible``.  Written from the text quoted in
``docs/sources/va-automatic-sealing.md`` and the INTERPRETATION / GAP notes of
``statutes/va/automatic-sealing.law``, not from the DSL encoding:

* scope (A): a Virginia conviction, for an offense dated 1986-01-01 or later, under 18.2-119,
  -120, -134 or -415, or a misdemeanor conviction under 18.2-96, -103 or -248.1;
  19.2-392.6:1: a Virginia count under former 18.2-250.1 with any final disposition (not
  pending), sealed from 2026-07-01 whatever B and C say;
* B: sealed seven years after the conviction, never before 2026-07-01, unless the person was
  convicted after this conviction and before its seventh anniversary of an offense reported
  under 19.2-390(A)(1): a felony, another jurisdiction's misdemeanor, or a Virginia
  misdemeanor in the statute's reporting tables (the jail-only one when punishable by jail);
* C: not sealed if, on the same date, the person was convicted of another offense that is not
  eligible under A;
* 19.2-392.5(B): the chapter applies to adults (and juveniles tried in circuit court, which a
  misdemeanor never is): a count whose offense was committed before the person's 18th birthday
  is outside it, in A and in 19.2-392.6:1 alike.
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import CitationSet, parse_pattern
from clearlaw.records import Case, Count, Disposition, Level, Person

from . import NEEDS_REVIEW, OracleResult, Tri, add_years, collapse, k_and, k_not, k_or
from .tables import table

__all__ = ["EFFECTIVE_DATE", "LISTED", "decide"]

SEAL = "seal"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
EFFECTIVE_DATE = date(2026, 7, 1)
YEARS = 7
LISTED = CitationSet(
    parse_pattern(f"VA 18.2-{n}") for n in ("96", "103", "119", "120", "134", "248.1", "415")
)
#: "a misdemeanor violation of § 18.2-96 or 18.2-103; ... a misdemeanor violation of § 18.2-248.1"
MISDEMEANOR_ONLY = CitationSet(parse_pattern(f"VA 18.2-{n}") for n in ("96", "103", "248.1"))
OFFENSES_FROM = date(1986, 1, 1)
ADULT_AGE = 18  # 19.2-392.5(B): adults; a juvenile is "younger than 18 years of age" (16.1-228)
FORMER_POSSESSION = CitationSet([parse_pattern("VA 18.2-250.1")])


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _in_va(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == "US-VA"


def _in(count: Count, patterns: CitationSet) -> Tri:
    return None if count.citation is None else count.citation in patterns


def _adult(person: Person, count: Count) -> Tri:
    """18 or older on the offense date (19.2-392.5(B); 16.1-228)."""
    born, offense = person.birth_date, count.offense_date
    if born is None or offense is None:
        return None
    return offense >= add_years(born, ADULT_AGE)


def _eligible_under_a(person: Person, case: Case, count: Count) -> Tri:
    """A Virginia conviction of a listed section for an adult's offense from 1986; 18.2-96, -103
    and -248.1 only as misdemeanors."""
    misdemeanor: Tri = None if count.level is None else count.level is Level.MISDEMEANOR
    offense = count.offense_date
    return k_and(
        _convicted(count),
        _in_va(case),
        _in(count, LISTED),
        k_or(k_not(_in(count, MISDEMEANOR_ONLY)), misdemeanor),
        None if offense is None else offense >= OFFENSES_FROM,
        _adult(person, count),
    )


def _former_possession(person: Person, case: Case, count: Count) -> Tri:
    final: Tri = (
        None
        if count.disposition is None or count.disposition is Disposition.UNKNOWN
        else count.disposition is not Disposition.PENDING
    )
    return k_and(_in_va(case), _in(count, FORMER_POSSESSION), final, _adult(person, count))


#: Va. Code 19.2-390(A)(1) (2025): Virginia misdemeanors reported whatever the penalty, and
#: those reported only when punishable by jail.
REPORTED = table("va", "va-reported-misdemeanors")
REPORTED_IF_JAIL = table("va", "va-reported-if-jail")


def _reportable(case: Case, count: Count) -> Tri:
    """A conviction "that requires a report" (a felony; a misdemeanor as above, or of another
    jurisdiction); infractions never."""
    if count.level is None:
        return None
    if count.level is Level.FELONY:
        return True
    if count.level is not Level.MISDEMEANOR:
        return False
    days = count.max_penalty_days
    jail: Tri = None if days is None else days > 0
    return k_or(
        k_not(_in_va(case)),
        _in(count, REPORTED),
        k_and(jail, _in(count, REPORTED_IF_JAIL)),
    )


def _decide(
    person: Person, count: Count, others: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    own = count.disposition_date
    end = None if own is None else add_years(own, YEARS)
    intervening: list[Tri] = []
    same_day: list[Tri] = []
    for case, other in others:
        when = other.disposition_date
        reportable = _reportable(case, other)
        inside: Tri = None if when is None or own is None or end is None else own < when < end
        intervening.append(k_and(_convicted(other), reportable, inside))
        same: Tri = None if when is None or own is None else when == own
        not_eligible = k_not(_eligible_under_a(person, case, other))
        same_day.append(k_and(_convicted(other), same, not_eligible))
    barred = k_or(*intervening, *same_day)
    if end is None:
        relief = NEEDS_REVIEW
    else:
        day = max(end, EFFECTIVE_DATE)
        relief = OracleResult(SEAL if as_of >= day else NOT_ELIGIBLE, day)
    if barred is True:
        return NEVER
    if barred is None:
        return collapse({NEVER, relief})
    return relief


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """19.2-392.6 A-C for every count of ``person`` it applies to (unknown scope: review)."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    possession_relief = OracleResult(
        SEAL if as_of >= EFFECTIVE_DATE else NOT_ELIGIBLE, EFFECTIVE_DATE
    )
    for k, (case, count) in enumerate(everything):
        under_a = _eligible_under_a(person, case, count)
        under_d = _former_possession(person, case, count)
        in_scope = k_or(under_a, under_d)
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None:
            decisions[key] = NEEDS_REVIEW
            continue
        results: set[OracleResult] = set()
        if under_d is not False:  # 19.2-392.6:1 wins over B and C
            results.add(possession_relief)
        if under_d is not True:
            if under_a is True:
                results.add(_decide(person, count, everything[:k] + everything[k + 1 :], as_of))
            else:  # only 19.2-392.6:1 could apply: nothing else decides the count
                results.add(NEVER)
        decisions[key] = collapse(results)
    return decisions
