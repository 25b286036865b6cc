"""A checked statute's expressions as DuckDB SQL, three-valued: SQL ``NULL`` is unknown.

Kleene's ``and``/``or``/``not`` are SQL's own.  A value that does not exist (``latest … of``
an empty collection: ``NOTHING`` in ``clearlaw.compile``) is ``NULL`` too, told apart by a
second SQL expression, its ``nothing`` flag (the constant ``FALSE`` for the many values that
always exist, so the common case stays plain SQL).

Every collection (a quantifier, ``latest … of``, a ``waiting … restarted by``) becomes a
correlated subquery over the person's counts or registrations, *hoisted*: computed once per
count being decided, as a column of its own stage (``Compiler.hoisted``), which later stages
read.  Citation tests are columns of a lookup table worked out by the Python matcher
(``CitationTest``).  What this compiler cannot express exactly raises ``UnsupportedConstruct``
naming the construct and its file:line — never a different answer.

Which counts the SQL cannot decide (needs_review) is not worked out here: ``engine`` hands
those people to the Python evaluator, so no list of missing facts is carried.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.check import BOOLEAN, CITATION, DATE, DURATION, LEVEL, NUMBER, TEXT, CheckedStatute
from clearlaw.citations import CitationSet
from clearlaw.compile import citation_member, objects_unknown
from clearlaw.dates import DateConvention, Duration, date

__all__ = ["CitationTest", "Compiler", "Hoist", "UnsupportedConstruct", "V", "literal", "macros"]


class UnsupportedConstruct(Exception):
    """A construct the columnar backend cannot compile exactly: ``construct`` at ``span``."""

    def __init__(self, construct: str, span: n.Span) -> None:
        super().__init__(
            f"{span.file}:{span.line}:{span.column}: the columnar engine cannot compile"
            f" {construct}; use --engine python"
        )
        self.construct = construct
        self.span = span


@attrs.frozen
class V:
    """A compiled value: its SQL, and the SQL of "it does not exist" (``nothing``)."""

    sql: str
    nothing: str = "FALSE"

    @property
    def unknown(self) -> str:
        if self.nothing == "FALSE":
            return f"(({self.sql}) IS NULL)"
        return f"(({self.sql}) IS NULL AND NOT ({self.nothing}))"


@attrs.frozen
class Hoist:
    """A column ``name`` of the count decided (``t``): ``sql`` aggregated over the elements
    of ``join`` (``base e ON …``), or, without ``join``, an expression of ``t``.  ``kept``:
    the elements ``sql`` reads at all (an element for which it is false adds nothing to any
    of its aggregates), so that the rows of the join that no value of a stage keeps are left
    out before aggregating (``None``: every row).  ``pre``: the part of ``kept`` that reads
    the element alone, not ``t`` (an element for which it is false is not kept), by which
    the elements are filtered before they are joined (``None``: no such part)."""

    name: str
    sql: str
    join: str | None
    kept: str | None = None
    pre: str | None = None


@attrs.frozen
class CitationTest:
    """``citation OP constant`` as a column of the citation lookup (``column``), worked out
    per distinct citation by ``test`` (``None``: unknown, for an unknown citation or an
    inchoate section written without its object: ``compile.citation_member``)."""

    column: str
    registration: bool
    test: Callable[[Any], bool | None]


def macros(convention: DateConvention) -> tuple[str, ...]:
    """The SQL macros of the date convention (``clearlaw.dates``)."""
    shifted = "CAST(d + to_months(m) AS DATE)"
    if convention is DateConvention.ROLL_FORWARD:  # a missing day: the 1st of the next month
        shift = f"CASE WHEN day({shifted}) < day(d) THEN {shifted} + 1 ELSE {shifted} END"
        anniversary = "301"
    else:  # DuckDB keeps the last day of the month
        shift = shifted
        anniversary = "228"
    leap = "(year(b) % 4 = 0 AND (year(b) % 100 <> 0 OR year(b) % 400 = 0))"
    return (
        "CREATE OR REPLACE MACRO cl_months(i) AS"
        " CAST(datepart('year', i) * 12 + datepart('month', i) AS INTEGER)",
        f"CREATE OR REPLACE MACRO cl_shift(d, m) AS CASE WHEN m = 0 THEN d ELSE {shift} END",
        "CREATE OR REPLACE MACRO cl_add(d, i) AS"
        " CAST(cl_shift(d, cl_months(i)) + CAST(datepart('day', i) AS INTEGER) AS DATE)",
        "CREATE OR REPLACE MACRO cl_sub(d, i) AS"
        " CAST(cl_shift(d, -cl_months(i)) - CAST(datepart('day', i) AS INTEGER) AS DATE)",
        "CREATE OR REPLACE MACRO cl_yp(a, b) AS year(b) - year(a) - CASE WHEN"
        " month(b) * 100 + day(b) < CASE WHEN month(a) = 2 AND day(a) = 29 AND NOT"
        f" {leap} THEN {anniversary} ELSE month(a) * 100 + day(a) END THEN 1 ELSE 0 END",
        "CREATE OR REPLACE MACRO cl_years(a, b) AS"
        " CASE WHEN b < a THEN -cl_yp(b, a) ELSE cl_yp(a, b) END",
    )


def literal(value: Any) -> str:
    """A Python value of a statute as a SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Duration):
        return f"INTERVAL '{value.years * 12 + value.months} months {value.days} days'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(type(value))


#: Record field (as a statute names it) → column of the counts table (``layout``).
def column(key: str) -> str:
    return key.replace(".", "_")


_LEVEL_RANK = (
    "CASE {x} "
    + " ".join(f"WHEN '{lv.value}' THEN {k}" for lv, k in r.LEVEL_ORDER.items())
    + " END"
)

_ORDER_OPS = {
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "before": "<",
    "after": ">",
    "on or before": "<=",
    "on or after": ">=",
}

#: Aliases: the count being decided, a count element, a registration element.
THIS, ELEMENT, REGISTRATION = "t", "e", "g"


def _strict(a: V, b: V, sql: str, nothing_gives: str) -> V:
    """``sql`` over two values: unknown if either is; ``nothing_gives`` (``FALSE`` for a
    comparison, ``NULL`` for arithmetic, which then does not exist) if either does not exist."""
    if a.nothing == "FALSE" and b.nothing == "FALSE":
        return V(sql)
    unknown = f"({a.unknown} OR {b.unknown})"
    gone = f"(({a.nothing}) OR ({b.nothing}))"
    if nothing_gives == "FALSE":
        return V(f"CASE WHEN {unknown} THEN NULL WHEN {gone} THEN FALSE ELSE {sql} END")
    return V(
        f"CASE WHEN {unknown} OR {gone} THEN NULL ELSE {sql} END", f"(NOT {unknown} AND {gone})"
    )


def _of_own_case(e: n.Expr) -> bool:
    """Whether ``e`` is over the counts of the case of the count in context (``in the same
    case``)."""
    c = e.collection if isinstance(e, n.Quantifier | n.ExtremeOf) else None
    if isinstance(e, n.Waiting):
        c = e.restart
    return c is not None and c.relation == "same_case"


def _as(sql: str, alias: str) -> str:
    """A hoisted column's reference (``t.h_3``) read off another row (``e.h_3``)."""
    return alias + sql[len(THIS) :] if sql.startswith(f"{THIS}.h_") else sql


class Compiler:
    """Compiles one checked statute's expressions under given parameter values."""

    def __init__(self, checked: CheckedStatute, as_of: date) -> None:
        self.checked = checked
        self.st = checked.statute
        self.objects_unknown = objects_unknown(checked)
        self.as_of = as_of
        self.effective = self.st.header.effective[0] if self.st.header.effective else date.min
        self.defines = {d.name: d for d in self.st.defines}
        self.facts = {f.name: f for f in self.st.facts}
        self.citation_tests: dict[tuple[Any, ...], CitationTest] = {}
        self.facts_read: set[str] = set()
        #: values computed once per count decided, in the order they can be computed
        self.hoisted: list[Hoist] = []
        self._hoist_keys: dict[str, str] = {}
        self.params: Mapping[str, Any] = {}

    # ------------------------------------------------------------------ entry points
    def condition(self, e: n.Expr, params: Mapping[str, Any]) -> str:
        """A boolean expression for the count being decided."""
        self.params = params
        return self.expr(e, THIS).sql

    def value(self, e: n.Expr, params: Mapping[str, Any]) -> V:
        self.params = params
        return self.expr(e, THIS)

    # ------------------------------------------------------------------ expressions
    def expr(self, e: n.Expr, cur: str) -> V:
        if cur != THIS and _of_own_case(e):
            return self.element_column(e, cur)
        if isinstance(e, n.Literal):
            return V(literal(e.value))
        if isinstance(e, n.Path):
            return self.path(e, cur)
        if isinstance(e, n.Unary):
            return V(f"(NOT {self.expr(e.operand, cur).sql})")
        if isinstance(e, n.Binary):
            return self.binary(e, cur)
        if isinstance(e, n.IfThenElse):
            return self.if_then_else(e, cur)
        if isinstance(e, n.Within):
            return self.within(e, cur)
        if isinstance(e, n.Quantifier):
            return self.quantifier(e, cur)
        if isinstance(e, n.ExtremeOf):
            return self.extreme_of(e, cur)
        if isinstance(e, n.ExtremeList):
            return self.extreme_list(e, cur)
        if isinstance(e, n.Waiting):
            return self.waiting(e, cur)
        if isinstance(e, n.AgeOn):
            return self.age_on(e, cur)
        if isinstance(e, n.Given):
            where = THIS if isinstance(e.operand, n.Path) and e.operand.this else cur
            negate = "NOT " if e.given else ""
            return V(f"(nullif(trim({where}.citation_text), '') IS {negate}NULL)")
        if isinstance(e, n.YearsBetween):
            a, b = self.expr(e.start, cur), self.expr(e.end, cur)
            return _strict(a, b, f"cl_years({a.sql}, {b.sql})", "NULL")
        raise UnsupportedConstruct(type(e).__name__, e.span)

    def path(self, p: n.Path, cur: str) -> V:
        ref = self.checked.refs[p]
        if ref.kind == "constant":
            return V(literal(str(ref.value)))
        if ref.kind == "parameter":
            return V(literal(self.params[ref.key]))
        if ref.kind == "global":
            return V(literal(self.as_of if ref.key == "as_of" else self.effective))
        if ref.kind == "define":
            body = self.defines[ref.key].value
            where = THIS if ref.value == "this" or p.this else cur
            if where == ELEMENT and self.same_for_element(body):
                return self.element_column(body, where)
            v = self.expr(body, where)
            if where != THIS or len(v.sql) < 200:
                return v
            # computed once per count, not written out at every use
            return self.column_of(v)
        where = THIS if p.this else cur
        if ref.kind == "fact":
            fact = self.facts[ref.key]
            if fact.type not in (BOOLEAN, NUMBER, TEXT) or where == REGISTRATION:
                raise UnsupportedConstruct(f"a fact of type {fact.type} (`{p.dotted}`)", p.span)
            self.facts_read.add(ref.key)
            return V(f"{where}.fact_{ref.key}")
        if ref.value == "registration":
            if ref.key == CITATION:
                raise UnsupportedConstruct("a registration's citation outside a test", p.span)
            return V(f"{REGISTRATION}.{ref.key}")
        if ref.key == CITATION:
            raise UnsupportedConstruct(
                "a citation compared with something other than a constant", p.span
            )
        if ref.key.startswith("person."):
            return V(f"{THIS}.{column(ref.key)}")
        return V(f"{where}.{column(ref.key)}")

    def element_column(self, e: n.Expr, cur: str) -> V:
        """``e`` for the element ``cur``, when its value for an element is its value for that
        count: a column of every count, read off the element's row (not written out inside
        the collection)."""
        if cur != ELEMENT or not self.same_for_element(e):
            raise UnsupportedConstruct(
                "`in the same case` inside a collection, where it reads the count decided", e.span
            )
        v = self.column_of(self.expr(e, THIS))
        return V(_as(v.sql, ELEMENT), _as(v.nothing, ELEMENT))

    def column_of(self, v: V) -> V:
        """``v`` (of the count decided) computed once per count, as hoisted columns."""
        nothing = v.nothing if v.nothing in ("FALSE", "TRUE") else self.hoist(v.nothing)
        return V(self.hoist(v.sql), nothing)

    def same_for_element(self, e: object) -> bool:
        """Whether ``e``'s value for an element is its value when that element is the count
        decided: no ``this``, no collection relative to the count decided (``other``,
        ``subsequent to``/``before this count``), definitions looked into."""
        for node in n.walk(e):
            if isinstance(node, n.Collection) and (
                node.other or node.relation not in (None, "same_case")
            ):
                return False
            if isinstance(node, n.Path):
                if node.this:
                    return False
                ref = self.checked.refs.get(node)
                if ref is None or ref.kind != "define":
                    continue
                if ref.value == "this" or not self.same_for_element(self.defines[ref.key].value):
                    return False
        return True

    def constant(self, e: n.Expr) -> tuple[bool, Any]:
        """(True, value) when ``e`` is the same for every count (as ``clearlaw.compile``)."""
        return self.checked.constant(e)

    def binary(self, e: n.Binary, cur: str) -> V:
        op = e.op
        if op in ("and", "or"):
            a, b = self.expr(e.left, cur), self.expr(e.right, cur)
            return V(f"({a.sql} {op.upper()} {b.sql})")
        kind = self.checked.types.get(e.left)
        if kind == CITATION:
            return self.citation_test(e, cur)
        is_const, value = self.constant(e.right)
        a = self.expr(e.left, cur)
        if op in ("in", "not in"):
            if not is_const or not isinstance(value, frozenset):
                raise UnsupportedConstruct(f"`{op}` with a value that is not a list", e.span)
            items = ", ".join(literal(x) for x in sorted(value, key=str)) or "NULL"
            neg = "NOT " if op == "not in" else ""
            return _strict(a, V("TRUE"), f"({a.sql} {neg}IN ({items}))", "FALSE")
        b = (
            V(
                literal(
                    str(value)
                    if isinstance(value, r.Level | r.Disposition | r.CaseStatus)
                    else value
                )
            )
            if is_const
            else self.expr(e.right, cur)
        )
        if op in ("+", "-"):
            right_kind = self.checked.types.get(e.right)
            if kind == DATE:
                fn = "cl_add" if op == "+" else "cl_sub"
                return _strict(a, b, f"{fn}({a.sql}, {b.sql})", "NULL")
            if kind not in (NUMBER, DURATION) or right_kind not in (NUMBER, DURATION):
                raise UnsupportedConstruct(f"`{op}` on {kind}", e.span)
            return _strict(a, b, f"({a.sql} {op} {b.sql})", "NULL")
        if op in ("is", "is not"):
            sql_op = "=" if op == "is" else "<>"
            return _strict(a, b, f"({a.sql} {sql_op} {b.sql})", "FALSE")
        if op in _ORDER_OPS:
            x, y = a.sql, b.sql
            if kind == LEVEL:
                x, y = _LEVEL_RANK.format(x=x), _LEVEL_RANK.format(x=y)
            return _strict(a, b, f"({x} {_ORDER_OPS[op]} {y})", "FALSE")
        raise UnsupportedConstruct(f"the operator `{op}`", e.span)

    def citation_test(self, e: n.Binary, cur: str) -> V:
        is_const, value = self.constant(e.right)
        if not is_const or e.op not in ("is", "is not", "in", "not in"):
            raise UnsupportedConstruct(
                "a citation compared with something other than a constant", e.span
            )
        registration = cur == REGISTRATION and not (isinstance(e.left, n.Path) and e.left.this)
        key = (registration, e.op, id(value))
        found = self.citation_tests.get(key)
        if found is None:
            member, negate = e.op in ("in", "not in"), e.op in ("is not", "not in")
            unsure = (
                self.objects_unknown and isinstance(value, CitationSet) and bool(value.inchoate)
            )

            def test(
                a: Any, c: Any = value, member: bool = member, negate: bool = negate
            ) -> bool | None:
                found = citation_member(a, c, unsure) if member else a == c
                return None if found is None else found is not negate

            found = CitationTest(f"cit_{len(self.citation_tests)}", registration, test)
            self.citation_tests[key] = found
        where = THIS if isinstance(e.left, n.Path) and e.left.this else cur
        return V(f"{where}.{found.column}")

    def if_then_else(self, e: n.IfThenElse, cur: str) -> V:
        c = self.expr(e.condition, cur).sql
        a, b = self.expr(e.then, cur), self.expr(e.otherwise, cur)
        both_gone = f"(({a.nothing}) AND ({b.nothing}))"
        sql = (
            f"CASE WHEN ({c}) IS TRUE THEN {a.sql} WHEN ({c}) IS FALSE THEN {b.sql}"
            f" WHEN {a.sql} = {b.sql} THEN {a.sql} ELSE NULL END"
        )
        if a.nothing == "FALSE" and b.nothing == "FALSE":
            return V(sql)
        nothing = (
            f"CASE WHEN ({c}) IS TRUE THEN {a.nothing} WHEN ({c}) IS FALSE THEN {b.nothing}"
            f" ELSE {both_gone} END"
        )
        return V(sql, nothing)

    def within(self, e: n.Within, cur: str) -> V:
        a, d, b = self.expr(e.left, cur), self.expr(e.length, cur), self.expr(e.right, cur)
        low = f"cl_sub({b.sql}, {d.sql})" if e.direction in ("of", "before") else b.sql
        high = f"cl_add({b.sql}, {d.sql})" if e.direction in ("of", "after") else b.sql
        gone = f"(({a.nothing}) OR ({b.nothing}))"
        return V(
            f"CASE WHEN {gone} THEN FALSE WHEN {a.unknown} OR {d.unknown} OR {b.unknown}"
            f" THEN NULL ELSE ({a.sql} BETWEEN {low} AND {high}) END"
        )

    # ------------------------------------------------------------------ collections
    def members(self, c: n.Collection) -> tuple[str, str, str, str | None]:
        """(the join of the elements to the count decided ``t``, their membership (Kleene:
        NULL is unsure), the elements' alias, the membership's conjuncts that read the
        element alone: ``Hoist.pre``)."""
        # whatever the element in context, a collection is the same for the count decided:
        # its `where` reads its own elements and `this`; `other` and the relation read `this`
        if c.kind == "registrations":
            ok = self.expr(c.where, REGISTRATION).sql if c.where is not None else "TRUE"
            return (
                f"registrations {REGISTRATION} ON {REGISTRATION}.pid = {THIS}.pid",
                ok,
                REGISTRATION,
                self._own(c.where, REGISTRATION, []),
            )
        parts = []
        if c.kind == "convictions":
            parts.append(f"{ELEMENT}.disposition = 'convicted'")
        if c.relation == "subsequent":
            parts.append(f"{ELEMENT}.disposition_date > {THIS}.disposition_date")
        elif c.relation == "earlier":
            parts.append(f"{THIS}.disposition_date > {ELEMENT}.disposition_date")
        elif c.relation == "same_case":  # of the count in context: `element_column`
            parts.append(f"{ELEMENT}.case_id = {THIS}.case_id")
        if c.where is not None:
            parts.append(self.expr(c.where, ELEMENT).sql)
        ok = " AND ".join(f"({p})" for p in parts) or "TRUE"
        other = f" AND {ELEMENT}.ord <> {THIS}.ord" if c.other else ""
        own = [p for p in parts[:1] if c.kind == "convictions"]
        pre = self._own(c.where, ELEMENT, own)
        return f"base {ELEMENT} ON {ELEMENT}.pid = {THIS}.pid{other}", ok, ELEMENT, pre

    def _own(self, where: n.Expr | None, alias: str, own: list[str]) -> str | None:
        """The conjuncts ``own`` and those of ``where`` (split at its top-level ``and``s) that
        read the element ``alias`` alone, not the count decided, as one condition (``None``:
        none).  Kleene: where one of them is false, so is the membership."""
        stack = [where] if where is not None else []
        while stack:
            e = stack.pop()
            if isinstance(e, n.Binary) and e.op == "and":
                stack += [e.right, e.left]
                continue
            sql = self.expr(e, alias).sql
            if not re.search(rf"\b{THIS}\.", sql):
                own.append(sql)
        return " AND ".join(f"({p})" for p in own) or None

    def hoist(
        self, sql: str, join: str | None = None, kept: str | None = None, pre: str | None = None
    ) -> str:
        """A value computed once per count decided, as its own column: an aggregate over the
        elements ``join``ed to it (a count without elements gets ``NULL``) of which it reads
        only those ``kept`` (``Hoist.kept``; ``pre``: its part that reads the element alone),
        or (``join`` ``None``) an expression of earlier ones."""
        key = f"{sql} FROM {join}"
        name = self._hoist_keys.get(key)
        if name is None:
            name = f"h_{len(self.hoisted)}"
            self.hoisted.append(Hoist(name, sql, join, kept, pre))
            self._hoist_keys[key] = name
        return f"{THIS}.{name}"

    def quantifier(self, q: n.Quantifier, cur: str) -> V:
        join, ok, _, pre = self.members(q.collection)
        if q.cases:  # distinct cases: surely with a member (s), possibly with one (p)
            case = f"{ELEMENT}.case_id"
            counted = (
                f"{{'s': count(DISTINCT CASE WHEN {ok} THEN {case} END),"
                f" 'p': count(DISTINCT CASE WHEN ({ok}) IS NOT FALSE THEN {case} END)}}"
            )
        else:
            counted = f"{{'s': count_if({ok}), 'u': count(*) - count({ok})}}"
        h = self.hoist(counted, join, f"({ok}) IS NOT FALSE", pre)
        sure = f"coalesce({h}.s, 0)"
        unsure = f"(coalesce({h}.p, 0) - {sure})" if q.cases else f"coalesce({h}.u, 0)"
        if q.kind == "number":
            return V(f"CASE WHEN {unsure} > 0 THEN NULL ELSE {sure} END")
        if q.kind in ("any", "no"):
            need = "1"
        elif q.least_name is not None:
            need = self.path(q.least_name, cur).sql
        else:
            need = str(q.least)
        sql = (
            f"CASE WHEN {sure} >= {need} THEN TRUE WHEN {sure} + {unsure} < {need} THEN FALSE"
            " ELSE NULL END"
        )
        return V(f"(NOT {sql})" if q.kind == "no" else sql)

    def extreme_of(self, e: n.ExtremeOf, cur: str) -> V:
        join, ok, alias, pre = self.members(e.collection)
        v = self.expr(e.value, alias)
        pick = "max" if e.kind == "latest" else "min"
        h = self.hoist(
            f"{{'su': count_if(({ok}) AND {v.unknown}), 'b': {pick}({v.sql}) FILTER (WHERE {ok}),"
            f" 'uu': count_if(({ok}) IS NULL AND {v.unknown}),"
            f" 'um': {pick}({v.sql}) FILTER (WHERE ({ok}) IS NULL)}}",
            join,
            f"({ok}) IS NOT FALSE",
            pre,
        )
        beyond = ">" if e.kind == "latest" else "<"
        unsure = (
            f"(coalesce({h}.su, 0) > 0 OR coalesce({h}.uu, 0) > 0 OR ({h}.um IS NOT NULL"
            f" AND ({h}.b IS NULL OR {h}.um {beyond} {h}.b)))"
        )
        return V(
            f"CASE WHEN {unsure} THEN NULL ELSE {h}.b END", f"(NOT {unsure} AND {h}.b IS NULL)"
        )

    def extreme_list(self, e: n.ExtremeList, cur: str) -> V:
        values = [self.expr(x, cur) for x in e.items]
        unknown = " OR ".join(v.unknown for v in values)
        pick = "greatest" if e.kind == "latest" else "least"
        best = f"{pick}({', '.join(v.sql for v in values)})"
        return V(
            f"CASE WHEN {unknown} THEN NULL ELSE {best} END",
            f"(NOT ({unknown}) AND {best} IS NULL)",
        )

    def waiting(self, e: n.Waiting, cur: str) -> V:
        p, s = self.expr(e.period, cur), self.expr(e.start, cur)
        f = self.expr(e.floor, cur) if e.floor is not None else V("NULL", "TRUE")

        def end_of(begin: str) -> str:
            end = f"cl_add({begin}, {p.sql})"
            return (
                end
                if f.sql == "NULL"
                else f"CASE WHEN {f.nothing} THEN {end} ELSE greatest({end}, {f.sql}) END"
            )

        unknown = f"({p.unknown} OR {s.unknown} OR {f.unknown})"
        end = end_of(s.sql)
        if e.restart is None or e.restart_from is None:
            return V(
                f"CASE WHEN {unknown} THEN NULL ELSE {end} END",
                f"(NOT {unknown} AND ({s.nothing}))",
            )
        join, ok, alias, pre = self.members(e.restart)
        x = self.expr(e.restart_from, alias)
        when = f"{alias}.disposition_date"
        kept = f"({ok}) IS NOT FALSE"
        h = self.hoist(
            f"{{'bad': bool_or({kept} AND {when} IS NULL AND ({x.unknown} OR {x.sql} > ({s.sql}))),"
            # sorted by (date, place): `list_sort` of the structs, not `list(… ORDER BY …)`,
            # an ordered aggregate that costs twice as much (docs/columnar.md, "Measured")
            f" 'l': list_sort(list({{'w': {when}, 'o': {alias}.ord, 'v': {x.sql},"
            f" 'vu': {x.unknown}, 'ok': {ok}, 'ev': {end_of(x.sql)}}})"
            f" FILTER (WHERE {kept} AND {when} IS NOT NULL))}}",
            join,
            kept,
            pre,
        )
        fold = (
            f"list_reduce(coalesce({h}.l, []), lambda acc, x: CASE WHEN acc.st <> 0 THEN acc"
            " WHEN x.w >= acc.e THEN {'s': acc.s, 'e': acc.e, 'st': 1}"
            " WHEN x.vu THEN {'s': acc.s, 'e': acc.e, 'st': 2}"
            " WHEN x.v IS NULL OR x.v <= acc.s THEN acc"
            " WHEN x.ok IS NULL THEN {'s': acc.s, 'e': acc.e, 'st': 2}"
            " ELSE {'s': x.v, 'e': x.ev, 'st': 0} END,"
            f" {{'s': {s.sql}, 'e': {end}, 'st': 0}})"
        )
        z = self.hoist(fold)
        return V(
            f"CASE WHEN {unknown} OR ({s.nothing}) OR coalesce({h}.bad, FALSE) OR {z}.st = 2"
            f" THEN NULL ELSE {z}.e END",
            f"(NOT {unknown} AND ({s.nothing}))",
        )

    def age_on(self, e: n.AgeOn, cur: str) -> V:
        d = self.expr(e.when, cur)
        born = f"{THIS}.person_birth_date"
        return V(
            f"CASE WHEN {born} IS NULL OR {d.unknown} OR ({d.nothing}) THEN NULL"
            f" ELSE cl_years({born}, {d.sql}) END",
            f"({born} IS NOT NULL AND ({d.nothing}))",
        )
