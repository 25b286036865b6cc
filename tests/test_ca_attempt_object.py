"""An attempt of a Health and Safety Code cannabis offense written with PC 664's code letters
(``PC 664/11359``, ``664-11359 PC``) is read in the object's code on every path: the JSON and
CSV record readers, the DOJ path and statute patterns (the PC code's object_codes in clearlaw/data/jurisdictions.toml)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from test_ca_doj import SETS, conviction, write_doj

from clearlaw.ca_doj.people import build_people
from clearlaw.ca_doj.reader import read_extract
from clearlaw.ca_doj.sections import parse_charge
from clearlaw.citations import inchoate_of, object_code, parse_citation
from clearlaw.evaluate import evaluate
from clearlaw.io import read_records
from clearlaw.library import load

HS_ATTEMPT = parse_citation("664/11359 HS", "US-CA")
SPELLINGS = [
    "PC 664/11359",
    "664/11359 PC",
    "664-11359 PC",
    "Penal Code 664/11359",
    "PEN 664/11359",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_pc_664_of_a_cannabis_section_is_an_attempt_of_the_hs_section(text: str) -> None:
    citation = parse_citation(text, "US-CA")
    assert citation == HS_ATTEMPT
    assert str(citation) == "HS 664/11359"


def test_other_objects_stay_in_the_code_written() -> None:
    assert str(parse_citation("PC 664/187", "US-CA")) == "PC 664/187"
    assert str(parse_citation("PC 664/11357(b)", "US-CA")) == "HS 664/11357(b)"
    assert object_code("PC", "187") == "PC"
    assert object_code("HS", "11359") == "HS"  # only a PC object is moved


def test_an_object_given_apart_in_another_code_is_joined() -> None:
    """``PC 664`` with the object ``HS 11359``: HS names 664 as its attempt section."""
    assert inchoate_of(parse_citation("PC 664"), parse_citation("HS 11359")) == HS_ATTEMPT
    # a code that names no attempt section is not joined (the reader says so)
    pc_664 = parse_citation("PC 664")
    assert inchoate_of(pc_664, parse_citation("VC 23152(a)")) is pc_664


def _person(citation: str, **count: str) -> dict[str, object]:
    return {
        "id": "P1",
        "birth_date": "1970-01-01",
        "cases": [
            {
                "id": "C1",
                "jurisdiction": "US-CA",
                "status": "closed",
                "counts": [
                    {
                        "id": "1",
                        "citation": citation,
                        "level": "felony",
                        "offense_date": "2010-01-01",
                        "disposition": "convicted",
                        "disposition_date": "2010-02-01",
                        "facts": {"sold_to_minor": False, "hired_minor": False},
                        **count,
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("citation", "extra"),
    [("PC 664/11359", {}), ("664-11359 PC", {}), ("PC 664", {"object_citation": "HS 11359"})],
)
def test_json_reader(tmp_path: Path, citation: str, extra: dict[str, str]) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(_person(citation, **extra)) + "\n", encoding="utf-8")
    result = read_records(path)
    assert result.rejected == ()
    (count,) = result.people[0].cases[0].counts
    assert count.citation == HS_ATTEMPT


@pytest.mark.parametrize(
    ("citation", "object_citation"),
    [("PC 664/11359", ""), ("664/11359 PC", ""), ("PC 664", "HS 11359")],
)
def test_csv_reader(tmp_path: Path, citation: str, object_citation: str) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,case_id,jurisdiction,count_id,citation,object_citation,level,disposition,"
        "disposition_date\n"
        f"P1,C1,US-CA,1,{citation},{object_citation},felony,convicted,2010-02-01\n",
        encoding="utf-8",
    )
    result = read_records(path)
    assert result.rejected == ()
    (count,) = result.people[0].cases[0].counts
    assert count.citation == HS_ATTEMPT


@pytest.mark.parametrize("descr", ["664/11359 PC", "664-11359PC-ATT POSS MARIJ FOR SALE"])
def test_doj_path(tmp_path: Path, descr: str) -> None:
    charge = parse_charge(descr)
    assert charge is not None and charge.attempted
    assert charge.citation == HS_ATTEMPT
    extract = read_extract(
        [write_doj(tmp_path / "f.dat", [conviction("1", "10100001000", descr, "20100101")])], SETS
    )
    assert extract.convictions["cannabis_offenses"].to_list() == [True]
    (person,) = build_people(extract.facts())
    (count,) = person.cases[0].counts
    assert count.citation == HS_ATTEMPT


@pytest.mark.parametrize("citation", [*SPELLINGS, "664/11359 HS"])
def test_prop64_decides_every_spelling_alike(tmp_path: Path, citation: str) -> None:
    """An attempt of 11359 (a felony before Prop 64) is redesignated a misdemeanor, whichever
    spelling the record uses."""
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(_person(citation)) + "\n", encoding="utf-8")
    (person,) = read_records(path).people
    (determination,) = evaluate(load("ca/prop64"), person, datetime.date(2020, 7, 1))
    assert determination.outcome == "redesignate_misdemeanor"
    assert determination.eligible_on == datetime.date(2016, 11, 9)
