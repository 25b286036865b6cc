"""The flattened counts (``clearlaw.columnar.layout.flatten_sql``) read a count's level and
disposition once each: the spellings' ``CASE`` (``layout.choice``) is a column of its own that
the value and the check both use, not written out at every use (DuckDB pays for a ``CASE``'s
size at every use, even where no row reaches it: 2.9 -> 2.1 CPU-s flattening 200,000 New
York people).  The answers are pinned by the differential tests (``test_columnar*``)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from clearlaw import records as r
from clearlaw.columnar.layout import choice, flatten_sql
from clearlaw.io.parquet import people_to_table
from clearlaw.records import Case, Count, Person


@pytest.mark.parametrize(("field", "kind"), [("level", r.Level), ("disposition", r.Disposition)])
def test_a_spelled_choice_is_written_once(field: str, kind: type[r.Level]) -> None:
    read, _ = choice(f"k.{field}", kind)
    assert flatten_sql("people", {}, frozenset())["counts"].count(read) == 1


def test_spellings_read_and_checked_from_the_one_column() -> None:
    counts = [
        Count(id="1", level="FEL", disposition="Guilty Plea"),
        Count(id="2", level="misdemeanor", disposition="dismissed"),
        Count(id="3", level="Felony 3", disposition="Held for Court"),
    ]
    people = [Person(id="P1", cases=(Case(id="C1", counts=tuple(counts)),))]
    table = people_to_table(people)
    table = table.append_column("pid", pa.array([0], pa.int64()))
    rows = table.to_pylist()
    rows[0]["cases"][0]["counts"][1]["level"] = "not a level"  # the reader rejects it
    with duckdb.connect() as con:
        con.register("people", pa.Table.from_pylist(rows, schema=table.schema))
        found = con.sql(
            f"SELECT id, level, disposition, invalid IS TRUE FROM ({flatten_sql('people', {}, frozenset())['counts']}) ORDER BY ord"
        ).fetchall()
    assert found == [
        ("1", "felony", "convicted", False),
        ("2", None, "dismissed", True),
        ("3", "felony", None, False),
    ]
