"""Oracle for Utah's automatic expungement, Utah Code 77-40a-205 (clean slate eligible
conviction cases) and 77-40a-206 (acquittals, dismissals with prejudice).

Outcomes: ``expunge`` and ``not_eligible``.  Written from the text in
``docs/sources/ut-clean-slate.md`` and the INTERPRETATION notes of
``statutes/ut/clean-slate.law``, not from the DSL encoding.  Every count of a Utah case that was
convicted, acquitted or dismissed gets its case's result:

* a case with a conviction: every conviction a class B/C misdemeanor, an infraction, or a class
  A/B misdemeanor under 58-37-8(2)(a)(i) (a citation of 58-37-8, 58-37-8(2) or 58-37-8(2)(a),
  which stops before the subparagraph, is one when the fact ``possession_conviction`` says so;
  a Schedule V distribution, 58-37-8(1)(b)(iii), is a class A misdemeanor too); expunged when the longest of the convictions'
  periods (5 years class C / infraction, 6 class B, 7 otherwise) has run from the latest
  disposition date of the case; not if the case has an excluded conviction (a listed section,
  or a section that can be domestic violence — statutes/ut/tables/domestic-violence-can-be.csv,
  attempts included — that the court designated domestic violence, ``Count.domestic_violence``),
  an unpaid restitution or other unpaid accounts receivable (``Financial.fines_paid`` false),
  the person's Utah convictions exceed the limits, or (for now) a Utah proceeding is pending in
  another case: from 2024-10-01 (HB 352) only a misdemeanor or felony that is not a traffic
  offense (Title 41, except Chapter 6a Part 5, DUI and reckless driving); before that day any
  pending proceeding holds the case back until 2024-10-01;
* every count dismissed or ``diverted`` (a plea held in abeyance, dismissed on completion) and
  one of them ``diverted`` or dismissed without prejudice (``Count.with_prejudice`` false;
  77-40a-101 (4)(b), 2022-2024): the same, over every charge of the case (the accounts
  receivable only after a plea in abeyance: a dismissal without one has no criminal judgment);
* every count acquitted: 60 days after the latest disposition, unless an insanity acquittal;
* every count dismissed with prejudice: 180 days after;
* restitution and the other accounts receivable are read from the convictions and pleas in
  abeyance only; excluded offenses likewise in a conviction case;
* the latest disposition date is over the counts not pending; while a count of the case is
  pending the case waits (not adjudicated);
* nothing before 2020-05-01.

Unknowns follow the language's documented semantics (docs/language.md, "Unknown facts" and
"How a count is decided"): each condition is evaluated in Kleene logic and an unknown condition
is decided both ways, independently; a latest date is unknown when an element of unknown date
or unsure membership could be the latest.
"""

from __future__ import annotations

from datetime import date, timedelta

from clearlaw.citations import Citation, CitationSet, parse_citation, parse_pattern
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

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

EXPUNGE = "expunge"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED = OracleResult(NOT_ELIGIBLE, "unknown")
_UNDATED = OracleResult("(relief on an unknown date)", "unknown")

JURISDICTION = "US-UT"
EFFECTIVE_DATE = date(2020, 5, 1)
HB_352 = date(2024, 10, 1)  # pending traffic offenses, infractions no longer bar


def _set(*patterns: str) -> CitationSet:
    return CitationSet(parse_pattern(p) for p in patterns)


DRUG_POSSESSION = _set("UC 58-37-8(2)(a)(i)")
#: 58-37-8 cited only down to (2)(a) or above: the subparagraph is not shown.
POSSESSION_UNSHOWN = tuple(
    parse_citation(text, JURISDICTION)
    for text in ("UC 58-37-8", "UC 58-37-8(2)", "UC 58-37-8(2)(a)")
)
EXCLUDED = _set(
    *(f"UC 76-5-{n}*" for n in range(1, 8)),
    "UC 76-10-5*",
    "UC 76-9-702.1",
    "UC 76-9-702",
    "UC 76-9-702.5",
    "UC 41-6a-5*",
    "UC 76-6-108",
)
DOMESTIC_VIOLENCE = table("ut", "domestic-violence-can-be", "attempt", "conspiracy", "solicitation")
TRAFFIC = _set(*(f"UC 41-{n}*" for n in range(1, 10)))
DUI_RECKLESS = _set("UC 41-6a-5*")


# --- three-valued readings -------------------------------------------------------------------


def _is(value: object, expected: object) -> Tri:
    return None if value is None else value == expected


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _disp(count: Count, expected: Disposition) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is expected


def _fact(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _class_in(count: Count, classes: tuple[str, ...]) -> Tri:
    return None if count.offense_class is None else count.offense_class in classes


def _excluded_charge(c: Count) -> Tri:
    return k_or(
        _in(c.citation, EXCLUDED),
        k_and(_in(c.citation, DOMESTIC_VIOLENCE), c.domestic_violence),
    )


def _unpaid(c: Count) -> Tri:
    """Restitution ordered and not paid in full, or other accounts receivable (fines, fees)
    unpaid."""
    money = c.financial
    return k_or(
        k_and(money.restitution_ordered, k_not(money.restitution_paid)), k_not(money.fines_paid)
    )


def _possession(c: Count) -> Tri:
    """Under 58-37-8(2)(a)(i): by the citation, or by the fact where the citation stops above it."""
    if c.citation is None:
        return None
    unshown = c.citation in POSSESSION_UNSHOWN
    return k_or(c.citation in DRUG_POSSESSION, k_and(unshown, _fact(c, "possession_conviction")))


def _eligible_type(c: Count) -> Tri:
    misdemeanor = _is(c.level, Level.MISDEMEANOR)
    return k_or(
        k_and(_possession(c), misdemeanor, _class_in(c, ("A", "B"))),
        k_and(misdemeanor, _class_in(c, ("B", "C"))),
        _is(c.level, Level.INFRACTION),
    )


def _own_years(c: Count) -> int | None:
    """5 for class C or an infraction, 6 for class B, else 7 (``if`` with unknowns: known
    only when both branches agree)."""
    first = k_or(_is(c.level, Level.INFRACTION), _is(c.offense_class, "C"))
    second = _is(c.offense_class, "B")
    inner = 6 if second is True else 7 if second is False else None
    if first is True:
        return 5
    if first is False:
        return inner
    return 5 if inner == 5 else None


def _at_least(n: int, flags: list[Tri]) -> Tri:
    sure = sum(1 for f in flags if f is True)
    unsure = sum(1 for f in flags if f is None)
    if sure >= n:
        return True
    return False if sure + unsure < n else None


def _latest(items: list[tuple[Tri, date | None]]) -> date | str | None:
    """Latest date of a collection: a date, ``"empty"``, or ``None`` (unknown) when an element
    of unknown date or unsure membership could be the latest."""
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


# --- the decision ----------------------------------------------------------------------------


def _decide_count(
    case: Case, count: Count, everything: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    mine = list(case.counts)
    convictions = [_disp(c, Disposition.CONVICTED) for c in mine]
    judged = [
        k_or(m, _disp(c, Disposition.DIVERTED)) for m, c in zip(convictions, mine, strict=True)
    ]
    conviction_case = k_or(*convictions)
    all_eligible = k_not(
        k_or(*(k_and(m, k_not(_eligible_type(c))) for m, c in zip(convictions, mine, strict=True)))
    )
    all_acquitted = k_not(k_or(*(k_not(_disp(c, Disposition.ACQUITTED)) for c in mine)))
    insanity = k_or(*(_fact(c, "insanity_acquittal") for c in mine))
    all_with_prejudice = k_not(
        k_or(*(k_not(k_and(_disp(c, Disposition.DISMISSED), c.with_prejudice)) for c in mine))
    )
    abeyance = k_or(*(_disp(c, Disposition.DIVERTED) for c in mine))
    every_dismissed = k_not(
        k_or(
            *(
                k_not(k_or(_disp(c, Disposition.DISMISSED), _disp(c, Disposition.DIVERTED)))
                for c in mine
            )
        )
    )
    without_prejudice = (
        k_and(_disp(c, Disposition.DISMISSED), k_not(c.with_prejudice)) for c in mine
    )
    dismissal_case = k_and(every_dismissed, k_or(abeyance, *without_prejudice))
    clean_slate = k_or(conviction_case, dismissal_case)
    all_types = k_not(k_or(*(k_not(_eligible_type(c)) for c in mine)))
    excluded = k_or(
        k_and(
            conviction_case,
            k_or(*(k_and(j, _excluded_charge(c)) for j, c in zip(judged, mine, strict=True))),
        ),
        k_and(dismissal_case, k_or(*(_excluded_charge(c) for c in mine))),
    )
    receivable = k_and(
        k_or(conviction_case, k_and(dismissal_case, abeyance)),
        k_or(*(k_and(j, _unpaid(c)) for j, c in zip(judged, mine, strict=True))),
    )
    case_pending = k_or(*(_disp(c, Disposition.PENDING) for c in mine))
    counted = [
        k_and(
            _disp(o, Disposition.CONVICTED),
            _is(oc.jurisdiction, JURISDICTION),
            k_not(_is(o.level, Level.INFRACTION)),
            k_not(_in(o.citation, TRAFFIC)),
        )
        for oc, o in everything
    ]
    felonies = [
        k_and(k, _is(o.level, Level.FELONY)) for k, (_, o) in zip(counted, everything, strict=True)
    ]
    class_a = [
        k_and(k, _is(o.level, Level.MISDEMEANOR), _is(o.offense_class, "A"))
        for k, (_, o) in zip(counted, everything, strict=True)
    ]
    class_b = [
        k_and(k, _is(o.level, Level.MISDEMEANOR), _is(o.offense_class, "B"))
        for k, (_, o) in zip(counted, everything, strict=True)
    ]
    limits = k_and(
        clean_slate,
        k_or(
            _at_least(2, felonies),
            _at_least(5, counted),
            k_and(_at_least(3, counted), _at_least(2, class_a)),
            k_and(_at_least(4, counted), _at_least(3, class_b)),
        ),
    )
    elsewhere = [
        (
            o,
            k_and(
                _is(oc.jurisdiction, JURISDICTION),
                k_or(
                    _disp(o, Disposition.PENDING),
                    None if oc.status is None else oc.status is CaseStatus.OPEN,
                ),
            ),
        )
        for oc, o in everything
        if oc.id != case.id
    ]
    # HB 352: a misdemeanor or felony, not a traffic offense (DUI and reckless driving are not).
    pending = k_and(
        clean_slate,
        k_or(
            *(
                k_and(
                    p,
                    k_or(_is(o.level, Level.MISDEMEANOR), _is(o.level, Level.FELONY)),
                    k_or(k_not(_in(o.citation, TRAFFIC)), _in(o.citation, DUI_RECKLESS)),
                )
                for o, p in elsewhere
            )
        ),
    )
    pending_before = k_and(clean_slate, k_or(*(p for _, p in elsewhere)))
    # Dates.
    adjudicated = _latest(
        [(k_not(_disp(c, Disposition.PENDING)), c.disposition_date) for c in mine]
    )
    adjudicated_date = adjudicated if isinstance(adjudicated, date) else None
    ready_items: list[tuple[Tri, date | None]] = []
    for m, c in zip(convictions, mine, strict=True):
        years = _own_years(c)
        ready = (
            None
            if adjudicated_date is None or years is None
            else add_years(adjudicated_date, years)
        )
        ready_items.append((m, ready))
    case_ready = _latest(ready_items)
    dismissal_ready = _latest(
        [
            (
                True,
                None if adjudicated_date is None or y is None else add_years(adjudicated_date, y),
            )
            for y in map(_own_years, mine)
        ]
    )

    def flag(value: Tri) -> tuple[object, ...]:
        return (True, False) if value is None else (value,)

    choices: dict[str, tuple[object, ...]] = {
        "excluded": flag(excluded),
        "receivable": flag(receivable),
        "limits": flag(limits),
        "pending": flag(pending),
        "pending_before": flag(pending_before),
        "case_pending": flag(case_pending),
        "conviction_rule": flag(k_and(conviction_case, all_eligible)),
        "dismissal_case_rule": flag(k_and(dismissal_case, all_types)),
        "acquittal_rule": flag(k_and(all_acquitted, k_not(insanity))),
        "dismissal_rule": flag(all_with_prejudice),
    }

    def rule(w: World) -> OracleResult:
        if w.flag("excluded") or w.flag("receivable") or w.flag("limits"):
            return NEVER
        day: date | None
        if w.flag("conviction_rule"):
            day = case_ready if isinstance(case_ready, date) else None
        elif w.flag("dismissal_case_rule"):
            day = dismissal_ready if isinstance(dismissal_ready, date) else None
        elif w.flag("acquittal_rule"):
            day = None if adjudicated_date is None else adjudicated_date + timedelta(days=60)
        elif w.flag("dismissal_rule"):
            day = None if adjudicated_date is None else adjudicated_date + timedelta(days=180)
        else:
            return NEVER
        if day is None:
            return _UNDATED
        if w.flag("pending") or w.flag("case_pending"):
            return BLOCKED
        if w.flag("pending_before"):  # any proceeding barred until HB 352
            day = max(day, HB_352)
        day = max(day, EFFECTIVE_DATE)
        return OracleResult(EXPUNGE if as_of >= day else NOT_ELIGIBLE, day)

    return collapse(NEEDS_REVIEW if r is _UNDATED else r for r in explore(rule, choices))


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """77-40a-205/-206 for every count of ``person`` they apply to (unknown scope: review)."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for case, count in everything:
        final = k_or(
            _disp(count, Disposition.CONVICTED),
            _disp(count, Disposition.ACQUITTED),
            _disp(count, Disposition.DISMISSED),
            _disp(count, Disposition.DIVERTED),
        )
        in_scope = k_and(_is(case.jurisdiction, JURISDICTION), final)
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None:
            decisions[key] = NEEDS_REVIEW
        else:
            decisions[key] = _decide_count(case, count, everything, as_of)
    return decisions
