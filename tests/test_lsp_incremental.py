"""``clearlaw.lsp.incremental.Reparser``: after any edit, the statute it builds is the one
``parse_statute_text`` builds from the whole text, and its syntax errors read the same; and
the server's whole check after a sequence of edits says exactly what ``clearlaw lint`` says."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearlaw import check
from clearlaw.diagnostics import Diagnostic, StatuteError
from clearlaw.library import list_statutes, parse
from clearlaw.lsp.analysis import analyze, finish
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


# --------------------------------------------------------------- the whole check after edits
SETS = (
    '\nset edited_a = "PL 120.*"                                § CPL 160.57(1)(b)(vi)\n'
    'set edited_b = "PL 130.*"                                  § CPL 160.57(1)(b)(vi)\n'
    'exception edited_both "in both sets"                       § CPL 160.57(1)(b)(vi)\n'
    "  not_eligible when citation in edited_a and citation in edited_b\n"
)
IMPOSSIBLE = (
    '\nexception impossible "never"                             § CPL 160.57(1)(b)(vi)\n'
    "  not_eligible when level is felony and level is misdemeanor\n"
)
BOTH = (
    '\nrule old_felony "an old felony"                          § CPL 160.57(1)(b)(ii)\n'
    "  seal on offense_date + 20 years when level is felony\n"
)


def _sequence(text: str) -> list[str]:
    """Edits a drafter makes, in turn: errors made and fixed, lines added above, a set's
    patterns changed (its exception can never apply while the sets share nothing)."""
    sets = text + SETS  # PL 120.* and PL 130.* share nothing: `edited_both` never applies
    overlapping = sets.replace('"PL 130.*"', '"PL 120.05"')
    return [
        text,
        "# a line above\n" + text,
        text.replace("when level is misdemeanor", "when levle is misdemeanor"),
        text,
        text + IMPOSSIBLE,
        "# a line above\n\n" + text + IMPOSSIBLE,  # the error moves down
        text + IMPOSSIBLE.replace("level is misdemeanor", "offense_date after 2000-01-01"),
        text + BOTH,  # conflicts with `felony`
        text + BOTH + "  notwithstanding felony\n",
        text.replace("felony_wait: duration = 8 years", "felony_wait: duration = 8 yeras"),
        sets,
        "# a line above\n" + sets,
        overlapping,  # the same formula text, other patterns: `edited_both` can apply
        sets,  # and back
        text,
    ]


def _lint(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Diagnostic, ...]:
    """``clearlaw lint``'s diagnostics, the logic search's answers all found afresh."""
    with monkeypatch.context() as m:
        m.setattr(check, "_MODELS", {})
        try:
            return parse(text, str(NY)).checked.warnings
        except StatuteError as err:
            return err.diagnostics


def test_the_whole_check_after_edits_is_lints(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's path (parse what changed, check without the logic search, then the
    whole check, its answers kept from text to text) says exactly what lint says."""
    reparser = Reparser()
    texts = _sequence(NY.read_text(encoding="utf-8"))
    said = []
    for text in texts:
        expected = _lint(text, monkeypatch)
        quick = analyze(text, str(NY), parse=reparser.parse, logic=False)
        whole = finish(quick, text, str(NY)) if quick.pending else quick
        assert whole.diagnostics == expected
        assert analyze(text, str(NY), parse=reparser.parse).diagnostics == expected
        said.append({d.message.split(":")[0] for d in expected if d.severity == "error"})
    assert said[2] == {"unknown name `levle`"}
    assert said[4] == said[5] == {"`impossible` can never apply"}
    felony_line = (
        NY.read_text(encoding="utf-8")
        .splitlines()
        .index(next(line for line in texts[0].splitlines() if line.startswith("rule felony ")))
    )
    assert said[7] == {
        f"rules `felony` (line {felony_line + 1}) and `old_felony` can both apply with different dates"
    }
    assert said[10] == said[11] == said[13] == {"`edited_both` can never apply"}
    assert [said[i] for i in (0, 1, 3, 6, 8, 12, 14)] == [set()] * 7
    assert said[9]  # the syntax error


def test_an_edit_elsewhere_searches_nothing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The logic search's answers hold wherever a declaration moves and whatever a value
    not in a condition is: after lines are added above or a duration changed, nothing is
    searched again; a set's changed patterns are."""
    text = NY.read_text(encoding="utf-8") + SETS.replace('"PL 130.*"', '"PL 120.05"')
    parse(text, str(NY))
    searched: list[object] = []
    monkeypatch.setattr(check._Logic, "search", lambda self, wanted: searched.append(wanted))
    parse("# a line above\n\n" + text, str(NY))
    parse(
        text.replace("felony_wait: duration = 8 years", "felony_wait: duration = 9 years"), str(NY)
    )
    assert searched == []
    parse(text.replace('"PL 120.05"', '"PL 120.10"'), str(NY))
    assert searched
