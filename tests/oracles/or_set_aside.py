"""Oracle for Oregon's set-aside statute, ORS 137.225 (SB 397) with ORS 137.226.

Written from the text in ``docs/sources/or-set-aside.md`` and the INTERPRETATION and GAP notes
of ``statutes/or/set-aside.law``, not from the DSL encoding:

* scope: an Oregon count that ended in a conviction or in a dismissal, acquittal, nolle
  prosequi (no accusatory instrument) or diversion;
* non-convictions: a traffic violation (an infraction, or a violation under the Vehicle Code,
  ORS chapters 801-826): never (HB 4097); dismissal, acquittal, diversion other than DUII
  (ORS 813.010): at once; nolle prosequi: 60 days;
* convictions, in this order:
  - never: a Class A felony, a Class B person felony, a sex crime (the ORS 163A.005(5) tables
    with attempts; the circumstance table when the fact says so; sexual misconduct by an
    offender 18 or older on the offense date; public or private indecency after an earlier
    conviction of one of those), criminal mistreatment I / endangering a minor that is child
    abuse, a Vehicle Code offense;
  - the period: ORS 137.226(1) (marijuana element, under 21 at conviction, no other
    conviction that is not a motor vehicle violation): one year from judgment; else Class B
    felony 7, Class C felony 5, Class A misdemeanor 3, Class B/C misdemeanor or violation 1
    year from the later of conviction and release; any other class: never;
  - not before supervision ends (supervision still running on the as-of date), nor before restitution ordered on this count is paid in
    full (State v. Grant), nor before the latest other conviction (not a motor vehicle
    violation) plus this count's period;
  - another felony or misdemeanor charge pending (any count, any case still open), or
    restitution ordered on this count on record as not paid in full: not now, date unknown
    (when the count would otherwise get relief on a known date);
* never before 2022-01-01.
"""

from __future__ import annotations

from datetime import date, timedelta

from clearlaw.citations import Citation, CitationSet, parse_pattern
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

from . import (
    NEEDS_REVIEW,
    OracleResult,
    Tri,
    World,
    add_years,
    age_on,
    collapse,
    explore,
    k_and,
    k_not,
    k_or,
    worlds,
)
from .tables import table

__all__ = ["EFFECTIVE_DATE", "decide"]

JURISDICTION = "US-OR"
#: SB 397 (2021) took effect 2022-01-01.
EFFECTIVE_DATE = date(2022, 1, 1)
SET_ASIDE = "set_aside"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED = OracleResult(NOT_ELIGIBLE, "unknown")
_UNKNOWN = object()

_SEX = table("or", "sex-crimes", "attempt")
_SEX_IF = table("or", "sex-crimes-circumstance", "attempt")
_MISCONDUCT = CitationSet([parse_pattern("ORS 163.445")], ("attempt",))
_INDECENCY = CitationSet(parse_pattern(p) for p in ("ORS 163.465", "ORS 163.467"))
_CHILD_ABUSE = CitationSet(parse_pattern(p) for p in ("ORS 163.205", "ORS 163.575(1)(a)"))
_VEHICLE = table("or", "traffic-offenses")
_DUII = CitationSet([parse_pattern("ORS 813.010")])

#: Years by (level, class); a class not listed: no period (never).
_YEARS = {
    (Level.FELONY, "B"): 7,
    (Level.FELONY, "C"): 5,
    (Level.MISDEMEANOR, "A"): 3,
    (Level.MISDEMEANOR, "B"): 1,
    (Level.MISDEMEANOR, "C"): 1,
}
_LEVEL_WORLDS = (Level.FELONY, Level.MISDEMEANOR, Level.VIOLATION, Level.INFRACTION)
_CLASS_WORLDS = ("A", "B", "C", "other")


# --- reading the record ----------------------------------------------------------------------


def _is(count: Count, kind: Disposition) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is kind


def _level_is(count: Count, *levels: Level) -> Tri:
    return None if count.level is None else count.level in levels


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _flag(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _traffic_violation(count: Count) -> Tri:
    """An infraction, or a violation under the Vehicle Code."""
    return k_or(
        _level_is(count, Level.INFRACTION),
        k_and(_level_is(count, Level.VIOLATION), _in(count.citation, _VEHICLE)),
    )


def _counts_as_conviction(count: Count) -> Tri:
    """Not a motor vehicle violation."""
    return k_not(_traffic_violation(count))


def _adult_offender(person: Person, count: Count) -> Tri:
    birth, offended = person.birth_date, count.offense_date
    return None if birth is None or offended is None else age_on(birth, offended) >= 18


def _listed_sex_crime(person: Person, count: Count) -> Tri:
    """An ORS 163A.005(5) sex crime other than (t) indecency with a prior."""
    return k_or(
        _in(count.citation, _SEX),
        k_and(_in(count.citation, _SEX_IF), _flag(count, "sex_crime_circumstance")),
        k_and(_in(count.citation, _MISCONDUCT), _adult_offender(person, count)),
    )


def _before(a: date | None, b: date | None) -> Tri:
    return None if a is None or b is None else a < b


def _sex_crime(person: Person, count: Count, others: list[tuple[Case, Count]]) -> Tri:
    """A sex crime: a listed one, or public or private indecency after an earlier conviction
    of a listed one."""
    prior = k_or(
        *(
            k_and(
                _is(o, Disposition.CONVICTED),
                _listed_sex_crime(person, o),
                _before(o.disposition_date, count.disposition_date),
            )
            for _, o in others
        )
    )
    return k_or(_listed_sex_crime(person, count), k_and(_in(count.citation, _INDECENCY), prior))


def _start(count: Count) -> object:
    """The later of conviction and release from imprisonment."""
    convicted_on = count.disposition_date
    if convicted_on is None:
        return _UNKNOWN
    s = count.sentence
    release = s.incarceration_release_date
    with_release: object = _UNKNOWN if release is None else max(convicted_on, release)
    if s.incarcerated is True:
        return with_release
    if s.incarcerated is False:
        return convicted_on
    return convicted_on if with_release == convicted_on else _UNKNOWN


def _latest_over(members: list[tuple[Tri, object]]) -> object:
    """Latest value over sure (True) and possible (None) members; unknown if a possible member
    could be the latest, or a member's value is unknown."""
    sure = [v for m, v in members if m is True]
    unsure = [v for m, v in members if m is None]
    if any(v is _UNKNOWN for v in sure + unsure):
        return _UNKNOWN
    top = max(sure) if sure else None  # type: ignore[type-var]
    if top is None:
        return _UNKNOWN
    for v in unsure:
        if v > top:  # type: ignore[operator]
            return _UNKNOWN
    return top


def _relief(day: date, as_of: date) -> OracleResult:
    day = max(day, EFFECTIVE_DATE)
    return OracleResult(SET_ASIDE if as_of >= day else NOT_ELIGIBLE, day)


# --- non-convictions -------------------------------------------------------------------------


def _non_conviction(count: Count, as_of: date) -> OracleResult:
    disposition = count.disposition
    day = count.disposition_date
    results = set()
    duii = _in(count.citation, _DUII) if disposition is Disposition.DIVERTED else False
    for traffic_violation in worlds(_traffic_violation(count)):
        if traffic_violation:  # HB 4097: never set aside
            results.add(NEVER)
        elif disposition is Disposition.NOLLE_PROSEQUI:
            results.add(NEEDS_REVIEW if day is None else _relief(day + timedelta(days=60), as_of))
        else:
            for is_duii in worlds(duii):
                if is_duii:
                    results.add(NEVER)
                else:
                    results.add(NEEDS_REVIEW if day is None else _relief(day, as_of))
    return collapse(results)


# --- convictions -----------------------------------------------------------------------------


def _conviction_world(w: World, count: Count, as_of: date) -> OracleResult:
    level = w.get("level")
    klass = w.get("class")
    # Exclusions (never).
    if level is Level.FELONY and klass == "A":
        return NEVER
    if level is Level.FELONY and klass == "B" and w.flag("person_felony"):
        return NEVER
    if w.flag("sex_crime") or w.flag("vehicle_code"):
        return NEVER
    if w.flag("child_abuse_offense") and w.flag("child_abuse"):
        return NEVER
    # The period.
    years = 1 if level is Level.VIOLATION else _YEARS.get((level, klass))  # type: ignore[arg-type]
    if w.flag("marijuana") and w.flag("under_21") and not w.flag("other_conviction"):
        convicted_on = count.disposition_date
        if convicted_on is None:
            return NEEDS_REVIEW
        day = add_years(convicted_on, 1)
    elif years is None:
        return NEVER
    else:
        start = _start(count)
        if start is _UNKNOWN:
            return NEEDS_REVIEW
        assert isinstance(start, date)
        day = add_years(start, years)
    # Supervision.
    if w.flag("supervised"):  # supervision not ended on the as-of date
        end = count.sentence.supervision_end_date
        if end is None:
            return NEEDS_REVIEW
        if end > as_of:
            day = max(day, end)
    # Restitution paid in full: not before the payment (State v. Grant).
    if w.flag("restitution_paid"):
        paid_on = count.financial.restitution_paid_date
        if paid_on is None:
            return NEEDS_REVIEW
        day = max(day, paid_on)
    # Another conviction: not before its date plus this count's period.
    if w.flag("other_conviction"):
        latest = w.get("latest_other")
        if latest is _UNKNOWN or years is None:
            return NEEDS_REVIEW
        assert isinstance(latest, date)
        day = max(day, add_years(latest, years))
    return _relief(day, as_of)


def _conviction(
    person: Person, count: Count, others: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    other_members = [
        (k_and(_is(o, Disposition.CONVICTED), _counts_as_conviction(o)), o) for _, o in others
    ]
    any_other = k_or(*(m for m, _ in other_members))
    latest_other = _latest_over(
        [
            (m, _UNKNOWN if o.disposition_date is None else o.disposition_date)
            for m, o in other_members
        ]
    )
    pending = k_or(
        *(
            k_and(
                _level_is(o, Level.FELONY, Level.MISDEMEANOR),
                k_or(
                    _is(o, Disposition.PENDING),
                    None if case.status is None else case.status is CaseStatus.OPEN,
                ),
            )
            for case, o in others
        )
    )
    birth, convicted_on = person.birth_date, count.disposition_date
    under_21: Tri = (
        None if birth is None or convicted_on is None else age_on(birth, convicted_on) < 21
    )
    f = count.financial
    paid = f.restitution_paid
    choices: dict[str, tuple[object, ...]] = {
        "level": _LEVEL_WORLDS if count.level is None else (count.level,),
        "class": _CLASS_WORLDS if count.offense_class is None else (count.offense_class,),
        "sex_crime": worlds(_sex_crime(person, count, others)),
        "unpaid": worlds(k_and(f.restitution_ordered, None if paid is None else not paid)),
        "restitution_paid": worlds(k_and(f.restitution_ordered, paid)),
        "vehicle_code": worlds(_in(count.citation, _VEHICLE)),
        "child_abuse_offense": worlds(_in(count.citation, _CHILD_ABUSE)),
        "person_felony": worlds(_flag(count, "person_felony")),
        "child_abuse": worlds(_flag(count, "child_abuse")),
        "marijuana": worlds(_flag(count, "marijuana_element")),
        "under_21": worlds(under_21),
        "supervised": worlds(count.sentence.supervised),
        "other_conviction": worlds(any_other),
        "latest_other": (latest_other,),
    }
    base = collapse(explore(lambda w: _conviction_world(w, count, as_of), choices))
    # A pending charge, or restitution on record as unpaid: not now, date unknown.  Like every
    # block, it decides only a count that would otherwise get relief on a known date: one
    # needing review stays under review.
    if base == NEEDS_REVIEW or base.eligible_on == "never":
        return base
    blocks = {"pending": worlds(pending), "unpaid": choices["unpaid"]}
    return collapse(
        explore(lambda w: BLOCKED if w.flag("pending") or w.flag("unpaid") else base, blocks)
    )


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """ORS 137.225 / 137.226 for every Oregon count that ended in a conviction or not."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for k, (case, count) in enumerate(everything):
        in_or = None if case.jurisdiction is None else case.jurisdiction == JURISDICTION
        ended = count.disposition not in (None, Disposition.UNKNOWN, Disposition.PENDING)
        known = count.disposition not in (None, Disposition.UNKNOWN)
        in_scope = k_and(in_or, ended if known else None)
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None:
            decisions[key] = NEEDS_REVIEW
        elif count.disposition is Disposition.CONVICTED:
            others = everything[:k] + everything[k + 1 :]
            decisions[key] = _conviction(person, count, others, as_of)
        else:
            decisions[key] = _non_conviction(count, as_of)
    return decisions
