"""Mutations of records files and statute texts, and what ``clearlaw check`` must do with
them, for fuzzing the command line.

Used by the bounded hypothesis tests (``tests/test_cli_fuzz.py``, which draw the ``Random``)
and by the longer run (``benchmarks/fuzz.py``, seeded).  Every mutation takes a
``random.Random`` and a text and returns the text changed; ``mutate`` applies a few.
``check`` runs the command in-process and ``faults`` lists what it did wrong.  The seeds are
fabricated people only.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pyarrow as pa

from clearlaw import cli
from clearlaw.io import ReadResult, RecordsError, read_records
from clearlaw.library import load

ROOT = Path(__file__).resolve().parent.parent

#: A few people of ``examples/people.jsonl`` (fabricated): New York and California cases.
SEED_JSONL = "".join(
    line + "\n"
    for line in (ROOT / "examples/people.jsonl").read_text(encoding="utf-8").splitlines()[:6]
)
#: Every column of the CSV form, with fabricated people.
SEED_CSV = (ROOT / "tests/data/records/good.csv").read_text(encoding="utf-8")

#: Values put where a record's value was: wrong types, extremes, control characters,
#: formulas, dates that do not exist or that leave the calendar.
ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    10**30,
    1e308,
    "",
    " ",
    "x",
    "NULL",
    "\x1b[31mred",
    "a\nb",
    "=1+1",
    "9999-12-31",
    "9999-06-01",
    "0001-01-01",
    "2020-02-30",
    "2020-13-01",
    "20200101",
    "felony",
    "misdemeanor",
    "convicted",
    "US-NY",
    "US-CA",
    "HS 11357(b)",
    "PL 220.03",
    [],
    {},
    ["x"],
    {"id": "1"},
)
#: Characters put into the text: quoting, structure, line ends, control and wide characters.
ODD_CHARS = "\"',{}[]:\n\r\t\x00\x0b\x1b\ufeff\u2028é§→\\"


def _odd_value(rng: random.Random) -> Any:
    return rng.choice(ODD_VALUES)


def _json_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value (keys and indexes)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _json_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _json_paths(item, (*path, index))
    return found


def _set_json(value: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return value


def json_value(rng: random.Random, text: str) -> str:
    """One value of one JSON line replaced by an odd value, or deleted (or a key added)."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if line.strip()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    try:
        value = json.loads(lines[i])
    except ValueError:
        return text
    paths = _json_paths(value)
    path = rng.choice(paths)
    roll = rng.random()
    if roll < 0.15 and path:
        value = _set_json(value, path, None, delete=True)
    elif roll < 0.25 and isinstance(value, dict):
        value[rng.choice(("nmae", "cases", "facts", "extra", "id"))] = _odd_value(rng)
    else:
        value = _set_json(value, path, _odd_value(rng), delete=False)
    lines[i] = json.dumps(value, ensure_ascii=rng.random() < 0.5)
    return "\n".join(lines)


def characters(rng: random.Random, text: str) -> str:
    """A character inserted, deleted or replaced somewhere."""
    if not text:
        return rng.choice(ODD_CHARS)
    at = rng.randrange(len(text))
    roll = rng.random()
    if roll < 0.4:
        return text[:at] + rng.choice(ODD_CHARS) + text[at:]
    if roll < 0.7:
        return text[:at] + text[at + 1 :]
    return text[:at] + rng.choice(ODD_CHARS) + text[at + 1 :]


def lines(rng: random.Random, text: str) -> str:
    """A line duplicated, deleted, swapped, cut short or blanked; or another line ending."""
    rows = text.split("\n")
    roll = rng.random()
    i, j = rng.randrange(len(rows)), rng.randrange(len(rows))
    if roll < 0.2:
        rows.insert(j, rows[i])
    elif roll < 0.35 and len(rows) > 1:
        del rows[i]
    elif roll < 0.5:
        rows[i], rows[j] = rows[j], rows[i]
    elif roll < 0.65:
        rows[i] = rows[i][: rng.randrange(len(rows[i]) + 1)]
    elif roll < 0.75:
        rows.insert(i, rng.choice(("", "   ", "\t")))
    else:
        return text.replace("\n", rng.choice(("\r\n", "\r", "\n\n")))
    return "\n".join(rows)


def csv_cell(rng: random.Random, text: str) -> str:
    """One CSV cell replaced by an odd value, or a row given a cell more or less, or two
    header columns swapped."""
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error:
        return text
    rows = [row for row in rows if row]
    if not rows:
        return text
    roll = rng.random()
    i = rng.randrange(len(rows))
    row = rows[i]
    if roll < 0.1 and len(rows[0]) > 1:
        a, b = rng.sample(range(len(rows[0])), 2)
        rows[0][a], rows[0][b] = rows[0][b], rows[0][a]
    elif roll < 0.2:
        row.insert(rng.randrange(len(row) + 1), str(_odd_value(rng)))
    elif roll < 0.3 and row:
        del row[rng.randrange(len(row))]
    elif row:
        new = _odd_value(rng)
        row[rng.randrange(len(row))] = "" if new is None else str(new)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


#: The mutations of each records format.
JSONL_MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (
    json_value,
    json_value,
    json_value,
    characters,
    lines,
)
CSV_MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (
    csv_cell,
    csv_cell,
    csv_cell,
    characters,
    lines,
)
#: The mutations of a statute's text.
STATUTE_MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (characters, lines)


#: Values put into a Parquet table, each of its column's type, by that type.
PARQUET_ODD: dict[type, tuple[Any, ...]] = {
    str: (None, "", " ", "x", "\x00", "\x1b[31m", "=1+1", "NULL", "felony", "{", "9999-99-99"),
    dt.date: (None, dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2020, 2, 29)),
    int: (None, 0, 2**63 - 1),
    bool: (None, True, False),
}


def parquet_value(rng: random.Random, table: pa.Table) -> pa.Table:
    """``table`` (of ``RECORDS_SCHEMA``) with one value replaced by an odd value of its
    column's type (``PARQUET_ODD``), or a list emptied or nulled."""
    rows = table.to_pylist()
    leaves = [path for path in _json_paths(rows) if len(path) > 1]
    path = rng.choice(leaves)
    parent: Any = rows
    for step in path[:-1]:
        parent = parent[step]
    value = parent[path[-1]]
    if isinstance(value, list):
        parent[path[-1]] = rng.choice(([], None, value + value))
    elif type(value) in PARQUET_ODD:
        parent[path[-1]] = rng.choice(PARQUET_ODD[type(value)])
    return pa.Table.from_pylist(rows, schema=table.schema)


def parquet_column(rng: random.Random, table: pa.Table) -> pa.Table:
    """``table`` with one column dropped, repeated, added, all null, of another type (a
    wider or narrower one, text for dates, text for another type) or, for a date column,
    with days past the calendar's ends."""
    name = rng.choice(table.column_names)
    i = table.schema.get_field_index(name)
    column = table.column(name)
    kind = column.type
    roll = rng.randrange(7)
    if roll == 0:
        return table.drop_columns([name])
    if roll == 1:
        return table.append_column(rng.choice((name, "extra")), column)
    if roll == 2:
        return table.set_column(i, name, pa.nulls(len(table), rng.choice((kind, pa.null()))))
    if roll == 3 and pa.types.is_date32(kind):
        days = [rng.choice((-800_000, 3_000_000, 0, None)) for _ in range(len(table))]
        return table.set_column(i, name, pa.array(days, pa.int32()).cast(pa.date32()))
    if roll == 4 and pa.types.is_string(kind):
        return table.set_column(i, name, column.cast(rng.choice((pa.large_string(),))))
    if roll == 5 and (pa.types.is_string(kind) or pa.types.is_date32(kind)):
        return table.set_column(i, name, column.dictionary_encode())
    text = pa.array([json.dumps(v, default=str) for v in column.to_pylist()], pa.string())
    return table.set_column(i, name, text)


def parquet_bytes(rng: random.Random, data: bytes) -> bytes:
    """A Parquet file's bytes cut short or with a run of bytes overwritten."""
    at = rng.randrange(len(data))
    if rng.random() < 0.4:
        return data[:at]
    run = rng.randint(1, 64)
    return data[:at] + bytes(rng.randrange(256) for _ in range(run)) + data[at + run :]


def mutate(
    rng: random.Random,
    text: str,
    mutations: tuple[Callable[[random.Random, str], str], ...],
    most: int = 4,
) -> str:
    """``text`` with one to ``most`` of ``mutations`` applied."""
    for _ in range(rng.randint(1, most)):
        text = rng.choice(mutations)(rng, text)
    return text


#: Statutes loaded once (loading is what takes time; the records are what is fuzzed).
cached_load = functools.cache(load)


def check(path: Path, statute: str, as_of: str, *extra: str) -> tuple[int, str, str]:
    """``clearlaw check`` in-process, JSON Lines out: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", statute, str(path), "--as-of", as_of, "--format", "jsonl", *extra]
    with (
        mock.patch.object(cli, "load", cached_load),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def _csv_person_rows(path: Path) -> list[tuple[int, str | None]]:
    """(line, person id or None) of every data row, read as ``read_csv`` reads them."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        rows, start = [], 1
        for cells in reader:
            if cells:
                rows.append((start, cells))
            start = reader.line_num + 1
    (_, header), data = rows[0], rows[1:]
    column = [name.strip() for name in header].index("person_id")
    return [
        (line, cells[column].strip() if column < len(cells) and cells[column].strip() else None)
        for line, cells in data
        if any(cell.strip() for cell in cells)
    ]


def _unaccounted(path: Path, records: ReadResult) -> list[str]:
    """The people of the file that were neither loaded nor rejected."""
    if path.suffix in (".jsonl", ".parquet"):  # a line or row: one person or one rejection
        found = len(records.people) + len(records.rejected)
        if found != records.lines_read:
            return [f"{records.lines_read} lines read, {found} people loaded or rejected"]
        return []
    people = {p.id for p in records.people}
    rejected = {r.person_id for r in records.rejected}  # a repeated id: the later line
    no_id = {r.line for r in records.rejected if r.person_id is None}
    return [
        f"line {line}: person {pid!r} neither evaluated nor rejected"
        for line, pid in _csv_person_rows(path)
        if not ((pid in people | rejected) if pid is not None else line in no_id)
    ]


def faults(path: Path, code: int, out: str, err: str) -> list[str]:
    """What ``clearlaw check`` (``check``) did wrong with the records file ``path``: a
    traceback, an exit code other than 0 or 2, a person neither evaluated nor rejected,
    rejections with exit 0, output for a person not loaded."""
    found = []
    if "Traceback" in err or code == cli.BUG:
        found.append(f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}")
    elif code not in (cli.OK, cli.USAGE):
        found.append(f"exit {code}")
    try:
        records = read_records(path)
    except RecordsError:
        return found + (["output for an unreadable file"] if out else [])
    if records.lines_read == 0:
        return found + ([] if code == cli.USAGE else ["an empty file was not refused"])
    found += _unaccounted(path, records)
    if (code == cli.USAGE) != bool(records.rejected):
        found.append(f"exit {code} with {len(records.rejected)} people rejected")
    evaluated = {json.loads(line)["person"] for line in out.splitlines()}
    if not evaluated <= {p.id for p in records.people}:
        found.append("output for a person who was not loaded")
    return found
