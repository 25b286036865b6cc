"""Which rule decides when several can (issue 16, item 5): overlapping rules of one outcome
with different dates need a stated priority; `if no other rule applies` is a fallback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import clearlaw

GOOD = Path(__file__).resolve().parent / "statutes/good/fallback.law"


def _count(level: str, convicted: str) -> clearlaw.Person:
    count = clearlaw.Count(
        "1",
        level=clearlaw.Level(level),
        disposition=clearlaw.Disposition.CONVICTED,
        disposition_date=date.fromisoformat(convicted),
    )
    return clearlaw.Person("P", cases=(clearlaw.Case("C", counts=(count,)),))


def test_the_fallback_applies_only_where_no_other_rule_does() -> None:
    statute = clearlaw.load(GOOD)
    assert statute.checked.warnings == ()
    as_of = date(2026, 1, 1)
    (misdemeanor,) = clearlaw.evaluate(statute, _count("misdemeanor", "2005-03-01"), as_of)
    assert (misdemeanor.rule, misdemeanor.eligible_on) == ("misdemeanors", date(2008, 3, 1))
    (old_felony,) = clearlaw.evaluate(statute, _count("felony", "2005-03-01"), as_of)
    assert (old_felony.rule, old_felony.eligible_on) == ("old_convictions", date(2006, 3, 1))
    (felony,) = clearlaw.evaluate(statute, _count("felony", "2015-03-01"), as_of)
    assert (felony.rule, felony.eligible_on) == ("anything_else", date(2025, 3, 1))
    order = [d.name for d in statute.checked.order if isinstance(d, clearlaw.nodes.Rule)]
    assert order == ["misdemeanors", "old_convictions", "anything_else"]
