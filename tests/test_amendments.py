"""Amendments as files (issue 16, item 1): strike, replace, insert, add to and remove from
sets, dated parameter values; validated against the statute they amend; explanations follow
the amended text."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import clearlaw
from clearlaw.io.jsonl import person_from_json
from tests.cli_records import ny_person, run

ROOT = Path(__file__).resolve().parent.parent
BILL = ROOT / "tests/statutes/good/ny-amendment.law"
AS_OF = date(2026, 12, 7)


def _person(**count: Any) -> clearlaw.Person:
    person, problems = person_from_json(ny_person("P1", **count))
    assert person is not None, problems
    return person


def _one(
    statute: clearlaw.Statute, person: clearlaw.Person, when: date = AS_OF
) -> clearlaw.Determination:
    (d,) = clearlaw.evaluate(statute, person, when)
    return d


def test_a_replaced_rule_and_a_dated_value_decide_and_explain_in_the_bill_s_words() -> None:
    ny, bill = clearlaw.load("ny/clean-slate"), clearlaw.load(BILL)
    assert bill.id == "test/ny-bill"
    person = _person(
        disposition_date="2024-03-01",
        sentence={"imposed_date": "2024-03-01", "incarcerated": False, "supervised": False},
    )
    before, after = _one(ny, person), _one(bill, person)
    assert (before.relief, before.eligible_on) == (False, date(2027, 3, 1))
    assert (after.relief, after.eligible_on) == (True, date(2026, 3, 1))
    assert after.reasons == (
        "misdemeanor: two years (§ Test Bill 1 § 1): eligible since 2026-03-01",
    )
    assert after.explanation is not None
    spans = [e.span for e in _walk(after.explanation) if e.span is not None]
    assert any(s.file.endswith("ny-amendment.law") for s in spans)
    # before the bill takes effect: no relief yet, and the date already counts the change
    early = _one(bill, person, date(2025, 12, 31))
    assert (early.relief, early.eligible_on) == (False, date(2026, 3, 1))


def _walk(e: clearlaw.Explanation) -> list[clearlaw.Explanation]:
    return [e, *(x for c in e.children for x in _walk(c))]


def test_struck_and_inserted_exceptions_and_a_set_addition() -> None:
    ny, bill = clearlaw.load("ny/clean-slate"), clearlaw.load(BILL)
    class_a = _person(
        citation="PL 125.25",
        level="felony",
        **{"class": "A-I"},
        disposition_date="2010-01-01",
        sentence={"imposed_date": "2010-01-01", "incarcerated": False, "supervised": False},
    )
    assert _one(ny, class_a).rule == "class_a_felony"
    assert _one(bill, class_a).rule == "felony"  # the bar is struck
    marihuana = _person(citation="PL 221.10")
    assert _one(ny, marihuana).relief is True
    after = _one(bill, marihuana)
    assert (after.relief, after.rule) == (False, "marihuana")
    names = [d.name for d in bill.node.decisions]
    assert names[-1] == "marihuana" and "class_a_felony" not in names
    sets = {s.name: s for s in bill.node.sets}
    assert [p for p, _ in sets["article_220"].patterns] == ["PL 220.*", "PL 221.05"]


def test_a_change_that_changes_nothing_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "noop.law"
    path.write_text(
        'amendment "no-op"\n  amends ny/clean-slate\n'
        'add to article_220 "Penal Law 220.*"     § Bill 2\n'
        "parameter felony_wait = 8 years          § Bill 2\n",
        encoding="utf-8",
    )
    statute = clearlaw.load(path)
    messages = [(w.span.line, w.message) for w in statute.checked.warnings]
    assert messages == [
        (3, "`article_220` already lists Penal Law 220.*: nothing changes"),
        (4, "`felony_wait` already has this value: nothing changes"),
    ]
    code, out, err = run(capsys, "lint", str(path))
    assert code == 0 and "2 warning(s)" in out and f"{path}:3:" in err


def test_removing_a_section_and_striking_what_is_still_referenced(tmp_path: Path) -> None:
    path = tmp_path / "remove.law"
    path.write_text(
        'amendment "remove"\n  amends ny/clean-slate\n'
        'remove from other_subdivisions "Penal Law § 230.30(1)"   § Bill 3\n',
        encoding="utf-8",
    )
    sets = {s.name: s for s in clearlaw.load(path).node.sets}
    assert [p for p, _ in sets["other_subdivisions"].patterns] == ["PL 250.45(1)"]
    path.write_text(
        'amendment "strike"\n  amends ny/clean-slate\nstrike exception supervision   § Bill 4\n',
        encoding="utf-8",
    )
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.load(path)
    (problem,) = info.value.diagnostics
    assert problem.message == "no rule or exception is named `supervision`"
    assert problem.span.file.endswith("clean-slate.law")  # the line that still names it


def test_diff_of_an_amendment_against_its_base(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.cli_records import write_people

    records = write_people(
        tmp_path,
        ny_person("P1", citation="PL 221.10"),
        ny_person("P2", citation="PL 155.25"),
    )
    code, out, _ = run(
        capsys, "diff", "ny/clean-slate", str(BILL), str(records), "--as-of", "2026-12-07"
    )
    assert code == 0
    assert out.splitlines()[0] == (
        "ny/clean-slate → test/ny-bill as of 2026-12-07: 1 of 2 counts change "
        "(2 people; 0 newly cleared, 1 newly excluded)"
    )
    assert "by rule: misdemeanor → marihuana 1" in out
