"""`clearlaw diff --search`: counterexamples with no data (issue 16, item 3)."""

from __future__ import annotations

from datetime import date

import pytest

import clearlaw
from clearlaw.drafting.search import search
from tests.cli_records import run

AS_OF = date(2026, 12, 7)


def _one_day_longer() -> clearlaw.Statute:
    library = clearlaw.load("pa/clean-slate")
    text = library.node.source.replace(
        "  from 2024-06-11 = 7 years", "  from 2024-06-11 = 7 years 1 days", 1
    )
    assert text != library.node.source
    return clearlaw.parse(text, library.node.path)


def test_a_one_day_change_of_a_waiting_period_is_found_and_shrunk() -> None:
    base, amended = clearlaw.load("pa/clean-slate"), _one_day_longer()
    found = search(base, amended, AS_OF, examples=3000, seed=0)
    assert found.person is not None
    assert len(found.person.cases) == 1 and len(found.person.cases[0].counts) == 1  # shrunk
    (change,) = found.changes
    assert change.kind == "later" and change.shift_days == 1
    assert change.before is not None and change.after is not None
    assert change.before.explanation is not None and change.after.explanation is not None
    # the difference is real: evaluating both directly gives it
    (b,) = clearlaw.evaluate(base, found.person, AS_OF)
    (a,) = clearlaw.evaluate(amended, found.person, AS_OF)
    assert isinstance(b.eligible_on, date) and isinstance(a.eligible_on, date)
    assert (a.eligible_on - b.eligible_on).days == 1


def test_no_difference_is_reported_honestly(capsys: pytest.CaptureFixture[str]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    found = search(statute, statute, AS_OF, examples=30)
    assert found.person is None and found.tried == 30
    code, out, _ = run(
        capsys, "diff", "ny/clean-slate", "ny/clean-slate", "--search", "--examples", "30",
        "--as-of", "2026-12-07",
    )  # fmt: skip
    assert code == 0
    assert out.startswith("no difference found between ny/clean-slate and ny/clean-slate")
    assert "in 30 generated people" in out
