"""A rule's title may name a parameter (`{wait}`): its reasons give the value in force, so an
amended statute's reasons follow the amended text (issue 16, item 1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import clearlaw

GOOD = Path(__file__).resolve().parent / "statutes/good/title-values.law"


def _person() -> clearlaw.Person:
    count = clearlaw.Count(
        "1",
        level=clearlaw.Level.MISDEMEANOR,
        disposition=clearlaw.Disposition.CONVICTED,
        disposition_date=date(2020, 5, 1),
    )
    return clearlaw.Person("P", cases=(clearlaw.Case("C", counts=(count,)),))


def test_reasons_give_the_value_in_force(tmp_path: Path) -> None:
    (d,) = clearlaw.evaluate(clearlaw.load(GOOD), _person(), date(2026, 1, 1))
    assert d.reasons == (
        "misdemeanors, three years after conviction (§ Example Act 1(b)): eligible since 2023-05-01",
    )
    bill = tmp_path / "bill.law"
    bill.write_text(
        'amendment "two years"\n  amends good/title-values\n'
        "parameter wait = 2 years      § Example Bill 1\n",
        encoding="utf-8",
    )
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / GOOD.name).write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    (e,) = clearlaw.evaluate(clearlaw.load(bill), _person(), date(2022, 6, 1))
    assert e.reasons == (
        "misdemeanors, two years after conviction (§ Example Act 1(b)): eligible since 2022-05-01",
    )
    (waiting,) = clearlaw.evaluate(clearlaw.load(bill), _person(), date(2021, 6, 1))
    assert waiting.reasons[0].startswith("not yet: misdemeanors, two years after conviction")


def test_a_title_naming_no_parameter_is_an_error() -> None:
    text = GOOD.read_text(encoding="utf-8").replace("{wait}", "{wiat}")
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.parse(text, "t.law")
    (problem,) = info.value.diagnostics
    assert problem.message == "the title of `misdemeanors` names `{wiat}`, which is no parameter"
    assert problem.hint == "did you mean `wait`?"
