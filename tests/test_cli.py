"""The command line: outputs, exit codes (0 ok, 1 failed check/test, 2 usage/input), no
tracebacks."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from clearlaw.cli import main
from clearlaw.library import list_statutes, load, load_tests
from clearlaw.scenarios import run_tests

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = str(ROOT / "examples/people.jsonl")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0
    assert rows["ny/clean-slate"]["effective"] == ["2024-11-16"]
    assert rows["ny/clean-slate"]["jurisdiction"] == "US-NY"
    assert rows["ca/prop64"]["citations"][0] == "Cal. Health & Safety Code § 11361.8"


def test_check_jsonl_has_one_object_per_determined_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys, "check", "ny/clean-slate", PEOPLE, "--as-of", "2026-11-23", "--format", "jsonl"
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows
    keys = {
        "person",
        "case",
        "count",
        "statute",
        "outcome",
        "relief",
        "eligible_on",
        "rule",
        "citations",
        "reasons",
    }
    assert all(keys <= set(r) for r in rows)
    assert {r["outcome"] for r in rows} <= {"seal", "not_eligible", "needs_review", "out_of_scope"}
    # every count of the records is accounted for: the statute's own, and the others with why
    lines = Path(PEOPLE).read_text(encoding="utf-8").splitlines()
    counts = sum(len(c["counts"]) for line in lines for c in json.loads(line)["cases"])
    assert len(rows) == counts
    other = next(r for r in rows if r["outcome"] == "out_of_scope")
    assert other["reasons"][0].startswith("outside the statute's scope: a US-")
    code, out, err = run(
        capsys, "check", "ny/clean-slate", PEOPLE, "--as-of", "2026-11-23", "--format", "jsonl",
        "--decided-only", "--summary",
    )  # fmt: skip
    decided = [json.loads(line) for line in out.splitlines()]
    assert decided == [r for r in rows if r["outcome"] != "out_of_scope"]
    assert f"{counts:,} counts of 300 people: " in err and " out_of_scope" in err
    assert all(
        r["relief"] is (r["outcome"] == "seal") or r["outcome"] in ("needs_review", "out_of_scope")
        for r in rows
    )
    assert all(r["relief"] is None for r in rows if r["outcome"] == "out_of_scope")


def test_check_csv_and_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, out, _ = run(
        capsys,
        "check",
        "ca/prop64",
        PEOPLE,
        "--as-of",
        "2020-07-01",
        "--format",
        "csv",
        "-o",
        str(target),
    )
    assert code == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows and all(r["statute"] == "ca/prop64" for r in rows)


def test_check_output_is_byte_for_byte_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    args = (
        "check",
        "ny/clean-slate",
        PEOPLE,
        "--as-of",
        "2026-11-23",
        "--format",
        "jsonl",
        "--explain",
    )
    assert run(capsys, *args)[1] == run(capsys, *args)[1]


def test_explain_one_person(capsys: pytest.CaptureFixture[str]) -> None:
    first = json.loads(Path(PEOPLE).read_text(encoding="utf-8").splitlines()[0])["id"]
    code, out, _ = run(
        capsys, "explain", "ca/prop64", PEOPLE, "--person", first, "--as-of", "2020-07-01"
    )
    assert code == 0
    assert "applies to this count" in out


def test_lint_reports_a_broken_statute_with_line_and_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "lint", str(ROOT / "tests/statutes/bad/types.law"))
    assert code == 1
    assert "types.law:15:14: error: cannot compare a date with a number using `>`" in err
    assert "Traceback" not in err


def test_lint_library_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lint", *list_statutes())
    assert code == 0, err
    assert out.count(": ok") == len(list_statutes())


def test_test_command_runs_every_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "test")
    assert code == 0
    assert out.strip().endswith("passed, 0 failed")


def test_failing_scenario_is_reported_with_its_line(tmp_path: Path) -> None:
    source = ROOT / "statutes/ny/clean-slate.law"
    law = tmp_path / "clean-slate.law"
    law.write_text(
        source.read_text(encoding="utf-8").replace("= 3 years", "= 4 years", 1), encoding="utf-8"
    )
    tests = source.with_suffix(".tests").read_text(encoding="utf-8")
    law.with_suffix(".tests").write_text(tests, encoding="utf-8")
    if (source.parent / "tables").is_dir():  # the statute's tables sit beside it
        shutil.copytree(source.parent / "tables", tmp_path / "tables")
    parsed = load_tests(law)
    assert parsed is not None
    _, failures = run_tests(parsed, load(law))
    first = failures[0]
    assert first.span.line == 12  # `expect C1/1 seal on 2025-09-01`
    assert (
        "expected seal" in first.message
        and "got not_eligible, eligible on 2026-09-01" in first.message
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["check", "ny/nothing", PEOPLE, "--as-of", "2026-11-23"],
            "ny/nothing: no statute with this id or path",
        ),
        (
            ["check", "ny/clean-slate", "missing.jsonl", "--as-of", "2026-11-23"],
            "missing.jsonl: no such records file",
        ),
        (
            ["explain", "ny/clean-slate", PEOPLE, "--person", "NOBODY", "--as-of", "2026-11-23"],
            "no person with id 'NOBODY'",
        ),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_as_of_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "ny/clean-slate", PEOPLE, "--as-of", "2026-02-30"])
    assert info.value.code == 2
    assert "not a date (expected YYYY-MM-DD): '2026-02-30'" in capsys.readouterr().err


def test_rejected_people_are_reported_and_the_rest_evaluated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = Path(PEOPLE).read_text(encoding="utf-8").splitlines()[:3]
    bad = '{"id": "BAD1", "cases": [{"id": "C1", "counts": [{"id": "1", "disposition_date": "2020-13-01"}]}]}'
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([good[0], bad, *good[1:]]) + "\n", encoding="utf-8")
    code, out, err = run(
        capsys, "check", "ca/prop64", str(path), "--as-of", "2020-07-01", "--format", "jsonl"
    )
    assert code == 2
    assert "mixed.jsonl:2: person BAD1: cases[0].counts[0].disposition_date" in err
    assert "1 of 4 people rejected" in err
    assert "BAD1" not in out
