"""Check a statute before it runs: names, types, record fields, priorities, reachability.

``check_statute`` collects every problem in one pass and raises ``StatuteError`` when there is
any error; otherwise it returns a ``CheckedStatute``: the tree plus what the compiler needs
(what each name refers to, the type of each expression, the order in which decisions apply).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.citations import (
    CitationError,
    CitationPattern,
    CitationSet,
    parse_citation,
    parse_pattern,
)
from clearlaw.dates import Duration, date
from clearlaw.derive import unrecognized_classes
from clearlaw.diagnostics import Diagnostic, StatuteError, did_you_mean
from clearlaw.jurisdictions import registry

__all__ = [
    "COUNT_FIELDS",
    "REGISTRATION_FIELDS",
    "CheckedStatute",
    "Ref",
    "check_logic",
    "check_statute",
]

BOOLEAN, NUMBER, TEXT, DATE, DURATION = "boolean", "number", "text", "date", "duration"
LEVEL, DISPOSITION, STATUS, CITATION, SET, LIST = (
    "level",
    "disposition",
    "status",
    "citation",
    "citation set",
    "list",
)
DECLARABLE_TYPES = (BOOLEAN, NUMBER, TEXT, DATE, DURATION)

#: Record fields a statute may read about a count (and its case and person).
COUNT_FIELDS: Mapping[str, str] = {
    "id": TEXT,
    "citation": CITATION,
    "description": TEXT,
    "level": LEVEL,
    "class": TEXT,
    "max_penalty_days": NUMBER,
    "offense_date": DATE,
    "disposition": DISPOSITION,
    "disposition_date": DATE,
    "sentence.imposed_date": DATE,
    "sentence.incarcerated": BOOLEAN,
    "sentence.incarceration_release_date": DATE,
    "sentence.supervised": BOOLEAN,
    "sentence.supervision_end_date": DATE,
    "sentence.completion_date": DATE,
    "sentence.prison": BOOLEAN,
    "sentence.probation_revoked": BOOLEAN,
    "sentence.probation_revoked_date": DATE,
    "financial.restitution_ordered": BOOLEAN,
    "financial.restitution_paid": BOOLEAN,
    "financial.restitution_paid_date": DATE,
    "financial.fines_paid": BOOLEAN,
    "financial.fines_paid_date": DATE,
    "domestic_violence": BOOLEAN,
    "with_prejudice": BOOLEAN,
    "arrest_date": DATE,
    "case.id": TEXT,
    "case.jurisdiction": TEXT,
    "case.county": TEXT,
    "case.status": STATUS,
    "person.id": TEXT,
    "person.birth_date": DATE,
    "person.death_date": DATE,
    "person.deceased": BOOLEAN,
}

#: Fields of a registration (inside ``registrations where …``).
REGISTRATION_FIELDS: Mapping[str, str] = {"kind": TEXT, "citation": CITATION, "date": DATE}

GLOBALS: Mapping[str, str] = {"as_of": DATE, "effective_date": DATE}

CONSTANTS: Mapping[str, tuple[str, object]] = {
    **{lv.value: (LEVEL, lv) for lv in r.Level},
    **{d.value: (DISPOSITION, d) for d in r.Disposition if d is not r.Disposition.UNKNOWN},
    **{s.value: (STATUS, s) for s in r.CaseStatus},
}

_ORDERED = {NUMBER, DATE, LEVEL}
_DATE_OPS = {"before", "after", "on or before", "on or after"}
_COMPARE_OPS = {"<", "<=", ">", ">="}
#: A citation pattern read (the same texts are read again at every check of a statute).
_pattern = functools.lru_cache(maxsize=1 << 16)(parse_pattern)
#: The type of a presumed value, by its Python type.
_LITERAL_TYPES: Mapping[type, str] = {
    bool: BOOLEAN,
    int: NUMBER,
    float: NUMBER,
    str: TEXT,
    date: DATE,
}


@attrs.frozen
class Ref:
    """What a name refers to: ``kind`` is field, fact, parameter, set, define, constant or
    global; ``key`` the field path or name; ``value`` a constant's value."""

    kind: str
    key: str
    value: object = None


@attrs.frozen
class CheckedStatute:
    """A statute that passed the checker, with what the compiler needs."""

    statute: n.Statute
    refs: Mapping[n.Path, Ref]
    types: Mapping[object, str]
    sets: Mapping[str, CitationSet]
    literal_citations: Mapping[object, object]
    order: tuple[n.Decision, ...]
    warnings: tuple[Diagnostic, ...]

    def constant(self, e: n.Expr) -> tuple[bool, Any]:
        """``(True, value)`` when ``e`` has the same value for every count and date (a
        literal, a list, a constant, a set), else ``(False, None)``."""
        lit = self.literal_citations.get(e)
        if lit is not None:
            return True, lit
        if isinstance(e, n.Literal):
            return True, e.value
        if isinstance(e, n.ListLiteral):
            return True, frozenset(e.items)
        if isinstance(e, n.Path):
            ref = self.refs[e]
            if ref.kind == "constant":
                return True, ref.value
            if ref.kind == "set":
                return True, self.sets[ref.key]
        return False, None


class _Checker:
    def __init__(self, statute: n.Statute) -> None:
        self.st = statute
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.refs: dict[n.Path, Ref] = {}
        self.types: dict[object, str] = {}
        self.literal_citations: dict[object, object] = {}
        self.params = {p.name: p for p in statute.parameters}
        self.setdecls = {s.name: s for s in statute.sets}
        self.defines = {d.name: d for d in statute.defines}
        self.facts = {f.name: f for f in statute.facts}
        self.outcomes = {o.name: o for o in statute.outcomes}
        self.define_types: dict[str, str] = {}
        self._define_stack: list[str] = []

    def error(self, span: n.Span, message: str, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(span, message, hint))

    def warn(self, span: n.Span, message: str, hint: str | None = None) -> None:
        self.warnings.append(Diagnostic(span, message, hint, severity="warning"))

    # ------------------------------------------------------------------ declarations
    def run(self, logic: bool = True) -> CheckedStatute:
        st = self.st
        self.check_duplicates()
        self.check_outcomes()
        sets = self.check_sets()
        for f in st.facts:
            if f.type not in DECLARABLE_TYPES:
                self.error(f.span, f"unknown type `{f.type}`")
            elif f.presumed is not None:
                self.check_presumption(f, f.presumed)
        for p in st.parameters:
            self.check_parameter(p)
        for define in st.defines:
            self.define_type(define.name)
        if st.scope is None:
            self.error(st.header.span, "the statute needs an `applies to each count where …` line")
        else:
            self.expect_type(st.scope.condition, BOOLEAN, "the `applies to` condition")
        for d in st.decisions:
            self.check_decision(d)
        self.check_classes()
        order = self.priority_order()
        if logic and not self.errors:
            _Logic(self, order).run()
        self.stop_if_errors()
        return CheckedStatute(
            statute=st,
            refs=self.refs,
            types=self.types,
            sets=sets,
            literal_citations=self.literal_citations,
            order=order,
            warnings=tuple(self.warnings),
        )

    def stop_if_errors(self) -> None:
        """Raise ``StatuteError`` with every problem found, if any is an error."""
        if self.errors:
            st = self.st
            raise StatuteError(
                self.errors + self.warnings, {st.path: st.source, **dict(st.sources)}
            )

    def check_presumption(self, fact: n.Fact, presumed: n.Presumption) -> None:
        """``presumed VALUE § citation``: a value of the fact's type, and the law that says so."""
        value = presumed.value.value
        got = _LITERAL_TYPES.get(type(value))
        if fact.type == DURATION or got != (NUMBER if fact.type == NUMBER else fact.type):
            self.error(
                presumed.value.span,
                f"fact `{fact.name}` is a {fact.type},"
                f" but its presumed value is {got or 'of another type'}",
            )
        if presumed.citation is None:
            self.error(
                presumed.span,
                f"the presumption of `{fact.name}` needs the citation of the law that makes it",
                "end the line with `§ …`",
            )

    def check_duplicates(self) -> None:
        seen: dict[str, n.Span] = {}
        decision_names = {d.name for d in self.st.decisions}  # rules live in their own namespace
        named: list[tuple[str, n.Span]] = [
            *((p.name, p.span) for p in self.st.parameters),
            *((s.name, s.span) for s in self.st.sets),
            *((d.name, d.span) for d in self.st.defines),
            *((f.name, f.span) for f in self.st.facts),
            *((d.name, d.span) for d in self.st.decisions),
        ]
        fact_names = {f.name for f in self.st.facts}
        for name, span in named:
            if name in seen:
                self.error(span, f"`{name}` is already declared at line {seen[name].line}")
            elif name not in decision_names and (
                name in CONSTANTS
                or name in GLOBALS
                or (name in COUNT_FIELDS and name not in fact_names)  # a fact is `facts.x`
            ):
                self.error(span, f"`{name}` is a built-in name; choose another")
            else:
                seen[name] = span

    def check_outcomes(self) -> None:
        st = self.st
        if st.otherwise not in self.outcomes:
            self.error(
                st.otherwise_span,
                f"`otherwise {st.otherwise}` names no declared outcome",
                did_you_mean(st.otherwise, self.outcomes),
            )
        elif self.outcomes[st.otherwise].relief:
            self.error(st.otherwise_span, "the `otherwise` outcome cannot be a relief outcome")
        if not any(o.relief for o in st.outcomes):
            self.error(st.header.span, "no outcome is marked `relief`")
        for o in st.outcomes:
            if o.relief and o.kind is None:
                self.warn(
                    o.span,
                    f"outcome `{o.name}`: a bare `relief` is deprecated: say how the relief comes",
                    "did you mean `relief automatic` (by operation of law) or `relief petition`"
                    " (a petition or motion is needed)?",
                )
        used = {d.outcome for d in st.decisions} | {st.otherwise}
        for o in st.outcomes:
            if o.name not in used:
                self.warn(o.span, f"outcome `{o.name}` is declared but no rule gives it")

    def check_classes(self) -> None:
        """Warn about a class the statute compares with that its jurisdiction's records never
        carry (``class is "M4"`` in Pennsylvania): that comparison can never hold."""
        jurisdiction = self.st.header.jurisdiction
        for node in n.walk(self.st):
            if not (isinstance(node, n.Binary) and isinstance(node.left, n.Path)):
                continue
            if node.left.parts != ("class",):
                continue
            right = node.right
            if isinstance(right, n.Literal) and isinstance(right.value, str):
                values = {right.value}
            elif isinstance(right, n.ListLiteral):
                values = set(right.items)
            else:
                continue
            for value in unrecognized_classes(jurisdiction, values):
                self.warn(
                    right.span,
                    f"{jurisdiction} has no offense class {value!r}: records never carry it",
                    "classes per jurisdiction: clearlaw/derive.py (CLASSES)",
                )

    def check_sets(self) -> dict[str, CitationSet]:
        out = {}
        for s in self.st.sets:
            patterns: list[CitationPattern] = []
            for text, span in s.patterns:
                try:
                    pattern = _pattern(text)
                except CitationError as err:
                    self.error(span, str(err))
                    continue
                patterns.append(pattern)
                if not registry().knows_code(pattern.code):
                    self.warn(
                        span,
                        f"no jurisdiction clearlaw knows has a code `{pattern.code}`:"
                        " records will not match this pattern unless they spell the code so",
                        "spellings: clearlaw/data/jurisdictions.toml (docs/records.md, Citations)",
                    )
            out[s.name] = CitationSet(patterns, s.inchoate)
        return out

    def check_parameter(self, p: n.Parameter) -> None:
        if p.type not in DECLARABLE_TYPES:
            self.error(p.span, f"unknown type `{p.type}`")
            return
        previous: date | None = None
        for v in p.values:
            t = self.type_of(v.value, "count")
            if t is not None and t != p.type:
                self.error(v.value.span, f"parameter `{p.name}` is a {p.type}, but this is a {t}")
            elif p.valid:
                self.check_range(p, v.value)
            for path in (x for x in n.walk(v.value) if isinstance(x, n.Path)):
                ref = self.refs.get(path)
                if ref is not None and ref.kind in ("field", "fact", "define", "global"):
                    self.error(
                        path.span,
                        f"the value of parameter `{p.name}` cannot depend on a record or the date (`{path.dotted}`)",
                    )
                elif ref is not None and ref.kind == "parameter" and path.span.file == self.st.path:
                    self.error(
                        path.span,
                        f"the value of parameter `{p.name}` is a value, not another parameter (`{path.dotted}`)",
                    )
                elif ref is not None and ref.kind == "parameter":
                    self.error(  # a policy's value (clearlaw.policy says it in its words)
                        path.span,
                        f"a policy gives `{p.name}` a value, not the name `{path.dotted}`",
                        "write the value itself (e.g. `5 years`, `true`)",
                    )
            if v.start is not None:
                if previous is not None and v.start <= previous:
                    self.error(v.span, "parameter changes must be listed in date order")
                previous = v.start

    def check_range(self, p: n.Parameter, value: n.Expr) -> None:
        allowed = " or ".join(
            f"{_num(low)}" if low == high else f"{_num(low)} to {_num(high)}"
            for low, high in p.valid
        )
        if p.type != NUMBER or not isinstance(value, n.Literal) or isinstance(value.value, bool):
            self.error(value.span, f"`{p.name}` must be a number: {allowed}")
            return
        x = value.value
        assert isinstance(x, int | float)
        if not any(low <= x <= high for low, high in p.valid):
            self.error(value.span, f"`{p.name}` must be {allowed}, not {_num(x)}")

    def define_type(self, name: str) -> str | None:
        if name in self.define_types:
            return self.define_types[name]
        d = self.defines[name]
        self.define_types[name] = "?"  # in progress: a reference back here is a cycle
        self._define_stack.append(name)
        t = self.type_of(d.value, "count")
        self._define_stack.pop()
        self.define_types[name] = t or "?"
        return t

    def check_decision(self, d: n.Decision) -> None:
        if d.outcome not in self.outcomes:
            self.error(
                d.outcome_span,
                f"unknown outcome `{d.outcome}`",
                did_you_mean(d.outcome, self.outcomes),
            )
        if d.citation is None:
            self.warn(d.span, f"`{d.name}` cites no section of the law (add `§ …`)")
        parameters = {p.name for p in self.st.parameters}
        for name in re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", d.title or ""):
            if name not in parameters:
                self.error(
                    d.span,
                    f"the title of `{d.name}` names `{{{name}}}`, which is no parameter",
                    did_you_mean(name, parameters),
                )
        if isinstance(d, n.Rule):
            if d.on is not None:
                self.expect_type(d.on, DATE, "the date after `on`")
            if d.when is not None:
                self.expect_type(d.when, BOOLEAN, "the `when` condition")
            for u in d.unless:
                self.expect_type(u.condition, BOOLEAN, "the `unless` condition")
            if d.outcome in self.outcomes and not self.outcomes[d.outcome].relief and d.on:
                self.error(d.on.span, "only a relief outcome has a date (`on …`)")
        else:
            self.expect_type(
                d.condition, BOOLEAN, f"the `{'while' if d.kind == 'block' else 'when'}` condition"
            )
            if d.until is not None:
                self.expect_type(d.until, DATE, "the date after `until`")
            if d.outcome in self.outcomes and self.outcomes[d.outcome].relief:
                self.error(d.outcome_span, "an exception cannot give a relief outcome")

    def priority_order(self) -> tuple[n.Decision, ...]:
        decisions = list(self.st.decisions)
        names = {d.name: d for d in decisions}
        before: dict[str, set[str]] = {d.name: set() for d in decisions}  # x -> names x precedes
        rule_names = [d.name for d in decisions if isinstance(d, n.Rule)]
        for d in decisions:
            for p in d.priorities:
                if p.kind == "fallback":  # every other rule first
                    if not isinstance(d, n.Rule):
                        self.error(p.span, "only a rule can apply `if no other rule applies`")
                    for other in rule_names:
                        if other != d.name:
                            before[other].add(d.name)
                    continue
                for other in p.names:
                    if other not in names:
                        self.error(
                            p.span,
                            f"no rule or exception is named `{other}`",
                            did_you_mean(other, names),
                        )
                    elif p.kind == "notwithstanding":
                        before[d.name].add(other)
                    else:
                        before[other].add(d.name)
        # exceptions defeat rules unless a priority says otherwise
        explicit = {(a, b) for a, bs in before.items() for b in bs}
        rules = [d for d in decisions if isinstance(d, n.Rule)]
        for e in decisions:
            if isinstance(e, n.Exception_):
                for rule in rules:
                    if (rule.name, e.name) not in explicit:
                        before[e.name].add(rule.name)
        indeg = {d.name: 0 for d in decisions}
        for bs in before.values():
            for b in bs:
                indeg[b] += 1
        # the ready decision declared first goes first (a heap of positions, not list sorts)
        position = {d.name: i for i, d in enumerate(decisions)}
        ready = [i for i, d in enumerate(decisions) if indeg[d.name] == 0]
        order: list[n.Decision] = []
        while ready:
            d = decisions[heapq.heappop(ready)]
            order.append(d)
            for b in before[d.name]:
                indeg[b] -= 1
                if indeg[b] == 0:
                    heapq.heappush(ready, position[b])
        if len(order) < len(decisions):
            placed = {d.name for d in order}
            stuck = [d for d in decisions if d.name not in placed]
            self.error(
                stuck[0].span,
                "these priorities form a cycle: " + ", ".join(f"`{d.name}`" for d in stuck),
            )
            return tuple(decisions)
        return tuple(order)

    # ------------------------------------------------------------------ expressions
    def expect_type(self, e: n.Expr, wanted: str, what: str) -> None:
        t = self.type_of(e, "count")
        if t is not None and t != wanted:
            self.error(e.span, f"{what} must be a {wanted}, but this is a {t}")

    def type_of(self, e: n.Expr, ctx: str) -> str | None:
        t = self._type_of(e, ctx)
        if t is not None:
            self.types[e] = t
        return t

    def _type_of(self, e: n.Expr, ctx: str) -> str | None:
        if isinstance(e, n.Literal):
            v = e.value
            if isinstance(v, bool):
                return BOOLEAN
            if isinstance(v, int | float):
                return NUMBER
            if isinstance(v, Duration):
                return DURATION
            if isinstance(v, date):
                return DATE
            return TEXT
        if isinstance(e, n.ListLiteral):
            return LIST
        if isinstance(e, n.Path):
            return self.resolve(e, ctx)
        if isinstance(e, n.Unary):
            t = self.type_of(e.operand, ctx)
            if t is not None and t != BOOLEAN:
                self.error(e.operand.span, f"`not` needs a condition (boolean), but this is a {t}")
            return BOOLEAN
        if isinstance(e, n.Binary):
            return self.binary(e, ctx)
        if isinstance(e, n.Within):
            for part, want in ((e.left, DATE), (e.length, DURATION), (e.right, DATE)):
                t = self.type_of(part, ctx)
                if t is not None and t != want:
                    self.error(part.span, f"`within` needs a {want} here, but this is a {t}")
            return BOOLEAN
        if isinstance(e, n.IfThenElse):
            c = self.type_of(e.condition, ctx)
            if c is not None and c != BOOLEAN:
                self.error(e.condition.span, f"`if` needs a condition (boolean), but this is a {c}")
            a, b = self.type_of(e.then, ctx), self.type_of(e.otherwise, ctx)
            if a is not None and b is not None and a != b:
                self.error(e.span, f"the two branches of `if` differ: {a} and {b}")
            return a or b
        if isinstance(e, n.Quantifier):
            if e.least_name is not None:
                t = self.type_of(e.least_name, "count")
                ref = self.refs.get(e.least_name)
                if t is not None and (t != NUMBER or ref is None or ref.kind != "parameter"):
                    self.error(
                        e.least_name.span, "`at least` takes a whole number or a number parameter"
                    )
            if e.cases and e.collection.kind == "registrations":
                self.error(e.span, "`cases of` counts the cases of counts or convictions")
            self.collection(e.collection, ctx)
            return NUMBER if e.kind == "number" else BOOLEAN
        if isinstance(e, n.ExtremeOf):
            elem = self.collection(e.collection, ctx)
            t = self.type_of(e.value, elem)
            if t is not None and t not in (DATE, NUMBER):
                self.error(
                    e.value.span, f"`{e.kind} … of` needs dates or numbers, but this is a {t}"
                )
            return t
        if isinstance(e, n.ExtremeList):
            ts = {self.type_of(x, ctx) for x in e.items} - {None}
            if len(ts) > 1 or ts - {DATE, NUMBER}:
                self.error(
                    e.span,
                    f"`{e.kind} of (…)` needs all dates or all numbers, not {', '.join(sorted(t for t in ts if t))}",
                )
            return next(iter(ts), None)
        if isinstance(e, n.Waiting):
            parts = [(e.period, DURATION, ctx), (e.start, DATE, ctx), (e.floor, DATE, ctx)]
            if e.restart is not None:
                if e.restart.kind == "registrations":
                    self.error(e.restart.span, "a clock is restarted by counts or convictions")
                parts.append((e.restart_from, DATE, self.collection(e.restart, ctx)))
            for maybe, want, where in parts:
                if maybe is None:
                    continue
                t = self.type_of(maybe, where)
                if t is not None and t != want:
                    self.error(maybe.span, f"`waiting` needs a {want} here, but this is a {t}")
            return DATE
        if isinstance(e, n.Given):
            self.type_of(e.operand, ctx)
            ref = self.refs.get(e.operand) if isinstance(e.operand, n.Path) else None
            if ref is None or ref.kind != "field" or (ref.key, ref.value) != ("citation", "count"):
                self.error(
                    e.span,
                    f"`is {'given' if e.given else 'missing'}` tells whether a record writes a"
                    " count's `citation` at all; it applies to `citation` only",
                )
            return BOOLEAN
        if isinstance(e, n.AgeOn):
            t = self.type_of(e.when, ctx)
            if t is not None and t != DATE:
                self.error(e.when.span, f"`age on` needs a date, but this is a {t}")
            return NUMBER
        if isinstance(e, n.YearsBetween):
            for part in (e.start, e.end):
                t = self.type_of(part, ctx)
                if t is not None and t != DATE:
                    self.error(part.span, f"`years from … to …` needs dates, but this is a {t}")
            return NUMBER
        raise AssertionError(f"unknown node {e!r}")  # pragma: no cover

    def collection(self, c: n.Collection, ctx: str) -> str:
        elem = "registration" if c.kind == "registrations" else "count"
        if elem == "registration" and (c.other or c.relation):
            self.error(
                c.span,
                "`other`, `subsequent to`, `before this count` and `in the same case` apply to"
                " counts and convictions",
            )
        if c.where is not None:
            t = self.type_of(c.where, elem)
            if t is not None and t != BOOLEAN:
                self.error(c.where.span, f"`where` needs a condition (boolean), but this is a {t}")
        return elem

    def binary(self, e: n.Binary, ctx: str) -> str | None:
        a, b = self.type_of(e.left, ctx), self.type_of(e.right, ctx)
        op = e.op
        if op in ("and", "or"):
            for part, t in ((e.left, a), (e.right, b)):
                if t is not None and t != BOOLEAN:
                    self.error(part.span, f"`{op}` joins conditions (booleans), but this is a {t}")
            return BOOLEAN
        if None in (a, b):
            return BOOLEAN if op not in ("+", "-") else None
        if op in ("+", "-"):
            if a == DATE and b == DURATION:
                return DATE
            if a == DURATION and b == DURATION and op == "+":
                return DURATION
            if a == NUMBER and b == NUMBER:
                return NUMBER
            self.error(
                e.span,
                f"cannot {'add' if op == '+' else 'subtract'} a {b} {'to' if op == '+' else 'from'} a {a}",
            )
            return None
        if op in ("in", "not in"):
            if b == SET and a == CITATION:
                return BOOLEAN
            if b == LIST and a in (CITATION, TEXT):
                if a == CITATION:
                    self.list_patterns(e.right)
                return BOOLEAN
            self.error(e.span, f"cannot test whether a {a} is in a {b}")
            return BOOLEAN
        if op in ("is", "is not"):
            if a == CITATION and b == TEXT and isinstance(e.right, n.Literal):
                self.literal_citation(e.right)
                return BOOLEAN
            if a != b:
                self.error(e.span, f"cannot compare a {a} with a {b}")
            return BOOLEAN
        if op in _DATE_OPS:
            if a != DATE or b != DATE:
                self.error(e.span, f"`{op}` compares dates, not a {a} with a {b}")
            return BOOLEAN
        if op in _COMPARE_OPS:
            if a != b or a not in _ORDERED:
                self.error(e.span, f"cannot compare a {a} with a {b} using `{op}`")
            return BOOLEAN
        raise AssertionError(op)  # pragma: no cover

    def literal_citation(self, lit: n.Literal) -> None:
        try:
            self.literal_citations[lit] = parse_citation(str(lit.value))
        except CitationError as err:
            self.error(lit.span, str(err))

    def list_patterns(self, e: n.Expr) -> None:
        assert isinstance(e, n.ListLiteral)
        try:
            self.literal_citations[e] = CitationSet(_pattern(x) for x in e.items)
        except CitationError as err:
            self.error(e.span, str(err))

    def resolve(self, p: n.Path, ctx: str) -> str | None:
        key = p.dotted
        head = p.parts[0]
        field_ctx = "count" if p.this else ctx
        fields = REGISTRATION_FIELDS if field_ctx == "registration" else COUNT_FIELDS
        if p.this and len(p.parts) == 1 and head in self.defines:
            # `this.release_date`: a definition for the count being decided, inside `where`
            self.refs[p] = Ref("define", head, "this")
            t = self.define_type(head)
            return None if t == "?" else t
        if not p.this and len(p.parts) == 1:
            if head in self.defines:
                if ctx == "registration":
                    self.error(
                        p.span,
                        f"`{head}` describes a count; it cannot be used inside `registrations where`",
                    )
                    return None
                if head in self._define_stack:
                    path = [*self._define_stack[self._define_stack.index(head) :], head]
                    self.error(
                        p.span,
                        "a definition depends on itself: " + " → ".join(f"`{x}`" for x in path),
                    )
                    return None
                self.refs[p] = Ref("define", head)
                t = self.define_type(head)
                return None if t == "?" else t
            if head in self.params:
                self.refs[p] = Ref("parameter", head)
                return self.params[head].type
            if head in self.setdecls:
                self.refs[p] = Ref("set", head)
                return SET
            if head in GLOBALS:
                self.refs[p] = Ref("global", head)
                return GLOBALS[head]
            if head in CONSTANTS:
                t, v = CONSTANTS[head]
                self.refs[p] = Ref("constant", head, v)
                return t
        if key in fields:
            self.refs[p] = Ref("field", key, field_ctx)
            return fields[key]
        if head == "facts" and field_ctx == "count":
            if len(p.parts) == 2 and p.parts[1] in self.facts:
                self.refs[p] = Ref("fact", p.parts[1])
                return self.facts[p.parts[1]].type
            fact = ".".join(p.parts[1:])
            self.error(
                p.span,
                f"the statute reads fact `{fact}` but does not declare it (add it under `facts`)",
                did_you_mean(fact, self.facts),
            )
            return None
        known = list(fields)
        if not p.this and ctx == "count":
            known += [*self.defines, *self.params, *self.setdecls, *GLOBALS, *CONSTANTS]
        where = "a registration" if field_ctx == "registration" else "a count"
        if len(p.parts) > 1 or p.this:
            message = f"unknown record field `{key}` of {where}"
        else:
            message = f"unknown name `{key}`"
        self.error(p.span, message, did_you_mean(key, known))
        return None


# ---------------------------------------------------------------------- rule logic
@attrs.frozen(cache_hash=True)
class _Members:
    """The patterns of a set or a list an ``in`` atom tests, without where they are written
    (so that the logic search's answers still hold when the set moves)."""

    texts: tuple[str, ...]

    @staticmethod
    def of(v: n.CitationSetDecl | n.ListLiteral) -> _Members:
        if isinstance(v, n.CitationSetDecl):
            return _Members(tuple(t for t, _ in v.patterns))
        return _Members(v.items)


@attrs.frozen(cache_hash=True)
class _Atom:
    """A condition the logic check treats as a proposition, with what is known about it."""

    key: str
    subject: str | None = None  # canonical text of the left side, for value constraints
    op: str | None = None
    value: object = None


#: The logic search's answers (``_Logic.model``), by the formulas asked about, each known by
#: a number (``_FORMULAS``): kept across checks, so that checking a statute again after an
#: edit (``clearlaw lsp``) searches only what the edit changed.  Forgotten when too many.
_FORMULAS: dict[object, int] = {}
_MODELS: dict[tuple[tuple[int, bool], ...], dict[str, bool] | bool | None] = {}
_NUMBERS = itertools.count()
_NUMBERING = threading.Lock()
_KEPT = 50_000  # some 25 MB


class _Logic:
    """Finds rules that can never apply and rules that conflict, by enumerating truth values
    of the atomic conditions (comparisons, memberships, quantifiers) with their constraints."""

    MAX_ATOMS = 16

    def __init__(self, checker: _Checker, order: Sequence[n.Decision]) -> None:
        self.c = checker
        self.order = order
        self.numbers: dict[int, int] = {}  # a condition's number in _FORMULAS, by its id

    def run(self) -> None:
        rules = [d for d in self.order if isinstance(d, n.Rule)]
        conds = {d.name: self.condition(d) for d in self.order}
        self.number(conds.values())
        contradictory: set[str] = set()
        for d in self.order:
            formula = conds[d.name]
            if formula is not None and self.satisfiable([(formula, True)]) is False:
                contradictory.add(d.name)
                self.c.error(
                    d.span, f"`{d.name}` can never apply: its conditions contradict each other"
                )
        shadows = _Shadows(self, conds)
        for d in self.order:
            if not (isinstance(d, n.Rule) or d.kind == "bar") or d.name in contradictory:
                shadows.add(d)
                continue
            for earlier in shadows.candidates(d):
                if isinstance(earlier, n.Exception_) and earlier.kind != "bar":
                    continue
                a, b = conds[d.name], conds[earlier.name]
                if (
                    a is None
                    or b is None
                    or (isinstance(earlier, n.Rule) and earlier.outcome == d.outcome)
                ):
                    continue
                if self.satisfiable([(a, True), (b, False)]) is False:
                    contradictory.add(d.name)
                    self.c.error(
                        d.span,
                        f"`{d.name}` can never apply: whenever it would, `{earlier.name}` "
                        f"(line {earlier.span.line}) applies first",
                    )
            shadows.add(d)
        position = {d.name: i for i, d in enumerate(self.order)}
        explicit = self.explicit_pairs()
        for a, b in itertools.combinations(rules, 2):
            if (
                (a.outcome == b.outcome and not self.dates_differ(a, b))
                or (a.name, b.name) in explicit
                or (b.name, a.name) in explicit
                or a.name in contradictory
                or b.name in contradictory
            ):
                continue
            fa, fb = conds[a.name], conds[b.name]
            if fa is None or fb is None:
                continue
            if self.satisfiable([(fa, True), (fb, True)]) is not False:
                first, second = (a, b) if position[a.name] < position[b.name] else (b, a)
                differ = (
                    f"with different outcomes ({first.outcome}, {second.outcome})"
                    if a.outcome != b.outcome
                    else f"with different dates: the file's order would pick `{first.name}`'s"
                )
                self.c.error(
                    second.span,
                    f"rules `{first.name}` (line {first.span.line}) and `{second.name}` can both "
                    f"apply {differ}",
                    f"say which wins: `notwithstanding {first.name}` or "
                    f"`except as provided in {first.name}` on `{second.name}` (or "
                    "`if no other rule applies`)",
                )

    def number(self, formulas: Iterable[object]) -> None:
        """Give each formula its number in ``_FORMULAS`` (the same for an equal formula)."""
        with _NUMBERING:
            if len(_FORMULAS) > _KEPT or len(_MODELS) > _KEPT:
                _FORMULAS.clear()
                _MODELS.clear()
            for f in formulas:
                self.numbers[id(f)] = _FORMULAS.setdefault(f, next(_NUMBERS))

    def dates_differ(self, a: n.Rule, b: n.Rule) -> bool:
        """Whether two rules of one outcome give it from dates written differently."""
        text = self.c.st.source
        if a.on is None or b.on is None:
            return (a.on is None) != (b.on is None)
        if a.on.span.file != b.on.span.file:
            return True
        return _span_text(text, a.on.span) != _span_text(text, b.on.span)

    def explicit_pairs(self) -> set[tuple[str, str]]:
        pairs = set()
        rules = [d.name for d in self.order if isinstance(d, n.Rule)]
        for d in self.order:
            for p in d.priorities:
                for other in rules if p.kind == "fallback" else p.names:
                    pairs.add((d.name, other))
        return pairs

    def condition(self, d: n.Decision) -> object:
        parts: list[object] = []
        if isinstance(d, n.Rule):
            if d.when is not None:
                parts.append(self.formula(d.when))
            parts.extend(("not", self.formula(u.condition)) for u in d.unless)
        else:
            parts.append(self.formula(d.condition))
        if not parts:
            return ("true",)
        return ("and", *parts)

    def formula(self, e: n.Expr) -> object:
        """A nested tuple: ("and", …), ("or", …), ("not", f), ("atom", _Atom), ("true",)."""
        if isinstance(e, n.Binary) and e.op in ("and", "or"):
            return (e.op, self.formula(e.left), self.formula(e.right))
        if isinstance(e, n.Unary):
            return ("not", self.formula(e.operand))
        if isinstance(e, n.Literal) and isinstance(e.value, bool):
            return ("true",) if e.value else ("not", ("true",))
        if isinstance(e, n.Path):
            ref = self.c.refs.get(e)
            if ref is not None and ref.kind == "define":
                return self.formula(self.c.defines[ref.key].value)
        if isinstance(e, n.Quantifier) and e.kind == "no":
            return ("not", ("atom", _Atom(canon(n.Quantifier("any", e.collection, e.span)))))
        if isinstance(e, n.Binary):
            negations = {
                "is not": "is",
                "not in": "in",
                ">=": "<",
                ">": "<=",
                "on or after": "before",
                "after": "on or before",
            }
            if e.op in negations:
                return ("not", self.formula(n.Binary(negations[e.op], e.left, e.right, e.span)))
            value = self.constant(e.right)
            if e.op == "in" and isinstance(value, n.CitationSetDecl | n.ListLiteral):
                value = _Members.of(value)
            if value is not None:
                return ("atom", _Atom(canon(e), canon(e.left), e.op, value))
        return ("atom", _Atom(canon(e)))

    def constant(self, e: n.Expr) -> object:
        if isinstance(e, n.Literal) and not isinstance(e.value, bool | Duration):
            return e.value
        if isinstance(e, n.Path):
            ref = self.c.refs.get(e)
            if ref is not None and ref.kind == "constant":
                return ref.value
            if ref is not None and ref.kind == "set":
                return self.c.setdecls[ref.key]
        if isinstance(e, n.ListLiteral):
            return e
        return None

    def satisfiable(self, wanted: list[tuple[object, bool]]) -> bool | None:
        found = self.model(wanted)
        return found if found is None else found is not False

    def model(self, wanted: list[tuple[object, bool]]) -> dict[str, bool] | bool | None:
        """Truth values of the atoms that make each formula as wanted (consistently), or
        ``False`` if there are none, ``None`` if there are too many atoms to try (searched
        once for the same formulas: ``_MODELS``)."""
        key = tuple((self.numbers[id(f)], want) for f, want in wanted)
        try:
            return _MODELS[key]
        except KeyError:  # not asked yet (or forgotten meanwhile by another thread's check)
            found = _MODELS[key] = self.search(wanted)
            return found

    def search(self, wanted: list[tuple[object, bool]]) -> dict[str, bool] | bool | None:
        """``model``, searched."""
        atoms: dict[str, _Atom] = {}
        for f, _ in wanted:
            for a in _atoms(f):
                atoms[a.key] = a
        if len(atoms) > self.MAX_ATOMS:
            return None
        keys = sorted(atoms)
        env: dict[str, bool] = {}

        def search(i: int) -> bool:
            # prune as soon as a formula is decided the wrong way by the atoms assigned so far
            for f, want in wanted:
                value = _eval(f, env)
                if value is not None and value is not want:
                    return False
            if i == len(keys):
                return _consistent(atoms, env)
            for value in (True, False):
                env[keys[i]] = value
                if search(i + 1):
                    return True
            del env[keys[i]]
            return False

        return dict(env) if search(0) else False


def _consistent(atoms: Mapping[str, _Atom], env: Mapping[str, bool]) -> bool:
    by_subject: dict[str, list[tuple[_Atom, bool]]] = {}
    for key, a in atoms.items():
        if a.subject is not None:
            by_subject.setdefault(a.subject, []).append((a, env[key]))
    return all(_consistent_subject(cs) for cs in by_subject.values())


def _consistent_subject(constraints: list[tuple[_Atom, bool]]) -> bool:
    equal = [a.value for a, truth in constraints if a.op == "is" and truth]
    if any(not _same(x, equal[0]) for x in equal[1:]):
        return False
    for a, truth in constraints:
        if a.op == "is" and not truth and any(_same(a.value, x) for x in equal):
            return False
        if a.op == "in" and truth and isinstance(a.value, _Members):
            for b, t2 in constraints:
                if (
                    b.op == "in"
                    and t2
                    and b is not a
                    and isinstance(b.value, _Members)
                    and _disjoint(a.value, b.value)
                ):
                    return False
    lows: list[tuple[float, bool]] = []
    highs: list[tuple[float, bool]] = []
    for a, truth in constraints:
        v = _rank(a.value)
        if v is None or a.op not in ("<", "<=", "before", "on or before", "is"):
            continue
        strict = a.op in ("<", "before")
        if a.op == "is":
            if truth:
                lows.append((v, False))
                highs.append((v, False))
            continue
        if truth:
            highs.append((v, strict))
        else:
            lows.append((v, not strict))
    for lo, lo_strict in lows:
        for hi, hi_strict in highs:
            if lo > hi or (lo == hi and (lo_strict or hi_strict)):
                return False
    return True


@functools.lru_cache(maxsize=4096)
def _disjoint(a: _Members, b: _Members) -> bool:
    """Whether two sets share no citation (remembered: a table can list hundreds)."""
    pa, pb = _patterns(a), _patterns(b)
    return pa is not None and pb is not None and not any(_overlap(x, y) for x in pa for y in pb)


@functools.lru_cache(maxsize=4096)
def _patterns(members: _Members) -> tuple[CitationPattern, ...] | None:
    try:
        return tuple(_pattern(t) for t in members.texts)
    except CitationError:
        return None


class _Shadows:
    """Which earlier rules and bars could make a decision unreachable, found through an index
    so that a statute of thousands of exceptions is checked in near-linear time.

    ``d and not e`` is satisfiable, without a search, when ``e`` has a model of ``not e``
    whose needed atoms (those that keep ``e`` false whatever the others are) share with
    ``d`` no atom and no constrained subject (order and equality; membership only where it
    is true: ``_consistent_subject`` relates true memberships only).  A model of ``d`` (its
    negative-only memberships false) and those atoms then combine, and every other atom of
    ``e`` can be given a value that keeps them consistent: a membership false, an equality
    false (true where ``d`` already says it), an order on the side that leaves values open.
    Only the other pairs are searched, and the index finds them without trying every pair.
    """

    def __init__(self, logic: _Logic, conds: Mapping[str, object]) -> None:
        self.logic, self.conds = logic, conds
        self.earlier: list[n.Decision] = []
        self.always: list[int] = []  # positions of decisions whose condition cannot be false
        self.index: dict[tuple[str, str], list[int]] = {}

    def add(self, e: n.Decision) -> None:
        """Index ``e``, which comes before the decisions asked about next."""
        at = len(self.earlier)
        self.earlier.append(e)
        cond = self.conds[e.name]
        found = None if cond is None else self.logic.model([(cond, False)])
        if found is False:
            self.always.append(at)
        elif isinstance(found, dict):  # None: too many atoms, never searched (as before)
            atoms = {a.key: a for a in _atoms(cond)}
            for key in _needed(cond, found):
                for token in _tokens(atoms[key], found[key]):
                    self.index.setdefault(token, []).append(at)

    def candidates(self, d: n.Decision) -> list[n.Decision]:
        """The earlier decisions, in order, that ``d`` has to be searched against."""
        cond = self.conds[d.name]
        if cond is None:
            return []
        chosen = set(self.always)
        for atom, positive in _polar_atoms(cond, True):
            for token in _tokens(atom, positive):
                chosen.update(self.index.get(token, ()))
        return [self.earlier[at] for at in sorted(chosen)]


def _tokens(atom: _Atom, true: bool) -> list[tuple[str, str]]:
    """What ties an atom (true or false) to another formula's: the atom itself, and what it
    constrains about its subject (order and equality; a membership only when true)."""
    tokens = [("atom", atom.key)]
    if atom.subject is not None and (atom.op != "in" or true):
        tokens.append(("in" if atom.op == "in" else "value", atom.subject))
    return tokens


def _polar_atoms(f: object, positive: bool) -> Iterator[tuple[_Atom, bool]]:
    """The atoms of a formula, each with whether it occurs positively."""
    assert isinstance(f, tuple)
    if f[0] == "atom":
        yield f[1], positive
    elif f[0] == "not":
        yield from _polar_atoms(f[1], not positive)
    elif f[0] != "true":
        for sub in f[1:]:
            yield from _polar_atoms(sub, positive)


def _needed(f: object, model: Mapping[str, bool]) -> frozenset[str]:
    """Atoms of ``model`` that keep ``f`` false when every other atom is left open."""
    kept = dict(model)
    for key in sorted(model):
        value = kept.pop(key)
        if _eval(f, kept) is not False:
            kept[key] = value
    return frozenset(kept)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _overlap(a: CitationPattern, b: CitationPattern) -> bool:
    if a.code != b.code:
        return False
    pa, pb = a.section_prefix, b.section_prefix
    if pa is None and pb is None and a.section != b.section:
        return False
    if pa is not None and pb is None and not b.section.startswith(pa):
        return False
    if pb is not None and pa is None and not a.section.startswith(pb):
        return False
    if pa is not None and pb is not None and not (pa.startswith(pb) or pb.startswith(pa)):
        return False
    k = min(len(a.subdivisions), len(b.subdivisions))
    return a.subdivisions[:k] == b.subdivisions[:k]


def _same(x: object, y: object) -> bool:
    return type(x) is type(y) and x == y


def _rank(v: object) -> float | None:
    if isinstance(v, r.Level):
        return float(r.LEVEL_ORDER[v])
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, date):
        return float(v.toordinal())
    return None


def _atoms(f: object) -> Iterator[_Atom]:
    assert isinstance(f, tuple)
    if f[0] == "atom":
        yield f[1]
    elif f[0] != "true":
        for sub in f[1:]:
            yield from _atoms(sub)


def _eval(f: Any, env: Mapping[str, bool]) -> bool | None:
    """A formula's value under a partial assignment (``None``: not decided yet)."""
    tag = f[0]
    if tag == "atom":
        return env.get(f[1].key)
    if tag == "true":
        return True
    if tag == "not":
        inner = _eval(f[1], env)
        return None if inner is None else not inner
    decisive = tag == "or"  # the value that decides: False for "and", True for "or"
    undecided = False
    for x in f[1:]:
        value = _eval(x, env)
        if value is decisive:
            return decisive
        undecided = undecided or value is None
    return None if undecided else not decisive


def canon(e: object) -> str:
    """Canonical text of an expression (positions left out), to recognize repeated conditions."""
    if isinstance(e, n.Path):
        return ("this." if e.this else "") + e.dotted
    if isinstance(e, n.Literal):
        return repr(e.value)
    if isinstance(e, tuple):
        return "(" + ",".join(canon(x) for x in e) + ")"
    if attrs.has(type(e)):
        fields = [f.name for f in attrs.fields(type(e)) if f.name != "span"]  # type: ignore[arg-type]
        return type(e).__name__ + "(" + ",".join(canon(getattr(e, f)) for f in fields) + ")"
    return repr(e)


def check_statute(statute: n.Statute, *, logic: bool = True) -> CheckedStatute:
    """Check ``statute``; raise ``StatuteError`` listing every error, else return it checked.
    ``logic=False`` leaves out the costly search for rules that can never apply or that
    conflict (``clearlaw lsp`` reports everything else first; ``check_logic`` does it after);
    do not compile the result."""
    return _Checker(statute).run(logic)


def check_logic(checked: CheckedStatute) -> CheckedStatute:
    """The search ``check_statute(…, logic=False)`` left out, done on its result: raise
    ``StatuteError`` as ``check_statute`` would have, else return ``checked``."""
    checker = _Checker(checked.statute)
    checker.refs = dict(checked.refs)
    checker.warnings = list(checked.warnings)
    _Logic(checker, checked.order).run()
    checker.stop_if_errors()
    return checked


def _span_text(source: str, span: n.Span) -> str:
    """The source text of ``span``, its white space collapsed."""
    lines = source.splitlines()[span.line - 1 : span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return " ".join(lines[0][span.column - 1 : span.end_column - 1].split())
    lines[0] = lines[0][span.column - 1 :]
    lines[-1] = lines[-1][: span.end_column - 1]
    return " ".join(" ".join(lines).split())
