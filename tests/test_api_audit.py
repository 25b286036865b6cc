"""``evaluate_frame`` as a record-clearance tool calls it: people left out are named, and an
``as_of`` of another type is read or refused at once.  Fabricated people only."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from cli_records import ny_person, write_people

import clearlaw
from clearlaw import evaluate_frame
from clearlaw.frames import SkippedPeopleWarning


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """Three people; the second's count gives ``victim_age`` (a number) as text."""
    bad = ny_person("P2", facts={"victim_age": "twelve"})
    return write_people(tmp_path, ny_person("P1"), bad, ny_person("P3"))


def test_skip_names_the_people_it_leaves_out(records: Path) -> None:
    with pytest.warns(SkippedPeopleWarning) as caught:
        table = evaluate_frame("ny/clean-slate", records, "2026-11-23", errors="skip")
    assert table.column("person").to_pylist() == ["P1", "P3"]
    (warning,) = caught
    message = str(warning.message)
    assert message.startswith("1 people cannot be read and are left out:")
    assert f"{records}:2: person P2: cases[0].counts[0].facts.victim_age" in message
    assert "twelve" not in message


@pytest.mark.parametrize(
    "as_of",
    [datetime.date(2026, 11, 23), datetime.datetime(2026, 11, 23, 17, 30), "2026-11-23"],
)
def test_as_of_may_be_a_date_a_datetime_or_text(tmp_path: Path, as_of: object) -> None:
    records = write_people(tmp_path, ny_person("P1"))
    table = evaluate_frame("ny/clean-slate", records, as_of)  # type: ignore[arg-type]
    assert table.column("eligible_on").to_pylist() == ["2024-11-16"]


def test_as_of_of_another_type_is_refused_at_once(tmp_path: Path) -> None:
    records = write_people(tmp_path, ny_person("P1"))
    with pytest.raises(TypeError, match="as_of: expected a date or 'YYYY-MM-DD', got int"):
        evaluate_frame("ny/clean-slate", records, 20261123)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "as_of",
    [datetime.date(2026, 11, 23), datetime.datetime(2026, 11, 23, 17, 30), "2026-11-23"],
)
def test_evaluate_reads_as_of_as_evaluate_frame_does(as_of: object) -> None:
    """``clearlaw.evaluate`` given a datetime or a text failed deep in the evaluator."""
    from clearlaw.io.jsonl import person_from_json

    person, problems = person_from_json(ny_person("P1"), source="test")
    assert person is not None and not problems
    (d,) = clearlaw.evaluate(clearlaw.load("ny/clean-slate"), person, as_of)  # type: ignore[arg-type]
    assert d.eligible_on == datetime.date(2024, 11, 16)
    with pytest.raises(TypeError, match="as_of: expected a date or 'YYYY-MM-DD', got NoneType"):
        clearlaw.evaluate(clearlaw.load("ny/clean-slate"), person, None)  # type: ignore[arg-type]


def test_skipped_people_warning_is_public() -> None:
    assert clearlaw.SkippedPeopleWarning is SkippedPeopleWarning
