"""Oracle for Pennsylvania's Clean Slate limited access, 18 Pa.C.S. 9122.2(a)(1)-(3) and 9122.3(a).

Outcomes: ``limited_access`` and ``not_eligible``.  Written from the statute text in
``docs/sources/pa-clean-slate.md`` and the INTERPRETATION notes of ``statutes/pa/clean-slate.law``,
not from the DSL encoding:

* scope: a Pennsylvania count that was convicted, dismissed, acquitted or nolle prossed;
* (a)(2) non-convictions: limited access from the disposition (never before 2019-06-28);
* (a)(1) M2, M3, or an ungraded misdemeanor (class "M") of at most 730 days: the person must
  be free for 10 years (7 years from 2024-06-11) from the latest of this conviction and every
  conviction (any count, any jurisdiction, before or after) punishable by 365 days or more;
  the relief date is the first day the law then in force is satisfied;
* (a)(3) summary convictions: 10 years from the judgment;
* (a)(1) and (a)(3): not before all restitution ordered on any count of the case is paid;
  while a count of the case is on record as not paid in full, no relief (date unknown);
* 9122.3(a) bars only (a)(1): the offense lists of (a)(1), and the person's convictions at any
  time (this one included): a felony other than a qualifying drug felony, two offenses of
  more than 730 days, four of 365 days or more, the (a)(2)(iv) list.

Unknowns follow the language's documented semantics (docs/language.md, "Unknown facts" and
"How a count is decided"): each condition is evaluated in Kleene logic and an unknown
condition is decided both ways, independently (``tests.oracles.explore``); a latest date is
unknown when an element of unknown date or unsure membership could be the latest.  A date the
decision needs and the record lacks: review.
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

__all__ = ["EFFECTIVE_DATE", "decide"]

LIMITED = "limited_access"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
_UNDATED = OracleResult("(relief on an unknown date)", "unknown")
#: Relief held back for as long as restitution stays unpaid.
_WHILE_UNPAID = OracleResult(NOT_ELIGIBLE, "unknown")

JURISDICTION = "US-PA"
EFFECTIVE_DATE = date(2019, 6, 28)  # Act 56 of 2018, automatic limited access
ACT_36 = date(2024, 6, 11)  # (a)(1): 10 years before, 7 years from this day
SUMMARY_YEARS = 10

ONE_YEAR_DAYS = 365
TWO_YEARS_DAYS = 730


def _set(*patterns: str) -> CitationSet:
    return CitationSet(parse_pattern(p) for p in patterns)


EXCLUDED_OFFENSES = _set(
    # (a)(1)(i) Article B (Chapters 25-32), (ii) Article D (Chapter 43), (iii) Chapter 61
    *(f"18 Pa.C.S. {ch}*" for ch in ("25", "26", "27", "28", "29", "30", "31", "32", "43", "61")),
    # (a)(1)(iv) registrable sex offenses outside those articles (unverified list)
    "18 Pa.C.S. 5903(a)(3)(ii)",
    "18 Pa.C.S. 5903(a)(4)(ii)",
    "18 Pa.C.S. 5903(a)(5)(ii)",
    "18 Pa.C.S. 5903(a)(6)",
    "18 Pa.C.S. 6312",
    "18 Pa.C.S. 6318",
    "18 Pa.C.S. 6320",
    "18 Pa.C.S. 7507.1",
    # (a)(1)(v), (vi)
    "18 Pa.C.S. 5533",
    "18 Pa.C.S. 6301",
)
INCHOATE = _set("18 Pa.C.S. 901", "18 Pa.C.S. 902", "18 Pa.C.S. 903")
DRUG_ACT = _set("35 P.S. 780-113")
LISTED = _set(  # (a)(2)(iv)(A)-(E)
    "18 Pa.C.S. 3127",
    "18 Pa.C.S. 3129",
    "18 Pa.C.S. 4915.1",
    "18 Pa.C.S. 4915.2",
    "18 Pa.C.S. 5122",
    "18 Pa.C.S. 5510",
)


# --- three-valued readings of a count ------------------------------------------------------


def _is(value: object, expected: object) -> Tri:
    return None if value is None else value == expected


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _cmp(days: int | None, test: str, limit: int) -> Tri:
    if days is None:
        return None
    return {"<=": days <= limit, ">=": days >= limit, ">": days > limit}[test]


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _grade(count: Count) -> Tri:
    """M2 or M3, or an ungraded misdemeanor of at most two years."""
    c = count.offense_class
    return k_and(
        _is(count.level, Level.MISDEMEANOR),
        k_or(
            None if c is None else c in ("M2", "M3"),
            k_and(_is(c, "M"), _cmp(count.max_penalty_days, "<=", TWO_YEARS_DAYS)),
        ),
    )


def _one_year(count: Count) -> Tri:
    """Punishable by imprisonment of one or more years."""
    c = count.offense_class
    return k_or(
        _is(count.level, Level.FELONY),
        k_and(
            _is(count.level, Level.MISDEMEANOR),
            k_or(
                None if c is None else c in ("M1", "M2", "M3"),
                k_and(_is(c, "M"), _cmp(count.max_penalty_days, ">=", ONE_YEAR_DAYS)),
            ),
        ),
    )


def _over_two_years(count: Count) -> Tri:
    c = count.offense_class
    return k_or(
        _is(count.level, Level.FELONY),
        k_and(
            _is(count.level, Level.MISDEMEANOR),
            k_or(_is(c, "M1"), k_and(_is(c, "M"), _cmp(count.max_penalty_days, ">", 730))),
        ),
    )


def _barring_felony(count: Count) -> Tri:
    """A felony other than a qualifying offense (a drug felony the fact says qualifies)."""
    qualifying = count.facts.get("qualifying_offense")
    q = qualifying if isinstance(qualifying, bool) else None
    return k_and(_is(count.level, Level.FELONY), k_not(k_and(_in(count.citation, DRUG_ACT), q)))


def _at_least(n: int, flags: list[Tri]) -> Tri:
    sure = sum(1 for f in flags if f is True)
    unsure = sum(1 for f in flags if f is None)
    if sure >= n:
        return True
    if sure + unsure < n:
        return False
    return None


# --- dates -----------------------------------------------------------------------------------


def _latest(items: list[tuple[Tri, date | None]]) -> date | str | None:
    """The latest date of a collection given (membership, date) of its candidates: a date,
    ``"empty"`` when it surely has no member, or ``None`` (unknown) when an element of unknown
    date or unsure membership could be the latest (docs/language.md, "Unknown facts")."""
    sure = [d for m, d in items if m is True]
    unsure = [d for m, d in items if m is None]
    if any(d is None for d in sure + unsure):
        return None
    if not sure:
        return None if unsure else "empty"
    base = max(d for d in sure if d is not None)
    if any(d is not None and d > base for d in unsure):
        return None
    return base


def _misdemeanor_date(start: date) -> date:
    """The first day the (a)(1) period in force that day has run from ``start``."""
    ten = add_years(start, 10)
    if ten < ACT_36:
        return ten
    return max(add_years(start, 7), ACT_36)


def _relief(day: date, as_of: date) -> OracleResult:
    day = max(day, EFFECTIVE_DATE)
    return OracleResult(LIMITED if as_of >= day else NOT_ELIGIBLE, day)


# --- the decision ----------------------------------------------------------------------------


def _decide_conviction(
    count: Count, case: Case, others: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    this_date = count.disposition_date
    convictions = [count] + [o for _, o in others]  # every count is convicted or not (Tri)
    summary = _is(count.level, Level.SUMMARY)
    a1 = k_not(summary)  # 9122.3 guards: a conviction that is not a summary one
    grade = _grade(count)
    fact = count.facts.get("inchoate_of_excluded")
    inchoate_fact = fact if isinstance(fact, bool) else None
    # The clock: latest of this conviction and every conviction punishable by a year.
    start = _latest(
        [(True, this_date)]
        + [(k_and(_convicted(o), _one_year(o)), o.disposition_date) for _, o in others]
    )
    # Restitution ordered on any count of this case (this one included).
    same_case = [count] + [o for c, o in others if c is case]
    rest_items = [
        (c.financial.restitution_ordered, c.financial.restitution_paid_date) for c in same_case
    ]
    paid = _latest(rest_items)
    unpaid = k_or(
        *(
            k_and(
                c.financial.restitution_ordered,
                None if c.financial.restitution_paid is None else not c.financial.restitution_paid,
            )
            for c in same_case
        )
    )

    def flag(value: Tri) -> tuple[object, ...]:
        return (True, False) if value is None else (value,)

    # Each condition of the statute, in Kleene logic; an unknown one is decided both ways.
    choices: dict[str, tuple[object, ...]] = {
        "excluded": flag(k_and(a1, _in(count.citation, EXCLUDED_OFFENSES))),
        "inchoate": flag(k_and(a1, _in(count.citation, INCHOATE), inchoate_fact)),
        "felony": flag(
            k_and(a1, k_or(*(k_and(_convicted(c), _barring_felony(c)) for c in convictions)))
        ),
        "over_two": flag(
            k_and(a1, _at_least(2, [k_and(_convicted(c), _over_two_years(c)) for c in convictions]))
        ),
        "four": flag(
            k_and(a1, _at_least(4, [k_and(_convicted(c), _one_year(c)) for c in convictions]))
        ),
        "listed": flag(
            k_and(a1, k_or(*(k_and(_convicted(c), _in(c.citation, LISTED)) for c in convictions)))
        ),
        "misdemeanor": flag(grade),
        "summary": flag(summary),
        "unpaid": flag(k_and(k_or(grade, summary), unpaid)),
        "restitution": flag(
            k_and(k_or(grade, summary), k_or(*(m for m, _ in rest_items)), k_not(unpaid))
        ),
    }

    def rule(w: World) -> OracleResult:
        # 9122.3(a): bars, before the rules.
        for name in ("excluded", "inchoate", "felony", "over_two", "four", "listed"):
            if w.flag(name):
                return NEVER
        if w.flag("misdemeanor"):  # (a)(1)
            if not isinstance(start, date):
                return _UNDATED
            day = _misdemeanor_date(start)
        elif w.flag("summary"):  # (a)(3)
            if this_date is None:
                return _UNDATED
            day = add_years(this_date, SUMMARY_YEARS)
        else:
            return NEVER
        if w.flag("unpaid"):  # not while restitution stays unpaid
            return _WHILE_UNPAID
        if w.flag("restitution"):  # not before all restitution is paid
            if not isinstance(paid, date):
                return _UNDATED
            day = max(day, paid)
        return _relief(day, as_of)

    results = explore(rule, choices)
    return collapse(NEEDS_REVIEW if r is _UNDATED else r for r in results)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """18 Pa.C.S. 9122.2 for every count of ``person`` it applies to (unknown scope: review)."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for k, (case, count) in enumerate(everything):
        d = count.disposition
        known = d is not None and d is not Disposition.UNKNOWN
        non_conviction: Tri = (
            d in (Disposition.DISMISSED, Disposition.ACQUITTED, Disposition.NOLLE_PROSEQUI)
            if known
            else None
        )
        in_scope = k_and(
            _is(case.jurisdiction, JURISDICTION), k_or(_convicted(count), non_conviction)
        )
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None:
            decisions[key] = NEEDS_REVIEW
        elif non_conviction:
            date_ = count.disposition_date
            decisions[key] = NEEDS_REVIEW if date_ is None else _relief(date_, as_of)
        else:
            others = everything[:k] + everything[k + 1 :]
            decisions[key] = _decide_conviction(count, case, others, as_of)
    return decisions
