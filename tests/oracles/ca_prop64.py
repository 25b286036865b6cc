"""Oracle for California Prop 64 relief, Health & Safety Code 11361.8 (effective 2016-11-09).

Outcomes: ``dismiss_and_seal``, ``redesignate_misdemeanor``, ``redesignate_infraction`` and
``not_eligible``.  Relief is available from 2016-11-09 (before that day a count that will get
relief is ``not_eligible`` with 2016-11-09 as ``eligible_on``); no relief is ``"never"``.
Written from the statute text and INTERPRETATION notes in ``statutes/ca/prop64.law`` (the
post-AUMA text of HS 11357-11360 and 11362.1 applied to the historical facts), not from the
DSL encoding.

Unknowns: each section's rule is an ordinary function of known values that asks a ``World``
for its inputs.  When it asks for an input that is unknown, the rule is re-run once for each
value the input could take (only inputs the rule actually reads are branched on), and the
results are collapsed: all agree → that result, else ``needs_review``.

Attempts (PC 664, ``664/11359 HS``): an attempt of 11357-11360 is decided as the offense
(prop64.law's INTERPRETATION); as a prior, an attempted homicide is a super strike
(667(e)(2)(C)(iv)(IV)) and an attempted PC 290(c) offense is registrable (290(c)(1)); other
attempts are no prior.

Presumptions (HS 11361.8(b), (f)): a fact the record lacks that would keep a conviction from
the relief sought is presumed in the petitioner's favour (``PRESUMED``): no minor, no
environmental harm, no import over the limit, no gift to a person under 21, amounts within the
limits (no concentrate), and neither conduct for sale nor a sale rather than a gift or
transport — the presumption reaches dismissal, not only some relief: People v. Banda (2018) 26
Cal.App.5th 349 reversed the denial of dismissal where the People had agreed only to a
reduction and shown no evidence of the plants; People v. Hall (2019) 39 Cal.App.5th 831 denied
dismissal of an 11360(a) conviction only on the People's evidence.  Since only unknown inputs
are presumed and the branching above is exact, filling them in before deciding gives the
answer the law gives.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date

from clearlaw.citations import Citation, CitationSet, parse_pattern
from clearlaw.records import (
    LEVEL_ORDER,
    Case,
    Count,
    Disposition,
    FactValue,
    Level,
    Person,
)

from . import NEEDS_REVIEW, OracleResult, Tri, World, age_on, collapse, explore, k_and, k_or, worlds

__all__ = ["AUMA_EFFECTIVE", "PC290_PATTERNS", "SUPERSTRIKE_PATTERNS", "decide"]

JURISDICTION = "US-CA"

#: Prop 64 (AUMA) took effect on 2016-11-09.
AUMA_EFFECTIVE = date(2016, 11, 9)

DISMISS = OracleResult("dismiss_and_seal", AUMA_EFFECTIVE)
TO_MISDEMEANOR = OracleResult("redesignate_misdemeanor", AUMA_EFFECTIVE)
TO_INFRACTION = OracleResult("redesignate_infraction", AUMA_EFFECTIVE)
NEVER = OracleResult("not_eligible", "never")

#: PC 667(e)(2)(C)(iv)(IV): "Any homicide offense, including any attempted homicide offense,
#: defined in Sections 187 to 191.5, inclusive."
HOMICIDE_PATTERNS: tuple[str, ...] = (
    "PC 187",
    "PC 188",
    "PC 189",
    "PC 190",
    "PC 190.*",
    "PC 191",
    "PC 191.5",
)

#: PC 667(e)(2)(C)(iv), the other clauses (I)-(III), (V)-(VII), as listed in prop64.law: their
#: attempts are not named, so they do not count.
SUPERSTRIKE_PATTERNS: tuple[str, ...] = (
    "PC 261(a)(2)",
    "PC 261(a)(6)",
    "PC 262(a)(1)",
    "PC 262(a)(4)",
    "PC 264.1",
    "PC 269",
    "PC 286",
    "PC 287",
    "PC 288",
    "PC 288a",
    "PC 288.5",
    "PC 289",
    "PC 653f(b)",
    "PC 245(d)(3)",
    "PC 11418(a)(1)",
)

#: Offenses requiring registration under PC 290(c), as listed in prop64.law.
PC290_PATTERNS: tuple[str, ...] = (
    "PC 220",
    "PC 236.1(b)",
    "PC 236.1(c)",
    "PC 243.4",
    "PC 261",
    "PC 264.1",
    "PC 266",
    "PC 266c",
    "PC 266h(b)",
    "PC 266i(b)",
    "PC 266j",
    "PC 267",
    "PC 269",
    "PC 272",
    "PC 285",
    "PC 286",
    "PC 287",
    "PC 288",
    "PC 288a",
    "PC 288.2",
    "PC 288.3",
    "PC 288.4",
    "PC 288.5",
    "PC 288.7",
    "PC 289",
    "PC 311.1",
    "PC 311.2(b)",
    "PC 311.2(c)",
    "PC 311.2(d)",
    "PC 311.3",
    "PC 311.4",
    "PC 311.10",
    "PC 311.11",
    "PC 314(1)",
    "PC 314(2)",
    "PC 647.6",
    "PC 647a",
    "PC 653f(c)",
)


def _is_attempt(citation: Citation) -> bool:
    """A PC 664 attempt (``PC 664/187``, ``664/11359 HS``)."""
    return citation.inchoate == "attempt"


def _plain_in(citation: Citation, patterns: CitationSet) -> bool:
    """Membership of the completed offense (the set object itself ignores inchoate kinds
    here: this oracle decides attempts by its own code)."""
    return citation.offense in patterns


HOMICIDES = CitationSet(parse_pattern(p) for p in HOMICIDE_PATTERNS)
SUPERSTRIKES = CitationSet(parse_pattern(p) for p in SUPERSTRIKE_PATTERNS)
PC290 = CitationSet(parse_pattern(p) for p in PC290_PATTERNS)
#: PC 290(c)(1): "any felony violation of Section 288.2".
PC290_FELONY_ONLY = CitationSet([parse_pattern("PC 288.2")])


def _superstrike(citation: Citation) -> bool:
    """667(e)(2)(C)(iv): a listed offense; an attempt only of a homicide (clause (IV))."""
    if citation.inchoate and not _is_attempt(citation):
        return False
    if _is_attempt(citation):
        return _plain_in(citation, HOMICIDES)
    return citation in HOMICIDES or citation in SUPERSTRIKES


POSSESSION = "11357"
CULTIVATION = "11358"
POSSESSION_FOR_SALE = "11359"
SALE = "11360"
SECTIONS = CitationSet(
    parse_pattern(f"HS {s}") for s in (POSSESSION, CULTIVATION, POSSESSION_FOR_SALE, SALE)
)


def _cannabis(citation: Citation) -> bool:
    """HS 11357-11360, or an attempt of one (INTERPRETATION in prop64.law)."""
    if citation.inchoate and not _is_attempt(citation):
        return False
    return _plain_in(citation, SECTIONS)


#: Former (pre-2016-11-09) HS 11357: (a) concentrated cannabis; (b) 28.5 g or less; (c) more
#: than 28.5 g; (d) 18 or over on school grounds; (e) under 18 on school grounds.
OLD_CONCENTRATE = CitationSet([parse_pattern("HS 11357(a)")])
OLD_WITHIN_LIMIT = CitationSet([parse_pattern("HS 11357(b)")])
OLD_OVER_LIMIT = CitationSet([parse_pattern("HS 11357(c)")])
OLD_SCHOOL_ADULT = CitationSet([parse_pattern("HS 11357(d)")])
OLD_SCHOOL_MINOR = CitationSet([parse_pattern("HS 11357(e)")])

#: 11362.1(a)(1)-(2): 28.5 grams of cannabis and 8 grams of concentrate.
FLOWER_LIMIT = 28.5
CONCENTRATE_LIMIT = 8
#: 11362.1(a)(3), 11362.2: six living plants.
PLANT_LIMIT = 6


#: HS 11361.8(b), (f): the court presumes the criteria are met unless the opposing party proves
#: otherwise, so a fact the record lacks is taken in the petitioner's favour: no aggravating
#: fact, amounts within the limits (any amount up to a limit decides alike), no sale and nothing
#: for sale (Banda, Hall: the People prove what keeps a conviction from dismissal).
PRESUMED: Mapping[str, FactValue] = {
    "flower_grams": FLOWER_LIMIT,
    "concentrate_grams": 0,
    "plants": PLANT_LIMIT,
    "sold_to_minor": False,
    "hired_minor": False,
    "environmental_violation": False,
    "imported_over_limit": False,
    "recipient_under_21": False,
    "public_safety_risk": False,
    "for_sale": False,
    "sale_conduct": False,
}


class _Age(enum.Enum):
    """Age on the offense date, as far as the statute cares."""

    UNDER_18 = "under 18"
    FROM_18_TO_20 = "18 to 20"
    AT_LEAST_21 = "21 or older"


# --- reading the record ----------------------------------------------------------------------


def _age_bucket(years: int) -> _Age:
    if years < 18:
        return _Age.UNDER_18
    if years < 21:
        return _Age.FROM_18_TO_20
    return _Age.AT_LEAST_21


def _age_worlds(birth: date | None, offense: date | None) -> tuple[_Age, ...]:
    """The possible ages on the offense date (whole years, Feb 29 birthdays on March 1)."""
    if birth is None or offense is None:
        return tuple(_Age)
    return (_age_bucket(age_on(birth, offense)),)


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _in_ca(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == JURISDICTION


def _before(earlier: date | None, later: date | None) -> Tri:
    if earlier is None or later is None:
        return None
    return earlier < later


def _on_or_after(day: date | None, threshold: date) -> Tri:
    return None if day is None else day >= threshold


def _flag(facts: Mapping[str, FactValue], name: str) -> Tri:
    """A yes/no fact; missing (or not a bool) is unknown."""
    value = facts.get(name)
    return value if isinstance(value, bool) else None


def _at_most(facts: Mapping[str, FactValue], name: str, limit: float) -> Tri:
    """Whether a numeric fact is at most ``limit``; missing (or not a number) is unknown."""
    value = facts.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value <= limit


def _within_limits(citation: Citation, facts: Mapping[str, FactValue]) -> Tri:
    """11362.1(a)(1)-(2) as the former 11357 letter tells it: (a) concentrate, by its amount;
    (b) within; (c) over; no letter (or another): both amounts within the limits.  An
    attempt is read by the letter of its object."""
    citation = citation.offense
    if citation in OLD_CONCENTRATE:
        return _at_most(facts, "concentrate_grams", CONCENTRATE_LIMIT)
    if citation in OLD_WITHIN_LIMIT:
        return True
    if citation in OLD_OVER_LIMIT:
        return False
    return k_and(
        _at_most(facts, "flower_grams", FLOWER_LIMIT),
        _at_most(facts, "concentrate_grams", CONCENTRATE_LIMIT),
    )


def _ended_after_the_act(end: date | None, count: Count) -> Tri:
    """Whether a release or discharge came after AUMA took effect; with no date, what the
    count's other dates say (a sentence ends on or after the offense, the conviction and the
    sentence, and on or before its completion), else unknown."""
    if end is not None:
        return end > AUMA_EFFECTIVE
    s = count.sentence
    before = [d for d in (count.offense_date, count.disposition_date, s.imposed_date) if d]
    if before and max(before) > AUMA_EFFECTIVE:
        return True
    if s.completion_date is not None and s.completion_date <= AUMA_EFFECTIVE:
        return False
    return None


def _public_safety_delays(count: Count) -> set[date | None]:
    """11361.8(b), (e): with the court's finding of an unreasonable risk to public safety (a
    fact presumed absent), a person who could petition under (a) — a sentence not completed
    when the Act took effect — gets relief only when the sentence is completed (the end of
    supervision, else the release): the date relief waits for in each possible world (``None``
    when it waits for an unknown date; an empty set when nothing waits)."""
    s = count.sentence
    finding = _flag({**PRESUMED, **count.facts}, "public_safety_risk")
    delays: set[date | None] = set()
    for incarcerated in worlds(s.incarcerated):
        for supervised in worlds(s.supervised):
            serving = k_or(
                k_and(incarcerated, _ended_after_the_act(s.incarceration_release_date, count)),
                k_and(supervised, _ended_after_the_act(s.supervision_end_date, count)),
            )
            if k_and(serving, finding) is not False:
                delays.add(s.supervision_end_date if supervised else s.incarceration_release_date)
            if k_and(serving, finding) is not True:
                delays.add(AUMA_EFFECTIVE)
    return delays


def _registrable(c: Count) -> Tri:
    """PC 290(c)(1) as listed; 288.2 only as a felony (an unknown level: unknown)."""
    if c.citation is None:
        return None
    inchoate = bool(c.citation.inchoate)
    if inchoate and not _is_attempt(c.citation):
        return False  # 290(c)(1) names attempts and conspiracies; PC 182 is not read as one
    if not _plain_in(c.citation, PC290):
        return False
    if not _plain_in(c.citation, PC290_FELONY_ONLY):
        return True
    return None if c.level is None else c.level is Level.FELONY


def _serious_prior(person: Person, this: Count, others: list[Count]) -> Tri:
    """11358(d)(1), 11359(c)(1), 11360(a)(3)(A): a conviction entered before this one, in any
    jurisdiction, for a super-strike or a PC 290(c) offense; or a sex-offender registration
    dated before this conviction."""
    prior_convictions = (
        k_and(
            _convicted(o),
            k_or(None if o.citation is None else _superstrike(o.citation), _registrable(o)),
            _before(o.disposition_date, this.disposition_date),
        )
        for o in others
    )
    registrations = (
        k_and(r.kind == "sex_offender", _before(r.date, this.disposition_date))
        for r in person.registrations
    )
    return k_or(*prior_convictions, *registrations)


def _two_priors_same_section(section: str, this: Count, others: list[Count]) -> Tri:
    """11358(d)(2), 11359(c)(2), 11360(a)(3)(B): two or more earlier convictions of the same
    section, whatever the subdivision."""
    priors = [
        k_and(
            _convicted(o),
            None if o.citation is None else _cannabis(o.citation) and o.citation.section == section,
            _before(o.disposition_date, this.disposition_date),
        )
        for o in others
    ]
    certain = sum(1 for p in priors if p is True)
    possible = sum(1 for p in priors if p is not False)
    if certain >= 2:
        return True
    if possible < 2:
        return False
    return None


# --- the rules (post-AUMA law applied to the historical facts) -------------------------------


def _age(w: World) -> _Age:
    value = w.get("age")
    assert isinstance(value, _Age)
    return value


def _level(w: World) -> Level:
    value = w.get("level")
    assert isinstance(value, Level)
    return value


def _to_infraction(w: World) -> OracleResult:
    """Now an infraction: redesignate unless it already is one (or less)."""
    above = LEVEL_ORDER[_level(w)] > LEVEL_ORDER[Level.INFRACTION]
    return TO_INFRACTION if above else NEVER


def _to_misdemeanor(w: World) -> OracleResult:
    """Now a misdemeanor: redesignate a felony; anything else gets no change."""
    return TO_MISDEMEANOR if _level(w) is Level.FELONY else NEVER


def _possession(w: World) -> OracleResult:
    """HS 11357."""
    # Former 11357(d), adult on school grounds: still a misdemeanor (now 11357(c)): no relief.
    if w.flag("old_school_adult"):
        return NEVER
    # Former 11357(e), minor on school grounds: now an infraction (11357(d)).
    if w.flag("old_school_minor"):
        return _to_infraction(w)
    age = _age(w)
    # 11357(a)(1): under 18, an infraction.
    if age is _Age.UNDER_18:
        return _to_infraction(w)
    within = w.flag("within_limits")
    # 11362.1(a)(1)-(2): 21 or older, within the limits: now lawful.
    if within and age is _Age.AT_LEAST_21:
        return DISMISS
    # 11357(a)(2): 18 to 20, within the limits: an infraction.
    if within:
        return _to_infraction(w)
    # 11357(b)(2): 18 or older, over the limits: a misdemeanor.
    return _to_misdemeanor(w)


def _cultivation(w: World) -> OracleResult:
    """HS 11358."""
    age = _age(w)
    # 11358(a): under 18, an infraction.
    if age is _Age.UNDER_18:
        return _to_infraction(w)
    small = w.flag("plants_within_limit")
    # 11362.1(a)(3), 11362.2: 21 or older, six plants or fewer: now lawful.
    if small and age is _Age.AT_LEAST_21:
        return DISMISS
    # 11358(b): 18 to 20, six plants or fewer: an infraction.
    if small:
        return _to_infraction(w)
    # 11358(d)(1)-(3): still a felony.
    if (
        w.flag("serious_prior")
        or w.flag("two_priors_same_section")
        or w.flag("environmental_violation")
    ):
        return NEVER
    # 11358(c): more than six plants, 18 or older: a misdemeanor.
    return _to_misdemeanor(w)


def _possession_for_sale(w: World) -> OracleResult:
    """HS 11359."""
    age = _age(w)
    # 11359(a): under 18, an infraction.
    if age is _Age.UNDER_18:
        return _to_infraction(w)
    # 11359(c)(1)-(3), 11359(d): still a felony.
    if (
        w.flag("serious_prior")
        or w.flag("two_priors_same_section")
        or w.flag("sold_to_minor")
        or (age is _Age.AT_LEAST_21 and w.flag("hired_minor"))
    ):
        return NEVER
    # 11359(b): 18 or older: a misdemeanor.
    return _to_misdemeanor(w)


def _sale(w: World) -> OracleResult:
    """HS 11360."""
    age = _age(w)
    to_minor = w.flag("sold_to_minor")
    imported = w.flag("imported_over_limit")
    # 11362.1(a)(1)-(2): 21 or older, transporting, or giving away to a person 21 or older,
    # 28.5 g of cannabis and 8 g of concentrate or less, not for sale: now lawful, whatever the
    # priors; a gift to a minor is still (a)(3)(C), an import over the limit (a)(3)(D).
    if (
        age is _Age.AT_LEAST_21
        and not w.flag("for_sale")
        and w.flag("flower_within_limit")
        and w.flag("concentrate_within_limit")
        and not w.flag("recipient_under_21")
        and not to_minor
        and not imported
    ):
        return DISMISS
    # 11360(a)(1): under 18, an infraction.
    if age is _Age.UNDER_18:
        return _to_infraction(w)
    # 11360(b)-(c): giving away, or transporting for sale, 28.5 g or less of cannabis other
    # than concentrate: an infraction at any age, priors or not ((a)(3) qualifies (a)(2)).
    gift_or_transport = not w.flag("for_sale") or not w.flag("sale_conduct")
    if (
        w.flag("flower_within_limit")
        and w.flag("no_concentrate")
        and gift_or_transport
        and not to_minor
        and not imported
    ):
        return _to_infraction(w)
    # 11360(a)(3)(A)-(D): still a felony.
    if w.flag("serious_prior") or w.flag("two_priors_same_section") or to_minor or imported:
        return NEVER
    # 11360(a)(2): 18 or older: a misdemeanor.
    return _to_misdemeanor(w)


RULES: Mapping[str, Callable[[World], OracleResult]] = {
    POSSESSION: _possession,
    CULTIVATION: _cultivation,
    POSSESSION_FOR_SALE: _possession_for_sale,
    SALE: _sale,
}


# --- the decision ----------------------------------------------------------------------------


def _choices(
    person: Person, count: Count, citation: Citation, others: list[Count]
) -> dict[str, tuple[object, ...]]:
    """Every input a rule may read, as the tuple of values it could take."""
    facts = {**PRESUMED, **count.facts}
    level: tuple[object, ...] = (
        (Level.FELONY, Level.MISDEMEANOR, Level.INFRACTION)  # felony / other crime / infraction
        if count.level is None
        else (count.level,)
    )
    tri_inputs: dict[str, Tri] = {
        "old_school_adult": citation in OLD_SCHOOL_ADULT,
        "old_school_minor": citation in OLD_SCHOOL_MINOR,
        "within_limits": _within_limits(citation, facts),
        "plants_within_limit": _at_most(facts, "plants", PLANT_LIMIT),
        "flower_within_limit": _at_most(facts, "flower_grams", FLOWER_LIMIT),
        "concentrate_within_limit": _at_most(facts, "concentrate_grams", CONCENTRATE_LIMIT),
        "no_concentrate": _at_most(facts, "concentrate_grams", 0),
        "recipient_under_21": _flag(facts, "recipient_under_21"),
        # 11360(b) is giving away or transporting, before Prop 64 and after: never selling.
        "sale_conduct": k_and(citation.subdivisions[:1] != ("b",), _flag(facts, "sale_conduct")),
        "serious_prior": _serious_prior(person, count, others),
        "two_priors_same_section": _two_priors_same_section(citation.section, count, others),
        "environmental_violation": _flag(facts, "environmental_violation"),
        "sold_to_minor": _flag(facts, "sold_to_minor"),
        "hired_minor": _flag(facts, "hired_minor"),
        "imported_over_limit": _flag(facts, "imported_over_limit"),
        "for_sale": _flag(facts, "for_sale"),
    }
    choices: dict[str, tuple[object, ...]] = {n: worlds(v) for n, v in tri_inputs.items()}
    choices["level"] = level
    choices["age"] = _age_worlds(person.birth_date, count.offense_date)
    return choices


def _available(result: OracleResult, as_of: date, not_before: date | None) -> OracleResult:
    """Relief is available from the effective date, or from ``not_before`` when a delay holds
    it back (``None``: a date nobody knows); before it, the count is not eligible yet, with the
    day it will be."""
    if result.outcome == "not_eligible":
        return result
    if not_before is None:
        return NEEDS_REVIEW
    on = max(AUMA_EFFECTIVE, not_before)
    if as_of >= on:
        return OracleResult(result.outcome, on)
    return OracleResult("not_eligible", on)


def _decide_count(
    person: Person, count: Count, citation: Citation, others: list[Count], as_of: date
) -> OracleResult:
    results: set[OracleResult] = set()
    # 11361.8(a)/(e): only offenses committed before AUMA took effect ("had that act been in
    # effect at the time of the offense"); later ones were judged under the new law.
    # 11361.8(b): for a person serving when the Act took effect or later, the court may find
    # that relief "would pose an unreasonable risk of danger to public safety" (presumed not
    # found, like the facts above); then relief waits for the completed sentence (11361.8(e)).
    for post_auma in worlds(_on_or_after(count.offense_date, AUMA_EFFECTIVE)):
        if post_auma:
            results.add(NEVER)
            continue
        found = explore(RULES[citation.section], _choices(person, count, citation, others))
        for not_before in _public_safety_delays(count):
            results |= {_available(r, as_of, not_before) for r in found}
    return collapse(results)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """HS 11361.8 for every CA conviction under HS 11357-11360, as of ``as_of``."""
    all_counts = [
        (i, j, c) for i, case in enumerate(person.cases) for j, c in enumerate(case.counts)
    ]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for i, case in enumerate(person.cases):
        for j, count in enumerate(case.counts):
            # Scope: a CA conviction under HS 11357, 11358, 11359 or 11360.
            in_scope = k_and(
                _convicted(count),
                _in_ca(case),
                None if count.citation is None else _cannabis(count.citation),
            )
            if in_scope is False:
                continue
            key = (case.id, count.id)
            if in_scope is None or count.citation is None:
                decisions[key] = NEEDS_REVIEW
                continue
            others = [c for (oi, oj, c) in all_counts if (oi, oj) != (i, j)]
            decisions[key] = _decide_count(person, count, count.citation, others, as_of)
    return decisions
