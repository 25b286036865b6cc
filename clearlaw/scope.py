"""What a statute can and cannot decide from a record, said aloud.

* ``out_of_scope_reason``: why a count gets no determination (its case is another
  jurisdiction's, or the statute's ``applies to`` line leaves it out);
* ``count_warnings``: what in a count the statute could not read — a citation that cannot be
  read, a code the case's jurisdiction does not have, a jurisdiction clearlaw does not know, a
  fact the statute does not declare (with the nearest declared name);
* ``fact_problems``: facts whose value is not of the type the statute declares (``"plants":
  "six"``); a person with one is rejected, naming the field, rather than evaluated wrongly.

Nothing here names a record's contents beyond ids, field names and citations.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from clearlaw import records as r
from clearlaw.dates import date
from clearlaw.diagnostics import did_you_mean
from clearlaw.io.errors import Problem, ReadResult, Rejection
from clearlaw.jurisdictions import registry

if TYPE_CHECKING:
    from clearlaw.evaluate import Statute

__all__ = [
    "OUT_OF_SCOPE",
    "RecordError",
    "count_warnings",
    "fact_problems",
    "has_code",
    "is_unreadable",
    "out_of_scope_reason",
    "screen_facts",
    "screen_people",
]

#: The outcome given, on request, to a count the statute does not decide.
OUT_OF_SCOPE = "out_of_scope"

#: How the warning about a citation that cannot be read ends (``is_unreadable``).
UNREADABLE = " cannot be read (docs/records.md, Citations)"


#: What the warning about a citation to a code its case's jurisdiction does not have says.
NO_CODE = " has no code `"


def is_unreadable(warning: str) -> bool:
    """Whether ``warning`` says that a count's citation cannot be read, or that it is to a code
    the case's jurisdiction does not have (either way the citation is unknown)."""
    return warning.endswith(UNREADABLE) or (warning.startswith("citation ") and NO_CODE in warning)


class RecordError(ValueError):
    """A record that a statute cannot evaluate as it is (a fact of the wrong type)."""

    def __init__(self, person: str, problems: tuple[Problem, ...]) -> None:
        self.person = person
        self.problems = problems
        super().__init__("; ".join(f"person {person}: {p.field}: {p.message}" for p in problems))


def out_of_scope_reason(statute: Statute, case: r.Case, count: r.Count) -> str:
    """Why ``statute`` does not decide ``count`` (its ``applies to`` condition is false)."""
    own = statute.node.header.jurisdiction
    if own is not None and case.jurisdiction != own:
        where = (
            f"a {case.jurisdiction} case" if case.jurisdiction else "a case with no jurisdiction"
        )
        return f"outside the statute's scope: {where}; {statute.id} decides {own} cases"
    scope = statute.node.scope
    text = statute.text_at(scope.condition.span) if scope is not None else ""
    facts = [f"disposition {count.disposition or 'not given'}"]
    if count.level is not None:
        facts.append(f"level {count.level}")
    return f"outside the statute's scope (applies to each count where {text}): {', '.join(facts)}"


def count_warnings(
    statute: Statute, case: r.Case, count: r.Count, *, decided: bool = True
) -> tuple[str, ...]:
    """What ``statute`` could not read in ``count`` (empty for a clean record); the facts it
    does not declare only for a count it ``decided`` (others may carry another statute's)."""
    citation, jurisdiction = count.citation, case.jurisdiction
    if (  # the common case, a clean count: nothing to say
        count.citation_text is None
        and not (decided and count.facts)
        and (citation is None or has_code(jurisdiction, citation.code))
        and (jurisdiction is None or _known_jurisdiction(jurisdiction))
    ):
        return ()
    out: list[str] = []
    if count.citation is None and count.citation_text:
        out.append(f"citation {count.citation_text!r}{UNREADABLE}")
    elif count.citation is not None and not has_code(case.jurisdiction, count.citation.code):
        out.append(f"citation {count.citation}: {case.jurisdiction}{NO_CODE}{count.citation.code}`")
    if case.jurisdiction is not None and not _known_jurisdiction(case.jurisdiction):
        out.append(
            f"jurisdiction {case.jurisdiction!r} is not one clearlaw knows (a US state, DC or territory, e.g. US-NY)"
        )
    declared = _declared(statute) if decided else {}
    for name in count.facts if decided else ():
        if name not in declared:
            hint = did_you_mean(name, declared)
            near = f"; {hint}" if hint else ""
            out.append(f"fact `{name}` is not one {statute.id} declares{near}")
    return tuple(out)


def fact_problems(statute: Statute, person: r.Person) -> tuple[Problem, ...]:
    """Facts of ``person`` whose value does not have the type ``statute`` declares."""
    types = _declared(statute)
    if not any(
        name in types and not _is(value, types[name])
        for case in person.cases
        for count in case.counts
        if count.facts
        for name, value in count.facts.items()
    ):
        return ()
    out = []
    for i, case in enumerate(person.cases):
        for j, count in enumerate(case.counts):
            for name, value in count.facts.items():
                expected = types.get(name)
                if expected is not None and not _is(value, expected):
                    field = f"cases[{i}].counts[{j}].facts.{name}"
                    out.append(Problem(field, f"expected {_A[expected]}, got {_kind(value)}"))
    return tuple(out)


def screen_facts(statute: Statute, result: ReadResult) -> ReadResult:
    """``result`` with every person whose facts ``statute`` cannot read (``fact_problems``)
    moved to its rejections, naming the fields."""
    rejected = list(result.rejected)
    people = tuple(screen_people(statute, result.people, rejected))
    if len(people) == len(result.people):
        return result
    return attrs.evolve(result, people=people, rejected=tuple(rejected))


def screen_people(
    statute: Statute, people: Iterable[r.Person], rejected: list[Rejection]
) -> Iterator[r.Person]:
    """``screen_facts`` one person at a time: the people whose facts ``statute`` can read;
    each other person's ``Rejection`` is appended to ``rejected``."""
    for person in people:
        problems = fact_problems(statute, person)
        if not problems:
            yield person
            continue
        file, _, line = (person.source or "<records>:0").rpartition(":")
        rejected.append(Rejection(file, int(line) if line.isdigit() else 0, person.id, problems))


_A = {"boolean": "true or false", "number": "a number", "text": "a text", "date": "a date"}


def _is(value: r.FactValue, expected: str) -> bool:
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected == "date":
        return isinstance(value, date)
    return isinstance(value, str)


def _kind(value: r.FactValue) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return "a text"


@functools.lru_cache(maxsize=64)
def _declared(statute: Statute) -> dict[str, str]:
    return {f.name: f.type for f in statute.node.facts}


@functools.cache
def has_code(jurisdiction: str | None, code: str) -> bool:
    """Whether a code may be cited in a case of ``jurisdiction``: always, for a jurisdiction
    the table has no codes for (clearlaw cannot tell)."""
    table = registry()
    if table.jurisdiction(jurisdiction) is None:
        return True
    return table.knows_code(code, jurisdiction)


@functools.cache
def _known_jurisdiction(jurisdiction: str) -> bool:
    return jurisdiction in registry().names.values()
