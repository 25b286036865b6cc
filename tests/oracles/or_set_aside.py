"""Oracle for Oregon's set-aside statute, ORS 137.225 (SB 397) with ORS 137.226.

Written from the text in ``docs/sources/or-set-aside.md`` and the INTERPRETATION and GAP notes
of ``statutes/or/set-aside.law``, not from the DSL encoding:

* scope: an Oregon count that ended in a conviction or in a dismissal, acquittal, nolle
  prosequi (no accusatory instrument) or diversion;
* non-convictions: a traffic violation (an infraction, or a violation under the Vehicle Code,
  ORS chapters 801-826): never (HB 4097); dismissal, acquittal, diversion other than DUII
  (ORS 813.010): at once; nolle prosequi: 60 days;
* convictions, in this order:
  - never: a Class A felony, a Class B person felony (the OAR 213-003-0001(14) tables: always;
    an attempt, conspiracy or solicitation of a listed one, a crime-category row, or a bare
    section whose listed subsection is not shown: when the fact says so), a sex crime (the ORS
    163A.005(5) tables with attempts; the circumstance table when the fact says so; sexual
    misconduct by an offender 18 or older on the offense date; public or private indecency
    after an earlier conviction of one of those), unless (ORS 137.225(6) as RecordSponge quotes
    it) it is an ORS 163A.140(1)(a) offense and the person was relieved of reporting, or a
    Class C felony committed before 16 on the age-gap conditions, and no other Oregon
    conviction of a crime is barred by its type (a listed sex crime neither exception reaches
    among them), an ORS 137.225(6) offense (criminally
    negligent homicide as a Class C felony; assault III under 163.165(1)(h), or the bare section
    when the fact says so; criminal mistreatment II of a victim 65 or older; criminal
    mistreatment I of a victim 65 or older or that is child abuse; endangering a minor under
    163.575(1)(a) that is child abuse), a Vehicle Code offense;
  - ORS 137.226(2): a marijuana offense (the marijuana table, or the possible table when the
    fact says so) committed before 2017-04-21 takes the class the fact `marijuana_class` gives;
  - the period: ORS 137.226(1) (a marijuana offense, under 21 at conviction, no other
    conviction that is not a motor vehicle violation): one year from judgment; else Class B
    felony 7, Class C felony 5, Class A misdemeanor 3, Class B/C misdemeanor or violation 1
    year from the later of conviction and release; any other class: never;
  - not before three years from the revocation of the sentence's probation (a supervised
    sentence; the date the court's form and RecordSponge give for the paragraph not read),
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
#: A revoked probation: three years from the revocation (ORS 137.225; docs/sources/or-set-aside.md).
REVOCATION_YEARS = 3
SET_ASIDE = "set_aside"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED = OracleResult(NOT_ELIGIBLE, "unknown")
_UNKNOWN = object()

_SEX = table("or", "sex-crimes", "attempt")
_SEX_IF = table("or", "sex-crimes-circumstance", "attempt")
_MISCONDUCT = CitationSet([parse_pattern("ORS 163.445")], ("attempt",))
_INDECENCY = CitationSet(parse_pattern(p) for p in ("ORS 163.465", "ORS 163.467"))
#: ORS 163A.140(1)(a): the sex crimes a court may relieve of reporting, with their attempts.
_RELIEF = CitationSet(
    (parse_pattern(f"ORS 163.{n}") for n in ("355", "385", "415", "425", "435", "445")),
    ("attempt",),
)
_PERSON = table("or", "person-felonies")
_PERSON_INCHOATE = table("or", "person-felonies", "attempt", "conspiracy", "solicitation")
_PERSON_IF = table("or", "person-felonies-circumstance")
_PERSON_OTHER = CitationSet(
    parse_pattern(p)
    for p in (
        "ORS 164.886(1)",
        "ORS 164.886(2)",
        "ORS 164.886(4)",
        *(f"ORS 475.752({k})" for k in (1, 2, 3, 4, 5, 7, 8)),
        "ORS 475.752(6)(b)",
        "ORS 837.365(1)",
        "ORS 837.365(2)(a)",
        "ORS 837.365(3)",
    )
)
_MARIJUANA = table("or", "marijuana-offenses")
_MARIJUANA_POSSIBLE = table("or", "marijuana-possible")
#: ORS 137.226(2): conduct before this day takes today's class.
_RECLASSIFIED_BEFORE = date(2017, 4, 21)
_CLASSES_TODAY = {
    "A felony": (Level.FELONY, "A"),
    "B felony": (Level.FELONY, "B"),
    "C felony": (Level.FELONY, "C"),
    "A misdemeanor": (Level.MISDEMEANOR, "A"),
    "B misdemeanor": (Level.MISDEMEANOR, "B"),
    "C misdemeanor": (Level.MISDEMEANOR, "C"),
}


def _patterns(*texts: str) -> CitationSet:
    return CitationSet(parse_pattern(p) for p in texts)


_HOMICIDE = _patterns("ORS 163.145")
_ASSAULT_CHILD = _patterns("ORS 163.165(1)(h)")
_ASSAULT = _patterns("ORS 163.165")
_ASSAULT_OTHER = _patterns(
    *(f"ORS 163.165(1)({p})" for p in "abcdefgijk"), "ORS 163.165(2)", "ORS 163.165(3)"
)
_MISTREATMENT_2 = _patterns("ORS 163.200")
_MISTREATMENT_1 = _patterns("ORS 163.205")
_ENDANGERING = _patterns("ORS 163.575(1)(a)")
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


def _person_felony(count: Count) -> Tri:
    """OAR 213-003-0001(14), by the tables."""
    c = count.citation
    possible = k_or(
        _in(c, _PERSON_INCHOATE), k_and(_in(c, _PERSON_IF), k_not(_in(c, _PERSON_OTHER)))
    )
    return k_or(_in(c, _PERSON), k_and(possible, _flag(count, "person_felony")))


def _marijuana(count: Count) -> Tri:
    """ORS 137.226: a marijuana offense by the tables."""
    c = count.citation
    return k_or(
        _in(c, _MARIJUANA),
        k_and(_in(c, _MARIJUANA_POSSIBLE), _flag(count, "marijuana_element")),
    )


def _subsection_6(count: Count) -> Tri:
    """ORS 137.225(6) as RecordSponge quotes it (sex crimes apart)."""
    c = count.citation
    elderly, abuse = _flag(count, "elderly_victim"), _flag(count, "child_abuse")
    class_c_felony = (
        None
        if count.level is None or count.offense_class is None
        else count.level is Level.FELONY and count.offense_class == "C"
    )
    return k_or(
        k_and(_in(c, _HOMICIDE), class_c_felony),
        _in(c, _ASSAULT_CHILD),
        k_and(
            _in(c, _ASSAULT),
            k_not(_in(c, _ASSAULT_OTHER)),
            _flag(count, "assault_child_victim"),
        ),
        k_and(_in(c, _MISTREATMENT_2), elderly),
        k_and(_in(c, _MISTREATMENT_1), k_or(elderly, abuse)),
        k_and(_in(c, _ENDANGERING), abuse),
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


def _class_eq(count: Count, klass: str) -> Tri:
    return None if count.offense_class is None else count.offense_class == klass


def _class_is(count: Count, level: Level, klass: str) -> Tri:
    """The count's level and class, or for a marijuana offense before 2017-04-21 the class it
    would have today (ORS 137.226(2))."""
    today = count.facts.get("marijuana_class")
    reclassified = k_and(_marijuana(count), _before(count.offense_date, _RECLASSIFIED_BEFORE))
    as_recorded = k_and(_level_is(count, level), _class_eq(count, klass))
    as_today: Tri = (
        None if not isinstance(today, str) else _CLASSES_TODAY.get(today) == (level, klass)
    )
    return k_or(k_and(reclassified, as_today), k_and(k_not(reclassified), as_recorded))


def _young_class_c_felony(person: Person, count: Count) -> Tri:
    """A Class C felony committed before the person's 16th birthday."""
    birth, offended = person.birth_date, count.offense_date
    young: Tri = None if birth is None or offended is None else age_on(birth, offended) < 16
    return k_and(_level_is(count, Level.FELONY), _class_eq(count, "C"), young)


def _barred_by_type(person: Person, case: Case, count: Count) -> Tri:
    """An Oregon conviction of a crime the section bars by its type: a Class A felony, a Class B
    person felony, an ORS 137.225(6) offense, a Vehicle Code crime, or a listed sex crime that
    neither exception of (6) can reach."""
    in_or = None if case.jurisdiction is None else case.jurisdiction == JURISDICTION
    crime = _level_is(count, Level.FELONY, Level.MISDEMEANOR)
    unreachable_sex_crime = k_and(
        _listed_sex_crime(person, count),
        k_not(_in(count.citation, _RELIEF)),
        k_not(_young_class_c_felony(person, count)),
    )
    return k_and(
        in_or,
        crime,
        k_or(
            _class_is(count, Level.FELONY, "A"),
            k_and(_class_is(count, Level.FELONY, "B"), _person_felony(count)),
            _subsection_6(count),
            _in(count.citation, _VEHICLE),
            unreachable_sex_crime,
        ),
    )


def _sex_crime_excepted(person: Person, count: Count, others: list[tuple[Case, Count]]) -> Tri:
    """ORS 137.225(6) as RecordSponge quotes it: "Any sex crime, unless" (A) an ORS
    163A.140(1)(a) offense and the person relieved of reporting, or (B) a Class C felony
    committed before 16 on the age-gap conditions; either with no other barred conviction."""
    barred_other = k_or(
        *(k_and(_is(o, Disposition.CONVICTED), _barred_by_type(person, c, o)) for c, o in others)
    )
    relieved = k_and(_in(count.citation, _RELIEF), _flag(count, "relieved_from_reporting"))
    young = k_and(_young_class_c_felony(person, count), _flag(count, "young_offender_conditions"))
    return k_and(k_not(barred_other), k_or(relieved, young))


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
    if w.flag("reclassified"):  # ORS 137.226(2): today's class
        level, klass = _CLASSES_TODAY.get(w.get("class_today"), (None, None))  # type: ignore[arg-type]
    # Exclusions (never).
    if level is Level.FELONY and klass == "A":
        return NEVER
    if level is Level.FELONY and klass == "B" and w.flag("person_felony"):
        return NEVER
    if w.flag("sex_crime") or w.flag("vehicle_code") or w.flag("subsection_6"):
        return NEVER
    # The period.
    years = 1 if level is Level.VIOLATION else _YEARS.get((level, klass))  # type: ignore[arg-type]
    if level is None:  # a reclassified class outside the six: no period
        years = None
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
    # Probation revoked: three years from the revocation.
    if w.flag("revoked"):
        revoked_on = count.sentence.probation_revoked_date
        if revoked_on is None:
            return NEEDS_REVIEW
        day = max(day, add_years(revoked_on, REVOCATION_YEARS))
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
    marijuana = _marijuana(count)
    class_today = count.facts.get("marijuana_class")
    choices: dict[str, tuple[object, ...]] = {
        "level": _LEVEL_WORLDS if count.level is None else (count.level,),
        "class": _CLASS_WORLDS if count.offense_class is None else (count.offense_class,),
        "sex_crime": worlds(
            k_and(
                _sex_crime(person, count, others),
                k_not(_sex_crime_excepted(person, count, others)),
            )
        ),
        "unpaid": worlds(k_and(f.restitution_ordered, None if paid is None else not paid)),
        "restitution_paid": worlds(k_and(f.restitution_ordered, paid)),
        "vehicle_code": worlds(_in(count.citation, _VEHICLE)),
        "subsection_6": worlds(_subsection_6(count)),
        "person_felony": worlds(_person_felony(count)),
        "marijuana": worlds(marijuana),
        "reclassified": worlds(k_and(marijuana, _before(count.offense_date, _RECLASSIFIED_BEFORE))),
        "class_today": (class_today,) if isinstance(class_today, str) else (*_CLASSES_TODAY, ""),
        "under_21": worlds(under_21),
        "supervised": worlds(count.sentence.supervised),
        "revoked": worlds(k_and(count.sentence.supervised, count.sentence.probation_revoked)),
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
