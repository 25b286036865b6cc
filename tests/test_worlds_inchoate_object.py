"""A count cited to an inchoate section without its object (``MCL 750.157a``) is decided over
every possible object (issue 14 item 6): one object of each class that the statute's
citation tests answer alike, and one in none of them (``clearlaw.worlds._objects``)."""

from __future__ import annotations

from statute_text import small_statute

import clearlaw
from clearlaw import worlds
from clearlaw.dates import date
from clearlaw.records import Case, Count, Disposition, Level, Person, Sentence

_AS_OF = date(2026, 12, 8)


def _michigan(convicted: date, citation: str = "MCL 750.157a") -> Person:
    """A fabricated person with one Michigan felony, sentence served the day it was imposed."""
    count = Count(
        id="1",
        citation=clearlaw.parse_citation(citation, "US-MI"),
        level=Level.FELONY,
        disposition=Disposition.CONVICTED,
        disposition_date=convicted,
        sentence=Sentence(
            imposed_date=convicted,
            completion_date=convicted,
            incarcerated=False,
            supervised=False,
        ),
    )
    case = Case(id="C1", jurisdiction="US-MI", counts=(count,))
    return Person(id="P1", birth_date=date(1980, 1, 1), cases=(case,))


def test_a_conspiracy_too_recent_under_every_object_is_decided() -> None:
    mi = clearlaw.load("mi/clean-slate")
    (d,) = clearlaw.evaluate(mi, _michigan(date(2025, 6, 1)), _AS_OF)
    # life maximum: excluded for ever; every other object: 7 years not yet run
    assert (d.outcome, d.eligible_on, d.missing) == ("not_eligible", "unknown", ())
    assert "inchoate_object" in d.reasons[0]
    assert d.reasons[0].endswith("every possible value gives this result")


def test_a_conspiracy_whose_object_decides_it_still_needs_review() -> None:
    mi = clearlaw.load("mi/clean-slate")
    (d,) = clearlaw.evaluate(mi, _michigan(date(2010, 6, 1)), _AS_OF)
    assert d.outcome == "needs_review"
    assert "inchoate_object" in d.missing
    # the object written out: murder is excluded
    (murder,) = clearlaw.evaluate(mi, _michigan(date(2010, 6, 1), "MCL 750.157a/750.316"), _AS_OF)
    assert (murder.outcome, murder.eligible_on) == ("not_eligible", "never")


def test_one_object_per_class_of_the_sets_covering_conspiracies() -> None:
    mi = clearlaw.load("mi/clean-slate")
    info = worlds._info(mi)
    bare = clearlaw.parse_citation("MCL 750.157a", "US-MI")
    objects = worlds._objects(info, bare, "US-MI")
    assert objects is not None
    covering = [s for s in mi.checked.sets.values() if "conspiracy" in s.inchoate]
    answers = {tuple(o in s for s in covering) for o in objects}
    assert len(answers) == len(objects)  # no two objects alike
    assert (False,) * len(covering) in answers  # an object in no set
    murder = clearlaw.parse_citation("MCL 750.157a/750.316", "US-MI")
    assert tuple(murder in s for s in covering) in answers
    assert all(o.inchoate == "conspiracy" and o.via == "750.157a" for o in objects)


_STATUTE = small_statute(
    "test/inchoate-worlds",
    "t",
    """
set listed = "PL 130.35", "PL 130.50(*)", "PL 125.*" including attempts  § A 2
set minor = "PL 125.15", "PL 130.50(2)" including attempts  § A 3
exception listed_offense "a listed offense"  § A 4
  keep when citation in listed
rule clear "a minor listed misdemeanor"  § A 5
  clear when citation in minor and level is misdemeanor
""",
)


def _new_york(citation: str) -> Person:
    count = Count(
        id="1",
        citation=clearlaw.parse_citation(citation, "US-NY"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
    )
    return Person(id="P1", cases=(Case(id="C1", jurisdiction="US-NY", counts=(count,)),))


def test_every_object_agrees_where_each_condition_alone_is_unknown() -> None:
    statute = clearlaw.parse(_STATUTE, "t.law")
    (d,) = clearlaw.evaluate(statute, _new_york("PL 110.00"), _AS_OF)
    # minor ones are listed too: the exception keeps every listed one, no rule clears the rest
    assert (d.outcome, d.eligible_on, d.missing) == ("keep", "never", ())
    assert d.reasons[0] == worlds.WORLDS_REASON.format("inchoate_object")


def test_classes_of_exact_wildcard_and_subdivided_patterns() -> None:
    statute = clearlaw.parse(_STATUTE, "t.law")
    objects = worlds._objects(
        worlds._info(statute), clearlaw.parse_citation("PL 110.00", "US-NY"), "US-NY"
    )
    assert objects is not None
    # listed and minor, listed only, neither (minor is within listed)
    assert len(objects) == 3


def test_not_enumerated_against_a_literal_inchoate_citation() -> None:
    text = _STATUTE.replace(
        "keep when citation in listed",
        'keep when citation in listed or citation is "PL 110-130.30"',
    )
    statute = clearlaw.parse(text, "t.law")
    bare = clearlaw.parse_citation("PL 110.00", "US-NY")
    assert worlds._objects(worlds._info(statute), bare, "US-NY") is None
    (d,) = clearlaw.evaluate(statute, _new_york("PL 110.00"), _AS_OF)
    assert d.outcome == "needs_review" and d.missing == ("inchoate_object",)
