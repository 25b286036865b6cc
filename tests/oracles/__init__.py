"""Hand-written reference oracles for differential testing of the DSL statutes.

Each oracle is plain Python written from the law (and the project's interpretation notes),
independently of the DSL.  An oracle exposes ``decide(person, as_of)`` returning, for every
count the statute applies to, an ``OracleResult`` keyed by ``(case_id, count_id)``.

Three-valued reasoning is done by *enumerating possible worlds*: every unknown input that
matters is replaced by each value it could take, the statute is applied in each world, and
the set of results is collapsed: one result in every world → that result; otherwise
``needs_review`` with ``eligible_on="unknown"``.  The helpers below are shared by the oracles.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from datetime import date

import attrs

__all__ = [
    "NEEDS_REVIEW",
    "REVIEW",
    "OracleResult",
    "Tri",
    "World",
    "add_years",
    "age_on",
    "collapse",
    "explore",
    "k_and",
    "k_not",
    "k_or",
    "worlds",
]

#: A three-valued (Kleene) truth value: ``None`` means unknown.
Tri = bool | None


@attrs.frozen
class OracleResult:
    """The oracle's decision for one count.

    ``outcome`` is a statute outcome name or ``"needs_review"``; ``eligible_on`` is a date,
    ``"never"`` or ``"unknown"``.
    """

    outcome: str
    eligible_on: date | str


#: The result when an unknown input could change the decision.
NEEDS_REVIEW = OracleResult("needs_review", "unknown")

#: Marker put into a set of possible results when a world cannot be decided at all (e.g. a
#: date it needs is unknown).  ``collapse`` turns any set containing it into ``NEEDS_REVIEW``.
REVIEW = NEEDS_REVIEW


def k_not(a: Tri) -> Tri:
    """Kleene NOT."""
    return None if a is None else not a


def k_and(*values: Tri) -> Tri:
    """Kleene AND: False if any is False, else unknown if any is unknown, else True."""
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def k_or(*values: Tri) -> Tri:
    """Kleene OR: True if any is True, else unknown if any is unknown, else False."""
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def worlds(value: Tri) -> tuple[bool, ...]:
    """The values a three-valued fact can take: itself when known, both when unknown."""
    return (True, False) if value is None else (value,)


def collapse(results: Iterable[OracleResult]) -> OracleResult:
    """One result if every possible world agrees on it, else ``NEEDS_REVIEW``."""
    distinct = set(results)
    if len(distinct) == 1:
        return distinct.pop()
    return NEEDS_REVIEW


# --- calendar (written here, not taken from clearlaw.dates) ---------------------------------


def add_years(day: date, years: int) -> date:
    """The ``years``-th anniversary of ``day``; a February 29 with no anniversary in the target
    year rolls forward to March 1 (both statutes say "anniversaries roll forward")."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return day.replace(year=year)


def age_on(birth: date, day: date) -> int:
    """Whole years from ``birth`` to ``day``: the birthday is reached on its anniversary, a
    February 29 birthday on March 1 in a common year."""
    years = day.year - birth.year
    return years if add_years(birth, years) <= day else years - 1


# --- possible worlds, explored lazily -------------------------------------------------------


class _Branch(Exception):
    """Raised by ``World`` when a rule reads an input whose value is not fixed yet."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@attrs.frozen
class World:
    """The inputs of a rule: each input's possible values, and the values assumed so far."""

    choices: Mapping[str, tuple[object, ...]]
    assumed: Mapping[str, object]

    def get(self, name: str) -> object:
        options = self.choices[name]
        if len(options) == 1:
            return options[0]
        if name in self.assumed:
            return self.assumed[name]
        raise _Branch(name)

    def flag(self, name: str) -> bool:
        value = self.get(name)
        assert isinstance(value, bool)
        return value


def explore(
    rule: Callable[[World], OracleResult], choices: Mapping[str, tuple[object, ...]]
) -> set[OracleResult]:
    """The results of ``rule`` in every world, branching only on the inputs it reads."""
    results: set[OracleResult] = set()
    todo: list[dict[str, object]] = [{}]
    while todo:
        assumed = todo.pop()
        try:
            results.add(rule(World(choices, assumed)))
        except _Branch as branch:
            todo.extend({**assumed, branch.name: v} for v in choices[branch.name])
    return results
