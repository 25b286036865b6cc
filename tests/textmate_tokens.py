"""Tokenizing a text with the editors' TextMate grammar (editors/vscode) as a TextMate engine
does, with Python's ``re`` for the editors' Oniguruma (the grammar's patterns keep to what both
read alike): for tests/test_lsp_grammar.py and the editor screenshot."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from clearlaw.lsp.textmate import grammar


class Token(NamedTuple):
    """A scope over ``line`` (1-based) from column ``start`` to ``end`` (0-based, end
    excluded)."""

    line: int
    start: int
    end: int
    scope: str


def tokens(text: str) -> list[Token]:
    """Each line tokenized in turn: the pattern whose match starts first wins, ties to the
    earlier pattern; ``begin``/``end`` patterns span lines; text no pattern matches has no
    token."""
    patterns: list[dict[str, Any]] = grammar()["patterns"]
    compiled = [re.compile(p.get("match") or p["begin"]) for p in patterns]
    out: list[Token] = []
    inside: dict[str, Any] | None = None  # the begin/end pattern a line starts inside
    for number, line in enumerate(text.splitlines(), start=1):
        pos = 0
        while pos <= len(line):
            if inside is not None:
                end = re.compile(inside["end"]).search(line, pos)
                stop = len(line) if end is None else end.end()
                out.append(Token(number, pos, stop, inside["name"]))
                if end is None:
                    break
                pos, inside = stop, None
                continue
            found = [
                (m.start(), i, m) for i, c in enumerate(compiled) if (m := c.search(line, pos))
            ]
            found = [f for f in found if f[2].end() > f[2].start()]
            if not found:
                break
            _, index, match = min(found, key=lambda f: (f[0], f[1]))
            pattern = patterns[index]
            if "begin" in pattern:
                inside = pattern
                out.append(Token(number, match.start(), match.end(), pattern["name"]))
            elif "captures" in pattern:
                whole, name = pattern["captures"]["0"]["name"], pattern["captures"]["1"]["name"]
                out.append(Token(number, match.start(), match.start(1), whole))
                out.append(Token(number, match.start(1), match.end(1), name))
            else:
                out.append(Token(number, match.start(), match.end(), pattern["name"]))
            pos = match.end()
    return out
