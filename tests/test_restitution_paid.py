"""``financial.restitution_paid``: records (JSON Lines, CSV), the statute language, scenarios."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from statute_text import small_statute

import clearlaw
from clearlaw.io import read_records, write_jsonl
from clearlaw.records import Financial
from clearlaw.syntax import parse_tests_text

PERSON = {
    "id": "P1",
    "cases": [
        {
            "id": "C1",
            "jurisdiction": "US-PA",
            "counts": [{"id": "1", "disposition": "convicted", "financial": {}}],
        }
    ],
}


def _read_financial(tmp_path: Path, financial: dict[str, object]) -> clearlaw.ReadResult:
    person = json.loads(json.dumps(PERSON))
    person["cases"][0]["counts"][0]["financial"] = financial
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(person) + "\n", encoding="utf-8")
    return read_records(path)


def _financial(result: clearlaw.ReadResult) -> Financial:
    assert result.rejected == ()
    return result.people[0].cases[0].counts[0].financial


def test_jsonl_unpaid_paid_and_unknown(tmp_path: Path) -> None:
    unpaid = _financial(
        _read_financial(tmp_path, {"restitution_ordered": True, "restitution_paid": False})
    )
    assert (unpaid.restitution_paid, unpaid.restitution_paid_date) == (False, None)
    paid = _financial(_read_financial(tmp_path, {"restitution_paid": True}))
    assert (paid.restitution_paid, paid.restitution_paid_date) == (True, None)
    unknown = _financial(_read_financial(tmp_path, {"restitution_ordered": True}))
    assert unknown.restitution_paid is None


def test_a_payment_date_implies_paid(tmp_path: Path) -> None:
    result = _read_financial(tmp_path, {"restitution_paid_date": "2016-01-01"})
    assert _financial(result).restitution_paid is True
    assert Financial(restitution_paid_date=dt.date(2016, 1, 1)).restitution_paid is True


def test_unpaid_with_a_payment_date_is_a_record_error_naming_the_field(tmp_path: Path) -> None:
    result = _read_financial(
        tmp_path, {"restitution_paid": False, "restitution_paid_date": "2016-01-01"}
    )
    assert result.people == ()
    message = str(result.rejected[0])
    assert "cases[0].counts[0].financial.restitution_paid" in message
    assert "false, but restitution_paid_date is given" in message


def test_not_a_boolean_is_a_record_error(tmp_path: Path) -> None:
    result = _read_financial(tmp_path, {"restitution_paid": "maybe"})
    assert "financial.restitution_paid" in str(result.rejected[0])


def test_csv_column_and_error(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,case_id,jurisdiction,count_id,disposition,restitution_ordered,restitution_paid,"
        "restitution_paid_date\n"
        "P1,C1,US-PA,1,convicted,true,false,\n"
        "P2,C1,US-PA,1,convicted,true,false,2016-01-01\n",
        encoding="utf-8",
    )
    result = read_records(path)
    assert [p.id for p in result.people] == ["P1"]
    assert result.people[0].cases[0].counts[0].financial.restitution_paid is False
    (rejection,) = result.rejected
    assert ":3:" in str(rejection) and "restitution_paid" in str(rejection)


def test_written_and_read_back(tmp_path: Path) -> None:
    people = _read_financial(
        tmp_path, {"restitution_ordered": True, "restitution_paid": False}
    ).people
    out = tmp_path / "out.jsonl"
    write_jsonl(people, out)
    assert '"restitution_paid": false' in out.read_text(encoding="utf-8")
    assert read_records(out).people == people


STATUTE = small_statute(
    "test/restitution",
    "Restitution",
    """
rule paid "restitution paid"                                         § T 2
  clear when not financial.restitution_ordered or financial.restitution_paid
""",
)


def test_the_statute_language_reads_the_field() -> None:
    statute = clearlaw.parse(STATUTE, "restitution.law")
    tests = parse_tests_text(
        """tests for test/restitution
test "paid, unpaid, unknown"
  as of 2020-01-01
  person P1
    case C1
      count 1 convicted 2010-01-01 restitution unpaid
      count 2 convicted 2010-01-01 restitution paid
      count 3 convicted 2010-01-01 restitution ordered
      count 4 convicted 2010-01-01 restitution paid 2012-05-05
""",
        "restitution.tests",
    )
    (test,) = tests.tests
    assert test.person is not None
    got = {
        d.count: (d.outcome, d.missing)
        for d in clearlaw.evaluate(statute, test.person, dt.date(2020, 1, 1))
    }
    assert got == {
        "1": ("keep", ()),
        "2": ("clear", ()),
        "3": ("needs_review", ("financial.restitution_paid",)),
        "4": ("clear", ()),
    }
    financial = [c.financial for c in test.person.cases[0].counts]
    assert [(f.restitution_ordered, f.restitution_paid) for f in financial] == [
        (True, False),
        (True, True),
        (True, None),
        (True, True),
    ]


def test_an_unknown_field_is_still_a_check_error() -> None:
    with pytest.raises(clearlaw.StatuteError, match=r"financial\.restitution_unpaid"):
        clearlaw.parse(STATUTE.replace("restitution_paid\n", "restitution_unpaid\n"), "x.law")
