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

from collections.abc import Iterable
from datetime import date

import attrs

__all__ = [
    "NEEDS_REVIEW",
    "REVIEW",
    "OracleResult",
    "Tri",
    "collapse",
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
