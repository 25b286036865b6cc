"""The DuckDB engine decides the records a slice at a time (``engine.SLICE_PEOPLE``, whole
Parquet row groups): the same determinations and rejections, in the same order, however the
records are cut — a person id repeated in a later slice included."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_columnar_accounts import AS_OF, ROWS, python_rejections, table

import clearlaw
from clearlaw.columnar import engine, run
from clearlaw.frames import evaluate_frame


@pytest.mark.parametrize("size", [1, 3, 7])
@pytest.mark.parametrize("form", ["parquet", "arrow"])
def test_slices_decide_as_one_pass(
    size: int, form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ny = clearlaw.load("ny/clean-slate")
    records: object = table()
    if form == "parquet":
        records = tmp_path / "people.parquet"
        pq.write_table(table(), records, row_group_size=1)
    whole = run(ny, records, AS_OF)  # type: ignore[arg-type]
    monkeypatch.setattr(engine, "SLICE_PEOPLE", size)
    sliced = run(ny, records, AS_OF)  # type: ignore[arg-type]
    assert [str(x) for x in sliced.rejected] == [str(x) for x in whole.rejected]
    assert [str(x) for x in sliced.rejected] == python_rejections(ny, records)
    # A2 is given on rows 2 and 26: in another slice, the second is still rejected
    assert any("A2: id: duplicate person id (first on row 2)" in str(x) for x in sliced.rejected)
    assert sliced.table.equals(whole.table)
    assert sliced.table.equals(evaluate_frame(ny, table(), AS_OF, errors="skip"))
    assert (sliced.people, sliced.fallback) == (len(ROWS), whole.fallback)


def test_an_empty_parquet_file_is_one_empty_slice(tmp_path: Path) -> None:
    records = tmp_path / "none.parquet"
    pq.write_table(table().slice(0, 0), records)
    found = run(clearlaw.load("ny/clean-slate"), records, AS_OF)
    assert (found.table.num_rows, found.people, found.rejected) == (0, 0, ())
