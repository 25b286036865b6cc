"""Every clock a record lacks, of every count, decided at once at its two ends
(``clearlaw.worlds._bracket``): a person with several convictions whose jail and supervision
are not on record (issue 14, items 5-6), a sentence with no completion date, and Colorado's
supervision clock.  Each answer is checked against every concrete world (brute force)."""

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
from clearlaw.worlds import DATE_REASON, WORLDS_REASON, _clocks

AS_OF = date(2026, 12, 7)
FLAGS = ("sentence.incarcerated", "sentence.supervised")
DATES = ("sentence.incarceration_release_date", "sentence.supervision_end_date")
#: Per jurisdiction: its statute, and a misdemeanor and a felony (citation, class) none of
#: whose exclusions the record leaves open.
LIBRARY = {
    "US-NY": ("ny/clean-slate", ("PL 155.25", "A"), ("PL 155.30", "E")),
    "US-OR": ("or/set-aside", ("ORS 164.043", "C"), ("ORS 164.055", "C")),
    "US-NJ": ("nj/clean-slate", ("N.J.S.A. 2C:20-11", None), ("N.J.S.A. 2C:20-3", "3")),
    "US-CO": ("co/clean-slate", ("C.R.S. 18-4-401", "M1"), ("C.R.S. 18-4-401", "F6")),
    "US-CT": ("ct/clean-slate", ("CGS 53a-125b", "C"), ("CGS 53a-124", "D")),
}


def _count(
    count_id: str, jurisdiction: str, felony: bool, sentence: dict[str, Any]
) -> dict[str, Any]:
    citation, cls = LIBRARY[jurisdiction][2 if felony else 1]
    return {
        "id": count_id,
        "citation": citation,
        "level": "felony" if felony else "misdemeanor",
        **({"class": cls} if cls else {}),
        "offense_date": (
            date.fromisoformat(sentence["imposed_date"]) - timedelta(days=90)
        ).isoformat(),
        "disposition": "convicted",
        "disposition_date": sentence["imposed_date"],
        "sentence": sentence,
        "financial": {"restitution_ordered": False},
        "domestic_violence": False,
    }


def _person(jurisdiction: str, counts: list[dict[str, Any]]) -> r.Person:
    """A fabricated person with ``counts``, one case each."""
    record = {
        "id": "P1",
        "birth_date": "1985-04-02",
        "cases": [
            {"id": f"C{k}", "jurisdiction": jurisdiction, "status": "closed", "counts": [count]}
            for k, count in enumerate(counts, 1)
        ],
    }
    person, problems = person_from_json(record)
    assert person is not None, problems
    return person


def _decide(
    statute: clearlaw.Statute, person: r.Person, as_of: date
) -> list[clearlaw.Determination]:
    return list(clearlaw.evaluate(statute, person, as_of, explain=False))


def _options(
    s: r.Sentence, flag: str, when: str, days: list[date]
) -> list[tuple[bool, date | None]]:
    """Every (flag, date) a sentence part can have: as on record, or every value left open."""
    known, on = getattr(s, flag), getattr(s, when)
    if on is not None:
        return [(True, on)]
    out: list[tuple[bool, date | None]] = [] if known is True else [(False, None)]
    return out + ([(True, d) for d in days] if known is not False else [])


def _every_world(person: r.Person, open_days: list[date]) -> Iterator[r.Person]:
    """``person`` completed with every value of each count's missing flags and, where a
    flag is true and its date missing, every day between imposition and completion (or
    each of ``open_days`` from imposition on, where the sentence has no completion date)."""
    per_count = []
    for case in person.cases:
        (count,) = case.counts
        s = count.sentence
        assert s.imposed_date is not None
        if s.completion_date is not None:
            span = (s.completion_date - s.imposed_date).days
            days = [s.imposed_date + timedelta(days=k) for k in range(span + 1)]
        else:
            days = [s.imposed_date, *(d for d in open_days if d > s.imposed_date)]
        jail = _options(s, "incarcerated", "incarceration_release_date", days)
        supervision = _options(s, "supervised", "supervision_end_date", days)
        per_count.append(
            [
                attrs.evolve(
                    count,
                    sentence=attrs.evolve(
                        s,
                        incarcerated=inc,
                        incarceration_release_date=release,
                        supervised=sup,
                        supervision_end_date=end,
                    ),
                )
                for (inc, release), (sup, end) in itertools.product(jail, supervision)
            ]
        )
    for counts in itertools.product(*per_count):
        cases = tuple(
            attrs.evolve(case, counts=(count,))
            for case, count in zip(person.cases, counts, strict=True)
        )
        yield attrs.evolve(person, cases=cases)


def _sentence(
    draw: st.DrawFn, imposed: date, span: int | None, free: tuple[str, ...]
) -> dict[str, Any]:
    """A sentence imposed on ``imposed`` and completed ``span`` days later (``None``: no
    completion date), each part in ``free`` not given, given without its date, given with it
    or false; the others false."""
    sentence: dict[str, Any] = {"imposed_date": imposed.isoformat()}
    if span is not None:
        sentence["completion_date"] = (imposed + timedelta(days=span)).isoformat()
    for flag, field in (
        ("incarcerated", "incarceration_release_date"),
        ("supervised", "supervision_end_date"),
    ):
        kind = (
            draw(st.sampled_from(["absent", "true", "dated", "false"])) if flag in free else "false"
        )
        if kind in ("true", "dated"):
            sentence[flag] = True
        if kind == "false":
            sentence[flag] = False
        if kind == "dated":
            day = imposed + timedelta(days=draw(st.integers(0, span if span is not None else 30)))
            sentence[field] = day.isoformat()
    return sentence


@st.composite
def _people(draw: st.DrawFn) -> tuple[str, r.Person, date]:
    """Two convictions in one state a few months apart, whose sentences ran a few days (the
    second perhaps without a completion date, its supervision then open-ended), and an as-of
    date near the days their waiting periods end (so that worlds can disagree)."""
    jurisdiction = draw(st.sampled_from(sorted(LIBRARY)))
    first = date(2016, 1, 1) + timedelta(days=draw(st.integers(0, 2500)))
    second = first + timedelta(days=draw(st.integers(-400, 400)))
    open_ended = draw(st.booleans())
    counts = [
        _count(
            "1",
            jurisdiction,
            draw(st.booleans()),
            _sentence(draw, first, draw(st.integers(0, 2)), ("incarcerated", "supervised")),
        ),
        _count(
            "1",
            jurisdiction,
            draw(st.booleans()),
            _sentence(
                draw,
                second,
                None if open_ended else draw(st.integers(0, 2)),
                ("supervised",) if open_ended else ("incarcerated", "supervised"),
            ),
        ),
    ]
    latest = max(first, second)
    years = draw(st.sampled_from([1, 3, 7, 8, 10]))
    as_of = latest.replace(year=latest.year + years, day=min(latest.day, 28))
    as_of += timedelta(days=draw(st.integers(-4, 4)))
    return LIBRARY[jurisdiction][0], _person(jurisdiction, counts), as_of


def _open_days(as_of: date) -> list[date]:
    """Days an open-ended supervision is tried with: around the as-of date, the ends of
    the library's waiting periods before it, and far later."""
    out = {as_of + timedelta(days=k) for k in (-1, 0, 1, 400)}
    for years in (1, 3, 7, 8, 10):
        edge = as_of.replace(year=as_of.year - years, day=min(as_of.day, 28))
        out |= {edge + timedelta(days=k) for k in (-1, 0, 1)}
    return sorted(out | {date(2090, 6, 1)})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_people())
def test_no_answer_any_world_contradicts(case: tuple[str, r.Person, date]) -> None:
    sid, person, as_of = case
    statute = clearlaw.load(sid)
    refined = {(d.case, d.count): d for d in _decide(statute, person, as_of)}
    settled = {k: d for k, d in refined.items() if d.outcome != "needs_review"}
    if not settled:
        return
    for world in _every_world(person, _open_days(as_of)):
        for d in _decide(statute, world, as_of):
            want = settled.get((d.case, d.count))
            if want is None:
                continue
            assert d.outcome == want.outcome, (d.case, world)
            if want.eligible_on != "unknown":
                assert d.eligible_on == want.eligible_on, (d.case, world)


def _ny(count_id: str, level: str, imposed: str, completed: str | None) -> dict[str, Any]:
    sentence = {"imposed_date": imposed, **({"completion_date": completed} if completed else {})}
    return _count(count_id, "US-NY", level == "felony", sentence)


def test_later_convictions_whose_jail_is_not_on_record() -> None:
    """A 2003 misdemeanor whose clock three later convictions restart, none of the four
    saying whether it had jail or supervision: the latest restart (a sentence imposed and
    completed on 2025-10-17) settles it whatever the others' releases were.  Before, each
    count's unknowns were tried within the worlds of the one before, and the budget ran out."""
    person = _person(
        "US-NY",
        [
            _ny("1", "misdemeanor", "2003-03-20", "2006-03-05"),
            _ny("1", "misdemeanor", "2025-10-17", "2025-10-17"),
            _ny("1", "misdemeanor", "2021-04-11", "2024-09-10"),
            _ny("1", "misdemeanor", "2024-02-07", "2024-02-07"),
        ],
    )
    found = {d.case: d for d in _decide(clearlaw.load("ny/clean-slate"), person, AS_OF)}
    first = found["C1"]
    assert (first.outcome, first.eligible_on) == ("not_eligible", date(2028, 10, 17))
    missing = "sentence.incarcerated, sentence.incarceration_release_date, sentence.supervised"
    assert first.reasons[0] == WORLDS_REASON.format(missing)
    assert {d.outcome for d in found.values()} == {"not_eligible"}


def test_a_sentence_with_no_completion_date() -> None:
    """Jail from 2025, release not on record and no completion date: whenever the release
    comes, three years from it are after the as-of date."""
    sentence = {"imposed_date": "2025-05-24", "incarcerated": True, "supervised": False}
    person = _person("US-NY", [_count("1", "US-NY", False, sentence)])
    (d,) = _decide(clearlaw.load("ny/clean-slate"), person, AS_OF)
    assert (d.outcome, d.eligible_on, d.missing) == ("not_eligible", "unknown", ())
    assert d.reasons[1] == DATE_REASON.format("sentence.incarceration_release_date")


def test_colorado_supervision_is_a_clock() -> None:
    """C.R.S. 13-3-117(1)(a.5)(II)(C): a felony waits ten years from the later of disposition
    and release from supervision, and a conviction within that period bars it (the
    intervening-conviction exception compares another conviction's date with this one's
    start): both read the end of supervision only as a clock (issue 14 item 6)."""
    assert set(DATES) | set(FLAGS) <= _clocks(clearlaw.load("co/clean-slate").node)


def test_colorado_felony_supervised_until_a_date_not_on_record() -> None:
    """A 2012 felony supervised until some day before its completion in 2014: ten years
    from either end have passed (sealed from the felony phase, 2025-07-01)."""
    sentence = {
        "imposed_date": "2012-03-01",
        "incarcerated": False,
        "supervised": True,
        "completion_date": "2014-03-01",
    }
    person = _person("US-CO", [_count("1", "US-CO", True, sentence)])
    (d,) = _decide(clearlaw.load("co/clean-slate"), person, AS_OF)
    assert (d.outcome, d.eligible_on) == ("seal", date(2025, 7, 1))
    assert d.reasons[0] == WORLDS_REASON.format("sentence.supervision_end_date")


def _statute(body: str) -> clearlaw.Statute:
    return clearlaw.parse(small_statute("test/clocks", "Clocks", body))


def test_a_flag_that_chooses_an_earlier_date_is_not_a_clock() -> None:
    backwards = _statute(
        """
define start = if sentence.supervised then disposition_date else sentence.supervision_end_date
rule wait "two years"  § T 2
  clear on start + 2 years
"""
    )
    assert "sentence.supervised" not in _clocks(backwards.node)
    forwards = _statute(
        """
define start = if sentence.supervised then sentence.supervision_end_date else disposition_date
rule wait "two years"  § T 2
  clear on start + 2 years
"""
    )
    assert {"sentence.supervised", "sentence.supervision_end_date"} <= _clocks(forwards.node)


def test_no_and_not_turn_a_comparison_around() -> None:
    """A bar while some other conviction came after this release holds for an earlier
    release, not a later one: not a clock; a bar while no other conviction did holds for a
    later one: a clock, and so is one under `not any`."""
    bars = {
        "any other convictions where": False,
        "no other convictions where": True,
        "not any other convictions where": True,
    }
    for quantifier, clock in bars.items():
        statute = _statute(
            f"""
rule clear "cleared"  § T 2
  clear when level is misdemeanor
exception recent "another conviction after release, or none"  § T 3
  keep when {quantifier} disposition_date after this.sentence.incarceration_release_date
"""
        )
        assert ("sentence.incarceration_release_date" in _clocks(statute.node)) is clock, quantifier


def test_colorado_felony_still_supervised() -> None:
    """A 2020 felony on supervision with no end or completion date on record: ten years from
    disposition alone are after the as-of date, whenever supervision ends."""
    sentence = {"imposed_date": "2020-03-01", "incarcerated": False, "supervised": True}
    person = _person("US-CO", [_count("1", "US-CO", True, sentence)])
    (d,) = _decide(clearlaw.load("co/clean-slate"), person, AS_OF)
    assert (d.outcome, d.eligible_on, d.missing) == ("not_eligible", "unknown", ())
    assert d.reasons[1] == DATE_REASON.format("sentence.supervision_end_date")
