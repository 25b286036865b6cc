"""California: the California Style Manual's code names, which California courts write in
orders and minute orders ("Pen. Code, § 187", "Health & Saf. Code, § 11357"), read as the
codes they name and decide a count as the canonical citation does (issue 14, item 1)."""

from __future__ import annotations

from datetime import date

import pytest

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

CA = clearlaw.load("ca/prop64")


@pytest.mark.parametrize(
    ("text", "citation"),
    [
        ("Pen. Code, § 187", Citation("PC", "187")),
        ("Pen. Code § 664/187", Citation("PC", "187", (), "attempt", "664")),
        ("Health & Saf. Code, § 11357(b)", Citation("HS", "11357", ("b",))),
        ("Health & Saf. Code § 11359", Citation("HS", "11359")),
        ("Veh. Code, § 23152(a)", Citation("VC", "23152", ("a",))),
    ],
)
def test_style_manual_code_names(text: str, citation: Citation) -> None:
    assert parse_citation(text, "US-CA") == citation


def _person(citation: str) -> Person:
    count = Count(
        id="1",
        citation=parse_citation(citation, "US-CA"),
        level=Level.MISDEMEANOR,
        offense_date=date(2012, 1, 1),
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 3, 1),
    )
    case = Case(id="C1", jurisdiction="US-CA", status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P-CA-SM", birth_date=date(1970, 1, 1), cases=(case,))


def test_a_style_manual_citation_is_decided_as_the_canonical_one() -> None:
    as_of = date(2026, 12, 7)
    (canonical,) = clearlaw.evaluate(CA, _person("HS 11357(b)"), as_of)
    (written,) = clearlaw.evaluate(CA, _person("Health & Saf. Code, § 11357(b)"), as_of)
    assert canonical.outcome == "dismiss_and_seal"
    assert (written.outcome, written.rule, written.eligible_on, written.warnings) == (
        canonical.outcome,
        canonical.rule,
        canonical.eligible_on,
        canonical.warnings,
    )
