"""Records as JSON Lines: one person per line, in the shape documented in ``docs/records.md``
(and ``docs/records.schema.json``).

Reading checks every field and collects *all* problems of a person; a person with any problem
is rejected whole (a ``Rejection``) and the other lines still load.  ``null`` or an absent
key means *unknown*.  Two normalizations are applied, and nothing else is guessed:

* ``sentence.incarcerated`` absent or ``null`` with an ``incarceration_release_date`` given
  becomes ``true`` (and ``supervised`` likewise from ``supervision_end_date``); an explicit
  ``false`` together with such a date is a problem; so does ``financial.restitution_paid``
  from ``restitution_paid_date``;
* a ``facts`` string of the form ``YYYY-MM-DD`` becomes a date; other strings stay strings.

Enumerated values (``level``, ``disposition``, ``status``) are read case-insensitively.
The JSON key ``class`` is ``Count.offense_class``.
"""

from __future__ import annotations

import difflib
import enum
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

from clearlaw.citations import Citation, CitationError, inchoate_of, parse_citation
from clearlaw.dates import NOT_A_DATE, date, parse_date
from clearlaw.dates import date as _Date  # the type, where a method named `date` hides it
from clearlaw.io.errors import Problem, ReadResult, RecordsError, Rejection
from clearlaw.io.outputs import atomic_output, json_line
from clearlaw.jurisdictions import normalize_jurisdiction
from clearlaw.record_values import read_value
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    FactValue,
    Financial,
    Level,
    Person,
    Registration,
    Sentence,
)

__all__ = [
    "CASE_KEYS",
    "COUNT_KEYS",
    "FINANCIAL_KEYS",
    "PERSON_KEYS",
    "RECORD_KEYS",
    "REGISTRATION_KEYS",
    "SENTENCE_KEYS",
    "decode",
    "duplicate_keys",
    "iter_jsonl",
    "person_from_json",
    "person_to_json",
    "read_decoded",
    "read_jsonl",
    "read_line",
    "write_jsonl",
    "write_people",
]

#: The keys of each object of the JSON shape, in the order ``write_jsonl`` writes them.
PERSON_KEYS = ("id", "name", "birth_date", "death_date", "deceased", "registrations", "cases")
REGISTRATION_KEYS = ("kind", "citation", "date")
CASE_KEYS = ("id", "jurisdiction", "county", "status", "counts")
COUNT_KEYS = (
    "id",
    "citation",
    "object_citation",
    "description",
    "level",
    "class",
    "max_penalty_days",
    "offense_date",
    "disposition",
    "disposition_date",
    "domestic_violence",
    "with_prejudice",
    "arrest_date",
    "sentence",
    "financial",
    "facts",
)
SENTENCE_KEYS = (
    "imposed_date",
    "incarcerated",
    "incarceration_release_date",
    "supervised",
    "supervision_end_date",
    "completion_date",
    "prison",
    "probation_revoked",
    "probation_revoked_date",
)
FINANCIAL_KEYS = (
    "restitution_ordered",
    "restitution_paid",
    "restitution_paid_date",
    "fines_paid",
    "fines_paid_date",
)

#: Every object of the JSON shape and its keys (``facts`` is free-form and not listed).
RECORD_KEYS: Mapping[str, tuple[str, ...]] = {
    "person": PERSON_KEYS,
    "registration": REGISTRATION_KEYS,
    "case": CASE_KEYS,
    "count": COUNT_KEYS,
    "sentence": SENTENCE_KEYS,
    "financial": FINANCIAL_KEYS,
}

_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TEXT_INT = re.compile(r"-?[0-9]+")
_TEXT_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")
_TEXT_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_SHOW_MAX = 60
#: The most days a count's ``max_penalty_days`` may be: the Parquet layout's int64.
_MAX_DAYS = 2**63 - 1
#: A JSON escape of a UTF-16 surrogate, and the surrogate: alone, it is not a character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")

_E = TypeVar("_E", bound=enum.StrEnum)


# --- messages -------------------------------------------------------------------------------


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _show(value: object) -> str:
    """The offending value for a message: strings quoted (cut short), numbers and booleans
    as written, arrays and objects by kind only (their contents are not repeated)."""
    if isinstance(value, str):
        return repr(value) if len(value) <= _SHOW_MAX else repr(value[:_SHOW_MAX]) + "..."
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return repr(value)
    return "an " + _kind(value) if _kind(value) in ("array", "object") else _kind(value)


def _got(value: object) -> str:
    kind = _kind(value)
    if kind in ("array", "object", "null"):
        return "an array" if kind == "array" else "an object" if kind == "object" else "null"
    return f"{kind} {_show(value)}"


def _join(path: str, key: str) -> str:
    part = key if key.isidentifier() else repr(key)
    if not path:
        return part
    return f"{path}.{part}" if key.isidentifier() else f"{path}[{part}]"


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


# --- JSON decoding --------------------------------------------------------------------------


class _Object(dict[str, Any]):
    """A decoded JSON object that remembers keys given more than once (JSON would silently
    keep the last)."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        dups: list[str] = []
        for key, _ in pairs:
            if key in seen and key not in dups:
                dups.append(key)
            seen.add(key)
        obj.duplicates = tuple(dups)
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


# --- checking and building ------------------------------------------------------------------


class _Builder:
    """Turns one decoded person object into a ``Person``, collecting every problem.

    With ``text_cells`` (CSV), values may also be strings to convert: numbers, booleans
    (``true/false/yes/no/1/0``) and facts (see ``clearlaw.io.csv_records``).
    """

    def __init__(self, *, text_cells: bool = False) -> None:
        self.text_cells = text_cells
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # scalars

    def keys(self, obj: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in duplicate_keys(obj):
            self.add(_join(path, key), "given more than once")
        for key in obj:
            if key not in allowed:
                close = _did_you_mean(key, allowed)
                hint = f"did you mean {close!r}?" if close else "allowed: " + ", ".join(allowed)
                self.add(_join(path, key), f"unknown field ({hint})")

    def required_id(self, obj: Mapping[str, Any], path: str) -> str | None:
        where = _join(path, "id")
        value = obj.get("id")
        if value is None:
            self.add(where, "missing (required)")
            return None
        if not isinstance(value, str):
            self.add(where, f"expected a string, got {_got(value)}")
            return None
        if not value.strip():
            self.add(where, "empty (required)")
            return None
        return value

    def text(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if value is None or isinstance(value, str):
            return value
        self.add(_join(path, key), f"expected a string, got {_got(value)}")
        return None

    def date(self, obj: Mapping[str, Any], key: str, path: str) -> date | None:
        value = obj.get(key)
        if value is None:
            return None
        private = key == "birth_date"  # a birth date is never repeated in a message
        if isinstance(value, str):
            try:
                return parse_date(value)
            except ValueError as error:
                self.add(_join(path, key), NOT_A_DATE if private else str(error))
                return None
        self.add(_join(path, key), NOT_A_DATE if private else f"{NOT_A_DATE}: {_show(value)}")
        return None

    def boolean(self, obj: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is None or isinstance(value, bool):
            return value
        if self.text_cells and isinstance(value, str):
            parsed = _TEXT_BOOLS.get(value.strip().lower())
            if parsed is not None:
                return parsed
            expected = "true, false, yes, no, 1 or 0"
        else:
            expected = "true or false"
        self.add(_join(path, key), f"not a boolean (expected {expected}): {_show(value)}")
        return None

    def days(self, obj: Mapping[str, Any], key: str, path: str) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if self.text_cells and isinstance(value, str) and _TEXT_INT.fullmatch(value.strip()):
            value = int(value.strip())
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_DAYS:
            return value
        too_many = isinstance(value, int) and value > _MAX_DAYS
        expected = f"at most {_MAX_DAYS}" if too_many else "a whole number >= 0"
        message = f"not a number of days (expected {expected}): {_show(value)}"
        self.add(_join(path, key), message)
        return None

    def choice(self, obj: Mapping[str, Any], key: str, path: str, kind: type[_E]) -> _E | None:
        value = obj.get(key)
        if value is None:
            return None
        # "felony", "FEL", "Guilty Plea - Negotiated"
        found = read_value(kind, value) if isinstance(value, str) else None
        if found is not None:
            return found
        allowed = [member.value for member in kind]
        if isinstance(value, str):
            close = _did_you_mean(value.strip().lower(), allowed)
            hint = f"did you mean {close!r}? " if close else ""
            message = f"unknown {key} {_show(value)} ({hint}allowed: {', '.join(allowed)})"
        else:
            message = f"expected a string (one of: {', '.join(allowed)}), got {_got(value)}"
        self.add(_join(path, key), message)
        return None

    def citation(
        self, obj: Mapping[str, Any], key: str, path: str, jurisdiction: str | None = None
    ) -> Citation | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(_join(path, key), f"expected a string, got {_got(value)}")
            return None
        try:
            return parse_citation(value, jurisdiction)
        except CitationError as error:
            self.add(_join(path, key), str(error))
            return None

    def count_citation(
        self, obj: Mapping[str, Any], path: str, jurisdiction: str | None
    ) -> tuple[Citation | None, str | None]:
        """A count's citation and, when it cannot be read, its text: an unreadable citation
        does not reject the person (the count is evaluated with a warning naming it).  An
        ``object_citation`` makes an inchoate section (``18 Pa.C.S. 901``) an attempt,
        conspiracy or solicitation of that offense."""
        value = obj.get("citation")
        citation: Citation | None
        if isinstance(value, str):
            try:
                citation = parse_citation(value, jurisdiction)
            except CitationError:
                return None, " ".join(value.split()) or None
        else:
            citation = self.citation(obj, "citation", path, jurisdiction)
        offense = self.citation(obj, "object_citation", path, jurisdiction)
        if offense is not None:
            if citation is None:
                self.add(_join(path, "object_citation"), "given without a citation")
            else:
                joined = inchoate_of(citation, offense)
                if joined is citation:
                    message = f"{citation} is not an attempt, conspiracy or solicitation section"
                    self.add(_join(path, "object_citation"), message)
                citation = joined
        return citation, None

    # structure

    def obj(self, value: object, path: str, *, nullable: bool = True) -> Mapping[str, Any] | None:
        if isinstance(value, dict):
            return value
        if value is None and nullable:
            return None
        self.add(path, f"expected an object, got {_got(value)}")
        return None

    def items(self, obj: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.add(_join(path, key), f"expected an array, got {_got(value)}")
        return []

    def person(self, obj: Mapping[str, Any], source: str | None) -> Person | None:
        self.keys(obj, PERSON_KEYS, "")
        pid = self.required_id(obj, "")
        name = self.text(obj, "name", "")
        birth_date = self.date(obj, "birth_date", "")
        death_date = self.date(obj, "death_date", "")
        deceased = self.boolean(obj, "deceased", "")
        if death_date is not None:
            if deceased is False:
                self.add("deceased", "false, but a death_date is given")
            deceased = True
        registrations = [
            self.registration(value, f"registrations[{i}]")
            for i, value in enumerate(self.items(obj, "registrations", ""))
        ]
        cases = [
            self.case(value, f"cases[{i}]") for i, value in enumerate(self.items(obj, "cases", ""))
        ]
        first: dict[str, int] = {}
        for i, case in enumerate(cases):
            if case is not None:
                if case.id in first:
                    message = f"duplicate case id {case.id!r} (also cases[{first[case.id]}])"
                    self.add(f"cases[{i}].id", message)
                else:
                    first[case.id] = i
        if self.problems or pid is None:
            return None
        return Person(
            id=pid,
            birth_date=birth_date,
            death_date=death_date,
            deceased=deceased,
            registrations=tuple(r for r in registrations if r is not None),
            cases=tuple(c for c in cases if c is not None),
            name=name,
            source=source,
        )

    def registration(self, value: object, path: str) -> Registration | None:
        obj = self.obj(value, path, nullable=False)
        if obj is None:
            return None
        self.keys(obj, REGISTRATION_KEYS, path)
        kind = obj.get("kind")
        if kind is None:
            self.add(_join(path, "kind"), "missing (required)")
        elif not isinstance(kind, str) or not kind.strip():
            self.add(_join(path, "kind"), f"expected a non-empty string, got {_got(kind)}")
            kind = None
        citation = self.citation(obj, "citation", path)
        when = self.date(obj, "date", path)
        return None if kind is None else Registration(kind=kind, citation=citation, date=when)

    def case(self, value: object, path: str) -> Case | None:
        obj = self.obj(value, path, nullable=False)
        if obj is None:
            return None
        self.keys(obj, CASE_KEYS, path)
        cid = self.required_id(obj, path)
        jurisdiction = normalize_jurisdiction(self.text(obj, "jurisdiction", path))
        county = self.text(obj, "county", path)
        status = self.choice(obj, "status", path, CaseStatus)
        counts = [
            self.count(v, f"{path}.counts[{i}]", jurisdiction)
            for i, v in enumerate(self.items(obj, "counts", path))
        ]
        first: dict[str, int] = {}
        for i, count in enumerate(counts):
            if count is not None:
                if count.id in first:
                    self.add(
                        f"{path}.counts[{i}].id",
                        f"duplicate count id {count.id!r} (also counts[{first[count.id]}])",
                    )
                else:
                    first[count.id] = i
        if cid is None:
            return None
        return Case(
            id=cid,
            jurisdiction=jurisdiction,
            county=county,
            status=status,
            counts=tuple(c for c in counts if c is not None),
        )

    def count(self, value: object, path: str, jurisdiction: str | None = None) -> Count | None:
        obj = self.obj(value, path, nullable=False)
        if obj is None:
            return None
        self.keys(obj, COUNT_KEYS, path)
        cid = self.required_id(obj, path)
        citation, citation_text = self.count_citation(obj, path, jurisdiction)
        count = Count(
            id=cid or "",
            citation=citation,
            citation_text=citation_text,
            description=self.text(obj, "description", path),
            level=self.choice(obj, "level", path, Level),
            offense_class=self.offense_class(obj, path, jurisdiction),
            max_penalty_days=self.days(obj, "max_penalty_days", path),
            offense_date=self.date(obj, "offense_date", path),
            disposition=self.choice(obj, "disposition", path, Disposition),
            disposition_date=self.date(obj, "disposition_date", path),
            sentence=self.sentence(obj.get("sentence"), _join(path, "sentence")),
            financial=self.financial(obj.get("financial"), _join(path, "financial")),
            facts=self.facts(obj.get("facts"), _join(path, "facts")),
            domestic_violence=self.boolean(obj, "domestic_violence", path),
            with_prejudice=self.boolean(obj, "with_prejudice", path),
            arrest_date=self.date(obj, "arrest_date", path),
        )
        return None if cid is None else count

    def offense_class(
        self, obj: Mapping[str, Any], path: str, jurisdiction: str | None
    ) -> str | None:
        """The count's ``class``, or where it has none, the class its level carries as
        written (``M2``, ``Class C Felony``: ``clearlaw.derive.class_in_level``)."""
        written = self.text(obj, "class", path)
        level = obj.get("level")
        if written is not None or not isinstance(level, str):
            return written
        from clearlaw.derive import class_in_level  # derive reads records through scope

        return class_in_level(level, jurisdiction)

    def sentence(self, value: object, path: str) -> Sentence:
        obj = self.obj(value, path)
        if obj is None:
            return Sentence()
        self.keys(obj, SENTENCE_KEYS, path)
        imposed = self.date(obj, "imposed_date", path)
        incarcerated = self.boolean(obj, "incarcerated", path)
        release = self.date(obj, "incarceration_release_date", path)
        supervised = self.boolean(obj, "supervised", path)
        supervision_end = self.date(obj, "supervision_end_date", path)
        if release is not None:
            if incarcerated is None and obj.get("incarcerated") is None:
                incarcerated = True
            elif incarcerated is False:
                message = "false, but incarceration_release_date is given"
                self.add(_join(path, "incarcerated"), message)
        if supervision_end is not None:
            if supervised is None and obj.get("supervised") is None:
                supervised = True
            elif supervised is False:
                self.add(_join(path, "supervised"), "false, but supervision_end_date is given")
        revoked, revoked_date = self.paid(obj, "probation_revoked", path)
        return Sentence(
            imposed_date=imposed,
            incarcerated=incarcerated,
            incarceration_release_date=release,
            supervised=supervised,
            supervision_end_date=supervision_end,
            completion_date=self.date(obj, "completion_date", path),
            prison=self.boolean(obj, "prison", path),
            probation_revoked_date=revoked_date,
            probation_revoked=revoked,
        )

    def financial(self, value: object, path: str) -> Financial:
        obj = self.obj(value, path)
        if obj is None:
            return Financial()
        self.keys(obj, FINANCIAL_KEYS, path)
        paid, paid_date = self.paid(obj, "restitution_paid", path)
        fines, fines_date = self.paid(obj, "fines_paid", path)
        return Financial(
            restitution_ordered=self.boolean(obj, "restitution_ordered", path),
            restitution_paid_date=paid_date,
            restitution_paid=paid,
            fines_paid_date=fines_date,
            fines_paid=fines,
        )

    def paid(self, obj: Mapping[str, Any], key: str, path: str) -> tuple[bool | None, _Date | None]:
        """``key`` (``restitution_paid``, ``probation_revoked``) and ``key_date``: a date
        implies the flag; ``false`` with a date is a problem."""
        paid = self.boolean(obj, key, path)
        paid_date = self.date(obj, f"{key}_date", path)
        if paid is False and paid_date is not None:
            self.add(_join(path, key), f"false, but {key}_date is given")
            paid = None
        return (True if paid_date is not None else paid), paid_date

    def facts(self, value: object, path: str) -> dict[str, FactValue]:
        facts: dict[str, FactValue] = {}
        if value is None:
            return facts
        if not isinstance(value, dict):
            self.add(path, f"expected an object of facts, got {_got(value)}")
            return facts
        for key in duplicate_keys(value):
            self.add(_join(path, key), "given more than once")
        for key, fact in value.items():
            where = _join(path, key)
            if not key.strip():
                self.add(where, "a fact needs a name")
            elif fact is None:
                continue  # unknown, the same as absent
            elif isinstance(fact, bool | int):
                facts[key] = fact
            elif isinstance(fact, float):
                if math.isfinite(fact):
                    facts[key] = fact
                else:
                    self.add(where, f"not a finite number: {_show(fact)}")
            elif isinstance(fact, str):
                parsed = self.fact_text(fact, where)
                if parsed is not None:
                    facts[key] = parsed
            else:
                message = f"a fact must be a boolean, number, string or date, got {_got(fact)}"
                self.add(where, message)
        return facts

    def fact_text(self, text: str, where: str) -> FactValue | None:
        if _DATE_LIKE.fullmatch(text):
            try:
                return parse_date(text)
            except ValueError as error:
                self.add(where, str(error))
                return None
        if self.text_cells:
            lowered = text.strip().lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            if _TEXT_INT.fullmatch(text.strip()):
                return int(text.strip())
            if _TEXT_FLOAT.fullmatch(text.strip()):
                return float(text.strip())
        return text


def person_from_json(
    value: object, *, source: str | None = None, text_cells: bool = False
) -> tuple[Person | None, tuple[Problem, ...]]:
    """Check and build one person from its decoded JSON object.

    Returns the person and no problems, or ``None`` and every problem found.  ``source``
    becomes ``Person.source``.  ``text_cells`` also accepts numbers and booleans written as
    text (CSV cells).
    """
    if not isinstance(value, dict):
        message = f"expected a JSON object (one person per line), got {_got(value)}"
        return None, (Problem("", message),)
    builder = _Builder(text_cells=text_cells)
    person = builder.person(value, source)
    return (person if not builder.problems else None), tuple(builder.problems)


# --- reading --------------------------------------------------------------------------------


def decode(text: str | bytes) -> object:
    """JSON text (or bytes, as ``json.loads`` reads them) decoded as the reader decodes each
    line: every object remembers the keys given more than once (``duplicate_keys``; the
    reader rejects the person), ``NaN`` or ``Infinity`` is not JSON, and neither is a
    ``\\ud800``-``\\udfff`` escape without its pair (not a character: no output could
    encode it).  Raises ``ValueError`` (``json.JSONDecodeError``, ``UnicodeDecodeError``) or
    ``RecursionError``."""
    value = json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_no_constant)
    if _escapes_surrogate(text) and (where := _lone_surrogate(value, "")) is not None:
        raise ValueError(f"{where or 'the value'}: a \\u escape of half a UTF-16 pair")
    return value


def _escapes_surrogate(text: str | bytes) -> bool:
    """Whether ``text`` may escape a surrogate (bytes in UTF-16 or UTF-32, which ``json``
    reads too, are not searched: their value is)."""
    if isinstance(text, str):
        return _SURROGATE_ESCAPE.search(text) is not None
    return b"\x00" in text[:4] or _SURROGATE_ESCAPE_BYTES.search(text) is not None


def _lone_surrogate(value: object, path: str) -> str | None:
    """The path of the first text in ``value`` (keys included) that holds a lone surrogate."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = _join(path, key)
            if _SURROGATE.search(key):
                return where
            if (found := _lone_surrogate(item, where)) is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if (found := _lone_surrogate(item, f"{path}[{i}]")) is not None:
                return found
    return None


def duplicate_keys(value: object) -> tuple[str, ...]:
    """The keys given more than once in a JSON object that ``decode`` decoded (none for
    anything else)."""
    return value.duplicates if isinstance(value, _Object) else ()


def read_jsonl(path: str | Path) -> ReadResult:
    """Read a JSON Lines file of people (blank lines are skipped).

    Raises ``RecordsError`` if the file cannot be read or is a JSON array rather than JSON
    Lines; every problem with a line is a ``Rejection`` in the result.
    """
    people: list[Person] = []
    rejected: list[Rejection] = []
    for item in iter_jsonl(path):
        if isinstance(item, Rejection):
            rejected.append(item)
        else:
            people.append(item)
    return ReadResult(
        people=tuple(people), rejected=tuple(rejected), lines_read=len(people) + len(rejected)
    )


def iter_jsonl(path: str | Path) -> Iterator[Person | Rejection]:
    """The people of a JSON Lines file one at a time, as ``read_jsonl`` reads them: each
    non-blank line gives exactly one person or one ``Rejection``.  What it keeps meanwhile is
    each person id and its line (for duplicate ids), nothing else."""
    file = str(path)
    first_line: dict[str, int] = {}
    lines_read = 0
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    lines_read += 1
                    yield Rejection(file, number, None, (_not_utf8(raw, error),))
                    continue
                if number == 1:
                    line = line.removeprefix("\ufeff")
                if not line.strip():
                    continue
                lines_read += 1
                if lines_read == 1 and line.lstrip().startswith("["):
                    raise RecordsError(
                        f"{file}:{number}: a JSON array; "
                        "expected JSON Lines (one person object per line)"
                    )
                yield read_line(line, file, number, first_line)
    except OSError as error:
        raise RecordsError(f"{file}: cannot read: {error.strerror or error}") from error


def _not_utf8(raw: bytes, error: UnicodeDecodeError) -> Problem:
    return Problem("", f"not UTF-8 text (byte {raw[error.start]:#04x}, column {error.start + 1})")


def read_line(
    line: str | bytes, file: str, number: int, first_line: dict[str, int]
) -> Person | Rejection:
    """One line of a JSON Lines records file (its line end optional) as a ``Person``, or
    the ``Rejection`` of ``file``:``number`` with the messages ``read_jsonl`` gives (not
    UTF-8, invalid JSON, every problem of the person, a duplicate id).  ``first_line`` maps
    each person id read so far to its line; the caller keeps it between lines (a new id is
    added to it).  Blank lines and a byte order mark are the caller's to skip."""
    if isinstance(line, bytes):
        raw = line
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return Rejection(file, number, None, (_not_utf8(raw, error),))
    try:
        value = decode(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        problem = Problem("", f"invalid JSON: {error.msg} (column {error.colno})")
        return Rejection(file, number, None, (problem,))
    except (ValueError, RecursionError) as error:
        message = str(error) if isinstance(error, ValueError) else "nested too deeply"
        if "integer string conversion" in message:  # Python's advice is not the user's to take
            message = f"a number of more than {sys.get_int_max_str_digits():,} digits"
        return Rejection(file, number, None, (Problem("", f"invalid JSON: {message}"),))
    return read_decoded(value, file, number, first_line)


def read_decoded(
    value: object, file: str, number: int, first_line: dict[str, int]
) -> Person | Rejection:
    """``read_line`` of a person that ``decode`` has already decoded (a person inside a
    larger JSON document): the same ``Person`` or ``Rejection``, keys given more than once
    included, without encoding it again."""
    person, problems = person_from_json(value, source=f"{file}:{number}")
    pid = value.get("id") if isinstance(value, dict) else None
    if not isinstance(pid, str) or not pid.strip():
        pid = None
    if pid is not None:
        if pid in first_line:
            duplicate = Problem("id", f"duplicate person id (first on line {first_line[pid]})")
            problems = (duplicate, *problems)
        else:
            first_line[pid] = number
    if problems or person is None:
        return Rejection(file, number, pid, problems)
    return person


# --- writing --------------------------------------------------------------------------------


def _put(obj: dict[str, Any], key: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, date):
        obj[key] = value.isoformat()
    elif isinstance(value, Citation | enum.Enum):
        obj[key] = str(value)
    else:
        obj[key] = value


def person_to_json(person: Person) -> dict[str, Any]:
    """A person in the JSON shape, keys in the documented order; unknown (``None``) values
    and empty lists and objects are left out.  ``Person.source`` is not written."""
    obj: dict[str, Any] = {"id": person.id}
    _put(obj, "name", person.name)
    _put(obj, "birth_date", person.birth_date)
    _put(obj, "death_date", person.death_date)
    _put(obj, "deceased", person.deceased)
    if person.registrations:
        registrations = []
        for reg in person.registrations:
            item: dict[str, Any] = {"kind": reg.kind}
            _put(item, "citation", reg.citation)
            _put(item, "date", reg.date)
            registrations.append(item)
        obj["registrations"] = registrations
    if person.cases:
        obj["cases"] = [_case_to_json(case) for case in person.cases]
    return obj


def _case_to_json(case: Case) -> dict[str, Any]:
    obj: dict[str, Any] = {"id": case.id}
    _put(obj, "jurisdiction", case.jurisdiction)
    _put(obj, "county", case.county)
    _put(obj, "status", case.status)
    if case.counts:
        obj["counts"] = [_count_to_json(count) for count in case.counts]
    return obj


def _count_to_json(count: Count) -> dict[str, Any]:
    obj: dict[str, Any] = {"id": count.id}
    _put(obj, "citation", count.citation or count.citation_text)
    _put(obj, "description", count.description)
    _put(obj, "level", count.level)
    _put(obj, "class", count.offense_class)
    _put(obj, "max_penalty_days", count.max_penalty_days)
    _put(obj, "offense_date", count.offense_date)
    _put(obj, "disposition", count.disposition)
    _put(obj, "disposition_date", count.disposition_date)
    _put(obj, "domestic_violence", count.domestic_violence)
    _put(obj, "with_prejudice", count.with_prejudice)
    _put(obj, "arrest_date", count.arrest_date)
    sentence: dict[str, Any] = {}
    for key in SENTENCE_KEYS:
        _put(sentence, key, getattr(count.sentence, key))
    if sentence:
        obj["sentence"] = sentence
    financial: dict[str, Any] = {}
    for key in FINANCIAL_KEYS:
        _put(financial, key, getattr(count.financial, key))
    if financial:
        obj["financial"] = financial
    if count.facts:
        facts: dict[str, Any] = {}
        for key, value in count.facts.items():
            _put(facts, key, value)
        obj["facts"] = facts
    return obj


def write_jsonl(people: Iterable[Person], path: str | Path) -> int:
    """Write people as JSON Lines (UTF-8, ``\\n`` line ends, stable key order), whole or not
    at all (``atomic_output``); returns the number written.  Reading the file back gives
    equal people, as long as each sentence is already normalized (see the module docstring)
    and no string fact looks like a date."""
    with atomic_output(path, "w", newline="\n") as handle:
        return write_people(people, cast(TextIO, handle))


def write_people(people: Iterable[Person], out: TextIO) -> int:
    """``write_jsonl`` to an open text file, one person at a time; returns how many."""
    written = 0
    for person in people:
        out.write(json_line(person_to_json(person)))
        out.write("\n")
        written += 1
    return written
