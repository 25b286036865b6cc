"""Scenario tests written beside a statute (``*.tests``), run by ``clearlaw test``."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.diagnostics import StatuteError
from clearlaw.evaluate import NEEDS_REVIEW, Determination, Statute, evaluate

__all__ = [
    "Checked",
    "Failure",
    "Run",
    "resolve",
    "run_all",
    "run_scenario",
    "run_tests",
    "summarize",
]


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


@attrs.frozen
class Checked:
    """One expectation of a scenario and the determination it was checked against."""

    test: str
    expectation: n.Expectation
    determination: Determination | None
    problem: str | None

    @property
    def failure(self) -> Failure | None:
        """The expectation as a ``Failure`` if it did not hold."""
        if self.problem is None:
            return None
        return Failure(self.expectation.span, self.test, self.problem)


def resolve(tests: n.TestsFile) -> list[n.ScenarioTest | Failure]:
    """Each test with the person and date of the test it is ``like``, or the ``Failure`` that
    says why it cannot run."""
    by_name: dict[str, n.ScenarioTest] = {}
    out: list[n.ScenarioTest | Failure] = []
    for t in tests.tests:
        base = by_name.get(t.like) if t.like else None
        if t.like and base is None:
            out.append(Failure(t.span, t.name, f"no earlier test named “{t.like}”"))
            continue
        person = t.person if t.person is not None else base.person if base else None
        as_of = t.as_of or (base.as_of if base else None)
        parameters = t.parameters or (base.parameters if base else ())
        resolved = attrs.evolve(t, person=person, as_of=as_of, parameters=parameters)
        by_name[t.name] = resolved
        if not isinstance(person, r.Person) or as_of is None:
            out.append(Failure(t.span, t.name, "a test needs a person and `as of DATE`"))
            continue
        out.append(resolved)
    return out


@functools.lru_cache(maxsize=32)
def _with_parameters(statute: Statute, parameters: tuple[n.ParameterOverride, ...]) -> Statute:
    """``statute`` with a test's ``with parameter`` values, checked like a policy's values
    (a ``StatuteError`` says what is wrong); tests ``like`` one another share it."""
    from clearlaw.amend import apply_changes
    from clearlaw.library import checked

    node, _ = apply_changes(statute.node, parameters, "")
    return checked(node)


def run_scenario(test: n.ScenarioTest, statute: Statute, *, explain: bool = False) -> list[Checked]:
    """Every expectation of one resolved test (``resolve``), checked; under the test's
    ``with parameter`` values, if it gives any (values the statute cannot take fail every
    expectation of the test, saying why)."""
    assert isinstance(test.person, r.Person) and test.as_of is not None
    if test.parameters:
        try:
            statute = _with_parameters(statute, test.parameters)
        except StatuteError as err:
            problem = "`with parameter`: " + "; ".join(
                d.message + (f" ({d.hint})" if d.hint else "") for d in err.diagnostics
            )
            return [Checked(test.name, e, None, problem) for e in test.expectations]
    results = {
        (d.case, d.count): d for d in evaluate(statute, test.person, test.as_of, explain=explain)
    }
    out = []
    for e in test.expectations:
        d = results.get((e.case_id, e.count_id))
        out.append(Checked(test.name, e, d, _check(e, d)))
    return out


@attrs.frozen
class Run:
    """Every expectation of a tests file, checked, and the tests that could not run."""

    checked: tuple[Checked, ...]
    broken: tuple[Failure, ...]

    @property
    def failures(self) -> list[Failure]:
        """The tests that could not run and the expectations that did not hold, in file order."""
        failed = [c.failure for c in self.checked if c.failure is not None]
        return sorted([*self.broken, *failed], key=lambda f: (f.span.line, f.span.column))


def run_all(tests: n.TestsFile, statute: Statute, *, explain: bool = False) -> Run:
    """Run every scenario (``explain``: keep the explanation trees, for coverage)."""
    checked: list[Checked] = []
    broken: list[Failure] = []
    for t in resolve(tests):
        if isinstance(t, Failure):
            broken.append(t)
        else:
            checked.extend(run_scenario(t, statute, explain=explain))
    return Run(tuple(checked), tuple(broken))


def run_tests(tests: n.TestsFile, statute: Statute) -> tuple[int, list[Failure]]:
    """Run every scenario; returns (expectations checked, failures)."""
    run = run_all(tests, statute)
    return len(run.checked), run.failures


def summarize(results: Sequence[tuple[str, int, list[Failure]]]) -> str:
    """``N passed, M failed`` over every statute's scenarios."""
    failed = sum(len(f) for _, _, f in results)
    checked = sum(c for _, c, _ in results)
    return f"{checked - failed} passed, {failed} failed"
