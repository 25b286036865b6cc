"""Provision coverage: which rules, exceptions and condition branches of a statute its
scenario tests exercise (``clearlaw test --coverage``).

Nothing is added to the evaluator: the scenarios are evaluated with explanations
(``evaluate(..., explain=True)``), and the explanation trees, whose nodes carry the source
span of the rule, exception or condition they stand for, say what applied and what each
condition was.  A rule or exception is *covered* when it applied to a count a scenario
expects something of.  A *branch* is an alternative of an ``or`` (covered when it was true)
or an operand of an ``and`` (covered when it was false) in a rule's ``when``/``unless`` or an
exception's condition; nested ``and``/``or`` give branches too.  Definitions are not unfolded.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw.evaluate import Determination, Statute
from clearlaw.explain import Explanation

__all__ = ["Coverage", "Provision", "coverage", "render_table", "to_json"]


@attrs.frozen
class Provision:
    """A rule, an exception or a condition branch, and whether a scenario exercised it.

    ``kind`` is ``"rule"``, ``"exception"`` or ``"branch"``; a branch's ``name`` is its
    decision's, and ``text`` the branch as written with the value that covers it."""

    kind: str
    name: str
    span: n.Span
    covered: bool
    text: str = ""
    #: Why no scenario can exercise the provision until a parameter changes: a part of its
    #: condition that parameters make false at every date (NY's "`out_of_state_checks` is
    #: false", a county's "`min_age_on_run_date > 0` is false").
    dormant: str | None = None

    def describe(self) -> str:
        """``rule misdemeanor`` or ``branch rule x: `a is b` false``."""
        return f"{self.kind} {self.name}" + (f": {self.text}" if self.text else "")


@attrs.frozen
class Coverage:
    """One statute's provisions, in file order."""

    statute: str
    provisions: tuple[Provision, ...]

    def share(self, kinds: tuple[str, ...]) -> tuple[int, int]:
        """(covered, total) of the provisions of these kinds that can be exercised (not
        dormant)."""
        chosen = [p for p in self.provisions if p.kind in kinds and p.dormant is None]
        return sum(p.covered for p in chosen), len(chosen)

    @property
    def uncovered(self) -> tuple[Provision, ...]:
        """The provisions no scenario exercised."""
        return tuple(p for p in self.provisions if not p.covered)


DECISIONS = ("rule", "exception")
BRANCHES = ("branch",)


def _conditions(d: n.Decision) -> Iterator[n.Expr]:
    if isinstance(d, n.Rule):
        if d.when is not None:
            yield d.when
        yield from (u.condition for u in d.unless)
    else:
        yield d.condition


def _flatten(e: n.Expr, op: str) -> list[n.Expr]:
    if isinstance(e, n.Binary) and e.op == op:
        return _flatten(e.left, op) + _flatten(e.right, op)
    return [e]


def _branches(e: n.Expr) -> Iterator[tuple[n.Expr, str]]:
    """Each operand of an ``and`` (wanted false) or ``or`` (wanted true), nested ones too."""
    if isinstance(e, n.Binary) and e.op in ("and", "or"):
        wanted = "true" if e.op == "or" else "false"
        for operand in _flatten(e, e.op):
            yield operand, wanted
            yield from _branches(operand)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "is": operator.eq,
    "is not": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _fixed_parameters(statute: Statute) -> dict[str, list[Any]]:
    """The parameters every value of which is written as a literal: name → values."""
    return {
        p.name: [v.value.value for v in p.values if isinstance(v.value, n.Literal)]
        for p in statute.node.parameters
        if all(isinstance(v.value, n.Literal) for v in p.values)
    }


def _never(e: n.Expr, fixed: dict[str, list[Any]]) -> bool:
    """Whether ``e`` is false at every date, from parameters and literals alone."""
    if isinstance(e, n.Binary) and e.op == "and":
        return _never(e.left, fixed) or _never(e.right, fixed)
    if isinstance(e, n.Binary) and e.op == "or":
        return _never(e.left, fixed) and _never(e.right, fixed)
    if isinstance(e, n.Binary) and e.op in _COMPARE:
        left, right = _values(e.left, fixed), _values(e.right, fixed)
        if left is None or right is None:
            return False
        try:
            return not any(_COMPARE[e.op](a, b) for a in left for b in right)
        except TypeError:  # values of different types: the checker's business
            return False
    values = _values(e, fixed)
    return values is not None and all(v is False for v in values)


def _values(e: n.Expr, fixed: dict[str, list[Any]]) -> list[Any] | None:
    if isinstance(e, n.Literal):
        return [e.value]
    if isinstance(e, n.Path) and not e.this and e.dotted in fixed:
        return fixed[e.dotted]
    return None


def _dormant(statute: Statute, d: n.Decision, fixed: dict[str, list[Any]]) -> str | None:
    """Why ``d`` is dormant: an operand of its condition's top-level ``and`` that parameters
    make false at every date (quoted, or the parameters named if it is long); ``None`` if
    there is none."""
    condition = d.when if isinstance(d, n.Rule) else d.condition
    if condition is None:
        return None
    for operand in _flatten(condition, "and"):
        if _never(operand, fixed):
            text = statute.text_at(operand.span)
            if len(text) <= _SHORT:
                return f"`{text}` is false"
            names = sorted({x.dotted for x in _paths(operand) if x.dotted in fixed})
            return f"false with {', '.join(f'`{name}`' for name in names)} as set"
    return None


#: The longest condition a dormant provision's report quotes (else: its parameters' names).
_SHORT = 60


def _paths(e: n.Expr) -> Iterator[n.Path]:
    """The names in the and/or/comparison tree of ``e``."""
    if isinstance(e, n.Path):
        yield e
    elif isinstance(e, n.Binary):
        yield from _paths(e.left)
        yield from _paths(e.right)


def _seen(trees: Iterable[Explanation]) -> set[tuple[n.Span, str]]:
    """(span, first word of the value) of every node of the trees."""
    found: set[tuple[n.Span, str]] = set()
    stack = list(trees)
    while stack:
        node = stack.pop()
        if node.span is not None and node.value:
            found.add((node.span, node.value.split(maxsplit=1)[0]))
        stack.extend(node.children)
    return found


def coverage(statute: Statute, determinations: Iterable[Determination]) -> Coverage:
    """What the determinations' explanation trees (``explain=True``) exercised."""
    seen = _seen(d.explanation for d in determinations if d.explanation is not None)
    provisions = []
    fixed = _fixed_parameters(statute)
    for d in statute.node.decisions:
        kind = "rule" if isinstance(d, n.Rule) else "exception"
        applied = (d.span, "applies") in seen
        # dormant under the parameters' values, unless a test gave it others and it applied
        dormant = None if applied else _dormant(statute, d, fixed)
        provisions.append(Provision(kind, d.name, d.span, applied, dormant=dormant))
        for condition in _conditions(d):
            for operand, wanted in _branches(condition):
                text = f"`{statute.text_at(operand.span)}` {wanted}"
                covered = (operand.span, wanted) in seen
                provisions.append(
                    Provision("branch", f"{kind} {d.name}", operand.span, covered, text, dormant)
                )
    provisions.sort(key=lambda p: (p.span.file, p.span.line, p.span.column))
    return Coverage(statute.id, tuple(provisions))


def _percent(share: tuple[int, int]) -> str:
    covered, total = share
    return f"{covered}/{total} ({100 * covered / total:.0f}%)" if total else "0/0"


def render_table(reports: Iterable[Coverage]) -> str:
    """Per statute: rules and exceptions covered, branches covered, then the uncovered ones
    with their file:line (a dormant one is listed, and left out of the shares)."""
    lines = []
    for c in reports:
        lines.append(
            f"{c.statute}: rules and exceptions {_percent(c.share(DECISIONS))}, "
            f"branches {_percent(c.share(BRANCHES))}"
        )
        lines.extend(
            f"  {f'dormant ({p.dormant})' if p.dormant else 'not covered'}: "
            f"{p.describe()}"
            f"  [{p.span.file}:{p.span.line}]"
            for p in c.uncovered
            if not (p.kind == "branch" and p.dormant)  # its rule or exception says it
        )
    return "\n".join(lines) + "\n"


def to_json(reports: Iterable[Coverage]) -> list[dict[str, Any]]:
    """The JSON form: per statute, the counts and every provision with ``covered``."""
    out = []
    for c in reports:
        (rc, rt), (bc, bt) = c.share(DECISIONS), c.share(BRANCHES)
        out.append(
            {
                "statute": c.statute,
                "rules_and_exceptions": {"covered": rc, "total": rt},
                "branches": {"covered": bc, "total": bt},
                "provisions": [
                    {
                        "kind": p.kind,
                        "name": p.name,
                        **({"branch": p.text} if p.text else {}),
                        "covered": p.covered,
                        **({"dormant": p.dormant} if p.dormant else {}),
                        "file": p.span.file,
                        "line": p.span.line,
                        "column": p.span.column,
                    }
                    for p in c.provisions
                ],
            }
        )
    return out
