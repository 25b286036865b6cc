"""The reliability audit's regressions: inputs that used to end in a traceback (exit 3) or
lose a record, each now one clear line naming the file, the line or row and the field, the
others still evaluated.  Fabricated people only."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import socket
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from cli_records import ny_person, run

from clearlaw import cli
from clearlaw.cli import main
from clearlaw.io.jsonl import decode

AS_OF = ("--as-of", "2026-11-23")
PEOPLE = Path(__file__).resolve().parent.parent / "examples" / "people.jsonl"


def _check(capsys: pytest.CaptureFixture[str], records: str, *extra: str) -> tuple[int, str, str]:
    """``clearlaw check ny/clean-slate RECORDS --as-of 2026-11-23 --format jsonl EXTRA``."""
    return run(capsys, "check", "ny/clean-slate", records, *AS_OF, "--format", "jsonl", *extra)


# --- a JSON \u escape of half a UTF-16 pair (a lone surrogate) -------------------------------


def _lone_surrogate_file(folder: Path) -> Path:
    """Three people; the second's case id is a lone surrogate escape (valid JSON syntax, no
    character), which no output file could encode."""
    lines = [json.dumps(ny_person(f"P{i}")) for i in (1, 2, 3)]
    lines[1] = lines[1].replace('"C1"', '"C\\ud800"')
    path = folder / "people.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_lone_surrogate_rejects_its_person_and_the_others_are_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    records = _lone_surrogate_file(tmp_path)
    out = tmp_path / f"out.{fmt}"
    code, _, err = run(
        capsys, "check", "ny/clean-slate", str(records), *AS_OF, "--format", fmt, "-o", str(out)
    )
    assert code == 2
    assert err.splitlines() == [
        f"{records}:2: invalid JSON: cases[0].id: a \\u escape of half a UTF-16 pair",
        "1 of 3 people rejected (listed above); the others were evaluated",
    ]
    assert out.stat().st_size > 0


def test_convert_rejects_a_lone_surrogate_and_writes_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = _lone_surrogate_file(tmp_path)
    out = tmp_path / "out.parquet"
    code, _, err = run(capsys, "convert", str(records), str(out))
    assert code == 2
    assert f"{records}:2: invalid JSON: cases[0].id" in err
    import pyarrow.parquet as pq

    assert pq.read_table(out).column("id").to_pylist() == ["P1", "P3"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"id": "\\udc00"}', "id"),
        ('{"\\uDFFF": 1}', "'\\udfff'"),
        ('{"cases": [{"counts": ["x", "\\ud83d"]}]}', "cases[0].counts[1]"),
        (b'{"name": "\\udbff"}', "name"),
        ('{"name": "\\udbff"}'.encode("utf-16"), "name"),
    ],
)
def test_decode_names_where_a_lone_surrogate_is(text: str | bytes, where: str) -> None:
    with pytest.raises(ValueError) as caught:
        decode(text)
    assert str(caught.value) == f"{where}: a \\u escape of half a UTF-16 pair"


def test_decode_keeps_a_surrogate_pair_and_an_escaped_backslash() -> None:
    assert decode('{"a": "\\ud83d\\ude00", "b": "\\\\ud800"}') == {"a": "😀", "b": "\\ud800"}


def test_the_service_rejects_a_lone_surrogate_person_instead_of_failing() -> None:
    from fastapi.testclient import TestClient

    from clearlaw.service.app import NDJSON, create_app

    head = '{"statute": "ny/clean-slate", "as_of": "2026-11-23"'
    person = json.dumps(ny_person("P1")).replace('"C1"', '"C\\ud800"')
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        body = client.post(
            "/v1/check",
            content=f'{head}, "people": [{person}]}}',
            headers={"content-type": "application/json"},
        )
        lines = client.post(
            "/v1/check", content=f"{head}}}\n{person}\n", headers={"content-type": NDJSON}
        )
    assert body.status_code == 400
    assert (
        "people[0].cases[0].id: a \\u escape of half a UTF-16 pair"
        in body.json()["error"]["message"]
    )
    assert lines.status_code == 200
    rejected, done = (json.loads(line) for line in lines.text.splitlines())
    assert rejected["rejected"]["line"] == 2
    assert "cases[0].id: a \\u escape" in rejected["rejected"]["message"]
    assert done == {"done": {"people": 1, "determinations": 0, "rejected": 1}}


# --- a number of days no Parquet int64 holds ---------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("check", "ny/clean-slate", "{records}", *AS_OF, "--format", "jsonl"),
        ("check", "ny/clean-slate", "{records}", *AS_OF, "--format", "jsonl", "--engine", "duckdb"),
        ("convert", "{records}", "{out}"),
    ],
    ids=["check", "check-duckdb", "convert"],
)
def test_max_penalty_days_beyond_int64_rejects_the_person(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    people = [ny_person("P1"), ny_person("P2", max_penalty_days=2**63), ny_person("P3")]
    records = tmp_path / "people.jsonl"
    records.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    out = tmp_path / "out.parquet"
    argv = [arg.format(records=records, out=out) for arg in command]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert (
        f"{records}:2: person P2: cases[0].counts[0].max_penalty_days: not a number of days"
        f" (expected at most {2**63 - 1}): {2**63}"
    ) in err.splitlines()
    done = "converted" if command[0] == "convert" else "evaluated"
    assert err.splitlines()[-1] == f"1 of 3 people rejected (listed above); the others were {done}"


def test_the_largest_int64_is_a_number_of_days(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "people.jsonl"
    records.write_text(json.dumps(ny_person("P1", max_penalty_days=2**63 - 1)) + "\n")
    out = tmp_path / "out.parquet"
    assert run(capsys, "convert", str(records), str(out))[0] == 0


# --- a Parquet column given twice -------------------------------------------------------------


def _parquet_with_a_column_twice(folder: Path, nested: bool) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from clearlaw.io import read_records
    from clearlaw.io.parquet import people_to_table

    records = folder / "people.jsonl"
    records.write_text("".join(json.dumps(ny_person(f"P{i}")) + "\n" for i in (1, 2)))
    table = people_to_table(read_records(records).people)
    if nested:  # a registration struct with `kind` twice
        kind = pa.struct(
            [
                ("kind", pa.string()),
                ("citation", pa.string()),
                ("date", pa.date32()),
                ("kind", pa.string()),
            ]
        )
        column = pa.array([[], []], pa.list_(kind))
        table = table.set_column(
            table.schema.get_field_index("registrations"), "registrations", column
        )
    else:  # a second `id` column, which would be read instead of the first
        table = table.append_column("id", pa.array(["X1", "X2"]))
    path = folder / "people.parquet"
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize("engine", ["python", "duckdb"])
@pytest.mark.parametrize("nested", [False, True], ids=["id", "registrations.kind"])
def test_a_parquet_column_given_twice_is_one_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, engine: str, nested: bool
) -> None:
    path = _parquet_with_a_column_twice(tmp_path, nested)
    code, out, err = _check(capsys, str(path), "--engine", engine)
    column = "registrations[].kind" if nested else "id"
    assert (code, out, err) == (2, "", f"clearlaw: {path}: column {column} appears twice\n")


# --- an empty Parquet file with --engine duckdb ----------------------------------------------


@pytest.mark.parametrize("engine", ["python", "duckdb"])
@pytest.mark.parametrize("rows", ["none", "zero bytes"])
def test_an_empty_parquet_file_is_refused_by_every_engine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, engine: str, rows: str
) -> None:
    import pyarrow.parquet as pq

    from clearlaw.io.parquet import people_to_table

    path = tmp_path / "people.parquet"
    if rows == "none":
        pq.write_table(people_to_table([]), path)
    else:
        path.write_bytes(b"")
    code, out, err = _check(capsys, str(path), "--engine", engine)
    assert (code, out, err) == (2, "", f"clearlaw: {path}: holds no records (the file is empty)\n")


# --- standard output on a full disk -----------------------------------------------------------


class _FullDisk(io.StringIO):
    """Standard output on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    "argv",
    [
        ("describe", "ny/clean-slate"),
        ("check", "ny/clean-slate", str(PEOPLE), *AS_OF, "--format", "jsonl"),
        ("explain", "ny/clean-slate", str(PEOPLE), "--person", "P000002", *AS_OF),
    ],
    ids=["describe", "check", "explain"],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    code = main(list(argv))
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[-1] == "clearlaw: cannot write the output: No space left on device"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_at_the_last_flush_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "clearlaw.cli", "describe", "ny/clean-slate"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        2,
        "clearlaw: cannot write the output: No space left on device\n",
    )


def test_another_os_error_is_still_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(_: object) -> int:
        raise OSError(errno.ENOSPC, "no room", "/some/file")  # a file named: not stdout

    monkeypatch.setitem(cli._COMMANDS, "list", fail)
    assert main(["list"]) == 3
    assert "unexpected error (OSError" in capsys.readouterr().err


# --- Parquet values Python cannot hold --------------------------------------------------------


def _parquet_with(folder: Path, column: str, values: object) -> Path:
    """Three fabricated New York people as Parquet, ``column`` replaced by ``values`` (if
    not ``None``)."""
    import pyarrow.parquet as pq

    from clearlaw.io import read_records
    from clearlaw.io.parquet import people_to_table

    records = folder / "people.jsonl"
    records.write_text("".join(json.dumps(ny_person(f"P{i}")) + "\n" for i in (1, 2, 3)))
    table = people_to_table(read_records(records).people)
    if values is not None:
        table = table.set_column(table.schema.get_field_index(column), column, values)
    path = folder / "people.parquet"
    pq.write_table(table, path)
    return path


def _bad_text_id() -> object:
    import pyarrow as pa

    return pa.array([b"P1", b"P\xff2", b"P3"], pa.binary()).view(pa.string())


def _far_birth_dates() -> object:
    import pyarrow as pa

    return pa.array([0, 3_000_000, 0], pa.int32()).view(pa.date32())  # 3 million days: 10183


@pytest.mark.parametrize(
    ("column", "values", "line"),
    [
        ("id", _bad_text_id, "{path}:2: id: not UTF-8 text"),
        (
            "birth_date",
            _far_birth_dates,
            "{path}:2: person P2: birth_date: a date outside the years 1 to 9999",
        ),
    ],
    ids=["not-utf8", "year-10183"],
)
@pytest.mark.parametrize("command", ["check", "convert"])
def test_a_parquet_value_python_cannot_hold_rejects_its_row(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    column: str,
    values: object,
    line: str,
    command: str,
) -> None:
    path = _parquet_with(tmp_path, column, values())  # type: ignore[operator]
    out = tmp_path / "out.jsonl"
    argv = (
        ["check", "ny/clean-slate", str(path), *AS_OF, "--format", "jsonl", "-o", str(out)]
        if command == "check"
        else ["convert", str(path), str(out)]
    )
    code, _, err = run(capsys, *argv)
    done = "evaluated" if command == "check" else "converted"
    assert code == 2
    assert err.splitlines()[-2:] == [
        line.format(path=path),
        f"1 of 3 people rejected (listed above); the others were {done}",
    ]
    written = {json.loads(x).get("person", json.loads(x).get("id")) for x in out.open()}
    assert written == {"P1", "P3"}


def _days(value: object) -> object:
    """``value`` with every date as its number of days since 1970-01-01."""
    import datetime as dt

    if isinstance(value, dt.date):
        return (value - dt.date(1970, 1, 1)).days
    if isinstance(value, dict):
        return {k: _days(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_days(v) for v in value]
    return value


def _int_dates(kind: Any) -> Any:
    """The Arrow type ``kind`` with every date32 an int32 (whose values cast back to dates)."""
    import pyarrow as pa

    if pa.types.is_date32(kind):
        return pa.int32()
    if pa.types.is_struct(kind):
        return pa.struct([f.with_type(_int_dates(f.type)) for f in kind])
    if pa.types.is_list(kind):
        return pa.list_(_int_dates(kind.value_type))
    return kind


def test_a_far_date_deep_in_a_case_names_its_column(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from clearlaw.io import read_records
    from clearlaw.io.parquet import RECORDS_SCHEMA

    path = _parquet_with(tmp_path, "id", pa.array(["P1", "P2", "P3"]))
    rows = cast(list[dict[str, Any]], _days(pq.read_table(path).to_pylist()))
    rows[1]["cases"][0]["counts"][0]["disposition_date"] = 3_000_000  # in the year 10183
    days = pa.schema([f.with_type(_int_dates(f.type)) for f in RECORDS_SCHEMA])
    pq.write_table(pa.Table.from_pylist(rows, days).cast(RECORDS_SCHEMA), path)
    (rejected,) = read_records(path).rejected
    assert str(rejected) == f"{path}:2: person P2: cases: a date outside the years 1 to 9999"


# --- a summary of people whose ids are not file names -----------------------------------------


def _summary(records: Path, out: Path) -> list[str]:
    """The arguments of ``clearlaw documents`` writing a summary of ``records`` into ``out``."""
    kind = ("--kind", "summary", "--output", str(out), "--no-progress")
    return ["documents", "ny/clean-slate", str(records), *AS_OF, *kind]


def test_a_summary_takes_people_whose_ids_are_not_file_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "people.jsonl"
    ids = ("P1", "NY/2020/7", "P 3", "../P4")
    records.write_text("".join(json.dumps(ny_person(i)) + "\n" for i in ids), encoding="utf-8")
    out = tmp_path / "documents"
    code, _, err = run(capsys, *_summary(records, out))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "summary.en.html"
    ]
    summary = " ".join(re.sub("<[^>]+>", " ", (out / "summary.en.html").read_text()).split())
    assert "people in the records 4" in summary


# --- a CSV row whose cells are not under their columns ----------------------------------------


def test_a_ragged_csv_row_says_so_and_shows_none_of_its_cells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A cell too few shifts the name into death_date and a case id into birth_date: the
    person is rejected for the row's shape alone, and no misplaced cell is quoted."""
    header = "person_id,name,death_date,case_id,jurisdiction,count_id,citation,level"
    good = "P1,Test Person One,,C1,US-NY,1,PL 220.03,misdemeanor"
    short = "P2,,Test Person Two,C2,US-NY,1,PL 220.03"  # the name one cell to the right
    long = "P3,Test Person Three,,C3,US-NY,1,PL 220.03,felony,extra"
    records = tmp_path / "people.csv"
    records.write_text("\n".join([header, good, short, long]) + "\n", encoding="utf-8")
    code, _, err = _check(capsys, str(records))
    assert code == 2
    assert err.splitlines() == [
        f"{records}:3: person P2: the row has 7 cells, the header has 8",
        f"{records}:4: person P3: the row has 9 cells, the header has 8",
        "2 of 3 people rejected (listed above); the others were evaluated",
    ]


# --- a device or a pipe given as the records file ---------------------------------------------


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_given_as_records_is_not_called_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "check", "ny/clean-slate", "/dev/null", *AS_OF)
    assert (code, err) == (
        2,
        "clearlaw: /dev/null: not a file (a device or a pipe); give a records file\n",
    )


# --- a statute or tests file that is not UTF-8 ------------------------------------------------

GOOD_LAW = Path(__file__).resolve().parent / "statutes" / "good" / "minimal.law"


def test_a_statute_file_that_is_not_utf8_is_a_diagnostic_at_its_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    law = tmp_path / "latin1.law"
    lines = GOOD_LAW.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "# Cl\u00e9ment's draft\n")  # written in Latin-1 below: byte 0xe9
    law.write_bytes("".join(lines).encode("latin-1"))
    code, _, err = run(capsys, "lint", str(law))
    assert code == 1
    assert err.splitlines()[0] == f"{law}:2:5: error: not UTF-8 text (byte 0xe9)"
    code, _, err = run(capsys, "check", str(law), str(PEOPLE), *AS_OF)
    assert code == 2 and err.startswith(f"{law}:2:5: error: not UTF-8 text (byte 0xe9)\n")


def test_a_tests_file_that_is_not_utf8_is_a_diagnostic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    law = tmp_path / "minimal.law"
    law.write_bytes(GOOD_LAW.read_bytes())
    law.with_suffix(".tests").write_bytes(b'test "caf\xe9"\n')
    code, _, err = run(capsys, "lint", str(law))
    assert code == 1
    assert (
        err.splitlines()[0]
        == f"{law.with_suffix('.tests')}:1:10: error: not UTF-8 text (byte 0xe9)"
    )
    code, _, err = run(capsys, "test", str(law))
    assert code == 1 and "not UTF-8 text (byte 0xe9)" in err


def test_a_statute_file_with_a_byte_order_mark_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    law = tmp_path / "bom.law"
    law.write_bytes(b"\xef\xbb\xbf" + GOOD_LAW.read_bytes())
    assert run(capsys, "lint", str(law))[:2] == (0, f"{law}: ok\n")


# --- clearlaw serve on a port in use ----------------------------------------------------------


def test_serve_on_a_port_in_use_is_exit_2_not_3(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[-1] == (
        f"clearlaw: serve: cannot listen on 127.0.0.1 port {port} (the error above says why:"
        " a port in use, an unknown host)"
    )


# --- a run folder's manifest listing a name no file can have ----------------------------------


def test_overwrite_skips_a_manifest_name_with_a_nul(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "people.jsonl"
    records.write_text(json.dumps(ny_person("P1")) + "\n", encoding="utf-8")
    out = tmp_path / "documents"
    argv = _summary(records, out)
    assert run(capsys, *argv)[0] == 0
    manifest = out / ".clearlaw-documents.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"].append("summary\x00.en.html")
    manifest.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, *argv, "--overwrite")
    assert (code, err) == (0, "")
    assert (out / "summary.en.html").is_file()


# --- a records file given where a statute belongs (the arguments swapped) ----------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("command", ["check", "lint"])
def test_a_records_file_as_the_statute_is_refused_without_quoting_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, command: str
) -> None:
    records = tmp_path / f"people{suffix}"
    records.write_text(
        "person_id,name,birth_date\nP1,Test Person Secret,1980-01-10\n", encoding="utf-8"
    )
    argv = [command, str(records)] + ([str(PEOPLE), *AS_OF] if command == "check" else [])
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err == f"clearlaw: {records}: a records file, not a statute file (.law)\n"
    assert "Secret" not in out + err and "1980" not in out + err


# --- a damaged Parquet footer or page ---------------------------------------------------------


def _seed_parquet_bytes(folder: Path) -> bytes:
    import pyarrow.parquet as pq

    path = _parquet_with(folder, "id", None)
    data = io.BytesIO()
    pq.write_table(pq.read_table(path), data, compression="none")
    return data.getvalue()


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_a_column_name_not_utf8_in_the_footer_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, engine: str
) -> None:
    data = _seed_parquet_bytes(tmp_path)
    size = struct.unpack("<I", data[-8:-4])[0]
    start = len(data) - 8 - size
    footer = data[start:-8].replace(b"birth_date", b"birth\xffdate")
    path = tmp_path / "damaged.parquet"
    path.write_bytes(data[:start] + footer + data[-8:])
    code, out, err = _check(capsys, str(path), "--engine", engine)
    assert (code, out) == (2, "")
    assert err.startswith(f"clearlaw: {path}: cannot read as Parquet: 'utf-8' codec")
    assert len(err.splitlines()) == 1


def test_a_damaged_page_duckdb_does_not_read_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The `name` column's page header overwritten: DuckDB's SQL never reads it, pyarrow
    (which hands the rows over) does."""
    import pyarrow.parquet as pq

    data = _seed_parquet_bytes(tmp_path)
    meta = pq.ParquetFile(io.BytesIO(data)).metadata.row_group(0)
    name = next(
        meta.column(c) for c in range(meta.num_columns) if meta.column(c).path_in_schema == "name"
    )
    at = name.dictionary_page_offset or name.data_page_offset
    path = tmp_path / "damaged.parquet"
    path.write_bytes(data[:at] + b"\x82<" + data[at + 2 :])
    out = tmp_path / "out.jsonl"
    code, _, err = _check(capsys, str(path), "--engine", "duckdb", "-o", str(out))
    assert code == 2
    assert err == f"clearlaw: {path}: cannot be read (OSError); the file may be damaged\n"
    assert not out.exists()


# --- a person with very many problems ---------------------------------------------------------


def test_a_person_with_a_thousand_problems_is_twenty_lines_and_a_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    person: dict[str, Any] = {"id": "P1", **{f"k{i}": i for i in range(1000)}}
    records = tmp_path / "people.jsonl"
    records.write_text(json.dumps(person) + "\n" + json.dumps(ny_person("P2")) + "\n")
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    lines = err.splitlines()
    assert code == 2 and len(lines) == 22
    assert lines[0].startswith(f"{records}:1: person P1: k0: unknown field")
    assert lines[-2:] == [
        f"{records}:1: person P1: 980 more problems",
        "1 of 2 people rejected (listed above); the others were evaluated",
    ]


# --- ids holding a character str.splitlines takes for a line end -----------------------------


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_json_lines_output_keeps_each_record_on_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, char: str
) -> None:
    records = tmp_path / "people.jsonl"
    records.write_text(
        json.dumps(ny_person(f"P{char}1"), ensure_ascii=False)
        + "\n"
        + json.dumps(ny_person("P2"))
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = _check(capsys, str(records))
    assert code == 0
    assert [json.loads(line)["person"] for line in out.splitlines()] == [f"P{char}1", "P2"]
    converted = tmp_path / "out.jsonl"
    assert run(capsys, "convert", str(records), str(converted))[0] == 0
    lines = converted.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"P{char}1", "P2"]


def test_duckdb_json_lines_keep_each_record_on_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "people.jsonl"
    people = [ny_person("P\u20281"), ny_person("P2")]
    records.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    code, out, _ = _check(capsys, str(records), "--engine", "duckdb")
    assert code == 0
    assert [json.loads(line)["person"] for line in out.splitlines()] == ["P\u20281", "P2"]


def test_a_summary_counts_the_people_it_could_not_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Three records, one rejected (a fact the statute cannot read): the summary counts three
    people in the records, one of them rejected (it said 2, as if the third did not exist)."""
    records = tmp_path / "people.jsonl"
    people = [ny_person("P1"), ny_person("P2", facts={"victim_age": "twelve"}), ny_person("P3")]
    records.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    out = tmp_path / "documents"
    code, _, err = run(capsys, *_summary(records, out))
    assert code == 2 and "person P2" in err and "twelve" not in err
    summary = " ".join(re.sub("<[^>]+>", " ", (out / "summary.en.html").read_text()).split())
    assert "people in the records 3" in summary
    assert "people rejected (not read: each listed on stderr) 1" in summary
    assert "people with a count this statute decides 2" in summary
