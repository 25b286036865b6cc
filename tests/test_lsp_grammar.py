"""The editors' TextMate grammar against the Lark grammar: the file in editors/vscode is the one
``clearlaw.lsp.textmate`` writes from grammar/clearlaw.lark, it matches every keyword of the
language, and tokenized the way an editor tokenizes (Python's ``re`` for Oniguruma: the
patterns keep to what both read alike) it gives a keyword scope to every keyword the parser
reads in every library file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clearlaw.library import STATUTE_SUFFIX, TESTS_SUFFIX
from clearlaw.lsp.textmate import grammar
from clearlaw.lsp.vocabulary import keywords, word_terminals
from clearlaw.policy import is_policy_text
from clearlaw.resources import statutes_dir
from clearlaw.syntax import _parser as statute_parser
from tests.textmate_tokens import tokens

VSCODE = Path(__file__).resolve().parent.parent / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "clearlaw.tmLanguage.json"
#: The scopes an editor colours as words of the language.
KEYWORD_SCOPES = ("keyword.", "storage.type.", "support.constant.", "constant.language.")
LIBRARY = sorted(statutes_dir().rglob(f"*{STATUTE_SUFFIX}")) + sorted(
    statutes_dir().rglob(f"*{TESTS_SUFFIX}")
)


def test_the_file_is_written_from_the_lark_grammar() -> None:
    """Regenerate: ``python -m clearlaw.lsp.textmate PATH`` (``PATH``: ``GRAMMAR``)."""
    assert json.loads(GRAMMAR.read_text(encoding="utf-8")) == grammar()


def test_the_extension_folder() -> None:
    package = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (language,) = package["contributes"]["languages"]
    assert language["extensions"] == [".law", ".tests"]
    (syntax,) = package["contributes"]["grammars"]
    assert (VSCODE / syntax["path"]).resolve() == GRAMMAR
    assert syntax["scopeName"] == grammar()["scopeName"]
    configuration = json.loads((VSCODE / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "#"}
    assert ["(", ")"] in configuration["brackets"] and ["[", "]"] in configuration["brackets"]
    assert package["contributes"]["configuration"]["properties"]["clearlaw.command"]["default"] == [
        "clearlaw",
        "lsp",
    ]
    assert "vscode-languageclient/node" in (VSCODE / package["main"]).read_text(encoding="utf-8")


def _keyword_patterns() -> list[re.Pattern[str]]:
    return [
        re.compile(p["match"])
        for p in grammar()["patterns"]
        if "match" in p and p.get("name", "").startswith(KEYWORD_SCOPES)
    ]


@pytest.mark.parametrize(
    "word",
    sorted(set(keywords()) | {w for terminal in word_terminals() for w in terminal.words}),
)
def test_every_keyword_has_a_pattern(word: str) -> None:
    assert any(p.fullmatch(word) for p in _keyword_patterns())


def test_every_terminal_of_the_grammar_is_read() -> None:
    """A terminal added to the grammar must be placed: a keyword, a word list, or one of the
    terminals the TextMate grammar writes (or the few it leaves as plain text)."""
    placed = {"COMMENT", "STRING", "LONG_STRING", "CITE", "DATE", "STATUTE_ID", "COUNT_REF"}
    placed |= {"NUMBER", "COMPARE", "NAME", "ID", "WS"}
    words = {t.name for t in word_terminals()}
    for terminal in statute_parser().terminals:
        value = terminal.pattern.value
        if terminal.pattern.type == "str":
            assert value in keywords() or not value.isalpha(), terminal.name
        else:
            assert terminal.name in placed | words, terminal.name


def _tokenize(text: str) -> dict[tuple[int, int], str]:
    """The scope of each token's first character, by 1-based line and column."""
    return {(token.line, token.start + 1): token.scope for token in tokens(text)}


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(statutes_dir())))
def test_every_keyword_the_parser_reads_is_coloured(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start = (
        "tests_file"
        if path.suffix == TESTS_SUFFIX
        else "policy_file"
        if is_policy_text(text)
        else "statute_file"
    )
    parser = statute_parser()
    words = {t.name for t in word_terminals()}
    scopes = _tokenize(text)
    read = 0
    for token in parser.parse_interactive(text, start=start).iter_parse():
        if token.type == "$END":
            continue
        pattern = parser.get_terminal(token.type).pattern
        if token.type in words or (pattern.type == "str" and pattern.value.isalpha()):
            read += 1
            scope = scopes.get((token.line, token.column), "(none)")
            assert scope.startswith(KEYWORD_SCOPES), (
                f"{path.name}:{token.line}:{token.column} {token!s}: {scope}"
            )
    assert read > 10
