"""Record fields court data carries (domestic violence designation, dismissal with
prejudice, fines paid, prison or jail): read, written, tested and generated."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import attrs
import pytest

import clearlaw
from clearlaw.drafting import population
from clearlaw.io.csv_records import read_csv
from clearlaw.io.jsonl import person_from_json, person_to_json
from clearlaw.syntax import parse_tests_text
from tests.cli_records import ny_person

FIELDS = {
    "arrest_date": "2019-12-30",
    "domestic_violence": True,
    "with_prejudice": False,
    "sentence": {"imposed_date": "2020-01-01", "incarcerated": True, "prison": False},
    "financial": {"fines_paid_date": "2020-06-01"},
}


def test_json_reads_and_writes_the_fields() -> None:
    person, problems = person_from_json(ny_person("P1", **FIELDS))
    assert person is not None, problems
    (count,) = person.cases[0].counts
    assert (count.domestic_violence, count.with_prejudice, count.sentence.prison) == (
        True,
        False,
        False,
    )
    assert (count.financial.fines_paid, count.financial.fines_paid_date) == (
        True,
        date(2020, 6, 1),
    )
    assert count.arrest_date == date(2019, 12, 30)
    again, _ = person_from_json(json.loads(json.dumps(person_to_json(person))))
    assert again == person


@pytest.mark.parametrize(
    ("part", "key"), [("financial", "fines_paid"), ("sentence", "probation_revoked")]
)
def test_false_with_a_date_is_a_problem(part: str, key: str) -> None:
    obj = ny_person("P1", **{part: {key: False, f"{key}_date": "2020-06-01"}})
    person, problems = person_from_json(obj)
    assert person is None
    assert any(
        p.field.endswith(f"{part}.{key}") and p.message == f"false, but {key}_date is given"
        for p in problems
    )


def test_csv_columns(tmp_path: Path) -> None:
    text = (
        "person_id,case_id,jurisdiction,count_id,citation,disposition,domestic_violence,"
        "with_prejudice,prison,fines_paid\n"
        "P1,C1,US-UT,1,76-5-102,dismissed,yes,true,,\n"
        "P1,C1,US-UT,2,76-6-602,convicted,no,,true,false\n"
    )
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    result = read_csv(path)
    (person,) = result.people
    one, two = person.cases[0].counts
    assert (one.domestic_violence, one.with_prejudice) == (True, True)
    assert (two.domestic_violence, two.sentence.prison, two.financial.fines_paid) == (
        False,
        True,
        False,
    )


def test_scenario_tests_and_statutes_read_them() -> None:
    tests = parse_tests_text(
        'tests for test/x\ntest "t"\n  as of 2026-01-01\n  person P\n    case C in "US-UT"\n'
        '      count 1 "76-5-102" misdemeanor convicted 2020-01-01 arrested 2019-11-02 domestic violence'
        " fines paid 2020-05-01 jail\n"
        '      count 2 "76-5-102" misdemeanor dismissed 2020-01-01 with prejudice'
        " not domestic violence fines unpaid prison\n"
        "  expect C/1 keep\n",
        "x.tests",
    )
    one, two = tests.tests[0].person.cases[0].counts
    assert one.arrest_date == date(2019, 11, 2)
    assert (one.domestic_violence, one.financial.fines_paid, one.sentence.prison) == (
        True,
        True,
        False,
    )
    assert (two.with_prejudice, two.domestic_violence, two.financial.fines_paid) == (
        True,
        False,
        False,
    )
    statute = clearlaw.parse(
        'statute "t"\n  id test/x\noutcomes\n  clear relief "c"\n  keep "k"\n  otherwise keep\n'
        "applies to each count where disposition is convicted or disposition is dismissed § t\n"
        "rule r § t\n  clear when not domestic_violence and financial.fines_paid"
        " and not sentence.prison\n",
        "t.law",
    )
    three = attrs.evolve(one, domestic_violence=False)
    for count, relief in ((one, False), (two, False), (three, True)):
        person = clearlaw.Person("P", cases=(clearlaw.Case("C", "US-UT", counts=(count,)),))
        (d,) = clearlaw.evaluate(statute, person, date(2026, 1, 1))
        assert d.relief is relief


def test_population_carries_what_the_profile_says(tmp_path: Path) -> None:
    base = population.load_profile("us_ut")
    text = Path(population.profiles()["us_ut"]).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    data.pop("carries", None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain_path = tmp_path / "a/us_ut.toml"  # the same name: the same random stream
    carrying_path = tmp_path / "b/us_ut.toml"
    lines = [line for line in text.splitlines() if not line.startswith("carries")]
    plain_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    carrying_path.write_text(
        'carries = ["domestic_violence", "with_prejudice", "fines_paid", "prison", "arrest_date"]\n'
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    plain = [obj for obj, _ in population.people(population.load_profile(plain_path), 80)]
    rich = [obj for obj, _ in population.people(population.load_profile(carrying_path), 80)]
    counts = [c for p in rich for case in p["cases"] for c in case["counts"]]
    assert all("domestic_violence" in c for c in counts)
    assert all(c["offense_date"] <= c["arrest_date"] for c in counts)
    assert all("with_prejudice" in c for c in counts if c["disposition"] == "dismissed")
    assert all("fines_paid" in c["financial"] for c in counts if c["disposition"] == "convicted")
    plain_counts = [c for p in plain for case in p["cases"] for c in case["counts"]]
    assert not any("domestic_violence" in c for c in plain_counts)
    # the other fields are the same people
    assert [c["citation"] for c in plain_counts] == [c["citation"] for c in counts]
    assert base["jurisdiction"] == "US-UT"
