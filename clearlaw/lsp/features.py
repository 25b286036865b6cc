"""Hover, go to definition, completion and the document outline, from a file's text and its
``Analysis``.  Positions here count characters (code points), 0-based as in LSP;
``clearlaw.lsp.server`` converts them to the client's units."""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types as t

from clearlaw import nodes as n
from clearlaw.diagnostics import StatuteError
from clearlaw.lsp.analysis import Analysis, tested_statute_path
from clearlaw.lsp.declarations import Declaration, declarations, name_span
from clearlaw.lsp.vocabulary import (
    FIELDS,
    REGISTRATION_WORDS,
    keywords,
    word_terminals,
)
from clearlaw.policy import amended_path

__all__ = ["completions", "definition", "hover", "symbols", "to_range"]

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_QUOTED = re.compile(r'"([^"\\\n]|\\.)*"')
_STATUTE_REF = re.compile(r"^\s*(?:amends|tests\s+for)\s+(\S+)")


def to_range(span: n.Span) -> t.Range:
    """A clearlaw span (1-based lines and columns) as an LSP range (0-based)."""
    start = t.Position(span.line - 1, span.column - 1)
    end = t.Position(span.end_line - 1, span.end_column - 1)
    return t.Range(
        start, end if (end.line, end.character) >= (start.line, start.character) else start
    )


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line] if 0 <= line < len(lines) else ""


def _word_at(text: str, pos: t.Position) -> str | None:
    """The (dotted) name under the cursor, without ``this.``."""
    for match in _WORD.finditer(_line(text, pos.line)):
        if match.start() <= pos.character <= match.end():
            return match.group().removeprefix("this.")
    return None


def _in_string(line: str, character: int) -> str | None:
    for match in _QUOTED.finditer(line):
        if match.start() <= character < match.end():
            return match.group()[1:-1]
    return None


def _resolve(analysis: Analysis, word: str) -> Declaration | None:
    """The declaration a name refers to (``facts.x`` or, in a tests file, ``fact x``)."""
    if analysis.statute is None:
        return None
    found = {(d.kind == "fact", d.name): d for d in declarations(analysis.statute)}
    if word.startswith("facts."):
        return found.get((True, word.removeprefix("facts.")))
    return found.get((False, word)) or (
        found.get((True, word)) if analysis.tests is not None else None
    )


def hover(text: str, analysis: Analysis, pos: t.Position) -> t.Hover | None:
    """What the name (or the citation) under the cursor is."""
    line = _line(text, pos.line)
    section = line.find("§")
    comment = line.find("#")
    if (
        0 <= section <= pos.character
        and not 0 <= comment < section
        and _in_string(line, section) is None
    ):
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, _citation(line[section:], analysis)))
    word = _word_at(text, pos)
    if word is None or _in_string(line, pos.character) is not None:
        return None
    declared = _resolve(analysis, word)
    if declared is not None:
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, declared.doc))
    field = FIELDS.get(word) or REGISTRATION_WORDS.get(word)
    if field is not None:
        kind, meaning = field
        doc = f"**record field** `{word}`: {kind} — {meaning}"
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, doc))
    return None


def _citation(cite: str, analysis: Analysis) -> str:
    """A ``§ …`` citation, and the sources the statute's header cites."""
    section = cite.split("#", 1)[0].strip()
    doc = f"**section** {section}"
    if analysis.statute is not None and analysis.statute.header.cites:
        sources = [
            f"- {c.citation}" + (f" at <{c.source}>" if c.source else "")
            for c in analysis.statute.header.cites
        ]
        doc += f"\n\nsources of `{analysis.statute.header.id}`:\n" + "\n".join(sources)
    return doc


def definition(
    text: str, path: str, analysis: Analysis, pos: t.Position
) -> tuple[str, n.Span] | None:
    """The file and place the name (table, amended or tested statute) under the cursor is
    declared."""
    line = _line(text, pos.line)
    quoted = _in_string(line, pos.character)
    if quoted is not None and re.search(r"\btable\s*$", line[: line.find(quoted) - 1]):
        table = Path(path).parent / quoted
        return (str(table), n.Span(str(table), 1, 1, 1, 1)) if table.is_file() else None
    ref = _STATUTE_REF.match(line)
    if ref is not None and ref.start(1) <= pos.character <= ref.end(1):
        target = _statute_file(text, path, analysis)
        return (str(target), n.Span(str(target), 1, 1, 1, 1)) if target is not None else None
    word = _word_at(text, pos)
    declared = _resolve(analysis, word) if word else None
    return (declared.name_span.file, declared.name_span) if declared else None


def _statute_file(text: str, path: str, analysis: Analysis) -> Path | None:
    if analysis.policy is not None:
        try:
            return amended_path(analysis.policy)
        except StatuteError:
            return None
    return tested_statute_path(text, path)


# ------------------------------------------------------------------------------ completion

_KINDS = {
    "outcome": t.CompletionItemKind.EnumMember,
    "fact": t.CompletionItemKind.Property,
    "parameter": t.CompletionItemKind.Constant,
    "set": t.CompletionItemKind.Enum,
    "define": t.CompletionItemKind.Function,
    "rule": t.CompletionItemKind.Method,
    "exception": t.CompletionItemKind.Event,
    "reading": t.CompletionItemKind.Module,
    "alternative": t.CompletionItemKind.Module,
}


def completions(text: str, analysis: Analysis, pos: t.Position) -> list[t.CompletionItem]:
    """What may be written at the cursor: after ``facts.`` the declared facts, after a record
    field's prefix (``sentence.``) its fields, else names in scope, record fields, outcomes
    and the language's keywords."""
    before = _line(text, pos.line)[: pos.character]
    declared = list(declarations(analysis.statute)) if analysis.statute else []
    dotted = re.search(r"(?:this\.)?((?:[A-Za-z_]\w*\.)*)[A-Za-z_]?\w*$", before)
    prefix = dotted.group(1) if dotted else ""
    if prefix == "facts.":
        return [_item(d) for d in declared if d.kind == "fact"]
    if prefix:
        return [
            t.CompletionItem(
                name.removeprefix(prefix),
                kind=t.CompletionItemKind.Field,
                detail=f"{kind} — {meaning}",
            )
            for name, (kind, meaning) in FIELDS.items()
            if name.startswith(prefix)
        ]
    items = [_item(d) for d in declared if d.kind != "fact" or analysis.tests is not None]
    if analysis.tests is None:
        items += [
            t.CompletionItem("facts", kind=t.CompletionItemKind.Module, detail="the declared facts")
        ]
        items += [
            t.CompletionItem(name, kind=t.CompletionItemKind.Field, detail=f"{kind} — {meaning}")
            for name, (kind, meaning) in FIELDS.items()
        ]
    words = {w for terminal in word_terminals() for w in terminal.words} | set(keywords())
    items += [t.CompletionItem(w, kind=t.CompletionItemKind.Keyword) for w in sorted(words)]
    return items


def _item(d: Declaration) -> t.CompletionItem:
    return t.CompletionItem(
        d.name,
        kind=_KINDS[d.kind],
        detail=d.kind,
        documentation=t.MarkupContent(t.MarkupKind.Markdown, d.doc),
    )


# ------------------------------------------------------------------------------ outline

_SYMBOLS = {
    "outcome": t.SymbolKind.EnumMember,
    "fact": t.SymbolKind.Field,
    "parameter": t.SymbolKind.Constant,
    "set": t.SymbolKind.Array,
    "define": t.SymbolKind.Function,
    "rule": t.SymbolKind.Method,
    "exception": t.SymbolKind.Event,
    "reading": t.SymbolKind.Namespace,
    "alternative": t.SymbolKind.EnumMember,
}
#: Declarations shown under a heading (``outcomes``, ``facts``), and under their reading.
_GROUPED = {"outcome": "outcomes", "fact": "facts"}


def symbols(text: str, path: str, analysis: Analysis) -> list[t.DocumentSymbol]:
    """The outline of the file: a statute's header and declarations (outcomes and facts
    under their headings, alternatives under their reading), an amendment's changes, a tests
    file's tests."""
    if analysis.tests is not None:
        return [
            _symbol(f'test "{s.name}"', t.SymbolKind.Class, s.span, s.span)
            for s in analysis.tests.tests
        ]
    if analysis.policy is not None:
        policy = analysis.policy
        changes = [_change(text, change) for change in policy.changes]
        return [
            _symbol(policy.title, t.SymbolKind.Module, policy.span, policy.span, policy.id),
            *changes,
        ]
    statute = analysis.statute
    if statute is None or statute.path != path:
        return []
    header = statute.header
    out = [_symbol(header.title, t.SymbolKind.Module, header.span, header.span, header.id)]
    groups: dict[str, t.DocumentSymbol] = {}
    for d in declarations(statute):
        symbol = _symbol(d.name, _SYMBOLS[d.kind], d.span, d.name_span, d.kind)
        if d.kind in _GROUPED:
            group = groups.get(d.kind)
            if group is None:
                group = _symbol(_GROUPED[d.kind], t.SymbolKind.Struct, d.span, d.name_span)
                groups[d.kind] = group
                out.append(group)
            group.children = [*(group.children or []), symbol]
            group.range = t.Range(group.range.start, symbol.range.end)
        elif d.kind == "alternative":
            reading = out[-1]
            reading.children = [*(reading.children or []), symbol]
        else:
            out.append(symbol)
    return out


def _change(text: str, change: n.Change) -> t.DocumentSymbol:
    if isinstance(change, n.Rewrite):
        name = f"{'insert' if change.insert else 'replace'} {change.decl.name}"
        where = name_span(text, change.span, change.decl.name)
    else:
        verb = {n.Strike: "strike", n.SetEdit: "edit set"}.get(type(change), "set")
        name = f"{verb} {change.name}"
        where = name_span(text, change.span, change.name)
    return _symbol(name, t.SymbolKind.Property, change.span, where)


def _symbol(
    name: str, kind: t.SymbolKind, span: n.Span, selection: n.Span, detail: str | None = None
) -> t.DocumentSymbol:
    whole = to_range(span)
    chosen = to_range(selection)
    inside = (whole.start.line, whole.start.character) <= (
        chosen.start.line,
        chosen.start.character,
    )
    return t.DocumentSymbol(
        name=name,
        kind=kind,
        range=whole,
        selection_range=chosen if inside else whole,
        detail=detail,
    )
