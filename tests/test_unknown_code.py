"""A citation to a code its case's jurisdiction does not have (``MLC 750.81`` in a Michigan case)
is unknown, as one that cannot be read is: whether it is on an excluded list cannot be told, so
the count is not decided as if no list matched; it is needs_review naming ``citation``, with the
warning naming the code, and ``check --summary`` counts it with the citations it cannot read
(issue 14, item 3; found by an audit of main)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearlaw.cli import main
from clearlaw.evaluate import CODE_REASON


def count_record(count_id: str, citation: str, level: str, cls: str) -> dict[str, object]:
    """A fabricated conviction of 2010 (JSON shape), its sentence completed and paid then."""
    return {
        "id": count_id,
        "citation": citation,
        "level": level,
        "class": cls,
        "offense_date": "2009-01-01",
        "disposition": "convicted",
        "disposition_date": "2010-01-01",
        "sentence": {
            "imposed_date": "2010-01-01",
            "completion_date": "2010-01-01",
            "incarcerated": False,
            "supervised": False,
        },
        "financial": {
            "restitution_ordered": False,
            "fines_paid": True,
            "fines_paid_date": "2010-01-01",
        },
    }


def _check(
    tmp_path: Path, statute: str, jurisdiction: str, citation: str, cls: str, *extra: str
) -> list[dict[str, object]]:
    records = tmp_path / "people.jsonl"
    person = {  # a fabricated person
        "id": "P1",
        "cases": [
            {
                "id": "C1",
                "jurisdiction": jurisdiction,
                "status": "closed",
                "counts": [count_record("1", citation, "misdemeanor", cls)],
            }
        ],
    }
    records.write_text(json.dumps(person) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["check", statute, str(records), "--as-of", "2026-12-07", "--format", "jsonl"]
    assert main([*argv, "-o", str(out), *extra]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("statute", "jurisdiction", "citation", "cls", "code"),
    [
        ("mi/clean-slate", "US-MI", "MLC 750.81", "", "MLC"),  # was set_aside
        ("ny/clean-slate", "US-NY", "PLL 130.20", "B", "PLL"),  # was seal
        ("pa/clean-slate", "US-PA", "18 Pa.C.X. 2701", "M2", "18PACX"),  # was limited_access
        ("ut/clean-slate", "US-UT", "UCC 76-5-102", "B", "UCC"),  # was expunge
    ],
)
def test_a_code_the_jurisdiction_lacks_is_an_unknown_citation(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    statute: str,
    jurisdiction: str,
    citation: str,
    cls: str,
    code: str,
) -> None:
    (d,) = _check(tmp_path, statute, jurisdiction, citation, cls)
    assert d["outcome"] == "needs_review"
    assert "citation" in d["missing"]  # type: ignore[operator]
    assert CODE_REASON in d["reasons"]  # type: ignore[operator]
    assert d["warnings"] == [
        f"citation {code} {citation.split()[-1]}: {jurisdiction} has no code `{code}`"
    ]
    assert f"person P1: C1/1: citation {code}" in capsys.readouterr().err


def test_the_summary_counts_it_unread_not_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(tmp_path, "mi/clean-slate", "US-MI", "MLC 750.81", "", "--summary")
    err = capsys.readouterr().err
    assert "1 counts of 1 people: 0 decided, 1 needs_review, 0 out_of_scope" in err
    assert "citations that cannot be read: 1; other warnings: 0" in err


def test_the_same_section_under_a_known_code_is_decided(tmp_path: Path) -> None:
    (d,) = _check(tmp_path, "mi/clean-slate", "US-MI", "MCL 750.81", "")
    assert d["outcome"] == "not_eligible"
    assert d["warnings"] == []


def test_the_duckdb_engine_agrees(tmp_path: Path) -> None:
    (d,) = _check(tmp_path, "mi/clean-slate", "US-MI", "MLC 750.81", "", "--engine", "duckdb")
    assert d["outcome"] == "needs_review"
    assert "citation" in d["missing"]  # type: ignore[operator]
