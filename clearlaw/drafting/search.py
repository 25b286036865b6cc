"""Counterexamples with no data: a person whom two versions of a statute treat differently,
found and shrunk by hypothesis (``clearlaw diff BASE AMENDED --search``).

The people are drawn from what the two statutes themselves talk about: citations from their
citation sets and tables, the offense classes and other words their conditions compare with,
every level and disposition, the facts they declare, and dates placed around the as-of date
less each waiting period the statutes name (a day before, the day, a day after), so that a
change of one day in a period is found.  hypothesis then shrinks the first person found to a
small one (fewer cases, counts and facts, earlier choices).  When no difference turns up in
the examples tried, the answer says so: that is evidence, not proof, that there is none.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, cast

import attrs
from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.citations import Citation, CitationError, parse_citation
from clearlaw.dates import DateConvention, Duration, date, subtract
from clearlaw.drafting import population
from clearlaw.drafting.impact import Change, count_changes
from clearlaw.evaluate import Statute, evaluate

__all__ = ["Counterexample", "search"]


@attrs.frozen
class Counterexample:
    """A shrunk person and the counts two statutes treat differently as of ``as_of``
    (``changes``: determinations with explanations); ``tried`` is how many people were
    generated.  ``person`` is ``None`` when none of the ``tried`` people differs."""

    person: r.Person | None
    as_of: date
    changes: tuple[Change, ...]
    tried: int


def _walk(node: object) -> Iterator[object]:
    """Every value inside a node tree (attrs classes and tuples), the node first."""
    yield node
    if isinstance(node, tuple):
        for item in node:
            yield from _walk(item)
    elif attrs.has(type(node)) and not isinstance(node, n.Span | date | Duration):
        for field in attrs.fields(cast(Any, type(node))):
            if field.name not in ("source", "sources"):
                yield from _walk(getattr(node, field.name))


@attrs.frozen
class _Vocabulary:
    """What the statutes' text names: citations (of their sets and tables), words (offense
    classes and other text they compare with), numbers, durations and dates."""

    citations: list[Citation]
    words: list[str]
    numbers: list[int]
    durations: list[Duration]
    days: list[date]


def _vocabulary(statutes: tuple[Statute, ...]) -> _Vocabulary:
    citations: dict[str, Citation] = {}
    words: set[str] = set()
    numbers: set[int] = set()
    durations: set[Duration] = set()
    days: set[date] = set()
    for statute in statutes:
        jurisdiction = statute.node.header.jurisdiction
        for value in _walk(statute.node):
            if isinstance(value, n.CitationSetDecl):
                for pattern, _ in value.patterns:
                    text = pattern.replace("(*)", "(a)").replace("*", "1")
                    try:
                        citations.setdefault(text, parse_citation(text, jurisdiction))
                    except CitationError:
                        continue
            elif isinstance(value, n.Literal):
                if isinstance(value.value, Duration):
                    durations.add(value.value)
                elif isinstance(value.value, str):
                    words.add(value.value)
                elif isinstance(value.value, date):
                    days.add(value.value)
                elif isinstance(value.value, int) and not isinstance(value.value, bool):
                    numbers.add(value.value)
            elif isinstance(value, n.ListLiteral):
                words.update(value.items)
    return _Vocabulary(
        [citations[k] for k in sorted(citations)],
        sorted(words),
        sorted(numbers),
        sorted(durations, key=str),
        sorted(days),
    )


def _offenses(statutes: tuple[Statute, ...]) -> list[tuple[Citation, r.Level, str | None]]:
    """The common offenses of the statutes' states (their population profiles), with the
    level and class court data gives them."""
    found = []
    for profile in population.profiles_for({s.node.header.jurisdiction for s in statutes}):
        for o in profile["offense"]:
            text = (o.get("code") or profile["spellings"])[0].format(s=o["section"])
            with contextlib.suppress(CitationError):
                cite = parse_citation(text, profile["jurisdiction"])
                found.append((cite, r.Level(o["level"]), o.get("class") or None))
    return found


def _people(base: Statute, amended: Statute, as_of: date) -> st.SearchStrategy[r.Person]:
    vocabulary = _vocabulary((base, amended))
    own = {base.node.header.jurisdiction, amended.node.header.jurisdiction}
    jurisdictions: list[str | None] = [*sorted(j for j in own if j)] or [None]
    facts = {f.name: f.type for s in (base, amended) for f in s.node.facts}

    # a date near the end of a waiting period the statutes name, or near a date they name
    # (an effective date, a cut-off), or any day in 40 years
    ends = [
        subtract(as_of, d, DateConvention.ROLL_FORWARD)
        for d in vocabulary.durations
        if d != Duration()
    ]
    ends += vocabulary.days
    near = st.builds(
        lambda end, days: end + timedelta(days=days),
        st.sampled_from(ends) if ends else st.just(as_of),
        st.integers(-2, 2),
    )
    any_day = st.integers(0, 40 * 366).map(lambda days: as_of - timedelta(days=days))
    day = st.one_of(near, any_day)
    words = st.sampled_from(vocabulary.words) if vocabulary.words else st.just("")

    def fact_value(kind: str) -> st.SearchStrategy[r.FactValue]:
        if kind == "boolean":
            return st.booleans()
        if kind in ("number", "integer"):
            return (
                st.sampled_from(vocabulary.numbers) if vocabulary.numbers else st.integers(0, 100)
            )
        if kind == "date":
            return day
        return words

    # an offense: a common one of the state, as its court data grades it, or one the statute
    # lists, with any level and class
    listed = st.tuples(
        st.sampled_from(vocabulary.citations) if vocabulary.citations else st.none(),
        st.sampled_from(list(r.Level)),
        st.one_of(st.none(), words),
    )
    common = _offenses((base, amended))
    offense = st.one_of(st.sampled_from(common), listed) if common else listed
    sentence = st.builds(
        lambda done, jail, supervised: r.Sentence(
            incarcerated=jail, supervised=supervised, completion_date=done
        ),
        st.one_of(st.none(), day),
        st.one_of(st.just(False), st.booleans(), st.none()),
        st.one_of(st.just(False), st.booleans(), st.none()),
    )
    financial = st.one_of(
        st.just(r.Financial(restitution_ordered=False)),
        st.builds(lambda paid: r.Financial(True, paid, None), st.one_of(st.none(), day)),
        st.just(r.Financial()),
    )
    count = st.builds(
        lambda o, max_days, disposition, when, decided, sent, money, f: r.Count(
            id="1",
            citation=o[0],
            level=o[1],
            offense_class=o[2],
            max_penalty_days=max_days,
            offense_date=when,
            disposition=disposition,
            disposition_date=decided,
            sentence=sent,
            financial=money,
            facts=f,
        ),
        offense,
        st.one_of(st.none(), st.sampled_from(vocabulary.numbers or [0])),
        st.one_of(st.just(r.Disposition.CONVICTED), st.sampled_from(list(r.Disposition))),
        day,
        day,
        sentence,
        financial,
        st.fixed_dictionaries(
            {}, optional={name: fact_value(kind) for name, kind in sorted(facts.items())}
        ),
    )
    case = st.builds(
        lambda counts, where, status: r.Case(
            "C",
            where,
            None,
            status,
            tuple(attrs.evolve(c, id=str(i + 1)) for i, c in enumerate(counts)),
        ),
        st.lists(count, min_size=1, max_size=3),
        st.sampled_from(jurisdictions),
        st.sampled_from([r.CaseStatus.CLOSED, r.CaseStatus.OPEN]),
    )
    return st.builds(
        lambda cases, age: r.Person(
            "counterexample",
            subtract(as_of, Duration(years=age), DateConvention.ROLL_FORWARD),
            None,
            False,
            (),
            tuple(attrs.evolve(c, id=f"C{i + 1}") for i, c in enumerate(cases)),
        ),
        st.lists(case, min_size=1, max_size=3),
        st.integers(18, 90),
    )


def _changes(
    base: Statute, amended: Statute, person: r.Person, as_of: date, explain: bool
) -> tuple[Change, ...]:
    old = evaluate(base, person, as_of, explain=explain)
    return tuple(count_changes(person, old, evaluate(amended, person, as_of, explain=explain)))


def search(
    base: Statute, amended: Statute, as_of: date, *, examples: int = 2000, seed: int = 0
) -> Counterexample:
    """Look for a person ``base`` and ``amended`` treat differently as of ``as_of``, among at
    most ``examples`` generated people (seeded: the same arguments, the same answer), and
    shrink the first one found."""
    tried = 0

    def differs(person: r.Person) -> bool:
        nonlocal tried
        tried += 1
        return bool(_changes(base, amended, person, as_of, explain=False))

    config = settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    try:
        person = find(
            _people(base, amended, as_of), differs, settings=config, random=random.Random(seed)
        )
    except NoSuchExample:
        return Counterexample(None, as_of, (), tried)
    return Counterexample(person, as_of, _changes(base, amended, person, as_of, True), tried)
