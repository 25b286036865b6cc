"""Pennsylvania: the same person written with each recognized spelling of each citation
(18 Pa.C.S., 18 Pa.C.S.A. §, Pa. Cons. Stat., docket style "18 § 2701"; 35 P.S. and
Pa. Stat.) gets identical determinations."""

from __future__ import annotations

import re
from datetime import date

from spelling_tools import Spelling, section_text, spelling_test
from strategies_pa import pa_people

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Financial, Level, Person

PA = clearlaw.load("pa/clean-slate")
_CODE = re.compile(r"^(\d+)(PACS|PS)$")
#: (Consolidated Statutes, Purdon's Statutes) templates: "{t}" is the title, "{s}" the section.
#: Docket style "18 § 2701" is read in a Pennsylvania case only.
SPELLINGS = (
    ("{t} Pa.C.S. {s}", "{t} P.S. {s}"),
    ("{t} Pa.C.S.A. § {s}", "{t} P.S. § {s}"),
    ("{t} Pa. Cons. Stat. § {s}", "{t} Pa. Stat. {s}"),
    ("{t} Pa. Cons. Stat. Ann. § {s}", "{t} Pa. Stat. Ann. § {s}"),
    ("{t} § {s}", "{t} P.S. {s}"),
)


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        m = _CODE.match(citation.code)
        if m is None:
            return None
        consolidated, purdons = SPELLINGS[k]
        template = consolidated if m.group(2) == "PACS" else purdons
        if template.startswith("{t} §") and jurisdiction != "US-PA":
            template = SPELLINGS[0][0]
        return template.format(t=m.group(1), s=section_text(citation))

    return write


test_pa_spellings_give_identical_determinations = spelling_test(
    pa_people(), PA, [_spelling(k) for k in range(len(SPELLINGS))]
)


def _person(citation: str, grade: str = "M2") -> Person:
    c = Count(
        id="1",
        citation=parse_citation(citation, "US-PA"),
        level=Level.MISDEMEANOR,
        offense_class=grade,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 1, 10),
        financial=Financial(restitution_ordered=False),
    )
    case = Case(id="C1", jurisdiction="US-PA", status=CaseStatus.CLOSED, counts=(c,))
    return Person(id="P-PA", birth_date=date(1980, 1, 1), cases=(case,))


def test_a_docket_style_assault_is_excluded() -> None:
    """'18 § 2701' (docket style) is simple assault: excluded, whatever the spelling."""
    for text in ("18 § 2701", "18 Pa.C.S.A. § 2701", "18 Pa. Cons. Stat. § 2701(a)(1)"):
        (d,) = clearlaw.evaluate(PA, _person(text), date(2026, 1, 1), explain=False)
        assert (d.outcome, d.eligible_on) == ("not_eligible", "never"), text


def test_an_attempt_written_with_its_object_is_decided_by_the_table() -> None:
    """An attempted simple assault is excluded; an attempted retail theft is not asked about."""
    (d,) = clearlaw.evaluate(
        PA, _person("18 Pa.C.S.A. § 901/2701"), date(2026, 1, 1), explain=False
    )
    assert (d.outcome, d.eligible_on) == ("not_eligible", "never")
    (d,) = clearlaw.evaluate(PA, _person("18 Pa.C.S. 901/3929"), date(2026, 1, 1), explain=False)
    assert d.outcome == "limited_access" and not d.missing


def test_an_ungraded_drug_misdemeanor_takes_its_maximum_from_the_table_in_every_spelling() -> None:
    """A small amount of marijuana (35 P.S. 780-113(g): thirty days), written as dockets,
    Purdon's or Bluebook write it, is within 9122.2(a)(1) without a maximum on record."""
    spellings = (
        "35 P.S. 780-113(a)(31)",
        "35 P.S. § 780-113(a)(31)",
        "35 Pa. Stat. 780-113(a)(31)",
        "35 § 780-113(a)(31)",
    )
    for text in spellings:
        (d,) = clearlaw.evaluate(PA, _person(text, "M"), date(2026, 1, 1), explain=False)
        assert (d.outcome, d.eligible_on) == ("limited_access", date(2022, 1, 10)), text
