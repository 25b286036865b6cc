"""Scenario tests written beside a statute (``*.tests``), run by ``clearlaw test``."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.evaluate import NEEDS_REVIEW, Determination, Statute, evaluate

__all__ = ["Failure", "run_tests"]


@attrs.frozen
class Failure:
    """A scenario expectation that did not hold (or a test that could not run)."""

    span: n.Span
    test: str
    message: str

    def __str__(self) -> str:
        return f"{self.span}: test “{self.test}”: {self.message}"


def _describe(d: Determination | None) -> str:
    if d is None:
        return "not decided (the statute does not apply to this count)"
    text = f"{d.outcome}, eligible {'on ' if not isinstance(d.eligible_on, str) else ''}{d.eligible_on}"
    if d.missing:
        text += f" (missing {', '.join(d.missing)})"
    if d.presumptions:
        text += f" (presuming {', '.join(p.fact for p in d.presumptions)})"
    return text


def _check(e: n.Expectation, d: Determination | None) -> str | None:
    if e.outcome == "not_decided":
        return None if d is None else f"expected not decided, got {_describe(d)}"
    if d is None or d.outcome != e.outcome:
        return f"expected {e.outcome}, got {_describe(d)}"
    presumed = sorted(p.fact for p in d.presumptions)
    if e.presuming is not None and presumed != sorted(e.presuming):
        return f"expected presuming {', '.join(e.presuming)}, got {_describe(d)}"
    if e.outcome == NEEDS_REVIEW:
        absent = [m for m in e.missing if m not in d.missing]
        return f"expected missing {', '.join(absent)}, got {_describe(d)}" if absent else None
    if e.eligible_on is not None and d.eligible_on != e.eligible_on:
        return f"expected eligible {e.eligible_on}, got {_describe(d)}"
    return None


def run_tests(tests: n.TestsFile, statute: Statute) -> tuple[int, list[Failure]]:
    """Run every scenario; returns (expectations checked, failures)."""
    by_name: dict[str, n.ScenarioTest] = {}
    failures: list[Failure] = []
    checked = 0
    for t in tests.tests:
        base = by_name.get(t.like) if t.like else None
        if t.like and base is None:
            failures.append(Failure(t.span, t.name, f"no earlier test named “{t.like}”"))
            continue
        person = t.person if t.person is not None else base.person if base else None
        as_of = t.as_of or (base.as_of if base else None)
        by_name[t.name] = attrs.evolve(t, person=person, as_of=as_of)
        if not isinstance(person, r.Person) or as_of is None:
            failures.append(Failure(t.span, t.name, "a test needs a person and `as of DATE`"))
            continue
        results = {(d.case, d.count): d for d in evaluate(statute, person, as_of, explain=False)}
        for e in t.expectations:
            checked += 1
            problem = _check(e, results.get((e.case_id, e.count_id)))
            if problem:
                failures.append(Failure(e.span, t.name, problem))
    return checked, failures


def summarize(results: Sequence[tuple[str, int, list[Failure]]]) -> str:
    """``N passed, M failed`` over every statute's scenarios."""
    failed = sum(len(f) for _, _, f in results)
    checked = sum(c for _, c, _ in results)
    return f"{checked - failed} passed, {failed} failed"
