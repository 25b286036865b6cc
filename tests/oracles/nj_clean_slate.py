"""Oracle for New Jersey's "clean slate" expungement by petition, N.J.S.A. 2C:52-5.3.

Written from the statute text in ``docs/sources/nj-clean-slate.md`` and the INTERPRETATION
notes of ``statutes/nj/clean-slate.law``, not from the DSL encoding:

* scope: a New Jersey conviction of a crime, disorderly persons offense, petty disorderly
  persons offense or municipal violation (levels felony, misdemeanor, petty_offense, violation),
  not of a motor vehicle offense of Title 39 (2C:52-28: a citation of Title 39, whatever the
  level; a violation with no citation is a municipal violation, one whose citation cannot be
  read is of unknown scope);
* (a) bar: the person has a New Jersey conviction for a crime 2C:52-2(b)-(c) makes
  non-expungeable (the statute's tables, ``statutes/nj/tables``; the (b) ones with their
  attempts and conspiracies) → never, for every count; only a crime (level felony) bars:
  disorderly and petty disorderly persons offenses "are not crimes" (2C:1-4(b)) and a
  municipal violation is none either;
* (b) ten years from the latest of: the most recent conviction anywhere (any level but a
  civil/traffic infraction, K.M.G.; not a New Jersey Title 39 offense, 2C:52-28), and, for each New Jersey conviction in scope, its
  conviction date, release from incarceration, end of supervision and payment of the
  court-ordered financial assessments: the later of the fines' payment (``Financial.fines_paid``
  and its date; paid with no date: a day nobody knows) and the restitution's (ordered and paid:
  its date); an assessment not paid (``fines_paid`` false, or restitution ordered and not paid)
  is a payment that has not happened;
* an assessment still owed for a New Jersey conviction: the period has not begun — not
  eligible, at an unknown date (unless barred; if the date the period would run from is itself
  unknown, the count needs review, as the statute's block only holds back a date it has);
* never before the effective date, 2021-02-15.

Unknowns: the bar is a three-valued input of possible worlds; an unknown date that could be the
latest makes the date unknown, and a world needing it undecidable (``needs_review``).
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import Citation, CitationSet
from clearlaw.records import Case, Count, Disposition, Level, Person

from . import NEEDS_REVIEW, OracleResult, Tri, add_years, collapse, k_and, k_not, k_or, worlds
from .tables import table

__all__ = ["BARRED_ALWAYS", "EFFECTIVE_DATE", "decide"]

EXPUNGE = "expunge"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED = OracleResult(NOT_ELIGIBLE, "unknown")
JURISDICTION = "US-NJ"

#: P.L.2019 c.269 as postponed by Executive Order 178.
EFFECTIVE_DATE = date(2021, 2, 15)
WAIT_YEARS = 10

#: 2C:52-2(b): always barred, with attempts and conspiracies (the statute's tables).
BARRED_ALWAYS: CitationSet = table("nj", "nj-2c52-2b-never", "attempt", "conspiracy")
#: 2C:52-2(b): barred when the victim is a minor.
_MINOR_VICTIM = table("nj", "nj-2c52-2b-minor-victim", "attempt", "conspiracy")
#: 2C:52-2(b): false imprisonment, barred when the victim is a minor and the offender not a parent.
_FALSE_IMPRISONMENT = table("nj", "nj-2c52-2b-false-imprisonment", "attempt", "conspiracy")
#: 2C:52-2(c): CDS distribution, barred in the first or second degree (no inchoate forms).
_CDS = table("nj", "nj-2c52-2c-cds-distribution")
_HIGH_DEGREES = frozenset({"1", "2"})
#: 2C:52-28: the motor vehicle offenses of Title 39 (every section of the title).
_TITLE_39 = table("nj", "nj-title-39")

_NJ_LEVELS = frozenset({Level.FELONY, Level.MISDEMEANOR, Level.PETTY_OFFENSE, Level.VIOLATION})

#: A date nobody knows (kept apart from "no date": None means "not a member / nothing").
_UNKNOWN = object()


# --- reading the record ----------------------------------------------------------------------


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _in_nj(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == JURISDICTION


def _motor_vehicle(case: Case, count: Count) -> Tri:
    """2C:52-28: a New Jersey Title 39 offense, at any level; a count at level ``violation``
    with no citation at all is a municipal violation (one whose citation cannot be read is
    unknown, like any other count's)."""
    written = count.citation is not None or count.citation_text is not None
    return k_and(_in_nj(case), k_or(_not_violation(count), written), _in(count.citation, _TITLE_39))


def _nj_offense(case: Case, count: Count) -> Tri:
    level = None if count.level is None else count.level in _NJ_LEVELS
    return k_and(level, k_not(_motor_vehicle(case, count)))


def _not_infraction(count: Count) -> Tri:
    return None if count.level is None else count.level is not Level.INFRACTION


def _not_violation(count: Count) -> Tri:
    return None if count.level is None else count.level is not Level.VIOLATION


def _crime(count: Count) -> Tri:
    """2C:1-4(a): an offense of the first to fourth degree, recorded at level felony."""
    return None if count.level is None else count.level is Level.FELONY


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _flag(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _owed(count: Count) -> Tri:
    """Fines, fees or assessments still owed, or restitution ordered and not paid in full."""
    money = count.financial
    return k_or(
        k_not(money.fines_paid), k_and(money.restitution_ordered, k_not(money.restitution_paid))
    )


def _barred(count: Count) -> Tri:
    """2C:52-2(b)-(c), for one conviction."""
    high_degree = None if count.offense_class is None else count.offense_class in _HIGH_DEGREES
    minor = _flag(count, "victim_minor")
    return k_or(
        _in(count.citation, BARRED_ALWAYS),
        k_and(_in(count.citation, _MINOR_VICTIM), minor),
        k_and(
            _in(count.citation, _FALSE_IMPRISONMENT),
            minor,
            k_not(_flag(count, "offender_is_parent")),
        ),
        k_and(_in(count.citation, _CDS), high_degree),
    )


# --- dates -----------------------------------------------------------------------------------


def _choose(flag: Tri, yes: date | None, no: date | None) -> object:
    """The date of an event that may not have happened: ``yes`` if it did, ``no`` if not."""
    if flag is True:
        return _UNKNOWN if yes is None else yes
    if flag is False:
        return _UNKNOWN if no is None else no
    if yes is not None and yes == no:
        return yes
    return _UNKNOWN


def _later(values: list[object]) -> object:
    """The latest of known dates; unknown if any is unknown."""
    if any(v is _UNKNOWN for v in values):
        return _UNKNOWN
    return max(values)  # type: ignore[type-var]


def _last_event(count: Count) -> object:
    """Conviction, release, end of supervision, payment: whichever is later."""
    convicted_on = count.disposition_date
    s = count.sentence
    money = count.financial
    return _later(
        [
            _UNKNOWN if convicted_on is None else convicted_on,
            _choose(s.incarcerated, s.incarceration_release_date, convicted_on),
            _choose(s.supervised, s.supervision_end_date, convicted_on),
            _choose(money.fines_paid, money.fines_paid_date, convicted_on),
            _choose(
                k_and(money.restitution_ordered, money.restitution_paid),
                money.restitution_paid_date,
                convicted_on,
            ),
        ]
    )


def _latest_over(members: list[tuple[Tri, object]]) -> object:
    """The latest value over elements that are members (True), or may be (None).

    Unknown when an element that may be a member has an unknown value, or a value later than
    every sure member's; ``None`` when nothing is a member for sure and nothing may be."""
    sure = [v for m, v in members if m is True]
    unsure = [v for m, v in members if m is None]
    if any(v is _UNKNOWN for v in sure + unsure):
        return _UNKNOWN
    top = max(sure) if sure else None  # type: ignore[type-var]
    for v in unsure:
        if top is None or v > top:  # type: ignore[operator]
            return _UNKNOWN
    return top


def _clock_start(everything: list[tuple[Case, Count]]) -> object:
    most_recent_conviction = _latest_over(
        [
            (
                k_and(_convicted(c), _not_infraction(c), k_not(_motor_vehicle(case, c))),
                _UNKNOWN if c.disposition_date is None else c.disposition_date,
            )
            for case, c in everything
        ]
    )
    nj_events = _latest_over(
        [
            (k_and(_convicted(c), _in_nj(case), _nj_offense(case, c)), _last_event(c))
            for case, c in everything
        ]
    )
    known = [d for d in (most_recent_conviction, nj_events) if d is not None]
    return _later(known) if known else None


# --- the decision ----------------------------------------------------------------------------


def _relief(clock_start: object, as_of: date) -> OracleResult:
    if clock_start is _UNKNOWN or clock_start is None:
        return NEEDS_REVIEW
    assert isinstance(clock_start, date)
    day = max(add_years(clock_start, WAIT_YEARS), EFFECTIVE_DATE)
    return OracleResult(EXPUNGE if as_of >= day else NOT_ELIGIBLE, day)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """N.J.S.A. 2C:52-5.3 for every New Jersey conviction of ``person``."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    barred = k_or(
        *(k_and(_convicted(c), _in_nj(case), _crime(c), _barred(c)) for case, c in everything)
    )
    owed = k_or(
        *(
            k_and(_convicted(c), _in_nj(case), _nj_offense(case, c), _owed(c))
            for case, c in everything
        )
    )
    relief = _relief(_clock_start(everything), as_of)
    held_back = NEEDS_REVIEW if relief == NEEDS_REVIEW else BLOCKED
    results = {
        NEVER if b else held_back if o else relief for b in worlds(barred) for o in worlds(owed)
    }
    whole_record = collapse(results)
    decisions: dict[tuple[str, str], OracleResult] = {}
    for case, count in everything:
        in_scope = k_and(_convicted(count), _in_nj(case), _nj_offense(case, count))
        if in_scope is False:
            continue
        key = (case.id, count.id)
        decisions[key] = NEEDS_REVIEW if in_scope is None else whole_record
    return decisions
