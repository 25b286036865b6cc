"""The same person written with each of a state's citation spellings (issue 14, item 1 tests).

``respell`` rewrites every citation of a person's cases in one jurisdiction with a spelling
template (``"M.C.L. § {}"``: ``{}`` is the section as the canonical form writes it after its
code) and reads it back the way record files are read, in the case's jurisdiction;
``assert_same_under_spellings`` checks that every spelling gives the same determinations.
"""

from __future__ import annotations

from datetime import date

import attrs

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Person

__all__ = ["assert_same_under_spellings", "respell"]


def _written(citation: Citation, spelling: str) -> str:
    return spelling.format(str(citation).split(" ", 1)[1])


def respell(person: Person, jurisdiction: str, spelling: str) -> Person:
    """``person`` with the citations of its ``jurisdiction`` cases written as ``spelling``."""
    cases = []
    for case in person.cases:
        if case.jurisdiction == jurisdiction:
            counts = tuple(
                count
                if count.citation is None
                else attrs.evolve(
                    count,
                    citation=parse_citation(_written(count.citation, spelling), jurisdiction),
                )
                for count in case.counts
            )
            case = attrs.evolve(case, counts=counts)
        cases.append(case)
    return attrs.evolve(person, cases=tuple(cases))


def _answers(statute: clearlaw.Statute, person: Person, as_of: date) -> list[tuple[object, ...]]:
    return [
        (d.case, d.count, d.outcome, d.eligible_on, d.missing)
        for d in clearlaw.evaluate(statute, person, as_of, explain=False)
    ]


def assert_same_under_spellings(
    statute: clearlaw.Statute,
    person: Person,
    as_of: date,
    jurisdiction: str,
    spellings: tuple[str, ...],
) -> None:
    """Every spelling of the person's citations gives the determinations of the first."""
    first, *rest = spellings
    expected = _answers(statute, respell(person, jurisdiction, first), as_of)
    for spelling in rest:
        got = _answers(statute, respell(person, jurisdiction, spelling), as_of)
        assert got == expected, f"{person.id}: {spelling!r} decides differently from {first!r}"
