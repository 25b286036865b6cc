"""Shared building blocks of the per-state hypothesis strategies (tests/strategies_*.py)."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    FactValue,
    Level,
    Person,
    Sentence,
)
from clearlaw.worlds import WORLDS_REASON, possible_worlds

T = TypeVar("T")

#: Feb 29s the generators favour, so leap-day arithmetic is exercised.
LEAP_DAYS = tuple(date(y, 2, 29) for y in range(1996, 2033, 4))


@functools.cache
def ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.cache
def dates(lo: date, hi: date) -> st.SearchStrategy[date]:
    return st.dates(lo, hi)


@functools.cache
def sampled(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


@functools.cache
def cite(text: str | None) -> Citation | None:
    return None if text is None else parse_citation(text)


def days(day: date, n: int) -> date:
    return day + _dt.timedelta(days=n)


def anniversary(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class Gen:
    def __init__(self, draw: st.DrawFn, unknown_one_in: int) -> None:
        self.draw = draw
        self.unknown_one_in = unknown_one_in

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(ints(lo, hi))

    def rarely(self, one_in: int) -> bool:
        return self.integer(0, one_in - 1) == 0

    def maybe(self, value: T) -> T | None:
        if self.unknown_one_in and self.rarely(self.unknown_one_in):
            return None
        return value

    def pick(self, options: tuple[T, ...]) -> T:
        result: T = self.draw(sampled(options))
        return result

    def date(self, lo: date, hi: date) -> date:
        leap = tuple(d for d in LEAP_DAYS if lo <= d <= hi)
        if leap and self.rarely(6):
            return self.pick(leap)
        return self.draw(dates(lo, hi))


def sentence(g: Gen, convicted_on: date) -> Sentence:
    """As records are normalized on load (docs/records.md): a release or supervision end date
    on file makes the flag true, so an unknown flag comes without its date."""
    incarcerated = g.maybe(g.pick((True, False, False)))
    release = None
    if incarcerated:
        release = g.maybe(days(convicted_on, g.pick((0, 30, 365, 2555, 3650, 4000))))
    supervised = g.maybe(g.pick((True, False, False)))
    end = None
    if supervised:
        end = g.maybe(days(convicted_on, g.pick((30, 1095, 2556, 3652, 4500))))
    return Sentence(
        imposed_date=convicted_on,
        incarcerated=incarcerated,
        incarceration_release_date=release,
        supervised=supervised,
        supervision_end_date=end,
    )


@attrs.frozen
class Vocabulary:
    """What a state's generator draws counts from."""

    citations: tuple[str | None, ...]
    levels: tuple[Level, ...]
    classes: tuple[str, ...]
    max_days: tuple[int, ...]
    dispositions: tuple[Disposition, ...]
    facts: tuple[str, ...]


def draw_count(g: Gen, count_id: str, case_date: date, vocabulary: Vocabulary) -> Count:
    """A count dated near ``case_date`` from the state's vocabulary, with unknowns sometimes."""
    convicted_on = case_date if g.integer(0, 2) else days(case_date, g.integer(-400, 400))
    if g.rarely(8):
        offense = g.pick((date(1999, 12, 31), date(2000, 1, 1), date(1998, 6, 1)))
    else:
        offense = days(convicted_on, -g.integer(0, 400))
    facts: dict[str, FactValue] = {}
    for name in vocabulary.facts:
        if not (g.unknown_one_in and g.rarely(4)):
            facts[name] = g.rarely(6)
    disposition = g.maybe(g.pick(vocabulary.dispositions))
    if disposition is None and g.rarely(2):
        disposition = Disposition.UNKNOWN
    return Count(
        id=count_id,
        citation=cite(g.pick(vocabulary.citations)),
        level=g.maybe(g.pick(vocabulary.levels)),
        offense_class=g.maybe(g.pick(vocabulary.classes)),
        max_penalty_days=g.maybe(g.pick(vocabulary.max_days)),
        offense_date=g.maybe(offense),
        disposition=disposition,
        disposition_date=g.maybe(convicted_on),
        sentence=sentence(g, convicted_on),
        facts=facts,
    )


def without_facts(draw: st.DrawFn, person: Person, keep_one_in: int = 4) -> Person:
    """Rap sheets carry no statute facts: all but about one count in ``keep_one_in`` lose theirs."""
    cases = tuple(
        attrs.evolve(
            case,
            counts=tuple(
                count
                if draw(st.integers(0, keep_one_in - 1)) == 0
                else attrs.evolve(count, facts={})
                for count in case.counts
            ),
        )
        for case in person.cases
    )
    return attrs.evolve(person, cases=cases)


def draw_person_and_date(
    draw: st.DrawFn,
    *,
    prefix: str,
    cases_between: tuple[date, date],
    waits: tuple[int, ...],
    jurisdictions: tuple[str, ...],
    vocabulary: Vocabulary,
    anchors: Callable[[Person], list[date]],
) -> tuple[Person, date]:
    """A person with 1-4 cases (later ones often near the end of an earlier one's waiting
    period) and an as-of date next to one of the person's ``anchors`` (day before, of, after)."""
    g = Gen(draw, draw(sampled((0, 0, 10, 25))))
    cases: list[Case] = []
    for k in range(g.integer(1, 4)):
        case_date = g.date(*cases_between)
        if cases and g.rarely(2):  # near the end of an earlier case's waiting period
            first = cases[0].counts[0].disposition_date or case_date
            case_date = days(anniversary(first, g.pick(waits)), g.integer(-1, 1))
        counts = tuple(
            draw_count(g, str(i + 1), case_date, vocabulary) for i in range(g.integer(1, 3))
        )
        cases.append(
            Case(
                id=f"{prefix}-{k + 1}",
                jurisdiction=g.maybe(g.pick(jurisdictions)),
                status=CaseStatus.CLOSED,
                counts=counts,
            )
        )
    person = Person(id=f"P-{prefix}", birth_date=date(1975, 5, 5), cases=tuple(cases))
    if g.rarely(6):
        as_of = g.date(date(2020, 1, 1), date(2045, 12, 31))
    else:
        candidates = anchors(person)
        top = candidates[: g.pick((1, 2, len(candidates)))]
        as_of = days(g.pick(tuple(top)), g.integer(-1, 1))
    return person, as_of


Decided = dict[tuple[str, str], tuple[object, object]]


def settle_by_worlds(
    statute: clearlaw.Statute,
    person: Person,
    as_of: date,
    determinations: Sequence[clearlaw.Determination],
    expected: Decided,
    oracle: Callable[[Person, date], Decided],
) -> Decided:
    """``expected`` with the DSL's answer accepted where the oracle says ``needs_review`` and
    the DSL decided the count over every possible value of the facts it lacks
    (``clearlaw.worlds``) — if, and only if, the oracle gives that same outcome in every one
    of those worlds (and the same date, unless the DSL's is ``unknown``); a world the oracle
    still leaves at ``needs_review`` is judged over its own worlds.  So the oracle, not the
    engine, judges the engine's precision.  ``person`` is the record as the engine reads it
    (``clearlaw.derive``)."""
    settled = dict(expected)
    for d in determinations:
        key = (d.case, d.count)
        missing = _decided_over(d)
        if settled.get(key, ("",))[0] != "needs_review" or missing is None:
            continue
        want = (d.outcome, d.eligible_on)
        if _oracle_agrees(statute, person, as_of, key, missing, want, oracle, 0):
            settled[key] = want
    return settled


def _decided_over(d: clearlaw.Determination) -> list[str] | None:
    """The facts a determination was decided over every world of, if it was."""
    head, _, tail = WORLDS_REASON.partition("{}")
    first = d.reasons[0] if d.reasons else ""
    if not first.startswith(head):
        return None
    return first.removeprefix(head).removesuffix(tail).split(", ")


def _oracle_agrees(
    statute: clearlaw.Statute,
    person: Person,
    as_of: date,
    key: tuple[str, str],
    missing: list[str],
    want: tuple[object, object],
    oracle: Callable[[Person, date], Decided],
    depth: int,
) -> bool:
    worlds = possible_worlds(statute, person, as_of, key[0], key[1], missing)
    assert worlds is not None, f"{key}: decided over worlds that cannot be enumerated"
    for world in worlds:
        got = oracle(world, as_of).get(key)
        if got is not None and got[0] == "needs_review" and depth < 4:
            (inner,) = (
                d
                for d in clearlaw.evaluate(statute, world, as_of, explain=False)
                if (d.case, d.count) == key
            )
            more = _decided_over(inner) or list(inner.missing)
            if not _oracle_agrees(statute, world, as_of, key, more, want, oracle, depth + 1):
                return False
        elif got is None or got[0] != want[0] or want[1] not in ("unknown", got[1]):
            return False
    return True
