"""Virginia and Oregon dispositions and levels as their court data write them
(clearlaw/data/record_values.toml): Virginia's ``Guilty In Absentia``, ``Prepaid``, ``Not Guilty/Acquitted``,
``Dismissed/Other``, ``No Indictment Presented``, ``Not True Bill``; Oregon's ``Convicted -
Failure to Appear``, ``No Complaint`` and ``Violation Class B``.  Until 2026-12-08 each rejected
the whole person ("unknown disposition 'Guilty In Absentia'")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_records import write_people

import clearlaw
from clearlaw.io import read_records

VA = clearlaw.load("va/automatic-sealing")
OR = clearlaw.load("or/set-aside")


def _read(tmp_path: Path, counts: list[dict[str, Any]], jurisdiction: str) -> list[Any]:
    """One fabricated person per count, in a closed case of ``jurisdiction``; none rejected."""
    case = {"id": "C1", "jurisdiction": jurisdiction, "status": "closed"}
    people = [
        {"id": f"P{k}", "birth_date": "1980-01-01", "cases": [{**case, "counts": [count]}]}
        for k, count in enumerate(counts)
    ]
    result = read_records(write_people(tmp_path, *people))
    assert not result.rejected, [str(r) for r in result.rejected]
    return list(result.people)


def _former_possession(disposition: str) -> dict[str, Any]:
    """Former Va. Code 18.2-250.1 marijuana possession, disposed of 2019-05-01."""
    return {
        "id": "1",
        "citation": "18.2-250.1",
        "level": "misdemeanor",
        "class": "U",
        "offense_date": "2019-03-01",
        "disposition": disposition,
        "disposition_date": "2019-05-01",
    }


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Guilty In Absentia", "convicted"),
        ("Not Guilty/Acquitted", "acquitted"),
        ("Dismissed/Other", "dismissed"),
        ("No Indictment Presented", "dismissed"),
        ("Not True Bill", "dismissed"),
    ],
)
def test_a_virginia_disposition_is_decided_as_its_canonical_value(
    tmp_path: Path, written: str, canonical: str
) -> None:
    """19.2-392.6:1(A) seals any final disposition of former 18.2-250.1, from the chapter's
    effective date, 2026-07-01."""
    people = _read(tmp_path, [_former_possession(written), _former_possession(canonical)], "US-VA")
    assert people[0].cases[0].counts[0].disposition == canonical
    found = [
        [(d.outcome, d.eligible_on, d.rule) for d in clearlaw.evaluate(VA, p, date(2026, 12, 8))]
        for p in people
    ]
    assert found[0] == found[1] == [("seal", date(2026, 7, 1), "marijuana_possession")]


def test_a_virginia_conviction_in_absentia_bars_like_any_conviction(tmp_path: Path) -> None:
    """A petit larceny conviction and, within its seven years, an assault and battery (a class 1
    misdemeanor under Title 18.2, reported under 19.2-390(A)(1)(d)) tried in absentia."""
    larceny = {
        "id": "1",
        "citation": "Va. Code Ann. § 18.2-96",
        "level": "misdemeanor",
        "class": "1",
        "offense_date": "2015-03-01",
        "disposition": "Guilty",
        "disposition_date": "2015-05-01",
    }
    assault = dict(larceny, id="2", citation="18.2-57", disposition="Guilty In Absentia")
    assault.update(offense_date="2018-03-01", disposition_date="2018-05-01")
    path = tmp_path / "people.jsonl"
    cases = [
        {"id": "GC1", "jurisdiction": "US-VA", "status": "closed", "counts": [larceny]},
        {"id": "GC2", "jurisdiction": "US-VA", "status": "closed", "counts": [assault]},
    ]
    path.write_text(json.dumps({"id": "V1", "birth_date": "1980-01-01", "cases": cases}) + "\n")
    result = read_records(path)
    assert not result.rejected
    (person,) = result.people
    by_case = {d.case: d for d in clearlaw.evaluate(VA, person, date(2026, 12, 8))}
    assert (by_case["GC1"].outcome, by_case["GC1"].rule) == ("not_eligible", "intervening")


def test_a_prepaid_offense_the_same_day_is_a_conviction_that_bars(tmp_path: Path) -> None:
    """A prepaid fine is a plea of guilty with "the same force and effect as a judgment of
    court" (Va. Code 16.1-69.40:2(B)): a trespass convicted the day a littering charge was
    prepaid (a conviction of an offense not on the 19.2-392.6(A) list) is not sealed, (C)."""
    trespass = {
        "id": "1",
        "citation": "18.2-119",
        "level": "misdemeanor",
        "class": "1",
        "offense_date": "2015-03-01",
        "disposition": "Guilty",
        "disposition_date": "2015-05-01",
    }
    found = {}
    for written in ("Prepaid", "convicted"):
        littering = dict(trespass, id="2", citation="33.2-802", disposition=written)
        littering["class"] = "4"
        case = {"id": "GC1", "jurisdiction": "US-VA", "status": "closed"}
        person = {"id": "V2", "birth_date": "1980-01-01", "cases": [case]}
        case["counts"] = [trespass, littering]
        path = tmp_path / f"{written}.jsonl"
        path.write_text(json.dumps(person) + "\n", encoding="utf-8")
        result = read_records(path)
        assert not result.rejected
        (read,) = result.people
        decided = clearlaw.evaluate(VA, read, date(2026, 12, 8))
        found[written] = [(d.count, d.outcome, d.rule) for d in decided]
    assert found["Prepaid"] == found["convicted"]
    assert ("1", "not_eligible", "same_day") in found["Prepaid"]


@pytest.mark.parametrize(
    ("as_of", "outcome", "eligible_on"),
    [
        (date(2023, 4, 29), "not_eligible", date(2023, 4, 30)),
        (date(2023, 4, 30), "set_aside", date(2023, 4, 30)),
    ],
)
def test_an_oregon_no_complaint_waits_the_60_days_of_137_225_1_c(
    tmp_path: Path, as_of: date, outcome: str, eligible_on: date
) -> None:
    """OECI's "No Complaint": no accusatory instrument was filed; 60 days from 2023-03-01 end on
    2023-04-30 (the day before and the day of)."""
    count = {
        "id": "1",
        "citation": "ORS 164.045",
        "level": "misdemeanor",
        "class": "A",
        "offense_date": "2023-02-01",
        "disposition": "No Complaint",
        "disposition_date": "2023-03-01",
    }
    (person,) = _read(tmp_path, [count], "US-OR")
    (d,) = clearlaw.evaluate(OR, person, as_of)
    assert (d.outcome, d.eligible_on, d.rule) == (outcome, eligible_on, "no_accusatory_instrument")


def test_an_oregon_conviction_for_failure_to_appear_is_a_conviction(tmp_path: Path) -> None:
    """Theft III (a class C misdemeanor), "Convicted - Failure to Appear" on 2020-06-01, no
    sentence to serve or restitution: one year, as the canonical spelling gives."""
    count = {
        "id": "1",
        "citation": "164.043",
        "level": "Misdemeanor Class C",
        "offense_date": "2020-03-01",
        "disposition": "Convicted - Failure to Appear",
        "disposition_date": "2020-06-01",
        "sentence": {"imposed_date": "2020-06-01", "incarcerated": False, "supervised": False},
        "financial": {"restitution_ordered": False},
    }
    count["class"] = "C"
    canonical = dict(count, disposition="convicted")
    people = _read(tmp_path, [count, canonical], "US-OR")
    found = [
        [(d.outcome, d.eligible_on, d.rule) for d in clearlaw.evaluate(OR, p, date(2026, 12, 8))]
        for p in people
    ]
    assert found[0] == found[1] == [("set_aside", date(2022, 1, 1), "lesser_offense")]


def test_an_oregon_violation_class_is_read_and_a_dismissed_traffic_violation_stays(
    tmp_path: Path,
) -> None:
    """ "Violation Class B" (ORS 153.012), the level OECI writes for speeding (ORS 811.100): read
    as a violation, so HB 4097's bar on setting aside a dismissed traffic violation applies."""
    count = {
        "id": "1",
        "citation": "811.100",
        "level": "Violation Class B",
        "offense_date": "2023-02-01",
        "disposition": "Dismissed",
        "disposition_date": "2023-03-01",
    }
    (person,) = _read(tmp_path, [count], "US-OR")
    (d,) = clearlaw.evaluate(OR, person, date(2026, 12, 8))
    assert (d.outcome, d.rule) == ("not_eligible", "dismissed_traffic_violation")
