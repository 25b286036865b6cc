"""Every input record accounted for, identically on the DuckDB engine and the Python path:
evaluated, out of scope, or rejected with the same message, in input order — whether or not
the person has counts, from Parquet (dates as dates or as text), Arrow, polars, pandas and
JSON Lines.  (tests/test_spark.py runs the same rows on Spark.)"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import clearlaw
from clearlaw.cli import main
from clearlaw.columnar import engine, run
from clearlaw.evaluate import Statute
from clearlaw.frames import _arrow, _rows, evaluate_frame
from clearlaw.io.errors import Rejection
from clearlaw.io.parquet import RECORDS_SCHEMA
from clearlaw.records import Person
from clearlaw.scope import screen_people

AS_OF = dt.date(2025, 6, 1)


def _case(**fields: Any) -> dict[str, Any]:
    return {"id": "C1", "jurisdiction": "US-NY", "status": "closed", "counts": [], **fields}


def _count(**fields: Any) -> dict[str, Any]:
    count = {"id": "1", "citation": "PL 155.25", "level": "misdemeanor"}
    return {**count, "disposition": "convicted", "disposition_date": "2010-03-01", **fields}


def _person(pid: str | None, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "cases": [_case(counts=[_count()])], **fields}


#: Fabricated people: the first of each kind of row the reader rejects or warns about, with
#: and without counts, between people it reads.
ROWS: list[dict[str, Any]] = [
    _person("A1"),
    _person("A2", cases=[]),  # no cases: nothing to decide
    _person("A1", cases=[]),  # a repeated id, without counts
    _person(None, cases=[]),  # no id, without counts
    _person(""),  # an empty id
    _person("A3", birth_date="2000-13-01", cases=[]),  # a date the reader cannot read
    _person("A4", cases=[_case()]),  # a case without counts
    _person("A5", cases=[_case(id=None)]),  # a case without an id nor counts
    _person("A6", cases=[_case(status="adjourned")]),
    _person("A7", cases=[_case(), _case()]),  # two cases with one id
    _person("A8", cases=[], registrations=[{"kind": "sex_offender", "citation": "???"}]),
    _person("A9", cases=[], registrations=[{"citation": "PL 130.35"}]),  # no kind
    _person("A10", cases=[], registrations=[{"kind": "sex_offender", "date": "2001-02-30"}]),
    _person("A11", deceased=False, death_date="2020-01-01", cases=[]),
    _person("A12", cases=[_case(counts=[_count(citation="not a citation !!")])]),
    _person("A13", cases=[_case(counts=[_count(level="huge")])]),
    _person("A14", cases=[_case(counts=[_count(disposition_date="2010-02-30")])]),
    _person("A15", cases=[_case(counts=[_count(), _count()])]),  # two counts with one id
    _person("A16", cases=[_case(counts=[_count(facts="{not json")])]),
    _person("A17", cases=[_case(counts=[_count(facts='["a list"]')])]),
    _person("A18", cases=[_case(counts=[_count(facts='{"undeclared": 1}')])]),
    _person("A19", cases=[_case(counts=[_count(facts='{"victim_age": "ten"}')])]),
    _person("A20", cases=[_case(counts=[_count(facts='{"victim_age": 12.5}')])]),
    _person("A21", cases=[None]),
    _person("A22", cases=[_case(counts=[None])]),
    _person("A2", cases=[]),  # the second repeated id without counts
    _person("A23"),
]


def _text_dates(kind: pa.DataType) -> pa.DataType:
    """``kind`` with every date as text (the layout allows either)."""
    if pa.types.is_struct(kind):
        return pa.struct([pa.field(f.name, _text_dates(f.type)) for f in kind])
    if pa.types.is_list(kind):
        return pa.list_(_text_dates(kind.value_type))
    return pa.string() if pa.types.is_date(kind) else kind


def table(text_dates: bool = True) -> pa.Table:
    """``ROWS`` in the records layout, the dates as text (or as dates, those that are)."""
    if text_dates:
        schema = pa.schema([pa.field(f.name, _text_dates(f.type)) for f in RECORDS_SCHEMA])
        rows = [{k: row.get(k) for k in schema.names} for row in ROWS]
        return pa.Table.from_pylist(rows, schema=schema)
    readable = [row for row in ROWS if row["id"] not in ("A3", "A10", "A14")]
    dated = json.loads(json.dumps(readable), object_hook=_dates)
    return pa.Table.from_pylist(
        [{k: row.get(k) for k in RECORDS_SCHEMA.names} for row in dated], schema=RECORDS_SCHEMA
    )


def _dates(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        k: dt.date.fromisoformat(v) if k.endswith("date") and isinstance(v, str) else v
        for k, v in obj.items()
    }


def _jsonl(value: Any, key: str = "") -> Any:
    """A row as JSON Lines writes it: facts as an object where they are JSON text of one."""
    if key == "facts" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: _jsonl(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonl(v) for v in value]
    return value


def python_rejections(statute: Statute, records: object) -> list[str]:
    """The Python path's rejections of ``records``: the reader's and the facts'."""
    found, people = [], []
    for item in _rows(records):
        (found if isinstance(item, Rejection) else people).append(item)
    screened: list[Rejection] = []
    list(screen_people(statute, (p for p in people if isinstance(p, Person)), screened))
    return [str(x) for x in sorted([*found, *screened], key=lambda x: x.line)]


def _parquet(tmp_path: Path, text_dates: bool) -> Path:
    path = tmp_path / "people.parquet"
    pq.write_table(table(text_dates), path)
    return path


SOURCES: dict[str, Callable[[Path], object]] = {
    "parquet, dates as text": lambda tmp: _parquet(tmp, True),
    "parquet, dates as dates": lambda tmp: _parquet(tmp, False),
    "arrow": lambda tmp: table(),
    "polars": lambda tmp: pytest.importorskip("polars").from_arrow(table()),
    "pandas": lambda tmp: table().to_pandas(),
}


@pytest.mark.parametrize("form", SOURCES)
def test_every_row_is_evaluated_or_rejected_as_the_python_path_does(
    form: str, tmp_path: Path
) -> None:
    # Regression: on DuckDB a repeated id, an empty id, a bad case or registration of a
    # person with no counts was not rejected; facts that are not JSON and dates written as
    # text stopped the engine ("the DuckDB engine stopped").
    records = SOURCES[form](tmp_path)
    ny = clearlaw.load("ny/clean-slate")
    found = run(ny, records if isinstance(records, Path) else _arrow(records), AS_OF)
    expected = python_rejections(ny, records)
    assert [str(x) for x in found.rejected] == expected
    assert any("A2: id: duplicate person id" in x for x in expected)
    assert any("A7: cases[1].id: duplicate case id" in x for x in expected)
    assert found.people == len(ROWS) - (3 if form == "parquet, dates as dates" else 0)
    assert found.table.equals(evaluate_frame(ny, records, AS_OF, errors="skip"))
    assert found.table.num_rows > 0


def test_a_repeated_id_is_rejected_across_hand_over_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: the hand-over read FALLBACK_PEOPLE people at a time, each chunk on its own,
    # so an id given again more than a chunk later was evaluated twice.
    monkeypatch.setattr(engine, "FALLBACK_PEOPLE", 2)
    level = [_case(counts=[_count(level="huge")])]
    rows = [_person("B1"), *(_person(f"X{k}", cases=level) for k in range(5)), _person("B1")]
    records = pa.Table.from_pylist(
        json.loads(json.dumps(rows), object_hook=_dates), schema=RECORDS_SCHEMA
    )
    found = run(clearlaw.load("ny/clean-slate"), records, AS_OF)
    assert [(x.line, x.person_id) for x in found.rejected] == [
        *((k, f"X{k - 2}") for k in range(2, 7)),
        (7, "B1"),
    ]
    assert "duplicate person id (first on row 1)" in str(found.rejected[-1])
    assert [row["person"] for row in found.table.to_pylist()] == ["B1"]


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_check_reports_the_same_rejections_in_input_order_on_both_engines(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression: the Python path listed the reader's rejections before the facts'; the
    # engine named the rows of JSON Lines "<table>:N", N counting only the rows it read.
    records = tmp_path / f"people{suffix}"
    if suffix == ".parquet":
        pq.write_table(table(), records)
    else:
        records.write_text("".join(json.dumps(_jsonl(row)) + "\n" for row in ROWS), "utf-8")
    outputs, errors = [], []
    for name in ("python", "duckdb"):
        out = tmp_path / f"{name}.jsonl"
        args = ["check", "ny/clean-slate", str(records), "--as-of", AS_OF.isoformat()]
        assert main([*args, "--format", "jsonl", "-o", str(out), "--engine", name]) == 2
        outputs.append(out.read_bytes())
        errors.append(capsys.readouterr().err)
    assert outputs[0] == outputs[1]
    assert errors[0] == errors[1]
    listed = [x for x in errors[1].splitlines() if x.startswith(str(records))]
    lines = [int(x[len(str(records)) + 1 :].split(":")[0]) for x in listed]
    assert lines == sorted(lines) and len(set(lines)) > 15
    assert "warning: person A18: C1/1: fact `undeclared` is not one" in errors[1]
    assert f"people{suffix}:22: person A19: cases[0].counts[0].facts.victim_age" in errors[1]
    assert "<table>" not in errors[1]


def test_a_statute_without_facts_hands_over_a_count_with_facts() -> None:
    rows = [_person("V1", cases=[_case(jurisdiction="US-VA", counts=[_count(facts='{"x": 1}')])])]
    records = pa.Table.from_pylist(
        json.loads(json.dumps(rows), object_hook=_dates), schema=RECORDS_SCHEMA
    )
    va = clearlaw.load("va/automatic-sealing")
    found = run(va, records, AS_OF)
    assert found.fallback == 1
    assert found.table.equals(evaluate_frame(va, records, AS_OF, errors="skip"))
