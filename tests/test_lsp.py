"""The language server (``clearlaw lsp``), driven over its protocol as an editor drives it:
diagnostics on open and change, hover, go to definition, completion and the outline, for a
statute, its tests file and an amendment (fabricated people only)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types as t

from clearlaw.resources import statutes_dir
from tests.lsp_client import Session


@pytest.fixture(scope="module")
def lsp() -> Iterator[Session]:
    session = Session()
    yield session
    session.close()


@pytest.fixture
def ny(tmp_path: Path) -> Path:
    """A copy of the New York statute, its tests and tables, in ``drafts/`` (an amendment
    beside ``drafts`` amends it as ``drafts/clean-slate``)."""
    shutil.copytree(statutes_dir() / "ny", tmp_path / "drafts")
    return tmp_path / "drafts" / "clean-slate.law"


def _line_of(text: str, needle: str) -> tuple[int, int]:
    """0-based line and character of the first ``needle``."""
    for number, line in enumerate(text.splitlines()):
        if needle in line:
            return number, line.index(needle)
    raise AssertionError(f"{needle!r} not in the text")


def test_capabilities(lsp: Session) -> None:
    caps = lsp.capabilities
    assert caps.hover_provider and caps.definition_provider and caps.document_symbol_provider
    assert caps.completion_provider is not None
    assert list(caps.completion_provider.trigger_characters or ()) == ["."]


def test_statute_diagnostics_follow_edits(lsp: Session, ny: Path) -> None:
    text = ny.read_text(encoding="utf-8")
    assert lsp.open(ny) == []
    broken = text.replace(
        "seal on sealing_date when level is misdemeanor",
        "seal on sealing_date when levle is misdemeanor",
    )
    found = lsp.change(ny, 2, broken)
    assert len(found) == 1
    line, character = _line_of(broken, "levle is misdemeanor")
    assert found[0].severity == t.DiagnosticSeverity.Error
    assert found[0].range.start == t.Position(line, character)
    assert "levle" in found[0].message and "`level`" in found[0].message
    assert lsp.change(ny, 3, text) == []


def test_the_search_for_rules_that_never_apply_follows(lsp: Session, ny: Path) -> None:
    """Everything but the (costly) logic search is published first, then the whole check."""
    text = ny.read_text(encoding="utf-8") + (
        '\nexception impossible "never"  § X\n'
        "  not_eligible when level is felony and level is misdemeanor\n"
    )
    lsp.open(ny)
    assert lsp.change(ny, 2, text) == []
    (found,) = lsp.later(ny.resolve().as_uri())
    assert found.message == "`impossible` can never apply: its conditions contradict each other"
    assert found.range.start.line == _line_of(text, "exception impossible")[0]


def test_syntax_error_and_warning(lsp: Session, ny: Path) -> None:
    text = ny.read_text(encoding="utf-8")
    lsp.open(ny)
    found = lsp.change(ny, 2, text.replace("  otherwise not_eligible\n", ""))
    assert [d.severity for d in found] == [t.DiagnosticSeverity.Error]
    assert "otherwise" in found[0].message
    unused = text.replace(
        "  otherwise not_eligible", '  deferred "Deferred"\n  otherwise not_eligible'
    )
    found = lsp.change(ny, 3, unused)
    assert [(d.severity, d.message) for d in found] == [
        (t.DiagnosticSeverity.Warning, "outcome `deferred` is declared but no rule gives it")
    ]
    assert found[0].range.start.line == _line_of(unused, 'deferred "Deferred"')[0]


def test_columns_are_utf16_units(lsp: Session, ny: Path) -> None:
    """A character outside the Basic Multilingual Plane is two UTF-16 units in the editor."""
    text = (
        ny.read_text(encoding="utf-8")
        + 'define smile = "\N{GRINNING FACE}\N{GRINNING FACE}" is levle\n'
    )
    lsp.open(ny)
    found = [d for d in lsp.change(ny, 2, text) if "levle" in d.message]
    line, character = _line_of(text, "levle")
    assert len(found) == 1 and found[0].range.start.line == line
    assert found[0].range.start.character == character + 2  # two characters, four units


#: Where the cursor is (a text, and how far into it), and what the hover must say.
HOVERS = [
    ("(crime or citation", 2, ["**define** `crime`", "Penal Law 10.00(6)", "level is felony or"]),
    ("facts.victim_age < 17", 8, ["**fact** `facts.victim_age`: number", "age of the victim"]),
    (
        "+ felony_wait",
        4,
        ["**parameter** `felony_wait`: duration", "`8 years` — § CPL 160.57(1)(b)(ii)"],
    ),
    ("if sentence.incarcerated", 8, ["whether the sentence included jail or prison"]),
    ("before this.registration_after", 14, ["**define** `registration_after`"]),
    ("after this.disposition_date", 12, ["the date of conviction or other disposition"]),
    (
        "§ Penal Law 10.00(6)",
        3,
        [
            "**section** § Penal Law 10.00(6)",
            "<https://www.nysenate.gov/legislation/laws/CPL/160.57>",
        ],
    ),
    (
        "notwithstanding pending_charge",
        18,
        ['"a later criminal charge pending in New York"', "gives `not_eligible` while it holds"],
    ),
]


@pytest.mark.parametrize(("needle", "offset", "expected"), HOVERS)
def test_hover(lsp: Session, ny: Path, needle: str, offset: int, expected: list[str]) -> None:
    text = ny.read_text(encoding="utf-8")
    lsp.open(ny)
    line, character = _line_of(text, needle)
    shown = lsp.hover(ny, line, character + offset)
    assert shown is not None
    assert [e for e in expected if e not in shown] == []


def test_no_hover_in_a_comment(lsp: Session, ny: Path) -> None:
    lsp.open(ny)
    assert (
        lsp.hover(ny, *_line_of(ny.read_text(encoding="utf-8"), "# New York Clean Slate")) is None
    )


def test_definition(lsp: Session, ny: Path) -> None:
    text = ny.read_text(encoding="utf-8")
    lsp.open(ny)
    found = lsp.definition(ny, *_line_of(text, "sealing_date when level is misdemeanor"))
    assert found is not None and found.uri == ny.resolve().as_uri()
    line, character = _line_of(text, "define sealing_date")
    assert found.range == t.Range(t.Position(line, character + 7), t.Position(line, character + 19))
    line, character = _line_of(text, "tables/ny-168a-2-sex-offenses.csv")
    found = lsp.definition(ny, line, character + 3)
    assert found is not None
    assert found.uri == (ny.parent / "tables" / "ny-168a-2-sex-offenses.csv").resolve().as_uri()
    assert lsp.definition(ny, *_line_of(text, "# New York Clean Slate")) is None


def test_completion(lsp: Session, ny: Path) -> None:
    text = ny.read_text(encoding="utf-8")
    edited = text.replace(
        "seal on sealing_date when level is misdemeanor", "seal on sealing_date when facts."
    )
    lsp.open(ny)
    lsp.change(ny, 2, edited)
    line, character = _line_of(edited, "when facts.")
    labels = {i.label for i in lsp.completion(ny, line, character + len("when facts."))}
    assert labels == {"victim_age", "offender_is_parent", "registrable_subdivision"}
    edited = text.replace(
        "seal on sealing_date when level is misdemeanor", "seal on sealing_date when sentence."
    )
    lsp.change(ny, 3, edited)
    line, character = _line_of(edited, "when sentence.")
    labels = {i.label for i in lsp.completion(ny, line, character + len("when sentence."))}
    assert {"imposed_date", "incarcerated", "supervision_end_date"} <= labels
    assert "birth_date" not in labels
    line, character = _line_of(text, "seal on sealing_date when level is misdemeanor")
    items = {i.label: i for i in lsp.completion(ny, line, character)}
    assert items["misdemeanor_wait"].kind == t.CompletionItemKind.Constant
    assert items["sealing_date"].kind == t.CompletionItemKind.Function
    assert items["seal"].kind == t.CompletionItemKind.EnumMember
    assert items["sentence.imposed_date"].kind == t.CompletionItemKind.Field
    assert items["notwithstanding"].kind == t.CompletionItemKind.Keyword
    assert items["misdemeanor"].kind == t.CompletionItemKind.Keyword  # an offense level


def test_outline(lsp: Session, ny: Path) -> None:
    lsp.open(ny)
    found = {s.name: s for s in lsp.symbols(ny)}
    assert "New York Clean Slate Act — automatic sealing of convictions" in found
    assert [c.name for c in found["outcomes"].children or []] == ["seal", "not_eligible"]
    assert found["facts"].children is not None and len(found["facts"].children) == 3
    assert found["misdemeanor"].kind == t.SymbolKind.Method
    assert found["pending_charge"].kind == t.SymbolKind.Event
    assert found["sealing_date"].kind == t.SymbolKind.Function
    reading = found["restarting_convictions"]
    assert [c.name for c in reading.children or []] == ["any_jurisdiction"]


def test_tests_file(lsp: Session, ny: Path) -> None:
    tests = ny.with_suffix(".tests")
    text = tests.read_text(encoding="utf-8")
    assert lsp.open(tests) == []
    broken = text.replace("expect C1/1 seal on 2025-09-01", "expect C1/1 sael on 2025-09-01", 1)
    found = lsp.change(tests, 2, broken)
    assert len(found) == 1 and "sael" in found[0].message and "`seal`" in found[0].message
    assert found[0].range.start.line == _line_of(broken, "sael")[0]
    lsp.change(tests, 3, text)
    shown = lsp.hover(tests, *_line_of(text, "seal on 2025-09-01"))
    assert shown is not None and "**outcome** `seal` (relief, automatic)" in shown
    names = [s.name for s in lsp.symbols(tests)]
    assert names[0] == 'test "misdemeanor: sealed on the third anniversary of release"'
    assert len(names) == text.count("\ntest ")
    found_def = lsp.definition(tests, *_line_of(text, "seal on 2025-09-01"))
    assert found_def is not None and found_def.uri == ny.resolve().as_uri()
    line, character = _line_of(text, "tests for ny/clean-slate")
    found_def = lsp.definition(tests, line, character + 12)
    assert found_def is not None and found_def.uri == ny.resolve().as_uri()


def test_tests_file_sees_the_open_statute(lsp: Session, ny: Path) -> None:
    """A tests file is checked against the editor's text of its statute, saved or not."""
    tests = ny.with_suffix(".tests")
    statute = ny.read_text(encoding="utf-8")
    lsp.open(ny)
    lsp.change(ny, 2, statute.replace("  seal ", "  sealed ").replace("seal on", "sealed on"))
    found = lsp.open(tests)
    assert found and all("seal" in d.message for d in found)


def test_an_open_tests_file_is_checked_again_when_its_statute_changes(
    lsp: Session, ny: Path
) -> None:
    tests = ny.with_suffix(".tests")
    statute = ny.read_text(encoding="utf-8")
    lsp.open(ny)
    lsp.later(ny.resolve().as_uri())  # the whole check, before the tests file is open
    assert lsp.open(tests) == []
    lsp.change(ny, 2, statute.replace("  seal ", "  sealed ").replace("seal on", "sealed on"))
    found = lsp.diagnostics(tests.resolve().as_uri(), 1)
    assert found and all("seal" in d.message for d in found)


def test_amendment(lsp: Session, ny: Path) -> None:
    draft = ny.parent.parent / "draft.law"
    draft.write_text(
        'amendment "Two years for misdemeanors"\n'
        "  amends drafts/clean-slate\n"
        "parameter misdemeanor_wait = true     § Bill 1\n",
        encoding="utf-8",
    )
    found = lsp.open(draft)
    assert [(d.range.start.line, d.severity) for d in found] == [(2, t.DiagnosticSeverity.Error)]
    assert "misdemeanor_wait" in found[0].message and "duration" in found[0].message
    fixed = draft.read_text(encoding="utf-8").replace("= true", "= 2 years")
    assert lsp.change(draft, 2, fixed) == []
    found_def = lsp.definition(draft, 1, 10)
    assert found_def is not None and found_def.uri == ny.resolve().as_uri()
    found_def = lsp.definition(draft, 2, 12)
    assert found_def is not None and found_def.uri == ny.resolve().as_uri()
    assert (
        found_def.range.start.line
        == _line_of(ny.read_text(encoding="utf-8"), "parameter misdemeanor_wait")[0]
    )
    assert [s.name for s in lsp.symbols(draft)] == [
        "Two years for misdemeanors",
        "set misdemeanor_wait",
    ]


def test_amended_statute_problems_are_shown_on_the_amends_line(lsp: Session, ny: Path) -> None:
    ny.write_text(
        ny.read_text(encoding="utf-8").replace(
            "when level is misdemeanor", "when levle is misdemeanor"
        ),
        encoding="utf-8",
    )
    draft = ny.parent.parent / "draft.law"
    draft.write_text(
        'amendment "x"\n  amends drafts/clean-slate\nparameter misdemeanor_wait = 2 years\n',
        encoding="utf-8",
    )
    found = lsp.open(draft)
    line = _line_of(ny.read_text(encoding="utf-8"), "levle")[0] + 1
    assert len(found) == 1 and found[0].range.start.line == 1
    assert found[0].message.startswith(f"clean-slate.law:{line}:") and "levle" in found[0].message


def test_a_malformed_message_is_one_line_on_stderr() -> None:
    """A client's broken JSON: the server says so in one line (and to the client), no
    traceback, and ends cleanly when its input ends."""
    done = subprocess.run(
        [sys.executable, "-m", "clearlaw.cli", "lsp"],
        input=b"Content-Length: 5\r\n\r\n{bad}",
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().splitlines() == [
        "clearlaw lsp: ERROR: Unable to handle message | JSONDecodeError: Expecting property"
        " name enclosed in double quotes: line 1 column 2 (char 1)"
    ]
    assert b'"method": "window/showMessage"' in done.stdout
