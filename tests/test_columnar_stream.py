"""The DuckDB engine's streaming and memory (clearlaw.columnar.engine.stream): results in
record order batch by batch, the Python hand-over in chunks, spilling to a private folder
removed afterwards, the priority cascade without lists, text facts as columns."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import attrs
import pyarrow.parquet as pq
import pytest
from test_columnar import _scenario_people, same

import clearlaw
from clearlaw.cli import main
from clearlaw.columnar import engine, run, stream
from clearlaw.frames import evaluate_frame
from clearlaw.io.determination_table import DETERMINATIONS_SCHEMA
from clearlaw.io.parquet import people_to_table
from clearlaw.records import Case, Count, Disposition, Person

AS_OF = date(2025, 6, 1)


def _ny_people() -> list[Person]:
    people = _scenario_people("ny/clean-slate")
    return [attrs.evolve(p, id=f"P{k}") for k, p in enumerate(people)]


def test_the_priority_cascade_is_not_a_fold_over_a_list() -> None:
    plan = engine.plan(clearlaw.load("ny/clean-slate"), AS_OF)
    query = plan.query("base", "pid")
    assert "list_reduce" not in query
    # one projection per decision, each the five fields of the result
    assert len(plan.cascade) == len(clearlaw.load("ny/clean-slate").checked.order)
    assert [name for name, _ in plan.cascade[-1]] == ["r0_o", "r0_k", "r0_d", "r0_by", "r0_w"]


def test_batches_in_record_order_and_python_people_in_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = _ny_people()
    table = people_to_table(people)
    monkeypatch.setattr(engine, "OUT_ROWS", 7)
    monkeypatch.setattr(engine, "FALLBACK_PEOPLE", 2)
    with stream(clearlaw.load("ny/clean-slate"), table, AS_OF) as s:
        batches = list(s.batches)
        fallback = s.fallback
    assert fallback > 2  # several chunks of people went to the Python evaluator
    assert all(b.num_rows <= 7 for b in batches) and len(batches) > 1
    assert all(b.schema == DETERMINATIONS_SCHEMA for b in batches)
    expected = evaluate_frame("ny/clean-slate", table, AS_OF, errors="skip")
    found = [row for b in batches for row in b.to_pylist()]
    assert found == expected.to_pylist()


def test_spills_to_a_private_folder_removed_afterwards(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[tuple[str, int]] = []
    real = engine.flatten

    def watch(*args: object, **kwargs: object) -> None:
        for folder in tmp_path.glob("clearlaw-duckdb-*"):
            seen.append((folder.name, folder.stat().st_mode & 0o777))
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "flatten", watch)
    people = _ny_people()
    found = run(
        clearlaw.load("ny/clean-slate"), people_to_table(people), AS_OF, memory_limit="256MB"
    )
    assert seen and all(mode == 0o700 for _, mode in seen)
    assert not list(tmp_path.glob("clearlaw-duckdb-*"))
    expected = evaluate_frame("ny/clean-slate", people_to_table(people), AS_OF, errors="skip")
    assert found.table.equals(expected)


def test_check_writes_parquet_batch_by_batch_as_the_python_engine(tmp_path: Path) -> None:
    records = tmp_path / "people.parquet"
    pq.write_table(people_to_table(_ny_people()), records)
    tables = []
    for name in ("python", "duckdb"):
        out = tmp_path / f"{name}.parquet"
        code = main(
            [
                *("check", "ny/clean-slate", str(records), "--as-of", "2025-06-01"),
                *("--format", "parquet", "-o", str(out), "--engine", name),
            ]
        )
        assert code == 0
        tables.append(pq.read_table(out))
    assert tables[0].num_rows > 0
    assert tables[1].equals(tables[0])


TEXT_STATUTE = "\n".join(
    [
        'statute "t"',
        "  id test/text-fact",
        "  effective 2020-01-01",
        "outcomes",
        '  clear relief automatic "Cleared"',
        '  keep "Not cleared"',
        "  otherwise keep",
        "applies to each count where disposition is convicted  § A 1",
        "facts",
        '  grade: text "the grade it would have today"',
        'rule low "low grade"  § A 2',
        '  clear when facts.grade is "C misdemeanor"',
    ]
)


def test_text_facts_are_columns() -> None:
    statute = clearlaw.parse(TEXT_STATUTE, "t.law")
    grades: list[object] = ["C misdemeanor", "A felony", None, "2020-01-01"]
    people = [
        Person(
            id=f"P{k}",
            cases=(
                Case(
                    id="C1",
                    jurisdiction="US-OR",
                    counts=(
                        Count(
                            id="1",
                            disposition=Disposition.CONVICTED,
                            facts={} if grade is None else {"grade": grade},
                        ),
                    ),
                ),
            ),
        )
        for k, grade in enumerate(grades)
    ]
    table = people_to_table(people)
    found = run(statute, table, AS_OF)
    # unknown (needs review) and date-like (read as a date, which check rejects): Python
    assert found.fallback == 2
    assert [r.person_id for r in found.rejected] == ["P3"]
    expected = evaluate_frame(statute, table, AS_OF, errors="skip")
    assert found.table.to_pylist() == expected.to_pylist()
    assert [row["outcome"] for row in found.table.to_pylist()] == ["clear", "keep", "needs_review"]
    assert same(statute, people[:2], AS_OF) == 2  # decided by the SQL


def test_hoisted_values_share_tables_by_dependency_and_elements() -> None:
    statute = clearlaw.load("pa/clean-slate")
    hoisted = engine.plan(statute, AS_OF).compiler.hoisted
    stages = engine._stages(hoisted)
    assert len(stages) < len(hoisted)  # fewer joins and aggregations than values
    done: set[str] = set()
    for _, group in stages:
        assert len({h.join for h in group}) == 1
        for h in group:
            text = f"{h.sql} {h.join}"
            assert all(x in done for x in re.findall(r"\b[te]\.(h_\d+)\b", text))
        done |= {h.name for h in group}
    assert done == {h.name for h in hoisted}


def test_check_names_a_damaged_file_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "people.parquet"
    pq.write_table(people_to_table(_ny_people()), records, compression="none")
    damaged = bytearray(records.read_bytes())
    damaged[200:2000] = b"\xff" * 1800  # data pages; the footer (schema) stays readable
    records.write_bytes(bytes(damaged))
    out = tmp_path / "out.jsonl"
    code = main(
        [
            *("check", "ny/clean-slate", str(records), "--as-of", "2025-06-01"),
            *("--format", "jsonl", "-o", str(out), "--engine", "duckdb"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert f"{records}: the DuckDB engine stopped" in err
    assert "Traceback" not in err and "bug" not in err
    assert not out.exists()
