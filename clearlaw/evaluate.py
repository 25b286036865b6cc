"""Run a compiled statute over a person: one ``Determination`` per count it applies to.

How a count is decided (docs/language.md, "How a count is decided"):

1. ``applies to`` false: the statute does not decide the count; unknown: ``needs_review``.
2. Rules and exceptions are tried in priority order (exceptions first unless a priority says
   otherwise).  The first whose condition holds decides:
   * a relief rule gives its outcome from its date on (``on …``, never before the statute's
     effective date); before that date the count gets the ``otherwise`` outcome, with the
     date as ``eligible_on``;
   * a ``bar`` exception: its outcome, never eligible;
   * a ``block`` exception (``while``): its outcome, eligible on a date nobody knows yet;
   * a ``delay`` exception (``until d``): the rest decides, but not before ``d``.
3. None holds: the ``otherwise`` outcome, never eligible.
4. A condition that is unknown is decided both ways; if the two results differ the count gets
   ``needs_review`` naming the missing facts, otherwise the unknown did not matter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.check import CheckedStatute
from clearlaw.compile import (
    NOTHING,
    UNEVALUATED,
    CompiledDecision,
    CompiledStatute,
    Env,
    Item,
    Prejudge,
    Residual,
    Unknown,
    compile_statute,
    parameter_periods,
    parameter_values,
)
from clearlaw.dates import OUTSIDE_CALENDAR, DateOverflow, Duration, as_date, date
from clearlaw.derive import classes_as_written, derive, reads_derived
from clearlaw.explain import Explanation
from clearlaw.presume import NEEDS_REVIEW, Presumption, Presumptions
from clearlaw.scope import (
    OUT_OF_SCOPE,
    RecordError,
    count_warnings,
    fact_problems,
    out_of_scope_reason,
)
from clearlaw.worlds import (
    CASE_OTHERS,
    PERSON_OTHERS,
    Changed,
    changed_names,
    refine,
    worth_trying,
)

__all__ = [
    "NEEDS_REVIEW",
    "OUT_OF_SCOPE",
    "Determination",
    "EligibleOn",
    "RecordError",
    "Statute",
    "evaluate",
    "evaluate_many",
]

#: When a count becomes (or became) eligible: a date, ``"never"`` under the facts on record,
#: or ``"unknown"``.
EligibleOn = date | Literal["never", "unknown"]


@attrs.frozen
class Determination:
    """The statute's answer for one count."""

    person: str
    case: str
    count: str
    statute: str
    outcome: str
    relief: bool | None
    eligible_on: EligibleOn
    rule: str | None
    citations: tuple[str, ...]
    reasons: tuple[str, ...]
    missing: tuple[str, ...] = ()
    #: How relief comes: ``"automatic"``, ``"petition"``, or ``None`` (no relief, review, or a
    #: bare ``relief`` outcome).
    relief_kind: str | None = None
    #: The statute's presumptions this determination rests on (``clearlaw.presume``).
    presumptions: tuple[Presumption, ...] = ()
    #: What the statute could not read in this count's record (``clearlaw.scope``).
    warnings: tuple[str, ...] = ()
    explanation: Explanation | None = attrs.field(default=None, eq=False)


class Statute:
    """A checked, compiled statute, ready to evaluate.  Build it with ``clearlaw.load`` or
    ``clearlaw.parse``."""

    def __init__(self, checked: CheckedStatute) -> None:
        self.checked = checked
        self.node = checked.statute
        self.fast = compile_statute(checked)
        self.relief = {o.name: o.relief for o in self.node.outcomes}
        self.relief_kind = {o.name: o.kind for o in self.node.outcomes if o.relief}
        self.presumptions = Presumptions(self.node.facts)
        self.effective = self.node.header.effective[0] if self.node.header.effective else None
        self.none_holds = _Result(self.node.otherwise, "never")  # no rule or exception holds
        self.titles = {d.name: _title(d) for d in checked.order}  # for reasons
        self._in_force: dict[tuple[int, date], _InForce] = {}
        #: ``title_text`` of each decision's title under parameter values (by their ``id``;
        #: the values are kept with the text, so that the id stays theirs)
        self._titled: dict[tuple[str, int], tuple[Mapping[str, Any], str]] = {}
        self._stale: dict[frozenset[str], tuple[frozenset[str], frozenset[int]]] = {}

    @property
    def id(self) -> str:
        return self.node.header.id

    @property
    def title(self) -> str:
        return self.node.header.title

    def in_force(self, compiled: CompiledStatute, env: Env) -> _InForce:
        """The law in force on ``env.as_of``: the same for every person, so worked out once
        per date."""
        key = (id(compiled), env.as_of)
        if key not in self._in_force:
            changes = parameter_periods(compiled)
            periods = (
                [(begin, parameter_values(compiled, env, begin)) for begin in (date.min, *changes)]
                if changes
                else []
            )
            params = parameter_values(compiled, env, env.as_of)
            self._in_force[key] = _InForce(params, periods, compiled.prejudge(params))
        return self._in_force[key]

    def title_on(self, name: str, as_of: date) -> str:
        """The title of rule or exception ``name`` as of ``as_of``, each ``{parameter}`` in it
        filled with the value then in force (``title_text``)."""
        node = next(d for d in self.node.decisions if d.name == name)
        env = Env(r.Person(""), [], as_of, {}, None)
        return title_text(node.title or node.name, self.in_force(self.fast, env).params)

    def titled(self, name: str, params: Mapping[str, Any]) -> str:
        """The title of decision ``name`` (with its citation, ``titles``) as ``title_text``
        fills it with ``params``, worked out once per name and parameter values."""
        key = (name, id(params))
        found = self._titled.get(key)
        if found is None or found[0] is not params:
            if len(self._titled) >= 4096:
                self._titled.clear()
            found = self._titled[key] = (params, title_text(self.titles[name], params))
        return found[1]

    def text_at(self, span: n.Span) -> str:
        """The statute text a node came from, on one line."""
        lines = self._lines.get(span.file)
        if lines is None:
            lines = self._lines[None]
        if span.line == span.end_line:
            text = lines[span.line - 1][span.column - 1 : span.end_column - 1]
        else:
            first = lines[span.line - 1][span.column - 1 :]
            last = lines[span.end_line - 1][: span.end_column - 1]
            text = " ".join([first, *lines[span.line : span.end_line - 1], last])
        return " ".join(text.split())

    @property
    def sources(self) -> dict[str, str]:
        """The text of every file the statute was built from, by file name."""
        return {self.node.path: self.node.source, **dict(self.node.sources)}

    @functools.cached_property
    def _lines(self) -> dict[str | None, list[str]]:
        """The lines of every source file, split once (``None``: the statute's own text)."""
        lines: dict[str | None, list[str]] = {
            name: text.splitlines() for name, text in self.sources.items()
        }
        lines[None] = self.node.source.splitlines()
        return lines

    @functools.cached_property
    def defines_at(self) -> dict[int, n.Define]:
        """The definition each name that refers to one refers to, by the name's node id."""
        defines = {d.name: d for d in self.node.defines}
        return {
            id(p): defines[ref.key] for p, ref in self.checked.refs.items() if ref.kind == "define"
        }

    @functools.cached_property
    def reads_derived(self) -> bool:
        """Whether the statute reads a field ``clearlaw.derive`` may fill in (but ``class``)."""
        return reads_derived(self.node)

    @functools.cached_property
    def define_reads(self) -> dict[str, frozenset[str]]:
        """Each definition's names: every part of every name and every word its value holds,
        through the definitions it uses — a superset of the facts and fields it reads
        (``clearlaw.worlds.changed_names``)."""
        return {d.name: self._reads(d.value) for d in self.node.defines}

    @functools.cached_property
    def decision_reads(self) -> tuple[frozenset[str], ...]:
        """``define_reads`` of each decision's condition (in ``fast.decisions``' order)."""
        return tuple(self._reads(d.node) for d in self.fast.decisions)

    def stale(self, changed: frozenset[str]) -> tuple[frozenset[str], frozenset[int]]:
        """The definitions and decisions (by index) that read one of ``changed``."""
        found = self._stale.get(changed)
        if found is None:
            found = self._stale[changed] = (
                frozenset(k for k, v in self.define_reads.items() if not v.isdisjoint(changed)),
                frozenset(
                    i for i, v in enumerate(self.decision_reads) if not v.isdisjoint(changed)
                ),
            )
        return found

    def _reads(self, node: object) -> frozenset[str]:
        defines = {d.name: d.value for d in self.node.defines}
        found: set[str] = set()
        todo: list[object] = [node]
        seen: set[str] = set()
        while todo:
            words = set(_words(todo.pop()))
            found |= words
            todo += [defines[w] for w in words - seen if w in defines]
            seen |= words
        return frozenset(found)

    @functools.cached_property
    def traced(self) -> CompiledStatute:
        return compile_statute(self.checked, traced=True)

    def __repr__(self) -> str:
        return f"<Statute {self.id}>"


@attrs.frozen
class _InForce:
    """A statute's parameter values on a date (``params``), per period when values change on
    dates (``periods``; empty when none do), and what they and a count's few-valued fields
    decide (``prejudge``; none in the traced form)."""

    params: dict[str, Any]
    periods: list[tuple[date, dict[str, Any]]]
    prejudge: Prejudge | None


@attrs.define(eq=False)  # not frozen: one is made per decision tried, and that is faster
class _Result:
    outcome: str
    eligible_on: EligibleOn
    by: n.Decision | None = None
    missing: frozenset[str] = frozenset()
    waiting: n.Decision | None = None  # the relief rule whose date has not come
    #: needs_review where one missing fact reaches more than one condition, or where either
    #: value of the condition gives the same outcome (on another date): the worlds of those
    #: facts may agree (``clearlaw.worlds``); otherwise each world is one branch.
    entangled: bool = False

    def same(self, other: _Result) -> bool:
        return (
            self.outcome == other.outcome
            and self.eligible_on == other.eligible_on
            and NEEDS_REVIEW not in (self.outcome, other.outcome)
        )


def _review(*missing: Iterable[str], entangled: bool = False) -> _Result:
    """needs_review for lack of ``missing``; ``entangled``: a date that is unknown (every
    world may still give relief from the same day, e.g. the statute's effective date)."""
    return _Result(
        NEEDS_REVIEW, "unknown", missing=frozenset().union(*missing), entangled=entangled
    )


class _Decider:
    """Decides one count (``env.this``) by the algorithm in the module docstring."""

    def __init__(
        self,
        statute: Statute,
        compiled: CompiledStatute,
        env: Env,
        periods: list[tuple[date, dict[str, Any]]],
        judged: tuple[Any, ...] | None,
    ) -> None:
        self.periods = periods
        self.statute = statute
        self.decisions = compiled.decisions
        self.env = env
        self.otherwise = statute.node.otherwise
        self.none_holds = statute.none_holds
        self.memo: dict[int, _Result] = {}
        # each decision's condition: prejudged (after the scope's), or evaluated when needed
        self.conds: list[Any] = (
            list(judged[1 : 1 + len(self.decisions)])
            if judged is not None
            else [UNEVALUATED] * len(self.decisions)
        )
        self.tried: list[tuple[CompiledDecision, Any]] | None = (
            [] if env.trace is not None else None
        )

    def decide(self, i: int = 0) -> _Result:
        if i not in self.memo:
            self.memo[i] = self._decide(i)
        return self.memo[i]

    def condition(self, i: int) -> Any:
        """Decision ``i``'s condition for this count, evaluated once."""
        cond = self.conds[i]
        if cond is UNEVALUATED:
            d = self.decisions[i]
            cond = self.conds[i] = d.condition(self.env)
            if self.tried is not None:
                self.tried.append((d, cond))
        elif cond.__class__ is Residual:  # prejudged in part: the rest is evaluated
            cond = self.conds[i] = cond.condition(self.env)
        return cond

    def _decide(self, i: int) -> _Result:
        """The result of decisions ``i`` onward (memoized per ``i``; conditions cached)."""
        decisions, memo, conds = self.decisions, self.memo, self.conds
        end = len(decisions)
        while True:  # skip the decisions whose condition is false
            if i == end:
                return self.none_holds
            if conds[i] is False:  # known already (prejudged): nothing to try
                i += 1
                continue
            if i in memo:
                return memo[i]
            d = decisions[i]
            if d.holds_back:
                # `while` and `until` only hold back a date: if the rest gives none, the
                # condition cannot matter, so it is not evaluated at all.
                rest = self.decide(i + 1)
                if rest.eligible_on == "never" and rest.outcome != NEEDS_REVIEW:
                    return rest
            cond = self.condition(i)
            if cond is not False:
                break
            i += 1
        if_true = self.apply(d, i)
        if cond is True:
            return if_true
        if_false = self.decide(i + 1)
        if if_true.same(if_false):
            return if_false
        review = _review(cond.missing, if_true.missing, if_false.missing)
        review.entangled = (
            if_true.entangled
            or if_false.entangled
            or not cond.missing.isdisjoint(if_true.missing | if_false.missing)
            or if_true.outcome == if_false.outcome != NEEDS_REVIEW  # only the date differs
        )
        return review

    def apply(self, d: CompiledDecision, i: int) -> _Result:
        node = d.node
        if isinstance(node, n.Rule):
            if not d.relief:
                return _Result(node.outcome, "never", node)
            start = self.relief_date(d)
            if isinstance(start, _Result):
                return start
            if self.env.as_of >= start:
                return _Result(node.outcome, start, node)
            return _Result(self.otherwise, start, node, waiting=node)
        if node.kind == "bar":
            return _Result(node.outcome, "never", node)
        return self.exception(d, i)

    def relief_date(self, d: CompiledDecision) -> date | _Result:
        """The first day a relief rule gives relief: its ``on`` date, never before the statute
        takes effect.  When parameters change value on dates, the first day on which the law
        then in force gives relief: each period's date, no earlier than the period's start,
        counts only if it falls within that period."""
        effective = self.statute.effective or date.min
        if d.date is None:
            return effective
        env = self.env
        if not self.periods:  # the parameters keep their values throughout
            return _first_day(d, d.date(env), effective)
        saved = env.params, env.cache, env.person_cache
        candidates: list[date] = []
        try:
            for k, (begin, params) in enumerate(self.periods):
                # what was worked out per person under other values must not be reused
                env.params, env.cache = params, {}
                env.person_cache = env.period_caches.setdefault(k, {})
                first = _first_day(d, d.date(env), max(effective, begin))
                if isinstance(first, _Result):
                    return first
                if k + 1 == len(self.periods) or first < self.periods[k + 1][0]:
                    candidates.append(first)
        finally:
            env.params, env.cache, env.person_cache = saved
        return min(candidates)

    def exception(self, d: CompiledDecision, i: int) -> _Result:
        node = d.node
        assert isinstance(node, n.Exception_)
        rest = self.decide(i + 1)
        if rest.outcome == NEEDS_REVIEW or rest.eligible_on == "never":
            return rest
        if node.kind == "block":
            return _Result(node.outcome, "unknown", node)
        assert d.date is not None
        until = d.date(self.env)
        if isinstance(until, Unknown):
            return _review(until.missing, entangled=True)
        if until is NOTHING or not isinstance(rest.eligible_on, date):
            return rest
        if until <= rest.eligible_on:  # it ends before relief would start: it holds nothing back
            return rest
        start = until
        if self.env.as_of >= start:
            return _Result(rest.outcome, start, rest.by)
        return _Result(node.outcome, start, node, waiting=rest.waiting or rest.by)


def _first_day(d: CompiledDecision, when: Any, floor: date) -> date | _Result:
    """A relief rule's date (``when``, its ``on`` expression's value), no earlier than
    ``floor``; ``needs_review`` if the record does not give it."""
    if isinstance(when, Unknown):
        return _review(when.missing, entangled=True)
    if when is NOTHING:
        return _review({f"the date of rule `{d.node.name}`"})
    first: date = max(floor, when)
    return first


def _words(node: object) -> Iterator[str]:
    """Every part of every name below ``node``, and every word of its text fields."""
    for x in n.walk(node):
        for field in attrs.fields(type(x)):  # type: ignore[arg-type]  # a node: attrs
            value = getattr(x, field.name)
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, str):
                    yield from item.split(".")


def _items(person: r.Person) -> list[Item]:
    return [Item(count, case) for case in person.cases for count in case.counts]


def evaluate(
    statute: Statute,
    person: r.Person,
    as_of: date,
    *,
    explain: bool = True,
    out_of_scope: bool = False,
    minimal_presumptions: bool = True,
) -> tuple[Determination, ...]:
    """Decide every count of ``person`` that ``statute`` applies to, as of ``as_of``.

    ``minimal_presumptions=False`` presumes all the presumed facts a count lacks at once
    instead of one at a time (``clearlaw.presume``): faster, for bulk runs that report
    outcomes; ``presumptions`` may then list one the answer does not need.

    With ``out_of_scope`` every other count gets a determination too, outcome
    ``out_of_scope`` with the reason (so every count of a record is accounted for).  A fact
    whose value is not of the type the statute declares raises ``RecordError`` naming it
    (``clearlaw.scope.fact_problems`` lists them without raising).

    With ``explain`` (the default) each determination carries an ``Explanation`` tree; bulk
    runs that need only outcomes pass ``explain=False`` (several times faster).  A count left
    at ``needs_review`` is decided again over every possible value of the facts it lacks,
    where those can be enumerated (``clearlaw.worlds``): if all agree, that is the answer.
    One still left there for lack of facts the statute presumes is decided with them
    presumed (``clearlaw.presume``).

    ``as_of`` may also be a ``YYYY-MM-DD`` text or a datetime (its day); anything else is a
    ``TypeError`` naming it.
    """
    as_of = as_date(as_of)
    problems = fact_problems(statute, person)
    if problems:
        raise RecordError(person.id, problems)
    # a world may recur in the presumptions' rounds, one presumption at a time (without
    # them, or with a count's presumptions all at once, none does: remembering costs more)
    worlds = _Worlds(person) if statute.presumptions and minimal_presumptions else None
    first = _Base()  # what the first round worked out, for the presumptions' rounds
    found = _on_record(statute, person, as_of, explain, worlds, keep=first)
    if statute.presumptions:
        found = statute.presumptions.settle(
            found,
            person,
            lambda presumed, keys, names: _on_record(
                statute,
                presumed,
                as_of,
                explain,
                worlds,
                keys,
                base=first,
                # the facts set are what differs from the first round's person, if it was
                # decided as it is (not read as it implies: ``derive``)
                changed=names if first.person is person else "compare",
            ),
            together=not minimal_presumptions,
        )
    return _with_out_of_scope(statute, person, found) if out_of_scope else found


def _with_out_of_scope(
    statute: Statute, person: r.Person, found: tuple[Determination, ...]
) -> tuple[Determination, ...]:
    """``found`` and an ``out_of_scope`` determination for every other count, in record
    order."""
    decided = {(d.case, d.count): d for d in found}
    out = []
    for item in _items(person):
        d = decided.get((item.case.id, item.count.id))
        out.append(d if d is not None else _out_of_scope(statute, person, item))
    return tuple(out)


class _Worlds:
    """The determinations of a count (case id, count id) in each world already decided within
    one ``evaluate``, by what the world changes in the record evaluated (``_changes``: hashing
    a whole person costs more than many a decision)."""

    def __init__(self, person: r.Person) -> None:
        self.person = person
        self.found: dict[tuple[Any, tuple[str, str]], tuple[Determination, ...]] = {}

    def decide(
        self,
        statute: Statute,
        world: r.Person,
        as_of: date,
        key: tuple[str, str],
        seeds: Mapping[tuple[str, str], _Seed] | None = None,
    ) -> tuple[Determination, ...]:
        """Count ``key``'s determinations in ``world`` (explanations off), decided once
        (``seeds``: as ``_decide_all``'s)."""
        remembered = (_changes(self.person, world), key)
        found = self.found.get(remembered)
        if found is None:
            found = self.found[remembered] = _decide_all(
                statute, world, as_of, False, (key,), seeds=seeds
            )
        return found


def _changes(original: r.Person, world: r.Person) -> tuple[Any, ...]:
    """``world`` as what it changes in ``original``: equal for equal worlds.  A case or count
    that is the original's own object stands as ``None``, one that is not as itself (a world
    shaped otherwise, as itself whole)."""
    if len(world.cases) != len(original.cases):
        return (world,)
    changed: list[Any] = [PERSON_OTHERS(world)]
    for was, case in zip(original.cases, world.cases, strict=True):
        if case is was:
            changed.append(None)
        elif len(case.counts) != len(was.counts):
            changed.append(case)
        else:
            counts = tuple(
                None if c is old else c for c, old in zip(case.counts, was.counts, strict=True)
            )
            changed.append((CASE_OTHERS(case), counts))
    return tuple(changed)


@attrs.frozen
class _Worked:
    """What deciding a count worked out: its definitions' values (``Env.cache``) and its
    decisions' conditions (``_Decider.conds``), or those of them a world keeps."""

    definitions: Mapping[str, Any]
    conditions: Sequence[Any]


@attrs.define
class _Base:
    """The person a round decided and what deciding each count worked out (``_Worked``)."""

    person: r.Person | None = None
    kept: Mapping[tuple[str, str], _Worked] = attrs.Factory(dict)


@attrs.frozen
class _Seed:
    """What deciding a count on another person worked out, and which of it reads what
    differs (``stale``: definitions, and decisions by index): the rest holds here too."""

    worked: _Worked
    stale: tuple[frozenset[str], frozenset[int]]


def _seeds(
    statute: Statute,
    base: r.Person,
    world: r.Person,
    keys: Iterable[tuple[str, str]],
    kept: Mapping[tuple[str, str], _Worked] | None,
    changed: Changed | Literal["compare"] = "compare",
) -> dict[tuple[str, str], _Seed] | None:
    """What deciding counts ``keys`` on ``base`` worked out (``kept``), for deciding them
    on ``world``: what reads nothing ``world`` changes (``changed``, where the caller knows
    it; ``"compare"``: ``clearlaw.worlds.changed_names`` of the two) is the same there, so
    it is not worked out again."""
    if not kept:
        return None
    if changed == "compare":
        changed = changed_names(base, world)
    if changed is None:
        return None
    stale = statute.stale(changed)
    return {key: _Seed(kept[key], stale) for key in keys if key in kept}


def _on_record(
    statute: Statute,
    person: r.Person,
    as_of: date,
    explain: bool,
    worlds: _Worlds | None,
    only: Collection[tuple[str, str]] | None = None,
    *,
    keep: _Base | None = None,
    base: _Base | None = None,
    changed: Changed | Literal["compare"] = "compare",
) -> tuple[Determination, ...]:
    """``evaluate`` on the record as it is (no presumptions), read as it implies
    (``clearlaw.derive``), of every count or ``only`` those (case id, count id).  A count
    left at needs_review is decided over every world where a missing fact reached more than
    one condition, or may agree for another reason (``clearlaw.worlds.worth_trying``); each
    world's determinations are kept in ``worlds`` (if given).  What deciding the counts
    worked out goes into ``keep``; what ``base`` holds is reused where it still holds
    (``changed``: what ``person`` changes in ``base``'s, as ``_seeds`` takes it)."""
    unrecognized: frozenset[tuple[str, str]] = frozenset()
    on_record = person
    # ``changed`` given (a presumption round): ``person`` is ``base``'s, which was decided as
    # it is, with presumed facts set, which ``derive`` neither reads nor fills in: read as it
    # implies, it is itself
    as_implied = base is not None and changed != "compare"
    if not as_implied and not classes_as_written(person):  # a class or a code changes answers
        person, unrecognized = derive(person)
    entangled: set[tuple[str, str]] = set()
    # the definitions worked out per count, for the worlds (explanations off, as theirs)
    kept: dict[tuple[str, str], _Worked] | None = None if explain else {}

    def decide_all(person: r.Person, entangled: set[tuple[str, str]]) -> tuple[Determination, ...]:
        seeds = None
        if base is not None and base.person is not None:
            keys = only if only is not None else base.kept
            seeds = _seeds(
                statute,
                base.person,
                person,
                keys,
                base.kept,
                changed if person is on_record else "compare",  # not read as it implies
            )
        return _decide_all(statute, person, as_of, explain, only, entangled, kept, seeds)

    found = decide_all(person, entangled)
    if not as_implied and statute.reads_derived and any(d.outcome == NEEDS_REVIEW for d in found):
        # the rest settles only unknowns
        derived, _ = derive(person)
        if derived is not person:
            person, entangled = derived, set()
            found = decide_all(person, entangled)
    if keep is not None and kept is not None:
        keep.person, keep.kept = person, kept
    if unrecognized:
        found = _unrecognized(statute, found, unrecognized, on_record, person)
    entangled.update(
        (d.case, d.count)
        for d in found
        if d.outcome == NEEDS_REVIEW
        and d.missing
        and worth_trying(statute, person, d, statute.presumptions.values)
    )
    if not entangled:
        return found
    out = []
    for d in found:
        if (d.case, d.count) in entangled:
            key = (d.case, d.count)

            def decide_count(
                world: r.Person,
                changed: Changed,
                key: tuple[str, str] = key,
                base: r.Person = person,
            ) -> tuple[Determination, ...]:
                seeds = _seeds(statute, base, world, (key,), kept, changed)
                if worlds is None:
                    return _decide_all(statute, world, as_of, False, only=(key,), seeds=seeds)
                return worlds.decide(statute, world, as_of, key, seeds)

            agreed = refine(statute, person, as_of, d, decide_count)
            # an unknown date is left to the presumptions, which may give it
            if agreed is not None and not (
                agreed.eligible_on == "unknown" and statute.presumptions.lacking(d.missing)
            ):
                d = agreed
                if explain:
                    d = attrs.evolve(d, explanation=_every_world(d, found))
        out.append(d)
    return tuple(out)


#: The reason added to a count left at needs_review for a class its jurisdiction does not have.
CLASS_REASON = (
    "the offense_class on record is not a class of this jurisdiction (clearlaw.derive.CLASSES), "
    "so class is unknown"
)


#: The reason added to a count left at needs_review for a citation whose code its case's
#: jurisdiction does not have.
CODE_REASON = (
    "the citation on record is to a code this jurisdiction does not have "
    "(clearlaw/data/jurisdictions.toml), so whether it is on a list is unknown"
)


def _unrecognized(
    statute: Statute,
    found: tuple[Determination, ...],
    unrecognized: frozenset[tuple[str, str]],
    on_record: r.Person,
    derived: r.Person,
) -> tuple[Determination, ...]:
    """``found``, saying why class or citation is missing where the record's was not
    recognized, with the warnings of the count as on record (the code it names)."""
    was = {(c.id, k.id): (c, k) for c in on_record.cases for k in c.counts}
    now = {(c.id, k.id): k for c in derived.cases for k in c.counts}
    out = []
    for d in found:
        key = (d.case, d.count)
        if key in unrecognized:
            case, count = was[key]
            reasons = list(d.reasons)
            if "class" in d.missing and now[key].offense_class is None:
                reasons.append(CLASS_REASON)
            if "citation" in d.missing and count.citation is not None:
                reasons.append(CODE_REASON)
            d = attrs.evolve(
                d, reasons=tuple(reasons), warnings=count_warnings(statute, case, count)
            )
        out.append(d)
    return tuple(out)


def _every_world(d: Determination, found: tuple[Determination, ...]) -> Explanation:
    """The explanation of a count decided over every world: the first try's tree below."""
    first = next(x for x in found if (x.case, x.count) == (d.case, d.count))
    return Explanation(
        f"{d.case}/{d.count}: decided for every possible value of {', '.join(first.missing)}",
        f"{d.outcome}, eligible {d.eligible_on}",
        children=(first.explanation,) if first.explanation is not None else (),
    )


def _decide_all(
    statute: Statute,
    person: r.Person,
    as_of: date,
    explain: bool,
    only: Collection[tuple[str, str]] | None = None,
    entangled: set[tuple[str, str]] | None = None,
    kept: dict[tuple[str, str], _Worked] | None = None,
    seeds: Mapping[tuple[str, str], _Seed] | None = None,
) -> tuple[Determination, ...]:
    """Every count's determination (or ``only`` those (case id, count id)); the counts left
    at needs_review by entangled unknowns go into ``entangled``.  What deciding each count
    worked out goes into ``kept``; ``seeds`` gives what is known already (``_seeds``)."""
    items = _items(person)
    compiled = statute.traced if explain else statute.fast
    env = Env(person, items, as_of, {}, None)
    law = statute.in_force(compiled, env)
    env.params, periods = law.params, law.periods
    if law.prejudge is not None:
        for item in items:
            item.judged = law.prejudge(item)
    out = []
    for item in items:
        if only is not None and (item.case.id, item.count.id) not in only:
            continue
        judged = item.judged
        in_scope = judged[0] if judged is not None else UNEVALUATED
        if in_scope is False:
            continue
        env.decide_for(item)
        seed = seeds.get((item.case.id, item.count.id)) if seeds is not None else None
        if seed is not None:
            env.cache = dict(seed.worked.definitions)
            for name in seed.stale[0]:
                env.cache.pop(name, None)
        env.trace = {} if explain else None
        tried: list[tuple[CompiledDecision, Any]] = []
        conds: list[Any] = []
        try:
            if in_scope is UNEVALUATED or in_scope.__class__ is Residual:
                in_scope = (
                    compiled.scope(env) if in_scope is UNEVALUATED else in_scope.condition(env)
                )
                if in_scope is False:
                    continue
            if isinstance(in_scope, Unknown):
                result = _review(in_scope.missing)
            else:
                decider = _Decider(statute, compiled, env, periods, judged)
                if seed is not None:  # what is stale as this count's own fields leave it
                    own, decider.conds = decider.conds, list(seed.worked.conditions)
                    for i in seed.stale[1]:
                        decider.conds[i] = own[i]
                result = decider.decide()
                tried, conds = decider.tried or [], decider.conds
        except DateOverflow:  # a date past 9999-12-31 (or before year 1): this count only
            env.trace = {} if explain else None
            result = _review({OUTSIDE_CALENDAR})
        if result.entangled and entangled is not None:
            entangled.add((item.case.id, item.count.id))
        if kept is not None and conds and result.outcome == NEEDS_REVIEW:  # decided again
            kept[(item.case.id, item.count.id)] = _Worked(env.cache, conds)
        out.append(_determination(statute, person, item, result, env, tried))
    return tuple(out)


def evaluate_many(
    statute: Statute, people: Iterable[r.Person], as_of: date, *, explain: bool = False
) -> Iterator[Determination]:
    """``evaluate`` over many people, in order (explanations off by default)."""
    for person in people:
        yield from evaluate(statute, person, as_of, explain=explain)


# ---------------------------------------------------------------------- reporting


def _determination(
    statute: Statute,
    person: r.Person,
    item: Item,
    result: _Result,
    env: Env,
    tried: list[tuple[CompiledDecision, Any]],
) -> Determination:
    node = result.by or result.waiting
    citations = (node.citation,) if node is not None and node.citation else ()
    if result.outcome == NEEDS_REVIEW:
        relief: bool | None = None
        missing, reasons = _review_said(result.missing)
    else:
        relief = statute.relief[result.outcome]
        missing = tuple(sorted(result.missing)) if result.missing else ()
        reasons = _reasons(statute, result, env.params)
    explanation = None
    if env.trace is not None:
        explanation = _explain(statute, item, result, env.trace, tried)
    return Determination(
        person=person.id,
        case=item.case.id,
        count=item.count.id,
        statute=statute.id,
        outcome=result.outcome,
        relief=relief,
        relief_kind=statute.relief_kind.get(result.outcome),
        eligible_on=result.eligible_on,
        rule=node.name if node is not None else None,
        citations=citations,
        reasons=reasons,
        missing=missing,
        warnings=count_warnings(statute, item.case, item.count),
        explanation=explanation,
    )


def _out_of_scope(statute: Statute, person: r.Person, item: Item) -> Determination:
    return Determination(
        person=person.id,
        case=item.case.id,
        count=item.count.id,
        statute=statute.id,
        outcome=OUT_OF_SCOPE,
        relief=None,
        eligible_on="never",
        rule=None,
        citations=(),
        reasons=(out_of_scope_reason(statute, item.case, item.count),),
        warnings=count_warnings(statute, item.case, item.count, decided=False),
    )


def _title(node: n.Decision) -> str:
    cite = f" (§ {node.citation})" if node.citation else ""
    return f"{node.title or node.name}{cite}"


#: ``{name}`` in a rule's or exception's title: the parameter's value in force.
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


_NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)


def _in_words(value: Any) -> str:
    """A parameter's value as a title says it: a period in words, as statutes write it
    ("three years", "60 days"), anything else as ``_value_text`` gives it."""
    if not isinstance(value, Duration):
        return _value_text(value)
    parts = []
    for amount, unit in ((value.years, "year"), (value.months, "month"), (value.days, "day")):
        if amount:
            number = _NUMBER_WORDS[amount] if 0 <= amount < len(_NUMBER_WORDS) else str(amount)
            parts.append(f"{number} {unit}{'' if amount == 1 else 's'}")
    return " ".join(parts) or "no time"


def title_text(title: str, params: Mapping[str, Any]) -> str:
    """A title with each ``{parameter}`` replaced by the value in force (``params``), so a
    reason says "two years" once an amendment makes the period two years."""
    if "{" not in title:
        return title
    return _PLACEHOLDER.sub(lambda m: _in_words(params[m[1]]) if m[1] in params else m[0], title)


@functools.lru_cache(maxsize=4096)
def _review_said(missing: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A needs_review determination's ``missing`` and ``reasons`` for lack of ``missing``,
    worked out once per set (facts of other counts are named by their ids: the cache is
    bounded)."""
    named = tuple(sorted(missing))
    return named, (f"needs review: the record does not say {', '.join(named)}",)


def _reasons(statute: Statute, res: _Result, params: Mapping[str, Any]) -> tuple[str, ...]:
    """The reasons of a determination other than needs_review (``_review_said``)."""
    by, when = res.by, res.eligible_on
    if res.waiting is not None and isinstance(when, date):
        lead = f"not yet: {statute.titled(res.waiting.name, params)} applies from {when}"
        if by is not None and by is not res.waiting:
            lead += f", held back by {statute.titled(by.name, params)}"
        return (f"{lead}; eligible on {when} if nothing else happens",)
    if by is None:
        return ("no rule of this statute gives relief for this count",)
    title = statute.titled(by.name, params)
    if isinstance(by, n.Rule) and statute.relief.get(by.outcome):
        return (f"{title}: eligible since {when}",)
    if when == "unknown":
        return (f"{title}: not eligible while this lasts; the date it ends is not known",)
    return (title,)


def _value_text(v: Any) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, Unknown):
        return f"unknown (missing {', '.join(sorted(v.missing))})"
    if v is NOTHING:
        return "none"
    return str(v)


def _expr_tree(statute: Statute, e: n.Expr, trace: dict[object, Any]) -> Explanation:
    value = _value_text(trace[id(e)]) if id(e) in trace else "not evaluated"
    witness = trace.get(("witness", id(e)))
    if witness:
        value += f" ({', '.join(witness[:3])}{', …' if len(witness) > 3 else ''})"
    children: list[Explanation] = []
    if isinstance(e, n.Binary) and e.op in ("and", "or"):
        children = [_expr_tree(statute, x, trace) for x in _flatten(e, e.op)]
    elif isinstance(e, n.Unary):
        children = [_expr_tree(statute, e.operand, trace)]
    elif isinstance(e, n.Path):
        d = statute.defines_at.get(id(e))
        if d is not None:
            inner = _expr_tree(statute, d.value, trace)
            children = [attrs.evolve(inner, citation=d.citation)]
    elif isinstance(e, n.ExtremeList):
        children = [_expr_tree(statute, x, trace) for x in e.items]
    elif isinstance(e, n.IfThenElse):
        children = [_expr_tree(statute, x, trace) for x in (e.condition, e.then, e.otherwise)]
    elif isinstance(e, n.Binary) and e.op in ("+", "-"):
        children = [_expr_tree(statute, x, trace) for x in (e.left, e.right)]
    children = [c for c in children if c.value != "not evaluated"]
    return Explanation(statute.text_at(e.span), value, e.span, None, tuple(children))


def _flatten(e: n.Expr, op: str) -> list[n.Expr]:
    if isinstance(e, n.Binary) and e.op == op:
        return _flatten(e.left, op) + _flatten(e.right, op)
    return [e]


def _explain(
    statute: Statute,
    item: Item,
    result: _Result,
    trace: dict[object, Any],
    tried: list[tuple[CompiledDecision, Any]],
) -> Explanation:
    scope = statute.node.scope
    assert scope is not None
    steps = [
        attrs.evolve(
            _expr_tree(statute, scope.condition, trace),
            label="applies to this count: " + statute.text_at(scope.condition.span),
            citation=scope.citation,
        )
    ]
    seen = set()
    for d, cond in tried:
        node = d.node
        if node.name in seen:
            continue
        seen.add(node.name)
        kind = "rule" if isinstance(node, n.Rule) else "exception"
        parts: list[Explanation] = []
        if isinstance(node, n.Rule):
            if node.when is not None:
                parts.append(_expr_tree(statute, node.when, trace))
            for u in node.unless:
                tree = _expr_tree(statute, u.condition, trace)
                parts.append(attrs.evolve(tree, label="unless " + tree.label, citation=u.citation))
            if node.on is not None and id(node.on) in trace:
                tree = _expr_tree(statute, node.on, trace)
                parts.append(attrs.evolve(tree, label="from " + tree.label))
        else:
            parts.append(_expr_tree(statute, node.condition, trace))
            if node.until is not None and id(node.until) in trace:
                tree = _expr_tree(statute, node.until, trace)
                parts.append(attrs.evolve(tree, label="until " + tree.label))
        applies = "applies" if cond is True else "does not apply" if cond is False else "unknown"
        steps.append(
            Explanation(
                f"{kind} {node.name}" + (f" “{node.title}”" if node.title else ""),
                f"{applies} → {node.outcome}" if cond is not False else applies,
                node.span,
                node.citation,
                tuple(parts),
            )
        )
    head = f"{item.key} {item.count.citation or '(no citation)'} under {statute.id}"
    outcome = result.outcome
    when = result.eligible_on
    summary = (
        f"{outcome}, eligible on {when}"
        if isinstance(when, date)
        else f"{outcome}, eligible {when}"
    )
    return Explanation(head, summary, None, None, tuple(steps))
