"""A level that carries a class (``M2``, ``Class C Felony``, ``EF``) gives a count without a
``class`` its class, in the case's jurisdiction (``clearlaw.derive.class_in_level``): read by
every reader and by both engines alike.  Fabricated people only."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from cli_records import write_people
from statute_text import small_statute

import clearlaw
from clearlaw.derive import class_in_level
from clearlaw.io.parquet import people_to_table


@pytest.mark.parametrize(
    ("level", "jurisdiction", "read"),
    [
        ("M2", "US-PA", "M2"),
        ("Misdemeanor 2nd Degree", "US-PA", "M2"),
        ("Ungraded Misdemeanor", "US-PA", "M"),
        ("M", "US-PA", None),  # a misdemeanor, grade not said (not the ungraded grade `M`)
        ("F", "US-PA", None),
        ("misdemeanor", "US-PA", None),
        ("Class E Felony", "US-NY", "E"),
        ("AM", "US-NY", "A"),
        ("F3", "US-CO", "F3"),
        ("F3", "US-UT", "3"),
        ("Class 4 Felony", "US-IL", "4"),
        ("F3", "US-MI", None),  # no class table: nothing to read it as
        ("F3", None, None),
    ],
)
def test_the_class_a_level_carries(level: str, jurisdiction: str | None, read: str | None) -> None:
    assert class_in_level(level, jurisdiction) == read


def _person(pid: str, level: str, cls: str | None = None) -> dict[str, Any]:
    count: dict[str, Any] = {
        "id": "1",
        "citation": "18 Pa.C.S. 3929",
        "level": level,
        "disposition": "convicted",
        "disposition_date": "2010-01-01",
    }
    if cls is not None:
        count["class"] = cls
    case = {"id": "C1", "jurisdiction": "US-PA", "counts": [count]}
    return {"id": pid, "birth_date": "1980-01-01", "cases": [case]}


SECOND_DEGREE = small_statute(
    "test/m2",
    "Second-degree misdemeanors",
    """
rule m2 "a misdemeanor of the second degree"  § T 2
  clear when level is misdemeanor and class is "M2"
""",
)

PEOPLE = [
    _person("P1", "M2"),
    _person("P2", "Misdemeanor 2nd Degree"),
    _person("P3", "M"),  # the grade is not on record: needs review
    _person("P4", "M2", cls="M3"),  # the record's class wins
    _person("P5", "misdemeanor", cls="M2"),
]
EXPECTED = {"P1": "clear", "P2": "clear", "P3": "needs_review", "P4": "keep", "P5": "clear"}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return write_people(tmp_path, *PEOPLE)


def test_the_reader_gives_the_count_its_class(records: Path) -> None:
    read = clearlaw.read_records(records)
    classes = {p.id: p.cases[0].counts[0].offense_class for p in read.people}
    assert classes == {"P1": "M2", "P2": "M2", "P3": None, "P4": "M3", "P5": "M2"}


def _typed(value: Any) -> Any:
    """``value`` with its dates as dates, for an Arrow table in the records layout."""
    if isinstance(value, dict):
        return {
            k: date.fromisoformat(v) if k.endswith("date") and isinstance(v, str) else _typed(v)
            for k, v in value.items()
        }
    return [_typed(x) for x in value] if isinstance(value, list) else value


@pytest.mark.parametrize("engine", ["python", "duckdb"])
@pytest.mark.parametrize("given", ["jsonl", "arrow"])
def test_both_engines_decide_by_it(tmp_path: Path, records: Path, engine: str, given: str) -> None:
    """From Arrow, the DuckDB engine reads the level in SQL: a count whose level carries a
    class it has not is handed to the reader (``clearlaw.columnar.layout``)."""
    statute_path = tmp_path / "m2.law"
    statute_path.write_text(SECOND_DEGREE, encoding="utf-8")
    statute = clearlaw.load(str(statute_path))
    source: Any = records
    if given == "arrow":
        schema = people_to_table([]).schema
        source = pa.Table.from_pylist([_typed(p) for p in PEOPLE], schema=schema)
    table = clearlaw.evaluate_frame(statute, source, date(2026, 12, 7), engine=engine)
    outcomes = dict(
        zip(table.column("person").to_pylist(), table.column("outcome").to_pylist(), strict=True)
    )
    assert outcomes == EXPECTED
