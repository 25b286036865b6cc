"""The editors' syntax grammar (TextMate, for VS Code and the editors that read it), written
from the Lark grammar's own terminals so that the two cannot drift.

``python -m clearlaw.lsp.textmate editors/vscode/syntaxes/clearlaw.tmLanguage.json`` writes
it; tests/test_lsp_grammar.py checks that the file is what this module writes and that it
classifies every keyword the parser reads in the library.  The patterns keep to what
Oniguruma (the editors' engine) and Python's ``re`` read alike: classes, groups, ``\\b``,
``\\d``, ``\\s``, ``\\w``, counted repeats.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from clearlaw.io.outputs import write_text
from clearlaw.lsp.vocabulary import keywords, word_terminals
from clearlaw.syntax import _parser as statute_parser

__all__ = ["grammar", "main"]

#: Keywords that open a declaration (and the name after them is what is declared).
DECLARING = ("rule", "exception", "define", "parameter", "set", "reading", "alternative", "default")
#: Keywords that open a file, a section or a block.
STRUCTURE = (
    "statute",
    "outcomes",
    "otherwise",
    "applies",
    "facts",
    "policy",
    "amendment",
    "amends",
    "replace",
    "insert",
    "strike",
    "add",
    "remove",
    "tests",
    "test",
    "person",
    "case",
    "count",
    "expect",
    "quote",
    "cites",
    "note",
)
#: Keywords that combine conditions.
OPERATORS = ("and", "or", "not", "is", "in", "if", "then", "else")
CONSTANTS = ("true", "false")
#: The scope of each word terminal of the grammar (others: ``support.constant``).
_WORD_SCOPES = {"TYPE": "storage.type.clearlaw"}


def _words(words: tuple[str, ...] | list[str]) -> str:
    return r"\b(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + r")\b"


def _terminal(name: str) -> str:
    """A terminal's regular expression, a newline in it written `\\n`."""
    pattern: str = statute_parser().get_terminal(name).pattern.value
    return pattern.replace("\n", r"\n")


def grammar() -> dict[str, Any]:
    """The TextMate grammar of ``.law`` and ``.tests`` files."""
    every = set(keywords())
    grouped = set(DECLARING) | set(STRUCTURE) | set(OPERATORS) | set(CONSTANTS)
    unknown = grouped - every
    if unknown:  # the grammar dropped a keyword this module names
        raise ValueError(f"not keywords of grammar/clearlaw.lark: {', '.join(sorted(unknown))}")
    others = sorted(every - grouped)
    patterns: list[dict[str, Any]] = [
        {"name": "comment.line.number-sign.clearlaw", "match": _terminal("COMMENT")},
        {"name": "string.quoted.triple.clearlaw", "begin": '"""', "end": '"""'},
        {"name": "string.quoted.double.clearlaw", "match": _terminal("STRING")},
        {"name": "markup.underline.citation.clearlaw", "match": _terminal("CITE")},
        {"name": "constant.numeric.date.clearlaw", "match": r"\b" + _terminal("DATE") + r"\b"},
        {
            "name": "entity.name.namespace.reference.clearlaw",
            "match": r"\b(?:" + _terminal("STATUTE_ID") + "|" + _terminal("COUNT_REF") + ")",
        },
        {"name": "constant.numeric.clearlaw", "match": r"\b" + _terminal("NUMBER") + r"\b"},
        {
            "match": _words(DECLARING) + r"\s+([A-Za-z_][A-Za-z0-9_]*)",
            "captures": {
                "0": {"name": "keyword.control.declaration.clearlaw"},
                "1": {"name": "entity.name.function.clearlaw"},
            },
        },
        {"name": "keyword.control.declaration.clearlaw", "match": _words(DECLARING)},
        {"name": "keyword.control.clearlaw", "match": _words(STRUCTURE)},
        {"name": "keyword.operator.word.clearlaw", "match": _words(OPERATORS)},
        {"name": "constant.language.boolean.clearlaw", "match": _words(CONSTANTS)},
        {"name": "keyword.other.clearlaw", "match": _words(others)},
        *(
            {
                "name": _WORD_SCOPES.get(terminal.name, "support.constant.clearlaw"),
                "match": r"\b" + terminal.pattern,
            }
            for terminal in word_terminals()
        ),
        {"name": "keyword.operator.clearlaw", "match": _terminal("COMPARE") + r"|=|\+|-"},
    ]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "clearlaw",
        "scopeName": "source.clearlaw",
        "fileTypes": ["law", "tests"],
        "comment": "Written by `python -m clearlaw.lsp.textmate` from grammar/clearlaw.lark; do not edit.",
        "patterns": patterns,
    }


def main(argv: list[str]) -> int:
    """Write the grammar to the file named (standard output without one)."""
    text = json.dumps(grammar(), indent=2, ensure_ascii=False) + "\n"
    if argv:
        write_text(argv[0], text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
