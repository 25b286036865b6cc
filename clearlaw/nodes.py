"""The statute tree: small frozen classes, each with the source span it came from.

``syntax.py`` builds these from the Lark parse tree; ``check.py`` checks them; ``compile.py``
turns them into Python closures.  Nothing here runs or checks anything.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from clearlaw.dates import DateConvention, Duration, date

# ----------------------------------------------------------------------------- positions


@attrs.frozen
class Span:
    """Where a node is: file, 1-based line and column of its start and end."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


# ----------------------------------------------------------------------------- expressions


@attrs.frozen
class Literal:
    """A constant written in the statute: a date, number, string, boolean or duration."""

    value: date | float | int | str | bool | Duration
    span: Span


@attrs.frozen
class ListLiteral:
    """``["A", "A-I"]``: strings, or citation patterns when compared with a citation."""

    items: tuple[str, ...]
    span: Span


@attrs.frozen
class Path:
    """A name: ``level``, ``sentence.imposed_date``, ``case.status``, a definition, a set.

    ``this`` is true for ``this.…``: the count being decided, even inside a collection.
    """

    parts: tuple[str, ...]
    span: Span
    this: bool = False

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@attrs.frozen
class Unary:
    """``not x``."""

    op: str
    operand: Expr
    span: Span


@attrs.frozen
class Binary:
    """``a and b``, ``a or b``, ``a + b``, ``a - b``, comparisons (``is``, ``is not``, ``<``,
    ``before``, ``on or after``…) and membership (``in``, ``not in``)."""

    op: str
    left: Expr
    right: Expr
    span: Span


@attrs.frozen
class Within:
    """``a within 5 years of|before|after b``."""

    left: Expr
    length: Expr
    direction: str
    right: Expr
    span: Span


@attrs.frozen
class IfThenElse:
    """``if c then a else b``."""

    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span


@attrs.frozen
class Collection:
    """``[other] convictions|counts|registrations [subsequent to this count|before this count|
    in the same case] [where condition]``.  Inside ``where``, bare names refer to the element.

    ``relation``: ``"subsequent"``, ``"earlier"`` (both relative to the count decided) or
    ``"same_case"`` (the counts of the case of the count in context: the count decided, or
    the element of an enclosing collection)."""

    kind: str
    other: bool
    relation: str | None
    where: Expr | None
    span: Span


@attrs.frozen
class Quantifier:
    """``any C``, ``no C``, ``at least N C``, ``number of C``; with ``cases`` (``number of
    cases of C``, ``at least N cases of C``) the distinct cases of C's counts are counted."""

    kind: str
    collection: Collection
    span: Span
    least: int = 0
    least_name: Path | None = None  # `at least max_felonies convictions`: a number parameter
    cases: bool = False


@attrs.frozen
class ExtremeOf:
    """``latest x of C`` / ``earliest x of C``: over the elements of a collection."""

    kind: str
    value: Expr
    collection: Collection
    span: Span


@attrs.frozen
class ExtremeList:
    """``latest of (a, b, …)`` / ``earliest of (…)``; values that do not exist are skipped."""

    kind: str
    items: tuple[Expr, ...]
    span: Span


@attrs.frozen
class Waiting:
    """``waiting P from S [but not before F] [restarted by C from X]``: the date a waiting
    period ``P`` that starts on ``S`` has run.

    With ``restarted by``, each element of ``C`` dated (``disposition_date``) before the period
    has run moves the start to the element's ``X`` if that is later, and the period runs again
    from there; elements are taken in date order, so restarts chain.  ``but not before F``
    keeps the end from falling before ``F`` (e.g. the statute's effective date), which also
    decides which later elements come "before the period has run".
    """

    period: Expr
    start: Expr
    floor: Expr | None
    restart: Collection | None
    restart_from: Expr | None
    span: Span


@attrs.frozen
class Given:
    """``citation is given`` (``given``) / ``citation is missing``: whether the record writes a
    citation at all; one it writes that cannot be read is given (its membership is unknown)."""

    operand: Expr
    given: bool
    span: Span


@attrs.frozen
class AgeOn:
    """``age on d``: the person's completed years on date ``d``."""

    when: Expr
    span: Span


@attrs.frozen
class YearsBetween:
    """``years from a to b``: completed years between two dates."""

    start: Expr
    end: Expr
    span: Span


Expr = (
    Literal
    | ListLiteral
    | Path
    | Unary
    | Binary
    | Within
    | IfThenElse
    | Quantifier
    | ExtremeOf
    | ExtremeList
    | Waiting
    | Given
    | AgeOn
    | YearsBetween
)


def walk(node: object) -> Iterator[object]:
    """``node`` and every node below it (spans left out), depth first."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        below = []  # ``children`` inlined: walk is on the checker's hot path (25% faster)
        for name in _fields(type(node)) or ():
            value = getattr(node, name)
            for item in value if isinstance(value, tuple) else (value,):
                if _fields(type(item)) is not None:
                    below.append(item)
        stack.extend(reversed(below))


def children(node: object) -> Iterator[tuple[str, object]]:
    """(the field it is in, the node) for each node directly below ``node`` (spans left
    out)."""
    for name in _fields(type(node)) or ():
        value = getattr(node, name)
        for item in value if isinstance(value, tuple) else (value,):
            if _fields(type(item)) is not None:
                yield name, item


def _fields(cls: type) -> tuple[str, ...] | None:
    """The field names of a node's class; ``None`` for a span or what is not a node."""
    if cls not in _FIELDS:
        node = attrs.has(cls) and not issubclass(cls, Span)
        _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls)) if node else None
    return _FIELDS[cls]


_FIELDS: dict[type, tuple[str, ...] | None] = {}


# ----------------------------------------------------------------------------- declarations


@attrs.frozen
class Cites:
    """A source the statute file implements: a citation and where it was read."""

    citation: str
    source: str | None
    span: Span


@attrs.frozen
class Header:
    """The statute's identity and conventions."""

    title: str
    id: str
    jurisdiction: str | None
    cites: tuple[Cites, ...]
    effective: tuple[date, ...]
    convention: DateConvention
    notes: tuple[str, ...]
    span: Span


@attrs.frozen
class Outcome:
    """An outcome the statute can give; ``relief`` marks the ones that clear the record, and
    ``kind`` says how: ``"automatic"`` (by operation of law) or ``"petition"`` (a petition or
    motion is needed); ``None`` for no relief, or a bare ``relief`` (deprecated)."""

    name: str
    relief: bool
    description: str
    span: Span
    kind: str | None = None


@attrs.frozen
class Scope:
    """``applies to each count where …``: which counts the statute decides."""

    condition: Expr
    citation: str | None
    span: Span


@attrs.frozen
class Fact:
    """A statute-specific fact a record may carry under ``facts``; ``presumed``: the value the
    law itself says to assume when the record does not give it."""

    name: str
    type: str
    description: str | None
    span: Span
    presumed: Presumption | None = None


@attrs.frozen
class Presumption:
    """``presumed VALUE § citation``: a fact's value the law presumes until rebutted."""

    value: Literal
    citation: str | None
    span: Span


@attrs.frozen
class ParameterValue:
    """One value of a parameter, in force from ``start`` (``None``: from the beginning)."""

    start: date | None
    value: Expr
    citation: str | None
    span: Span


@attrs.frozen
class Parameter:
    """A named, typed value of the law that may change on given dates.

    ``valid`` lists the allowed number ranges (``valid 0, 40 to 65``); empty: any value.
    """

    name: str
    type: str
    values: tuple[ParameterValue, ...]
    span: Span
    valid: tuple[tuple[float, float], ...] = ()


@attrs.frozen
class CitationSetDecl:
    """``set name = "PL 130.*", …``: a named set of citation patterns (or ``table "x.csv"``:
    the patterns are the rows of a table beside the statute, each with its own span).

    ``inchoate``: the kinds of inchoate offense of a listed offense the set covers
    (``including attempts, conspiracies``)."""

    name: str
    patterns: tuple[tuple[str, Span], ...]
    citation: str | None
    quotes: tuple[str, ...]
    span: Span
    inchoate: tuple[str, ...] = ()
    table: str | None = None


@attrs.frozen
class Define:
    """``define name = expression``: evaluated for the count in context."""

    name: str
    value: Expr
    citation: str | None
    quotes: tuple[str, ...]
    span: Span


@attrs.frozen
class Unless:
    """``unless condition``: the rule does not apply when the condition holds."""

    condition: Expr
    citation: str | None
    span: Span


@attrs.frozen
class Priority:
    """``notwithstanding X`` (this wins over X), ``except as provided in X`` (X wins), or
    ``if no other rule applies`` (kind ``fallback``, no names: every other rule wins)."""

    kind: str
    names: tuple[str, ...]
    span: Span


@attrs.frozen
class Rule:
    """``rule name "title" § cite``: gives ``outcome`` (on ``on``, if given) when ``when``."""

    name: str
    title: str | None
    citation: str | None
    quotes: tuple[str, ...]
    outcome: str
    outcome_span: Span
    on: Expr | None
    when: Expr | None
    unless: tuple[Unless, ...]
    priorities: tuple[Priority, ...]
    span: Span


@attrs.frozen
class Exception_:
    """``exception name "title" § cite``, one of three kinds:

    * ``bar``: ``outcome when c`` — a permanent bar (never eligible);
    * ``block``: ``outcome while c`` — a bar that can end, at a date nobody knows yet;
    * ``delay``: ``outcome until d when c`` — eligibility waits at least until ``d``.
    """

    name: str
    title: str | None
    citation: str | None
    quotes: tuple[str, ...]
    outcome: str
    outcome_span: Span
    kind: str
    condition: Expr
    until: Expr | None
    priorities: tuple[Priority, ...]
    span: Span


Decision = Rule | Exception_


@attrs.frozen
class Statute:
    """A parsed statute file (not yet checked)."""

    header: Header
    outcomes: tuple[Outcome, ...]
    otherwise: str
    otherwise_span: Span
    scope: Scope | None
    facts: tuple[Fact, ...]
    parameters: tuple[Parameter, ...]
    sets: tuple[CitationSetDecl, ...]
    defines: tuple[Define, ...]
    decisions: tuple[Decision, ...]
    path: str
    source: str = attrs.field(repr=False)
    #: Text of other files whose nodes were merged in (policy overlays), by file name.
    sources: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=False)
    #: Contested readings, each with the statute as written as its default alternative.
    readings: tuple[Reading, ...] = ()


# ----------------------------------------------------------------------------- policies


@attrs.frozen
class ParameterOverride:
    """``parameter name = value`` in a policy: a new value for the amended statute."""

    name: str
    value: Expr
    citation: str | None
    span: Span


@attrs.frozen
class SetOverride:
    """``set name = "…", …`` in a policy: new patterns for one of the statute's sets."""

    name: str
    patterns: tuple[tuple[str, Span], ...]
    citation: str | None
    span: Span


@attrs.frozen
class ParameterFrom:
    """``parameter name from DATE = value`` in an amendment: a new value from a date on."""

    name: str
    start: date
    value: Expr
    citation: str | None
    span: Span
    name_span: Span


@attrs.frozen
class SetEdit:
    """``add to name "…"`` / ``remove from name "…"`` in an amendment (``op``: ``add`` or
    ``remove``)."""

    op: str
    name: str
    patterns: tuple[tuple[str, Span], ...]
    citation: str | None
    span: Span
    name_span: Span


@attrs.frozen
class Strike:
    """``strike rule name`` in an amendment (``kind``: ``parameter``, ``set``, ``define``,
    ``rule`` or ``exception``)."""

    kind: str
    name: str
    citation: str | None
    span: Span
    name_span: Span


#: A declaration an amendment can strike, replace or insert.
Amendable = Parameter | CitationSetDecl | Define | Rule | Exception_


@attrs.frozen
class Rewrite:
    """``replace DECLARATION`` (``insert`` false) or ``insert DECLARATION`` in an amendment:
    the declaration as the amended text has it."""

    decl: Amendable
    insert: bool
    span: Span


#: One change an amendment or policy makes.
Change = ParameterOverride | SetOverride | ParameterFrom | SetEdit | Strike | Rewrite


@attrs.frozen
class PolicyFile:
    """An amendment or a policy (``amendment "…" amends STATUTE``): a statute changed the
    way a bill changes it — values, sets, definitions, rules and exceptions."""

    title: str
    id: str | None
    amends: str | None
    cites: tuple[Cites, ...]
    notes: tuple[str, ...]
    changes: tuple[Change, ...]
    span: Span
    path: str
    source: str = attrs.field(repr=False)


# ----------------------------------------------------------------------------- readings


@attrs.frozen
class Alternative:
    """``alternative name "title" § … CHANGES``: another reading, as the changes it makes to
    the statute as written (amendment changes: replace, insert, strike, add to, remove from)."""

    name: str
    title: str
    citation: str | None
    changes: tuple[Change, ...]
    span: Span


@attrs.frozen
class Reading:
    """``reading name "question" § … default name "title" ALTERNATIVES``: an ambiguity of the
    law, the reading the statute file adopts (``default``) and the others it could take."""

    name: str
    title: str
    citation: str | None
    quotes: tuple[str, ...]
    default: str
    default_title: str
    alternatives: tuple[Alternative, ...]
    span: Span


# ----------------------------------------------------------------------------- tests files


@attrs.frozen
class Expectation:
    """``expect C1/1 …``: what a scenario test expects for one count.

    ``eligible_on`` is a date, ``"never"``, ``"unknown"`` or ``None`` (not stated).
    ``outcome`` is ``"needs_review"`` or ``"not_decided"`` for those forms.
    ``presuming``: the presumed facts the determination must rest on (``None``: not stated).
    """

    case_id: str
    count_id: str
    outcome: str
    eligible_on: date | str | None
    missing: tuple[str, ...]
    span: Span
    presuming: tuple[str, ...] | None = None


@attrs.frozen
class ScenarioTest:
    """One scenario: a person, a date, and expectations. ``like`` names a test to copy."""

    name: str
    like: str | None
    as_of: date | None
    person: object | None  # a records.Person; typed loosely to keep nodes free of records
    expectations: tuple[Expectation, ...]
    span: Span
    #: ``with parameter NAME = VALUE``: the statute as these values make it, for this test
    parameters: tuple[ParameterOverride, ...] = ()


@attrs.frozen
class TestsFile:
    """A ``*.tests`` file: scenario tests for the statute ``statute_id``."""

    statute_id: str
    tests: tuple[ScenarioTest, ...]
    path: str
