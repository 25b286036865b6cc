"""Statutory presumptions: ``presumed VALUE § citation`` on a fact (clearlaw.presume)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from statute_text import small_statute

import clearlaw
from clearlaw.cli import main
from clearlaw.io.determinations import write_csv, write_jsonl, write_table
from clearlaw.presume import Presumption
from clearlaw.records import Case, Count, Disposition, FactValue, Person

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2020, 7, 1)

STATUTE = small_statute(
    "test/presumed",
    "Presumptions",
    """
facts
  minor: boolean "sold to a minor"
    presumed false                                                    § T 9(b)
  grams: number "grams"
    presumed 28.5                                                     § T 9(b)
  harm: boolean "environmental harm"
    presumed false                                                    § T 9(b)
  for_sale: boolean "for sale"

rule small "28.5 g or less, no minor"                                § T 2
  clear when facts.grams <= 28.5 and not facts.minor

exception big "over 28.5 g with harm"                                § T 3
  keep when facts.grams > 28.5 and facts.harm

rule sale "not for sale"                                             § T 4
  clear when not facts.for_sale and facts.grams > 1000
""",
)


def _decide(**facts: FactValue) -> clearlaw.Determination:
    statute = clearlaw.parse(STATUTE, "presumed.law")
    count = Count(id="1", disposition=Disposition.CONVICTED, facts=facts)
    person = Person(id="P1", cases=(Case(id="C1", counts=(count,)),))
    (d,) = clearlaw.evaluate(statute, person, AS_OF)
    return d


def _presumed(d: clearlaw.Determination) -> list[tuple[str, object, str]]:
    return [(p.fact, p.value, p.citation) for p in d.presumptions]


def test_a_lacking_fact_is_presumed_and_listed() -> None:
    d = _decide(grams=10)
    assert (d.outcome, d.eligible_on) == ("clear", dt.date(2000, 1, 1))
    assert _presumed(d) == [("facts.minor", False, "T 9(b)")]
    assert d.reasons[-1] == "presumed, unless rebutted: facts.minor = false (§ T 9(b))"
    assert d.explanation is not None
    assert d.explanation.label.startswith("C1/1: decided on the law's presumptions: facts.minor")


def test_a_fact_on_record_overrides_its_presumption() -> None:
    d = _decide(grams=10, minor=True)
    assert (d.outcome, d.presumptions) == ("keep", ())


def test_no_presumption_when_the_record_settles_it() -> None:
    d = _decide(grams=10, minor=False)
    assert (d.outcome, d.presumptions) == ("clear", ())


def test_only_the_presumptions_the_answer_rests_on() -> None:
    """Without grams, harm matters too (over 28.5 g with harm is kept); presumed at 28.5 g,
    harm no longer does, so it is not listed."""
    d = _decide(minor=False, for_sale=True)
    assert d.outcome == "clear"
    assert _presumed(d) == [("facts.grams", 28.5, "T 9(b)")]


def test_a_fact_not_presumed_still_needs_review() -> None:
    d = _decide(minor=False, harm=False, grams=2000)
    assert (d.outcome, d.missing, d.presumptions) == ("needs_review", ("facts.for_sale",), ())


def test_outputs_list_the_presumptions() -> None:
    d = _decide(grams=10)
    lines = io.StringIO()
    write_jsonl([d], lines)
    obj = json.loads(lines.getvalue())
    assert obj["presumptions"] == [{"fact": "facts.minor", "value": False, "citation": "T 9(b)"}]
    schema = json.loads((ROOT / "docs/determination.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(obj, schema)
    table = io.StringIO()
    write_csv([d], table)
    (row,) = csv.DictReader(io.StringIO(table.getvalue()))
    assert row["presumptions"] == "facts.minor = false (§ T 9(b))"
    terminal = io.StringIO()
    write_table([d], terminal)
    header, _, first, _tally = terminal.getvalue().splitlines()
    assert (header.split()[-1], first.split()[-1]) == ("presumed", "facts.minor")
    assert Presumption("facts.day", dt.date(2020, 1, 2), "T 1").text() == (
        "facts.day = 2020-01-02 (§ T 1)"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('  minor: boolean "m" presumed 3  § T 9', "fact `minor` is a boolean, but its presumed"),
        ('  minor: boolean "m" presumed false', "the presumption of `minor` needs the citation"),
        ('  minor: number "m" presumed "x"  § T 9', "fact `minor` is a number, but its presumed"),
        ('  minor: duration "m" presumed 3  § T 9', "fact `minor` is a duration"),
    ],
)
def test_the_checker_reports_a_bad_presumption(line: str, message: str) -> None:
    text = small_statute(
        "test/bad",
        "Bad",
        f"facts\n{line}\nrule r  § T 2\n  clear when facts.minor is facts.minor\n",
    )
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.parse(text, "bad.law")
    assert message in str(info.value)


def test_prop64_rap_sheet_counts_rest_on_the_presumptions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A conviction with no facts (as on a rap sheet): HS 11361.8(b) decides it, and the output
    says which presumptions a prosecutor could rebut."""
    record = {
        "id": "P1",
        "birth_date": "1970-01-01",
        "cases": [
            {
                "id": "C1",
                "jurisdiction": "US-CA",
                "counts": [
                    {
                        "id": "1",
                        "citation": "HS 11359",
                        "level": "felony",
                        "offense_date": "2010-01-01",
                        "disposition": "convicted",
                        "disposition_date": "2010-02-01",
                    }
                ],
            }
        ],
    }
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code = main(["check", "ca/prop64", str(path), "--as-of", "2020-07-01", "--format", "jsonl"])
    assert code == 0
    (obj,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (obj["outcome"], obj["relief_kind"]) == ("redesignate_misdemeanor", "automatic")
    assert [(p["fact"], p["value"]) for p in obj["presumptions"]] == [
        ("facts.hired_minor", False),
        ("facts.public_safety_risk", False),  # the sentence may still be running
        ("facts.sold_to_minor", False),
    ]
    assert {p["citation"] for p in obj["presumptions"]} == {"HS 11361.8(b), (f)", "HS 11361.8(b)"}
