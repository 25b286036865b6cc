"""New York, Pennsylvania, New Jersey and Connecticut records as their courts write them (legal
review 8, 2026-12-08): Penal Law sections with the letter glued on (``PL 130.65A`` is PL
130.65-a, a sexually violent offense), New Jersey levels spelled out (``Crime of the Fourth
Degree``, ``Disorderly Persons Offense``) and the states' diversions (``PTI``, ``Accelerated
Rehabilitation``, ``Accelerated Rehabilitative Disposition``, ``ACD``).  Before, the first was
sealed and the others rejected the whole person."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_records import write_people

import clearlaw
from clearlaw.citations import parse_citation
from clearlaw.io import read_records
from clearlaw.records import Disposition, Level

AS_OF = date(2026, 12, 8)


def _person(pid: str, jurisdiction: str, counts: list[dict[str, Any]]) -> dict[str, Any]:
    case = {"id": "C1", "jurisdiction": jurisdiction, "status": "closed", "counts": counts}
    return {"id": pid, "birth_date": "1980-01-01", "cases": [case]}


def _count(citation: str, level: str, disposition: str, **more: Any) -> dict[str, Any]:
    return {
        "id": "1",
        "citation": citation,
        "level": level,
        "offense_date": "2010-01-01",
        "disposition": disposition,
        "disposition_date": "2010-06-01",
        **more,
    }


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("PL 130.65A", "PL 130.65-a"),
        ("130.65a", "PL 130.65-a"),
        ("PL 110/130.65A", "PL 110.00/130.65-a"),
        ("N.Y. Penal Law § 230.34a", "PL 230.34-a"),
        ("PL 265.01B(1)", "PL 265.01-b(1)"),
        ("PL 265.01b 01 EF", "PL 265.01-b(1)"),
    ],
)
def test_a_penal_law_section_with_its_letter_glued_on_reads_as_the_hyphenated_section(
    written: str, canonical: str
) -> None:
    assert parse_citation(written, "US-NY") == parse_citation(canonical)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("PL 155.25", "PL 155.25"),
        ("PL 1552500", "PL 155.25"),
        ("PL 130.20 01 EF", "PL 130.20(1)"),
        ("VTL 1192.03", "VTL 1192(3)"),
    ],
)
def test_the_other_new_york_forms_read_as_before(written: str, read: str) -> None:
    assert str(parse_citation(written, "US-NY")) == read


def test_aggravated_sexual_abuse_4th_written_pl_130_65a_is_never_sealed(tmp_path: Path) -> None:
    sentence = {"imposed_date": "2010-06-01", "incarcerated": False, "supervised": False}
    people = [
        _person(
            f"P{k}",
            "US-NY",
            [_count(c, "felony", "convicted", **{"class": "E"}, sentence=sentence)],
        )
        for k, c in enumerate(["PL 130.65-a", "PL 130.65A", "130.65a"])
    ]
    result = read_records(write_people(tmp_path, *people))
    assert not result.rejected
    ny = clearlaw.load("ny/clean-slate")
    found = {
        (d.person, d.outcome, str(d.eligible_on))
        for p in result.people
        for d in clearlaw.evaluate(ny, p, AS_OF)
    }
    assert found == {(f"P{k}", "not_eligible", "never") for k in range(3)}


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("Indictable", Level.FELONY),
        ("Crime of the Fourth Degree", Level.FELONY),
        ("4th Degree Crime", Level.FELONY),
        ("Disorderly Persons Offense", Level.MISDEMEANOR),
        ("Petty Disorderly Persons Offense", Level.PETTY_OFFENSE),
    ],
)
def test_a_new_jersey_level_spelled_out_is_read(tmp_path: Path, written: str, level: Level) -> None:
    people = [_person("P1", "US-NJ", [_count("2C:20-3a", written, "Guilty")])]
    result = read_records(write_people(tmp_path, *people))
    assert not result.rejected
    assert result.people[0].cases[0].counts[0].level is level


@pytest.mark.parametrize("written", ["DP", "PDP", "Conditional Discharge"])
def test_a_value_that_could_mean_two_things_still_rejects_naming_the_field(
    tmp_path: Path, written: str
) -> None:
    """``DP`` and ``PDP`` (docs/records.md); ``Conditional Discharge`` is New Jersey's drug
    diversion but a sentence after conviction in New York and Illinois."""
    count = (
        _count("2C:20-3a", written, "Guilty")
        if written != "Conditional Discharge"
        else _count("2C:35-10a(4)", "misdemeanor", written)
    )
    result = read_records(write_people(tmp_path, _person("P1", "US-NJ", [count])))
    (rejection,) = result.rejected
    assert written in str(rejection)


@pytest.mark.parametrize(
    ("jurisdiction", "citation", "written"),
    [
        ("US-NJ", "2C:35-10a(4)", "PTI"),
        ("US-NJ", "2C:35-10a(4)", "Pre-Trial Intervention"),
        ("US-NJ", "2C:33-2a(1)", "Conditional Dismissal"),
        ("US-CT", "53a-125b", "Accelerated Rehabilitation"),
        ("US-CT", "53a-61", "Family Violence Education Program"),
        ("US-PA", "18 § 3929 §§ A1", "Accelerated Rehabilitative Disposition"),
        ("US-NY", "PL 221.05", "ACD"),
        ("US-NY", "PL 221.05", "Adjournment in Contemplation of Dismissal"),
    ],
)
def test_a_diversion_as_the_state_writes_it_is_diverted(
    tmp_path: Path, jurisdiction: str, citation: str, written: str
) -> None:
    people = [_person("P1", jurisdiction, [_count(citation, "misdemeanor", written)])]
    result = read_records(write_people(tmp_path, *people))
    assert not result.rejected
    assert result.people[0].cases[0].counts[0].disposition is Disposition.DIVERTED
