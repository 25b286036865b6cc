"""Oracle for Pennsylvania's Clean Slate limited access, 18 Pa.C.S. 9122.2(a)(1)-(3) and 9122.3(a).

Outcomes: ``limited_access`` and ``not_eligible``.  Written from the statute text in
``docs/sources/pa-clean-slate.md`` and the INTERPRETATION notes of ``statutes/pa/clean-slate.law``,
not from the DSL encoding:

* scope: a Pennsylvania count that was convicted, dismissed, acquitted or nolle prossed;
* (a)(2) non-convictions: limited access from the disposition (never before 2019-06-28), and
  (9122.2(b)(2)(i): transmitted only after "payment of any ordered restitution") not before the
  restitution ordered on the convictions of its case is paid; while such an order is on record
  as not paid in full, no relief (date unknown);
* an ungraded misdemeanor's maximum is its section's (tables/ungraded-*.csv: 35 P.S. 780-113(g)
  thirty days, 75 Pa.C.S. 3803 six months, 780-113(i) one year, 780-113(b) three years, and
  780-113(b)'s one year that is three after a prior conviction under the Act, i.e. another
  conviction under 35 P.S. 780-1xx dated before this offense), else ``max_penalty_days``;
* (a)(1) M2, M3, or an ungraded misdemeanor (class "M") of at most 730 days: the person must
  be free for 10 years (7 years from 2024-06-11) from the latest of this conviction and every
  conviction (any count, any jurisdiction, before or after) punishable by 365 days or more;
  the relief date is the first day the law then in force is satisfied;
* (a)(1.1) otherwise, a qualifying offense that is not a summary one: free 10 years the same
  way, never before 2024-06-11.  A 35 P.S. 780-113 offense is a qualifying offense when it
  was sentenced without imprisonment or to a county (not state) prison, when it cannot carry
  60 months (M2, M3, an ungraded
  misdemeanor under 1,825 days: the minimum is at most half the maximum), or when the fact
  ``qualifying_offense`` says so;
* (a)(3) summary convictions: 10 years from the judgment (5 years from 2024-06-11);
* (a)(1), (a)(1.1) and (a)(3): not before all restitution ordered on any conviction of the case
  is paid (restitution is part of a sentence, 18 Pa.C.S. 1106); while a conviction of the case
  is on record as not paid in full, no relief (date unknown);
* 9122.3 bars non-summary convictions: the offense tables of (a)(1) (attempts, conspiracies and
  solicitations of them included; one cited as 18 Pa.C.S. 901-903 without its object asks the
  fact ``inchoate_of_excluded``; the minor-victim table asks ``minor_victim``), the person's
  convictions at any time (this one included): a felony other than a qualifying offense, two
  offenses of more than 730 days, four of 365 days or more (with (a.1) from 2024-06-11: each
  case counts once unless it holds three or more felony convictions, when each of its
  convictions counts; before 2024-06-11 a count barred only count by count waits for that
  day), the (a)(2)(iv) table; and (b):
  unless this is a qualifying offense, another conviction in the same case that is a felony, an
  M1, an ungraded misdemeanor of 1,825 days or more, or an (a)(1) or (a)(2)(iv) offense.

Unknowns follow the language's documented semantics (docs/language.md, "Unknown facts" and
"How a count is decided"): each condition is evaluated in Kleene logic and an unknown
condition is decided both ways, independently (``tests.oracles.explore``); a latest date is
unknown when an element of unknown date or unsure membership could be the latest.  A date the
decision needs and the record lacks: review.
"""

from __future__ import annotations

from collections.abc import Callable
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
from .tables import table

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
QUALIFYING_YEARS = 10

ONE_YEAR_DAYS = 365
TWO_YEARS_DAYS = 730
FIVE_YEARS_DAYS = 1825


def _set(*patterns: str) -> CitationSet:
    return CitationSet(parse_pattern(p) for p in patterns)


_INCHOATE_KINDS = ("attempt", "conspiracy", "solicitation")
EXCLUDED_OFFENSES = table("pa", "excluded-offenses", *_INCHOATE_KINDS)  # 9122.3(a)(1)
EXCLUDED_IF_MINOR = table("pa", "excluded-offenses-minor", *_INCHOATE_KINDS)  # 9799.55
LISTED = table("pa", "listed-offenses")  # 9122.3(a)(2)(iv), without inchoate forms
DRUG_ACT = _set("35 P.S. 780-113")
#: The ungraded maxima by section, in days (tables beside the statute).
FIXED_MAXIMA = (
    (table("pa", "ungraded-thirty-days"), 30),  # 35 P.S. 780-113(g)
    (table("pa", "ungraded-six-months"), 180),  # 75 Pa.C.S. 3803
    (table("pa", "ungraded-one-year"), 365),  # 35 P.S. 780-113(i)
    (table("pa", "ungraded-three-years"), 1095),  # 35 P.S. 780-113(b)
)
ONE_OR_THREE = table("pa", "ungraded-one-year-three-after-prior")  # 780-113(b), after a prior
ACT_CODE = "35PS"  # The Controlled Substance, Drug, Device and Cosmetic Act: 35 P.S. 780-101 ff.
_BARE_INCHOATE = frozenset({"901", "902", "903"})


# --- three-valued readings of a count ------------------------------------------------------


def _is(value: object, expected: object) -> Tri:
    return None if value is None else value == expected


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _cmp(days: int | None, test: str, limit: int) -> Tri:
    if days is None:
        return None
    return {"<=": days <= limit, ">=": days >= limit, ">": days > limit, "<": days < limit}[test]


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _under_act(count: Count) -> Tri:
    """Convicted under The Controlled Substance, Drug, Device and Cosmetic Act."""
    c = count.citation
    in_act = None if c is None else c.code == ACT_CODE and c.section.startswith("780-")
    return k_and(_convicted(count), in_act)


def _before(first: date | str | None, when: date | None) -> Tri:
    """``first`` (a collection's earliest date, or "empty") is before ``when``."""
    if first == "empty":
        return False
    if not isinstance(first, date) or when is None:
        return None
    return first < when


def _prior_conviction(count: Count, people: list[Count]) -> Tri:
    """Another conviction under the Act dated before this offense.  The person's earliest
    such conviction is before the offense exactly when another one is, since a count's own
    conviction is not before its offense; comparing it with the count's own conviction date
    too settles the case where that earliest one is the count itself."""
    first = _extreme([(_under_act(o), o.disposition_date) for o in people], latest=False)
    return k_and(_before(first, count.disposition_date), _before(first, count.offense_date))


def _max_days(count: Count, people: list[Count]) -> int | None:
    """The maximum of an ungraded misdemeanor: its section's, else the record's."""
    if count.citation is None:
        return None
    for patterns, days in FIXED_MAXIMA:
        if count.citation in patterns:
            return days
    if count.citation in ONE_OR_THREE:  # three years after a prior conviction under the Act
        prior = _prior_conviction(count, people)
        return None if prior is None else (1095 if prior else 365)
    return count.max_penalty_days


def _grade(count: Count, people: list[Count]) -> Tri:
    """M2 or M3, or an ungraded misdemeanor of at most two years."""
    c = count.offense_class
    return k_and(
        _is(count.level, Level.MISDEMEANOR),
        k_or(
            None if c is None else c in ("M2", "M3"),
            k_and(_is(c, "M"), _cmp(_max_days(count, people), "<=", TWO_YEARS_DAYS)),
        ),
    )


def _punishable(
    count: Count, people: list[Count], graded: tuple[str, ...], test: str, days: int
) -> Tri:
    """A felony, a misdemeanor of a grade in ``graded``, or an ungraded misdemeanor whose
    maximum passes ``test`` against ``days`` (18 Pa.C.S. 106)."""
    c = count.offense_class
    return k_or(
        _is(count.level, Level.FELONY),
        k_and(
            _is(count.level, Level.MISDEMEANOR),
            k_or(
                None if c is None else c in graded,
                k_and(_is(c, "M"), _cmp(_max_days(count, people), test, days)),
            ),
        ),
    )


def _one_year(count: Count, people: list[Count]) -> Tri:
    """Punishable by imprisonment of one or more years."""
    return _punishable(count, people, ("M1", "M2", "M3"), ">=", ONE_YEAR_DAYS)


def _over_two_years(count: Count, people: list[Count]) -> Tri:
    """Punishable by imprisonment of more than two years."""
    return _punishable(count, people, ("M1",), ">", TWO_YEARS_DAYS)


def _five_years(count: Count, people: list[Count]) -> Tri:
    """Punishable by imprisonment of five or more years (M1: "not more than five years")."""
    return _punishable(count, people, ("M1",), ">=", FIVE_YEARS_DAYS)


def _fact(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _qualifying(count: Count, people: list[Count]) -> Tri:
    """A Controlled Substance Act offense whose sentence reached neither 30 months minimum
    nor 60 months maximum: none of imprisonment, a county prison term (five years or more go
    to a state prison), an offense that cannot carry 60 months (the minimum is at most half the
    maximum), or as the fact says."""
    c = count.offense_class
    under_limits = k_or(
        k_not(count.sentence.incarcerated),
        k_not(count.sentence.prison),  # a county prison: a maximum under five years (9762)
        k_and(
            _is(count.level, Level.MISDEMEANOR),
            k_or(
                None if c is None else c in ("M2", "M3"),
                k_and(_is(c, "M"), _cmp(_max_days(count, people), "<", FIVE_YEARS_DAYS)),
            ),
        ),
    )
    return k_and(
        _in(count.citation, DRUG_ACT), k_or(under_limits, _fact(count, "qualifying_offense"))
    )


def _barring_felony(count: Count, people: list[Count]) -> Tri:
    """A felony other than a qualifying offense."""
    return k_and(_is(count.level, Level.FELONY), k_not(_qualifying(count, people)))


def _excluded(count: Count) -> Tri:
    """An offense of 9122.3(a)(1), or an attempt, conspiracy or solicitation of one."""
    return k_or(
        _in(count.citation, EXCLUDED_OFFENSES),
        k_and(_in(count.citation, EXCLUDED_IF_MINOR), _fact(count, "minor_victim")),
    )


def _object_unknown(count: Count) -> Tri:
    """Cited as 18 Pa.C.S. 901, 902 or 903 without the offense it aimed at."""
    c = count.citation
    if c is None:
        return None
    return c.code == "18PACS" and not c.inchoate and c.section in _BARE_INCHOATE


def _at_least(n: int, flags: list[Tri]) -> Tri:
    sure = sum(1 for f in flags if f is True)
    unsure = sum(1 for f in flags if f is None)
    if sure >= n:
        return True
    if sure + unsure < n:
        return False
    return None


# --- dates -----------------------------------------------------------------------------------


def _extreme(items: list[tuple[Tri, date | None]], *, latest: bool) -> date | str | None:
    """The latest (or earliest) date of a collection given (membership, date) of its
    candidates: a date, ``"empty"`` when it surely has no member, or ``None`` (unknown) when an
    element of unknown date or unsure membership could be it (docs/language.md, "Unknown
    facts")."""
    sure = [d for m, d in items if m is True]
    unsure = [d for m, d in items if m is None]
    if any(d is None for d in sure + unsure):
        return None
    if not sure:
        return None if unsure else "empty"
    known = [d for d in sure if d is not None]
    base = max(known) if latest else min(known)
    if any(d is not None and (d > base if latest else d < base) for d in unsure):
        return None
    return base


def _shortened(start: date, before: int, after: int) -> date:
    """The first day the period in force that day (``before`` years until Act 36, ``after``
    years from it) has run from ``start``."""
    old = add_years(start, before)
    if old < ACT_36:
        return old
    return max(add_years(start, after), ACT_36)


def _relief(day: date, as_of: date) -> OracleResult:
    day = max(day, EFFECTIVE_DATE)
    return OracleResult(LIMITED if as_of >= day else NOT_ELIGIBLE, day)


def _flag(value: Tri) -> tuple[object, ...]:
    """The worlds an unknown condition is decided in: both, or its known value."""
    return (True, False) if value is None else (value,)


def _restitution(
    counts: list[Count],
) -> tuple[list[tuple[Tri, date | None]], date | str | None, Tri]:
    """Restitution ordered on the convictions among ``counts``: (ordered, paid date) of each,
    the last payment, and whether one is on record as not paid in full."""
    items = [
        (k_and(_convicted(c), c.financial.restitution_ordered), c.financial.restitution_paid_date)
        for c in counts
    ]
    unpaid = k_or(
        *(
            k_and(
                _convicted(c),
                c.financial.restitution_ordered,
                None if c.financial.restitution_paid is None else not c.financial.restitution_paid,
            )
            for c in counts
        )
    )
    return items, _extreme(items, latest=True), unpaid


# --- the decision ----------------------------------------------------------------------------


def _decide_conviction(
    count: Count, case: Case, others: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    this_date = count.disposition_date
    convictions = [count] + [o for _, o in others]  # every count is convicted or not (Tri)
    summary = _is(count.level, Level.SUMMARY)
    a1 = k_not(summary)  # 9122.3 guards: a conviction that is not a summary one
    grade = _grade(count, convictions)
    qualifying = k_and(a1, _qualifying(count, convictions))
    applies = k_or(grade, summary, qualifying)  # a paragraph with a restitution condition
    # The clock: latest of this conviction and every conviction punishable by a year.
    start = _extreme(
        [(True, this_date)]
        + [
            (k_and(_convicted(o), _one_year(o, convictions)), o.disposition_date) for _, o in others
        ],
        latest=True,
    )
    # Restitution ordered on any conviction of this case (this one included).
    same_case = [count] + [o for c, o in others if c is case]
    other_same_case = [o for c, o in others if c is case]
    rest_items, paid, unpaid = _restitution(same_case)

    # 9122.3(a.1): each case (docket) is one conviction, unless it holds three or more felony
    # convictions: then each of its convictions counts by itself.
    dockets: dict[str, list[Count]] = {case.id: [count]}
    for c, o in others:
        dockets.setdefault(c.id, []).append(o)
    deemed = {
        docket: k_not(
            _at_least(3, [k_and(_convicted(c), _is(c.level, Level.FELONY)) for c in held])
        )
        for docket, held in dockets.items()
    }

    def counted(n: int, test: Callable[[Count, list[Count]], Tri]) -> tuple[Tri, Tri]:
        """(with (a.1), count by count): at least ``n`` convictions passing ``test``."""
        flags = {
            docket: [k_and(_convicted(c), test(c, convictions)) for c in held]
            for docket, held in dockets.items()
        }
        one_by_one = _at_least(n, [f for fs in flags.values() for f in fs])
        # by itself: each conviction of a docket not deemed one
        alone = [k_and(k_not(deemed[d]), f) for d, fs in flags.items() for f in fs]
        if n == 2:  # two dockets, or two convictions that count by themselves
            return k_or(
                _at_least(2, [k_or(*fs) for fs in flags.values()]), _at_least(2, alone)
            ), one_by_one
        # once: each docket deemed one that holds such a conviction; n in all
        once = [k_or(*(k_and(deemed[d], f) for f in fs)) for d, fs in flags.items()]
        with_a1 = k_or(*(k_and(_at_least(k, once), _at_least(n - k, alone)) for k in range(n + 1)))
        return with_a1, one_by_one

    over_two, over_two_old = counted(2, _over_two_years)
    four, four_old = counted(4, _one_year)

    # Each condition of the statute, in Kleene logic; an unknown one is decided both ways.
    choices: dict[str, tuple[object, ...]] = {
        "excluded": _flag(k_and(a1, _excluded(count))),
        "inchoate": _flag(k_and(a1, _object_unknown(count), _fact(count, "inchoate_of_excluded"))),
        "felony": _flag(
            k_and(
                a1,
                k_or(*(k_and(_convicted(c), _barring_felony(c, convictions)) for c in convictions)),
            )
        ),
        "over_two": _flag(k_and(a1, over_two)),
        "four": _flag(k_and(a1, four)),
        "before_act_36": _flag(k_and(a1, k_or(over_two_old, four_old))),
        "listed": _flag(
            k_and(a1, k_or(*(k_and(_convicted(c), _in(c.citation, LISTED)) for c in convictions)))
        ),
        "same_case": _flag(
            k_and(
                a1,
                k_not(_qualifying(count, convictions)),
                k_or(
                    *(
                        k_and(
                            _convicted(o),
                            k_or(
                                _five_years(o, convictions), _excluded(o), _in(o.citation, LISTED)
                            ),
                        )
                        for o in other_same_case
                    )
                ),
            )
        ),
        "misdemeanor": _flag(grade),
        "qualifying": _flag(qualifying),
        "summary": _flag(summary),
        "unpaid": _flag(k_and(applies, unpaid)),
        "restitution": _flag(k_and(applies, k_or(*(m for m, _ in rest_items)), k_not(unpaid))),
    }

    def rule(w: World) -> OracleResult:
        # 9122.3(a): bars, before the rules.
        for name in ("excluded", "inchoate", "felony", "over_two", "four", "listed", "same_case"):
            if w.flag(name):
                return NEVER
        if w.flag("misdemeanor"):  # (a)(1)
            if not isinstance(start, date):
                return _UNDATED
            day = _shortened(start, 10, 7)
        elif w.flag("qualifying"):  # (a)(1.1), from Act 36
            if not isinstance(start, date):
                return _UNDATED
            day = max(add_years(start, QUALIFYING_YEARS), ACT_36)
        elif w.flag("summary"):  # (a)(3)
            if this_date is None:
                return _UNDATED
            day = _shortened(this_date, 10, 5)
        else:
            return NEVER
        if w.flag("before_act_36"):  # barred count by count until (a.1) took effect
            day = max(day, ACT_36)
        if w.flag("unpaid"):  # not while restitution stays unpaid
            return _WHILE_UNPAID
        if w.flag("restitution"):  # not before all restitution is paid
            if not isinstance(paid, date):
                return _UNDATED
            day = max(day, paid)
        return _relief(day, as_of)

    results = explore(rule, choices)
    return collapse(NEEDS_REVIEW if r is _UNDATED else r for r in results)


def _decide_non_conviction(count: Count, same_case: list[Count], as_of: date) -> OracleResult:
    """(a)(2), held back by the restitution ordered in the case (9122.2(b)(2)(i))."""
    day = count.disposition_date
    if day is None:
        return NEEDS_REVIEW
    items, paid, unpaid = _restitution(same_case)
    choices: dict[str, tuple[object, ...]] = {
        "unpaid": _flag(unpaid),
        "restitution": _flag(k_and(k_or(*(m for m, _ in items)), k_not(unpaid))),
    }

    def rule(w: World) -> OracleResult:
        if w.flag("unpaid"):
            return _WHILE_UNPAID
        if w.flag("restitution"):
            if not isinstance(paid, date):
                return _UNDATED
            return _relief(max(day, paid), as_of)
        return _relief(day, as_of)

    return collapse(NEEDS_REVIEW if r is _UNDATED else r for r in explore(rule, choices))


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
            same_case = [o for c, o in everything if c is case and o is not count]
            decisions[key] = _decide_non_conviction(count, same_case, as_of)
        else:
            others = everything[:k] + everything[k + 1 :]
            decisions[key] = _decide_conviction(count, case, others, as_of)
    return decisions
