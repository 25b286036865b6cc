"""An attempt, conspiracy or solicitation section cited without its object (``PL 110.00``) is of
unknown membership in a list that covers that kind of inchoate offense (``including attempts``):
it may be attempted rape in the first degree.  Such a count is needs_review asking for the object
offense (``inchoate_object``), never a definite answer; a list that does not cover the kind still
decides (an attempt is not the object offense there), and Pennsylvania, whose statute names
18 Pa.C.S. 901-903 itself and asks its own fact, decides as its file says (issue 14, item 2;
found by an audit of main)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_unknown_code import count_record

import clearlaw
from clearlaw.cli import main
from clearlaw.dates import date
from clearlaw.questions import wording
from clearlaw.records import Case, Count, Disposition, Level, Person


def _outcome(
    tmp_path: Path,
    statute: str,
    jurisdiction: str,
    count: dict[str, object],
    engine: str = "python",
) -> dict[str, object]:
    records = tmp_path / "people.jsonl"
    person = {  # a fabricated person
        "id": "P1",
        "birth_date": "1970-01-01",
        "cases": [
            {"id": "C1", "jurisdiction": jurisdiction, "status": "closed", "counts": [count]}
        ],
    }
    records.write_text(json.dumps(person) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["check", statute, str(records), "--as-of", "2026-12-07", "--format", "jsonl"]
    assert main([*argv, "--engine", engine, "-o", str(out)]) == 0
    (d,) = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert isinstance(d, dict)
    return d


@pytest.mark.parametrize(
    ("statute", "jurisdiction", "citation", "level", "cls"),
    [
        ("ny/clean-slate", "US-NY", "PL 110.00", "felony", "C"),  # was seal
        ("co/clean-slate", "US-CO", "CRS 18-2-101", "felony", "4"),  # was seal
        ("ct/clean-slate", "US-CT", "53a-49", "felony", "D"),  # was erase
        ("or/set-aside", "US-OR", "ORS 161.405", "felony", "C"),  # was set_aside
        ("mi/clean-slate", "US-MI", "MCL 750.92", "misdemeanor", ""),  # was set_aside
        ("nj/clean-slate", "US-NJ", "2C:5-1", "felony", "3"),
        ("ut/clean-slate", "US-UT", "76-4-101", "misdemeanor", "B"),
    ],
)
@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_an_inchoate_section_alone_asks_for_its_object(
    tmp_path: Path,
    statute: str,
    jurisdiction: str,
    citation: str,
    level: str,
    cls: str,
    engine: str,
) -> None:
    count = count_record("1", citation, level, cls)
    d = _outcome(tmp_path, statute, jurisdiction, count, engine)
    assert d["outcome"] == "needs_review"
    assert "inchoate_object" in d["missing"]  # type: ignore[operator]


def test_with_its_object_the_list_decides(tmp_path: Path) -> None:
    d = _outcome(
        tmp_path, "ny/clean-slate", "US-NY", count_record("1", "PL 110.00/120.00", "felony", "C")
    )
    assert d["outcome"] == "seal"


def test_the_question_is_worded() -> None:
    statute = clearlaw.load("ny/clean-slate")
    assert wording(statute, "inchoate_object").startswith("the offense attempted")


def test_pennsylvania_decides_with_its_own_fact(tmp_path: Path) -> None:
    count = count_record("1", "18 Pa.C.S. 901", "misdemeanor", "M2")
    count["facts"] = {"inchoate_of_excluded": False}
    assert _outcome(tmp_path, "pa/clean-slate", "US-PA", count)["outcome"] == "limited_access"


_STATUTE = """statute "t"
  id test/inchoate
  effective 2020-01-01
outcomes
  clear relief automatic "Cleared"
  keep "Not cleared"
  otherwise keep
applies to each count where disposition is convicted  § A 1
set listed = "PL 130.35"{covers}  § A 2
exception listed_offense "listed"  § A 3
  keep when citation in listed
rule clear "the rest"  § A 4
  clear when citation not in listed
"""


@pytest.mark.parametrize(
    ("covers", "outcome"), [("", "clear"), (" including attempts", "needs_review")]
)
def test_only_a_list_covering_the_kind_is_unknown(covers: str, outcome: str) -> None:
    statute = clearlaw.parse(_STATUTE.format(covers=covers), "t.law")
    count = Count(
        id="1",
        citation=clearlaw.parse_citation("PL 110.00", "US-NY"),
        level=Level.FELONY,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
    )
    person = Person(id="P1", cases=(Case(id="C1", jurisdiction="US-NY", counts=(count,)),))
    (d,) = clearlaw.evaluate(statute, person, date(2026, 12, 7))
    assert d.outcome == outcome
    assert d.missing == (("inchoate_object",) if outcome == "needs_review" else ())
