"""Normalized criminal-history records: a ``Person`` has ``Case``\\ s, a case has ``Count``\\ s.

Every field that a source may lack is optional; ``None`` means *unknown*, never "no".  A
statute that needs an unknown field gets ``needs_review`` naming it, not a guess.
All classes are frozen: records are values.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from clearlaw.citations import Citation
from clearlaw.dates import date

__all__ = [
    "LEVEL_ORDER",
    "Case",
    "CaseStatus",
    "Count",
    "Disposition",
    "FactValue",
    "Facts",
    "Financial",
    "Level",
    "Person",
    "Registration",
    "Sentence",
]


class Level(enum.StrEnum):
    """Offense level, ordered: felony > misdemeanor > petty_offense > summary > violation >
    infraction (see ``LEVEL_ORDER``)."""

    FELONY = "felony"
    MISDEMEANOR = "misdemeanor"
    PETTY_OFFENSE = "petty_offense"
    SUMMARY = "summary"
    VIOLATION = "violation"
    INFRACTION = "infraction"


#: Rank of each level: a higher number is a more serious level.
LEVEL_ORDER: Mapping[Level, int] = {
    Level.INFRACTION: 0,
    Level.VIOLATION: 1,
    Level.SUMMARY: 2,
    Level.PETTY_OFFENSE: 3,
    Level.MISDEMEANOR: 4,
    Level.FELONY: 5,
}


class Disposition(enum.StrEnum):
    """How a count ended (``pending``: not yet; ``unknown``: the source does not say)."""

    CONVICTED = "convicted"
    DISMISSED = "dismissed"
    ACQUITTED = "acquitted"
    NOLLE_PROSEQUI = "nolle_prosequi"
    DIVERTED = "diverted"
    PENDING = "pending"
    UNKNOWN = "unknown"


class CaseStatus(enum.StrEnum):
    """Whether a case is still open."""

    OPEN = "open"
    CLOSED = "closed"


#: The type of a statute-specific fact (declared by the statute that reads it).
FactValue = bool | int | float | str | date


class Facts(Mapping[str, FactValue]):
    """A count's statute-specific facts: an immutable, hashable mapping (records are values)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, FactValue] | None = None) -> None:
        self._items: dict[str, FactValue] = dict(items or {})

    def __getitem__(self, key: str) -> FactValue:
        return self._items[key]

    def get(self, key: str, default: Any = None) -> Any:  # the dict's own: evaluation reads it
        return self._items.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._items) == dict(other)

    def __repr__(self) -> str:
        return f"Facts({self._items!r})"


_NO_FACTS = Facts()  # the default, shared: facts are immutable


def _facts(value: Mapping[str, FactValue] | None) -> Facts:
    """``Facts`` as they are (they are immutable); any other mapping copied into them."""
    return value if isinstance(value, Facts) else Facts(value)


@attrs.frozen
class Sentence:
    """The sentence imposed for a count.

    ``incarcerated`` and ``supervised`` are facts in their own right: ``False`` means the
    sentence had none, ``None`` means the record does not say.
    """

    imposed_date: date | None = None
    incarcerated: bool | None = None
    incarceration_release_date: date | None = None
    supervised: bool | None = None
    supervision_end_date: date | None = None
    completion_date: date | None = None
    #: the incarceration was a term in a state prison (true) or in a local jail (false)
    prison: bool | None = None
    #: when the court revoked the sentence's probation
    probation_revoked_date: date | None = None
    #: the probation was revoked (true) or not (false) as of the record; a revocation date
    #: implies it (the readers reject ``false`` with a date)
    probation_revoked: bool | None = attrs.field()

    @probation_revoked.default
    def _revoked_if_dated(self) -> bool | None:
        return True if self.probation_revoked_date is not None else None


@attrs.frozen
class Financial:
    """Court-ordered money owed for a count.  ``restitution_paid``: paid in full (true) or not
    (false) as of the record; a payment date implies it was paid (the readers reject ``false``
    with a date).  ``fines_paid``: every fine, fee, cost and assessment imposed for the count
    (all but restitution) paid in full, or none imposed (true), or some still owed (false);
    ``fines_paid_date``: when the last of them was paid (it implies ``fines_paid``)."""

    restitution_ordered: bool | None = None
    restitution_paid_date: date | None = None
    restitution_paid: bool | None = attrs.field()
    fines_paid_date: date | None = None
    fines_paid: bool | None = attrs.field()

    @restitution_paid.default
    def _paid_if_dated(self) -> bool | None:
        return True if self.restitution_paid_date is not None else None

    @fines_paid.default
    def _fines_paid_if_dated(self) -> bool | None:
        return True if self.fines_paid_date is not None else None


@attrs.frozen
class Count:
    """One charge in a case, with its disposition and sentence.

    ``citation`` is normalized (``clearlaw.citations``) against the case's jurisdiction; an
    inchoate offense (``PC 664/187``) is a citation of the object offense with its kind."""

    id: str
    citation: Citation | None = None
    description: str | None = None
    level: Level | None = None
    offense_class: str | None = None
    max_penalty_days: int | None = None
    offense_date: date | None = None
    disposition: Disposition | None = None
    disposition_date: date | None = None
    sentence: Sentence = Sentence()
    financial: Financial = Financial()
    facts: Facts = attrs.field(default=_NO_FACTS, converter=_facts)
    #: the citation as the source wrote it, kept when it could not be read (``citation`` is
    #: then ``None``): the count is still evaluated, with a warning naming it
    citation_text: str | None = None
    #: the court designated the count a domestic or family violence offense (dockets mark it:
    #: Utah Code 77-36-2.7(1)(d), Connecticut's family violence designation, …)
    domestic_violence: bool | None = None
    #: a dismissal with prejudice (true) or without (false)
    with_prejudice: bool | None = None
    #: the arrest (or other law-enforcement contact) the charge came from
    arrest_date: date | None = None


@attrs.frozen
class Case:
    """A court case (or arrest cycle) with its counts."""

    id: str
    jurisdiction: str | None = None
    county: str | None = None
    status: CaseStatus | None = None
    counts: tuple[Count, ...] = ()


@attrs.frozen
class Registration:
    """A registration requirement, e.g. ``kind="sex_offender"``, ``citation=PC 290``."""

    kind: str
    citation: Citation | None = None
    date: date | None = None


@attrs.frozen
class Person:
    """A person's whole criminal history.

    ``deceased`` is a fact of its own (a death date implies it; a source that lists a
    person's whole history says ``False``).  ``source`` says where the record came from (``file:line``), for messages; it never holds
    the record's contents and does not take part in equality.
    """

    id: str
    birth_date: date | None = None
    death_date: date | None = None
    deceased: bool | None = None
    registrations: tuple[Registration, ...] = ()
    cases: tuple[Case, ...] = ()
    name: str | None = None
    source: str | None = attrs.field(default=None, eq=False)
