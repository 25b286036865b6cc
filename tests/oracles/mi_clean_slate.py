"""Oracle for Michigan's automatic set-aside, MCL 780.621g (with the 621c bars).

Outcomes: ``set_aside`` and ``not_eligible``.  Written from the sources in
``docs/sources/mi-clean-slate.md`` and the INTERPRETATION notes of
``statutes/mi/clean-slate.law``, not from the DSL encoding:

* scope: a Michigan conviction of a felony or a misdemeanor;
* misdemeanors: 7 years from the imposition of sentence; felonies: 10 years from the later of
  sentence and the end of a Department of Corrections prison term (``sentence.prison``);
* a felony or a misdemeanor of 93 days or more: a later Michigan conviction (felony or
  misdemeanor) entered before its period has run restarts the period from that conviction's
  date; restarts chain; a pending Michigan charge (or open case) holds it back;
* a misdemeanor's band (92 days or less, 93 or more) and a felony's (10 years or more) come
  from the maxima tables of statutes/mi/tables where the section is listed there, else from
  the record's ``max_penalty_days``;
* bars: the excluded offenses (the tables of statutes/mi/tables, read by ``tables.table``; a
  felony with a maximum of 10 years or more, or the fact ``felony_excluded``, which also
  stands for 621c(1)(e), a domestic-violence felony after a domestic-violence misdemeanor;
  a conspiracy carries its object's maximum, 750.157a(a); a vehicle-code
  offense with the fact ``traffic_excluded``); for a felony or a 93-day misdemeanor, two or
  more assaultive crimes on the record (621g(7)); more than 2 Michigan
  felonies (for felonies); more than 4 Michigan misdemeanors of 93 days or more (for those);
* nothing before 2023-04-11.

Unknowns follow the language's documented semantics (docs/language.md, "Unknown facts" and
"How a count is decided"): each condition is evaluated in Kleene logic and an unknown condition
is decided both ways, independently; ``if`` with an unknown condition is known only when both
branches agree.  A date the decision needs and the record lacks: review.
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import Citation, CitationSet, parse_pattern
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

from . import NEEDS_REVIEW, OracleResult, Tri, World, add_years, collapse, explore, k_and, k_or
from .tables import table

__all__ = ["EFFECTIVE_DATE", "decide"]

SET_ASIDE = "set_aside"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED = OracleResult(NOT_ELIGIBLE, "unknown")
_UNDATED = OracleResult("(relief on an unknown date)", "unknown")

JURISDICTION = "US-MI"
EFFECTIVE_DATE = date(2023, 4, 11)
MISDEMEANOR_YEARS = 7
FELONY_YEARS = 10
SERIOUS_DAYS = 93
TEN_YEARS_DAYS = 3650


def _set(*patterns: str, attempts: bool = True) -> CitationSet:
    return CitationSet((parse_pattern(p) for p in patterns), ("attempt",) if attempts else ())


def _table(name: str) -> CitationSet:
    """A table of statutes/mi/tables; 621g(10) and 621c(1) cover attempts."""
    return table("mi", name, "attempt")


def _maxima(name: str) -> CitationSet:
    """A table of felonies by their maximum: a conspiracy carries its object's (MCL 750.157a(a)),
    so it covers conspiracies too."""
    return table("mi", name, "attempt", "conspiracy")


ASSAULTIVE = _table("assaultive-crimes")
#: Excluded whatever the level (621g(10)(b), (c) 1979 PA 53, (f); 621c(1)(a)-(b), (d)(i), (f)).
EXCLUDED = (
    _table("serious-misdemeanors"),
    _table("dishonesty"),
    _maxima("life-maximum"),
    _table("trafficking-terrorism"),
    _set("MCL 257.625", "MCL 257.625m", attempts=False),
    _set(
        "MCL 750.136b(3)",
        "MCL 750.136d(1)(b)",
        "MCL 750.136d(1)(c)",
        "MCL 750.145c",
        "MCL 750.145d",
        "MCL 750.520c",
        "MCL 750.520d",
        "MCL 750.520g",
    ),
    table("mi", "traffic-injury-death"),  # 621c(1)(d)(iii): no attempts
)
#: Crimes of dishonesty only as felonies (621g(15)).
DISHONEST_FELONIES = _table("dishonesty-felonies")
#: Serious misdemeanors "beginning January 1, 2024" (780.811(1)(a)): by offense date.
EXCLUDED_FROM_2024 = _table("serious-misdemeanors-2024")
FROM_2024 = date(2024, 1, 1)
#: Maxima by section (621g(1), (3), (4); (10)(d)): the tables decide, else the record's maximum.
MISDEMEANORS_93 = table("mi", "misdemeanor-93-days-or-more")
#: An attempt carries at most half its object's maximum (750.92(3)): a 92-day misdemeanor's is one.
MISDEMEANORS_92 = table("mi", "misdemeanor-92-days-or-less", "attempt")
#: 780.621(4)(c)(i): punishable by more than 1 year is a felony for the act, whatever the level.
MISDEMEANORS_OVER_1_YEAR = table("mi", "misdemeanor-more-than-1-year")
MISDEMEANORS_1_YEAR_OR_LESS = table("mi", "misdemeanor-1-year-or-less", "attempt")
ATTEMPTS_OF_93 = table("mi", "misdemeanor-93-days-or-more", "attempt")
ONE_YEAR_DAYS = 365
FELONIES_10_YEARS = _maxima("felony-10-years-or-more")
FELONIES_UNDER_10 = _maxima("felony-under-10-years")
#: Felony firearm (750.227b(1)): 2 years, 5 on a second conviction, 10 on a third or later.
FELONY_FIREARM = _set("MCL 750.227b", attempts=False)
#: The vehicle code (621a(b)): a traffic offense may have been a CDL one, or caused injury.
VEHICLE_CODE = _set("MCL 257.*", attempts=False)


# --- three-valued readings -------------------------------------------------------------------


def _is(value: object, expected: object) -> Tri:
    return None if value is None else value == expected


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _at_least_days(days: int | None, limit: int) -> Tri:
    return None if days is None else days >= limit


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _pending(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.PENDING


def _crime(count: Count) -> Tri:
    return k_or(_is(count.level, Level.FELONY), _is(count.level, Level.MISDEMEANOR))


def _reaches(count: Count, above: CitationSet, below: CitationSet, limit: int) -> Tri:
    """The maximum reaches ``limit`` days: a section in ``above`` or ``below`` says so, else the
    record's maximum does."""
    if count.citation is None:
        return None
    if count.citation in above:
        return True
    if count.citation in below:
        return False
    return _at_least_days(count.max_penalty_days, limit)


def _felony(count: Count) -> Tri:
    """A felony for the act (780.621(4)(c)(i)): one by its level, or a misdemeanor punishable
    by more than a year (a section of that table; none of the 92- and 93-day tables; else the
    record's maximum)."""
    if count.level is Level.FELONY:
        return True
    if count.level is not Level.MISDEMEANOR:
        return _is(count.level, Level.FELONY)
    if count.citation is None:
        return None
    if count.citation in MISDEMEANORS_OVER_1_YEAR:
        return True
    if any(
        count.citation in t for t in (ATTEMPTS_OF_93, MISDEMEANORS_92, MISDEMEANORS_1_YEAR_OR_LESS)
    ):
        return False
    return None if count.max_penalty_days is None else count.max_penalty_days > ONE_YEAR_DAYS


def _misdemeanor(count: Count) -> Tri:
    """A misdemeanor for the act (780.621(4)(g)): by its level, and not a felony."""
    felony = _felony(count)
    return k_and(_is(count.level, Level.MISDEMEANOR), None if felony is None else not felony)


def _ten_years(count: Count, others: list[Count]) -> Tri:
    """Punishable by 10 years or more (621g(10)(d)): the maxima tables, then felony firearm
    with at most one other such conviction (at most the second: 5 years), then the record."""
    if count.citation is None or count.citation in FELONIES_10_YEARS:
        return None if count.citation is None else True
    if count.citation in FELONIES_UNDER_10:
        return False
    by_record = _at_least_days(count.max_penalty_days, TEN_YEARS_DAYS)
    if count.citation not in FELONY_FIREARM:
        return by_record
    more = _at_least(2, [k_and(_convicted(o), _in(o.citation, FELONY_FIREARM)) for o in others])
    if more is False:
        return False
    # ``if`` with an unknown condition: known only when both branches agree
    return by_record if more is True else (False if by_record is False else None)


def _serious(count: Count) -> Tri:
    """A misdemeanor punishable by 93 days or more."""
    return k_and(
        _misdemeanor(count), _reaches(count, MISDEMEANORS_93, MISDEMEANORS_92, SERIOUS_DAYS)
    )


def _capped(count: Count) -> Tri:
    """A felony or a 93-day misdemeanor (621g(5), (6))."""
    return k_or(_felony(count), _serious(count))


def _fact(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _at_least(n: int, flags: list[Tri]) -> Tri:
    sure = sum(1 for f in flags if f is True)
    unsure = sum(1 for f in flags if f is None)
    if sure >= n:
        return True
    return False if sure + unsure < n else None


def _after(later: date | None, earlier: date | None) -> Tri:
    return None if later is None or earlier is None else later > earlier


def _latest2(a: date | None, b: date | None) -> date | None:
    return None if a is None or b is None else max(a, b)


def _if(cond: Tri, then: date | None, other: date | None) -> date | None:
    """``if cond then a else b`` with an unknown ``cond``: known only when a == b."""
    if cond is True:
        return then
    if cond is False:
        return other
    return then if then == other else None


# --- the clock -------------------------------------------------------------------------------


def _start(count: Count) -> date | None:
    """Felony: the later of sentence and a DOC prison release; else the sentence."""
    s = count.sentence
    felony_start = _if(
        k_and(s.incarcerated, s.prison),
        _latest2(s.imposed_date, s.incarceration_release_date),
        s.imposed_date,
    )
    return _if(_felony(count), felony_start, s.imposed_date)


def _years(count: Count) -> int | None:
    felony = _felony(count)
    if felony is None:
        return None
    return FELONY_YEARS if felony else MISDEMEANOR_YEARS


def _set_aside_dates(
    count: Count, restarters: list[tuple[Tri, date | None]]
) -> frozenset[date | None]:
    """Every date on which the period may have run (``None``: a date nobody knows)."""
    start = _start(count)
    years = _years(count)
    if start is None or years is None:
        return frozenset({None})
    known: list[tuple[date, Tri]] = []
    for member, convicted_on in restarters:
        if member is False:
            continue
        if convicted_on is None:
            return frozenset({None})
        known.append((convicted_on, member))
    known.sort(key=lambda x: x[0])
    n_years = years

    def chain(i: int, start: date, end: date) -> frozenset[date | None]:
        for j in range(i, len(known)):
            convicted_on, member = known[j]
            if convicted_on >= end:
                break
            if convicted_on <= start:
                continue
            if member is None:
                # An unsure restart that would move the start: the language leaves the date
                # unknown, even where both worlds happen to end on the same day.
                return frozenset({None})
            return chain(j + 1, convicted_on, add_years(convicted_on, n_years))
        return frozenset({end})

    return chain(0, start, add_years(start, n_years))


# --- the decision ----------------------------------------------------------------------------


def _decide_count(k: int, everything: list[tuple[Case, Count]], as_of: date) -> OracleResult:
    count = everything[k][1]
    others = everything[:k] + everything[k + 1 :]
    all_counts = [o for _, o in everything]
    mi = everything
    capped_this = _capped(count)
    felony = _felony(count)
    excluded = k_or(
        _in(count.citation, ASSAULTIVE),
        *(_in(count.citation, patterns) for patterns in EXCLUDED),
        k_and(felony, _in(count.citation, DISHONEST_FELONIES)),
        k_and(
            _in(count.citation, EXCLUDED_FROM_2024),
            None if count.offense_date is None else count.offense_date >= FROM_2024,
        ),
        k_and(_in(count.citation, VEHICLE_CODE), _fact(count, "traffic_excluded")),
        k_and(_is(count.level, Level.FELONY), _ten_years(count, [o for _, o in others])),
        k_and(felony, _fact(count, "felony_excluded")),
    )
    two_assaultive = k_and(
        capped_this,
        _at_least(2, [k_and(_convicted(o), _in(o.citation, ASSAULTIVE)) for o in all_counts]),
    )
    felony_cap = k_and(
        felony,
        _at_least(
            3,
            [k_and(_convicted(o), _is(c.jurisdiction, JURISDICTION), _felony(o)) for c, o in mi],
        ),
    )
    misdemeanor_cap = k_and(
        _serious(count),
        _at_least(
            5,
            [k_and(_convicted(o), _is(c.jurisdiction, JURISDICTION), _serious(o)) for c, o in mi],
        ),
    )
    pending = k_and(
        capped_this,
        k_or(
            *(
                k_and(
                    _is(c.jurisdiction, JURISDICTION),
                    k_or(_pending(o), None if c.status is None else c.status is CaseStatus.OPEN),
                )
                for c, o in others
            )
        ),
    )
    restarters = [
        (
            k_and(
                _convicted(o),
                _after(o.disposition_date, count.disposition_date),
                capped_this,
                _is(c.jurisdiction, JURISDICTION),
                _crime(o),
            ),
            o.disposition_date,
        )
        for c, o in others
    ]

    def flag(value: Tri) -> tuple[object, ...]:
        return (True, False) if value is None else (value,)

    choices: dict[str, tuple[object, ...]] = {
        "excluded": flag(excluded),
        "two_assaultive": flag(two_assaultive),
        "felony_cap": flag(felony_cap),
        "misdemeanor_cap": flag(misdemeanor_cap),
        "pending": flag(pending),
        "misdemeanor": flag(_misdemeanor(count)),
        "felony": flag(felony),
        "date": tuple(_set_aside_dates(count, restarters)),
    }

    def rule(w: World) -> OracleResult:
        for bar in ("excluded", "two_assaultive", "felony_cap", "misdemeanor_cap"):
            if w.flag(bar):
                return NEVER
        if not (w.flag("misdemeanor") or w.flag("felony")):
            return NEVER
        day = w.get("date")
        if day is None:
            # The language decides whether a block matters from the rule's result, which is
            # unknown here (docs/language.md: "A block … does not matter for a count no rule
            # would give relief to").
            return _UNDATED
        if w.flag("pending"):
            return BLOCKED
        assert isinstance(day, date)
        day = max(day, EFFECTIVE_DATE)
        return OracleResult(SET_ASIDE if as_of >= day else NOT_ELIGIBLE, day)

    return collapse(NEEDS_REVIEW if r is _UNDATED else r for r in explore(rule, choices))


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """MCL 780.621g for every count of ``person`` it applies to (unknown scope: review)."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for k, (case, count) in enumerate(everything):
        in_scope = k_and(_convicted(count), _is(case.jurisdiction, JURISDICTION), _crime(count))
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None:
            decisions[key] = NEEDS_REVIEW
        else:
            decisions[key] = _decide_count(k, everything, as_of)
    return decisions
