"""Illinois dispositions as Cook County State's Attorney data writes them (CHARGE_DISPOSITION,
clearlaw/data/record_values.toml): ``Nolle Prosecution``, ``FNG``, ``Finding Guilty``, ``Verdict
Guilty``, ``Verdict-Not Guilty``, ``Case Dismissed``, ``FNPC``; ``SOL`` and ``BFW`` are not
final and are ``unknown``.  Until 2026-12-08 each of them rejected the whole person ("unknown
disposition 'Nolle Prosecution'"), though "Nolle Prosecution" is the data's most common value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_records import write_people

import clearlaw
from clearlaw.io import read_records
from clearlaw.records import Disposition

IL = clearlaw.load("il/cannabis-expungement")
AS_OF = date(2024, 1, 1)


def _records(tmp_path: Path, dispositions: list[str]) -> Path:
    """One fabricated person per disposition: a 720 ILCS 550/4(b) possession count (at most 30
    grams) arrested 2015-01-01, disposed of 2015-03-01, written the Cook County way."""
    people = []
    for k, disposition in enumerate(dispositions):
        count = {
            "id": "1",
            "citation": "720-550/4-B",
            "level": "misdemeanor",
            "class": "B",
            "offense_date": "2015-01-01",
            "arrest_date": "2015-01-01",
            "disposition": disposition,
            "disposition_date": "2015-03-01",
        }
        case = {"id": "C1", "jurisdiction": "US-IL", "counts": [count]}
        people.append({"id": f"P{k}", "birth_date": "1990-01-01", "cases": [case]})
    return write_people(tmp_path, *people)


@pytest.mark.parametrize(
    ("written", "canonical", "outcome"),
    [
        ("Nolle Prosecution", "nolle_prosequi", "expunge"),
        ("FNG", "acquitted", "expunge"),
        ("Verdict-Not Guilty", "acquitted", "expunge"),
        ("Case Dismissed", "dismissed", "expunge"),
        ("FNPC", "dismissed", "expunge"),
        ("Plea Of Guilty", "convicted", "pardon_review"),
        ("Finding Guilty", "convicted", "pardon_review"),
        ("Verdict Guilty", "convicted", "pardon_review"),
    ],
)
def test_a_cook_county_disposition_is_decided_as_its_canonical_value(
    tmp_path: Path, written: str, canonical: str, outcome: str
) -> None:
    result = read_records(_records(tmp_path, [written, canonical]))
    assert not result.rejected
    found = [
        [(d.outcome, d.eligible_on, d.missing) for d in clearlaw.evaluate(IL, p, AS_OF)]
        for p in result.people
    ]
    assert found[0] == found[1], found
    assert found[0][0][0] == outcome


@pytest.mark.parametrize(
    "written", ["SOL", "BFW", "Superseded by Indictment", "Transferred - Misd Crt"]
)
def test_a_cook_county_disposition_that_is_not_final_asks_for_the_disposition(
    tmp_path: Path, written: str
) -> None:
    result = read_records(_records(tmp_path, [written]))
    assert not result.rejected
    (person,) = result.people
    assert person.cases[0].counts[0].disposition is Disposition.UNKNOWN
    (d,) = clearlaw.evaluate(IL, person, AS_OF)
    assert (d.person, d.case, d.count, d.outcome) == ("P0", "C1", "1", "needs_review")
    assert any("disposition" in m for m in d.missing), d.missing


@pytest.mark.parametrize(
    "written",
    ["Finding Guilty - Lesser Included", "Plea of Guilty - Amended Charge", "Charge Vacated"],
)
def test_a_disposition_whose_offense_is_not_on_the_row_still_rejects_naming_the_field(
    tmp_path: Path, written: str
) -> None:
    """A lesser-included or amended-charge finding may be of another offense than the row's
    charge: not read (the person is rejected, naming the field, as before)."""
    result = read_records(_records(tmp_path, [written]))
    (rejection,) = result.rejected
    assert "disposition" in str(rejection) and written in str(rejection)
