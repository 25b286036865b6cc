"""Bluebook's closing parenthetical on a statute citation, the code's publisher and/or year
("N.Y. Penal Law § 130.20 (McKinney 2024)", "Colo. Rev. Stat. § 18-4-401 (2024)"), is not a
subdivision: the citation reads as without it and is decided alike (issue 14, item 1)."""

from __future__ import annotations

from datetime import date

import pytest

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person


@pytest.mark.parametrize(
    ("jurisdiction", "text", "citation"),
    [
        ("US-NY", "N.Y. Penal Law § 130.20 (McKinney 2024)", Citation("PL", "130.20")),
        ("US-NY", "N.Y. Penal Law § 130.20 (McKinney)", Citation("PL", "130.20")),
        ("US-CO", "Colo. Rev. Stat. § 18-4-401 (2024)", Citation("CRS", "18-4-401")),
        ("US-IL", "720 ILCS 550/4(b) (West 2020)", Citation("720ILCS", "550/4", ("b",))),
        (
            "US-CA",
            "Cal. Health & Safety Code § 11357(b) (Deering Supp. 2024)",
            Citation("HS", "11357", ("b",)),
        ),
        ("US-MI", "MCL 750.81(1) (2020)", Citation("MCL", "750.81", ("1",))),
    ],
)
def test_the_parenthetical_is_dropped(jurisdiction: str, text: str, citation: Citation) -> None:
    assert parse_citation(text, jurisdiction) == citation


@pytest.mark.parametrize(
    ("text", "citation"),
    [
        ("CRS 18-4-401 (2)", Citation("CRS", "18-4-401", ("2",))),
        ("CRS 18-4-401 (2)(a)", Citation("CRS", "18-4-401", ("2", "a"))),
    ],
)
def test_a_subdivision_after_a_space_is_kept(text: str, citation: Citation) -> None:
    assert parse_citation(text, "US-CO") == citation


def _person(citation: str) -> Person:
    count = Count(
        id="1",
        citation=parse_citation(citation, "US-IL"),
        level=Level.MISDEMEANOR,
        offense_class="C",
        offense_date=date(2015, 1, 1),
        disposition=Disposition.CONVICTED,
        disposition_date=date(2015, 6, 1),
    )
    case = Case(id="C1", jurisdiction="US-IL", status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P-IL-BB", birth_date=date(1980, 1, 1), cases=(case,))


def test_decided_as_the_citation_without_it() -> None:
    statute = clearlaw.load("il/cannabis-expungement")
    as_of = date(2026, 12, 7)
    (plain,) = clearlaw.evaluate(statute, _person("720 ILCS 550/4(b)"), as_of)
    (bluebook,) = clearlaw.evaluate(statute, _person("720 ILCS 550/4(b) (West 2020)"), as_of)
    assert plain.outcome != "needs_review"
    assert (bluebook.outcome, bluebook.rule, bluebook.eligible_on, bluebook.warnings) == (
        plain.outcome,
        plain.rule,
        plain.eligible_on,
        plain.warnings,
    )
