"""Relief kind: ``relief automatic`` / ``relief petition`` in the language, on every library
statute, and in determinations (API, JSON Lines, CSV, table, schema) and ``compare``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest

import clearlaw
from clearlaw.compare import compare
from clearlaw.io.comparison import write_comparison_csv, write_comparison_table
from clearlaw.io.determinations import write_csv, write_jsonl, write_table
from clearlaw.library import list_statutes
from clearlaw.records import Case, Count, Disposition, Person

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 1, 1)


def _statute(kind: str, sid: str = "test/kind") -> str:
    relief = f"relief {kind}" if kind else "relief"
    return (
        f'statute "Relief kinds"\n  id {sid}\n  effective 2000-01-01\n'
        f'outcomes\n  clear {relief} "Cleared"\n  keep "Kept"\n  otherwise keep\n'
        "applies to each count where disposition is convicted  § T 1\n"
        'rule felony "felonies"  § T 2\n  clear when level is felony\n'
    )


PERSON = Person(
    id="P1",
    cases=(
        Case(
            id="C1",
            counts=(
                Count(id="1", disposition=Disposition.CONVICTED, level=clearlaw.Level.FELONY),
                Count(id="2", disposition=Disposition.CONVICTED, level=clearlaw.Level.MISDEMEANOR),
                Count(id="3", disposition=Disposition.CONVICTED),
            ),
        ),
    ),
)


def _kinds(text: str) -> list[tuple[str, object, object]]:
    statute = clearlaw.parse(text, "kind.law")
    return [(d.outcome, d.relief, d.relief_kind) for d in clearlaw.evaluate(statute, PERSON, AS_OF)]


@pytest.mark.parametrize("kind", ["automatic", "petition"])
def test_determinations_carry_the_kind(kind: str) -> None:
    assert _kinds(_statute(kind)) == [
        ("clear", True, kind),
        ("keep", False, None),
        ("needs_review", None, None),
    ]


def test_a_bare_relief_is_deprecated_with_a_did_you_mean() -> None:
    statute = clearlaw.parse(_statute(""), "kind.law")
    (warning,) = statute.checked.warnings
    assert warning.severity == "warning"
    assert "a bare `relief` is deprecated" in warning.message
    assert warning.hint is not None
    assert "`relief automatic`" in warning.hint and "`relief petition`" in warning.hint
    assert _kinds(_statute(""))[0] == ("clear", True, None)


def test_a_misspelled_kind_is_a_syntax_error_with_a_suggestion() -> None:
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.parse(_statute("automatc"), "kind.law")
    assert "did you mean `automatic`?" in str(info.value)


def test_every_library_statute_says_how_relief_comes() -> None:
    kinds: dict[str, set[str | None]] = {}
    for sid in list_statutes():
        statute = clearlaw.load(sid)
        for outcome in statute.node.outcomes:
            if outcome.relief:
                assert outcome.kind in ("automatic", "petition"), (sid, outcome.name)
                kinds.setdefault(sid, set()).add(outcome.kind)
    # NJ 2C:52-5.3 and OR 137.225 give eligibility to petition or move, not a cleared record;
    # CT 54-142a(e) erases by operation of law, and upon petition for offenses before 2000.
    assert {sid for sid, kind in kinds.items() if "petition" in kind} == {
        "ct/clean-slate",
        "nj/clean-slate",
        "or/set-aside",
    }
    assert kinds["ct/clean-slate"] == {"automatic", "petition"}


def test_outputs_carry_the_kind() -> None:
    statute = clearlaw.parse(_statute("petition"), "kind.law")
    found = clearlaw.evaluate(statute, PERSON, AS_OF)
    lines = io.StringIO()
    write_jsonl(found, lines)
    objects = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert [o["relief_kind"] for o in objects] == ["petition", None, None]
    schema = json.loads((ROOT / "docs/determination.schema.json").read_text(encoding="utf-8"))
    for obj in objects:
        jsonschema.validate(obj, schema)
    table = io.StringIO()
    write_csv(found, table)
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert [r["relief_kind"] for r in rows] == ["petition", "", ""]
    terminal = io.StringIO()
    write_table(found, terminal)
    header, _, first, *_ = terminal.getvalue().splitlines()
    assert header.split()[4] == "relief" and first.split()[4] == "petition"


def test_compare_counts_a_change_of_kind_as_a_change() -> None:
    automatic = clearlaw.parse(_statute("automatic", "test/automatic"), "a.law")
    petition = clearlaw.parse(_statute("petition", "test/petition"), "p.law")
    result = compare([automatic, petition], [PERSON], AS_OF)
    assert [(d.person, d.case, d.count) for d in result.differences] == [("P1", "C1", "1")]
    assert [t.counts_petition for t in result.totals] == [0, 1]
    assert [t.counts_relief for t in result.totals] == [1, 1]
    out = io.StringIO()
    write_comparison_table(result, out)
    assert "test/automatic: clear (2000-01-01, automatic)" in out.getvalue()
    assert "test/petition: clear (2000-01-01, petition)" in out.getvalue()
    rows = io.StringIO()
    write_comparison_csv(result, rows)
    header, row = list(csv.reader(io.StringIO(rows.getvalue())))
    assert row[header.index("test/petition relief_kind")] == "petition"
