"""Oracle for Illinois' minor cannabis offense provisions, 20 ILCS 2630/5.2(i).

Written from the definition of "Minor Cannabis Offense" (verbatim) and the (i)(1.5)/(i)(2)
conditions recorded in ``docs/sources/il-cannabis-expungement.md`` and the INTERPRETATION notes
of ``statutes/il/cannabis-expungement.law``:

* scope: an Illinois count under Cannabis Control Act section 4 or 5 that ended in a conviction
  or in a non-conviction (dismissed, acquitted, nolle prosequi, or diverted = supervision or
  qualified probation completed and dismissed);
* not a minor cannabis offense, or not covered: offense on or after 2019-06-25, a Section 7
  enhancement (of a Section 5 delivery count; a Section 4 count cannot have one), association with a violent crime (never); more than 30 grams (never) — the
  amount read from the subsection where it settles it (statutes/il/tables/*.csv: 550/4(a)-(b)
  and 550/5(a)-(c) at most 30 g, 550/4(d)-(g) and 550/5(d)-(g) more), else ``grams``;
* (1.5) non-conviction of 30 g or less: expunged one year after the arrest, never before
  2019-06-25;
* (2) conviction of 30 g or less: ``pardon_review`` (no relief date: the pardon is discretionary).
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import Citation, CitationSet, parse_pattern
from clearlaw.records import Case, Count, Disposition, Person

from . import NEEDS_REVIEW, OracleResult, Tri, World, add_years, collapse, explore, k_and, k_or
from .tables import table

__all__ = ["EFFECTIVE_DATE", "decide"]

JURISDICTION = "US-IL"
#: P.A. 101-27 became law on 2019-06-25.
EFFECTIVE_DATE = date(2019, 6, 25)
GRAMS_LIMIT = 30
NEVER = OracleResult("not_eligible", "never")
PARDON_REVIEW = OracleResult("pardon_review", "never")
_CCA_4_5 = CitationSet(parse_pattern(p) for p in ("720 ILCS 550/4", "720 ILCS 550/5"))
#: Section 7 enhances a delivery (Section 5) only: a possession count never carries it.
_DELIVERY = CitationSet((parse_pattern("720 ILCS 550/5"),))
_AT_MOST_30 = table("il", "cannabis-30-grams-or-less")
_OVER_30 = table("il", "cannabis-over-30-grams")
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


def _grams_ok(count: Count) -> Tri:
    if count.citation is not None and count.citation in _AT_MOST_30:
        return True
    if count.citation is not None and count.citation in _OVER_30:
        return False
    value = count.facts.get("grams")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value <= GRAMS_LIMIT


def _decide_world(w: World, count: Count, as_of: date) -> OracleResult:
    # The exclusions of the definition and of "committed prior to June 25, 2019".
    if w.flag("after_the_act") or w.flag("enhancement") or w.flag("violent"):
        return NEVER
    if not w.flag("grams_ok"):
        return NEVER
    if w.flag("convicted"):
        return PARDON_REVIEW
    arrest = count.facts.get("arrest_date")
    if not isinstance(arrest, date):
        return NEEDS_REVIEW
    day = max(add_years(arrest, 1), EFFECTIVE_DATE)
    return OracleResult("expunge" if as_of >= day else "not_eligible", day)


def _decide_count(count: Count, as_of: date) -> OracleResult:
    offense = count.offense_date
    choices = {
        "after_the_act": (True, False) if offense is None else (offense >= EFFECTIVE_DATE,),
        "enhancement": _tri(
            k_and(_in(count.citation, _DELIVERY), _flag(count, "section7_enhancement"))
        ),
        "violent": _tri(_flag(count, "violent_crime_associated")),
        "grams_ok": _tri(_grams_ok(count)),
        "convicted": (count.disposition is Disposition.CONVICTED,),
    }
    return collapse(explore(lambda w: _decide_world(w, count, as_of), choices))


def _tri(value: Tri) -> tuple[bool, ...]:
    return (True, False) if value is None else (value,)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """20 ILCS 2630/5.2(i) for every Illinois Cannabis Control Act section 4/5 count."""
    decisions: dict[tuple[str, str], OracleResult] = {}
    for case in person.cases:
        for count in case.counts:
            in_scope = k_and(
                _in_il(case),
                _in(count.citation, _CCA_4_5),
                k_or(
                    _disposition_is(count, frozenset({Disposition.CONVICTED})),
                    _disposition_is(count, _NON_CONVICTIONS),
                ),
            )
            if in_scope is False:
                continue
            key = (case.id, count.id)
            decisions[key] = NEEDS_REVIEW if in_scope is None else _decide_count(count, as_of)
    return decisions
