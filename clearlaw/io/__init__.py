"""Reading and writing people's records (JSON Lines and CSV); see ``docs/records.md``.

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
    person_from_json,
    person_to_json,
    read_jsonl,
    write_jsonl,
)

__all__ = [
    "CSV_COLUMNS",
    "FACT_PREFIX",
    "JSONL_SUFFIXES",
    "RECORD_KEYS",
    "Problem",
    "ReadResult",
    "RecordsError",
    "Rejection",
    "person_from_json",
    "person_to_json",
    "read_csv",
    "read_jsonl",
    "read_records",
    "write_jsonl",
]

#: File extensions read as JSON Lines (one person object per line).
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")


def read_records(path: str | Path) -> ReadResult:
    """Read a records file: ``.jsonl``/``.json``/``.ndjson`` as JSON Lines, ``.csv`` as CSV.

    Raises ``RecordsError`` for any other extension, or a file that cannot be read at all.
    """
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(path)
    if suffix == ".csv":
        return read_csv(path)
    shown = repr(suffix) if suffix else "no extension"
    raise RecordsError(
        f"{path}: unknown records format ({shown}); expected .jsonl, .json, .ndjson or .csv"
    )
