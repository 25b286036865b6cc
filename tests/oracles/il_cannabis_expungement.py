"""Oracle for Illinois' minor cannabis offense provisions, 20 ILCS 2630/5.2(i).

Written from the definition of "Minor Cannabis Offense" (verbatim) and the (i)(1.5)/(i)(2)
conditions recorded in ``docs/sources/il-cannabis-expungement.md`` and the INTERPRETATION notes
of ``statutes/il/cannabis-expungement.law``:

* scope: an Illinois count under Cannabis Control Act section 4, 5 or 7 (a Section 5 delivery
  with its enhancement) that ended in a conviction or in a non-conviction (dismissed, acquitted,
  nolle prosequi, or diverted = supervision or qualified probation completed and dismissed);
* not a minor cannabis offense, or not covered: offense on or after 2019-06-25; a Section 7
  enhancement (a 550/7 citation, or a Section 5 count of a person 18 or older on the offense
  date with the fact; a Section 4 count cannot have one, nor can a person under 18); association with a violent crime — another count of the same arrest (same case, or
  an Illinois case with the same offense date) in the violent-crime table, or in the can-be
  table with its own ``violent_crime`` fact (not asked of a resisting-a-peace-officer or
  reckless-driving count below felony level: an injury makes either a felony); more than 30 grams — the amount read from the
  subsection where it settles it (statutes/il/tables/cannabis-*.csv), from the offense date for
  550/4(c) (10-30 g before P.A. 99-697, 2016-07-29; 30-100 g from it) and for a 550/4 without
  subsection (before: every misdemeanor is 30 g or less; from: class B misdemeanor or lower
  level 30 g or less, class A misdemeanor or felony more; the class in any of Illinois'
  spellings, ``Class A Misdemeanor``, ``Misdemeanor Class A``, ``a``; another value is unknown),
  else ``grams``;
* a civil law violation is outside the statute (not a crime; its records are expunged under
  5.2(c)(2.5)): a 550/4(a) count with an offense from 2016-07-29 (P.A. 99-697), or a 550/4
  without subsection there below misdemeanor level, whatever its disposition;
* (1.5) non-conviction of 30 g or less: expunged one year after the arrest, never before
  2019-06-25 (a disposition a year or more before 2019-06-25 settles it without the arrest
  date: the arrest came before the disposition);
* (2) conviction of 30 g or less: ``pardon_review`` (no relief date: the pardon is discretionary).
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import Citation, CitationSet, parse_citation, parse_pattern
from clearlaw.records import Case, Count, Disposition, Level, Person

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
)
from .classes import read_class
from .tables import table

__all__ = ["EFFECTIVE_DATE", "decide"]

JURISDICTION = "US-IL"
#: P.A. 101-27 became law on 2019-06-25.
EFFECTIVE_DATE = date(2019, 6, 25)
#: P.A. 99-697 (effective 2016-07-29) renumbered the amounts of 550/4.
RENUMBERED = date(2016, 7, 29)
GRAMS_LIMIT = 30
NEVER = OracleResult("not_eligible", "never")
PARDON_REVIEW = OracleResult("pardon_review", "never")
_CCA_4_5 = CitationSet(parse_pattern(p) for p in ("720 ILCS 550/4", "720 ILCS 550/5"))
_CCA_7 = CitationSet((parse_pattern("720 ILCS 550/7"),))
_POSSESSION_C = CitationSet((parse_pattern("720 ILCS 550/4(c)"),))
_BARE_POSSESSION = parse_citation("720 ILCS 550/4", JURISDICTION)
#: 550/4(a) from P.A. 99-697: "guilty of a civil law violation".
_CIVIL_POSSESSION = CitationSet((parse_pattern("720 ILCS 550/4(a)"),))
#: Section 7 enhances a delivery (Section 5) only: a possession count never carries it.
_DELIVERY = CitationSet((parse_pattern("720 ILCS 550/5"),))
_AT_MOST_30 = table("il", "cannabis-30-grams-or-less")
_OVER_30 = table("il", "cannabis-over-30-grams")
_VIOLENT = table("il", "violent-crimes")
_CAN_BE_VIOLENT = table("il", "can-be-violent-crimes")
#: Resisting a peace officer (720 ILCS 5/31-1(a-7)) and reckless driving (625 ILCS 5/11-503(c))
#: are felonies when they injure: below felony level they did not.
_FELONY_IF_INJURY = CitationSet(
    (parse_pattern("720 ILCS 5/31-1"), parse_pattern("625 ILCS 5/11-503"))
)
_NON_CONVICTIONS = frozenset(
    {Disposition.DISMISSED, Disposition.ACQUITTED, Disposition.NOLLE_PROSEQUI, Disposition.DIVERTED}
)


def _in_il(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == JURISDICTION


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


def _disposition_is(count: Count, kinds: frozenset[Disposition]) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition in kinds


def _flag(count: Count, name: str) -> Tri:
    value = count.facts.get(name)
    return value if isinstance(value, bool) else None


def _before(day: date | None, limit: date) -> Tri:
    return None if day is None else day < limit


def _level_is(count: Count, level: Level) -> Tri:
    return None if count.level is None else count.level is level


def _below_misdemeanor(count: Count) -> Tri:
    if count.level is None:
        return None
    return count.level not in (Level.FELONY, Level.MISDEMEANOR)


#: Illinois' classes (730 ILCS 5/5-4.5-25 to -65; petty and business offenses have none) as court
#: data spells them (by ``classes.spelling_key``).
_IL_CLASSES = {
    form.format(c=c): c
    for classes, kind in (("X1234", "FELONY"), ("ABC", "MISDEMEANOR"))
    for c in classes
    for form in ("{c}", f"{{c}}{kind}", f"{kind}{{c}}", f"{kind}CLASS{{c}}")
}


def _class_is(count: Count, value: str) -> Tri:
    """Whether the count's class is ``value`` (unknown: nothing written, or no Illinois class)."""
    known = read_class(count.offense_class, _IL_CLASSES)
    return None if known is None else known == value


def _bare(count: Count) -> Tri:
    return None if count.citation is None else count.citation == _BARE_POSSESSION


def _amount_by_record(count: Count) -> tuple[Tri, Tri]:
    """(at most 30 g, more than 30 g) as the citation, offense date, level and class say."""
    before = _before(count.offense_date, RENUMBERED)
    misdemeanor = _level_is(count, Level.MISDEMEANOR)
    at_most = k_or(
        _in(count.citation, _AT_MOST_30),
        k_and(before, k_or(_in(count.citation, _POSSESSION_C), k_and(_bare(count), misdemeanor))),
        k_and(
            k_not(before),
            _bare(count),
            k_or(_below_misdemeanor(count), k_and(misdemeanor, _class_is(count, "B"))),
        ),
    )
    over = k_or(
        _in(count.citation, _OVER_30),
        k_and(
            k_not(before),
            k_or(
                _in(count.citation, _POSSESSION_C),
                k_and(
                    _bare(count),
                    k_or(
                        _level_is(count, Level.FELONY),
                        k_and(misdemeanor, _class_is(count, "A")),
                    ),
                ),
            ),
        ),
    )
    return at_most, over


def _civil_law_violation(count: Count) -> Tri:
    """A civil law violation (550/4(a) from P.A. 99-697), as the offense date, citation and
    level say."""
    return k_and(
        k_not(_before(count.offense_date, RENUMBERED)),
        k_or(
            _in(count.citation, _CIVIL_POSSESSION),
            k_and(_bare(count), _below_misdemeanor(count)),
        ),
    )


def _grams_ok(count: Count) -> Tri:
    at_most, over = _amount_by_record(count)
    value = count.facts.get("grams")
    grams: Tri = None
    if not isinstance(value, bool) and isinstance(value, int | float):
        grams = value <= GRAMS_LIMIT
    return k_or(at_most, k_and(k_not(over), grams))


def _same_arrest(case: Case, count: Count, other_case: Case, other: Count) -> Tri:
    if other_case.id == case.id:
        return True
    same_day = (
        None
        if count.offense_date is None or other.offense_date is None
        else count.offense_date == other.offense_date
    )
    return k_and(_in_il(other_case), same_day)


def _associated_violent_crime(person: Person, case: Case, count: Count) -> Tri:
    members: list[Tri] = []
    for other_case in person.cases:
        for other in other_case.counts:
            if other_case.id == case.id and other.id == count.id:
                continue
            below_felony = None if other.level is None else other.level is not Level.FELONY
            uninjured = k_and(_in(other.citation, _FELONY_IF_INJURY), below_felony)
            violent = k_or(
                _in(other.citation, _VIOLENT),
                k_and(
                    _in(other.citation, _CAN_BE_VIOLENT),
                    k_not(uninjured),
                    _flag(other, "violent_crime"),
                ),
            )
            members.append(k_and(_same_arrest(case, count, other_case, other), violent))
    return k_or(*members)


def _decide_world(w: World, count: Count, as_of: date) -> OracleResult:
    # The exclusions of the definition and of "committed prior to June 25, 2019".
    if w.flag("after_the_act") or w.flag("enhancement") or w.flag("violent"):
        return NEVER
    if not w.flag("grams_ok"):
        return NEVER
    if w.flag("convicted"):
        return PARDON_REVIEW
    if w.flag("disposed_a_year_before_the_act"):
        return _expunge_on(EFFECTIVE_DATE, as_of)
    arrest = count.arrest_date
    if arrest is None:
        return NEEDS_REVIEW
    return _expunge_on(max(add_years(arrest, 1), EFFECTIVE_DATE), as_of)


def _expunge_on(day: date, as_of: date) -> OracleResult:
    return OracleResult("expunge" if as_of >= day else "not_eligible", day)


def _decide_count(person: Person, case: Case, count: Count, as_of: date) -> OracleResult:
    offense = count.offense_date
    disposed = count.disposition_date
    birth = person.birth_date
    # Section 7(a): "Any person who is at least 18 years of age".
    adult: Tri = None if birth is None or offense is None else age_on(birth, offense) >= 18
    choices = {
        "after_the_act": (True, False) if offense is None else (offense >= EFFECTIVE_DATE,),
        "enhancement": _tri(
            k_or(
                _in(count.citation, _CCA_7),
                k_and(_in(count.citation, _DELIVERY), adult, _flag(count, "section7_enhancement")),
            )
        ),
        "violent": _tri(_associated_violent_crime(person, case, count)),
        "grams_ok": _tri(_grams_ok(count)),
        "convicted": (count.disposition is Disposition.CONVICTED,),
        "disposed_a_year_before_the_act": (True, False)
        if disposed is None
        else (add_years(disposed, 1) <= EFFECTIVE_DATE,),
    }
    return collapse(explore(lambda w: _decide_world(w, count, as_of), choices))


def _tri(value: Tri) -> tuple[bool, ...]:
    return (True, False) if value is None else (value,)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """20 ILCS 2630/5.2(i) for every Illinois Cannabis Control Act section 4/5/7 count."""
    decisions: dict[tuple[str, str], OracleResult] = {}
    for case in person.cases:
        for count in case.counts:
            in_scope = k_and(
                _in_il(case),
                k_or(_in(count.citation, _CCA_4_5), _in(count.citation, _CCA_7)),
                k_or(
                    _disposition_is(count, frozenset({Disposition.CONVICTED})),
                    _disposition_is(count, _NON_CONVICTIONS),
                ),
                k_not(_civil_law_violation(count)),
            )
            if in_scope is False:
                continue
            key = (case.id, count.id)
            decisions[key] = (
                NEEDS_REVIEW if in_scope is None else _decide_count(person, case, count, as_of)
            )
    return decisions
