"""Statutory presumptions: the value the law itself says to assume for a fact the record lacks
(docs/language.md, "Presumptions").

A statute declares them beside its facts (``sold_to_minor: boolean presumed false § HS
11361.8(b)``).  A count is first decided on the record as it is; only when that leaves it at
``needs_review`` for lack of presumed facts is it decided again with those facts presumed, and
its determination lists the presumptions it rests on, so the party who may rebut them sees
which.  A fact on the record always overrides its presumption, and a presumption that cannot
change the answer is not listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.dates import Duration
from clearlaw.explain import Explanation

if TYPE_CHECKING:
    from clearlaw.evaluate import Determination

__all__ = ["Presumption", "Presumptions"]

FACTS = "facts."


@attrs.frozen
class Presumption:
    """A presumed fact a determination rests on: ``fact`` as ``missing`` names it
    (``facts.x``, or ``C2/1 facts.x`` for another count), its presumed ``value`` and the
    ``citation`` of the law that presumes it."""

    fact: str
    value: r.FactValue
    citation: str

    def text(self) -> str:
        """``facts.x = false (§ HS 11361.8(b))``."""
        value = str(self.value).lower() if isinstance(self.value, bool) else str(self.value)
        return f"{self.fact} = {value} (§ {self.citation})"


class Presumptions:
    """The presumed facts a statute declares, by fact name."""

    def __init__(self, facts: Iterable[n.Fact]) -> None:
        self.values: dict[str, tuple[r.FactValue, str]] = {
            f.name: (_value(f.presumed), f.presumed.citation or "")
            for f in facts
            if f.presumed is not None
        }

    def __bool__(self) -> bool:
        return bool(self.values)

    def used(self, missing: Iterable[str]) -> tuple[Presumption, ...]:
        """The presumptions among the missing facts of a count (sorted as ``missing`` is)."""
        out = []
        for name in sorted(missing):
            field = name.rsplit(" ", 1)[-1]
            presumed = self.values.get(field.removeprefix(FACTS)) if field[:6] == FACTS else None
            if presumed is not None:
                out.append(Presumption(name, *presumed))
        return tuple(out)

    def apply(self, person: r.Person) -> r.Person:
        """``person`` with every presumed fact its counts lack set to its presumed value."""
        cases = []
        for case in person.cases:
            counts = []
            for count in case.counts:
                lacking = {k: v for k, (v, _) in self.values.items() if k not in count.facts}
                counts.append(
                    attrs.evolve(count, facts={**count.facts, **lacking}) if lacking else count
                )
            cases.append(attrs.evolve(case, counts=tuple(counts)))
        return attrs.evolve(person, cases=tuple(cases))

    def settle(
        self,
        found: tuple[Determination, ...],
        person: r.Person,
        decide: Callable[[r.Person], tuple[Determination, ...]],
    ) -> tuple[Determination, ...]:
        """``found`` with each count left at needs_review for lack of presumed facts decided
        again (``decide``) with them presumed, and the presumptions it rests on listed."""
        from clearlaw.evaluate import NEEDS_REVIEW  # evaluate imports this module

        needed = {
            (d.case, d.count): self.used(d.missing) if d.outcome == NEEDS_REVIEW else ()
            for d in found
        }
        if not any(needed.values()):
            return found
        again = {(d.case, d.count): d for d in decide(self.apply(person))}
        out = []
        for d in found:
            used = needed[(d.case, d.count)]
            if used:
                d = _presumed(again[(d.case, d.count)], used)
            out.append(d)
        return tuple(out)


def _value(presumed: n.Presumption) -> r.FactValue:
    value = presumed.value.value
    assert not isinstance(value, Duration), "the checker allows no presumed duration"
    return value


def _presumed(d: Determination, used: tuple[Presumption, ...]) -> Determination:
    """``d`` resting on ``used``: listed, said in its reasons and atop its explanation."""
    said = "; ".join(p.text() for p in used)
    reasons = (*d.reasons, f"presumed, unless rebutted: {said}")
    explanation = d.explanation
    if explanation is not None:
        explanation = Explanation(
            f"{d.case}/{d.count}: decided on the law's presumptions: {said}",
            f"{d.outcome}, eligible {d.eligible_on}",
            children=(explanation,),
        )
    return attrs.evolve(d, presumptions=used, reasons=reasons, explanation=explanation)
