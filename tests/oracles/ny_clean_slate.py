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
* (b)(v) sex offenses and sexually violent offenses (Correction Law 168-a(2), (3)), read from
  the statute's tables (``statutes/ny/tables``), attempts included ("a conviction of or a
  conviction for an attempt to commit"); the ones that depend on the victim's age, the parent
  or the subdivision are settled by a New York sex offender registration that only this
  conviction can be for (dated on or after it, with no other conviction dated on or before it
  that is of another state or is or can be a 168-a offense); (b)(vi) class A felonies outside
  PL article 220 (or an attempt of one);
* (b)(viii)/(ix) are not in force (no federal access yet).

Unknowns follow the project's three-valued reading (``clearlaw/evaluate.py``, "How a count is
decided"): a yes/no question the record cannot answer is decided both ways, and if the answers
differ the count needs review; a *date* the decision needs is unknown as soon as anything it
is computed from is unknown.  In particular (each is a plain reading of that convention; the
report on the differential tests discusses where it is more cautious than possible worlds):

* an unknown level leaves the waiting period, and so the sealing date, unknown;
* a later conviction that would move the start of the clock but may not count (its
  membership is unknown), or whose own start is unknown, leaves the end unknown; one whose
  date is unknown leaves it unknown unless it could not move the start;
* (b)(iii) and (b)(iv) act on the decision of the rest of the statute: when that cannot be
  made (needs review), neither can theirs.

The bars of (b)(v)-(vi) are decided in possible worlds of the count's own facts (class, the
victim's age, parenthood, an earlier sex offense).
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
    k_not,
    k_or,
    worlds,
)
from .tables import table

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
#: A world where no bar of (b)(v)-(vi) applies.
_NOT_BARRED = OracleResult("(not barred)", "unknown")

JURISDICTION = "US-NY"

#: L.2023 ch. 631: nothing is sealed before the act takes effect.
EFFECTIVE_DATE = date(2024, 11, 16)


def _table(name: str) -> CitationSet:
    """A 168-a table: each list reads "a conviction of or a conviction for an attempt to
    commit" its sections."""
    return table("ny", name, "attempt")


def _set(*patterns: str) -> CitationSet:
    return CitationSet(parse_pattern(p) for p in patterns)


def _union(*sets: CitationSet) -> CitationSet:
    """One set of the patterns of ``sets``, attempts included (as every 168-a list)."""
    return CitationSet((p for s in sets for p in s.patterns), ("attempt",))


#: Correction Law 168-a(2)(a)(i)-(ii), (2)(e): registrable whatever the circumstances.  Every
#: 168-a list reads "a conviction of or a conviction for an attempt to commit".
SEX_OFFENSES: CitationSet = _table("ny-168a-2-sex-offenses")
#: Correction Law 168-a(3)(a): sexually violent offenses.
SEXUALLY_VIOLENT_OFFENSES: CitationSet = _table("ny-168a-3a-sexually-violent")
#: Correction Law 168-a(2)(a)(i): kidnapping offenses, if the victim is under 17 and the
#: offender is not a parent.
CHILD_KIDNAPPING: CitationSet = _table("ny-168a-2-child-kidnapping")
#: Correction Law 168-a(2)(b)-(c): forcible touching / sexual abuse 3rd, if the victim is under
#: 18 or after an earlier sex offense conviction.
FORCIBLE_TOUCHING: CitationSet = _table("ny-168a-2bc-forcible-touching")
#: Correction Law 168-a(2)(a)(i): patronizing / promoting prostitution of a person under 17.
PATRONIZING_A_MINOR: CitationSet = _table("ny-168a-2-minor-prostitution")
#: Correction Law 168-a(2)(a)(i), (2)(e): PL 230.30 and 250.45 are listed by subdivision only.
SUBDIVISION_SECTIONS: CitationSet = _table("ny-168a-2-unspecified-subdivision")


#: The subdivisions of those sections 168-a does not list.
_OTHER_SUBDIVISIONS = _set("PL 230.30(1)", "PL 250.45(1)")
#: A registration under Correction Law article 6-C.
_NY_REGISTRATION = _set("CORR 168", "CORR 168-*")
#: CPL 160.57(1)(b)(vi): class A felonies under PL article 220 stay eligible, and so do their
#: attempts (an attempted A-I drug felony is a class A felony too; the file's INTERPRETATION).
_ARTICLE_220 = CitationSet([parse_pattern("PL 220.*")], ("attempt",))
#: CPL 160.57(1)(b)(vi): class A, A-I, A-II.
CLASS_A: frozenset[str] = frozenset({"A", "A-I", "A-II"})
#: CPL 160.57(1)(a): driving while ability impaired.
DWAI: Citation = parse_citation("VTL 1192(1)")

_SEX_OR_VIOLENT = _union(SEX_OFFENSES, SEXUALLY_VIOLENT_OFFENSES)
_EARLIER_SEX = _union(SEX_OFFENSES, SEXUALLY_VIOLENT_OFFENSES, FORCIBLE_TOUCHING)
_ANY_168A = _union(
    SEX_OFFENSES,
    SEXUALLY_VIOLENT_OFFENSES,
    CHILD_KIDNAPPING,
    FORCIBLE_TOUCHING,
    PATRONIZING_A_MINOR,
    SUBDIVISION_SECTIONS,
)

MISDEMEANOR_YEARS = 3  # (b)(i)
FELONY_YEARS = 8  # (b)(ii)
DWAI_YEARS = 3  # (a)

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


def _flag(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _subdivision_unknown(citation: Citation) -> bool:
    """PL 230.30 or 250.45 cited without a subdivision 168-a names (or excludes)."""
    return (
        citation in SUBDIVISION_SECTIONS
        and citation not in SEX_OFFENSES
        and citation not in _OTHER_SUBDIVISIONS
    )


def _registration_after(person: Person, count: Count) -> date | bool | None:
    """The date of the person's first New York sex offender registration on or after this
    conviction; ``False`` when there is surely none, ``None`` when it is unknown."""
    sure: list[date] = []
    unsure: list[date | None] = []
    for reg in person.registrations:
        if reg.kind != "sex_offender":
            continue
        in_ny = None if reg.citation is None else reg.citation in _NY_REGISTRATION
        after = (
            None
            if reg.date is None or count.disposition_date is None
            else reg.date >= count.disposition_date
        )
        member = k_and(in_ny, after)
        if member is True:
            assert reg.date is not None
            sure.append(reg.date)
        elif member is None:
            unsure.append(reg.date)
    first = min(sure) if sure else None
    if any(d is None or first is None or d < first for d in unsure):
        return None  # an unsure registration could be the first
    return False if first is None else first


def _registered_for_this(person: Person, count: Count, others: list[tuple[Case, Count]]) -> Tri:
    """A New York registration only this conviction can be for (INTERPRETATION in the .law):
    dated on or after it, and no other conviction dated on or before the registration that is
    another state's or is or can be a 168-a offense."""
    first = _registration_after(person, count)
    if first is None or first is False:
        return first
    assert isinstance(first, date)
    competitor = k_or(
        *(
            k_and(
                _convicted(other),
                k_or(
                    k_not(_in_ny(other_case)),
                    None
                    if other.citation is None
                    else other.citation in _ANY_168A or _subdivision_unknown(other.citation),
                ),
                None if other.disposition_date is None else other.disposition_date <= first,
            )
            for other_case, other in others
        )
    )
    return k_not(competitor)


# --- the clock with the subsequent-conviction proviso ----------------------------------------


def _end(start: date, years: int) -> date:
    """The end of a period, never before the Act took effect (INTERPRETATION (2))."""
    return max(add_years(start, years), EFFECTIVE_DATE)


def _sealing_date(count: Count, years: int, others: list[tuple[Case, Count]]) -> date | None:
    """The date on which this count's period runs out, or ``None`` if it is unknown."""
    start = _clock_start(count)
    if start is None:
        return None
    later: list[tuple[date, Tri, date | None]] = []  # (conviction date, membership, start)
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
        if other.disposition_date is None:
            # Whether and when it came is unknown: it cannot matter only if it would not move
            # the start (which only ever moves later).
            other_start = _clock_start(other)
            if other_start is None or other_start > start:
                return None
            continue
        later.append((other.disposition_date, member, _clock_start(other)))
    later.sort(key=lambda x: x[0])
    end = _end(start, years)
    for convicted_on, member, other_start in later:
        if convicted_on >= end:  # convicted after this count's period had run
            break
        if other_start is None:
            return None
        if other_start <= start:  # the start never moves back
            continue
        if member is None:
            return None
        start, end = other_start, _end(other_start, years)
    return end


# --- the decision ----------------------------------------------------------------------------


def _relief_on(day: object, as_of: date) -> OracleResult:
    """A relief rule's outcome from ``day`` (never before the effective date)."""
    if day is None:
        return NEEDS_REVIEW  # sealing would come on a date the record does not give
    assert isinstance(day, date)
    day = max(day, EFFECTIVE_DATE)
    return OracleResult(SEAL, day) if as_of >= day else OracleResult(NOT_ELIGIBLE, day)


def _bars(w: World, citation: Citation) -> bool:
    """Whether (b)(v) or (b)(vi) bars sealing in this world."""
    # (b)(v): sex offense or sexually violent offense (168-a(2)(a)(i)-(ii), (2)(e), (3)).
    if citation in _SEX_OR_VIOLENT:
        return True
    # A registration only this conviction can be for settles the conditions below.
    conditional = (
        citation in CHILD_KIDNAPPING
        or citation in FORCIBLE_TOUCHING
        or citation in PATRONIZING_A_MINOR
        or _subdivision_unknown(citation)
    )
    if conditional and w.flag("registered"):
        return True
    # 168-a(2)(a)(i), (2)(e): PL 230.30 / 250.45 without the subdivision.
    if _subdivision_unknown(citation) and w.flag("registrable_subdivision"):
        return True
    # 168-a(2)(a)(i): kidnapping offenses against a child (under 17), offender not a parent.
    if citation in CHILD_KIDNAPPING:
        age = w.get("victim_age")
        assert isinstance(age, int | float)
        if age < 17 and not w.flag("offender_is_parent"):
            return True
    # 168-a(2)(b)-(c): forcible touching of a minor (under 18), or after a sex offense.
    if citation in FORCIBLE_TOUCHING:
        age = w.get("victim_age")
        assert isinstance(age, int | float)
        if age < 18 or w.flag("earlier_sex_offense"):
            return True
    # 168-a(2)(a)(i): patronizing / promoting prostitution of a person under 17.
    if citation in PATRONIZING_A_MINOR:
        age = w.get("victim_age")
        assert isinstance(age, int | float)
        if age < 17:
            return True
    # (b)(vi): class A felony "defined in the penal law", other than PL article 220 (a felony
    # of another law, a felony DWI under VTL 1192, is none whatever its class).
    return (
        w.get("level") is Level.FELONY
        and citation.code == "PL"
        and citation not in _ARTICLE_220
        and w.flag("class_a")
    )


def _paragraph_b(
    count: Count, level: Level, others: list[tuple[Case, Count]], as_of: date
) -> OracleResult:
    """(b)(iii), (b)(iv) and the waiting periods of (b)(i)-(ii), for a known level."""
    this_date = count.disposition_date
    # (b)(i) misdemeanor 3 years, (b)(ii) felony 8 years, with the proviso.
    if level is Level.MISDEMEANOR:
        rules = _relief_on(_sealing_date(count, MISDEMEANOR_YEARS, others), as_of)
    elif level is Level.FELONY:
        rules = _relief_on(_sealing_date(count, FELONY_YEARS, others), as_of)
    else:
        rules = NEVER
    # (b)(iv): not while under supervision for this conviction (not before it ends).
    decided: set[OracleResult] = set()
    for supervised in worlds(count.sentence.supervised):
        end = count.sentence.supervision_end_date
        if not supervised or rules is NEVER or rules is NEEDS_REVIEW:
            decided.add(rules)
        elif end is None:
            decided.add(NEEDS_REVIEW)
        else:
            assert isinstance(rules.eligible_on, date)
            decided.add(_relief_on(max(rules.eligible_on, end), as_of))
    rest = collapse(decided)
    # (b)(iii): a later criminal charge pending in New York: not now, date unknown (unless the
    # rest says never, or cannot decide).
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
    decided = set()
    for pending in worlds(pending_charge):
        blocked = pending and rest is not NEVER and rest is not NEEDS_REVIEW
        decided.add(BLOCKED_FOR_NOW if blocked else rest)
    return collapse(decided)


def _decide_count(
    person: Person,
    count: Count,
    citation: Citation,
    level: Level,
    others: list[tuple[Case, Count]],
    as_of: date,
) -> OracleResult:
    this_date = count.disposition_date
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
    choices: dict[str, tuple[object, ...]] = {
        "level": (level,),
        "class_a": worlds(None if count.offense_class is None else count.offense_class in CLASS_A),
        "victim_age": _victim_age(count),
        "offender_is_parent": worlds(_flag(count, "offender_is_parent")),
        "registrable_subdivision": worlds(_flag(count, "registrable_subdivision")),
        "earlier_sex_offense": worlds(earlier_sex_offense),
        "registered": worlds(_registered_for_this(person, count, others)),
    }
    barred = explore(lambda w: NEVER if _bars(w, citation) else _NOT_BARRED, choices)
    results = barred - {_NOT_BARRED}
    if _NOT_BARRED in barred:
        crime = level in (Level.FELONY, Level.MISDEMEANOR)
        if citation == DWAI and not crime:
            # (a): three years from the conviction; (b)(iii)-(ix) belong to paragraph (b).
            when = None if this_date is None else add_years(this_date, DWAI_YEARS)
            results.add(_relief_on(when, as_of))
        else:
            results.add(_paragraph_b(count, level, others, as_of))
    return collapse(results)


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
        if in_scope is None or count.citation is None or count.level is None:
            # Unknown scope; an unknown citation (a sex offense or not); an unknown level
            # (the waiting period, so the sealing date, is unknown).
            decisions[key] = NEEDS_REVIEW
            continue
        others = everything[:k] + everything[k + 1 :]
        decisions[key] = _decide_count(person, count, count.citation, count.level, others, as_of)
    return decisions
