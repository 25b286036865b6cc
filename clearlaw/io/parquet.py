"""Records as Parquet (and Arrow tables): one nested table, one row per person, in the JSON
shape of ``docs/records.md`` ("Parquet" says why one nested table rather than three).

Columns: ``id``, ``name``, ``birth_date``, ``death_date``, ``deceased``, ``registrations``
(``list<struct<kind, citation, date>>``) and ``cases`` (``list<struct<id, jurisdiction,
county, status, counts: list<struct<…>>>>``, each count with every key of the JSON count,
``sentence`` and ``financial`` as structs, and ``facts`` as JSON text, since a fact may be a
boolean, a number, a text or a date).  Dates are ``date32``; a date column may also be text
(``YYYY-MM-DD``), and any integer width is read.

Reading checks the columns first: a column missing, unknown or of the wrong type is a
``RecordsError`` naming the file and the column.  Each row is then checked exactly like a JSON
Lines record (``person_from_json``): a row with a problem is a ``Rejection`` whose line is the
row number (1-based), and the other rows load.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, cast

import pyarrow as pa
import pyarrow.parquet as pq

from clearlaw.io.errors import Problem, RecordsError, Rejection
from clearlaw.io.jsonl import decode, person_from_json, person_to_json
from clearlaw.records import Person

__all__ = [
    "RECORDS_SCHEMA",
    "check_columns",
    "iter_parquet",
    "iter_table",
    "parquet_rows",
    "people_to_table",
    "write_parquet",
]

_DATE = pa.date32()
_SENTENCE = pa.struct(
    [
        pa.field("imposed_date", _DATE),
        pa.field("incarcerated", pa.bool_()),
        pa.field("incarceration_release_date", _DATE),
        pa.field("supervised", pa.bool_()),
        pa.field("supervision_end_date", _DATE),
        pa.field("completion_date", _DATE),
        pa.field("prison", pa.bool_()),
        pa.field("probation_revoked", pa.bool_()),
        pa.field("probation_revoked_date", _DATE),
    ]
)
_FINANCIAL = pa.struct(
    [
        pa.field("restitution_ordered", pa.bool_()),
        pa.field("restitution_paid", pa.bool_()),
        pa.field("restitution_paid_date", _DATE),
        pa.field("fines_paid", pa.bool_()),
        pa.field("fines_paid_date", _DATE),
    ]
)
_COUNT = pa.struct(
    [
        pa.field("id", pa.string()),
        pa.field("citation", pa.string()),
        pa.field("object_citation", pa.string()),
        pa.field("description", pa.string()),
        pa.field("level", pa.string()),
        pa.field("class", pa.string()),
        pa.field("max_penalty_days", pa.int64()),
        pa.field("offense_date", _DATE),
        pa.field("disposition", pa.string()),
        pa.field("disposition_date", _DATE),
        pa.field("domestic_violence", pa.bool_()),
        pa.field("with_prejudice", pa.bool_()),
        pa.field("arrest_date", _DATE),
        pa.field("sentence", _SENTENCE),
        pa.field("financial", _FINANCIAL),
        pa.field("facts", pa.string()),  # a JSON object, as in JSON Lines
    ]
)
_CASE = pa.struct(
    [
        pa.field("id", pa.string()),
        pa.field("jurisdiction", pa.string()),
        pa.field("county", pa.string()),
        pa.field("status", pa.string()),
        pa.field("counts", pa.list_(_COUNT)),
    ]
)
_REGISTRATION = pa.struct(
    [pa.field("kind", pa.string()), pa.field("citation", pa.string()), pa.field("date", _DATE)]
)

#: The documented layout: one row per person.
_PERSON: list[pa.Field[Any]] = [
    pa.field("id", pa.string()),
    pa.field("name", pa.string()),
    pa.field("birth_date", _DATE),
    pa.field("death_date", _DATE),
    pa.field("deceased", pa.bool_()),
    pa.field("registrations", pa.list_(_REGISTRATION)),
    pa.field("cases", pa.list_(_CASE)),
]
RECORDS_SCHEMA = pa.schema(_PERSON)

#: People per record batch, read or written (a batch is what is held at a time).
BATCH_PEOPLE = 4096


def _type_name(kind: pa.DataType) -> str:
    if pa.types.is_struct(kind):
        return "struct"
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return "list"
    return str(kind)


def _compatible(actual: pa.DataType, expected: pa.DataType, column: str) -> str | None:
    """Why ``actual`` cannot be read as ``expected`` (naming the column), or ``None``."""
    if pa.types.is_null(actual):
        return None  # a column of nothing but nulls
    if pa.types.is_struct(expected):
        if not pa.types.is_struct(actual):
            return f"column {column}: expected a struct, got {_type_name(actual)}"
        return _fields([actual.field(i) for i in range(actual.num_fields)], expected, column)
    if pa.types.is_list(expected):
        if not (pa.types.is_list(actual) or pa.types.is_large_list(actual)):
            return f"column {column}: expected a list, got {_type_name(actual)}"
        return _compatible(actual.value_type, expected.value_type, f"{column}[]")
    ok = {
        "string": pa.types.is_string(actual)
        or pa.types.is_large_string(actual)
        or pa.types.is_dictionary(actual),
        "bool": pa.types.is_boolean(actual),
        "int64": pa.types.is_integer(actual),
        "date32[day]": pa.types.is_date(actual)
        or pa.types.is_string(actual)
        or pa.types.is_large_string(actual),
    }[str(expected)]
    if ok:
        return None
    wanted = {"date32[day]": "a date", "bool": "a boolean", "int64": "an integer"}
    return f"column {column}: expected {wanted.get(str(expected), 'text')}, got {actual}"


def _fields(
    actual: list[pa.Field[Any]], expected: pa.StructType | pa.Schema, where: str
) -> str | None:
    names = [f.name for f in actual]
    wanted = [expected.field(i) for i in range(len(expected))]
    prefix = f"{where}." if where else ""
    for name in names:
        if names.count(name) > 1:
            return f"column {prefix}{name} appears twice"
    for field in wanted:
        if field.name not in names:
            return f"column {prefix}{field.name} is missing"
    known = {f.name for f in wanted}
    for name in names:
        if name not in known:
            return f"column {prefix}{name} is not a records column (docs/records.md, Parquet)"
    for field in wanted:
        found = actual[names.index(field.name)].type
        if problem := _compatible(found, field.type, f"{prefix}{field.name}"):
            return problem
    return None


def check_columns(schema: pa.Schema, source: str) -> None:
    """``RecordsError`` (naming ``source`` and the column) unless ``schema`` can be read as
    ``RECORDS_SCHEMA``."""
    problem = _fields(list(schema), RECORDS_SCHEMA, "")
    if problem:
        raise RecordsError(f"{source}: {problem}")


def _json_shape(value: object) -> object:
    """A value of ``to_pylist`` (or decoded JSON) in the JSON shape, in one pass: dates as
    ``YYYY-MM-DD`` text, the null keys of structs and objects left out (a Parquet struct has
    every key; JSON only some)."""
    if isinstance(value, dict):
        return {k: _json_shape(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_json_shape(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _facts(row: dict[str, Any]) -> list[Problem]:
    """Decode each count's ``facts`` JSON text in place (its null keys left out, as a
    struct's); a problem for each that is not, its ``facts`` left out."""
    problems = []
    for i, case in enumerate(row.get("cases") or ()):
        for j, count in enumerate((case or {}).get("counts") or ()):
            text = (count or {}).get("facts")
            if text is None:
                continue
            try:
                count["facts"] = _json_shape(decode(text))
            except (ValueError, RecursionError):
                del count["facts"]
                field = f"cases[{i}].counts[{j}].facts"
                problems.append(Problem(field, "not a JSON object (the facts column is JSON text)"))
    return problems


def _rows(batch: pa.RecordBatch) -> Iterator[dict[str, Any] | tuple[object, Problem]]:
    """The rows of ``batch`` as Python values; a row holding a value Python cannot (text
    that is not UTF-8, a date outside the years 1 to 9999) as (its ``id`` if it can be read,
    the problem naming its column)."""
    try:
        rows = batch.to_pylist()
    except (ValueError, OverflowError):  # UnicodeDecodeError is a ValueError
        pass
    else:
        yield from rows
        return
    for i in range(batch.num_rows):
        row = batch.slice(i, 1)
        try:
            (value,) = row.to_pylist()
        except (ValueError, OverflowError):
            yield _cell(row, "id"), _unreadable(row)
        else:
            yield value


def _unreadable(row: pa.RecordBatch) -> Problem:
    """The problem of the first column of a one-row batch that Python cannot read."""
    for name in row.schema.names:
        try:
            row.column(name).to_pylist()
        except UnicodeDecodeError:
            return Problem(name, "not UTF-8 text")
        except OverflowError:
            return Problem(name, "a date outside the years 1 to 9999")
        except ValueError:
            return Problem(name, "a value that cannot be read")
    return Problem("", "a value that cannot be read")


def _cell(row: pa.RecordBatch, name: str) -> object:
    """The value of column ``name`` in a one-row batch, or ``None`` if it cannot be read."""
    try:
        return row.column(name).to_pylist()[0]
    except (ValueError, OverflowError, KeyError):
        return None


def iter_table(
    batches: Iterable[pa.RecordBatch],
    source: str,
    first_row: int = 1,
    rows: Iterable[int] | None = None,
) -> Iterator[Person | Rejection]:
    """The people of record batches in the layout (columns already checked), one person or
    one ``Rejection`` per row; ``source`` names the rows in messages (``source:row``); the
    rows are numbered from ``first_row``, or by ``rows`` (read as each row is: a row's
    number in ``source`` when the batches hold only some of its rows)."""
    seen: dict[str, int] = {}
    numbers = iter(rows) if rows is not None else itertools.count(first_row)
    for batch in batches:
        for raw in _rows(batch):
            number = next(numbers)
            if isinstance(raw, tuple):  # a value Python cannot hold
                pid, problem = raw
                yield Rejection(source, number, pid if isinstance(pid, str) else None, (problem,))
                continue
            row = _json_shape(raw)
            assert isinstance(row, dict)
            problems = _facts(row)
            person, found = person_from_json(row, source=f"{source}:{number}")
            problems.extend(found)
            pid = row.get("id") if isinstance(row.get("id"), str) else None
            if pid is not None and pid.strip():
                if pid in seen:
                    duplicate = f"duplicate person id (first on row {seen[pid]})"
                    problems.insert(0, Problem("id", duplicate))
                else:
                    seen[pid] = number
            if problems or person is None:
                yield Rejection(source, number, pid, tuple(problems))
            else:
                yield person


def iter_parquet(path: str | Path) -> Iterator[Person | Rejection]:
    """The people of a Parquet records file, one row (person) at a time."""
    source = str(path)
    try:
        parquet = pq.ParquetFile(path)
        check_columns(parquet.schema_arrow, source)
        yield from iter_table(parquet.iter_batches(batch_size=BATCH_PEOPLE), source)
    except (OSError, pa.ArrowException, UnicodeDecodeError) as err:  # a damaged footer
        raise RecordsError(f"{source}: cannot read as Parquet: {_first_line(err)}") from None


def parquet_rows(path: str | Path) -> int:
    """How many rows (people) a Parquet records file holds, read from its footer alone;
    ``RecordsError`` if it has none that can be read."""
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (OSError, pa.ArrowException, UnicodeDecodeError) as err:  # a damaged footer
        raise RecordsError(f"{path}: cannot read as Parquet: {_first_line(err)}") from None


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _typed(value: object, key: str = "") -> object:
    """A value of ``person_to_json`` for Arrow: dates as dates, facts as JSON text."""
    if key == "facts":
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and (key == "date" or key.endswith("_date")):
        return dt.date.fromisoformat(value)
    if isinstance(value, Mapping):
        return {k: _typed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def people_to_table(people: Iterable[Person]) -> pa.Table:
    """People as an Arrow table in the layout (``RECORDS_SCHEMA``)."""
    rows = [cast(dict[str, Any], _typed(person_to_json(p))) for p in people]
    return pa.Table.from_pylist(rows, schema=RECORDS_SCHEMA)


def write_parquet(people: Iterable[Person], out: str | Path | BinaryIO) -> int:
    """Write people as Parquet in the layout, a batch at a time; returns how many."""
    written = 0
    batch: list[Person] = []
    with pq.ParquetWriter(out, RECORDS_SCHEMA, compression="zstd") as writer:
        for person in people:
            batch.append(person)
            if len(batch) == BATCH_PEOPLE:
                writer.write_table(people_to_table(batch))
                written += len(batch)
                batch.clear()
        if batch or not written:
            writer.write_table(people_to_table(batch))
            written += len(batch)
    return written
