"""The names a statute declares, where each is declared, and what to say about it on hover:
outcomes, facts, parameters, sets, definitions, rules, exceptions, readings and alternatives."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from clearlaw import nodes as n

__all__ = ["Declaration", "declarations", "name_span", "source_of", "span_text"]


@attrs.frozen
class Declaration:
    """One declared name: ``kind`` (``rule``, ``fact``…), its whole ``span``, the ``name``
    as written (``span`` of the name itself: ``name_span``) and the hover text (Markdown)."""

    kind: str
    name: str
    span: n.Span
    name_span: n.Span
    doc: str


def source_of(statute: n.Statute, file: str) -> str:
    """The text of ``file``: the statute's own, or a file merged into it (an amendment)."""
    return statute.source if file == statute.path else dict(statute.sources).get(file, "")


def span_text(source: str, span: n.Span) -> str:
    """The text a span covers."""
    lines = source.splitlines()[span.line - 1 : span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1 : span.end_column - 1]
    return "\n".join([lines[0][span.column - 1 :], *lines[1:-1], lines[-1][: span.end_column - 1]])


def name_span(source: str, span: n.Span, name: str) -> n.Span:
    """Where ``name`` is first written inside ``span`` (its start when it is not)."""
    lines = source.splitlines()
    for number in range(span.line, min(span.end_line, len(lines)) + 1):
        start = span.column - 1 if number == span.line else 0
        found = re.compile(rf"\b{re.escape(name)}\b").search(lines[number - 1], start)
        if found:
            return n.Span(span.file, number, found.start() + 1, number, found.end() + 1)
    return n.Span(span.file, span.line, span.column, span.line, span.column)


def _cite(citation: str | None) -> str:
    return f" — § {citation}" if citation else ""


def _quote(quotes: tuple[str, ...]) -> str:
    return f"\n\n> {quotes[0]}" if quotes else ""


def _code(text: str) -> str:
    return f"\n\n```clearlaw\n{text}\n```"


def declarations(statute: n.Statute) -> Iterator[Declaration]:
    """Every name ``statute`` declares, in file order by kind."""

    def make(kind: str, name: str, span: n.Span, doc: str) -> Declaration:
        source = source_of(statute, span.file)
        return Declaration(kind, name, span, name_span(source, span, name), doc)

    def text(span: n.Span) -> str:
        return span_text(source_of(statute, span.file), span)

    for o in statute.outcomes:
        relief = f" (relief{', ' + o.kind if o.kind else ''})" if o.relief else ""
        yield make("outcome", o.name, o.span, f"**outcome** `{o.name}`{relief}: {o.description}")
    for f in statute.facts:
        doc = f"**fact** `facts.{f.name}`: {f.type}"
        if f.description:
            doc += f" — {f.description}"
        if f.presumed is not None:
            doc += f"\n\npresumed `{text(f.presumed.value.span)}`{_cite(f.presumed.citation)}"
        yield make("fact", f.name, f.span, doc)
    for p in statute.parameters:
        values = [
            f"- {'from ' + str(v.start) + ': ' if v.start else ''}`{text(v.value.span)}`"
            f"{_cite(v.citation)}"
            for v in p.values
        ]
        valid = (
            "\n\nvalid "
            + ", ".join(f"{lo:g} to {hi:g}" if lo != hi else f"{lo:g}" for lo, hi in p.valid)
            if p.valid
            else ""
        )
        doc = f"**parameter** `{p.name}`: {p.type}\n\n" + "\n".join(values) + valid
        yield make("parameter", p.name, p.span, doc)
    for s in statute.sets:
        if s.table:
            what = f'table "{s.table}" ({len(s.patterns)} sections)'
        else:
            what = ", ".join(f'"{pattern}"' for pattern, _ in s.patterns[:8])
            what += ", …" if len(s.patterns) > 8 else ""
        including = f" including {', '.join(s.inchoate)}" if s.inchoate else ""
        doc = f"**set** `{s.name}`{_cite(s.citation)}\n\n{what}{including}{_quote(s.quotes)}"
        yield make("set", s.name, s.span, doc)
    for d in statute.defines:
        doc = (
            f"**define** `{d.name}`{_cite(d.citation)}{_quote(d.quotes)}{_code(text(d.value.span))}"
        )
        yield make("define", d.name, d.span, doc)
    for decision in statute.decisions:
        kind = "rule" if isinstance(decision, n.Rule) else "exception"
        title = f' "{decision.title}"' if decision.title else ""
        gives = f"\n\ngives `{decision.outcome}`"
        if isinstance(decision, n.Exception_):
            gives += {"bar": " (a bar)", "block": " while it holds", "delay": " until a date"}.get(
                decision.kind, ""
            )
        doc = f"**{kind}** `{decision.name}`{title}{_cite(decision.citation)}{gives}{_quote(decision.quotes)}"
        yield make(kind, decision.name, decision.span, doc)
    for reading in statute.readings:
        doc = (
            f'**reading** `{reading.name}` "{reading.title}"{_cite(reading.citation)}\n\n'
            f"default `{reading.default}`: {reading.default_title}"
        )
        yield make("reading", reading.name, reading.span, doc)
        for alt in reading.alternatives:
            doc = f"**alternative** `{alt.name}` of `{reading.name}`: {alt.title}{_cite(alt.citation)}"
            yield make("alternative", alt.name, alt.span, doc)
