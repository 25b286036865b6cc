"""California: the same person written with each recognized spelling of each citation (court
data's ``HS 11357(a)``, DOJ's ``11357(A) HS``, ``H&S 11357(a)``, glued ``HS11357(a)``, the
code's name; ``PC 664/187``, ``664/187 PC``, ``PEN``; attempts as ``664-11359 HS``) gets
identical determinations under ca/prop64."""

from __future__ import annotations

from datetime import date

import pytest
from spelling_tools import Spelling, spelling_test
from strategies import ca_people

import clearlaw
from clearlaw.ca_doj.sections import parse_charge
from clearlaw.citations import Citation, object_code, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

CA = clearlaw.load("ca/prop64")

#: How California court data, DOJ data and citations write a code ("{s}": the section with its
#: subdivisions; "{S}": the same with the subdivisions in capitals, as DOJ data writes them).
SPELLINGS: dict[str, tuple[str, ...]] = {
    "HS": ("HS {s}", "{S} HS", "H&S {s}", "HS{s}", "Health and Safety Code § {s}"),
    "PC": ("PC {s}", "{S} PC", "PEN {s}", "PC{s}", "Penal Code § {s}"),
}


def _written(citation: Citation, template: str) -> str:
    """``citation`` in ``template``; an attempt as ``664/OBJECT`` or, code last, ``664-OBJECT``."""
    subs = "".join(f"({s})" for s in citation.subdivisions)
    via = ""
    if citation.inchoate:
        via = f"{citation.via}-" if template.startswith("{S}") else f"{citation.via}/"
    # only the subdivisions change case: a section's own letter (653f, 288a) is not one
    return template.format(s=via + citation.section + subs, S=via + citation.section + subs.upper())


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        templates = SPELLINGS.get(citation.code)
        return None if templates is None else _written(citation, templates[k])

    return write


def _attempt_in_pc_letters(k: int) -> Spelling:
    """An attempt of an HS cannabis section written with PC 664's code letters, as California
    records may write it (``PC 664/11359``, ``664-11359 PC``; the PC code's object_codes in clearlaw/data/jurisdictions.toml);
    every other citation as ``_spelling(k)`` writes it."""
    other = _spelling(k)

    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if (
            citation.code == "HS"
            and citation.inchoate
            and object_code("PC", citation.section) == "HS"
        ):
            return _written(citation, SPELLINGS["PC"][k])
        return other(citation, jurisdiction)

    return write


test_ca_spellings_give_identical_determinations = spelling_test(
    ca_people(),
    CA,
    [_spelling(k) for k in range(len(SPELLINGS["HS"]))]
    + [_attempt_in_pc_letters(k) for k in range(len(SPELLINGS["PC"]))],
)


@pytest.mark.parametrize(
    "text", ["HS 11357(a)", "11357(A) HS", "H&S 11357(a)", "HS11357A", "HS11357(a)"]
)
def test_court_data_spellings_of_11357_a(text: str) -> None:
    assert parse_citation(text, "US-CA") == Citation("HS", "11357", ("a",))


@pytest.mark.parametrize(
    ("text", "doj"), [("664/11359 HS", "664-11359 HS"), ("PC 664/187", "664/187 PC")]
)
def test_an_attempt_reads_alike_in_records_and_doj_data(text: str, doj: str) -> None:
    charge = parse_charge(doj)
    assert charge is not None and charge.attempted
    assert charge.citation == parse_citation(text, "US-CA")
    assert charge.citation.inchoate == "attempt" and charge.citation.via == "664"


def _person(*citations: str) -> Person:
    counts = tuple(
        Count(
            id=str(k + 1),
            citation=parse_citation(c, "US-CA"),
            level=Level.FELONY,
            offense_date=date(2000 + k, 1, 1),
            disposition=Disposition.CONVICTED,
            disposition_date=date(2000 + k, 3, 1),
            facts={"sold_to_minor": False, "hired_minor": False},
        )
        for k, c in enumerate(citations)
    )
    case = Case(id="C1", jurisdiction="US-CA", status=CaseStatus.CLOSED, counts=counts)
    return Person(id="P-CA", birth_date=date(1970, 1, 1), cases=(case,))


@pytest.mark.parametrize(
    ("prior", "outcome"),
    [
        ("PC 664/187", "not_eligible"),  # an attempted homicide is a super strike
        ("664/187(a) PC", "not_eligible"),
        ("664/288(a) PC", "not_eligible"),  # an attempted 290(c) offense registers
        ("PC 664/245(d)(3)", "redesignate_misdemeanor"),  # no other attempt is a super strike
    ],
)
def test_attempted_priors_in_their_spellings(prior: str, outcome: str) -> None:
    decided = clearlaw.evaluate(CA, _person(prior, "664-11359 HS"), date(2020, 7, 1))
    assert [d.outcome for d in decided] == [outcome]
