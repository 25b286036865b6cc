"""Oracle for New York's Clean Slate Act, CPL 160.57 (effective 2024-11-16).

Outcomes: ``seal`` and ``not_eligible``.  Written from the statute summary in
``/work/shared/reference/statutes.md`` §5 and the project's interpretation decisions, not from
the DSL encoding.

Unknowns are handled by enumerating possible worlds (see ``tests.oracles``): the count's own
unknown level, citation and offense class are replaced by each value they could take; every
other unknown is carried as a Kleene truth value or as a set of possible dates.
"""

from __future__ import annotations

import enum
from datetime import date

from clearlaw.citations import Citation, CitationSet, parse_pattern
from clearlaw.dates import DateConvention, Duration, add
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

from . import NEEDS_REVIEW, REVIEW, OracleResult, Tri, collapse, k_and, k_or, worlds

__all__ = ["EFFECTIVE_DATE", "SEX_OFFENSE_PATTERNS", "decide"]

SEAL = "seal"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
BLOCKED_FOR_NOW = OracleResult(NOT_ELIGIBLE, "unknown")

JURISDICTION = "US-NY"

#: L.2023 ch. 631: nothing is sealed before the act takes effect.
EFFECTIVE_DATE = date(2024, 11, 16)

#: CPL 160.57(1)(b)(v): sex offenses and sexually violent offenses as defined in Correction
#: Law 168-a.  PLACEHOLDER list, pending research of the exact 168-a list: replace freely.
SEX_OFFENSE_PATTERNS: tuple[str, ...] = (
    "PL 130.*",
    "PL 255.25",
    "PL 255.26",
    "PL 255.27",
    "PL 263.*",
    "PL 230.34",
    "PL 230.34-a",
    "PL 230.30(2)",
    "PL 230.32",
    "PL 230.33",
    "PL 235.22",
    "PL 250.50",
    "PL 135.05",
    "PL 135.10",
    "PL 135.20",
    "PL 135.25",
    "PL 120.70",
)
SEX_OFFENSES = CitationSet(parse_pattern(p) for p in SEX_OFFENSE_PATTERNS)

#: CPL 160.57(1)(b)(vi): class A felonies under Penal Law article 220 remain eligible.
ARTICLE_220 = CitationSet([parse_pattern("PL 220.*")])

#: CPL 160.57(1)(a): driving while ability impaired (a traffic infraction).
DWAI = CitationSet([parse_pattern("VTL 1192(1)")])

THREE_YEARS = Duration(years=3)
EIGHT_YEARS = Duration(years=8)
CONVENTION = DateConvention.ROLL_FORWARD

#: The levels a count of unknown level could have, as far as this statute cares.
#: ``INFRACTION`` stands for "any level that is neither a felony nor a misdemeanor".
_LEVEL_WORLDS: tuple[Level, ...] = (Level.FELONY, Level.MISDEMEANOR, Level.INFRACTION)


class _Kind(enum.Enum):
    """What the statute cares about in a citation (the sets above do not overlap)."""

    SEX = "sex offense"
    ART220 = "Penal Law article 220"
    DWAI = "VTL 1192(1)"
    OTHER = "other"


# --- facts about one count -------------------------------------------------------------------


def _level_worlds(level: Level | None) -> tuple[Level, ...]:
    return _LEVEL_WORLDS if level is None else (level,)


def _kind_worlds(citation: Citation | None) -> tuple[_Kind, ...]:
    if citation is None:
        return tuple(_Kind)
    if citation in SEX_OFFENSES:
        return (_Kind.SEX,)
    if citation in ARTICLE_220:
        return (_Kind.ART220,)
    if citation in DWAI:
        return (_Kind.DWAI,)
    return (_Kind.OTHER,)


def _is_class_a(offense_class: str | None) -> Tri:
    # Class A, A-I and A-II.
    return None if offense_class is None else offense_class.strip().upper().startswith("A")


def _convicted(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.CONVICTED


def _pending(count: Count) -> Tri:
    if count.disposition is None or count.disposition is Disposition.UNKNOWN:
        return None
    return count.disposition is Disposition.PENDING


def _in_ny(case: Case) -> Tri:
    return None if case.jurisdiction is None else case.jurisdiction == JURISDICTION


def _open(case: Case) -> Tri:
    return None if case.status is None else case.status is CaseStatus.OPEN


def _after(later: date | None, earlier: date | None) -> Tri:
    if later is None or earlier is None:
        return None
    return later > earlier


def _latest(a: date | None, b: date | None) -> date | None:
    """The later of two dates; unknown if either is unknown."""
    if a is None or b is None:
        return None
    return max(a, b)


def _wait(level: Level, kind: _Kind) -> Duration | None:
    """The waiting period of a conviction, or ``None`` if no relief rule covers it."""
    # CPL 160.57(1)(a): VTL 1192(1) (DWAI infraction), whatever level the record gives it.
    if kind is _Kind.DWAI:
        return THREE_YEARS
    # CPL 160.57(1)(b)(ii): felony, 8 years.
    if level is Level.FELONY:
        return EIGHT_YEARS
    # CPL 160.57(1)(b)(i): misdemeanor, 3 years.
    if level is Level.MISDEMEANOR:
        return THREE_YEARS
    return None


def _release(count: Count) -> date | None:
    """Release from incarceration, or imposition of sentence if there was none (unknown: None)."""
    sentence = count.sentence
    if sentence.incarcerated is True:
        return sentence.incarceration_release_date
    if sentence.incarcerated is False:
        return sentence.imposed_date
    # Unknown whether incarcerated: only safe when both candidate dates agree.
    if (
        sentence.imposed_date is not None
        and sentence.imposed_date == sentence.incarceration_release_date
    ):
        return sentence.imposed_date
    return None


def _own_date(count: Count, wait: Duration) -> date | None:
    """The count's own sealing date: release (or sentence) + waiting period."""
    release = _release(count)
    return None if release is None else add(release, wait, CONVENTION)


# --- the person's other counts ---------------------------------------------------------------


def _others(person: Person, case_index: int, count_index: int) -> list[tuple[Case, Count]]:
    """Every count of the person except the one at ``(case_index, count_index)``."""
    return [
        (other_case, other)
        for i, other_case in enumerate(person.cases)
        for j, other in enumerate(other_case.counts)
        if (i, j) != (case_index, count_index)
    ]


def _pending_charge(others: list[tuple[Case, Count]]) -> Tri:
    # CPL 160.57(1)(b)(iii): a criminal charge pending in New York (open case or pending count).
    return k_or(*(k_and(_in_ny(c), k_or(_open(c), _pending(o))) for c, o in others))


def _subsequent(count: Count, other_case: Case, other: Count) -> tuple[bool, set[date | None]]:
    """Whether ``other`` may fail to be a subsequent NY conviction of a crime, and the sealing
    dates it would carry in the worlds where it is one."""
    base = k_and(
        _convicted(other),
        _in_ny(other_case),
        _after(other.disposition_date, count.disposition_date),
    )
    if base is False:
        return True, set()
    may_not = base is None
    dates: set[date | None] = set()
    for level in _level_worlds(other.level):
        if level not in (Level.FELONY, Level.MISDEMEANOR):  # not a crime
            may_not = True
            continue
        for kind in _kind_worlds(other.citation):
            wait = _wait(level, kind)
            assert wait is not None
            dates.add(_own_date(other, wait))
    return may_not, dates


def _candidate_dates(
    count: Count, wait: Duration, others: list[tuple[Case, Count]]
) -> set[date | None]:
    """Every date on which the count could become sealable (``None``: an unknown date)."""
    candidates: set[date | None] = {_own_date(count, wait)}
    # CPL 160.57(1)(b), proviso: a crime of conviction before sealing makes the prior
    # conviction's sealing date that of the subsequent conviction -> latest of all of them.
    for other_case, other in others:
        may_not, dates = _subsequent(count, other_case, other)
        widened: set[date | None] = set(candidates) if may_not else set()
        widened |= {_latest(d, e) for d in candidates for e in dates}
        candidates = widened
    # L.2023 ch. 631: effective 2024-11-16.
    candidates = {_latest(d, EFFECTIVE_DATE) for d in candidates}
    # CPL 160.57(1)(b)(iv): not while under supervision for this conviction.
    supervised = count.sentence.supervised
    end = count.sentence.supervision_end_date
    result: set[date | None] = set()
    for is_supervised in worlds(supervised):
        result |= {_latest(d, end) if is_supervised else d for d in candidates}
    return result


# --- the decision ----------------------------------------------------------------------------


def _decide_world(
    level: Level,
    kind: _Kind,
    class_a: bool,
    count: Count,
    others: list[tuple[Case, Count]],
    as_of: date,
) -> set[OracleResult]:
    """The possible results once the count's level, citation kind and class are fixed."""
    # CPL 160.57(1)(b)(v): sex offense or sexually violent offense (Correction Law 168-a).
    if kind is _Kind.SEX:
        return {NEVER}
    # CPL 160.57(1)(b)(vi): class A felony, except Penal Law article 220.
    if level is Level.FELONY and class_a and kind is not _Kind.ART220:
        return {NEVER}
    # CPL 160.57(1)(a)/(b)(i)/(b)(ii): no relief rule covers the conviction.
    wait = _wait(level, kind)
    if wait is None:
        return {NEVER}
    results: set[OracleResult] = set()
    # CPL 160.57(1)(b)(iii): pending NY charge -> not now; when is unknown.
    pending = _pending_charge(others)
    if pending is not False:
        results.add(BLOCKED_FOR_NOW)
    if pending is not True:
        for when in _candidate_dates(count, wait, others):
            if when is None:
                results.add(REVIEW)
            elif as_of >= when:
                results.add(OracleResult(SEAL, when))
            else:
                results.add(OracleResult(NOT_ELIGIBLE, when))
    return results


def _decide_count(count: Count, others: list[tuple[Case, Count]], as_of: date) -> OracleResult:
    results: set[OracleResult] = set()
    for level in _level_worlds(count.level):
        for kind in _kind_worlds(count.citation):
            for class_a in worlds(_is_class_a(count.offense_class)):
                results |= _decide_world(level, kind, class_a, count, others, as_of)
    return collapse(results)


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """CPL 160.57 for every NY conviction of ``person`` (unknown scope: ``needs_review``)."""
    decisions: dict[tuple[str, str], OracleResult] = {}
    for i, case in enumerate(person.cases):
        for j, count in enumerate(case.counts):
            # Scope: a conviction in New York.
            in_scope = k_and(_convicted(count), _in_ny(case))
            if in_scope is False:
                continue
            key = (case.id, count.id)
            if in_scope is None:
                decisions[key] = NEEDS_REVIEW
            else:
                decisions[key] = _decide_count(count, _others(person, i, j), as_of)
    return decisions
