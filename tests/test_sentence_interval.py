"""A sentence's release and end of supervision, left out of a record that gives when the sentence
was imposed and completed, lie between those two dates; a statute that reads them only as clocks
is settled by the two ends (clearlaw.worlds._clocks; issue 14, items 5 and 6).  Each answer is
checked against every day between (brute force), and a statute that reads a release date
otherwise stays needs_review where the days between disagree."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statute_text import small_statute

import clearlaw
from clearlaw import records as r
from clearlaw.io.jsonl import person_from_json
from clearlaw.worlds import WORLDS_REASON, _clocks

AS_OF = date(2026, 12, 7)
RELEASE = "sentence.incarceration_release_date"
SUPERVISION = "sentence.supervision_end_date"
FLAGS = ("sentence.incarcerated", "sentence.supervised")
CITATIONS = {
    "US-NY": ("PL 155.25", "A", "PL 155.30", "E"),
    "US-OR": ("ORS 164.043", "C", "ORS 164.055", "C"),
}
STATUTES = {"US-NY": "ny/clean-slate", "US-OR": "or/set-aside"}


def _person(jurisdiction: str, felony: bool, sentence: dict[str, Any]) -> r.Person:
    """One conviction (fabricated person) with ``sentence``."""
    misdemeanor, m_class, felony_citation, f_class = CITATIONS[jurisdiction]
    record = {
        "id": "P1",
        "birth_date": "1985-04-02",
        "cases": [
            {
                "id": "C1",
                "jurisdiction": jurisdiction,
                "status": "closed",
                "counts": [
                    {
                        "id": "1",
                        "citation": felony_citation if felony else misdemeanor,
                        "level": "felony" if felony else "misdemeanor",
                        "class": f_class if felony else m_class,
                        "offense_date": "2009-06-01",
                        "disposition": "convicted",
                        "disposition_date": sentence["imposed_date"],
                        "sentence": sentence,
                        "financial": {"restitution_ordered": False},
                    }
                ],
            }
        ],
    }
    person, problems = person_from_json(record)
    assert person is not None, problems
    return person


def _decide(statute: clearlaw.Statute, person: r.Person, as_of: date) -> clearlaw.Determination:
    (d,) = clearlaw.evaluate(statute, person, as_of, explain=False)
    return d


def test_new_york_misdemeanor_completed_years_ago_is_sealed() -> None:
    """The audit's example: sentenced 2010, completed 2012, jail and supervision not given."""
    person = _person(
        "US-NY", False, {"imposed_date": "2010-01-01", "completion_date": "2012-01-01"}
    )
    d = _decide(clearlaw.load("ny/clean-slate"), person, AS_OF)
    assert (d.outcome, d.eligible_on, d.missing) == ("seal", date(2024, 11, 16), ())
    missing = f"sentence.incarcerated, {RELEASE}, sentence.supervised"
    assert d.reasons[0] == WORLDS_REASON.format(missing)


def test_a_sentence_still_running_leaves_the_question_open() -> None:
    """Completed after the as-of date: a release three years before it is possible, and so
    is one too recent (needs_review, as before)."""
    person = _person(
        "US-NY", False, {"imposed_date": "2022-01-01", "completion_date": "2027-01-01"}
    )
    d = _decide(clearlaw.load("ny/clean-slate"), person, AS_OF)
    assert d.outcome == "needs_review"
    assert "sentence.incarcerated" in d.missing


def test_library_statutes_read_sentence_dates_as_clocks() -> None:
    for sid in STATUTES.values():
        assert _clocks(clearlaw.load(sid).node) == {RELEASE, SUPERVISION, *FLAGS}


WINDOW = small_statute(
    "test/window",
    "Window",
    """
rule window "released within the first half of 2011"  § T 2
  clear when sentence.incarceration_release_date after 2011-01-01
        and sentence.incarceration_release_date before 2011-07-01
""",
)

CLOCK = small_statute(
    "test/clock",
    "Clock",
    """
rule wait "two years after release"  § T 2
  clear on sentence.incarceration_release_date + 2 years
""",
)

EARLY_BAR = small_statute(
    "test/early",
    "Early bar",
    """
rule clear "cleared"  § T 2
  clear when level is misdemeanor
exception early "released before 2011"  § T 3
  keep when sentence.incarceration_release_date before 2011-01-01
""",
)


def test_a_date_read_otherwise_is_not_a_clock() -> None:
    """(A flag or date a statute does not read is a clock: it cannot change relief.)"""
    unread = {SUPERVISION, "sentence.supervised"}
    assert _clocks(clearlaw.parse(WINDOW).node) == unread
    assert _clocks(clearlaw.parse(CLOCK).node) == {RELEASE, SUPERVISION, *FLAGS}
    # a bar on an early release: a later date gives more relief
    assert _clocks(clearlaw.parse(EARLY_BAR).node) == unread


def test_not_monotone_stays_needs_review() -> None:
    """Both ends (2010 and 2012) are kept, a release in 2011 is cleared: not settled."""
    person = _person(
        "US-NY",
        False,
        {"imposed_date": "2010-01-01", "incarcerated": True, "completion_date": "2012-01-01"},
    )
    d = _decide(clearlaw.parse(WINDOW), person, AS_OF)
    assert (d.outcome, d.missing) == ("needs_review", (RELEASE,))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _every_world(person: r.Person) -> Iterator[r.Person]:
    """``person`` completed with every value of the sentence's missing flags and, where a
    flag is true and its date missing, every day between imposition and completion."""
    count = person.cases[0].counts[0]
    s = count.sentence
    assert s.imposed_date is not None and s.completion_date is not None
    days = _days(s.imposed_date, s.completion_date)

    def options(flag: bool | None, when: date | None) -> list[tuple[bool, date | None]]:
        out: list[tuple[bool, date | None]] = []
        for value in (True, False) if flag is None else (flag,):
            if not value:
                out.append((False, None))
            else:
                out += [(True, d) for d in ([when] if when is not None else days)]
        return out

    jail = options(s.incarcerated, s.incarceration_release_date)
    supervision = options(s.supervised, s.supervision_end_date)
    for (inc, release), (sup, end) in itertools.product(jail, supervision):
        sentence = attrs.evolve(
            s,
            incarcerated=inc,
            incarceration_release_date=release,
            supervised=sup,
            supervision_end_date=end,
        )
        new = attrs.evolve(count, sentence=sentence)
        case = attrs.evolve(person.cases[0], counts=(new,))
        yield attrs.evolve(person, cases=(case,))


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, r.Person, date]:
    """A NY or OR conviction whose sentence ran a few days, with jail and supervision each
    not given, given without its date, given with it or false, and an as-of date near the
    days its waiting periods end (so that the days between can disagree)."""
    jurisdiction = draw(st.sampled_from(sorted(STATUTES)))
    felony = draw(st.booleans())
    imposed = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
    completed = imposed + timedelta(days=draw(st.integers(0, 4)))
    sentence: dict[str, Any] = {
        "imposed_date": imposed.isoformat(),
        "completion_date": completed.isoformat(),
    }
    for flag, field in (
        ("incarcerated", "incarceration_release_date"),
        ("supervised", "supervision_end_date"),
    ):
        kind = draw(st.sampled_from(["absent", "true", "dated", "false"]))
        if kind in ("true", "dated"):
            sentence[flag] = True
        if kind == "false":
            sentence[flag] = False
        if kind == "dated":
            day = imposed + timedelta(days=draw(st.integers(0, (completed - imposed).days)))
            sentence[field] = day.isoformat()
    years = draw(st.sampled_from([0, 1, 2, 3, 5, 8]))
    base = date(completed.year + years, completed.month, min(completed.day, 28))
    as_of = base + timedelta(days=draw(st.integers(-6, 3)))
    return STATUTES[jurisdiction], _person(jurisdiction, felony, sentence), as_of


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_never_an_answer_a_day_between_contradicts(case: tuple[str, r.Person, date]) -> None:
    sid, person, as_of = case
    statute = clearlaw.load(sid)
    refined = _decide(statute, person, as_of)
    if refined.outcome == "needs_review":
        return
    for world in _every_world(person):
        d = _decide(statute, world, as_of)
        assert d.outcome == refined.outcome
        if refined.eligible_on != "unknown":
            assert d.eligible_on == refined.eligible_on
