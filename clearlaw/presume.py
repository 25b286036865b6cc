"""Statutory presumptions: the value the law itself says to assume for a fact the record lacks
(docs/language.md, "Presumptions").

A statute declares them beside its facts (``sold_to_minor: boolean presumed false § HS
11361.8(b)``).  A count is first decided on the record as it is; only when that leaves it at
``needs_review`` for lack of presumed facts is it decided again with them presumed, one at a
time in the order the statute declares them and only while the count still needs one.  Its
determination lists the presumptions it rests on, so the party who may rebut them sees which.
A fact on the record always overrides its presumption, and a presumption the answer does not
need is not listed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.dates import Duration
from clearlaw.evolve import evolve
from clearlaw.explain import Explanation

if TYPE_CHECKING:
    from clearlaw.evaluate import Determination

__all__ = ["NEEDS_REVIEW", "Presumption", "Presumptions"]

FACTS = "facts."

#: The outcome of a count the record does not decide (``clearlaw.evaluate``, which imports
#: this module, says it from here).
NEEDS_REVIEW = "needs_review"


@attrs.frozen(cache_hash=True)  # a statute's are made once (``lacking``), hashed often
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
        self._lacking: dict[tuple[str, ...], tuple[Presumption, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self.values)

    def lacking(self, missing: tuple[str, ...]) -> tuple[Presumption, ...]:
        """The presumptions among a count's missing facts, in the order the statute declares
        them (a fact of another count is named as ``missing`` names it: ``C2/1 facts.x``)."""
        found = self._lacking.get(missing)
        if found is None:
            found = self._lacking[missing] = self._find(missing)
        return found

    def _find(self, missing: tuple[str, ...]) -> tuple[Presumption, ...]:
        found: dict[str, list[Presumption]] = {}
        for name in missing:
            field = name.rsplit(" ", 1)[-1]
            presumed = self.values.get(field.removeprefix(FACTS)) if field[:6] == FACTS else None
            if presumed is not None:
                found.setdefault(field.removeprefix(FACTS), []).append(Presumption(name, *presumed))
        return tuple(p for fact in self.values for p in sorted(found.get(fact, ()), key=_fact))

    def settle(
        self,
        found: tuple[Determination, ...],
        person: r.Person,
        decide: Callable[
            [r.Person, frozenset[tuple[str, str]], frozenset[str]], tuple[Determination, ...]
        ],
        *,
        together: bool = False,
    ) -> tuple[Determination, ...]:
        """``found`` with each count left at needs_review for lack of presumed facts decided
        again (``decide``: a person, the (case id, count id) of the counts to decide and the
        names of the facts it sets in ``person``) with them presumed: one at a time, in the
        order the statute declares them, and only while the count still needs one, so that
        the presumptions a determination lists are the ones it rests on.  ``together``: all
        the facts a count lacks presumed at once (fewer rounds, for bulk runs that report
        outcomes, not presumptions; a determination may then list a presumption its answer
        does not need)."""
        pending = {(d.case, d.count): d for d in found if d.outcome == NEEDS_REVIEW}
        if not pending:
            return found
        used: dict[tuple[str, str], list[Presumption]] = {}
        fill: dict[tuple[str, str], dict[str, r.FactValue]] = {}
        settled: dict[tuple[str, str], Determination] = {}
        while pending:
            for key, d in list(pending.items()):
                lacking = self.lacking(d.missing)
                if not lacking:
                    del pending[key]
                    if key in used:
                        settled[key] = d
                    continue
                for presumption in lacking if together else lacking[:1]:
                    used.setdefault(key, []).append(presumption)
                    owner, fact = _target(presumption.fact)
                    fill.setdefault(owner or key, {})[fact] = presumption.value
            if pending:
                names = frozenset(name for facts in fill.values() for name in facts)
                again = {
                    (d.case, d.count): d
                    for d in decide(_filled(person, fill), frozenset(pending), names)
                }
                for key in pending:
                    pending[key] = again[key]
                    if again[key].outcome != NEEDS_REVIEW:
                        settled[key] = again[key]
                pending = {k: d for k, d in pending.items() if k not in settled}
        if not settled:
            return found
        return tuple(
            _presumed(settled[k], used[k]) if (k := (d.case, d.count)) in settled else d
            for d in found
        )


def _fact(p: Presumption) -> str:
    return p.fact


@functools.lru_cache(maxsize=4096)
def _target(missing: str) -> tuple[tuple[str, str] | None, str]:
    """The count (case id, count id) a missing fact is of, ``None`` for the count decided,
    and the fact's name (``C2/1 facts.x``: ``("C2", "1"), "x"``), read once per text."""
    owner, _, fact = missing.rpartition(" ")
    case, slash, count = owner.partition("/")
    return ((case, count if slash else case) if owner else None), fact.removeprefix(FACTS)


def _filled(person: r.Person, fill: dict[tuple[str, str], dict[str, r.FactValue]]) -> r.Person:
    """``person`` with the facts ``fill`` gives each count (case id, count id) set (a case
    none of whose counts it fills is kept as it is)."""
    cases = []
    for case in person.cases:
        if any((case.id, c.id) in fill for c in case.counts):
            counts = tuple(
                c if (given := fill.get((case.id, c.id))) is None else _set_facts(c, given)
                for c in case.counts
            )
            case = evolve(case, counts=counts)
        cases.append(case)
    return evolve(person, cases=tuple(cases))


def _set_facts(count: r.Count, facts: dict[str, r.FactValue]) -> r.Count:
    """``count`` with ``facts`` set (a count without facts takes them as they are)."""
    return evolve(count, facts={**count.facts, **facts} if count.facts else facts)


@functools.lru_cache(maxsize=4096)
def _said(presumed: tuple[Presumption, ...]) -> tuple[tuple[Presumption, ...], str]:
    """The presumptions in order and said, worked out once per combination (a fact's presumed
    value is the statute's, so equal keys say the same; facts of other counts are named by
    their ids: the cache is bounded)."""
    used = tuple(sorted(presumed, key=_fact))
    return used, "; ".join(p.text() for p in used)


def _value(presumed: n.Presumption) -> r.FactValue:
    value = presumed.value.value
    assert not isinstance(value, Duration), "the checker allows no presumed duration"
    return value


def _presumed(d: Determination, presumed: list[Presumption]) -> Determination:
    """``d`` resting on ``presumed``: listed, said in its reasons and atop its explanation."""
    used, text = _said(tuple(presumed))
    reasons = (*d.reasons, f"presumed, unless rebutted: {text}")
    explanation = d.explanation
    if explanation is not None:
        explanation = Explanation(
            f"{d.case}/{d.count}: decided on the law's presumptions: {text}",
            f"{d.outcome}, eligible {d.eligible_on}",
            children=(explanation,),
        )
    return evolve(d, presumptions=used, reasons=reasons, explanation=explanation)
