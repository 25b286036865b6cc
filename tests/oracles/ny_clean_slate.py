"""Oracle for New York's Clean Slate Act, CPL 160.57(1) (effective 2024-11-16).

Outcomes: ``seal`` and ``not_eligible``.  Written from the statute text quoted in
``statutes/ny/clean-slate.law`` and the INTERPRETATION notes there, not from the DSL encoding:

* scope: a New York conviction of a crime (felony or misdemeanor, PL 10.00(6)) or of
  VTL 1192(1) (160.57(1));
* (a) VTL 1192(1) that is not a crime: sealed three years after the conviction, whatever
  (b)(iii)-(ix) say;
* (b)(i)/(ii) three / eight years from release (or sentence if no incarceration); a later New
  York conviction of a crime, entered before this count's period has run (never before the
  effective date), moves the start of this count's clock to the start of its own clock (never
  earlier); the count keeps its own period; later convictions are taken in date order;
* (b)(iii) a later New York criminal charge still pending: not now, date unknown;
* (b)(iv) supervision for this conviction: not before it ends;
* (b)(v) sex offenses and sexually violent offenses (Correction Law 168-a(2), (3)), including
  the ones that depend on the victim's age; (b)(vi) class A felonies outside PL article 220;
* (b)(viii)/(ix) are not in force (no federal access yet).

Unknowns: the count's own unknown inputs (level, class, the victim's age, parenthood) and the
three-valued facts about the person's other counts (a pending charge, an earlier sex offense,
each later conviction's membership in the restart chain, supervision) are inputs of possible
worlds, explored lazily (``tests.oracles.explore``).  A date that the decision needs and that
the record lacks makes that world undecidable.
"""

from __future__ import annotations

from datetime import date

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
    k_or,
    worlds,
)

__all__ = [
    "CHILD_KIDNAPPING",
    "EFFECTIVE_DATE",
    "FORCIBLE_TOUCHING",
    "PATRONIZING_A_MINOR",
    "SEXUALLY_VIOLENT_OFFENSES",
    "SEX_OFFENSES",
    "decide",
]

SEAL = "seal"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED_FOR_NOW = OracleResult(NOT_ELIGIBLE, "unknown")
#: A world where sealing would come on a date the record does not give.
_ON_UNKNOWN_DATE = OracleResult("(relief on an unknown date)", "unknown")

JURISDICTION = "US-NY"

#: L.2023 ch. 631: nothing is sealed before the act takes effect.
EFFECTIVE_DATE = date(2024, 11, 16)

#: Correction Law 168-a(2)(a)(i)-(ii), (2)(e): registrable whatever the circumstances.
SEX_OFFENSES: tuple[str, ...] = (
    "PL 120.70",
    "PL 130.20",
    "PL 130.25",
    "PL 130.30",
    "PL 130.40",
    "PL 130.45",
    "PL 130.60",
    "PL 230.05",
    "PL 230.06",
    "PL 230.11",
    "PL 230.12",
    "PL 230.13",
    "PL 230.30(2)",
    "PL 230.32",
    "PL 230.33",
    "PL 230.34",
    "PL 230.34-a",
    "PL 235.22",
    "PL 250.45(2)",
    "PL 250.45(3)",
    "PL 250.45(4)",
    "PL 250.50",
    "PL 255.25",
    "PL 255.26",
    "PL 255.27",
    "PL 263.*",
)
#: Correction Law 168-a(3)(a): sexually violent offenses.
SEXUALLY_VIOLENT_OFFENSES: tuple[str, ...] = (
    "PL 130.35",
    "PL 130.50",
    "PL 130.53",
    "PL 130.65",
    "PL 130.66",
    "PL 130.67",
    "PL 130.70",
    "PL 130.75",
    "PL 130.80",
    "PL 130.95",
    "PL 130.96",
)
#: Correction Law 168-a(2)(a)(i): kidnapping offenses, if the victim is under 17 and the
#: offender is not a parent.
CHILD_KIDNAPPING: tuple[str, ...] = ("PL 135.05", "PL 135.10", "PL 135.20", "PL 135.25")
#: Correction Law 168-a(2)(b)-(c): forcible touching / sexual abuse 3rd, if the victim is under
#: 18 or after an earlier sex offense conviction.
FORCIBLE_TOUCHING: tuple[str, ...] = ("PL 130.52", "PL 130.55")
#: Correction Law 168-a(2)(a)(i): patronizing / promoting prostitution of a person under 17.
PATRONIZING_A_MINOR: tuple[str, ...] = ("PL 230.04", "PL 230.25")
#: CPL 160.57(1)(b)(vi): class A felonies under PL article 220 stay eligible.
ARTICLE_220: tuple[str, ...] = ("PL 220.*",)
#: CPL 160.57(1)(b)(vi): class A, A-I, A-II.
CLASS_A: frozenset[str] = frozenset({"A", "A-I", "A-II"})
#: CPL 160.57(1)(a): driving while ability impaired.
DWAI: Citation = parse_citation("VTL 1192(1)")


def _set(patterns: tuple[str, ...]) -> CitationSet:
    return CitationSet(parse_pattern(p) for p in patterns)


_SEX_OR_VIOLENT = _set(SEX_OFFENSES + SEXUALLY_VIOLENT_OFFENSES)
_CHILD_KIDNAPPING = _set(CHILD_KIDNAPPING)
_FORCIBLE_TOUCHING = _set(FORCIBLE_TOUCHING)
_PATRONIZING = _set(PATRONIZING_A_MINOR)
_ARTICLE_220 = _set(ARTICLE_220)
_EARLIER_SEX = _set(SEX_OFFENSES + SEXUALLY_VIOLENT_OFFENSES + FORCIBLE_TOUCHING)

MISDEMEANOR_YEARS = 3  # (b)(i)
FELONY_YEARS = 8  # (b)(ii)
DWAI_YEARS = 3  # (a)

#: The levels of a count of unknown level, as far as the statute cares ("INFRACTION" stands
#: for any level that is not a crime).
_LEVEL_WORLDS: tuple[Level, ...] = (Level.FELONY, Level.MISDEMEANOR, Level.INFRACTION)
#: The victim's age, as far as 168-a cares: under 17, exactly 17, 18 or older.
_VICTIM_AGE_WORLDS: tuple[float, ...] = (16, 17, 18)


# --- reading the record ----------------------------------------------------------------------


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _pending(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.PENDING


def _crime(level: Level | None) -> Tri:
    """PL 10.00(6): a crime is a misdemeanor or a felony."""
    return None if level is None else level in (Level.FELONY, Level.MISDEMEANOR)


def _in_ny(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == JURISDICTION


def _open(case: Case) -> Tri:
    return None if case.status is None else case.status is CaseStatus.OPEN


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _strictly_after(later: date | None, earlier: date | None) -> Tri:
    if later is None or earlier is None:
        return None
    return later > earlier


def _clock_start(count: Count) -> date | None:
    """Release from incarceration, or imposition of sentence if there was none."""
    sentence = count.sentence
    if sentence.incarcerated is True:
        return sentence.incarceration_release_date
    if sentence.incarcerated is False:
        return sentence.imposed_date
    # Unknown whether incarcerated: known only when both candidate dates agree.
    if sentence.imposed_date is not None and (
        sentence.imposed_date == sentence.incarceration_release_date
    ):
        return sentence.imposed_date
    return None


def _victim_age(count: Count) -> tuple[object, ...]:
    value = count.facts.get("victim_age")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _VICTIM_AGE_WORLDS
    return (value,)


def _offender_is_parent(count: Count) -> Tri:
    value = count.facts.get("offender_is_parent")
    return value if isinstance(value, bool) else None


# --- the clock with the subsequent-conviction proviso ----------------------------------------


def _end(start: date, years: int) -> date:
    """The end of a period, never before the Act took effect (INTERPRETATION (2))."""
    return max(add_years(start, years), EFFECTIVE_DATE)


def _sealing_dates(
    count: Count, years: int, others: list[tuple[Case, Count]]
) -> frozenset[date | None]:
    """Every date on which this count's period may run out (``None``: a date nobody knows)."""
    start = _clock_start(count)
    if start is None:
        return frozenset({None})
    known: list[tuple[date, Tri, date | None]] = []  # (conviction date, membership, start)
    for other_case, other in others:
        # A later New York conviction of a crime (INTERPRETATIONS (1)-(3)).
        member = k_and(
            _convicted(other),
            _in_ny(other_case),
            _crime(other.level),
            _strictly_after(other.disposition_date, count.disposition_date),
        )
        if member is False:
            continue
        other_start = _clock_start(other)
        if other.disposition_date is None:
            # Whether and when it came before this count's period ran is unknown; it cannot
            # matter only if it would not move the start.
            if other_start is None or other_start > start:
                return frozenset({None})
            continue
        known.append((other.disposition_date, member, other_start))
    known.sort(key=lambda x: x[0])

    def chain(i: int, start: date, end: date) -> frozenset[date | None]:
        for j in range(i, len(known)):
            convicted_on, member, other_start = known[j]
            if convicted_on >= end:  # convicted after this count's period had run
                break
            if other_start is None:
                # In the worlds where it restarts the clock, the new start is unknown.
                rest = chain(j + 1, start, end) if member is None else frozenset()
                return frozenset({None}) | rest
            if other_start <= start:  # the start never moves back
                continue
            moved = chain(j + 1, other_start, _end(other_start, years))
            if member is True:
                return moved
            return moved | chain(j + 1, start, end)
        return frozenset({end})

    return chain(0, start, _end(start, years))


# --- the decision ----------------------------------------------------------------------------


def _relief_on(day: object, as_of: date) -> OracleResult:
    """A relief rule's outcome from ``day`` (never before the effective date)."""
    if day is None:
        return _ON_UNKNOWN_DATE
    assert isinstance(day, date)
    day = max(day, EFFECTIVE_DATE)
    return OracleResult(SEAL, day) if as_of >= day else OracleResult(NOT_ELIGIBLE, day)


def _decide_world(w: World, count: Count, citation: Citation, as_of: date) -> OracleResult:
    # (b)(v): sex offense or sexually violent offense (168-a(2)(a)(i)-(ii), (2)(e), (3)).
    if citation in _SEX_OR_VIOLENT:
        return NEVER
    # 168-a(2)(a)(i): kidnapping offenses against a child (under 17), offender not a parent.
    if citation in _CHILD_KIDNAPPING:
        age = w.get("victim_age")
        assert isinstance(age, int | float)
        if age < 17 and not w.flag("offender_is_parent"):
            return NEVER
    # 168-a(2)(b)-(c): forcible touching of a minor (under 18), or after a sex offense.
    if citation in _FORCIBLE_TOUCHING:
        age = w.get("victim_age")
        assert isinstance(age, int | float)
        if age < 18 or w.flag("earlier_sex_offense"):
            return NEVER
    # 168-a(2)(a)(i): patronizing / promoting prostitution of a person under 17.
    if citation in _PATRONIZING:
        age = w.get("victim_age")
        assert isinstance(age, int | float)
        if age < 17:
            return NEVER
    level = w.get("level")
    # (b)(vi): class A felony other than PL article 220.
    if level is Level.FELONY and citation not in _ARTICLE_220 and w.flag("class_a"):
        return NEVER
    crime = level in (Level.FELONY, Level.MISDEMEANOR)
    # (a): VTL 1192(1) that is not a crime: three years from conviction; (b)(iii)-(ix) are
    # conditions of paragraph (b) and do not hold it back.
    if citation == DWAI and not crime:
        return _relief_on(w.get("dwai_date"), as_of)

    def rules() -> OracleResult:
        # (b)(i) misdemeanor 3 years, (b)(ii) felony 8 years, with the proviso.
        if level is Level.MISDEMEANOR:
            return _relief_on(w.get("sealing_date_3"), as_of)
        if level is Level.FELONY:
            return _relief_on(w.get("sealing_date_8"), as_of)
        return NEVER

    def supervision() -> OracleResult:
        # (b)(iv): not while under supervision for this conviction.
        rest = rules()
        if rest is NEVER or rest is _ON_UNKNOWN_DATE or not w.flag("supervised"):
            return rest
        end = count.sentence.supervision_end_date
        if end is None:
            return _ON_UNKNOWN_DATE
        assert isinstance(rest.eligible_on, date)
        return _relief_on(max(rest.eligible_on, end), as_of)

    # (b)(iii): a later criminal charge pending in New York: not now, date unknown (unless
    # the conviction can never be sealed anyway).
    rest = supervision()
    if rest is not NEVER and w.flag("pending_charge"):
        return BLOCKED_FOR_NOW
    return rest


def _decide_count(
    count: Count, citation: Citation, others: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    this_date = count.disposition_date
    pending_charge = k_or(
        *(
            k_and(
                _in_ny(other_case),
                _crime(other.level),
                k_or(_pending(other), _open(other_case)),
                _strictly_after(other.offense_date, this_date),
            )
            for other_case, other in others
        )
    )
    earlier_sex_offense = k_or(
        *(
            k_and(
                _convicted(other),
                _strictly_after(this_date, other.disposition_date),
                _in(other.citation, _EARLIER_SEX),
            )
            for _, other in others
        )
    )
    dwai_date = None if this_date is None else add_years(this_date, DWAI_YEARS)
    choices: dict[str, tuple[object, ...]] = {
        "level": _LEVEL_WORLDS if count.level is None else (count.level,),
        "class_a": worlds(None if count.offense_class is None else count.offense_class in CLASS_A),
        "victim_age": _victim_age(count),
        "offender_is_parent": worlds(_offender_is_parent(count)),
        "earlier_sex_offense": worlds(earlier_sex_offense),
        "pending_charge": worlds(pending_charge),
        "supervised": worlds(count.sentence.supervised),
        "dwai_date": (dwai_date,),
        "sealing_date_3": tuple(_sealing_dates(count, MISDEMEANOR_YEARS, others)),
        "sealing_date_8": tuple(_sealing_dates(count, FELONY_YEARS, others)),
    }
    results = explore(lambda w: _decide_world(w, count, citation, as_of), choices)
    return collapse(NEEDS_REVIEW if r is _ON_UNKNOWN_DATE else r for r in results)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """CPL 160.57(1) for every count of ``person`` it applies to (unknown scope: review)."""
    everything = [(case, count) for case in person.cases for count in case.counts]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for k, (case, count) in enumerate(everything):
        # 160.57(1): a New York conviction of a crime, or of VTL 1192(1).
        dwai = None if count.citation is None else count.citation == DWAI
        in_scope = k_and(_convicted(count), _in_ny(case), k_or(_crime(count.level), dwai))
        if in_scope is False:
            continue
        key = (case.id, count.id)
        if in_scope is None or count.citation is None:
            # Unknown scope; or an unknown citation, which may be a sex offense or not.
            decisions[key] = NEEDS_REVIEW
            continue
        others = everything[:k] + everything[k + 1 :]
        decisions[key] = _decide_count(count, count.citation, others, as_of)
    return decisions
