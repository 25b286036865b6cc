"""``clearlaw.lsp.incremental.Reparser``: after any edit, the statute it builds is the one
``parse_statute_text`` builds from the whole text, and its syntax errors read the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearlaw.diagnostics import StatuteError
from clearlaw.library import list_statutes
from clearlaw.lsp.incremental import Reparser
from clearlaw.policy import is_policy_text
from clearlaw.syntax import parse_statute_text

STATUTES = [
    path
    for path in list_statutes().values()
    if not is_policy_text(path.read_text(encoding="utf-8"))
]
NY = next(p for p in STATUTES if p.as_posix().endswith("ny/clean-slate.law"))


def _same(reparser: Reparser, text: str, path: Path) -> None:
    assert reparser.parse(text, str(path)) == parse_statute_text(text, str(path))


@pytest.mark.parametrize("path", STATUTES, ids=lambda p: p.stem + "-" + p.parent.name)
def test_every_library_statute(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    reparser = Reparser()
    _same(reparser, text, path)
    _same(reparser, "# a line above\n\n" + text, path)  # every part moves down
    _same(reparser, text, path)  # and back up
    _same(reparser, text, path)  # nothing changed: every declaration's node is taken again


EDITS = [
    ("felony_wait: duration = 8 years", "felony_wait: duration = 9 years"),  # inside a part
    ("define wait =\n", "define wait =\n\n\n"),  # lines added inside a part
    ("\nset article_220", "\n# a comment\nset article_220"),  # a comment between parts
    ("rule felony ", "rule felony_two "),
]


@pytest.mark.parametrize(("old", "new"), EDITS)
def test_edits(old: str, new: str) -> None:
    text = NY.read_text(encoding="utf-8")
    assert old in text
    reparser = Reparser()
    _same(reparser, text, NY)
    _same(reparser, text.replace(old, new), NY)
    _same(reparser, text, NY)


def test_a_declaration_written_twice() -> None:
    text = NY.read_text(encoding="utf-8") + '\nset extra = "PL 1.00"\n\nset extra = "PL 1.00"\n'
    reparser = Reparser()
    for _ in range(2):
        _same(reparser, text, NY)


def test_a_long_quote_is_parsed_whole() -> None:
    old = "§ Penal Law 10.00(6)\n  level is felony"
    text = NY.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(
        old, '§ Penal Law 10.00(6)\n  quote """two lines,\nrule x"""\n  level is felony'
    )
    _same(Reparser(), text, NY)


@pytest.mark.parametrize(
    "broken",
    [
        ("  otherwise not_eligible\n", ""),
        ("rule felony ", "rule felony felony "),
        ("felony_wait: duration = 8 years", "felony_wait: duration = 8 yeras"),
        ("level is felony or level is misdemeanor", "not " * 120 + "level is felony"),
    ],
)
def test_errors_read_as_lint_gives_them(broken: tuple[str, str]) -> None:
    text = NY.read_text(encoding="utf-8")
    reparser = Reparser()
    reparser.parse(text, str(NY))
    edited = text.replace(*broken)
    with pytest.raises(StatuteError) as whole:
        parse_statute_text(edited, str(NY))
    with pytest.raises(StatuteError) as again:
        reparser.parse(edited, str(NY))
    assert again.value.diagnostics == whole.value.diagnostics
