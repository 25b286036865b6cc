"""Records one person at a time (``RecordStream``), Parquet records and determinations,
``clearlaw convert`` and ``clearlaw.evaluate_frame`` (issue 17, data in and out)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import clearlaw
from clearlaw.cli import main
from clearlaw.compare import compare
from clearlaw.drafting.impact import readings_impact
from clearlaw.frames import EngineError
from clearlaw.io import RecordStream, read_records
from clearlaw.io.jsonl import write_people
from clearlaw.io.parquet import RECORDS_SCHEMA, people_to_table, write_parquet
from clearlaw.records import Person

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ROOT / "examples/people.jsonl"
AS_OF = "2026-11-23"
NY = clearlaw.load("ny/clean-slate")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "people.parquet"
    write_parquet(read_records(PEOPLE).people, path)
    return path


def _person(pid: str, **fields: object) -> dict[str, object]:
    count = {"id": "1", "citation": "PL 155.25", "level": "misdemeanor"}
    count |= {"disposition": "convicted", "disposition_date": "2010-01-04"}
    case = {"id": "C1", "jurisdiction": "US-NY", "status": "closed", "counts": [count]}
    return {"id": pid, "birth_date": "1980-02-03", "cases": [case], **fields}


def _with_int_level() -> pa.Field:
    """The ``cases`` column of the layout with ``counts[].level`` an integer."""
    case = RECORDS_SCHEMA.field("cases").type.value_type
    count = case.field("counts").type.value_type
    fields = [count.field(i) for i in range(count.num_fields)]
    fields = [pa.field("level", pa.int64()) if f.name == "level" else f for f in fields]
    counts = pa.field("counts", pa.list_(pa.struct(fields)))
    case_fields = [case.field(i) for i in range(case.num_fields)]
    case_fields = [counts if f.name == "counts" else f for f in case_fields]
    return pa.field("cases", pa.list_(pa.struct(case_fields)))


_CASE_WITH_INT_LEVEL = _with_int_level()


# --- streaming --------------------------------------------------------------------------


def test_a_stream_reads_no_further_than_the_people_taken(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    lines = [json.dumps(_person("P1")), json.dumps(_person("P2")), "{not json"]
    path.write_text("\n".join(lines) + "\n")
    stream = RecordStream(path)
    people = iter(stream)
    assert next(people).id == "P1"
    assert (stream.lines_read, stream.people_read, stream.rejected) == (1, 1, [])
    assert [p.id for p in people] == ["P2"]
    assert stream.lines_read == 3
    assert [str(r) for r in stream.rejected] == [
        f"{path}:3: invalid JSON: Expecting property name enclosed in double quotes (column 2)"
    ]


def test_a_stream_is_read_once(tmp_path: Path) -> None:
    stream = RecordStream(PEOPLE)
    assert len(list(stream)) == 300
    with pytest.raises(RuntimeError, match="read once"):
        list(stream)


def _once(people: list[Person]) -> Iterator[Person]:
    yield from people  # a generator: a second pass would see nobody


def test_compare_and_readings_read_the_people_once() -> None:
    people = list(read_records(PEOPLE).people)
    pa_ = clearlaw.load("pa/clean-slate")
    when = clearlaw.dates.parse_date(AS_OF)
    assert compare([NY, pa_], _once(people), when) == compare([NY, pa_], people, when)
    streamed = readings_impact(NY.node.path, _once(people), when)
    listed = readings_impact(NY.node.path, people, when)
    assert [i for _, _, i in streamed] == [i for _, _, i in listed]
    assert all(i.people == 300 for _, _, i in streamed)


def test_check_lists_reading_and_fact_rejections_in_file_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad_fact = _person("P1")
    bad_fact["cases"][0]["counts"][0]["facts"] = {"victim_age": "ten"}  # type: ignore[index]
    path = tmp_path / "people.jsonl"
    path.write_text(f"{json.dumps(bad_fact)}\n{json.dumps(_person('P2'))}\n{{}}\n")
    code, _, err = run(capsys, "check", "ny/clean-slate", str(path), "--as-of", AS_OF)
    lines = err.splitlines()
    assert code == 2
    assert lines[0].startswith(f"{path}:1: person P1: cases[0].counts[0].facts.victim_age")
    assert lines[1] == f"{path}:3: id: missing (required)"
    assert lines[-1] == "2 of 3 people rejected (listed above); the others were evaluated"


# --- Parquet records --------------------------------------------------------------------


def test_parquet_records_read_back_as_the_same_people(parquet: Path) -> None:
    assert read_records(parquet).people == read_records(PEOPLE).people
    assert pq.read_schema(parquet).equals(RECORDS_SCHEMA)


def test_check_decides_the_same_from_parquet_and_json_lines(
    capsys: pytest.CaptureFixture[str], parquet: Path
) -> None:
    outputs = []
    for records in (str(PEOPLE), str(parquet)):
        code, out, err = run(capsys, "check", "pa/clean-slate", records, "--as-of", AS_OF)
        assert (code, err) == (0, "")
        outputs.append(out)
    assert outputs[0] == outputs[1]


def test_a_parquet_file_without_a_column_is_one_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "people.parquet"
    pq.write_table(people_to_table([]).drop_columns(["cases"]), path)
    code, out, err = run(capsys, "check", "ny/clean-slate", str(path), "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert err == f"clearlaw: {path}: column cases is missing\n"


def test_a_parquet_column_of_the_wrong_type_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    table = people_to_table(read_records(PEOPLE).people[:3])
    path = tmp_path / "people.parquet"
    pq.write_table(table.set_column(4, "deceased", pa.array(["no", "yes", None])), path)
    code, _, err = run(capsys, "check", "ny/clean-slate", str(path), "--as-of", AS_OF)
    assert code == 2
    assert err == f"clearlaw: {path}: column deceased: expected a boolean, got string\n"


def test_a_nested_parquet_column_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    count = pa.struct([pa.field("id", pa.string()), pa.field("level", pa.int64())])
    case = pa.struct([pa.field("id", pa.string()), pa.field("counts", pa.list_(count))])
    schema = RECORDS_SCHEMA.set(6, pa.field("cases", pa.list_(case)))
    rows = [{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "level": 3}]}]}]
    path = tmp_path / "people.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    with pytest.raises(clearlaw.RecordsError) as caught:
        read_records(path)
    assert str(caught.value) == f"{path}: column cases[].jurisdiction is missing"
    full = _CASE_WITH_INT_LEVEL
    pq.write_table(pa.Table.from_pylist(rows, schema=RECORDS_SCHEMA.set(6, full)), path)
    with pytest.raises(clearlaw.RecordsError) as caught:
        read_records(path)
    assert str(caught.value) == (f"{path}: column cases[].counts[].level: expected text, got int64")


def test_a_bad_value_in_a_parquet_row_rejects_that_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = people_to_table(read_records(PEOPLE).people[:3]).to_pylist()
    rows[1]["death_date"] = "2020-13-45"  # dates may be text; this one is not a date
    rows[2]["id"] = rows[0]["id"]
    schema = RECORDS_SCHEMA.set(3, pa.field("death_date", pa.string()))
    for row in rows:
        row["death_date"] = row["death_date"] and str(row["death_date"])
    path = tmp_path / "people.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    code, out, err = run(capsys, "check", "ny/clean-slate", str(path), "--as-of", AS_OF)
    first, second = rows[0]["id"], rows[1]["id"]
    assert code == 2
    assert err.splitlines() == [
        f"{path}:2: person {second}: death_date: not a date (expected YYYY-MM-DD): '2020-13-45'",
        f"{path}:3: person {first}: id: duplicate person id (first on row 1)",
        "2 of 3 people rejected (listed above); the others were evaluated",
    ]
    assert out.splitlines()[2].startswith(f"{first} ")


def test_a_file_that_is_not_parquet_is_one_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "people.parquet"
    path.write_text("id,name\n")
    code, _, err = run(capsys, "check", "ny/clean-slate", str(path), "--as-of", AS_OF)
    assert code == 2
    assert err.startswith(f"clearlaw: {path}: cannot read as Parquet: ")
    assert len(err.splitlines()) == 1


def test_facts_that_are_not_json_reject_the_row(tmp_path: Path) -> None:
    table = people_to_table(read_records(PEOPLE).people[:1]).to_pylist()
    table[0]["cases"][0]["counts"][0]["facts"] = "{oops"
    path = tmp_path / "people.parquet"
    pq.write_table(pa.Table.from_pylist(table, schema=RECORDS_SCHEMA), path)
    (rejection,) = read_records(path).rejected
    assert str(rejection) == (
        f"{path}:1: person {table[0]['id']}: cases[0].counts[0].facts: not a JSON object"
        " (the facts column is JSON text)"
    )


# --- convert ----------------------------------------------------------------------------


def test_convert_json_lines_to_parquet_and_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    there, back = tmp_path / "people.parquet", tmp_path / "back.jsonl"
    assert run(capsys, "convert", str(PEOPLE), str(there)) == (0, "", f"{there}: 300 people\n")
    assert run(capsys, "convert", str(there), str(back))[0] == 0
    expected = tmp_path / "expected.jsonl"
    with expected.open("w") as fh:
        write_people(read_records(PEOPLE).people, fh)
    assert back.read_bytes() == expected.read_bytes()


def test_convert_csv_to_parquet_keeps_every_field(tmp_path: Path) -> None:
    csv = ROOT / "tests/data/records/good.csv"
    out = tmp_path / "good.parquet"
    assert main(["convert", str(csv), str(out)]) == 0
    assert read_records(out).people == read_records(csv).people


def test_convert_lists_the_people_it_rejects(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(f"{json.dumps(_person('P1'))}\n[]\n")
    out = tmp_path / "people.parquet"
    code, _, err = run(capsys, "convert", str(path), str(out))
    assert code == 2
    assert err.splitlines()[-1] == (
        "1 of 2 people rejected (listed above); the others were converted"
    )
    assert [p.id for p in read_records(out).people] == ["P1"]


def test_convert_to_an_unknown_format_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "people.xlsx"
    code, _, err = run(capsys, "convert", str(PEOPLE), str(out))
    assert (code, err) == (2, f"clearlaw: {out}: cannot write '.xlsx'; write .jsonl or .parquet\n")
    assert not out.exists()


# --- determinations out -----------------------------------------------------------------


def test_check_parquet_has_the_columns_and_values_of_check_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "determinations.parquet"
    argv = ["check", "ny/clean-slate", str(PEOPLE), "--as-of", AS_OF]
    assert run(capsys, *argv, "--format", "parquet", "-o", str(out))[0] == 0
    _, text, _ = run(capsys, *argv, "--format", "jsonl")
    expected = [json.loads(line) for line in text.splitlines()]
    rows = pq.read_table(out).to_pylist()
    for row in rows:
        for p in row["presumptions"]:
            p["value"] = json.loads(p["value"])
    assert rows == expected
    assert list(rows[0]) == list(expected[0])


def test_check_parquet_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["check", "ny/clean-slate", str(PEOPLE), "--as-of", AS_OF, "--format", "parquet"]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "--format parquet writes a file of determinations: give -o FILE" in err


# --- evaluate_frame ---------------------------------------------------------------------


def test_evaluate_frame_takes_a_path_a_table_or_a_dataframe(parquet: Path) -> None:
    from_path = clearlaw.evaluate_frame("ny/clean-slate", parquet, AS_OF)
    assert from_path.num_rows == 887
    assert clearlaw.evaluate_frame(NY, pq.read_table(parquet), AS_OF).equals(from_path)
    frame = pl.read_parquet(parquet)
    assert clearlaw.evaluate_frame(NY, frame, AS_OF).equals(from_path)
    assert clearlaw.evaluate_frame(NY, PEOPLE, AS_OF).equals(from_path)
    decided = clearlaw.evaluate_frame(NY, parquet, AS_OF, out_of_scope=False)
    assert set(decided.column("outcome").to_pylist()) <= {"seal", "not_eligible", "needs_review"}
    assert pl.from_arrow(decided).height == decided.num_rows


def test_evaluate_frame_names_the_engines_there_are(parquet: Path) -> None:
    with pytest.raises(
        EngineError, match=r"engine 'polars' is not available; engines: python, duckdb, spark"
    ):
        clearlaw.evaluate_frame(NY, parquet, AS_OF, engine="polars")
    assert issubclass(EngineError, ValueError)


def test_evaluate_frame_rejects_or_skips_unreadable_people() -> None:
    rows = people_to_table(read_records(PEOPLE).people[:2]).to_pylist()
    rows[1]["cases"][0]["counts"][0]["level"] = "huge"
    bad = pa.Table.from_pylist(rows, schema=RECORDS_SCHEMA)
    with pytest.raises(clearlaw.RecordsError, match=r"^1 people cannot be read:\n<table>:2: "):
        clearlaw.evaluate_frame(NY, bad, AS_OF)
    kept = clearlaw.evaluate_frame(NY, bad, AS_OF, errors="skip")
    assert set(kept.column("person").to_pylist()) == {rows[0]["id"]}
