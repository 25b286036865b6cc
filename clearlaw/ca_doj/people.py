"""Normalized ``Person`` records (clearlaw/records.py) from the facts pass 1 keeps.

A person's facts are plain tuples (cheap to send to a helper process, see decide.py):
``(id, convictions, deceased, registration dates)``, each conviction a ``ConvictionRow``.
A conviction's dates are day numbers (days since 1970-01-01, as Polars keeps dates): ints
pickle many times faster than ``date`` objects, and the dates are made only here.
This module does not import Polars.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from clearlaw.ca_doj.sections import parse_charge
from clearlaw.citations import Citation
from clearlaw.dates import date
from clearlaw.library import collector_paused
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

__all__ = ["ConvictionRow", "PersonFacts", "build_people", "day"]

#: person, case id, county, birth day, count id, charge text, level (F/M/I), offense day,
#: conviction day, incarcerated, supervised (days: since 1970-01-01).
ConvictionRow: TypeAlias = tuple[
    str,
    str,
    str | None,
    int | None,
    str,
    str | None,
    str | None,
    int | None,
    int | None,
    bool,
    bool,
]
#: id, convictions, deceased, dates of PC 290 registration steps.
PersonFacts: TypeAlias = tuple[str, list[ConvictionRow], bool, list[date | None]]

_PC290 = Citation("PC", "290")
_FINANCIAL = Financial()
_LEVELS = {"F": Level.FELONY, "M": Level.MISDEMEANOR, "I": Level.INFRACTION}
_EPOCH = date(1970, 1, 1).toordinal()


def day(number: int | None) -> date | None:
    """The date of a day number (days since 1970-01-01)."""
    return None if number is None else date.fromordinal(_EPOCH + number)


def build_people(facts: Iterable[PersonFacts]) -> list[Person]:
    """One record per person: cases in the order of their convictions, one count each."""
    sentences: dict[tuple[date | None, bool, bool], Sentence] = {}
    with collector_paused():
        return [_person(f, sentences) for f in facts]


def _person(
    facts: PersonFacts, sentences: dict[tuple[date | None, bool, bool], Sentence]
) -> Person:
    pid, rows, deceased, registered = facts
    cases: dict[str, tuple[str | None, list[Count]]] = {}
    birth: date | None = None
    for _, case_id, county, born, count_id, text, level, offended, sentenced, inc, sup in rows:
        birth = birth or day(born)
        convicted = day(sentenced)
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
                offense_date=day(offended),
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
