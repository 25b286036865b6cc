"""Parsing a statute again after an edit, declaration by declaration (``Reparser``).

A statute file is its header and outcomes, then declarations, each starting on a line of
its own with its keyword in the first column (``rule``, ``define``…).  ``Reparser`` keeps the
syntax tree of each part of the last text it parsed; after an edit it parses only the parts
whose text changed (a line added above a part moves its tree, which is cheaper than parsing
it), joins the trees and builds the statute (``clearlaw.syntax.build_statute``), taking
the node it built last time for a declaration that neither changed nor moved.  The result
is the one ``parse_statute_text`` gives (tests/test_lsp_incremental.py checks every library
statute).  A part that does not parse, or a text where parts cannot be told apart safely (a
``\"\"\"`` quote), is parsed whole, so that syntax errors read exactly as ``clearlaw lint``
gives them.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from typing import Any

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from clearlaw import nodes as n
from clearlaw.parser_cache import cached_parser
from clearlaw.resources import grammar_path
from clearlaw.syntax import _parser as statute_parser
from clearlaw.syntax import build_statute, built_declaration, parse_statute_text

__all__ = ["Reparser"]

#: Where a declaration starts: its keyword in the first column.
_DECLARATION = re.compile(r"^(?:applies|facts|parameter|set|define|rule|exception|reading)\b", re.M)


@functools.cache
def _declaration_parser() -> Lark:
    """The grammar's parser for one declaration (its tables cached like the file parser's)."""
    return cached_parser(
        grammar_path().read_text(encoding="utf-8"),
        start=["decl"],
        propagate_positions=True,
        maybe_placeholders=False,
    )


@attrs.define
class _Part:
    """A part's syntax tree, the line it starts on, and (a declaration's) node built from
    the tree where it is (``None`` until built, or when it must be built with the file)."""

    line: int
    tree: Tree[Token]
    node: object | None = None
    built: bool = False  # ``node`` is what ``built_declaration`` gave here


def _shift(tree: Tree[Token], lines: int) -> None:
    """Move every position in ``tree`` down by ``lines``."""
    for sub in tree.iter_subtrees():
        if not getattr(sub.meta, "empty", True):
            sub.meta.line += lines
            sub.meta.end_line += lines
        for child in sub.children:
            if isinstance(child, Token) and child.line is not None and child.end_line is not None:
                child.line += lines
                child.end_line += lines


def _moved(value: Any, lines: int) -> Any:
    """A declaration's node with every span moved down by ``lines`` (cheaper than building
    it again from its moved tree)."""
    cls = type(value)
    if cls is n.Span:
        return n.Span(
            value.file, value.line + lines, value.column, value.end_line + lines, value.end_column
        )
    if cls is tuple:
        return tuple(_moved(v, lines) for v in value)
    names = _node_fields(cls)
    if not names:
        return value
    changes = {}
    for name in names:
        old = getattr(value, name)
        new = _moved(old, lines)
        if new is not old:
            changes[name] = new
    return attrs.evolve(value, **changes) if changes else value


def _node_fields(cls: type) -> tuple[str, ...]:
    """The fields of a node class (none for a value: a text, a number, a date)."""
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls)) if attrs.has(cls) else ()
    return _FIELDS[cls]


_FIELDS: dict[type, tuple[str, ...]] = {}


def _parts(text: str) -> list[tuple[int, str]]:
    """The header-and-outcomes part and each declaration, with the line each starts on."""
    bounds = [0, *(m.start() for m in _DECLARATION.finditer(text)), len(text)]
    out, line = [], 1
    for start, end in itertools.pairwise(bounds):
        out.append((line, text[start:end]))
        line += text.count("\n", start, end)
    return out


class Reparser:
    """Parses one file's texts one after another, keeping each part's tree for the next."""

    def __init__(self) -> None:
        self._kept: dict[tuple[bool, str], _Part] = {}
        self._lock = threading.Lock()

    def parse(self, text: str, path: str) -> n.Statute:
        """``parse_statute_text(text, path)``, parsing only what changed since the last text."""
        if '"""' in text:
            return parse_statute_text(text, path)
        with self._lock:
            parts = self._parts(text)
            if parts is None:
                return parse_statute_text(text, path)
            for part in parts[1:]:
                if not part.built:
                    part.node, part.built = built_declaration(part.tree, path), True
            items: list[Any] = [
                *parts[0].tree.children,
                *(p.tree if p.node is None else p.node for p in parts[1:]),
            ]
            return build_statute(Tree("statute_file", items), text, path)

    def _parts(self, text: str) -> list[_Part] | None:
        kept, self._kept = self._kept, {}
        parts: list[_Part] = []
        for index, (line, part) in enumerate(_parts(text)):
            key = (index == 0, part)
            found = kept.pop(key, None)
            if found is None:
                padded = "\n" * (line - 1) + part  # the parser counts lines from the top
                try:
                    if index == 0:
                        tree = statute_parser().parse(padded, start="statute_file")
                    else:
                        tree = _declaration_parser().parse(padded, start="decl")
                except UnexpectedInput:
                    return None
                found = _Part(line, tree)
            elif found.line != line:
                _shift(found.tree, line - found.line)
                if found.node is not None:
                    found.node = _moved(found.node, line - found.line)
                found.line = line
            self._kept[key] = found
            parts.append(found)
        return parts
