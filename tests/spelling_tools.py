"""Writing a person's citations in another spelling, for the per-state spelling tests
(tests/test_spellings_<st>.py): the same person written with each recognized spelling of each
citation must get identical determinations (issue 14)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Person

__all__ = ["Spelling", "section_text", "spelling_test"]

#: Writes a citation of a case of the given jurisdiction as text (or ``None``: leave it).
Spelling = Callable[[Citation, str | None], str | None]


def section_text(citation: Citation) -> str:
    """The section as written after the code: ``130.35``, ``110/130.35``, ``35-5(b)(1)``."""
    via = f"{citation.via}/" if citation.inchoate else ""
    return via + citation.section + "".join(f"({s})" for s in citation.subdivisions)


def respell(person: Person, spelling: Spelling) -> Person:
    """``person`` with each citation written by ``spelling`` and read back as a records reader
    reads it: in the case's jurisdiction."""
    cases = []
    for case in person.cases:
        counts = []
        for count in case.counts:
            text = None if count.citation is None else spelling(count.citation, case.jurisdiction)
            if text is not None:
                count = attrs.evolve(count, citation=parse_citation(text, case.jurisdiction))
            counts.append(count)
        cases.append(attrs.evolve(case, counts=tuple(counts)))
    return attrs.evolve(person, cases=tuple(cases))


def _decisions(statute: clearlaw.Statute, person: Person, as_of: date) -> list[tuple[object, ...]]:
    return [
        (d.case, d.count, d.outcome, d.eligible_on, d.missing)
        for d in clearlaw.evaluate(statute, person, as_of, explain=False)
    ]


def assert_same_for_spellings(
    statute: clearlaw.Statute, person: Person, as_of: date, spellings: Sequence[Spelling]
) -> None:
    """Every spelling of the person's citations gives the determinations of the first."""
    first = _decisions(statute, respell(person, spellings[0]), as_of)
    for k, spelling in enumerate(spellings[1:], 1):
        assert _decisions(statute, respell(person, spelling), as_of) == first, f"spelling {k}"


def spelling_test(
    people: st.SearchStrategy[tuple[Person, date]],
    statute: clearlaw.Statute,
    spellings: Sequence[Spelling],
) -> Callable[..., None]:
    """A bounded hypothesis test: each generated person gets the same determinations whichever
    of ``spellings`` writes its citations."""

    @settings(
        max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "60")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(people)
    def test(pair: tuple[Person, date]) -> None:
        person, as_of = pair
        assert_same_for_spellings(statute, person, as_of, spellings)

    return test
