"""A needs_review that rests on an inchoate section written without its object (``PL 110.00``)
in *another* count of the person's history names that count (``C2/1 inchoate_object``) in the
determination's missing list, its reasons and the clinic's questions, as the other missing
facts of a person's history are named (issue 14: ``inchoate_object`` names the count)."""

from __future__ import annotations

import attrs

import clearlaw
from clearlaw.dates import date
from clearlaw.questions import questions, wording
from clearlaw.records import Case, Count, Disposition, Level, Person

_STATUTE = """statute "t"
  id test/inchoate-history
  effective 2020-01-01
outcomes
  clear relief automatic "Cleared"
  keep "Not cleared"
  otherwise keep
applies to each count where disposition is convicted and citation not in listed  § A 1
set listed = "PL 130.35" including attempts  § A 2
exception listed_history "the person has a listed conviction"  § A 3
  keep when any other convictions where citation in listed
rule clear "the rest"  § A 4
  clear when level is misdemeanor
"""


def _count(count_id: str, citation: str, level: Level) -> Count:
    return Count(
        id=count_id,
        citation=clearlaw.parse_citation(citation, "US-NY"),
        level=level,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
    )


def _person() -> Person:  # a fabricated person
    return Person(
        id="P1",
        cases=(
            Case(
                id="C1", jurisdiction="US-NY", counts=(_count("1", "PL 155.25", Level.MISDEMEANOR),)
            ),
            Case(id="C2", jurisdiction="US-NY", counts=(_count("1", "PL 110.00", Level.FELONY),)),
        ),
    )


def test_the_missing_object_names_the_count_of_history() -> None:
    statute = clearlaw.parse(_STATUTE, "t.law")
    found = {(d.case, d.count): d for d in clearlaw.evaluate(statute, _person(), date(2026, 12, 7))}
    d = found[("C1", "1")]
    assert d.outcome == "needs_review"
    assert d.missing == ("C2/1 inchoate_object",)
    assert any("C2/1 inchoate_object" in reason for reason in d.reasons)
    # the count's own inchoate section is still named plainly
    assert found[("C2", "1")].missing == ("inchoate_object",)


def test_the_question_is_worded_and_shows_the_count() -> None:
    statute = clearlaw.parse(_STATUTE, "t.law")
    determinations = clearlaw.evaluate(statute, _person(), date(2026, 12, 7))
    (q,) = (q for q in questions(statute, determinations) if q.fact == "inchoate_object")
    assert q.question == wording(statute, "inchoate_object")
    assert q.question.startswith("the offense attempted")
    assert q.settles == 2  # C1/1 (for C2/1's object) and C2/1 (for its own)


def test_new_jersey_names_the_attempt_in_another_case() -> None:
    nj = clearlaw.load("nj/clean-slate")
    theft = Count(
        id="1",
        citation=clearlaw.parse_citation("2C:20-3", "US-NJ"),
        level=Level.FELONY,
        offense_class="3",
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
    )
    attempt = attrs.evolve(theft, citation=clearlaw.parse_citation("2C:5-1", "US-NJ"))
    person = Person(
        id="P1",
        cases=(
            Case(id="C1", jurisdiction="US-NJ", counts=(theft,)),
            Case(id="C2", jurisdiction="US-NJ", counts=(attempt,)),
        ),
    )
    found = {(d.case, d.count): d for d in clearlaw.evaluate(nj, person, date(2026, 12, 7))}
    assert "C2/1 inchoate_object" in found[("C1", "1")].missing
    assert "inchoate_object" in found[("C2", "1")].missing
