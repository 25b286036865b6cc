"""Reading and writing people's records (JSON Lines, CSV, Parquet); see ``docs/records.md``.

``read_records`` picks the format by extension and never raises for a bad record: a person
with any problem is rejected whole (listing every problem) and the rest load.  It raises
``RecordsError`` only when the file as a whole cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from clearlaw.io.csv_records import CSV_COLUMNS, FACT_PREFIX, read_csv
from clearlaw.io.errors import Problem, ReadResult, RecordsError, Rejection
from clearlaw.io.jsonl import (
    RECORD_KEYS,
    iter_jsonl,
    person_from_json,
    person_to_json,
    read_jsonl,
    write_jsonl,
)
from clearlaw.io.stream import JSONL_SUFFIXES, PARQUET_SUFFIXES, RecordStream, records_format

__all__ = [
    "CSV_COLUMNS",
    "FACT_PREFIX",
    "JSONL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "RECORD_KEYS",
    "Problem",
    "ReadResult",
    "RecordStream",
    "RecordsError",
    "Rejection",
    "iter_jsonl",
    "person_from_json",
    "person_to_json",
    "read_csv",
    "read_jsonl",
    "read_records",
    "records_format",
    "write_jsonl",
]


def read_records(path: str | Path) -> ReadResult:
    """Read a records file whole: ``.jsonl``/``.json``/``.ndjson`` as JSON Lines, ``.csv`` as
    CSV, ``.parquet`` as Parquet (``RecordStream`` reads it one person at a time).

    Raises ``RecordsError`` for any other extension, or a file that cannot be read at all.
    """
    return RecordStream(path).read()
