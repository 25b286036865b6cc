"""``sentence.probation_revoked`` and its date (issue 14: Oregon's revoked probation): read and
written in JSON Lines and CSV, a date implying the flag, carried by the Oregon population
(fabricated people)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from clearlaw.drafting import population
from clearlaw.io.csv_records import read_csv
from clearlaw.io.jsonl import person_from_json, person_to_json
from tests.cli_records import ny_person


def test_a_revocation_date_implies_the_flag_and_reads_back() -> None:
    sentence = {"supervision_end_date": "2021-01-01", "probation_revoked_date": "2020-06-01"}
    person, problems = person_from_json(ny_person("P1", sentence=sentence))
    assert person is not None, problems
    (count,) = person.cases[0].counts
    assert (count.sentence.probation_revoked, count.sentence.probation_revoked_date) == (
        True,
        date(2020, 6, 1),
    )
    again, _ = person_from_json(json.loads(json.dumps(person_to_json(person))))
    assert again == person


def test_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,case_id,jurisdiction,count_id,citation,disposition,supervised,"
        "probation_revoked,probation_revoked_date\n"
        "P1,C1,US-OR,1,ORS 164.045,convicted,true,no,\n"
        "P1,C1,US-OR,2,ORS 164.043,convicted,true,,2020-02-03\n",
        encoding="utf-8",
    )
    (person,) = read_csv(path).people
    one, two = person.cases[0].counts
    assert one.sentence.probation_revoked is False
    assert (two.sentence.probation_revoked, two.sentence.probation_revoked_date) == (
        True,
        date(2020, 2, 3),
    )


def test_the_oregon_population_carries_revocations() -> None:
    profile = population.load_profile("us_or")
    sentences = [
        count["sentence"]
        for obj, _ in population.people(profile, 300, 1)
        for case in obj["cases"]
        for count in case["counts"]
        if count["disposition"] == "convicted"
    ]
    assert all("probation_revoked" in s for s in sentences)
    revoked = [s for s in sentences if s["probation_revoked"]]
    assert revoked, "no revocation in 300 people"
    assert all(s["supervised"] and "probation_revoked_date" in s for s in revoked)
