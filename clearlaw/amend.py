"""Amendments: a statute changed the way a bill changes it (``amendment "…" amends STATUTE``).

An amendment file strikes, replaces or inserts parameters, citation sets, definitions, rules
and exceptions, adds sections to a set or removes them, and gives a parameter a new value from
an effective date — each change with the bill section that makes it as its citation
(docs/language.md, "Amendments").  A policy (``policy "…"``) is the same file with new values
only.  Every change is validated against the statute it amends: a target that does not exist
is an error at the change's line and column; a change that cannot alter any outcome (a value
the parameter already has, a section the set already lists) is a warning.  The amended statute
is then checked like any other, and its explanations point at the amendment's text wherever it
changed the statute's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import attrs

from clearlaw import nodes as n
from clearlaw.citations import CitationError, parse_pattern
from clearlaw.diagnostics import Diagnostic, StatuteError, did_you_mean

__all__ = ["apply_amendment", "apply_changes"]

_D = TypeVar("_D", n.Parameter, n.CitationSetDecl, n.Define, n.Rule, n.Exception_)

_KIND: dict[type, str] = {
    n.Parameter: "parameter",
    n.CitationSetDecl: "set",
    n.Define: "define",
    n.Rule: "rule",
    n.Exception_: "exception",
}


class _Amending:
    """The statute's declarations, by kind and name, as the changes are applied in order."""

    def __init__(self, base: n.Statute) -> None:
        self.base = base
        self.decls: dict[str, dict[str, n.Amendable]] = {
            "parameter": {p.name: p for p in base.parameters},
            "set": {s.name: s for s in base.sets},
            "define": {d.name: d for d in base.defines},
            "decision": {d.name: d for d in base.decisions},
        }
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def table(self, kind: str) -> dict[str, n.Amendable]:
        return self.decls["decision" if kind in ("rule", "exception") else kind]

    def find(self, kind: str, name: str, span: n.Span) -> n.Amendable | None:
        """The declaration ``kind name``, or ``None`` and an error naming what exists."""
        found = self.table(kind).get(name)
        if found is not None and _KIND[type(found)] == kind:
            return found
        if found is not None:
            what = f"`{name}` is {_a(_KIND[type(found)])}, not {_a(kind)}"
            self.errors.append(Diagnostic(span, f"{self.base.header.id}: {what}"))
            return None
        names = [k for k, v in self.table(kind).items() if _KIND[type(v)] == kind]
        hint = did_you_mean(name, names)
        self.errors.append(Diagnostic(span, f"{self.base.header.id} has no {kind} `{name}`", hint))
        return None

    # ------------------------------------------------------------------------ changes
    def apply(self, change: n.Change) -> None:
        if isinstance(change, n.ParameterOverride):
            self._value(change)
        elif isinstance(change, n.ParameterFrom):
            self._value_from(change)
        elif isinstance(change, n.SetOverride):
            self._set_patterns(change)
        elif isinstance(change, n.SetEdit):
            self._set_edit(change)
        elif isinstance(change, n.Strike):
            if self.find(change.kind, change.name, change.name_span) is not None:
                del self.table(change.kind)[change.name]
        else:
            self._rewrite(change)

    def _value(self, change: n.ParameterOverride) -> None:
        old = self.find("parameter", change.name, change.span)
        if not isinstance(old, n.Parameter):
            return
        if len(old.values) == 1 and _same_value(old.values[0].value, change.value):
            self.warn(change.span, f"`{change.name}` already has this value: nothing changes")
        value = n.ParameterValue(None, change.value, change.citation, change.span)
        self.table("parameter")[change.name] = attrs.evolve(old, values=(value,))

    def _value_from(self, change: n.ParameterFrom) -> None:
        old = self.find("parameter", change.name, change.name_span)
        if not isinstance(old, n.Parameter):
            return
        if any(v.start == change.start for v in old.values):
            self.errors.append(
                Diagnostic(
                    change.span,
                    f"`{change.name}` already has a value from {change.start}; "
                    f"`replace parameter {change.name} …` to rewrite its values",
                )
            )
            return
        value = n.ParameterValue(change.start, change.value, change.citation, change.span)
        first, *dated = old.values
        values = (first, *sorted([*dated, value], key=lambda v: v.start or change.start))
        self.table("parameter")[change.name] = attrs.evolve(old, values=values)

    def _set_patterns(self, change: n.SetOverride) -> None:
        old = self.find("set", change.name, change.span)
        if isinstance(old, n.CitationSetDecl):
            self.table("set")[change.name] = attrs.evolve(
                old, patterns=change.patterns, citation=change.citation, span=change.span
            )

    def _set_edit(self, change: n.SetEdit) -> None:
        old = self.find("set", change.name, change.name_span)
        if not isinstance(old, n.CitationSetDecl):
            return
        listed = {_pattern_key(text): (text, span) for text, span in old.patterns}
        patterns = list(old.patterns)
        for text, span in change.patterns:
            key = _pattern_key(text)
            if change.op == "add":
                if key in listed:
                    self.warn(span, f"`{change.name}` already lists {text}: nothing changes")
                    continue
                listed[key] = (text, span)
                patterns.append((text, span))
            elif key not in listed:
                self.errors.append(
                    Diagnostic(span, f"`{change.name}` does not list {text}: nothing to remove")
                )
            else:
                patterns.remove(listed.pop(key))
        self.table("set")[change.name] = attrs.evolve(old, patterns=tuple(patterns))

    def _rewrite(self, change: n.Rewrite) -> None:
        decl = change.decl
        kind = _KIND[type(decl)]
        existing = self.table(kind).get(decl.name)
        if change.insert:
            if existing is not None:
                self.errors.append(
                    Diagnostic(
                        change.span,
                        f"{self.base.header.id} already has {_a(_KIND[type(existing)])} "
                        f"`{decl.name}`; `replace` it instead",
                    )
                )
                return
        elif self.find(kind, decl.name, change.span) is None:
            return
        self.table(kind)[decl.name] = (
            decl  # a replaced one keeps its place, an inserted one is last
        )

    def warn(self, span: n.Span, message: str) -> None:
        self.warnings.append(Diagnostic(span, message, severity="warning"))

    def statute(self) -> n.Statute:
        def kept(kind: str, cls: type[_D]) -> tuple[_D, ...]:
            return tuple(d for d in self.table(kind).values() if isinstance(d, cls))

        decisions: tuple[n.Decision, ...] = tuple(
            d for d in self.decls["decision"].values() if isinstance(d, n.Rule | n.Exception_)
        )
        return attrs.evolve(
            self.base,
            parameters=kept("parameter", n.Parameter),
            sets=kept("set", n.CitationSetDecl),
            defines=kept("define", n.Define),
            decisions=decisions,
        )


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _pattern_key(text: str) -> object:
    """Two spellings of one section are the same pattern."""
    try:
        return parse_pattern(text)
    except CitationError:
        return text


def _same_value(a: n.Expr, b: n.Expr) -> bool:
    return isinstance(a, n.Literal) and isinstance(b, n.Literal) and a.value == b.value


def apply_changes(
    base: n.Statute, changes: Iterable[n.Change], source: str
) -> tuple[n.Statute, tuple[Diagnostic, ...]]:
    """``base`` with ``changes`` made in order, and the warnings about changes that change
    nothing; raises ``StatuteError`` (every problem, at the changes' lines in ``source``, the
    text they were written in) for a target that does not exist."""
    amending = _Amending(base)
    seen: dict[str, n.Span] = {}  # a policy's new values: one per name
    for change in changes:
        if isinstance(change, n.ParameterOverride | n.SetOverride):
            if change.name in seen:
                line = seen[change.name].line
                amending.errors.append(
                    Diagnostic(change.span, f"`{change.name}` is already set at line {line}")
                )
                continue
            seen[change.name] = change.span
        amending.apply(change)
    if amending.errors:
        raise StatuteError(amending.errors, source)
    return amending.statute(), tuple(amending.warnings)


def apply_amendment(
    base: n.Statute, amendment: n.PolicyFile
) -> tuple[n.Statute, tuple[Diagnostic, ...]]:
    """``base`` as ``amendment`` changes it (``apply_changes``), with the amendment's title,
    id, citations and notes, and its text among the statute's sources."""
    amended, warnings = apply_changes(base, amendment.changes, amendment.source)
    header = attrs.evolve(
        base.header,
        title=amendment.title,
        id=amendment.id or f"{base.header.id}+{_stem(amendment.path)}",
        cites=base.header.cites + amendment.cites,
        notes=base.header.notes + amendment.notes,
    )
    sources = ((amendment.path, amendment.source), *base.sources)
    return attrs.evolve(amended, header=header, sources=sources), warnings


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]
