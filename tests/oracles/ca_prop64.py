"""Oracle for California Prop 64 relief, Health & Safety Code 11361.8 (effective 2016-11-09).

Outcomes: ``dismiss_and_seal``, ``redesignate_misdemeanor``, ``redesignate_infraction`` and
``not_eligible``.  Relief is available from 2016-11-09; ``not_eligible`` is ``"never"``.
Written from ``/work/shared/reference/statutes.md`` §1 and the project's interpretation
decisions (the post-AUMA text of HS 11357-11360 and 11362.1 applied to the historical facts),
not from the DSL encoding.

Unknowns: each section's rule is an ordinary function of known values that asks a ``_World``
for its inputs.  When it asks for an input that is unknown, the rule is re-run once for each
value the input could take (only inputs the rule actually reads are branched on), and the
results are collapsed: all agree → that result, else ``needs_review``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date

import attrs

from clearlaw.citations import Citation, CitationSet, parse_pattern
from clearlaw.dates import DateConvention, whole_years_between
from clearlaw.records import (
    LEVEL_ORDER,
    Case,
    Count,
    Disposition,
    FactValue,
    Level,
    Person,
)

from . import NEEDS_REVIEW, OracleResult, Tri, collapse, k_and, k_not, k_or, worlds

__all__ = ["AUMA_EFFECTIVE", "PC290_PATTERNS", "SUPERSTRIKE_PATTERNS", "decide"]

JURISDICTION = "US-CA"

#: Prop 64 (AUMA) took effect on 2016-11-09.
AUMA_EFFECTIVE = date(2016, 11, 9)

DISMISS = OracleResult("dismiss_and_seal", AUMA_EFFECTIVE)
TO_MISDEMEANOR = OracleResult("redesignate_misdemeanor", AUMA_EFFECTIVE)
TO_INFRACTION = OracleResult("redesignate_infraction", AUMA_EFFECTIVE)
NEVER = OracleResult("not_eligible", "never")

CONVENTION = DateConvention.ROLL_FORWARD

#: PC 667(e)(2)(C)(iv) "super-strikes".  PLACEHOLDER list pending research: replace freely.
SUPERSTRIKE_PATTERNS: tuple[str, ...] = (
    "PC 187",
    "PC 191.5",
    "PC 269",
    "PC 286(c)",
    "PC 288",
    "PC 288a(c)",  # NB: the citation parser reads this as PC 288(a)(c)
    "PC 288.5",
    "PC 289",
    "PC 261(a)(2)",
    "PC 262(a)(2)",
    "PC 264.1",
    "PC 220",
    "PC 245(d)(3)",
    "PC 11418(b)",
)

#: Offenses requiring registration under PC 290(c).  PLACEHOLDER list pending research.
PC290_PATTERNS: tuple[str, ...] = (
    "PC 261",
    "PC 288",
    "PC 311.11",
    "PC 314",
    "PC 647.6",
    "PC 243.4",
    "PC 266",
    "PC 267",
    "PC 272",
)

SUPERSTRIKE_OR_290 = CitationSet(parse_pattern(p) for p in SUPERSTRIKE_PATTERNS + PC290_PATTERNS)

POSSESSION = "11357"
CULTIVATION = "11358"
POSSESSION_FOR_SALE = "11359"
SALE = "11360"
SECTIONS = CitationSet(
    parse_pattern(f"HS {s}") for s in (POSSESSION, CULTIVATION, POSSESSION_FOR_SALE, SALE)
)

#: Pre-AUMA 11357 subdivisions (the letters changed with AUMA).
PRE_AUMA_OVER_28_5 = CitationSet([parse_pattern("HS 11357(c)")])
PRE_AUMA_UNDER_28_5 = CitationSet([parse_pattern("HS 11357(b)")])
PRE_AUMA_SCHOOL = CitationSet([parse_pattern("HS 11357(d)"), parse_pattern("HS 11357(e)")])

#: 11362.1(a)(1)-(2): 28.5 grams of cannabis and 8 grams of concentrate.
FLOWER_LIMIT = 28.5
CONCENTRATE_LIMIT = 8
#: 11362.1(a)(3), 11362.2: six living plants.
PLANT_LIMIT = 6


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
    """The possible ages on the offense date, in a world where the offense was pre-AUMA."""
    if birth is None:
        return tuple(_Age)
    if offense is None:
        # Any offense date before 2016-11-09: any age up to the age on 2016-11-08.
        oldest = _age_bucket(whole_years_between(birth, date(2016, 11, 8), CONVENTION))
        return tuple(a for a in _Age if list(_Age).index(a) <= list(_Age).index(oldest))
    return (_age_bucket(whole_years_between(birth, offense, CONVENTION)),)


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _in_ca(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == JURISDICTION


def _in(citation: Citation | None, patterns: CitationSet) -> Tri:
    return None if citation is None else citation in patterns


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


def _superstrike_or_290_prior(person: Person, this: Count, others: list[Count]) -> Tri:
    """11358(d)(1), 11359(c)(1), 11360(a)(3)(A): a prior conviction for a super-strike or an
    offense requiring PC 290 registration (or a sex-offender registration before this one)."""
    prior_convictions = (
        k_and(
            _convicted(o),
            _in(o.citation, SUPERSTRIKE_OR_290),
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
    """11358(d)(2), 11359(c)(2), 11360(a)(3)(B): two or more prior convictions of the section."""
    priors = [
        k_and(
            _convicted(o),
            None
            if o.citation is None
            else (o.citation.code, o.citation.section) == ("HS", section),
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


# --- branching on unknowns -------------------------------------------------------------------


class _Branch(Exception):
    """Raised by ``_World`` when a rule reads an input that is unknown in this world."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@attrs.frozen
class _World:
    """The inputs of a rule: each input's possible values, and the values assumed so far."""

    choices: Mapping[str, tuple[object, ...]]
    assumed: Mapping[str, object]

    def _get(self, name: str) -> object:
        options = self.choices[name]
        if len(options) == 1:
            return options[0]
        if name in self.assumed:
            return self.assumed[name]
        raise _Branch(name)

    def flag(self, name: str) -> bool:
        value = self._get(name)
        assert isinstance(value, bool)
        return value

    def age(self) -> _Age:
        value = self._get("age")
        assert isinstance(value, _Age)
        return value

    def felony(self) -> bool:
        value = self._get("level")
        assert isinstance(value, Level)
        return value is Level.FELONY

    def above_infraction(self) -> bool:
        value = self._get("level")
        assert isinstance(value, Level)
        return LEVEL_ORDER[value] > LEVEL_ORDER[Level.INFRACTION]


Rule = Callable[[_World], OracleResult]


def _explore(rule: Rule, choices: Mapping[str, tuple[object, ...]]) -> set[OracleResult]:
    """The results of ``rule`` in every world (branching only on inputs it reads)."""
    results: set[OracleResult] = set()
    todo: list[dict[str, object]] = [{}]
    while todo:
        assumed = todo.pop()
        try:
            results.add(rule(_World(choices, assumed)))
        except _Branch as branch:
            todo.extend({**assumed, branch.name: v} for v in choices[branch.name])
    return results


# --- the rules (post-AUMA law applied to the historical facts) -------------------------------


def _to_infraction(w: _World) -> OracleResult:
    """Now an infraction: redesignate unless it already is one (or less)."""
    return TO_INFRACTION if w.above_infraction() else NEVER


def _to_misdemeanor(w: _World) -> OracleResult:
    """Now a misdemeanor: redesignate a felony; a misdemeanor gets no change."""
    return TO_MISDEMEANOR if w.felony() else NEVER


def _possession(w: _World) -> OracleResult:
    """HS 11357."""
    # Pre-AUMA 11357(d)/(e) (school grounds): still a misdemeanor (11357(c)): no change.
    if w.flag("school"):
        return NEVER
    age = w.age()
    # 11357(b)(1): under 18, an infraction.
    if age is _Age.UNDER_18:
        return _to_infraction(w)
    within = w.flag("within_limits")
    # 11362.1(a)(1)-(2): 21 or older, within the limits: now lawful.
    if within and age is _Age.AT_LEAST_21:
        return DISMISS
    # 11357(b)(2): 18 to 20, within the limits: an infraction.
    if within:
        return _to_infraction(w)
    # 11357(a)(2): 18 or older, over the limits: a misdemeanor.
    return _to_misdemeanor(w)


def _cultivation(w: _World) -> OracleResult:
    """HS 11358."""
    age = w.age()
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
    # 11358(d)(1)-(3): a felony is still possible -> not eligible.
    if (
        w.flag("superstrike_or_290_prior")
        or w.flag("two_priors_same_section")
        or w.flag("environmental_violation")
    ):
        return NEVER
    # 11358(c): more than six plants, 18 or older: a misdemeanor.
    return _to_misdemeanor(w)


def _possession_for_sale(w: _World) -> OracleResult:
    """HS 11359."""
    age = w.age()
    # 11359(a): under 18, an infraction.
    if age is _Age.UNDER_18:
        return _to_infraction(w)
    # 11359(c)(1)-(3), 11359(d): a felony is still possible -> not eligible.
    if (
        w.flag("superstrike_or_290_prior")
        or w.flag("two_priors_same_section")
        or w.flag("sold_to_minor")
        or (age is _Age.AT_LEAST_21 and w.flag("hired_minor"))
    ):
        return NEVER
    # 11359(b): 18 or older: a misdemeanor.
    return _to_misdemeanor(w)


def _sale(w: _World) -> OracleResult:
    """HS 11360."""
    age = w.age()
    # 11362.1(a)(4): 21 or older, giving away (or transporting) 28.5 g or less, not for
    # sale: now lawful.
    if age is _Age.AT_LEAST_21 and not w.flag("for_sale") and w.flag("flower_within_limit"):
        return DISMISS
    # 11360(a)(1): under 18, an infraction.
    if age is _Age.UNDER_18:
        return _to_infraction(w)
    # 11360(a)(3)(A)-(D): a felony is still possible -> not eligible.
    if (
        w.flag("superstrike_or_290_prior")
        or w.flag("two_priors_same_section")
        or w.flag("sold_to_minor")
        or w.flag("imported_over_limit")
    ):
        return NEVER
    # 11360(a)(2): 18 or older: a misdemeanor.
    return _to_misdemeanor(w)


RULES: Mapping[str, Rule] = {
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
    facts = count.facts
    level: tuple[object, ...] = (
        (Level.FELONY, Level.MISDEMEANOR, Level.INFRACTION)  # felony / other crime / infraction
        if count.level is None
        else (count.level,)
    )
    # Pre-AUMA 11357: (c) over 28.5 g; (b) 28.5 g or less; else go by the quantities.
    within_limits = k_and(
        k_not(citation in PRE_AUMA_OVER_28_5),
        k_or(
            citation in PRE_AUMA_UNDER_28_5,
            k_and(
                _at_most(facts, "flower_grams", FLOWER_LIMIT),
                _at_most(facts, "concentrate_grams", CONCENTRATE_LIMIT),
            ),
        ),
    )
    tri_inputs: dict[str, Tri] = {
        "school": citation in PRE_AUMA_SCHOOL,
        "within_limits": within_limits,
        "plants_within_limit": _at_most(facts, "plants", PLANT_LIMIT),
        "flower_within_limit": _at_most(facts, "flower_grams", FLOWER_LIMIT),
        "superstrike_or_290_prior": _superstrike_or_290_prior(person, count, others),
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


def _decide_count(
    person: Person, count: Count, citation: Citation, others: list[Count]
) -> OracleResult:
    results: set[OracleResult] = set()
    # 11361.8(a)/(e): only offenses committed before AUMA took effect (later offenses were
    # sentenced under the new law).
    for post_auma in worlds(_on_or_after(count.offense_date, AUMA_EFFECTIVE)):
        if post_auma:
            results.add(NEVER)
        else:
            rule = RULES[citation.section]
            results |= _explore(rule, _choices(person, count, citation, others))
    return collapse(results)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """HS 11361.8 for every CA conviction under HS 11357-11360 (``as_of`` is not used: relief
    is available from 2016-11-09 on)."""
    del as_of
    all_counts = [
        (i, j, c) for i, case in enumerate(person.cases) for j, c in enumerate(case.counts)
    ]
    decisions: dict[tuple[str, str], OracleResult] = {}
    for i, case in enumerate(person.cases):
        for j, count in enumerate(case.counts):
            # Scope: a CA conviction under HS 11357, 11358, 11359 or 11360.
            in_scope = k_and(_convicted(count), _in_ca(case), _in(count.citation, SECTIONS))
            if in_scope is False:
                continue
            key = (case.id, count.id)
            if in_scope is None or count.citation is None:
                decisions[key] = NEEDS_REVIEW
                continue
            others = [c for (oi, oj, c) in all_counts if (oi, oj) != (i, j)]
            decisions[key] = _decide_count(person, count, count.citation, others)
    return decisions
