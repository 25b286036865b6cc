"""Colorado: a person's determinations do not depend on how the citations are spelled."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from spellings import assert_same_under_spellings, respell
from strategies_co import SPELLINGS, co_people

import clearlaw
from clearlaw.citations import parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

CO = clearlaw.load("co/clean-slate")
#: Court data, rap sheets and Bluebook (clearlaw/data/jurisdictions.toml).
ALL_SPELLINGS = (*SPELLINGS, "Colo. Rev. Stat. Ann. § {}", "Colorado Revised Statutes {}")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "100")), deadline=None, derandomize=True
)
@given(co_people())
def test_every_spelling_decides_alike(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    assert_same_under_spellings(CO, person, as_of, "US-CO", ALL_SPELLINGS)


def test_a_bare_article_18_section_in_a_colorado_case_is_a_drug_conviction() -> None:
    count = Count(
        id="1",
        citation=parse_citation("C.R.S. 18-18-403.5", "US-CO"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
        facts={"sealing_excluded": False},
    )
    case = Case(id="C1", jurisdiction="US-CO", status=CaseStatus.CLOSED, counts=(count,))
    person = respell(Person(id="P-CO", birth_date=date(1970, 1, 1), cases=(case,)), "US-CO", "{}")
    (d,) = clearlaw.evaluate(CO, person, date(2030, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on, d.missing) == ("seal", date(2024, 7, 1), ())
