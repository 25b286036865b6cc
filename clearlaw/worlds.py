"""Deciding a ``needs_review`` count over every possible value of the facts it lacks.

The evaluator decides each unknown condition both ways on its own, so rules that together
cover every value of one missing fact (three age bands with the birth date missing) can leave
a count at ``needs_review`` although every real value gives the same answer.  Here such a
count is decided again in each *world*: the record completed with one possible value of each
missing fact.  When every world gives the same outcome, that is the answer — with the eligible
date they share, or ``unknown`` when the date differs from world to world
(``DATE_REASON``); otherwise (or when a missing fact cannot be enumerated) the count stays
``needs_review``.

A missing fact is enumerated where its values fall into finitely many classes that behave
alike (docs/language.md, "Every possible world"):

* a boolean (a declared boolean fact or a boolean record field): true and false;
* ``level``, ``disposition``, ``case.status``: every value of the list; ``class``: every class
  of the case's jurisdiction, where ``clearlaw.derive`` knows them;
* a number (a declared number fact, ``max_penalty_days``) that the statute only compares with
  numbers it writes (or number parameters) and does not presume: one value on, between,
  below and above each of them — the number line split at the literals;
* a date of a count that its other dates bound on both sides (``clearlaw.derive.date_bounds``:
  a release between sentence and completion): the record's other dates, the as-of date and
  the statute's dates, each moved by each of the statute's durations, with the days around
  them, that fall between those bounds — the date line split wherever a comparison with a
  date the statute can compute from known values changes, at most ``MAX_DATES`` of them.
  (A date the statute moves by two durations at once is compared at points this does not
  split at; no library statute does so with a missing date.)
* *clocks* (``_clocks``): a release or end of supervision, and the flag saying there was
  one, that the statute reads only so that a later date (or true) can only postpone relief.
  Every count's determination is monotone in each of them, so when a count lacks nothing
  else, the record is completed twice (``_bracket``): every clock it lacks, of every count,
  at its earliest (false, or the first day its other dates leave it) and at its latest
  (true, and the last such day — or, with no later bound, a day past every date the
  statute could compare it with).  Every possible world lies between the two: where they
  agree, all do; where they disagree, two real worlds do.  So a sentence completed before
  the as-of date settles "still incarcerated / supervised", however many counts lack it,
  in two decisions.  Where no collection reads a clock (``_read_clocks``), only the counts
  whose clocks the count's answer names are completed first: a definite answer there is the
  whole bracket's.
* the birth date, when the statute reads it only as ``age on D`` compared with numbers and
  ``D`` is a field, a date literal or ``as_of``: one birth date for each pattern of "at least
  N years old on D" over every date on the record (and the statute's dates);
* the object of an inchoate section written alone (``inchoate_object``: ``MCL 750.157a``),
  when the statute reads a count's citation only by testing it against its sets and
  literal citations: its values are unbounded, but the tests read an object only through
  the patterns of the sets covering its kind, so one object of each class that answers
  them alike, and one in none of them (``_objects``).  It is enumerated alone, first: the
  object settles most of what the rest is asked for.

Facts other than clocks and dates are enumerated first, then one date, clocks last: a world
still ``needs_review`` for another fact is decided over that fact in turn — over a second date
within the worlds of a first only where the record leaves it at most ``MAX_NESTED_DATES``
values, as their product is otherwise too many to try.  A statute with more than one outcome
without relief has no clocks (a date between two giving one could give the other).
At most ``MAX_WORLDS`` worlds are tried at one level and ``MAX_DECISIONS`` in all per count.
The first world comes first (the answer is its determination), then the one that differs
from it in every fact, then the rest spread out, so that worlds that disagree, which end the
search, are usually met early; the answer does not depend on the order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import operator
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.check import BOOLEAN, COUNT_FIELDS, DATE, NUMBER, CheckedStatute
from clearlaw.citations import (
    Citation,
    CitationPattern,
    CitationSet,
    inchoate_of,
    without_object,
)
from clearlaw.compile import INCHOATE_OBJECT, citation_member
from clearlaw.dates import (
    DateConvention,
    DateOverflow,
    Duration,
    add,
    date,
    whole_years_between,
)
from clearlaw.derive import CLASSES, date_bounds, follows
from clearlaw.evolve import evolve
from clearlaw.scope import has_code

__all__ = [
    "CASE_OTHERS",
    "DATE_REASON",
    "MAX_DATES",
    "MAX_DECISIONS",
    "MAX_NESTED_DATES",
    "MAX_WORLDS",
    "PERSON_OTHERS",
    "WORLDS_REASON",
    "changed_names",
    "possible_worlds",
    "refine",
    "worth_trying",
]

#: The first reason of a count decided over every world: ``WORLDS_REASON.format(missing)``.
WORLDS_REASON = "the record does not say {}; every possible value gives this result"

#: The reason of such a count whose eligible date differs between worlds (``unknown``).
DATE_REASON = "the date it is or becomes eligible depends on {}, so it is not known"

#: The most worlds tried at once for one count, and in all (worlds within worlds).
MAX_WORLDS = 256
MAX_DECISIONS = 64
#: The most dates tried for one missing date (more: it is not enumerated).
MAX_DATES = 48
#: The most values a second date is tried with within each world of a first date.
MAX_NESTED_DATES = 4
_MAX_DEPTH = 4

_ENUM_FIELDS: dict[str, tuple[Any, ...]] = {
    "level": tuple(r.Level),
    "disposition": tuple(d for d in r.Disposition if d is not r.Disposition.UNKNOWN),
    "case.status": tuple(r.CaseStatus),
}
_COMPARISONS = {"<", "<=", ">", ">=", "==", "!=", "is", "is not"}
_INTEGER_FIELDS = {"max_penalty_days"}


@attrs.frozen
class _StatuteInfo:
    """What a statute lets us enumerate: the ages it compares ``age on`` with (``None``: the
    birth date is read otherwise), its facts' types, its date convention, the numbers each
    number it reads is compared with (``None``: read otherwise), its dates and durations."""

    ages: tuple[int, ...] | None
    fact_types: Mapping[str, str]
    convention: Any
    #: The record fields ``age on`` reads (``offense_date``…) and the statute's date literals.
    age_fields: frozenset[str]
    literal_dates: frozenset[date]
    numbers: Mapping[str, tuple[float, ...] | None]
    #: Every date the statute writes or takes effect on, and the durations dates are moved
    #: by (0 and each one, both ways).
    dates: frozenset[date]
    offsets: tuple[Duration, ...]
    #: The sentence dates and flags the statute reads only as clocks (``_clocks``); none
    #: where it has more than one outcome without relief (a date between two that give one
    #: could give the other).
    clocks: frozenset[str]
    #: How far past every date the record and the statute give a clock with no later bound
    #: is tried (``_bracket``): their durations end to end, and a year.
    horizon: dt.timedelta
    #: Whether a collection reads a clock (other counts' sentences, directly or through a
    #: definition): if not, a count's determination reads only its own (``_read_clocks``).
    others_clocks: bool
    #: The citation sets and literal citations a count's citation is tested against
    #: (``_citation_tests``; ``None``: it is also read some other way).
    citation_tests: tuple[CitationSet | Citation, ...] | None
    #: Whether ``_values`` may give values for a missing fact, by name (``_may_enumerate``).
    may_enumerate: dict[str, bool] = attrs.field(factory=dict, eq=False)
    #: The objects an inchoate section written alone is tried with, by citation and
    #: jurisdiction (``_objects``).
    objects: dict[tuple[Citation | None, str | None], tuple[Citation, ...] | None] = attrs.field(
        factory=dict, eq=False
    )


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
        for _, child in n.children(node):
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


def _number_name(node: object, number_facts: set[str]) -> str | None:
    """The number ``node`` reads (``facts.x``, ``max_penalty_days``), if it reads one."""
    if not isinstance(node, n.Path):
        return None
    if node.parts == ("max_penalty_days",):
        return "max_penalty_days"
    if len(node.parts) == 2 and node.parts[0] == "facts" and node.parts[1] in number_facts:
        return f"facts.{node.parts[1]}"
    return None


def _numbers(statute: n.Statute) -> dict[str, tuple[float, ...] | None]:
    """For each number the statute reads, the numbers it is compared with — literals and the
    values of number parameters — or ``None`` if it is also read some other way."""
    # a number the law presumes is presumed (clearlaw.presume), not enumerated
    number_facts = {f.name for f in statute.facts if f.type == NUMBER and f.presumed is None}
    parameters = {
        p.name: [v.value.value for v in p.values if isinstance(v.value, n.Literal)]
        for p in statute.parameters
        if p.type == NUMBER and all(isinstance(v.value, n.Literal) for v in p.values)
    }
    found: dict[str, set[float] | None] = {}
    compared: set[int] = set()
    for node in n.walk(statute):
        if not isinstance(node, n.Binary) or node.op not in _COMPARISONS:
            continue
        for side, other in ((node.left, node.right), (node.right, node.left)):
            name = _number_name(side, number_facts)
            if name is None:
                continue
            values: list[Any] | None = None
            if isinstance(other, n.Literal) and isinstance(other.value, int | float):
                values = [other.value]
            elif isinstance(other, n.Path) and len(other.parts) == 1:
                values = parameters.get(other.parts[0])
            if values is None:
                found[name] = None
                continue
            compared.add(id(side))
            seen = found.setdefault(name, set())
            if seen is not None:
                seen.update(float(v) for v in values)
    for node in n.walk(statute):
        name = _number_name(node, number_facts)
        if name is not None and id(node) not in compared:
            found[name] = None
    return {k: tuple(sorted(v)) if v is not None else None for k, v in found.items()}


def _offsets(statute: n.Statute, ages: tuple[int, ...] | None) -> tuple[Duration, ...]:
    """0 and the statute's durations (and the ages it compares, as years), forwards and
    backwards."""
    base = {x.value for x in n.walk(statute) if isinstance(x, n.Literal)}
    durations = {d for d in base if isinstance(d, Duration)}
    durations |= {Duration(years=a) for a in ages or ()}
    out = {Duration()}
    for d in durations:
        out |= {d, Duration(-d.years, -d.months, -d.days)}
    return tuple(sorted(out, key=lambda d: (d.years, d.months, d.days)))


def _days(d: Duration) -> int:
    """At least as many days as ``d`` moves a date by, either way."""
    return abs(d.years) * 366 + abs(d.months) * 31 + abs(d.days)


#: The dates that end a part of a sentence, tried at their ends where a statute reads them
#: only as clocks.
_CLOCK_DATES = ("sentence.incarceration_release_date", "sentence.supervision_end_date")
#: A sentence's flags, each with the date that ends that part of the sentence.
_SWITCHES = {
    "sentence.incarcerated": "sentence.incarceration_release_date",
    "sentence.supervised": "sentence.supervision_end_date",
}
#: Where a date stands for a later date when it is later: the parent is such a date in turn.
_PASSES = {
    (n.IfThenElse, "then"),
    (n.IfThenElse, "otherwise"),
    (n.ExtremeList, "items"),
    (n.ExtremeOf, "value"),
    (n.Waiting, "start"),
    (n.Waiting, "floor"),
    (n.Waiting, "restart_from"),
}
#: Comparisons true for a later date when true for an earlier one, by the side it is on.
_LATER_TRUE = {
    ("after", "left"),
    ("on or after", "left"),
    (">", "left"),
    (">=", "left"),
    ("before", "right"),
    ("on or before", "right"),
    ("<", "right"),
    ("<=", "right"),
}
#: Comparisons false for a later date when false for an earlier one.
_LATER_FALSE = {(op, "right" if side == "left" else "left") for op, side in _LATER_TRUE}
#: A use of a clock (``_clock_use``) climbing through a definition: its name, whether its
#: value is a date (else a condition) and whether a later clock makes it later (or truer).
_Through = tuple[str, bool, bool]


def _parents(statute: n.Statute) -> dict[int, tuple[object, object, str]]:
    """Each node of ``statute`` as read (not its readings' other alternatives), by ``id``:
    the node, its parent and the field of the parent it is in."""
    found: dict[int, tuple[object, object, str]] = {}
    todo: list[object] = [statute]
    while todo:
        node = todo.pop()
        for field, child in n.children(node):
            if node is not statute or field != "readings":
                found[id(child)] = (child, node, field)
                todo.append(child)
    return found


def _clock_use(
    node: object,
    parents: Mapping[int, tuple[object, object, str]],
    relief: Collection[str],
    tainted: Collection[str],
    dated: bool,
    later: bool = True,
) -> bool | _Through:
    """Whether a use of ``node`` — a date (``dated``) or a condition, that a later clock makes
    later or truer (``later``) or earlier or falser — can only postpone relief, or the
    definition it makes (``_Through``: a clock if that one's uses are)."""
    while True:
        _, parent, field = parents.get(id(node), (None, None, ""))
        if isinstance(parent, n.Define):
            return parent.name, dated, later
        if isinstance(parent, n.Exception_):
            if dated:
                return field == "until"
            return later and field == "condition" and parent.outcome not in relief
        if isinstance(parent, n.Rule):
            return dated and field == "on"  # only a relief rule has a date
        if dated:
            if isinstance(parent, n.Binary) and parent.op in ("+", "-") and field == "left":
                pass  # a date moved by a duration
            elif isinstance(parent, n.Binary):
                other = parent.right if field == "left" else parent.left
                if _reads(other, tainted) or (parent.op, field) not in _LATER_TRUE | _LATER_FALSE:
                    return False
                dated, later = False, (parent.op, field) in _LATER_TRUE
            elif (type(parent), field) not in _PASSES:
                return False
        elif isinstance(parent, n.Binary) and parent.op in ("and", "or"):
            pass
        elif isinstance(parent, n.Unary) and parent.op == "not":
            later = not later
        elif isinstance(parent, n.Collection) and field == "where":
            _, above, part = parents.get(id(parent), (None, None, ""))
            if isinstance(above, n.Quantifier) and above.kind in ("any", "no", "at least"):
                later ^= above.kind == "no"  # more elements: `any` truer, `no` falser
            elif isinstance(above, n.Waiting) and part == "restart" and later:
                dated = True  # more restarts: a later end
            else:
                return False
            parent = above
        elif isinstance(parent, n.IfThenElse) and field == "condition" and later:
            if not _not_before(parent.then, parent.otherwise):
                return False
            dated = True  # the later of the two dates when it is truer
        else:
            return False
        node = parent


def _not_before(high: object, low: object) -> bool:
    """Whether the date ``high`` is never before ``low`` on a record whose dates are in their
    order (``clearlaw.derive.follows``): a later date of the same count, or the latest of
    dates one of which is."""
    if isinstance(high, n.ExtremeList) and high.kind == "latest":
        return any(_not_before(item, low) for item in high.items)
    return (
        isinstance(high, n.Path)
        and isinstance(low, n.Path)
        and high.this == low.this
        and follows(high.dotted, low.dotted)
    )


def _reads(node: object, names: Collection[str]) -> bool:
    """Whether ``node`` reads one of ``names`` (a record field or a definition)."""
    return any(isinstance(x, n.Path) and x.dotted in names for x in n.walk(node))


def _tainted(statute: n.Statute) -> frozenset[str]:
    """The sentence's flags and dates that clocks are, and the definitions that read them."""
    found = {*_CLOCK_DATES, *_SWITCHES}
    grew = True
    while grew:
        more = {d.name for d in statute.defines if _reads(d.value, found)} - found
        found |= more
        grew = bool(more)
    return frozenset(found)


def _clocks(statute: n.Statute) -> frozenset[str]:
    """The sentence dates (``_CLOCK_DATES``) and flags (``_SWITCHES``) that ``statute`` reads
    only as clocks.

    A date is a clock where it can only postpone relief: the start, floor or restart of a
    waiting period, the date a relief rule takes effect ``on``, the date a delay lasts
    ``until``, or compared (as later or as earlier) with a date no clock moves, in a
    condition that a later date makes truer only where that holds relief back (a bar's or
    delay's condition, through ``and``/``or``/``not`` and ``any``/``no`` of the elements it
    selects) — directly, moved by a duration, as a branch of ``if``, as one of the dates of
    ``latest of``/``earliest of``, or through a definition whose every use is such.  The
    eligible date is then non-decreasing in it and relief on the as-of date non-increasing,
    so a determination at a date between two others lies between theirs: where the two ends
    of the interval the record leaves it agree on the outcome, every date between does
    (and on the eligible date too if they agree on it).  A date read any other way (a
    relief rule's condition, ``years between``, ``age on``, ``within``) is not a clock.

    A flag (``sentence.supervised``) is a clock with its date where it is true only to hold
    relief back: in such a condition, or choosing ``if`` it then a date never before the
    one it chooses otherwise (``if sentence.supervised then sentence.supervision_end_date
    else disposition_date``).  False then comes before true with the earliest date."""
    parents = _parents(statute)
    relief = {o.name for o in statute.outcomes if o.relief}
    tainted = _tainted(statute)
    paths = [x for x, _, _ in parents.values() if isinstance(x, n.Path)]
    found = set()
    for name in (*_CLOCK_DATES, *_SWITCHES):
        todo: list[tuple[str, bool, bool]] = [(name, name in _CLOCK_DATES, True)]
        seen: set[tuple[str, bool, bool]] = set()
        clock = True
        while todo and clock:
            reading = todo.pop()
            seen.add(reading)
            for path in paths:
                if path.dotted == reading[0]:
                    use = _clock_use(path, parents, relief, tainted, *reading[1:])
                    if use is False:
                        clock = False
                    elif isinstance(use, tuple) and use not in seen:
                        todo.append(use)
        if clock:
            found.add(name)
    return frozenset(x for x in found if _SWITCHES.get(x, x) in found)


def _others_clocks(statute: n.Statute, every: Sequence[object]) -> bool:
    """Whether what is read of each element of a collection (its ``where``, ``latest … of``'s
    value, a waiting period's ``restart_from``…: anything in a node with a collection below
    it) reads a clock, directly or through a definition."""
    tainted = _tainted(statute)
    return any(
        _reads(x, tainted)
        for x in every
        if any(isinstance(c, n.Collection) for _, c in n.children(x))
    )


def _citation_tests(checked: CheckedStatute) -> tuple[CitationSet | Citation, ...] | None:
    """The citation sets and literal citations the statute tests a count's citation against
    (``in``, ``is`` and their negations), or ``None`` where it reads a citation another way
    too (compares two counts' citations, defines a name as one); ``is given`` reads no value."""
    tests: list[CitationSet | Citation] = []
    for node, parent, field in _parents(checked.statute).values():
        ref = checked.refs.get(node) if isinstance(node, n.Path) else None
        if ref is None or ref.kind != "field" or ref.key != "citation":
            continue
        if isinstance(parent, n.Given):
            continue
        if not (isinstance(parent, n.Binary) and parent.op in _TESTS and field == "left"):
            return None
        known, value = checked.constant(parent.right)
        if not known or not isinstance(value, CitationSet | Citation):
            return None
        tests.append(value)
    return tuple(tests)


_TESTS = {"in", "not in", "is", "is not"}
#: A section no pattern lists or begins: an object in none of a statute's sets.
_NO_SECTION = "~"


def _objects(
    info: _StatuteInfo, citation: Citation | None, jurisdiction: str | None
) -> tuple[Citation, ...] | None:
    """The inchoate citations a count cited to a section that makes an offense inchoate,
    written without its object (``MCL 750.157a``), is tried with: one for each answer the
    statute's tests (``_citation_tests``) can give, or ``None`` (not enumerated).

    The tests read an object only through the patterns of the sets covering its kind, so a
    class of objects that behave alike is fixed by the listed section it is (or, if none,
    the longest listed prefix it begins with) and the longest listed subdivisions it begins
    with: ``_candidates`` tries one object of each such class, and one in no set.  Not
    enumerated: a section written with subdivisions (of the inchoate section or of its
    object?), a literal inchoate citation compared with (it splits a class), a pattern
    matching every section of a code (no object of that code is in none of them).  An
    object in a code the case's jurisdiction does not have is not a reading of the record."""
    key = (citation, jurisdiction)
    if key in info.objects:
        return info.objects[key]
    tests = info.citation_tests
    found = without_object(citation) if citation is not None else None
    out: tuple[Citation, ...] | None = None
    if tests is not None and found is not None and citation is not None:
        kind, via = found
        patterns = [
            p
            for t in tests
            if isinstance(t, CitationSet) and kind in t.inchoate
            for p in t.patterns
        ]
        if not (
            citation.subdivisions
            or any(p.section_prefix == "" for p in patterns)
            or any(isinstance(t, Citation) and t.inchoate for t in tests)
        ):
            section = Citation(citation.code, via)
            classes: dict[tuple[bool | None, ...], Citation] = {}
            for offense in _candidates(citation.code, patterns):
                world = inchoate_of(section, offense)
                if world is section or not has_code(jurisdiction, world.code):
                    continue
                answers = tuple(
                    citation_member(world, t, True) if isinstance(t, CitationSet) else world == t
                    for t in tests
                )
                classes.setdefault(answers, world)
            out = tuple(classes.values()) or None
    info.objects[key] = out
    return out


def _candidates(code: str, patterns: Sequence[CitationPattern]) -> Iterator[Citation]:
    """An offense in no pattern (of ``code``), and for each section a pattern lists or each
    prefix it begins (then followed by ``_NO_SECTION``, so that it is no listed section and
    begins no longer prefix) an offense with no subdivisions and one with each list of them
    a pattern that can match that section gives (its longest matched list then fixes which
    patterns it is in)."""
    yield Citation(code, _NO_SECTION)
    exact: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    wild: dict[str, list[CitationPattern]] = {}
    for p in patterns:
        prefix = p.section_prefix
        if prefix is None:
            exact.setdefault((p.code, p.section), set()).add(p.subdivisions)
        else:
            wild.setdefault(p.code, []).append(p)
    sections = set(exact)
    sections |= {(p.code, f"{p.section_prefix}{_NO_SECTION}") for ps in wild.values() for p in ps}
    for at, section in sorted(sections):
        subs = {(), *exact.get((at, section), ())}
        subs |= {
            p.subdivisions for p in wild.get(at, ()) if section.startswith(p.section_prefix or "")
        }
        for listed in sorted(subs):
            yield Citation(at, section, listed)


_INFO: weakref.WeakKeyDictionary[Any, _StatuteInfo] = weakref.WeakKeyDictionary()


def _info(statute: Any) -> _StatuteInfo:
    found = _INFO.get(statute)
    if found is None:
        node = statute.node
        every = list(n.walk(node))
        literal_dates = frozenset(
            x.value for x in every if isinstance(x, n.Literal) and isinstance(x.value, dt.date)
        )
        starts = {v.start for p in node.parameters for v in p.values if v.start is not None}
        durations = {
            x.value for x in every if isinstance(x, n.Literal) and isinstance(x.value, Duration)
        }
        ages = _ages(node)
        found = _INFO[statute] = _StatuteInfo(
            ages,
            {f.name: f.type for f in node.facts},
            node.header.convention,
            frozenset(
                x.when.parts[-1]
                for x in every
                if isinstance(x, n.AgeOn) and isinstance(x.when, n.Path)
            ),
            literal_dates,
            _numbers(node),
            literal_dates | frozenset(node.header.effective) | starts,
            _offsets(node, ages),
            _clocks(node) if sum(not o.relief for o in node.outcomes) <= 1 else frozenset(),
            dt.timedelta(days=366 + sum(_days(d) for d in durations)),
            _others_clocks(node, every),
            _citation_tests(statute.checked),
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
    if info.ages is None:
        return None
    if not info.ages:
        return [date(1970, 1, 1)]
    found = _age_patterns(
        info.ages, info.convention, tuple(sorted(_age_dates(person, info, as_of)))
    )
    return list(found) if found is not None else None


@functools.lru_cache(maxsize=4096)
def _age_patterns(
    thresholds: tuple[int, ...], convention: DateConvention, dates: tuple[date, ...]
) -> tuple[date, ...] | None:
    """``_birth_dates`` for these ages and dates (in order), worked out once: a person's
    worlds and presumption rounds ask again with the same dates."""
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
    # "at least `years` on `d`" holds up to a latest birth date: a pattern begins at each
    # candidate where one of them stops holding (the first candidate born with it)
    ordered = sorted(candidates)
    starts = {0}
    for d in dates:
        for years in thresholds:

            def too_young(born: date, d: date = d, years: int = years) -> bool:
                return not (born <= d and whole_years_between(born, d, convention) >= years)

            starts.add(bisect.bisect_left(ordered, True, key=too_young))
    return tuple(ordered[i] for i in sorted(starts) if i < len(ordered))


_COUNT_DATES = ("offense_date", "disposition_date")
_SENTENCE_DATES = (
    "imposed_date",
    "incarceration_release_date",
    "supervision_end_date",
    "completion_date",
)


def _record_dates(person: r.Person) -> set[date]:
    """Every date on the person's record."""
    found = {person.birth_date, person.death_date, *(reg.date for reg in person.registrations)}
    for case in person.cases:
        for count in case.counts:
            found.update(_COUNT_DATES_OF(count))
            found.update(_SENTENCE_DATES_OF(count.sentence))
            found.add(count.financial.restitution_paid_date)
            if count.facts:
                found.update(v for v in count.facts.values() if isinstance(v, dt.date))
    found.discard(None)
    return found  # type: ignore[return-value]


_COUNT_DATES_OF = operator.attrgetter(*_COUNT_DATES)
_SENTENCE_DATES_OF = operator.attrgetter(*_SENTENCE_DATES)


def _dates(
    person: r.Person, info: _StatuteInfo, as_of: date, low: date | None, high: date | None
) -> list[date] | None:
    """The dates a missing date between ``low`` and ``high`` is tried with (module docstring):
    each date a comparison may turn on, and the days around it; ``None`` if there are more
    than ``MAX_DATES``."""
    candidates: set[date] = {d for d in (low, high) if d is not None}
    floor = (low or date.min).toordinal()
    ceiling = (high or date.max).toordinal()
    for anchor in _record_dates(person) | info.dates | {as_of}:
        day = anchor.toordinal()
        for offset in info.offsets:
            rough = day + offset.years * 365.2425 + offset.months * 30.44 + offset.days
            if not floor - 40 <= rough <= ceiling + 40:
                continue  # far outside the bounds, whatever the calendar does
            try:
                moved = add(anchor, offset, info.convention).toordinal()
            except DateOverflow:
                continue
            # an anniversary moved by years may land a day off its inverse (February 29),
            # one moved by months up to 3 (the 29th to 31st)
            spread = 3 if offset.months else 2 if offset.years else 1
            first, last = max(moved - spread, floor), min(moved + spread, ceiling)
            candidates.update(date.fromordinal(k) for k in range(first, last + 1))
            if len(candidates) > MAX_DATES:
                return None
    return _extremes_first(sorted(candidates)) if candidates else [as_of]


def _extremes_first(values: list[Any]) -> list[Any]:
    """``values`` (in order) with the first and last first, then the middles of what is
    left, so two worlds that disagree are usually met early."""
    if len(values) <= 2:
        return values
    out = [values[0], values[-1]]
    spans = [(1, len(values) - 1)]
    while spans:
        later = []
        for begin, end in spans:  # values[begin:end] not yet taken
            if begin < end:
                middle = (begin + end) // 2
                out.append(values[middle])
                later += [(begin, middle), (middle + 1, end)]
        spans = later
    return out


def _numbers_between(thresholds: tuple[float, ...], integer: bool) -> list[float]:
    """A number on, between, below and above each threshold (none below 0)."""
    if not thresholds:
        return [0]
    points = set(thresholds)
    points |= {thresholds[0] - 1, thresholds[-1] + 1}
    points |= {(a + b) / 2 for a, b in itertools.pairwise(thresholds)}
    points |= {t + s for t in thresholds for s in (-0.5, 0.5)}
    if integer:
        points = {f(p) for p in points for f in (math.floor, math.ceil)}
    return sorted(int(p) if float(p).is_integer() else p for p in points if p >= 0) or [0]


def _set_count(count: r.Count, changes: Mapping[str, Any]) -> r.Count:
    """``count`` with the fields and facts named in ``changes`` set (``case.status`` aside)."""
    top: dict[str, Any] = {}
    parts: dict[str, dict[str, Any]] = {}
    facts: dict[str, Any] = {}
    for name, value in changes.items():
        part, _, attr = name.rpartition(".")
        if name == "case.status":
            continue
        if name == INCHOATE_OBJECT:  # the inchoate citation with its object (``_objects``)
            top["citation"] = value
        elif part == "facts":
            facts[attr] = value
        elif part in ("sentence", "financial"):
            parts.setdefault(part, {})[attr] = value
        else:
            top["offense_class" if name == "class" else name] = value
    for part, values in parts.items():
        top[part] = evolve(getattr(count, part), **values)
    if facts:
        top["facts"] = {**count.facts, **facts}
    return evolve(count, **top)


#: The missing facts a world sets: (name, case id, count id).
_Facts = Sequence[tuple[str, str, str]]
#: What a world changes in the person refined (``refine``'s ``decide``).
Changed = frozenset[str] | None
Decide = Callable[[r.Person, Changed], Sequence[Any]]


class Completions(Iterator[r.Person]):
    """The worlds ``possible_worlds`` gives, one at a time, and the facts they set."""

    def __init__(self, worlds: Iterator[r.Person], facts: _Facts) -> None:
        self.worlds = worlds
        self.facts = facts

    def __next__(self) -> r.Person:
        return next(self.worlds)


def _setting(changed: Changed, facts: _Facts) -> Changed:
    """``changed`` and the names ``facts`` set, as ``changed_names`` names them (``facts.x``
    and ``sentence.x`` as ``x``); ``None`` where one is anything else."""
    if changed is None:
        return None
    names = set(changed)
    for name, _, _ in facts:
        part, _, attr = name.rpartition(".")
        if part != "facts" and part != "sentence":
            return None
        names.add(attr)
    return frozenset(names)


def _world(
    person: r.Person, facts: Sequence[tuple[str, str, str]], combo: Sequence[Any]
) -> r.Person:
    """``person`` with each missing fact ``(name, case id, count id)`` set to its value in
    ``combo``: one new count (and case) for all the facts of a count."""
    own: dict[str, Any] = {}
    counts: dict[tuple[str, str], dict[str, Any]] = {}
    for (name, c_id, k_id), value in zip(facts, combo, strict=True):
        if name.startswith("person."):
            own[name.removeprefix("person.")] = value
        else:
            counts.setdefault((c_id, k_id), {})[name] = value
    touched = {c_id for c_id, _ in counts}
    cases = []
    for case in person.cases:
        if case.id in touched:
            status: dict[str, Any] = {}
            new = []
            for count in case.counts:
                changes = counts.get((case.id, count.id))
                if changes is not None:
                    if "case.status" in changes:
                        status["status"] = changes["case.status"]
                    count = _set_count(count, changes)
                new.append(count)
            case = evolve(case, counts=tuple(new), **status)
        cases.append(case)
    return evolve(person, cases=tuple(cases), **own)


def _getter(cls: type, *leave_out: str) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a record class's compared fields but ``leave_out``, as one tuple."""
    names = [f.name for f in attrs.fields(cls) if f.eq and f.name not in leave_out]
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else lambda x: (get(x),)


#: A person's compared fields but its cases, a case's but its counts, as one tuple.
PERSON_OTHERS = _getter(r.Person, "cases")
CASE_OTHERS = _getter(r.Case, "counts")
_COUNT_OTHERS = _getter(r.Count, "facts", "sentence")
_SENTENCE_FIELDS = tuple(f.name for f in attrs.fields(r.Sentence) if f.eq)
_SENTENCE = _getter(r.Sentence)


def changed_names(original: r.Person, world: r.Person) -> frozenset[str] | None:
    """The names of the facts and sentence fields ``world`` gives another value than
    ``original`` on any count (``facts.x`` and ``sentence.x`` as ``x``), or ``None`` where it
    differs in anything else: what an evaluation that reads none of them finds alike in both."""
    if len(world.cases) != len(original.cases) or PERSON_OTHERS(world) != PERSON_OTHERS(original):
        return None
    found: set[str] = set()
    for was, case in zip(original.cases, world.cases, strict=True):
        if case is was:
            continue
        if len(case.counts) != len(was.counts) or CASE_OTHERS(case) != CASE_OTHERS(was):
            return None
        for old, count in zip(was.counts, case.counts, strict=True):
            if count is old:
                continue
            if _COUNT_OTHERS(count) != _COUNT_OTHERS(old):
                return None
            new_facts, old_facts = count.facts, old.facts
            if new_facts is not old_facts:
                found.update(
                    k for k in {*new_facts, *old_facts} if new_facts.get(k) != old_facts.get(k)
                )
            if count.sentence is not old.sentence:
                values = zip(_SENTENCE(count.sentence), _SENTENCE(old.sentence), strict=True)
                found.update(
                    f for f, (a, b) in zip(_SENTENCE_FIELDS, values, strict=True) if a != b
                )
    return frozenset(found)


def _find(person: r.Person, case_id: str, count_id: str) -> tuple[r.Case, r.Count] | None:
    for case in person.cases:
        if case.id == case_id:
            for count in case.counts:
                if count.id == count_id:
                    return case, count
    return None


def _values(
    name: str, case_id: str, count_id: str, person: r.Person, statute: Any, as_of: date
) -> Sequence[Any] | None:
    """The values the missing fact ``name`` (of count ``case_id/count_id``) is tried with."""
    info = _info(statute)
    if name == INCHOATE_OBJECT:
        where = _find(person, case_id, count_id)
        return None if where is None else _objects(info, where[1].citation, where[0].jurisdiction)
    if name.startswith("person."):
        if name == "person.birth_date":
            values: Sequence[Any] | None = _birth_dates(person, statute, as_of)
        elif COUNT_FIELDS.get(name) == BOOLEAN:
            values = (True, False)
        else:
            return None
        return values
    kind = (
        info.fact_types.get(name.removeprefix("facts."))
        if name.startswith("facts.")
        else COUNT_FIELDS.get(name)
    )
    where = _find(person, case_id, count_id)
    if kind is None or where is None:
        return None
    case, count = where
    if kind == BOOLEAN:
        values = (True, False)
    elif name in _ENUM_FIELDS:
        values = _ENUM_FIELDS[name]
    elif name == "class":
        table = CLASSES.get(case.jurisdiction or "")
        if table is None:
            return None
        values = sorted(table.known)
    elif kind == NUMBER:
        thresholds = info.numbers.get(name)
        if thresholds is None:
            return None
        values = _extremes_first(_numbers_between(thresholds, name in _INTEGER_FIELDS))
    elif kind == DATE:
        low, high = date_bounds(count, name)
        if name in info.clocks:  # settled by its ends (``_clocks``)
            ends = _ends(low, high, lambda: _far(person, info, as_of))
            return None if ends is None else sorted(set(ends))
        if low is None or high is None:
            return None  # only a date the record bounds on both sides
        values = _dates(person, info, as_of, low, high)
        if values is None:
            return None
    else:
        return None
    return values


def _may_enumerate(name: str, info: _StatuteInfo) -> bool:
    """Whether ``_values`` may give values for the missing fact ``name`` (not a date): false
    where it gives none whatever the record (a presumed number, a text fact…)."""
    known = info.may_enumerate.get(name)
    if known is not None:
        return known
    if name == INCHOATE_OBJECT:
        known = info.citation_tests is not None
    elif name.startswith("person."):
        known = name == "person.birth_date" or COUNT_FIELDS.get(name) == BOOLEAN
    else:
        kind = (
            info.fact_types.get(name.removeprefix("facts."))
            if name.startswith("facts.")
            else COUNT_FIELDS.get(name)
        )
        if kind is None:
            known = False
        elif kind == BOOLEAN or name in _ENUM_FIELDS or name == "class":
            known = True
        elif kind == NUMBER:
            known = info.numbers.get(name) is not None
        else:
            known = kind == DATE
    info.may_enumerate[name] = known
    return known


def _enumerable_date(
    name: str, case_id: str, count_id: str, person: r.Person, statute: Any
) -> bool:
    """Whether worlds can enumerate the missing date ``name``: the birth date if the
    statute reads it only as ages, a count's date if its other dates bound it both ways."""
    if name == "person.birth_date":
        return _info(statute).ages is not None
    where = _find(person, case_id, count_id)
    if where is None:
        return False
    low, high = date_bounds(where[1], name)
    return low is not None and (high is not None or name in _info(statute).clocks)


def _far(person: r.Person, info: _StatuteInfo, as_of: date) -> date | None:
    """The latest a clock with no later bound is tried at: ``info.horizon`` past every date
    of the record and the statute — every date from there on is compared alike with them,
    so gives the same outcome (``None``: past the calendar)."""
    latest = max(_record_dates(person) | info.dates | {as_of})
    return latest + info.horizon if latest <= date.max - info.horizon else None


def _ends(
    low: date | None, high: date | None, far: Callable[[], date | None]
) -> tuple[date, date] | None:
    """The earliest and latest a clock between ``low`` and ``high`` (or, with no ``high``,
    ``far()``) is tried at; ``None``: no ``low``, or ``low`` after the latest."""
    latest = high if high is not None else far()
    if low is None or latest is None or low > latest:
        return None
    return low, latest


def _bracket(
    statute: Any,
    person: r.Person,
    as_of: date,
    only: Collection[tuple[str, str]] | None = None,
) -> tuple[tuple[r.Person, r.Person], _Facts] | None:
    """The earliest and the latest world of every clock the record lacks (``_clocks``), of
    every count or ``only`` those (case id, count id): each missing flag false in the first
    and true in the second, each missing date at its earliest and its latest (``_ends``).  A
    statute's determination of any count is monotone in each clock, so every world lies
    between these two: where both give one outcome, every world does.  A count with no
    sentence on record (no date, not said whether it had jail) is left as it is: its clocks
    stay unknown, and a determination that needs them is decided over them in turn.
    ``None`` if the record lacks no clock that can be tried; else the two worlds and the
    facts they set."""
    info = _info(statute)
    if not info.clocks:
        return None
    facts: list[tuple[str, str, str]] = []
    early: list[Any] = []
    late: list[Any] = []
    farthest: list[date | None] = []  # worked out once, when a clock needs it

    def far() -> date | None:
        if not farthest:
            farthest.append(_far(person, info, as_of))
        return farthest[0]

    for case in person.cases:
        for count in case.counts:
            if only is not None and (case.id, count.id) not in only:
                continue
            s = count.sentence
            if s.imposed_date is None and s.completion_date is None and s.incarcerated is None:
                continue  # no sentence on record (a charge dismissed): left as it is
            for flag, name in _SWITCHES.items():
                if getattr(count.sentence, name.partition(".")[2]) is not None:
                    continue
                known = getattr(count.sentence, flag.partition(".")[2])
                if known is False or name not in info.clocks:
                    continue
                if known is None and flag not in info.clocks:
                    continue  # the date of a flag that is not a clock stays unknown
                ends = _ends(*date_bounds(count, name), far)
                if ends is None:
                    continue
                if known is None:  # false first: no date at all
                    facts.append((flag, case.id, count.id))
                    early.append(False)
                    late.append(True)
                facts.append((name, case.id, count.id))
                early.append(ends[0] if known else None)
                late.append(ends[1])
    if not facts:
        return None
    return (_world(person, facts, early), _world(person, facts, late)), facts


def worth_trying(
    statute: Any, person: r.Person, determination: Any, presumed: Collection[str] = ()
) -> bool:
    """Whether the worlds of a ``needs_review`` count may agree although the evaluator did not
    say so (a missing fact reached more than one condition, or both ways of an unknown
    condition gave one outcome on different dates): it lacks several facts other than
    ``presumed`` ones
    (``facts.x``: the presumption rounds try those; a condition left unknown by one fact can
    lead to one left unknown by another, and every combination may still agree), a clock
    (``_clocks``), a date its other dates bound on both sides, a class its jurisdiction
    has only some values of, or the object of an inchoate section written alone (it is
    tested against each set that covers its kind: ``_objects``)."""
    if sum(not _presumed(m, presumed) for m in determination.missing) > 1:
        return True
    info = _info(statute)
    for entry in determination.missing:
        key, _, name = entry.rpartition(" ")
        if name in info.clocks or (name == INCHOATE_OBJECT and _may_enumerate(name, info)):
            return True
        if name != "class" and not name.endswith("date"):
            continue
        c_id, _, k_id = key.partition("/") if key else (determination.case, "", determination.count)
        where = _find(person, c_id, k_id)
        if where is None:
            continue
        if name == "class":
            if where[0].jurisdiction in CLASSES:
                return True
        elif None not in date_bounds(where[1], name):
            return True
    return False


def _presumed(missing: str, presumed: Collection[str]) -> bool:
    """Whether a missing fact (``facts.x`` or ``C2/1 facts.x``) is one the statute presumes."""
    name = missing.rpartition(" ")[2]
    return name.startswith("facts.") and name.removeprefix("facts.") in presumed


def possible_worlds(
    statute: Any,
    person: r.Person,
    as_of: date,
    case_id: str,
    count_id: str,
    missing: Sequence[str],
    limit: int = MAX_WORLDS,
) -> Completions | None:
    """Completions of ``person`` over ``missing`` — its facts other than dates, or if it
    lacks only dates, its first date; the rest is left to the worlds' own worlds, where a
    world still lacks it — or ``None`` if a fact cannot be enumerated or there are more than
    ``limit``."""
    others: list[tuple[str, str, str]] = []
    dates: list[tuple[str, str, str]] = []
    # the birth date's patterns need the other dates: it comes last (and waits for them)
    for entry in sorted(missing, key=lambda m: m.endswith("person.birth_date")):
        key, _, name = entry.rpartition(" ")
        if key.startswith("registration"):
            return None
        c_id, _, k_id = key.partition("/") if key else (case_id, "", count_id)
        if not name.endswith("date"):
            others.append((name, c_id, k_id))
        elif not _enumerable_date(name, c_id, k_id, person, statute):
            return None
        else:
            dates.append((name, c_id, k_id))
    # an object fixes the memberships that most other facts only matter for: alone first
    objects = [fact for fact in others if fact[0] == INCHOATE_OBJECT]
    facts = objects or others or dates[:1]
    axes = []
    for name, c_id, k_id in facts:
        values = _values(name, c_id, k_id, person, statute, as_of)
        if values is None:
            return None
        axes.append(values)
    total = math.prod(len(values) for values in axes)
    if total > limit or not axes:
        return None

    def completions() -> Iterator[r.Person]:
        # the first world first (its determination is the answer's), then the one that
        # differs from it in every fact, then spread out: a disagreement shows up early
        for index in _extremes_first(list(range(total))):
            combo = []
            for values in reversed(axes):
                index, at = divmod(index, len(values))
                combo.append(values[at])
            yield _world(person, facts, combo[::-1])

    return Completions(completions(), facts)


class _Budget:
    """How many more decisions a count may take."""

    def __init__(self, left: int) -> None:
        self.left = left

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _leaves(
    statute: Any,
    person: r.Person,
    changed: Changed,
    as_of: date,
    determination: Any,
    decide: Decide,
    budget: _Budget,
    depth: int,
    dated: bool = False,
) -> list[Any] | None:
    """The determinations of every world of ``person`` (worlds within worlds where a world
    still needs a fact; ``changed``: what ``person`` changes in the person refined), or
    ``None`` as soon as two outcomes differ or a world cannot be decided.  ``dated``: a date is enumerated above; a second one within each of its worlds
    would multiply them, so it is tried only with at most ``MAX_NESTED_DATES`` values.
    Clocks (``_clocks``) come last: a count that lacks nothing else is decided at the two
    ends of every clock the record lacks (``_bracket``)."""
    clocks = _info(statute).clocks
    missing = [m for m in determination.missing if m.rpartition(" ")[2] not in clocks]
    if not missing:
        ends_read = _read_clocks(statute, person, changed, as_of, determination, decide, budget)
        if ends_read is not None:
            return ends_read if ends_read[0].outcome == ends_read[1].outcome else None
        ends = _bracket(statute, person, as_of)
        if ends is not None:  # every world lies between these two
            worlds, facts = ends
            return _gather(
                statute,
                worlds,
                _setting(changed, facts),
                as_of,
                determination,
                decide,
                budget,
                depth,
                dated,
            )
        missing = list(determination.missing)
    dates_only = all(m.endswith("date") for m in missing)
    found = possible_worlds(
        statute,
        person,
        as_of,
        determination.case,
        determination.count,
        missing,
        MAX_NESTED_DATES if dated and dates_only else MAX_WORLDS,
    )
    if found is None:
        return None
    return _gather(
        statute,
        found,
        _setting(changed, found.facts),
        as_of,
        determination,
        decide,
        budget,
        depth,
        dated or dates_only,
    )


def _read_clocks(
    statute: Any,
    person: r.Person,
    changed: Changed,
    as_of: date,
    determination: Any,
    decide: Decide,
    budget: _Budget,
) -> list[Any] | None:
    """The determinations of the two ends (``_bracket``) of only the clocks the count's
    determination lacks — of the counts its ``missing`` names, the others' left unknown —
    or ``None`` (and the budget as it was) if an end still needs a fact.  An end decided
    with other counts' clocks unknown is that of the whole bracket (a definite answer holds
    for every value of what it did not read), at the cost of completing the counts named
    instead of every count with a sentence.  Tried only where the statute reads no other
    count's clocks (``_StatuteInfo.others_clocks``): where it does, an end may read clocks
    the count did not reach before, and completing them all at once costs less."""
    if _info(statute).others_clocks:
        return None
    named = {
        (determination.case, determination.count)
        if not key
        else (key.partition("/")[0], key.partition("/")[2])
        for key, _, _ in (m.rpartition(" ") for m in determination.missing)
    }
    ends = _bracket(statute, person, as_of, named)
    if ends is None:
        return None
    left = budget.left
    worlds, facts = ends
    changed = _setting(changed, facts)
    found = [_decided(decide, world, changed, determination, budget) for world in worlds]
    settled = [d for d in found if d is not None and d.outcome != determination.outcome]
    if len(settled) < len(found):
        budget.left = left  # the whole bracket is tried instead, as if this had not been
        return None
    return settled


def _gather(
    statute: Any,
    worlds: Iterable[r.Person],
    changed: Changed,
    as_of: date,
    determination: Any,
    decide: Decide,
    budget: _Budget,
    depth: int,
    dated: bool,
) -> list[Any] | None:
    """The determinations of the count of ``determination`` in each of ``worlds`` (each
    changing ``changed`` in the person refined; over its own worlds where it still needs a
    fact: ``_leaves``), or ``None`` as soon as two outcomes differ or a world cannot be
    decided."""
    review = determination.outcome
    out: list[Any] = []
    for world in worlds:
        d = _decided(decide, world, changed, determination, budget)
        if d is None:
            return None
        if d.outcome == review:
            if depth >= _MAX_DEPTH:
                return None
            inner = _leaves(statute, world, changed, as_of, d, decide, budget, depth + 1, dated)
            if inner is None:
                return None
            out.extend(inner)
        else:
            out.append(d)
        if any(x.outcome != out[0].outcome for x in out[-1 if d.outcome != review else 0 :]):
            return None
    return out


def _decided(
    decide: Decide, world: r.Person, changed: Changed, determination: Any, budget: _Budget
) -> Any | None:
    """The determination of the count of ``determination`` in ``world`` (which changes
    ``changed``), or ``None`` when the budget is spent."""
    if not budget.spend():
        return None
    found = [
        d
        for d in decide(world, changed)
        if d.case == determination.case and d.count == determination.count
    ]
    return found[0] if len(found) == 1 else None


def refine(
    statute: Any,
    person: r.Person,
    as_of: date,
    determination: Any,
    decide: Decide,
) -> Any | None:
    """The determination every world agrees on for a ``needs_review`` count, or ``None``.

    ``decide`` evaluates a completed person (explanations off), given what it changes in
    ``person``: the names of the facts and sentence fields it sets (as ``changed_names``
    names them, perhaps some it sets to the value they had), or ``None`` where it sets
    anything else.  The answer keeps the worlds'
    outcome, their date if they share it (else ``unknown``, ``DATE_REASON`` saying why) and
    their rule if they share it, and says in its reasons which facts the record lacks and
    that every value of them gives this answer."""
    info = _info(statute)
    for entry in determination.missing:  # a fact no world can be made for: none agree
        name = entry.rpartition(" ")[2]
        if not (name in info.clocks or name.endswith("date") or _may_enumerate(name, info)):
            return None
    leaves = _leaves(
        statute, person, frozenset(), as_of, determination, decide, _Budget(MAX_DECISIONS), 0
    )
    if not leaves:
        return None
    agreed = leaves[0]
    missing = ", ".join(determination.missing)
    note = WORLDS_REASON.format(missing)
    rules = {d.rule for d in leaves}
    if any(d.eligible_on != agreed.eligible_on for d in leaves):
        keep = {"rule": None, "citations": ()} if len(rules) > 1 else {}
        return evolve(
            agreed,
            eligible_on="unknown",
            reasons=(note, DATE_REASON.format(missing)),
            explanation=None,
            **keep,
        )
    if len(rules) == 1:
        return evolve(agreed, reasons=(note, *agreed.reasons), explanation=None)
    return evolve(agreed, rule=None, citations=(), reasons=(note,), explanation=None)
