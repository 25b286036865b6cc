"""Checking a ``*.tests`` file against its statute before anything runs.

Each problem is a ``Diagnostic`` at its token (file:line:column, source line, caret, and a
"did you mean" where a near name exists), all in one pass: the statute the file is for, test
names (a duplicate, a ``like`` that names no earlier test), a test without a person or a
date, the counts an ``expect`` names (in the test's person, or the person of the test it is
``like``), outcomes, ``presuming`` facts (the statute must presume them), ``missing
"facts.x"``, each ``fact NAME = VALUE`` (declared, of the declared type), citations and
jurisdictions (``clearlaw.scope.count_warnings``), and what the syntax tree builder reports
(impossible dates, citations that cannot be read).  ``load_checked_tests`` raises them all as
one ``StatuteError``; ``clearlaw lint`` and ``clearlaw test`` report them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
from lark import Token, Tree

from clearlaw import records as r
from clearlaw.citations import Citation, CitationError, parse_citation
from clearlaw.diagnostics import Diagnostic, StatuteError, did_you_mean
from clearlaw.evaluate import NEEDS_REVIEW, Statute
from clearlaw.jurisdictions import normalize_jurisdiction
from clearlaw.library import TESTS_SUFFIX, read_source
from clearlaw.nodes import Span, TestsFile
from clearlaw.readings import base_id
from clearlaw.scope import count_warnings
from clearlaw.syntax import build_tests, parse_tests_tree

__all__ = ["check_tests", "load_checked_tests"]

#: The type of each kind of value a tests file can write after ``fact NAME =``.
_VALUE_TYPES = {
    "number_lit": "number",
    "string_lit": "text",
    "date_lit": "date",
    "true_lit": "boolean",
    "false_lit": "boolean",
}
#: How a type reads; a record carries a duration fact as its text (``clearlaw.scope``).
_A = {
    "number": "a number",
    "text": "a text",
    "date": "a date",
    "boolean": "true or false",
    "duration": "a duration (written as text)",
}


def load_checked_tests(statute_file: Path, statute: Statute) -> TestsFile | None:
    """The scenario tests beside ``statute_file`` (same name, ``.tests``), checked against
    ``statute``; ``None`` if there are none; ``StatuteError`` with every problem found."""
    path = statute_file.with_suffix(TESTS_SUFFIX)
    if not path.is_file():
        return None
    return check_tests(read_source(path), str(path), statute)


def check_tests(text: str, path: str, statute: Statute) -> TestsFile:
    """``text`` (a tests file at ``path``) parsed and checked against ``statute``."""
    tree = parse_tests_tree(text, path)  # a syntax error stops here, as in a statute
    problems = _Checker(path, statute).check(tree)
    tests: TestsFile | None = None
    try:
        tests = build_tests(tree, text, path)
    except StatuteError as err:
        problems.extend(err.diagnostics)
    if problems or tests is None:
        raise StatuteError(problems, text)
    return tests


def _trees(node: Tree[Token], data: str) -> Iterator[Tree[Token]]:
    return (c for c in node.children if isinstance(c, Tree) and c.data == data)


def _tokens(node: Tree[Token]) -> list[Token]:
    return [c for c in node.children if isinstance(c, Token)]


def _unquote(token: Token) -> str:
    return str(token)[1:-1].replace('\\"', '"').replace("\\\\", "\\")


@attrs.frozen
class _Person:
    """What a test's expectations may name: ``C1/1`` → the count's token's span."""

    counts: dict[str, Span]


@attrs.frozen
class _Test:
    """A test as later tests may be ``like`` it: where it is, its person, whether dated."""

    span: Span
    person: _Person | None
    dated: bool


class _Checker:
    def __init__(self, path: str, statute: Statute) -> None:
        self.path = path
        self.statute = statute
        node = statute.node
        self.facts = {f.name: f.type for f in node.facts}
        self.presumed = {f.name for f in node.facts if f.presumed is not None}
        self.outcomes = [o.name for o in node.outcomes]
        self.problems: list[Diagnostic] = []
        self.lines: dict[str, int | None] = {}  # each test's line, by name

    def span(self, token: Token) -> Span:
        line, column = token.line or 1, token.column or 1
        return Span(self.path, line, column, token.end_line or line, token.end_column or column + 1)

    def tree_span(self, tree: Tree[Token]) -> Span:
        meta = tree.meta
        if getattr(meta, "empty", True):
            return Span(self.path, 1, 1, 1, 2)
        return Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def report(self, span: Span, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(span, message, hint))

    def check(self, tree: Tree[Token]) -> list[Diagnostic]:
        sid, *_ = _tokens(tree)
        self.lines = {_unquote(_tokens(t)[0]): _tokens(t)[0].line for t in _trees(tree, "test")}
        if str(sid) != base_id(self.statute.id):  # any reading of the statute
            self.report(self.span(sid), f"these tests are for `{sid}`, not `{self.statute.id}`")
        tests: dict[str, _Test] = {}
        for test in _trees(tree, "test"):
            name_token, *like = _tokens(test)
            name = _unquote(name_token)
            base = self.like(like[0], tests) if like else None
            people = [self.person(p) for p in _trees(test, "person")]
            person = people[0] if people else base.person if base else None
            dated = any(_trees(test, "as_of")) or (base is not None and base.dated)
            if name in tests:
                line = tests[name].span.line
                self.report(self.span(name_token), f"a second test named “{name}” (line {line})")
            elif not like or base is not None:
                tests[name] = _Test(self.span(name_token), person, dated)
            if not like or base is not None:
                self.complete(test, person, dated)
            for expect in _trees(test, "expect"):
                self.expectation(expect, person)
            for parameter in _trees(test, "test_parameter"):
                self.parameter(_tokens(parameter)[0])
        return self.problems

    def parameter(self, name: Token) -> None:
        """``with parameter NAME = …`` names a parameter of the statute (its value is checked
        when the test runs, like a policy's)."""
        known = [p.name for p in self.statute.node.parameters]
        if str(name) not in known:
            self.report(
                self.span(name),
                f"`{self.statute.id}` has no parameter `{name}`",
                did_you_mean(str(name), known),
            )

    def like(self, token: Token, tests: dict[str, _Test]) -> _Test | None:
        name = _unquote(token)
        found = tests.get(name)
        if found is None:
            later = self.lines.get(name)
            hint = (
                f"“{name}” is at line {later}: a test can be like an earlier one only"
                if later is not None
                else did_you_mean(name, tests)
            )
            self.report(self.span(token), f"no earlier test named “{name}”", hint)
        return found

    def complete(self, test: Tree[Token], person: _Person | None, dated: bool) -> None:
        where = self.span(_tokens(test)[0])
        if person is None:
            self.report(where, 'this test has no person (describe one, or write `like "…"`)')
        if not dated:
            self.report(where, "this test has no date (add `as of YYYY-MM-DD`)")

    # ---------------------------------------------------------------- the person
    def person(self, tree: Tree[Token]) -> _Person:
        counts: dict[str, Span] = {}
        cases: dict[str, Span] = {}
        for case in _trees(tree, "case"):
            case_token = _tokens(case)[0]
            if str(case_token) in cases:
                line = cases[str(case_token)].line
                self.report(self.span(case_token), f"a second case {case_token} (line {line})")
                continue
            cases[str(case_token)] = self.span(case_token)
            jurisdiction, known = self.jurisdiction(case)
            for count in _trees(case, "count"):
                count_token = _tokens(count)[0]
                ref = f"{case_token}/{count_token}"
                if ref in counts:
                    line = counts[ref].line
                    self.report(self.span(count_token), f"a second count {ref} (line {line})")
                counts[ref] = self.span(count_token)
                self.count(count, jurisdiction, known)
        return _Person(counts)

    def jurisdiction(self, case: Tree[Token]) -> tuple[str | None, tuple[str, ...]]:
        """The case's jurisdiction, and what ``count_warnings`` says of it (reported here,
        at ``in "…"``, rather than at each count)."""
        for written in _trees(case, "case_jurisdiction"):
            token = _tokens(written)[0]
            jurisdiction = normalize_jurisdiction(_unquote(token))
            found = self.warnings(jurisdiction, None)
            for warning in found:
                self.report(self.span(token), warning)
            return jurisdiction, found
        return None, ()

    def warnings(self, jurisdiction: str | None, citation: Citation | None) -> tuple[str, ...]:
        count = r.Count(id="", citation=citation)
        case = r.Case(id="", jurisdiction=jurisdiction, counts=(count,))
        return count_warnings(self.statute, case, count, decided=False)

    def count(self, count: Tree[Token], jurisdiction: str | None, known: tuple[str, ...]) -> None:
        for cite in _trees(count, "count_citation"):
            token = _tokens(cite)[0]
            try:
                citation = parse_citation(_unquote(token), jurisdiction)
            except CitationError:
                continue  # the builder reports it
            for warning in self.warnings(jurisdiction, citation):
                if warning not in known:
                    self.report(self.span(token), warning)
        for fact in _trees(count, "count_fact"):
            name = _tokens(fact)[0]
            self.fact(name, fact.children[1])

    def fact(self, name: Token, value: Tree[Token] | Token) -> None:
        declared = self.facts.get(str(name))
        if declared is None:
            self.report(
                self.span(name),
                f"`{self.statute.id}` declares no fact `{name}`",
                did_you_mean(str(name), self.facts),
            )
            return
        if not isinstance(value, Tree) or str(value.data) not in _VALUE_TYPES:
            return  # a kind of value this checker does not know: the builder reads it
        written = _VALUE_TYPES[str(value.data)]
        if written != declared and not (declared == "duration" and written == "text"):
            self.report(
                self.tree_span(value),
                f"fact `{name}` is {_A[declared]}, not {_A[written]}",
            )

    # ---------------------------------------------------------------- expectations
    def expectation(self, tree: Tree[Token], person: _Person | None) -> None:
        ref = _tokens(tree)[0]
        if person is not None and str(ref) not in person.counts:
            known = ", ".join(person.counts) or "none"
            self.report(
                self.span(ref),
                f"the test's person has no count {ref} (counts: {known})",
                did_you_mean(str(ref), person.counts),
            )
        expected = next(c for c in tree.children if isinstance(c, Tree) and c.data != "presuming")
        if expected.data == "expect_review":
            for token in _tokens(expected):
                self.missing(token)
        elif expected.data != "expect_not_decided":
            outcome = _tokens(expected)[0]
            if str(outcome) not in (*self.outcomes, NEEDS_REVIEW):
                self.report(
                    self.span(outcome),
                    f"`{self.statute.id}` has no outcome `{outcome}` (outcomes: {', '.join(self.outcomes)})",
                    did_you_mean(str(outcome), self.outcomes),
                )
        for presuming in _trees(tree, "presuming"):
            for token in _tokens(presuming):
                self.presuming(token)

    def missing(self, token: Token) -> None:
        field = _unquote(token).rsplit(" ", 1)[-1]  # "facts.x", or "C2/1 facts.x"
        if field.startswith("facts.") and field[6:] not in self.facts:
            self.report(
                self.span(token),
                f"`{self.statute.id}` declares no fact `{field[6:]}`",
                did_you_mean(field[6:], self.facts),
            )

    def presuming(self, token: Token) -> None:
        field = _unquote(token).rsplit(" ", 1)[-1]
        name = field.removeprefix("facts.")
        if not field.startswith("facts.") or name not in self.presumed:
            presumed = ", ".join(f"facts.{p}" for p in sorted(self.presumed)) or "none"
            self.report(
                self.span(token),
                f"`{self.statute.id}` presumes no fact `{field}` (it presumes: {presumed})",
                did_you_mean(field, [f"facts.{p}" for p in self.presumed]),
            )
