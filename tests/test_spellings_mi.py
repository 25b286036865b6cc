"""Michigan: a person's determinations do not depend on how the citations are spelled."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import given, settings
from spellings import assert_same_under_spellings, respell
from strategies_mi import SPELLINGS, mi_people

import clearlaw
from clearlaw.citations import parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person, Sentence

MI = clearlaw.load("mi/clean-slate")
#: Court data, rap sheets and Bluebook (clearlaw/data/jurisdictions.toml).
ALL_SPELLINGS = (*SPELLINGS, "MCLA § {}", "M.C.L.A. {}", "Michigan Compiled Laws {}")


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "100")), deadline=None, derandomize=True
)
@given(mi_people())
def test_every_spelling_decides_alike(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    assert_same_under_spellings(MI, person, as_of, "US-MI", ALL_SPELLINGS)


def _person(citation: str) -> Person:
    count = Count(
        id="1",
        citation=parse_citation(citation, "US-MI"),
        level=Level.MISDEMEANOR,
        max_penalty_days=93,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 1, 10),
        sentence=Sentence(imposed_date=date(2012, 1, 10)),
    )
    case = Case(id="C1", jurisdiction="US-MI", status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P-MI", birth_date=date(1975, 1, 1), cases=(case,))


def test_a_bare_section_in_a_michigan_case_is_mcl() -> None:
    """A table citation written bare (as Michigan dockets do) is still in the table."""
    bare = respell(_person("MCL 750.136b(7)"), "US-MI", "{}")
    (d,) = clearlaw.evaluate(MI, bare, date(2035, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on) == ("not_eligible", "never")


def test_a_michigan_statutes_annotated_number_is_not_read_as_mcl() -> None:
    """M.S.A. numbers sections apart (MCL 750.89 is MSA 28.284): never MCL 28.284."""
    assert parse_citation("M.S.A. § 28.284", "US-MI").code != "MCL"
