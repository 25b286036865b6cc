"""`clearlaw compare` and `clearlaw describe` (docs/statutes.md)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

import clearlaw
from clearlaw.cli import main
from clearlaw.compare import compare
from clearlaw.describe import describe, render_markdown
from clearlaw.io.comparison import write_comparison_csv, write_comparison_html
from clearlaw.library import list_statutes, load_text
from clearlaw.policy import is_policy_text

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = clearlaw.read_records(ROOT / "examples/people.jsonl").people
AS_OF = date(2026, 11, 23)
SHORTER = 'policy "two-year misdemeanor wait"\n  id ny/two-years\n  amends ny/clean-slate\nparameter misdemeanor_wait = 2 years\n'


def test_compare_counts_and_differences() -> None:
    ny = clearlaw.load("ny/clean-slate")
    shorter = load_text(SHORTER, "two-years.law")
    result = compare([ny, shorter], PEOPLE, AS_OF)
    current, amended = result.totals
    assert current.counts_decided == amended.counts_decided > 0
    assert amended.counts_relief >= current.counts_relief
    assert result.differences, "a shorter wait must clear some count sooner"
    gained = moved = 0
    for diff in result.differences:
        (_, before), (_, after) = diff.results
        assert before is not None and after is not None
        if "needs_review" in (before.outcome, after.outcome):
            # decided over every world under one wait, not the other (clearlaw.worlds)
            assert before.eligible_on == "unknown" or after.eligible_on == "unknown"
            continue
        assert before.rule == "misdemeanor" or "misdemeanor" in (after.rule or "")
        assert isinstance(before.eligible_on, date) and isinstance(after.eligible_on, date)
        assert after.eligible_on < before.eligible_on  # one year sooner, whatever the outcome
        if (before.relief, after.relief) == (False, True):
            gained += 1
        else:  # a date that moved without a change of relief as of AS_OF is a difference too
            assert before.relief == after.relief
            moved += 1
    assert gained and moved


def test_compare_as_if_local_applies_each_law_to_every_case() -> None:
    ny, nj = clearlaw.load("ny/clean-slate"), clearlaw.load("nj/clean-slate")
    plain = compare([ny, nj], PEOPLE[:50], AS_OF)
    local = compare([ny, nj], PEOPLE[:50], AS_OF, as_if_local=True)
    assert local.totals[0].counts_decided > plain.totals[0].counts_decided
    assert local.totals[1].counts_decided > plain.totals[1].counts_decided


def test_compare_writers() -> None:
    ny = clearlaw.load("ny/clean-slate")
    result = compare([ny, load_text(SHORTER, "two-years.law")], PEOPLE, AS_OF)
    buf = io.StringIO()
    write_comparison_csv(result, buf)
    header, first = buf.getvalue().splitlines()[:2]
    assert header.startswith("person,case,count,ny/clean-slate outcome")
    assert first.count(",") >= 8
    page = io.StringIO()
    write_comparison_html(result, page)
    assert f"<h2>{len(result.differences)} counts treated differently</h2>" in page.getvalue()


def test_compare_cli(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "compare",
            "ny/clean-slate",
            "ca/prop64",
            str(ROOT / "examples/people.jsonl"),
            "--as-of",
            "2026-11-23",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].split() == [
        "statute",
        "people",
        "with",
        "relief",
        "cleared",
        "counts",
        "relief",
        "petition",
        "waiting",
        "never",
        "review",
    ]


def test_describe_summarizes_from_the_statute_file() -> None:
    summary = describe(clearlaw.load("ny/clean-slate"))
    assert "`misdemeanor_wait`: 3 years (§ CPL 160.57(1)(b)(i))" in summary.waiting_periods
    assert any("restarted by other convictions" in c for c in summary.counted_from)
    assert (
        "sex offense or sexually violent offense — never (§ CPL 160.57(1)(b)(v))"
        in summary.exclusions
    )
    assert summary.outcomes == ("seal (automatic relief)", "not_eligible")


def test_docs_statutes_md_is_current() -> None:
    ids = [
        sid
        for sid, path in list_statutes().items()
        if not is_policy_text(path.read_text(encoding="utf-8"))
    ]
    expected = render_markdown([describe(clearlaw.load(sid)) for sid in ids])
    current = (ROOT / "docs/statutes.md").read_text(encoding="utf-8")
    assert current == expected, "regenerate it: clearlaw describe > docs/statutes.md"


def test_eligibility_to_petition_is_not_counted_as_cleared() -> None:
    from clearlaw.compare import _cleared
    from clearlaw.evaluate import Determination

    def determination(kind: str | None) -> Determination:
        return Determination(
            "P1", "C1", "1", "x", "eligible", True, "never", None, (), (), (), kind
        )

    assert _cleared(determination("automatic"))
    assert not _cleared(determination("petition"))
