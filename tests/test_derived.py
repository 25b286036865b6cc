"""What the record already says (clearlaw.derive): class spellings and unknown classes per
jurisdiction, Virginia's class maxima, what a sentence's dates imply, and the order of a
count's dates — each read at evaluation time, the record itself left as it is."""

from __future__ import annotations

from datetime import date

import pytest
from statute_text import small_statute

import clearlaw
from clearlaw import Case, CaseStatus, Count, Disposition, Level, Person, Sentence
from clearlaw.derive import CLASSES, date_bounds, derive, unrecognized_classes
from clearlaw.evaluate import CLASS_REASON

AS_OF = date(2026, 12, 7)


def one_count(count: Count, jurisdiction: str = "US-PA") -> Person:
    case = Case("C1", jurisdiction, None, CaseStatus.CLOSED, (count,))
    return Person("P1", birth_date=date(1980, 1, 1), cases=(case,))


def convicted(level: Level = Level.MISDEMEANOR, **fields: object) -> Count:
    base: dict[str, object] = {"disposition_date": date(2010, 1, 1)}
    return Count(
        "1",
        level=level,
        disposition=Disposition.CONVICTED,
        **{**base, **fields},  # type: ignore[arg-type]
    )


def decide(statute: clearlaw.Statute, person: Person) -> clearlaw.Determination:
    (d,) = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    return d


UNGRADED = clearlaw.parse(
    small_statute(
        "test/ungraded",
        "Ungraded misdemeanors",
        """
rule ungraded "an ungraded misdemeanor"  § T 2
  clear when level is misdemeanor and class is "M"
""",
    )
)


@pytest.mark.parametrize("written", ["M", "M-U", "UNGRADED", "ungraded", "M (ungraded)", " m "])
def test_pennsylvania_ungraded_misdemeanor_is_one_class(written: str) -> None:
    d = decide(UNGRADED, one_count(convicted(offense_class=written)))
    assert (d.outcome, d.missing) == ("clear", ())


@pytest.mark.parametrize("written", ["M-1", "m1", "Class M1"])
def test_a_graded_misdemeanor_is_not_ungraded(written: str) -> None:
    d = decide(UNGRADED, one_count(convicted(offense_class=written)))
    assert (d.outcome, d.eligible_on) == ("keep", "never")


def test_an_unrecognized_class_is_unknown_not_a_definite_no() -> None:
    """`XYZ` is no Pennsylvania grade: the count needs review naming `class` (it was a
    definite `keep` when the text was compared as it was)."""
    d = decide(UNGRADED, one_count(convicted(offense_class="XYZ")))
    assert (d.outcome, d.missing) == ("needs_review", ("class",))
    assert CLASS_REASON in d.reasons


def test_an_unrecognized_class_that_cannot_matter() -> None:
    d = decide(UNGRADED, one_count(convicted(Level.FELONY, offense_class="XYZ")))
    assert (d.outcome, d.missing) == ("keep", ())
    assert CLASS_REASON not in d.reasons


def test_a_jurisdiction_without_a_class_table_keeps_its_values() -> None:
    d = decide(UNGRADED, one_count(convicted(offense_class="XYZ"), "US-CA"))
    assert (d.outcome, d.missing) == ("keep", ())


def test_every_class_of_the_jurisdiction_agreeing_decides() -> None:
    """A missing class is enumerated over the jurisdiction's classes: none of Pennsylvania's
    is `Q`, so the answer does not depend on it."""
    statute = clearlaw.parse(
        small_statute("test/q", "Q", 'rule r "not Q"  § T 2\n  clear when class is not "Q"\n')
    )
    d = decide(statute, one_count(convicted(offense_class="nonsense")))
    assert d.outcome == "clear"
    assert d.reasons[0].startswith("the record does not say class;")


VIRGINIA = clearlaw.parse(
    small_statute(
        "test/va",
        "Jailable misdemeanors",
        """
rule fine_only "punishable by a fine only"  § T 2
  clear when level is misdemeanor and max_penalty_days <= 0
""",
    )
)


@pytest.mark.parametrize(
    ("written", "outcome"),
    [("1", "keep"), ("Class 1", "keep"), ("2", "keep"), ("3", "clear"), ("4", "clear")],
)
def test_a_virginia_class_fixes_the_maximum(written: str, outcome: str) -> None:
    """Va. Code 18.2-11: classes 1 and 2 carry jail (12 and 6 months), 3 and 4 a fine only;
    the record's missing max_penalty_days no longer leaves the count in doubt."""
    d = decide(VIRGINIA, one_count(convicted(offense_class=written), "US-VA"))
    assert (d.outcome, d.missing) == (outcome, ())


def test_a_maximum_on_record_wins_and_a_felony_class_fixes_nothing() -> None:
    written = decide(VIRGINIA, one_count(convicted(offense_class="1", max_penalty_days=0), "US-VA"))
    assert written.outcome == "clear"
    felony = decide(VIRGINIA, one_count(convicted(Level.FELONY, offense_class="1"), "US-VA"))
    assert felony.outcome == "keep"  # not a misdemeanor: the maximum is not asked
    unknown_level = decide(VIRGINIA, one_count(convicted(offense_class="1"), "US-NY"))
    assert (unknown_level.outcome, unknown_level.missing) == ("needs_review", ("max_penalty_days",))


SENTENCE = clearlaw.parse(
    small_statute(
        "test/sentence",
        "Sentences",
        """
rule no_jail "no jail"  § T 2
  clear when not sentence.incarcerated and not sentence.supervised
""",
    )
)


def test_a_release_or_supervision_end_on_record_means_the_sentence_had_it() -> None:
    released = Sentence(imposed_date=date(2010, 1, 1), incarceration_release_date=date(2010, 6, 1))
    d = decide(SENTENCE, one_count(convicted(sentence=released)))
    assert (d.outcome, d.missing) == ("keep", ())
    ended = Sentence(incarcerated=False, supervision_end_date=date(2011, 1, 1))
    assert decide(SENTENCE, one_count(convicted(sentence=ended))).outcome == "keep"


def test_a_completed_sentence_does_not_say_what_it_included() -> None:
    """Whether the sentence INCLUDED jail is still asked, completed or not."""
    done = Sentence(imposed_date=date(2010, 1, 1), completion_date=date(2011, 1, 1))
    d = decide(SENTENCE, one_count(convicted(sentence=done)))
    assert d.outcome == "needs_review"
    assert set(d.missing) == {"sentence.incarcerated", "sentence.supervised"}


SUPERVISION = clearlaw.parse(
    small_statute(
        "test/supervision",
        "Three years, not while supervised",
        """
rule wait "three years from sentence"  § T 2
  clear on sentence.imposed_date + 3 years
exception supervised "under supervision"  § T 3
  keep until sentence.supervision_end_date when sentence.supervised
""",
    )
)


def test_a_sentence_completed_long_ago_settles_still_supervised() -> None:
    """Supervision, if there was any, ended by the completion date (2011), before the three
    years ran (2013): the count is cleared on 2013-01-01 whatever the record lacks."""
    done = Sentence(imposed_date=date(2010, 1, 1), completion_date=date(2011, 1, 1))
    d = decide(SUPERVISION, one_count(convicted(sentence=done)))
    assert (d.outcome, d.eligible_on) == ("clear", date(2013, 1, 1))
    assert d.reasons[0].startswith("the record does not say sentence.supervised")


def test_a_sentence_completed_recently_gives_the_outcome_not_the_date() -> None:
    """Supervised or not, and ended whenever before 2016-01-01, the count is cleared by the
    as-of date; when is not known (between 2013-01-01 and 2016-01-01)."""
    done = Sentence(
        imposed_date=date(2010, 1, 1), supervised=True, completion_date=date(2016, 1, 1)
    )
    d = decide(SUPERVISION, one_count(convicted(sentence=done)))
    assert (d.outcome, d.eligible_on, d.rule) == ("clear", "unknown", "wait")
    assert d.reasons[1] == (
        "the date it is or becomes eligible depends on sentence.supervision_end_date, "
        "so it is not known"
    )


def test_a_sentence_not_completed_stays_in_doubt() -> None:
    running = Sentence(imposed_date=date(2010, 1, 1), supervised=True)
    d = decide(SUPERVISION, one_count(convicted(sentence=running)))
    assert (d.outcome, d.missing) == ("needs_review", ("sentence.supervision_end_date",))


def test_derive_leaves_the_record_as_it_is() -> None:
    person = one_count(convicted(offense_class="M-U"))
    derived, odd = derive(person)
    assert person.cases[0].counts[0].offense_class == "M-U"
    assert derived.cases[0].counts[0].offense_class == "M"
    assert odd == frozenset()
    plain = one_count(convicted(offense_class="M2"))
    assert derive(plain)[0] is plain  # nothing to derive: the same object


def test_date_bounds_follow_the_order_of_a_count() -> None:
    count = convicted(
        offense_date=date(2009, 5, 1),
        sentence=Sentence(imposed_date=date(2010, 2, 1), completion_date=date(2012, 1, 1)),
    )
    assert date_bounds(count, "sentence.incarceration_release_date") == (
        date(2010, 2, 1),
        date(2012, 1, 1),
    )
    assert date_bounds(count, "disposition_date") == (date(2009, 5, 1), date(2010, 2, 1))
    assert date_bounds(count, "sentence.completion_date") == (date(2010, 2, 1), None)
    assert date_bounds(count, "facts.when_date") == (None, None)


def test_every_class_the_library_compares_is_a_class_of_its_jurisdiction() -> None:
    """What the checker knows: each library statute compares `class` only with values its
    jurisdiction has (a typo there would make every count unknown)."""
    from clearlaw import nodes as n

    for sid in clearlaw.list_statutes():
        statute = clearlaw.load(sid)
        jurisdiction = statute.node.header.jurisdiction
        if jurisdiction not in CLASSES:
            continue
        values: set[str] = set()
        for node in n.walk(statute.node):
            left = node.left if isinstance(node, n.Binary) else None
            if isinstance(node, n.Binary) and isinstance(left, n.Path) and left.parts == ("class",):
                right = node.right
                if isinstance(right, n.Literal) and isinstance(right.value, str):
                    values.add(right.value)
                if isinstance(right, n.ListLiteral):
                    values.update(str(v) for v in right.items)
        assert unrecognized_classes(jurisdiction, values) == [], sid


@pytest.mark.parametrize(
    ("written", "outcome"),
    [
        ("M", "limited_access"),
        ("M-U", "limited_access"),
        ("UNGRADED", "limited_access"),
        ("XYZ", "needs_review"),
    ],
)
def test_pennsylvania_clean_slate_reads_ungraded_spellings(written: str, outcome: str) -> None:
    """The issue's case: `M-U` and `UNGRADED` were a definite not_eligible under
    pa/clean-slate, an unknown grade too; now they are the ungraded class, and an
    unrecognized grade needs review."""
    from clearlaw.citations import parse_citation
    from clearlaw.records import Financial

    count = convicted(
        citation=parse_citation("75 Pa.C.S. 3802(a)(1)"),
        offense_class=written,
        max_penalty_days=180,
        disposition_date=date(2015, 1, 10),
        financial=Financial(restitution_ordered=True, restitution_paid_date=date(2015, 1, 10)),
    )
    person = Person("P9", birth_date=date(1985, 1, 1), cases=one_count(count).cases)
    (d,) = clearlaw.evaluate(clearlaw.load("pa/clean-slate"), person, date(2026, 11, 23))
    assert d.outcome == outcome
    if outcome == "needs_review":
        assert d.missing == ("class",)
    else:
        assert d.eligible_on == date(2024, 6, 11)


def test_the_checker_warns_about_a_class_the_jurisdiction_does_not_have() -> None:
    text = (
        'statute "t"\n  id t/t\n  jurisdiction "US-PA"\noutcomes\n  seal relief automatic "s"\n'
        '  no "n"\n  otherwise no\napplies to each count where disposition is convicted  § A 1\n'
        'rule r "r"  § A 2\n  seal on disposition_date + 3 years when class in ["M1", "M4"]\n'
    )
    from clearlaw.check import check_statute
    from clearlaw.syntax import parse_statute_text

    checked = check_statute(parse_statute_text(text, "t.law"))
    messages = [w.message for w in checked.warnings]
    assert "US-PA has no offense class 'M4': records never carry it" in messages
    assert not any("'M1'" in m for m in messages)


def test_every_alias_of_a_class_table_is_one_of_its_classes() -> None:
    for jurisdiction, table in CLASSES.items():
        assert set(table.aliases.values()) <= table.known, jurisdiction
        assert all(table.read(k) == k for k in table.known), jurisdiction


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("F3", "F3"),
        ("f-3", "F3"),
        ("Class 3 Felony", "F3"),
        ("FELONY 3", "F3"),
        ("Felony Class 3", "F3"),
        ("Level 1 Drug Felony", "DF1"),
        ("Drug Felony 2", "DF2"),
        ("DRUG FELONY LEVEL 4", "DF4"),
        ("Class 2 Misdemeanor", "M2"),
        ("Level 1 Drug Misdemeanor", "DM1"),
        ("Class 1 Petty Offense", "PO1"),
        ("Petty Offense", "PO"),
        ("Drug Petty Offense", "DPO"),
        ("Class 3", "3"),
        ("6", "6"),
        ("Felony 7", None),
        ("DF5", None),
        ("M4", None),
        ("Z", None),
    ],
)
def test_colorado_class_spellings(written: str, read: str | None) -> None:
    assert CLASSES["US-CO"].read(written) == read


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("X", "X"),
        ("Class X Felony", "X"),
        ("class 4 felony", "4"),
        ("Felony Class 1", "1"),
        ("FELONY 2", "2"),
        ("Class A Misdemeanor", "A"),
        ("Misdemeanor Class B", "B"),
        ("misdemeanor c", "C"),
        ("5", None),
        ("D", None),
        ("Petty Offense", None),
    ],
)
def test_illinois_class_spellings(written: str, read: str | None) -> None:
    assert CLASSES["US-IL"].read(written) == read


def _colorado_felony(written: str) -> Person:
    from clearlaw.citations import parse_citation

    count = convicted(
        Level.FELONY,
        citation=parse_citation("C.R.S. 18-5-102"),
        offense_class=written,
        offense_date=date(2014, 1, 1),
        disposition_date=date(2015, 1, 1),
        sentence=Sentence(supervised=False),
    )
    return one_count(count, "US-CO")


@pytest.mark.parametrize(
    ("written", "outcome"),
    [
        ("Class 3 Felony", "not_eligible"),
        ("Felony 2", "not_eligible"),
        ("f-1", "not_eligible"),
        ("Class 4 Felony", "seal"),
        ("Felony 7", "needs_review"),
        ("Z", "needs_review"),
    ],
)
def test_colorado_clean_slate_reads_class_spellings(written: str, outcome: str) -> None:
    """The brief's case: an unknown Colorado class was taken as not excluded (sealed); now a
    spelling is its class and an unknown value needs review naming `class`."""
    d = decide(clearlaw.load("co/clean-slate"), _colorado_felony(written))
    assert d.outcome == outcome
    if outcome == "needs_review":
        assert d.missing == ("class",)
        assert CLASS_REASON in d.reasons


@pytest.mark.parametrize(
    ("jurisdiction", "written", "read"),
    [
        ("US-NY", "EF", "E"),
        ("US-NY", "Class E Felony", "E"),
        ("US-NY", "A1F", "A-I"),
        ("US-NY", "AM", "A"),
        ("US-NY", "UM", "U"),
        ("US-CT", "DF", "D"),
        ("US-CT", "Class D Felony", "D"),
        ("US-CT", "EM", None),  # Connecticut misdemeanors are of classes A-D (53a-26)
        ("US-OR", "Class C Felony", "C"),
        ("US-OR", "Misdemeanor Class A", "A"),
        ("US-OR", "DF", None),  # no class D felony (161.535)
        ("US-UT", "Third Degree Felony", "3"),
        ("US-UT", "Felony of the Second Degree", "2"),
        ("US-UT", "Class B Misdemeanor", "B"),
        ("US-NJ", "3RD DEGREE", "3"),
        ("US-NJ", "Crime of the Fourth Degree", "4"),
        ("US-NJ", "Disorderly Persons Offense", "DP"),
        ("US-NJ", "5th Degree", None),
        ("US-PA", "Misdemeanor 2nd Degree", "M2"),
        ("US-PA", "Felony of the First Degree", "F1"),
        ("US-PA", "1st Degree Misdemeanor", "M1"),
        ("US-PA", "Misdemeanor 4", None),
    ],
)
def test_classes_written_with_their_level(
    jurisdiction: str, written: str, read: str | None
) -> None:
    """Judgments, dockets and court data write the class with its level's word or initial."""
    assert CLASSES[jurisdiction].read(written) == read


E_FELONY = clearlaw.parse(
    small_statute(
        "test/e-felony",
        "Class E felonies",
        """
rule e_felony "a class E felony"  § T 2
  clear when level is felony and class is "E"
""",
    )
)


@pytest.mark.parametrize(
    ("level", "written", "outcome"),
    [
        (Level.FELONY, "EF", "clear"),
        (Level.FELONY, "Class E Felony", "clear"),
        (Level.MISDEMEANOR, "AM", "keep"),
        # the class says another level than the count's: which one is wrong is not known (the
        # class is unknown; a misdemeanor is kept whatever its class)
        (Level.MISDEMEANOR, "EF", "keep"),
        (Level.FELONY, "Class A Misdemeanor", "needs_review"),
        (Level.FELONY, "AM", "needs_review"),
    ],
)
def test_a_class_that_names_its_level(level: Level, written: str, outcome: str) -> None:
    d = decide(E_FELONY, one_count(convicted(level, offense_class=written), "US-NY"))
    assert d.outcome == outcome
    if outcome == "needs_review":
        assert d.missing == ("class",)
