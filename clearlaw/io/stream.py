"""One reader for every records format: ``RecordStream`` gives the people of a file one at a
time and collects the rejections as it goes, so that a run over a million people holds one
person at a time (``read_records`` is the same stream gathered into a ``ReadResult``).

JSON Lines and Parquet stream: besides the rejections, a stream keeps each person id with its
line or row (about 200 bytes a person, to find duplicate ids).  CSV is read whole before the
first person is given, because the rows of one person may be anywhere in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clearlaw.io.csv_records import read_csv
from clearlaw.io.errors import ReadResult, RecordsError, Rejection
from clearlaw.io.jsonl import iter_jsonl
from clearlaw.records import Person

__all__ = ["JSONL_SUFFIXES", "PARQUET_SUFFIXES", "RecordStream", "records_format"]

#: File extensions read as JSON Lines (one person object per line).
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
#: File extensions read as Parquet (``docs/records.md``, "Parquet").
PARQUET_SUFFIXES = (".parquet",)


def records_format(path: str | Path) -> str:
    """``"jsonl"``, ``"csv"`` or ``"parquet"`` by the extension of ``path``; ``RecordsError``
    for any other."""
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    shown = repr(suffix) if suffix else "no extension"
    raise RecordsError(
        f"{path}: unknown records format ({shown}); expected .jsonl, .json, .ndjson, .csv"
        " or .parquet"
    )


class RecordStream:
    """The people of a records file, read once, one at a time (iterate it).

    ``rejected`` fills as the stream is read (in file order); ``people_read`` counts the
    people given so far, ``lines_read`` the non-blank JSONL lines, CSV data rows or Parquet
    rows.  ``RecordsError`` (from
    the constructor for an unknown extension, else while reading) when the file as a whole
    cannot be read.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.format = records_format(path)
        self.rejected: list[Rejection] = []
        self.lines_read = 0
        self.people_read = 0
        self._started = False

    def __iter__(self) -> Iterator[Person]:
        if self._started:
            raise RuntimeError(f"{self.path}: a RecordStream is read once")
        self._started = True
        if self.format == "csv":
            result = read_csv(self.path)
            self.rejected.extend(result.rejected)
            self.lines_read = result.lines_read
            self.people_read = len(result.people)
            yield from result.people
            return
        if self.format == "parquet":
            from clearlaw.io.parquet import iter_parquet  # pyarrow only when it is needed

            items: Iterator[Person | Rejection] = iter_parquet(self.path)
        else:
            items = iter_jsonl(self.path)
        for item in items:  # one person or one rejection per line or row
            self.lines_read += 1
            if isinstance(item, Rejection):
                self.rejected.append(item)
            else:
                self.people_read += 1
                yield item

    def read(self) -> ReadResult:
        """Every person at once (what ``read_records`` returns)."""
        people = tuple(self)
        return ReadResult(people=people, rejected=tuple(self.rejected), lines_read=self.lines_read)
