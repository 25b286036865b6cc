"""`clearlaw diff`: what an amendment changes, on records (issue 16, item 2)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

import clearlaw
from clearlaw.drafting import population
from clearlaw.drafting.impact import KINDS, change_kind, diff
from clearlaw.evaluate import NEEDS_REVIEW, Determination
from clearlaw.io.impact import write_impact_html
from tests.cli_records import run

AS_OF = date(2026, 12, 7)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples/amendments"
BEFORE, ACT_36 = EXAMPLES / "pa/before-act-36.law", EXAMPLES / "pa-act-36.law"


def _pre_act_36() -> clearlaw.Statute:
    """The library's Pennsylvania statute without Act 36's 10 → 7 year change of 9122.2(a)(1)."""
    return clearlaw.load(BEFORE)


def _act_36() -> clearlaw.Statute:
    """Act 36's change written as an amendment of the statute before it."""
    return clearlaw.load(ACT_36)


def _people(n: int) -> list[clearlaw.Person]:
    return [p for _, p in population.people(population.load_profile("us_pa"), n, seed=3)]


def test_diff_lists_exactly_the_counts_act_36_moves() -> None:
    base, amended = _pre_act_36(), _act_36()
    people = _people(300)
    (impact,) = diff(base, amended, people, AS_OF)
    expected = set()
    for p in people:
        before = {(d.case, d.count): d for d in clearlaw.evaluate(base, p, AS_OF, explain=False)}
        for d in clearlaw.evaluate(amended, p, AS_OF, explain=False):
            b = before[(d.case, d.count)]
            if (b.outcome, b.relief, b.relief_kind, b.eligible_on) != (
                d.outcome,
                d.relief,
                d.relief_kind,
                d.eligible_on,
            ):
                expected.add((p.id, d.case, d.count))
    assert expected, "the change must move some count"
    assert {(c.person, c.case, c.count) for c in impact.changes} == expected
    assert impact.people == 300
    assert impact.counts == sum(len(c.counts) for p in people for c in p.cases)
    kinds = impact.by_kind()
    # a shorter period only helps; where its end now falls before the as-of date, the answer
    # can turn on a fact the longer period made moot (another count's qualifying offense)
    assert set(kinds) <= {"gains relief", "earlier", "now needs review"} and kinds["earlier"] > 0
    for c in impact.changes:
        assert (
            c.rule.endswith("misdemeanor")
            or c.rule.startswith("restitution")
            # 9122.3(a.1) (also Act 36) holds a count barred count by count until 2024-06-11
            or c.rule.endswith("before_act_36")
            or (c.kind == "now needs review")
        )
        if c.shift_days is not None:
            assert c.shift_days < 0  # sooner; as much as three years, less near 2024-06-11
            assert c.shift_days >= -3 * 366
    cleared = set(impact.people_newly_cleared)
    assert cleared <= {c.person for c in impact.changes}
    assert not impact.people_newly_excluded


def test_diff_several_dates_show_the_phase_in() -> None:
    base, amended = _pre_act_36(), _act_36()
    people = _people(120)
    early, late = diff(base, amended, people, [date(2024, 6, 10), AS_OF])
    assert (early.as_of, late.as_of) == (date(2024, 6, 10), AS_OF)
    # before the effective date the law is the same: only dates after it move
    assert all(c.kind in ("earlier", "gains relief") for c in early.changes)
    assert not any(c.kind == "gains relief" for c in early.changes)


def _d(outcome: str, relief: bool | None, on: object, kind: str | None = None) -> Determination:
    return Determination(
        "P",
        "C",
        "1",
        "s",
        outcome,
        relief,
        on,
        "r",
        (),
        (),
        relief_kind=kind,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        (
            _d("sealed", False, date(2027, 1, 1)),
            _d("sealed", True, date(2026, 1, 1)),
            "gains relief",
        ),
        (_d("sealed", True, date(2026, 1, 1)), _d("no", False, "never"), "loses relief"),
        (_d("no", False, date(2030, 1, 1)), _d("no", False, "never"), "now excluded"),
        (_d("no", False, "never"), _d("no", False, date(2030, 1, 1)), "no longer excluded"),
        (_d("no", False, date(2030, 1, 1)), _d(NEEDS_REVIEW, None, "unknown"), "now needs review"),
        (_d(NEEDS_REVIEW, None, "unknown"), _d("sealed", True, date(2020, 1, 1)), "now decided"),
        (_d("no", False, date(2030, 1, 1)), _d("no", False, date(2029, 12, 31)), "earlier"),
        (_d("no", False, date(2030, 1, 1)), _d("no", False, date(2030, 1, 2)), "later"),
        (
            _d("sealed", True, date(2020, 1, 1), "automatic"),
            _d("sealed", True, date(2020, 1, 1), "petition"),
            "relief kind",
        ),
        (_d("sealed", True, date(2020, 1, 1)), _d("expunged", True, date(2020, 1, 1)), "outcome"),
        (None, _d("sealed", True, date(2020, 1, 1)), "now decided by the statute"),
        (_d("sealed", True, date(2020, 1, 1)), None, "no longer decided"),
        (_d("sealed", True, date(2020, 1, 1)), _d("sealed", True, date(2020, 1, 1)), None),
    ],
)
def test_change_kinds(
    before: Determination | None, after: Determination | None, kind: str | None
) -> None:
    assert change_kind(before, after) == kind
    assert kind is None or kind in KINDS


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("diff") / "people.jsonl"
    rows = population.people(population.load_profile("us_pa"), 150, seed=5)
    path.write_text("".join(json.dumps(obj) + "\n" for obj, _ in rows), encoding="utf-8")
    return path


def test_cli_diff_formats(
    capsys: pytest.CaptureFixture[str], records: Path, tmp_path: Path
) -> None:
    base = str(BEFORE)
    code, table, _ = run(capsys, "diff", base, str(ACT_36), str(records), "--as-of", "2026-12-07")
    assert code == 0
    first = table.splitlines()[0]
    assert first.startswith("pa/clean-slate-before-act-36 → pa/act-36-of-2023 as of 2026-12-07: ")
    assert "by change: " in table and "by rule: " in table and "by year eligible: " in table

    code, out, _ = run(
        capsys,
        "diff",
        base,
        "pa/clean-slate",
        str(records),
        "--as-of",
        "2026-12-07",
        "--format",
        "jsonl",
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines and code == 0
    for obj in lines:
        assert {"person", "case", "count", "before", "after", "change"} <= set(obj)
        assert obj["before"]["person"] == obj["person"] and obj["after"]["count"] == obj["count"]
        assert obj["before"]["eligible_on"] != obj["after"]["eligible_on"] or (
            obj["before"]["outcome"] != obj["after"]["outcome"]
        )

    target = tmp_path / "impact.csv"
    args = ["diff", base, str(ACT_36), str(records), "--as-of", "2026-12-07", "2027-12-07"]
    code, _, _ = run(capsys, *args, "--format", "csv", "-o", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert code == 0 and {r["as_of"] for r in rows} == {"2026-12-07", "2027-12-07"}
    assert len(rows) == len(lines) + sum(1 for r in rows if r["as_of"] == "2027-12-07")

    code, page, _ = run(capsys, *args, "--format", "html")
    assert code == 0 and page.count('<svg role="img"') >= 6  # three charts for each date
    assert "What the amendment changes" in page


def test_html_escapes_and_reports_no_change() -> None:
    statute = clearlaw.load("ny/clean-slate")
    (impact,) = diff(statute, statute, [], AS_OF)
    page = io.StringIO()
    write_impact_html([impact], page)
    assert "No count changes." in page.getvalue()


def test_cli_diff_needs_records_or_search(
    capsys: pytest.CaptureFixture[str], records: Path
) -> None:
    code, _, err = run(capsys, "diff", "ny/clean-slate", "ny/clean-slate", "--as-of", "2026-12-07")
    assert code == 2 and "give a records file, or --search" in err
    code, _, err = run(
        capsys,
        "diff",
        "ny/clean-slate",
        "ny/clean-slate",
        str(records),
        "--search",
        "--as-of",
        "2026-12-07",
    )
    assert code == 2 and "give a records file, or --search" in err
    code, _, err = run(
        capsys, "diff", "ny/clean-slat", "ny/clean-slate", str(records), "--as-of", "2026-12-07"
    )
    assert code == 2 and "did you mean" in err
