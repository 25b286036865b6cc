"""Citation forms lawyers and courts write, found in the issue 14 audit: the California Style
Manual's code names ("Pen. Code, § 187", "Health & Saf. Code, § 11357"), which California
courts use in orders, and Bluebook's closing parenthetical, the code's publisher and/or year
("N.Y. Penal Law § 130.20 (McKinney 2024)", which is no subdivision); the Style Manual's
subdivision ("Health & Saf. Code, § 11357, subd. (b)") and Bluebook's title for Purdon's ("18
Pa. Stat. and Cons. Stat. Ann. § 2701").  Each reads as the canonical citation and is decided
alike."""

from __future__ import annotations

from datetime import date

import pytest

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

AS_OF = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("jurisdiction", "text", "citation"),
    [
        ("US-CA", "Pen. Code, § 187", Citation("PC", "187")),
        ("US-CA", "Pen. Code § 664/187", Citation("PC", "187", (), "attempt", "664")),
        ("US-CA", "Health & Saf. Code, § 11357(b)", Citation("HS", "11357", ("b",))),
        # the Style Manual's subdivision: ", subd. (b)" (CSM 2.6)
        ("US-CA", "Health & Saf. Code, § 11357, subd. (b)", Citation("HS", "11357", ("b",))),
        ("US-CA", "Pen. Code, § 484, subd. (a)", Citation("PC", "484", ("a",))),
        ("US-CA", "Veh. Code, § 23152, subd. (b)(2)", Citation("VC", "23152", ("b", "2"))),
        (None, "Health & Saf. Code, § 11357, subd. (b)", Citation("HS", "11357", ("b",))),
        # Bluebook's title for Purdon's: the title says which code (35 is the unconsolidated P.S.)
        ("US-PA", "18 Pa. Stat. and Cons. Stat. Ann. § 2701", Citation("18PACS", "2701")),
        (
            "US-PA",
            "18 Pa. Stat. and Cons. Stat. § 2701(a)(1)",
            Citation("18PACS", "2701", ("a", "1")),
        ),
        (
            "US-PA",
            "18 Pa. Stat. & Cons. Stat. Ann. § 2701 (West 2024)",
            Citation("18PACS", "2701"),
        ),
        ("US-PA", "35 Pa. Stat. and Cons. Stat. Ann. § 780-113", Citation("35PS", "780-113")),
        (None, "18 Pa. Stat. and Cons. Stat. Ann. § 2701", Citation("18PACS", "2701")),
        (None, "35 Pa. Stat. and Cons. Stat. Ann. § 780-113", Citation("35PS", "780-113")),
        ("US-CA", "Health & Saf. Code § 11359", Citation("HS", "11359")),
        ("US-CA", "Veh. Code, § 23152(a)", Citation("VC", "23152", ("a",))),
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
        # a subdivision written after a space is still a subdivision
        ("US-CO", "CRS 18-4-401 (2)", Citation("CRS", "18-4-401", ("2",))),
        ("US-CO", "CRS 18-4-401 (2)(a)", Citation("CRS", "18-4-401", ("2", "a"))),
    ],
)
def test_the_form_reads_as_the_canonical_citation(
    jurisdiction: str | None, text: str, citation: Citation
) -> None:
    assert parse_citation(text, jurisdiction) == citation


def _person(jurisdiction: str, citation: str, offense_class: str | None) -> Person:
    count = Count(
        id="1",
        citation=parse_citation(citation, jurisdiction),
        level=Level.MISDEMEANOR,
        offense_class=offense_class,
        offense_date=date(2015, 1, 1),
        disposition=Disposition.CONVICTED,
        disposition_date=date(2015, 6, 1),
    )
    case = Case(id="C1", jurisdiction=jurisdiction, status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P-FORMS", birth_date=date(1980, 1, 1), cases=(case,))


@pytest.mark.parametrize(
    ("sid", "jurisdiction", "offense_class", "canonical", "written"),
    [
        ("ca/prop64", "US-CA", None, "HS 11357(b)", "Health & Saf. Code, § 11357(b)"),
        ("ca/prop64", "US-CA", None, "HS 11357(b)", "Health & Saf. Code, § 11357, subd. (b)"),
        (
            "pa/clean-slate",
            "US-PA",
            "M2",
            "18 Pa.C.S. 2701",
            "18 Pa. Stat. and Cons. Stat. Ann. § 2701",
        ),
        (
            "il/cannabis-expungement",
            "US-IL",
            "C",
            "720 ILCS 550/4(b)",
            "720 ILCS 550/4(b) (West 2020)",
        ),
    ],
)
def test_decided_as_the_canonical_citation(
    sid: str, jurisdiction: str, offense_class: str | None, canonical: str, written: str
) -> None:
    statute = clearlaw.load(sid)
    (plain,) = clearlaw.evaluate(statute, _person(jurisdiction, canonical, offense_class), AS_OF)
    (other,) = clearlaw.evaluate(statute, _person(jurisdiction, written, offense_class), AS_OF)
    assert plain.outcome != "needs_review"
    assert (other.outcome, other.rule, other.eligible_on, other.warnings) == (
        plain.outcome,
        plain.rule,
        plain.eligible_on,
        plain.warnings,
    )
