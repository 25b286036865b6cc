"""Normalized ``Person`` records (clearlaw/records.py) from the facts pass 1 keeps.

A person's facts are plain tuples (cheap to send to a helper process, see decide.py):
``(id, convictions, deceased, registration dates)``, each conviction a ``ConvictionRow``.
This module does not import Polars.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from clearlaw.ca_doj.sections import parse_charge
from clearlaw.citations import Citation
from clearlaw.dates import date
from clearlaw.records import (
    Case,
    Count,
    Disposition,
    Financial,
    Level,
    Person,
    Registration,
    Sentence,
)

__all__ = ["ConvictionRow", "PersonFacts", "build_people"]

#: person, case id, county, birth date, count id, charge text, level (F/M/I), offense date,
#: conviction date, incarcerated, supervised.
ConvictionRow: TypeAlias = tuple[
    str,
    str,
    str | None,
    date | None,
    str,
    str | None,
    str | None,
    date | None,
    date | None,
    bool,
    bool,
]
#: id, convictions, deceased, dates of PC 290 registration steps.
PersonFacts: TypeAlias = tuple[str, list[ConvictionRow], bool, list[date | None]]

_PC290 = Citation("PC", "290")
_FINANCIAL = Financial()
_LEVELS = {"F": Level.FELONY, "M": Level.MISDEMEANOR, "I": Level.INFRACTION}


def build_people(facts: Iterable[PersonFacts]) -> list[Person]:
    """One record per person: cases in the order of their convictions, one count each."""
    sentences: dict[tuple[date | None, bool, bool], Sentence] = {}
    return [_person(f, sentences) for f in facts]


def _person(
    facts: PersonFacts, sentences: dict[tuple[date | None, bool, bool], Sentence]
) -> Person:
    pid, rows, deceased, registered = facts
    cases: dict[str, tuple[str | None, list[Count]]] = {}
    birth: date | None = None
    for _, case_id, county, dob, count_id, text, level, offense, convicted, inc, sup in rows:
        birth = birth or dob
        entry = cases.get(case_id)
        if entry is None:
            entry = cases[case_id] = (county, [])
        skey = (convicted, inc, sup)
        sentence = sentences.get(skey)
        if sentence is None:
            sentence = sentences[skey] = Sentence(
                imposed_date=convicted,
                incarcerated=True if inc else None,
                supervised=True if sup else None,
            )
        charge = parse_charge(text or "")
        entry[1].append(
            Count(
                id=count_id,
                citation=charge.citation if charge else None,
                description=text or None,
                level=_LEVELS.get(level or ""),
                offense_date=offense,
                disposition=Disposition.CONVICTED,
                disposition_date=convicted,
                sentence=sentence,
                financial=_FINANCIAL,
            )
        )
    registrations = tuple(
        Registration("sex_offender", _PC290, d)
        for d in sorted(set(registered), key=lambda d: d or date.min)
    )
    return Person(
        id=pid,
        birth_date=birth,
        deceased=deceased,
        registrations=registrations,
        cases=tuple(
            Case(cid, jurisdiction="US-CA", county=county, counts=tuple(counts))
            for cid, (county, counts) in cases.items()
        ),
    )
