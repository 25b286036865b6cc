"""``check --summary``: a field another count of the case lacks (``C1/2 citation``: Utah decides
a case as a whole) is tallied with the field, once per count, so that case ids do not split
one reason into many (found in the issue 14 audit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearlaw.cli import main


def _count(count_id: str, citation: str) -> dict[str, object]:
    return {
        "id": count_id,
        "citation": citation,
        "level": "misdemeanor",
        "class": "B",
        "offense_date": "2009-01-01",
        "disposition": "convicted",
        "disposition_date": "2010-01-01",
        "sentence": {"imposed_date": "2010-01-01", "completion_date": "2010-01-01"},
        "financial": {"restitution_ordered": False, "fines_paid": True},
    }


def test_another_counts_field_is_tallied_with_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "people.jsonl"
    people = [  # fabricated people, each with a case whose second citation cannot be read
        {
            "id": f"P{k}",
            "cases": [
                {
                    "id": f"C{k}",
                    "jurisdiction": "US-UT",
                    "status": "closed",
                    "counts": [_count("1", "76-6-602"), _count("2", "???")],
                }
            ],
        }
        for k in range(3)
    ]
    records.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    argv = ["check", "ut/clean-slate", str(records), "--as-of", "2026-12-07", "--summary"]
    assert main([*argv, "--format", "jsonl", "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "6 counts of 3 people: 0 decided, 6 needs_review, 0 out_of_scope" in err
    assert "needs_review for lack of: citation (6)" in err
    assert "C0/2" not in err.split("needs_review for lack of:")[1]
