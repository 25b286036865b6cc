"""What would decide it (clearlaw.questions, ``clearlaw check --questions``): the facts the
counts that need review lack, ranked, in the statute's own words."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

import clearlaw
from clearlaw.cli import main
from clearlaw.evaluate import Determination

NY = clearlaw.load("ny/clean-slate")


def review(person: str, count: str, *missing: str) -> Determination:
    return Determination(
        person=person,
        case="C1",
        count=count,
        statute=NY.id,
        outcome="needs_review",
        relief=None,
        eligible_on="unknown",
        rule=None,
        citations=(),
        reasons=(),
        missing=missing,
    )


def test_ranked_by_counts_settled_then_by_counts_that_lack_it() -> None:
    found = clearlaw.questions(
        NY,
        [
            review("P1", "1", "sentence.supervision_end_date"),
            review("P2", "1", "sentence.supervision_end_date"),
            review("P3", "1", "facts.victim_age", "sentence.incarcerated"),
            review("P3", "2", "C7/1 sentence.incarcerated", "disposition_date"),
            review("P4", "1", "sentence.incarcerated", "level"),
            review("P5", "1", "facts.victim_age"),
        ],
    )
    assert [(q.fact, q.settles, q.counts, q.people) for q in found] == [
        ("sentence.supervision_end_date", 2, 2, 2),
        ("facts.victim_age", 1, 2, 2),
        ("sentence.incarcerated", 0, 3, 2),  # C7/1's is the same question, of another count
        ("disposition_date", 0, 1, 1),
        ("level", 0, 1, 1),
    ]
    assert found[0].examples == ("P1 C1/1", "P2 C1/1")


def test_worded_with_the_statutes_own_descriptions_never_field_names() -> None:
    (fact, field) = clearlaw.questions(
        NY, [review("P1", "1", "facts.victim_age"), review("P2", "1", "sentence.incarcerated")]
    )
    assert fact.question == "age of the victim on the offense date (Correction Law 168-a(2))"
    assert field.question == "whether the sentence included jail or prison"
    assert "facts." not in fact.question + field.question


def test_decided_counts_ask_nothing() -> None:
    decided = Determination(
        "P1", "C1", "1", NY.id, "seal", True, date(2025, 1, 1), "misdemeanor", (), ()
    )
    assert clearlaw.questions(NY, [decided]) == ()


def records(tmp_path: Path) -> str:
    def person(pid: str, sentence: dict[str, object]) -> dict[str, object]:
        return {
            "id": pid,
            "birth_date": "1980-01-01",
            "cases": [
                {
                    "id": "C1",
                    "jurisdiction": "US-NY",
                    "status": "closed",
                    "counts": [
                        {
                            "id": "1",
                            "citation": "PL 155.25",
                            "level": "misdemeanor",
                            "class": "A",
                            "disposition": "convicted",
                            "disposition_date": "2020-01-01",
                            "sentence": {"imposed_date": "2020-01-01", **sentence},
                        }
                    ],
                }
            ],
        }

    people = [
        person("P1", {"incarcerated": False, "supervised": True}),
        person("P2", {"incarcerated": False, "supervised": True}),
        person("P3", {"incarcerated": False, "supervised": False}),
    ]
    path = tmp_path / "people.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    return str(path)


def test_check_questions_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["check", "ny/clean-slate", records(tmp_path), "--as-of", "2026-12-07", "--questions"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "1. the date probation or parole ended — settles 2, lacked by 2 counts of 2 people" in out
    )
    assert "supervision_end_date" not in out


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_check_questions_machine_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    argv = ["check", "ny/clean-slate", records(tmp_path), "--as-of", "2026-12-07"]
    assert main([*argv, "--questions", "--format", form]) == 0
    out = capsys.readouterr().out
    rows = (
        [json.loads(line) for line in out.splitlines()]
        if form == "jsonl"
        else list(csv.DictReader(io.StringIO(out)))
    )
    assert [(r["fact"], str(r["settles"]), str(r["counts"])) for r in rows] == [
        ("sentence.supervision_end_date", "2", "2")
    ]


def test_check_questions_with_nothing_to_ask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text('{"id": "P1", "cases": []}\n', encoding="utf-8")
    assert main(["check", "ny/clean-slate", str(path), "--as-of", "2026-12-07", "--questions"]) == 0
    assert "nothing to ask" in capsys.readouterr().out
