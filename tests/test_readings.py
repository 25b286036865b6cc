"""Contested readings as switchable alternatives (issue 16, item 4)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import clearlaw
from clearlaw.drafting.impact import readings_impact
from clearlaw.io.jsonl import person_from_json
from clearlaw.readings import ReadingError, parse_choices, split_ref
from tests.cli_records import ny_person, run, write_people

AS_OF = date(2026, 3, 1)  # after three years from the conviction, before three from sentence


def _dwai(person_id: str, **extra: object) -> clearlaw.Person:
    fields = {
        "citation": "VTL 1192(1)",
        "level": "infraction",
        "disposition_date": "2023-01-10",
        "sentence": {"imposed_date": "2023-06-01", "incarcerated": False, "supervised": False},
        **extra,
    }
    person, problems = person_from_json(ny_person(person_id, **fields))
    assert person is not None, problems
    return person


def test_choosing_an_alternative_changes_the_decision_and_the_id() -> None:
    adopted = clearlaw.load("ny/clean-slate")
    other = clearlaw.load("ny/clean-slate", readings={"dwai_clock": "like_b"})
    assert other.id == "ny/clean-slate[dwai_clock=like_b]"
    person = _dwai("P1")
    (a,) = clearlaw.evaluate(adopted, person, AS_OF)
    (b,) = clearlaw.evaluate(other, person, AS_OF)
    assert (a.relief, a.eligible_on) == (True, date(2026, 1, 10))  # three years from conviction
    assert (b.relief, b.eligible_on) == (False, date(2026, 6, 1))  # three years from sentence
    # naming the default is the statute as written
    same = clearlaw.load("ny/clean-slate", readings={"dwai_clock": "from_conviction"})
    assert same.id == "ny/clean-slate"


def test_unknown_readings_and_alternatives_say_what_exists() -> None:
    with pytest.raises(
        ReadingError, match=r"has no reading `dwai_clok`; did you mean `dwai_clock`"
    ):
        clearlaw.load("ny/clean-slate", readings={"dwai_clok": "like_b"})
    with pytest.raises(ReadingError, match=r"alternatives: from_conviction \(default\), like_b"):
        clearlaw.load("ny/clean-slate", readings={"dwai_clock": "like"})


def test_choice_syntax() -> None:
    assert split_ref("ny/clean-slate:dwai_clock=like_b,x=y") == (
        "ny/clean-slate",
        {"dwai_clock": "like_b", "x": "y"},
    )
    assert split_ref("C:/drafts/ny.law") == ("C:/drafts/ny.law", {})
    with pytest.raises(ReadingError, match="chosen twice"):
        parse_choices("a=b,a=c")


def test_readings_impact_counts_what_each_alternative_changes() -> None:
    people = [
        _dwai("P1"),
        _dwai(
            "P2",
            disposition_date="2010-01-01",
            sentence={"imposed_date": "2010-01-01", "incarcerated": False, "supervised": False},
        ),
    ]
    results = {(r.name, a.name): i for r, a, i in readings_impact("ny/clean-slate", people, AS_OF)}
    assert set(results) == {
        ("federal_access", "granted"),
        ("restarting_convictions", "any_jurisdiction"),
        ("restart_start", "later_sealing_date"),
        ("restart_window", "any_later"),
        ("registration_evidence", "not_read"),
        ("dwai_clock", "like_b"),
        ("subsequent_charge", "any_open"),
        ("attempted_drug_felonies", "literal"),
    }
    dwai = results[("dwai_clock", "like_b")]
    assert [(c.person, c.kind) for c in dwai.changes] == [("P1", "loses relief")]
    assert not results[("restarting_convictions", "any_jurisdiction")].changes
    assert not results[("attempted_drug_felonies", "literal")].changes  # no attempted drug felony


def test_cli_reading_option_readings_command_and_lint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = write_people(
        tmp_path,
        ny_person(
            "P1",
            citation="VTL 1192(1)",
            level="infraction",
            disposition_date="2023-01-10",
            sentence={"imposed_date": "2023-06-01", "incarcerated": False, "supervised": False},
        ),
    )
    code, out, _ = run(
        capsys,
        "check",
        "ny/clean-slate",
        str(records),
        "--as-of",
        "2026-03-01",
        "--format",
        "jsonl",
        "--reading",
        "ny/clean-slate:dwai_clock=like_b",
    )
    (d,) = [json.loads(line) for line in out.splitlines()]
    assert (
        code == 0 and d["statute"] == "ny/clean-slate[dwai_clock=like_b]" and d["relief"] is False
    )
    code, _, err = run(
        capsys,
        "check",
        "ny/clean-slate",
        str(records),
        "--as-of",
        "2026-03-01",
        "--reading",
        "pa/clean-slate:clock=x",
    )
    assert code == 2 and "names none of the statutes of this command" in err
    code, out, _ = run(
        capsys,
        "readings",
        "ny/clean-slate",
        str(records),
        "--as-of",
        "2026-03-01",
        "--format",
        "json",
    )
    rows = {r["alternative"]: r for r in json.loads(out)["readings"]}
    assert code == 0 and rows["like_b"]["counts_changed"] == 1
    code, out, _ = run(
        capsys,
        "diff",
        "ny/clean-slate",
        "ny/clean-slate:dwai_clock=like_b",
        str(records),
        "--as-of",
        "2026-03-01",
    )
    assert code == 0 and "ny/clean-slate → ny/clean-slate[dwai_clock=like_b]" in out


def test_a_broken_alternative_fails_lint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    library = Path(clearlaw.load("ny/clean-slate").node.path)
    (tmp_path / "tables").symlink_to(library.with_name("tables"), target_is_directory=True)
    text = library.read_text(encoding="utf-8").replace(
        "      seal on release_date + dwai_wait", "      seal on releas_date + dwai_wait"
    )
    (tmp_path / "ny.law").write_text(text, encoding="utf-8")
    clearlaw.load(tmp_path / "ny.law")  # the adopted reading is fine
    code, out, err = run(capsys, "lint", str(tmp_path / "ny.law"))
    assert code == 1 and "1 alternative reading(s) do not check" in out
    assert "unknown name `releas_date`" in err and "did you mean `release_date`?" in err


def test_two_readings_that_rewrite_one_declaration_cannot_both_be_chosen(tmp_path: Path) -> None:
    library = Path(clearlaw.load("ny/clean-slate").node.path)
    (tmp_path / "tables").symlink_to(library.with_name("tables"), target_is_directory=True)
    text = library.read_text(encoding="utf-8") + (
        '\nreading dwai_again "the same rule, another way"             § CPL 160.57(1)(a)\n'
        '  default as_written "as written"\n'
        '  alternative five_years "five years"\n'
        '    replace rule dwai "five years"                            § CPL 160.57(1)(a)\n'
        '      seal on disposition_date + 5 years when citation is "VTL 1192(1)" and not crime\n'
    )
    (tmp_path / "ny.law").write_text(text, encoding="utf-8")
    clearlaw.load(tmp_path / "ny.law", readings={"dwai_again": "five_years"})
    with pytest.raises(
        ReadingError,
        match="readings `dwai_clock` and `dwai_again` of ny/clean-slate both change `dwai`",
    ):
        clearlaw.load(
            tmp_path / "ny.law", readings={"dwai_clock": "like_b", "dwai_again": "five_years"}
        )


def test_scenarios_run_under_another_reading(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "test", "ny/clean-slate:dwai_clock=like_b")
    assert code == 1  # the scenarios pin the adopted reading; the other one fails where it differs
    assert "ny/clean-slate[dwai_clock=like_b]: " in out
    assert "DWAI (VTL 1192(1)) is sealed three years after conviction" in out
    code, _, err = run(capsys, "test", "ny/clean-slate:dwai_clock=x")
    assert code == 2 and "has no alternative `x`" in err
