"""Deciding a ``needs_review`` count over every possible value of the facts it lacks.

The evaluator decides each unknown condition both ways on its own, so rules that together
cover every value of one missing fact (three age bands with the birth date missing) can leave
a count at ``needs_review`` although every real value gives the same answer.  Here such a
count is decided again in each *world*: the record completed with one possible value of each
missing fact.  When every world gives the same outcome and eligible date, that is the answer;
otherwise (or when a missing fact cannot be enumerated) the count stays ``needs_review``.

A missing fact is enumerated only where its values fall into finitely many classes that
behave alike (docs/language.md, "Unknown facts"):

* a boolean (a declared boolean fact, ``sentence.incarcerated``, ``sentence.supervised``,
  ``financial.restitution_ordered``, ``person.deceased``): true and false;
* ``level``, ``disposition``, ``case.status``: every value of the list;
* the birth date, when the statute reads it only as ``age on D`` compared with numbers and
  ``D`` is a field, a date literal or ``as_of``: one birth date for each pattern of "at least
  N years old on D" over every date on the record (and the statute's dates), which covers
  every age the person can have had on each of them.

Other missing facts (other dates, numbers, text) are not enumerated.  At most ``MAX_WORLDS``
worlds are tried per count.
"""

from __future__ import annotations

import datetime as dt
import itertools
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.dates import date, whole_years_between

__all__ = ["MAX_WORLDS", "WORLDS_REASON", "possible_worlds", "refine"]

#: The first reason of a count decided over every world: ``WORLDS_REASON.format(missing)``.
WORLDS_REASON = "the record does not say {}; every possible value gives this result"

#: The most worlds tried for one count.
MAX_WORLDS = 256

_BOOLEAN_FIELDS = {
    "sentence.incarcerated": ("sentence", "incarcerated"),
    "sentence.supervised": ("sentence", "supervised"),
    "financial.restitution_ordered": ("financial", "restitution_ordered"),
    "financial.restitution_paid": ("financial", "restitution_paid"),
}
_ENUM_FIELDS: dict[str, tuple[Any, ...]] = {
    "level": tuple(r.Level),
    "disposition": tuple(d for d in r.Disposition if d is not r.Disposition.UNKNOWN),
    "case.status": tuple(r.CaseStatus),
}
_COMPARISONS = {"<", "<=", ">", ">=", "==", "!=", "is", "is not"}

#: A person with one missing fact set: the fact's name and a function giving the new person.
Setter = Callable[[r.Person, Any], r.Person]


@attrs.frozen
class _StatuteInfo:
    """What a statute lets us enumerate: the ages it compares ``age on`` with (``None``: the
    birth date is read otherwise), its boolean facts and its date convention."""

    ages: tuple[int, ...] | None
    boolean_facts: frozenset[str]
    convention: Any
    #: The record fields ``age on`` reads (``offense_date``…) and the statute's date literals.
    age_fields: frozenset[str]
    literal_dates: frozenset[date]


def _children(node: object) -> Iterator[object]:
    if attrs.has(type(node)):
        for field in attrs.fields(type(node)):  # type: ignore[arg-type]
            value = getattr(node, field.name)
            for child in value if isinstance(value, tuple) else (value,):
                if attrs.has(type(child)) and not isinstance(child, n.Span):
                    yield child


def _date_path(path: n.Path, defined: set[str]) -> bool:
    """A record date, a date fact or ``as_of``; not a definition (which may compute a date)."""
    last = path.parts[-1]
    return path.parts[0] not in defined and (last == "as_of" or last.endswith("date"))


def _ages(statute: n.Statute) -> tuple[int, ...] | None:
    """The ages ``age on D`` is compared with, directly or through a definition that is
    exactly ``age on D``, if that is the only way the statute reads the birth date and each
    ``D`` is a record date or ``as_of``; else ``None``."""
    defined = {d.name for d in statute.defines}
    age_names = {d.name for d in statute.defines if isinstance(d.value, n.AgeOn)}
    out: set[int] = set()
    for node in n.walk(statute):
        if isinstance(node, n.Path) and node.parts[-1] == "birth_date":
            return None
        if isinstance(node, n.AgeOn) and not (
            isinstance(node.when, n.Literal)
            or (isinstance(node.when, n.Path) and _date_path(node.when, defined))
        ):
            return None
        for child in _children(node):
            if not (
                isinstance(child, n.AgeOn)
                or (isinstance(child, n.Path) and child.parts[0] in age_names)
            ):
                continue
            if isinstance(node, n.Define) and node.name in age_names:
                continue  # the definition itself
            if not isinstance(node, n.Binary) or node.op not in _COMPARISONS:
                return None
            other = node.right if node.left is child else node.left
            if not isinstance(other, n.Literal) or not isinstance(other.value, int | float):
                return None
            whole = int(other.value)
            out |= {whole, whole + 1}  # `age == 20` needs "at least 20" and "at least 21"
    return tuple(sorted(out))


_INFO: weakref.WeakKeyDictionary[Any, _StatuteInfo] = weakref.WeakKeyDictionary()


def _info(statute: Any) -> _StatuteInfo:
    found = _INFO.get(statute)
    if found is None:
        node = statute.node
        every = list(n.walk(node))
        found = _INFO[statute] = _StatuteInfo(
            _ages(node),
            frozenset(f.name for f in node.facts if f.type == "boolean"),
            node.header.convention,
            frozenset(
                x.when.parts[-1]
                for x in every
                if isinstance(x, n.AgeOn) and isinstance(x.when, n.Path)
            ),
            frozenset(
                x.value for x in every if isinstance(x, n.Literal) and isinstance(x.value, dt.date)
            ),
        )
    return found


def _age_dates(person: r.Person, info: _StatuteInfo, as_of: date) -> set[date]:
    """Every date ``age on`` can read for this person: the fields it names on every count
    (and among the facts), the as-of date and the statute's date literals."""
    found = {as_of, *info.literal_dates}
    fields = info.age_fields
    for record in (person, *person.registrations):
        found.update(
            v for v in (getattr(record, f, None) for f in fields) if isinstance(v, dt.date)
        )
    for case in person.cases:
        for count in case.counts:
            for name in fields:
                for value in (
                    getattr(count, name, None),
                    getattr(count.sentence, name, None),
                    count.facts.get(name),
                ):
                    if isinstance(value, dt.date):
                        found.add(value)
    return found


def _birth_dates(person: r.Person, statute: Any, as_of: date) -> list[date] | None:
    """One birth date per pattern of "at least N on D" (see the module docstring)."""
    info = _info(statute)
    thresholds, convention = info.ages, info.convention
    if thresholds is None:
        return None
    if not thresholds:
        return [date(1970, 1, 1)]
    dates = sorted(_age_dates(person, _info(statute), as_of))
    candidates: set[date] = set()
    try:
        for d in dates:
            for years in thresholds:
                try:
                    edge = d.replace(year=d.year - years)
                except ValueError:  # February 29
                    edge = d.replace(year=d.year - years, day=28)
                candidates |= {edge + dt.timedelta(days=k) for k in range(-3, 4)}
        candidates |= {
            min(candidates) - dt.timedelta(days=1),
            max(candidates) + dt.timedelta(days=1),
        }
    except (ValueError, OverflowError):  # a birth date before year 1 or after 9999: no worlds
        return None
    patterns: dict[tuple[bool, ...], date] = {}
    for born in sorted(candidates):
        key = tuple(
            born <= d and whole_years_between(born, d, convention) >= years
            for d in dates
            for years in thresholds
        )
        patterns.setdefault(key, born)
    return list(patterns.values())


def _count_setter(
    case_id: str, count_id: str, change: Callable[[r.Case, r.Count, Any], tuple[r.Case, r.Count]]
) -> Setter:
    def set_value(person: r.Person, value: Any) -> r.Person:
        cases = []
        for case in person.cases:
            if case.id == case_id:
                counts = []
                for count in case.counts:
                    if count.id == count_id:
                        case, count = change(case, count, value)
                    counts.append(count)
                case = attrs.evolve(case, counts=tuple(counts))
            cases.append(case)
        return attrs.evolve(person, cases=tuple(cases))

    return set_value


def _setter_and_values(
    name: str, case_id: str, count_id: str, person: r.Person, statute: Any, as_of: date
) -> tuple[Setter, Sequence[Any]] | None:
    """How to set the missing fact ``name`` (of count ``case_id/count_id``) and its values."""
    if name == "person.birth_date":
        births = _birth_dates(person, statute, as_of)
        if births is None:
            return None
        return (lambda p, v: attrs.evolve(p, birth_date=v)), births
    if name == "person.deceased":
        return (lambda p, v: attrs.evolve(p, deceased=v)), (True, False)
    if name.startswith("facts."):
        fact = name.removeprefix("facts.")
        if fact not in _info(statute).boolean_facts:
            return None

        def set_fact(case: r.Case, count: r.Count, v: Any) -> tuple[r.Case, r.Count]:
            return case, attrs.evolve(count, facts={**count.facts, fact: v})

        return _count_setter(case_id, count_id, set_fact), (True, False)
    if name in _BOOLEAN_FIELDS:
        part, attr = _BOOLEAN_FIELDS[name]

        def set_part(case: r.Case, count: r.Count, v: Any) -> tuple[r.Case, r.Count]:
            inner = attrs.evolve(getattr(count, part), **{attr: v})
            return case, attrs.evolve(count, **{part: inner})

        return _count_setter(case_id, count_id, set_part), (True, False)
    if name in _ENUM_FIELDS:
        if name == "case.status":

            def set_status(case: r.Case, count: r.Count, v: Any) -> tuple[r.Case, r.Count]:
                return attrs.evolve(case, status=v), count

            return _count_setter(case_id, count_id, set_status), _ENUM_FIELDS[name]

        def set_enum(case: r.Case, count: r.Count, v: Any) -> tuple[r.Case, r.Count]:
            return case, attrs.evolve(count, **{name: v})

        return _count_setter(case_id, count_id, set_enum), _ENUM_FIELDS[name]
    return None


def possible_worlds(
    statute: Any,
    person: r.Person,
    as_of: date,
    case_id: str,
    count_id: str,
    missing: Sequence[str],
) -> Iterator[r.Person] | None:
    """Every completion of ``person`` over ``missing``, or ``None`` if one cannot be
    enumerated or there are more than ``MAX_WORLDS``."""
    axes = []
    for entry in missing:
        key, _, name = entry.rpartition(" ")
        if key.startswith("registration"):
            return None
        c_id, _, k_id = key.partition("/") if key else (case_id, "", count_id)
        found = _setter_and_values(name, c_id, k_id, person, statute, as_of)
        if found is None:
            return None
        axes.append(found)
    total = 1
    for _, values in axes:
        total *= len(values)
    if total > MAX_WORLDS:
        return None

    def completions() -> Iterator[r.Person]:
        for combo in itertools.product(*(values for _, values in axes)):
            world = person
            for (setter, _), value in zip(axes, combo, strict=True):
                world = setter(world, value)
            yield world

    return completions()


def refine(
    statute: Any,
    person: r.Person,
    as_of: date,
    determination: Any,
    decide: Callable[[r.Person], Sequence[Any]],
) -> Any | None:
    """The determination every world agrees on for a ``needs_review`` count, or ``None``.

    ``decide`` evaluates a completed person (explanations off).  The answer keeps the world's
    outcome, date and (if all worlds share it) rule, and says in its reasons which facts the
    record lacks and that every value of them gives this answer."""
    worlds = possible_worlds(
        statute, person, as_of, determination.case, determination.count, determination.missing
    )
    if worlds is None:
        return None
    agreed = None
    rules = set()
    for world in worlds:
        found = [
            d
            for d in decide(world)
            if d.case == determination.case and d.count == determination.count
        ]
        if len(found) != 1 or found[0].outcome == determination.outcome:
            return None
        d = found[0]
        if agreed is not None and (d.outcome, d.eligible_on) != (
            agreed.outcome,
            agreed.eligible_on,
        ):
            return None
        agreed = agreed or d
        rules.add(d.rule)
    if agreed is None:
        return None
    note = WORLDS_REASON.format(", ".join(determination.missing))
    if len(rules) == 1:
        return attrs.evolve(agreed, reasons=(note, *agreed.reasons), explanation=None)
    return attrs.evolve(agreed, rule=None, citations=(), reasons=(note,), explanation=None)
