"""Checked statute → Python closures, built once and run for every count.

Every value is three-valued: a known Python value, ``Unknown`` (the record lacks a fact; it
names which), or ``NOTHING`` (a ``latest … of`` over an empty collection).  ``and``/``or``/
``not`` follow Kleene's logic, so an unknown that cannot change a condition does not leak.

A statute is compiled twice from the same code: a fast form, and a traced form that records
the value of every top-level condition for explanations.  The fast form also prejudges: the
parts of conditions that only test a count's few-valued fields (citation, level, …) against
constants are worked out once per combination of those values (``Prejudge``), not per count.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.check import BOOLEAN, COUNT_FIELDS, LEVEL, CheckedStatute
from clearlaw.citations import Citation, CitationSet, without_object
from clearlaw.dates import DateConvention, add, date, subtract, whole_years_between

__all__ = [
    "INCHOATE_OBJECT",
    "NOTHING",
    "UNEVALUATED",
    "CompiledDecision",
    "CompiledStatute",
    "Env",
    "Item",
    "Prejudge",
    "Residual",
    "Unknown",
    "citation_member",
    "compile_statute",
    "objects_unknown",
    "parameter_values",
    "unknown",
]


class Unknown:
    """A value the record does not give; ``missing`` names the facts that would decide it."""

    __slots__ = ("missing",)

    def __init__(self, missing: frozenset[str]) -> None:
        self.missing = missing

    def __repr__(self) -> str:
        return f"unknown ({', '.join(sorted(self.missing))})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and other.missing == self.missing

    def __hash__(self) -> int:
        return hash(self.missing)


class _Nothing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "none"


#: The value of ``latest … of`` an empty collection; ``latest of (…)`` skips it.
NOTHING = _Nothing()


def unknown(*values: Any) -> Unknown:
    """One ``Unknown`` naming every fact missing from ``values`` (the one among them, if only
    one is: an ``Unknown`` is immutable)."""
    found = [v for v in values if isinstance(v, Unknown)]
    if len(found) == 1:
        return found[0]
    return Unknown(frozenset().union(*(v.missing for v in found)))


class Item:
    """A count in its case, as the evaluator sees it."""

    __slots__ = ("case", "count", "judged")

    def __init__(self, count: r.Count, case: r.Case) -> None:
        self.count = count
        self.case = case
        self.judged: tuple[Any, ...] | None = None  # what its fields decide (``Prejudge``)

    @property
    def key(self) -> str:
        """``case/count``, as missing facts and witnesses name the count (made when needed)."""
        return f"{self.case.id}/{self.count.id}"


class Env:
    """What an expression is evaluated against."""

    __slots__ = (
        "as_of",
        "cache",
        "cur",
        "depth",
        "items",
        "params",
        "period_caches",
        "person",
        "person_cache",
        "this",
        "trace",
    )

    def __init__(
        self,
        person: r.Person,
        items: list[Item],
        as_of: date,
        params: Mapping[str, Any],
        trace: dict[object, Any] | None,
    ) -> None:
        self.person = person
        self.items = items
        self.as_of = as_of
        self.params = params
        self.this: Item = items[0] if items else Item(r.Count(id="-"), r.Case(id="-"))
        self.cur: Any = self.this
        self.depth = 0
        self.trace = trace
        self.cache: dict[str, Any] = {}  # definitions already evaluated for ``this`` count
        self.person_cache: dict[object, Any] = {}  # what does not depend on ``this`` count
        # the same under each period's parameter values (relief dates), by period
        self.period_caches: dict[int, dict[object, Any]] = {}

    def decide_for(self, item: Item) -> None:
        """Make ``item`` the count being decided."""
        self.this = self.cur = item
        self.cache = {}


Fn = Callable[[Env], Any]


def _item_paths() -> dict[str, str]:
    """Record field (as a statute names it) → attribute path from an ``Item``."""
    paths = {
        key: f"count.{key}"
        for key in (
            "id",
            "citation",
            "description",
            "level",
            "max_penalty_days",
            "offense_date",
            "disposition",
            "disposition_date",
            "domestic_violence",
            "with_prejudice",
            "arrest_date",
        )
    }
    paths["class"] = "count.offense_class"
    for key in (
        "imposed_date",
        "incarcerated",
        "incarceration_release_date",
        "supervised",
        "supervision_end_date",
        "completion_date",
        "prison",
        "probation_revoked",
        "probation_revoked_date",
    ):
        paths[f"sentence.{key}"] = f"count.sentence.{key}"
    for key in (
        "restitution_ordered",
        "restitution_paid",
        "restitution_paid_date",
        "fines_paid",
        "fines_paid_date",
    ):
        paths[f"financial.{key}"] = f"count.financial.{key}"
    for key in ("id", "jurisdiction", "county", "status"):
        paths[f"case.{key}"] = f"case.{key}"
    return paths


_ITEM_PATHS = _item_paths()


@attrs.frozen
class CompiledDecision:
    """A rule or exception, compiled: ``condition`` combines ``when`` and every ``unless``."""

    node: n.Decision
    relief: bool
    condition: Fn
    date: Fn | None

    holds_back: bool = attrs.field(init=False)

    @holds_back.default
    def _holds_back(self) -> bool:
        """A `while` or `until` exception: it delays relief, it cannot bar it."""
        return isinstance(self.node, n.Exception_) and self.node.kind != "bar"


#: A condition not yet evaluated for the count being decided.
UNEVALUATED: Any = object()

#: Record fields with few distinct values.  A test of these fields alone against constants
#: has the same value for every count that has the same values, so the fast form computes it
#: once per combination of values (``Prejudge``) instead of once per count.
_FEW_VALUED = (
    "citation",
    "level",
    "class",
    "disposition",
    "case.jurisdiction",
    "case.county",
    "case.status",
    "sentence.incarcerated",
    "sentence.supervised",
    "financial.restitution_ordered",
    "financial.restitution_paid",
    "financial.fines_paid",
    "sentence.prison",
    "sentence.probation_revoked",
    "domestic_violence",
    "with_prejudice",
)

#: A test of few-valued fields: the fields it reads, and its value once they are all known
#: (``None``: unknown, a citation's membership of a set: ``citation_member``).  A test may
#: also read boolean parameters (``_PARAMETER`` + name), known once the date is.
_Test = tuple[frozenset[str], Callable[[Mapping[str, Any]], bool | None]]
_PARAMETER = "parameter "


class Residual:
    """What is left of a condition whose tests of few-valued fields are all true: its other
    conjuncts, as one closure (Kleene ``and`` with true leaves the rest as it is)."""

    __slots__ = ("condition",)

    def __init__(self, condition: Fn) -> None:
        self.condition = condition


class _Conditions:
    """A condition as its conjuncts that are tests of few-valued fields, and the
    ``residual`` of the others (``None`` if it has no other)."""

    __slots__ = ("residual", "tests")

    def __init__(self, tests: list[_Test], residual: Residual | None) -> None:
        self.tests = tests
        self.residual = residual

    def value(self, known: Mapping[str, Any]) -> Any:
        """False if a test is false (Kleene ``and``: one false conjunct decides, whatever the
        others are, even unknown); if every test is known and true, true or the residual;
        otherwise ``UNEVALUATED``."""
        decided = True
        for fields, test in self.tests:
            if not fields <= known.keys():
                decided = False
            else:
                found = test(known)
                if found is None:  # a citation's membership: the closure names what it lacks
                    decided = False
                elif not found:
                    return False
        if not decided:
            return UNEVALUATED
        return True if self.residual is None else self.residual


class Prejudge:
    """Conditions that the few-valued fields of a count (and the parameters, if given)
    decide on their own, computed once per combination of those fields' values:
    ``prejudge(item)`` gives each condition's value, its ``Residual`` where the rest of the
    record decides it, or ``UNEVALUATED`` where a field it tests is not on record."""

    #: Combinations remembered (records with more distinct values are judged each time).
    LIMIT = 20_000

    def __init__(
        self, conditions: Sequence[_Conditions], params: Mapping[str, Any] | None = None
    ) -> None:
        fields = {f for c in conditions for fs, _ in c.tests for f in fs}
        self.fields = sorted(f for f in fields if f in _ITEM_PATHS)
        self.read = operator.attrgetter(*(_ITEM_PATHS[f] for f in self.fields))
        self.params = {_PARAMETER + k: v for k, v in (params or {}).items() if isinstance(v, bool)}
        self.conditions = conditions
        self.seen: dict[Any, tuple[Any, ...]] = {}

    @classmethod
    def of(
        cls, conditions: Sequence[_Conditions], params: Mapping[str, Any] | None = None
    ) -> Prejudge | None:
        """A ``Prejudge`` for ``conditions``, or ``None`` if no field takes part in them."""
        if any(f in _ITEM_PATHS for c in conditions for fields, _ in c.tests for f in fields):
            return cls(conditions, params)
        return None

    def __call__(self, item: Item) -> tuple[Any, ...]:
        values = self.read(item)
        judged = self.seen.get(values)
        if judged is None:
            judged = self.judge(values if len(self.fields) > 1 else (values,))
            if len(self.seen) < self.LIMIT:
                self.seen[values] = judged
        return judged

    def judge(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        known = {
            f: v
            for f, v in zip(self.fields, values, strict=True)
            if v is not None and v is not r.Disposition.UNKNOWN
        }
        known.update(self.params)
        return tuple(c.value(known) for c in self.conditions)


@attrs.frozen
class CompiledStatute:
    """The closures of one statute, in one form (fast or traced)."""

    scope: Fn
    decisions: tuple[CompiledDecision, ...]
    parameters: Mapping[str, tuple[tuple[date | None, Fn], ...]]
    #: For ``prejudge``: the scope's conditions, each decision's, then the ``where`` of each
    #: collection (none in the traced form: it evaluates every condition it tries, for
    #: explanations).
    prejudgeable: tuple[_Conditions, ...] = ()

    def prejudge(self, params: Mapping[str, Any]) -> Prejudge | None:
        """What a count's few-valued fields decide, with these parameter values: for each
        count, the scope's value, each decision's, then each collection's ``where`` for the
        count as an element (or its ``Residual``, or ``UNEVALUATED``)."""
        return Prejudge.of(self.prejudgeable, params)


class _Compiler:
    def __init__(self, checked: CheckedStatute, traced: bool) -> None:
        self.checked = checked
        self.st = checked.statute
        self.traced = traced
        self.convention: DateConvention = self.st.header.convention
        self.defines: dict[str, Fn] = {}
        self.effective = self.st.header.effective[0] if self.st.header.effective else date.min
        self.parameter_types = {p.name: p.type for p in self.st.parameters}
        self.wheres: list[_Conditions] = []  # collections' `where`, as far as fields decide
        self.compiled: dict[int, tuple[n.Expr, Fn]] = {}  # by node identity (``expr``)
        self.objects_unknown = objects_unknown(checked)

    def statute(self) -> CompiledStatute:
        st = self.st
        relief = {o.name: o.relief for o in st.outcomes}
        decisions = []
        for d in self.checked.order:
            if isinstance(d, n.Rule):
                parts = [self.expr(d.when)] if d.when is not None else []
                parts += [_not(self.expr(u.condition)) for u in d.unless]
                cond = _all(parts)
                when = self.expr(d.on) if d.on is not None else None
                decisions.append(CompiledDecision(d, relief[d.outcome], cond, when))
            else:
                until = self.expr(d.until) if d.until is not None else None
                decisions.append(CompiledDecision(d, False, self.expr(d.condition), until))
        assert st.scope is not None
        params = {
            p.name: tuple((v.start, self.expr(v.value)) for v in p.values) for p in st.parameters
        }
        scope = self.expr(st.scope.condition)
        prejudgeable: tuple[_Conditions, ...] = ()
        if not self.traced:
            prejudgeable = (
                self.conditions(_conjuncts(st.scope.condition)),
                *(self.conditions(_decision_conjuncts(d)) for d in self.checked.order),
                *self.wheres,
            )
        return CompiledStatute(scope, tuple(decisions), params, prejudgeable)

    # ------------------------------------------------------------------ prejudging
    def conditions(self, conjuncts: list[n.Expr], parameters: bool = True) -> _Conditions:
        tests = [self.test(c, parameters) for c in conjuncts]
        rest = [self.expr(c) for c, t in zip(conjuncts, tests, strict=True) if t is None]
        return _Conditions(
            [t for t in tests if t is not None], Residual(_all(rest)) if rest else None
        )

    def where_slot(self, conjuncts: list[n.Expr]) -> int | None:
        """Where a collection's ``where`` (these conjuncts of it) is found among what a count's
        fields decide (``CompiledStatute.prejudge``); ``None`` if they decide nothing of it.
        (Parameters take no part: a relief date may be worked out under earlier values.)"""
        if self.traced:
            return None
        where = self.conditions(conjuncts, parameters=False)
        if not where.tests:
            return None
        self.wheres.append(where)
        return len(self.checked.order) + len(self.wheres)  # after the scope and decisions

    def test(self, e: n.Expr, parameters: bool = True) -> _Test | None:
        """``e`` as a test of few-valued fields of the count at hand (and, with
        ``parameters``, of boolean parameters) against constants, with the value its closure
        has when those are known; ``None`` if it is not one."""
        if isinstance(e, n.Unary):
            inner = self.test(e.operand, parameters)
            if inner is None:
                return None
            fields, f = inner
            return fields, lambda v: _kleene_not(f(v))
        if isinstance(e, n.Binary) and e.op in ("and", "or"):
            left, right = self.test(e.left, parameters), self.test(e.right, parameters)
            if left is None or right is None:
                return None
            f, g = left[1], right[1]
            if e.op == "and":
                return left[0] | right[0], lambda v: _kleene_not(_kleene_or(f(v), g(v), True))
            return left[0] | right[0], lambda v: _kleene_or(f(v), g(v))
        if isinstance(e, n.Path):
            ref = self.checked.refs[e]
            if ref.kind == "define" and not e.this:
                return self.test(self.define_body(ref.key), parameters)
            name = self.boolean(e)
            if name is None or (name.startswith(_PARAMETER) and not parameters):
                return None
            return frozenset({name}), lambda v: bool(v[name])
        if isinstance(e, n.Binary):
            field = self.few_valued(e.left)
            is_const, c = self.constant(e.right)
            if field is None or not is_const:
                return None
            unsure = self.may_hold_inchoate(c)
            return _field_test(field, e.op, c, COUNT_FIELDS[field] == LEVEL, unsure)
        return None

    def boolean(self, p: n.Path) -> str | None:
        """The name a test reads a boolean parameter or few-valued boolean field by."""
        ref = self.checked.refs[p]
        if ref.kind == "parameter":
            return _PARAMETER + ref.key if self.parameter_types[ref.key] == BOOLEAN else None
        field = self.few_valued(p)
        return field if field is not None and COUNT_FIELDS[field] == BOOLEAN else None

    def few_valued(self, e: n.Expr) -> str | None:
        """The field ``e`` reads, if it is a few-valued field of the count at hand (the one
        decided, or the element of a collection)."""
        if not isinstance(e, n.Path) or e.this:
            return None
        ref = self.checked.refs[e]
        if ref.kind == "field" and ref.value == "count" and ref.key in _FEW_VALUED:
            return ref.key
        return None

    def define_body(self, name: str) -> n.Expr:
        return next(d.value for d in self.st.defines if d.name == name)

    # ------------------------------------------------------------------ expressions
    def expr(self, e: n.Expr) -> Fn:
        """``e``'s closure, made once per node: a node compiled again (a condition's
        residual, see ``conditions``) shares its closure, its collections' per-person cache
        and their prejudged ``where``."""
        found = self.compiled.get(id(e))
        if found is not None and found[0] is e:
            return found[1]
        fn = self._expr(e)
        if self.traced:
            fn = _traced(e, fn)
        self.compiled[id(e)] = (e, fn)  # the node is kept: its id is not reused meanwhile
        return fn

    def _expr(self, e: n.Expr) -> Fn:
        if isinstance(e, n.Literal):
            value = e.value
            return lambda env: value
        if isinstance(e, n.ListLiteral):
            lit = self.checked.literal_citations.get(e)
            members: object = lit if lit is not None else frozenset(e.items)
            return lambda env: members
        if isinstance(e, n.Path):
            return self.path(e)
        if isinstance(e, n.Unary):
            return _not(self.expr(e.operand))
        if isinstance(e, n.Binary):
            return self.binary(e)
        if isinstance(e, n.IfThenElse):
            return _if(self.expr(e.condition), self.expr(e.then), self.expr(e.otherwise))
        if isinstance(e, n.Within):
            return self.within(e)
        if isinstance(e, n.Quantifier):
            return self.quantifier(e)
        if isinstance(e, n.ExtremeOf):
            return self.extreme_of(e)
        if isinstance(e, n.ExtremeList):
            return _extreme_list(e.kind, [self.expr(x) for x in e.items])
        if isinstance(e, n.Waiting):
            return self.waiting(e)
        if isinstance(e, n.Given):
            return _citation_given(e)
        if isinstance(e, n.AgeOn):
            return self.age_on(e)
        if isinstance(e, n.YearsBetween):
            return self.years_between(e)
        raise AssertionError(e)  # pragma: no cover

    def path(self, p: n.Path) -> Fn:
        ref = self.checked.refs[p]
        if ref.kind == "constant":
            value = ref.value
            return lambda env: value
        if ref.kind == "parameter":
            name = ref.key
            return lambda env: env.params[name]
        if ref.kind == "set":
            members = self.checked.sets[ref.key]
            return lambda env: members
        if ref.kind == "global":
            if ref.key == "as_of":
                return lambda env: env.as_of
            effective = self.effective
            return lambda env: effective
        if ref.kind == "define":
            if ref.value == "this":
                return _for_this(self.define(ref.key))
            return self.define(ref.key)
        if ref.kind == "fact":
            return _fact(ref.key, p.this)
        if ref.value == "registration":
            return _registration_field(ref.key)
        return _count_field(ref.key, p.this)

    def define(self, name: str) -> Fn:
        """A definition's closure; its value for the count being decided is computed once."""
        if name not in self.defines:
            body: list[Fn] = []

            def value(env: Env) -> Any:
                if env.depth:
                    return body[0](env)
                cache = env.cache
                if name not in cache:
                    cache[name] = body[0](env)
                return cache[name]

            self.defines[name] = value
            body.append(self.expr(self.define_body(name)))
        return self.defines[name]

    def constant(self, e: n.Expr) -> tuple[bool, Any]:
        """(True, value) when ``e`` has the same value for every count and date."""
        return self.checked.constant(e)

    def binary(self, e: n.Binary) -> Fn:
        op = e.op
        is_const, value = self.constant(e.right)
        if is_const and op in ("in", "not in") and self.may_hold_inchoate(value):
            this_only = isinstance(e.left, n.Path) and e.left.this
            return _inchoate_membership(self.expr(e.left), op == "not in", value, this_only)
        if is_const and op not in ("and", "or", "+", "-"):
            level = self.checked.types.get(e.left) == "level"
            ref = self.checked.refs.get(e.left) if isinstance(e.left, n.Path) else None
            if (
                not self.traced
                and op in ("is", "in")
                and not level
                and ref is not None
                and ref.kind == "field"
                and ref.value == "count"
                and not ref.key.startswith("person.")
            ):
                assert isinstance(e.left, n.Path)
                return _field_is_constant(ref.key, e.left.this, op == "in", value)
            return _compare_constant(self.expr(e.left), op, value, level)
        left, right = self.expr(e.left), self.expr(e.right)
        if op == "and":
            return _all([left, right])
        if op == "or":
            return _any([left, right])
        if op in ("+", "-"):
            convention = self.convention

            def arith(a: Any, b: Any) -> Any:
                if isinstance(a, date):
                    return add(a, b, convention) if op == "+" else subtract(a, b, convention)
                return a + b if op == "+" else a - b

            return _strict2(left, right, arith, NOTHING)
        if op in ("in", "not in"):
            negate = op == "not in"

            may_hold_inchoate = self.may_hold_inchoate

            def member(a: Any, b: Any) -> Any:
                if may_hold_inchoate(b):
                    return _member(a, b, negate)
                return (a in b) is not negate

            return _strict2(left, right, member)
        if op in ("is", "is not"):
            lit = self.checked.literal_citations.get(e.right)
            if lit is not None:
                right = _const(lit)
            negate = op == "is not"
            return _strict2(left, right, lambda a, b: (a == b) is not negate)
        compare = _COMPARE[op]
        if self.checked.types.get(e.left) == "level":
            ranks = r.LEVEL_ORDER
            return _strict2(left, right, lambda a, b: compare(ranks[a], ranks[b]))
        return _strict2(left, right, compare)

    def within(self, e: n.Within) -> Fn:
        left, length, right = self.expr(e.left), self.expr(e.length), self.expr(e.right)
        direction, convention = e.direction, self.convention

        def within(env: Env) -> Any:
            a, d, b = left(env), length(env), right(env)
            if a is NOTHING or b is NOTHING:
                return False
            if isinstance(a, Unknown) or isinstance(d, Unknown) or isinstance(b, Unknown):
                return unknown(a, d, b)
            low = subtract(b, d, convention) if direction in ("of", "before") else b
            high = add(b, d, convention) if direction in ("of", "after") else b
            return bool(low <= a <= high)

        return within

    def may_hold_inchoate(self, c: Any) -> bool:
        """Whether ``c`` is a citation set covering inchoate offenses of the offenses it lists,
        whose membership of a section such as ``PL 110.00`` written alone is unknown
        (``objects_unknown``)."""
        return self.objects_unknown and isinstance(c, CitationSet) and bool(c.inchoate)

    def this_free(self, e: object) -> bool:
        """Whether ``e`` has the same value for an element whichever count is being decided
        (no ``this``, no collection but those of the element's own case; definitions looked
        into)."""
        for node in n.walk(e):
            if isinstance(node, n.Waiting) or (
                isinstance(node, n.Collection) and (node.relation != "same_case" or node.other)
            ):
                return False
            if isinstance(node, n.Path):
                if node.this:
                    return False
                ref = self.checked.refs.get(node)
                if (
                    ref is not None
                    and ref.kind == "define"
                    and not self.this_free(self.define_body(ref.key))
                ):
                    return False
        return True

    def members(self, c: n.Collection) -> Callable[[Env], list[tuple[Any, Any]]]:
        """(element, membership) pairs: membership is True or Unknown (False ones dropped).

        The parts of ``where`` that do not depend on the count being decided are evaluated
        once per person (Kleene ``and`` gives the same value and missing facts in any order).
        """
        parts = _conjuncts(c.where) if c.where is not None else []
        free_parts = [p for p in parts if self.this_free(p)]
        bound_parts = [p for p in parts if not self.this_free(p)]
        free = _all([self.expr(p) for p in free_parts]) if free_parts else None
        slot = self.where_slot(free_parts) if free_parts else None
        where = _all([self.expr(p) for p in bound_parts]) if bound_parts else None
        if c.kind == "registrations":
            where = self.expr(c.where) if c.where is not None else None

            def registrations(env: Env) -> list[tuple[Any, Any]]:
                return _filter(env, [(reg, True) for reg in env.person.registrations], where)

            return registrations
        convictions = c.kind == "convictions"
        other, relation = c.other, c.relation

        key = object()  # this collection's slot in the per-person cache

        def candidates(env: Env) -> list[tuple[Any, Any]]:
            """Per person: the elements (and membership) before anything about ``this``."""
            found = env.person_cache.get(key)
            if found is None:
                pre = [(it, _is_conviction(it) if convictions else True) for it in env.items]
                pre = [(it, ok) for it, ok in pre if ok is not False]
                this = env.this
                env.this = _NOBODY  # so every missing fact is named with its count: "C2/1 …"
                try:
                    found = _filter(env, pre, free, slot)
                finally:
                    env.this = this
                env.person_cache[key] = found
            return found

        def counts(env: Env) -> list[tuple[Any, Any]]:
            this = env.this
            pre: list[tuple[Any, Any]] = []
            found = candidates(env)
            if relation == "same_case":  # the case of the count in context
                case = env.cur.case.id
                found = [(it, ok) for it, ok in found if it.case.id == case]
            for it, ok in found:
                if it is this:
                    if other:
                        continue
                    if isinstance(ok, Unknown):  # this count's own facts are named plainly
                        prefix = f"{it.key} "
                        ok = Unknown(frozenset(m.removeprefix(prefix) for m in ok.missing))
                if relation in ("subsequent", "earlier") and ok is not False:
                    ok = _and2(
                        ok, _later(it, this) if relation == "subsequent" else _later(this, it)
                    )
                if ok is not False:
                    pre.append((it, ok))
            return _filter(env, pre, where)

        return counts

    def quantifier(self, q: n.Quantifier) -> Fn:
        members = self.members(q.collection)
        kind, least, cases = q.kind, q.least, q.cases
        least_of = self.expr(q.least_name) if q.least_name is not None else None

        def quantify(env: Env) -> Any:
            found = members(env)
            if cases:
                sure, unsure, possible = _cases(found)
            else:
                unsure = [ok for _, ok in found if ok is not True]
                sure = len(found) - len(unsure)
                possible = len(found)
            if kind == "number":
                return unknown(*unsure) if unsure else sure
            need = 1 if kind in ("any", "no") else least if least_of is None else least_of(env)
            if sure >= need:
                result: Any = True
            elif possible < need:
                result = False
            else:
                result = unknown(*unsure)
            if kind == "no" and not isinstance(result, Unknown):
                return not result
            if self.traced and env.trace is not None and env.depth == 0:
                env.trace[("witness", id(q))] = [
                    el.key for el, ok in found if ok is True and isinstance(el, Item)
                ]
            return result

        return quantify

    def extreme_of(self, e: n.ExtremeOf) -> Fn:
        members = self.members(e.collection)
        value = self.expr(e.value)
        pick = max if e.kind == "latest" else min
        traced = self.traced

        def extreme(env: Env) -> Any:
            found = members(env)
            saved, depth = env.cur, env.depth
            env.depth = depth + 1
            sure: list[tuple[Any, Any]] = []
            unsure: list[tuple[Any, Any]] = []
            for el, ok in found:
                env.cur = el
                v = value(env)
                (sure if ok is True else unsure).append((v, ok))
            env.cur, env.depth = saved, depth
            unknowns = [v for v, _ in sure if isinstance(v, Unknown)]
            known = [v for v, _ in sure if not isinstance(v, Unknown | _Nothing)]
            if unknowns:
                return unknown(*unknowns)
            best = pick(known) if known else NOTHING
            for v, ok in unsure:
                if isinstance(v, Unknown) or (
                    not isinstance(v, _Nothing) and (best is NOTHING or pick(v, best) != best)
                ):
                    return unknown(v, ok)
            if traced and env.trace is not None and depth == 0 and best is not NOTHING:
                for (el, ok), (v, _) in zip(found, sure + unsure, strict=False):
                    if ok is True and v == best and isinstance(el, Item):
                        env.trace[("witness", id(e))] = [el.key]
                        break
            return best

        return extreme

    def waiting(self, e: n.Waiting) -> Fn:
        period, start = self.expr(e.period), self.expr(e.start)
        floor = self.expr(e.floor) if e.floor is not None else _const(NOTHING)
        members = self.members(e.restart) if e.restart is not None else None
        restart_from = self.expr(e.restart_from) if e.restart_from is not None else None
        convention = self.convention

        def run(env: Env) -> Any:
            p, s, f = period(env), start(env), floor(env)
            if isinstance(p, Unknown) or isinstance(s, Unknown) or isinstance(f, Unknown):
                return unknown(p, s, f)
            if s is NOTHING:
                return NOTHING

            def end_of(begin: date) -> date:
                end = add(begin, p, convention)
                return end if f is NOTHING else max(end, f)

            end = end_of(s)
            if members is None or restart_from is None:
                return end
            saved, depth = env.cur, env.depth
            env.depth = depth + 1
            dated = []
            restarted = []
            try:
                for el, ok in members(env):
                    when = el.count.disposition_date
                    if when is not None:
                        dated.append((when, el, ok))
                        continue
                    # Undated: it matters only if it could move the start, which only grows.
                    env.cur = el
                    v = restart_from(env)
                    if isinstance(v, Unknown) or (v is not NOTHING and v > s):
                        return unknown(Unknown(frozenset({f"{el.key} disposition_date"})), ok, v)
                dated.sort(key=lambda x: x[0])
                for when, el, ok in dated:
                    if when >= end:
                        break
                    env.cur = el
                    v = restart_from(env)
                    if isinstance(v, Unknown):
                        return unknown(ok, v)
                    if v is NOTHING or v <= s:
                        continue
                    if isinstance(ok, Unknown):
                        return ok
                    s, end = v, end_of(v)
                    restarted.append(el)
            finally:
                env.cur, env.depth = saved, depth
            if env.trace is not None and depth == 0 and restarted:
                env.trace[("witness", id(e))] = [el.key for el in restarted]
            return end

        return run

    def age_on(self, e: n.AgeOn) -> Fn:
        when = self.expr(e.when)
        convention = self.convention

        def age(env: Env) -> Any:
            born = env.person.birth_date
            d = when(env)
            if born is None:
                return unknown(Unknown(frozenset({"person.birth_date"})), d)
            if isinstance(d, Unknown):
                return d
            if d is NOTHING:
                return NOTHING
            return whole_years_between(born, d, convention)

        return age

    def years_between(self, e: n.YearsBetween) -> Fn:
        convention = self.convention
        return _strict2(
            self.expr(e.start),
            self.expr(e.end),
            lambda a, b: whole_years_between(a, b, convention),
            NOTHING,
        )


_COMPARE: Mapping[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "before": operator.lt,
    "after": operator.gt,
    "on or before": operator.le,
    "on or after": operator.ge,
}


def _compare_constant(left: Fn, op: str, c: Any, level: bool) -> Fn:
    """``left OP c`` for a constant ``c``: the hot path of most conditions, so the common
    operators get a closure each (no further call per evaluation)."""
    if op in ("is", "in"):
        test_in = op == "in"

        def positive(env: Env) -> Any:
            a = left(env)
            if a.__class__ is Unknown:
                return a
            if a is NOTHING:
                return False
            return (a in c) if test_in else (a == c)

        return positive
    if op in ("is not", "not in"):
        test_in = op == "not in"

        def negative(env: Env) -> Any:
            a = left(env)
            if a.__class__ is Unknown:
                return a
            if a is NOTHING:
                return False
            return (a not in c) if test_in else (a != c)

        return negative
    test = _COMPARE[op]
    ranks = r.LEVEL_ORDER if level else None
    bound = ranks[c] if ranks is not None else c

    def ordered(env: Env) -> Any:
        a = left(env)
        if a.__class__ is Unknown:
            return a
        if a is NOTHING:
            return False
        return test(ranks[a], bound) if ranks is not None else test(a, bound)

    return ordered


#: What a count whose citation is an inchoate section without its object (``PL 110.00``)
#: lacks to tell whether it is in a set that covers that kind of inchoate offense.
INCHOATE_OBJECT = "inchoate_object"
_NO_OBJECT = Unknown(frozenset({INCHOATE_OBJECT}))


def objects_unknown(checked: CheckedStatute) -> bool:
    """Whether an inchoate section written without its object (``PL 110.00``) is of unknown
    membership in ``checked``'s sets that cover inchoate offenses: not where the statute names
    such a section in a set of its own (it then says how it decides one, as Pennsylvania's
    ``inchoate_sections`` does)."""
    return not any(
        p.section_prefix is None and without_object(Citation(p.code, p.section)) is not None
        for members in checked.sets.values()
        for p in members.patterns
    )


def citation_member(a: Any, c: CitationSet, unsure: bool) -> bool | None:
    """``a in c`` for a known value ``a``; ``None`` (unknown) where ``unsure``
    (``Compiler.may_hold_inchoate``) and ``c.membership`` cannot tell (an inchoate section
    written without its object).  The one reading of membership: the evaluator's ``in``, its
    prejudging and the columnar engine's citation tests all ask it."""
    return c.membership(a) if unsure and isinstance(a, Citation) else a in c


def _kleene_not(a: bool | None) -> bool | None:
    return None if a is None else not a


def _kleene_or(a: bool | None, b: bool | None, negate: bool = False) -> bool | None:
    """Kleene ``a or b`` (of ``not a``, ``not b`` with ``negate``)."""
    if negate:
        a, b = _kleene_not(a), _kleene_not(b)
    if a or b:
        return True
    return None if a is None or b is None else False


def _member(a: Any, c: CitationSet, negate: bool) -> Any:
    """``a in c`` (``not in`` if ``negate``) for a known value ``a``: unknown, naming
    ``INCHOATE_OBJECT``, where ``c.membership`` cannot tell."""
    found = citation_member(a, c, True)
    if found is None:
        return _NO_OBJECT
    return found is not negate


def _inchoate_membership(left: Fn, negate: bool, c: CitationSet, this_only: bool) -> Fn:
    """``left in c`` / ``left not in c`` for a set covering inchoate offenses (``_member``);
    an unknown object of another count than the one decided is named with that count
    (``C2/1 inchoate_object``), as its other missing facts are."""

    def membership(env: Env) -> Any:
        a = left(env)
        if a.__class__ is Unknown:
            return a
        if a is NOTHING:
            return False
        found = _member(a, c, negate)
        it = env.this if this_only else env.cur
        if found is _NO_OBJECT and it is not env.this:
            return Unknown(frozenset({f"{it.key} {INCHOATE_OBJECT}"}))
        return found

    return membership


def _field_test(key: str, op: str, c: Any, level: bool, unsure: bool) -> _Test | None:
    """``field OP c`` on a known field value, as ``_compare_constant`` computes it (a
    membership ``unsure``: ``citation_member``)."""
    fields = frozenset({key})
    if op == "in" and unsure:
        return fields, lambda v: citation_member(v[key], c, True)
    if op == "not in" and unsure:
        return fields, lambda v: _kleene_not(citation_member(v[key], c, True))
    if op in ("is", "in", "is not", "not in"):
        member = op in ("in", "not in")
        negate = op in ("is not", "not in")
        return fields, lambda v: ((v[key] in c) if member else (v[key] == c)) is not negate
    if not level:  # an ordered field (a date, a number) has too many values
        return None
    test, ranks = _COMPARE[op], r.LEVEL_ORDER
    bound = ranks[c]
    return fields, lambda v: test(ranks[v[key]], bound)


def _decision_conjuncts(d: n.Decision) -> list[n.Expr]:
    """The conjuncts of a decision's condition (a rule's ``unless`` ones negated)."""
    if isinstance(d, n.Rule):
        when = _conjuncts(d.when) if d.when is not None else []
        return when + [n.Unary("not", u.condition, u.span) for u in d.unless]
    return _conjuncts(d.condition)


def _const(value: Any) -> Fn:
    return lambda env: value


def _field_is_constant(key: str, this_only: bool, membership: bool, c: Any) -> Fn:
    """``field is c`` / ``field in c`` for a count's own field, read and compared in one step
    (the commonest condition there is); unknowns are named as ``_count_field`` names them."""
    unknown_disposition = r.Disposition.UNKNOWN
    get = operator.attrgetter(_ITEM_PATHS[key])
    this_missing = Unknown(frozenset({key}))

    def field_test(env: Env) -> Any:
        it = env.this if this_only else env.cur
        v = get(it)
        if v is None or v is unknown_disposition:
            return this_missing if it is env.this else Unknown(frozenset({f"{it.key} {key}"}))
        return (v in c) if membership else (v == c)

    return field_test


def _count_field(key: str, this_only: bool) -> Fn:
    unknown_disposition = r.Disposition.UNKNOWN
    if key.startswith("person."):
        attr = key.removeprefix("person.")
        missing = Unknown(frozenset({key}))

        def person_field(env: Env) -> Any:
            v = getattr(env.person, attr)
            return missing if v is None else v

        return person_field
    get = operator.attrgetter(_ITEM_PATHS[key])
    this_missing = Unknown(frozenset({key}))

    def field(env: Env) -> Any:
        it = env.this if this_only else env.cur
        v = get(it)
        if v is None or v is unknown_disposition:
            return this_missing if it is env.this else Unknown(frozenset({f"{it.key} {key}"}))
        return v

    return field


def _for_this(fn: Fn) -> Fn:
    """A definition evaluated for the count being decided, wherever it is used."""

    def for_this(env: Env) -> Any:
        if env.depth == 0:
            return fn(env)
        saved, depth = env.cur, env.depth
        env.cur, env.depth = env.this, 0
        try:
            return fn(env)
        finally:
            env.cur, env.depth = saved, depth

    return for_this


def _fact(name: str, this_only: bool) -> Fn:
    key = f"facts.{name}"
    this_missing = Unknown(frozenset({key}))

    def fact(env: Env) -> Any:
        it = env.this if this_only else env.cur
        v = it.count.facts.get(name)
        if v is None:
            return this_missing if it is env.this else Unknown(frozenset({f"{it.key} {key}"}))
        return v

    return fact


def _cases(found: list[tuple[Any, Any]]) -> tuple[int, list[Any], int]:
    """Of (element, membership) pairs: how many cases surely have a member, the memberships
    that could add a case, and how many cases could have one."""
    sure = {el.case.id for el, ok in found if ok is True}
    unsure = [ok for el, ok in found if ok is not True and el.case.id not in sure]
    possible = sure | {el.case.id for el, ok in found if ok is not True}
    return len(sure), unsure, len(possible)


def _citation_given(e: n.Given) -> Fn:
    """``citation is given`` / ``is missing``: a citation the record writes, read or not."""
    this_only = isinstance(e.operand, n.Path) and e.operand.this
    given = e.given

    def citation_given(env: Env) -> Any:
        count = (env.this if this_only else env.cur).count
        return (count.citation is not None or count.citation_text is not None) is given

    return citation_given


def _registration_field(key: str) -> Fn:
    def field(env: Env) -> Any:
        v = getattr(env.cur, key)
        if v is None:
            return Unknown(frozenset({f"registration {key}"}))
        return v

    return field


def _is_conviction(it: Item) -> Any:
    d = it.count.disposition
    if d is None or d is r.Disposition.UNKNOWN:
        return Unknown(frozenset({f"{it.key} disposition"}))
    return d is r.Disposition.CONVICTED


def _later(a: Item, b: Item) -> Any:
    """Whether count ``a`` was disposed of strictly after count ``b``."""
    da, db = a.count.disposition_date, b.count.disposition_date
    if da is None or db is None:
        missing = {f"{x.key} disposition_date" for x, d in ((a, da), (b, db)) if d is None}
        return Unknown(frozenset(missing))
    return da > db


def _and2(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    if a is True and b is True:
        return True
    return unknown(a, b)


def _filter(
    env: Env, found: list[tuple[Any, Any]], where: Fn | None, slot: int | None = None
) -> list[tuple[Any, Any]]:
    """The (element, membership) pairs of ``found`` that ``where`` keeps, with ``where``'s
    value joined to their membership (Kleene ``and``); pairs with a false membership go.
    ``where``'s value is taken from the element's prejudged ``slot`` when its fields decide
    it."""
    if where is None or not found:
        return found
    out: list[tuple[Any, Any]] = []
    saved, depth = env.cur, env.depth
    env.depth = depth + 1
    for el, ok in found:
        judged = el.judged if slot is not None else None
        v = judged[slot] if judged is not None else UNEVALUATED
        if v is UNEVALUATED:
            env.cur = el
            v = where(env)
        elif v.__class__ is Residual:
            env.cur = el
            v = v.condition(env)
        ok = _and2(ok, v)
        if ok is not False:
            out.append((el, ok))
    env.cur, env.depth = saved, depth
    return out


#: Stands for "no count" while evaluating what does not depend on the decided count.
_NOBODY = Item(r.Count(id="-"), r.Case(id="-"))


def _conjuncts(e: n.Expr) -> list[n.Expr]:
    """The parts of ``a and b and …``."""
    if isinstance(e, n.Binary) and e.op == "and":
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]


def _not(fn: Fn) -> Fn:
    def negate(env: Env) -> Any:
        v = fn(env)
        return v if isinstance(v, Unknown) else not v

    return negate


def _all(fns: list[Fn]) -> Fn:
    if not fns:
        return lambda env: True
    if len(fns) == 1:
        return fns[0]
    if len(fns) == 2:
        f, g = fns

        def conj2(env: Env) -> Any:
            a = f(env)
            if a is False:
                return False
            b = g(env)
            if b is False:
                return False
            if a is True and b is True:
                return True
            return unknown(a, b)

        return conj2

    def conj(env: Env) -> Any:
        unsure: list[Any] = []
        for f in fns:
            v = f(env)
            if v is False:
                return False
            if v is not True:
                unsure.append(v)
        return unknown(*unsure) if unsure else True

    return conj


def _any(fns: list[Fn]) -> Fn:
    if len(fns) == 2:
        f, g = fns

        def disj2(env: Env) -> Any:
            a = f(env)
            if a is True:
                return True
            b = g(env)
            if b is True:
                return True
            if a is False and b is False:
                return False
            return unknown(a, b)

        return disj2

    def disj(env: Env) -> Any:
        unsure: list[Any] = []
        for f in fns:
            v = f(env)
            if v is True:
                return True
            if v is not False:
                unsure.append(v)
        return unknown(*unsure) if unsure else False

    return disj


def _if(cond: Fn, then: Fn, otherwise: Fn) -> Fn:
    def choose(env: Env) -> Any:
        c = cond(env)
        if c is True:
            return then(env)
        if c is False:
            return otherwise(env)
        a, b = then(env), otherwise(env)
        if not isinstance(a, Unknown) and type(a) is type(b) and a == b:
            return a
        return unknown(c, a, b)

    return choose


def _strict2(left: Fn, right: Fn, op: Callable[[Any, Any], Any], nothing: Any = False) -> Fn:
    """Apply ``op`` to two known values: an unknown side gives unknown; a side that does not
    exist (``NOTHING``) gives ``nothing`` (false for a comparison, ``NOTHING`` for arithmetic)."""

    def apply(env: Env) -> Any:
        a, b = left(env), right(env)
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return unknown(a, b)
        if a is NOTHING or b is NOTHING:
            return nothing
        return op(a, b)

    return apply


def _extreme_list(kind: str, fns: list[Fn]) -> Fn:
    pick = max if kind == "latest" else min

    def extreme(env: Env) -> Any:
        values = [f(env) for f in fns]
        unsure = [v for v in values if isinstance(v, Unknown)]
        if unsure:
            return unknown(*unsure)
        known = [v for v in values if v is not NOTHING]
        return pick(known) if known else NOTHING

    return extreme


def _traced(node: n.Expr, fn: Fn) -> Fn:
    """``fn``, recording its value for the count being decided in ``env.trace``, by the id of
    ``node`` (nodes live as long as their statute; hashing one would walk the whole tree)."""
    key = id(node)

    def record(env: Env) -> Any:
        v = fn(env)
        if env.trace is not None and env.depth == 0:
            env.trace[key] = v
        return v

    return record


def parameter_values(compiled: CompiledStatute, env: Env, day: date) -> dict[str, Any]:
    """Each parameter's value in force on ``day``."""
    values: dict[str, Any] = {}
    for name, versions in compiled.parameters.items():
        chosen = versions[0][1]
        for start, fn in versions[1:]:
            if start is not None and day >= start:
                chosen = fn
        values[name] = chosen(env)
    return values


def parameter_periods(compiled: CompiledStatute) -> tuple[date, ...]:
    """The dates on which some parameter changes value, in order."""
    return tuple(sorted({s for versions in compiled.parameters.values() for s, _ in versions if s}))


def compile_statute(checked: CheckedStatute, traced: bool = False) -> CompiledStatute:
    """Compile a checked statute into closures (``traced`` records values for explanations)."""
    return _Compiler(checked, traced).statute()
