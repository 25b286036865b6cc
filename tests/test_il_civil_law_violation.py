"""Illinois civil law violations through ``clearlaw check``: 720 ILCS 550/4(a) possession of not
more than 10 grams of cannabis has been "a civil law violation" since P.A. 99-697 (2016-07-29),
and Illinois data writes the count's level ``Civil Law Violation``.  Until 2026-12-08 that level
rejected the whole person (exit 2, "unknown level 'Civil Law Violation'"); it is read as
``violation``, and il/cannabis-expungement lists the count as outside its scope with the reason
(its records are expunged under 20 ILCS 2630/5.2(c)(2.5), not 5.2(i); docs/sources)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearlaw.cli import main


def _person(level: str, citation: str = "720 ILCS 550/4(a)", offense: str = "2017-03-01") -> str:
    count = {
        "id": "1",
        "citation": citation,
        "level": level,
        "disposition": "convicted",
        "offense_date": offense,
        "disposition_date": "2017-05-01",
    }
    case = {"id": "C1", "jurisdiction": "US-IL", "counts": [count]}
    return json.dumps({"id": "P1", "birth_date": "1990-01-01", "cases": [case]})


def _check(
    tmp_path: Path,
    line: str,
    capsys: pytest.CaptureFixture[str],
    statute: str = "il/cannabis-expungement",
) -> tuple[int, dict]:
    records = tmp_path / "people.jsonl"
    records.write_text(line + "\n", encoding="utf-8")
    code = main(["check", statute, str(records), "--as-of", "2026-12-01", "--format", "jsonl"])
    out = capsys.readouterr()
    rows = [json.loads(x) for x in out.out.splitlines() if x.strip()]
    assert len(rows) == 1, out
    return code, rows[0]


@pytest.mark.parametrize(
    "level", ["Civil Law Violation", "CIVIL LAW VIOLATION", "civil-law violation"]
)
def test_a_civil_law_violation_is_read_and_named_outside_the_statute(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], level: str
) -> None:
    code, row = _check(tmp_path, _person(level), capsys)
    assert code == 0
    assert row["outcome"] == "out_of_scope"
    assert row["relief"] is None and row["eligible_on"] == "never"
    assert "civil_law_violation" in row["reasons"][0]
    assert "level violation" in row["reasons"][0]


def test_the_citation_and_offense_date_settle_it_whatever_the_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """From 2016-07-29, 550/4(a) is a civil law violation: no misdemeanor is left in (a), so a
    record still writing the old class C misdemeanor is not referred for a pardon."""
    code, row = _check(tmp_path, _person("misdemeanor"), capsys)
    assert (code, row["outcome"]) == (0, "out_of_scope")
    code, row = _check(tmp_path, _person("misdemeanor", offense="2016-07-28"), capsys)
    assert (code, row["outcome"], row["rule"]) == (0, "pardon_review", "conviction")


def test_a_misdemeanor_possession_of_the_same_year_is_still_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, row = _check(tmp_path, _person("Class B Misdemeanor", "720 ILCS 550/4(b)"), capsys)
    assert (code, row["outcome"]) == (0, "pardon_review")


def test_the_other_reading_expunges_a_civil_law_violation_not_found_committed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading ``civil_law``: under ``not_found_committed`` a dismissed civil citation is an
    (i)(1.5) non-conviction, expunged from the Act's date (disposed of more than a year before);
    one found committed stays outside the statute under either reading."""
    dismissed = _person("Civil Law Violation").replace('"convicted"', '"dismissed"')
    other = "il/cannabis-expungement:civil_law=not_found_committed"
    results = [
        _check(tmp_path, dismissed, capsys),
        _check(tmp_path, dismissed, capsys, other),
        _check(tmp_path, _person("Civil Law Violation"), capsys, other),
    ]
    assert [(code, row["outcome"], row["eligible_on"]) for code, row in results] == [
        (0, "out_of_scope", "never"),
        (0, "expunge", "2019-06-25"),
        (0, "out_of_scope", "never"),
    ]
