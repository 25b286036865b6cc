"""Records as CSV: one row per count, the person and case columns repeated on each row.

The columns are ``CSV_COLUMNS`` plus any ``fact.NAME`` columns; all are optional except
``person_id``, and their order does not matter.  Cells are trimmed; an empty cell means
*unknown*.  The rows of a person are grouped by ``person_id`` wherever they are in the file
(the person's line is its first row; a problem names the row it is on).  Within a person,
rows are grouped into cases by ``case_id``, in order of first appearance.

* Person and case columns may be left empty on some rows; values given on several rows must
  agree.
* A row with an empty ``count_id`` carries no count (e.g. a case without counts, or only a
  registration); count columns on such a row are a problem, not ignored.
* ``registration_kind``, ``registration_citation``, ``registration_date`` give a registration;
  the same registration repeated on several rows counts once.
* Booleans are ``true/false/yes/no/1/0`` (any case).
* A ``fact.NAME`` cell is read as a boolean (``true``/``false``), a whole number, a decimal
  number, a ``YYYY-MM-DD`` date, or else kept as text.

Each person is then checked exactly like a JSON Lines record (``clearlaw.io.jsonl``), with the
same normalizations and messages; problem fields are paths into that JSON shape.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from clearlaw.io.errors import Problem, ReadResult, RecordsError, Rejection
from clearlaw.io.jsonl import FINANCIAL_KEYS, SENTENCE_KEYS, _did_you_mean, person_from_json
from clearlaw.records import Person

__all__ = [
    "CASE_COLUMNS",
    "COUNT_COLUMNS",
    "CSV_COLUMNS",
    "FACT_PREFIX",
    "PERSON_COLUMNS",
    "REGISTRATION_COLUMNS",
    "read_csv",
]

PERSON_COLUMNS = ("person_id", "name", "birth_date", "death_date", "deceased")
CASE_COLUMNS = ("case_id", "jurisdiction", "county", "status")
_COUNT_FIELDS = (
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
)
COUNT_COLUMNS = ("count_id", *_COUNT_FIELDS, *SENTENCE_KEYS, *FINANCIAL_KEYS)
REGISTRATION_COLUMNS = ("registration_kind", "registration_citation", "registration_date")
#: Every fixed column, in the documented order.
CSV_COLUMNS = (*PERSON_COLUMNS, *CASE_COLUMNS, *COUNT_COLUMNS, *REGISTRATION_COLUMNS)
#: Prefix of a statute-specific fact column: ``fact.quantity_grams``.
FACT_PREFIX = "fact."

# Columns whose values are not repeated in messages.
_PRIVATE = frozenset({"name", "birth_date"})
# The longest cell read (a JSON Lines field has no limit; this is C's ``long`` everywhere).
_MAX_CELL = 2**31 - 1
# A byte that is not UTF-8, as ``surrogateescape`` decodes it.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")

_Row = tuple[int, dict[str, str], list[Problem]]


def read_csv(path: str | Path) -> ReadResult:
    """Read a CSV file of people (see the module docstring for the columns).

    Raises ``RecordsError`` if the file cannot be read or its header is wrong (not UTF-8,
    unknown or repeated column, no ``person_id``); every problem with a row is part of a
    ``Rejection`` in the result (a row that is not UTF-8 rejects its person, naming the
    column: a spreadsheet saved as Windows-1252 loses only the people with such a byte).
    """
    file = str(path)
    lines = _read_rows(path, file)
    if not lines:
        return ReadResult(people=(), rejected=(), lines_read=0)
    header_line, header = lines[0]
    if _not_utf8(header, header, header_line):
        raise RecordsError(f"{file}:{header_line}: the header is not UTF-8 text")
    columns = _columns(file, header_line, header)

    rejected: list[Rejection] = []
    groups: dict[str, list[_Row]] = {}
    lines_read = 0
    for line, cells in lines[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        lines_read += 1
        problems = _not_utf8(header, cells, line)
        if len(cells) != len(header):
            message = f"the row has {len(cells)} cells, the header has {len(header)}"
            problems.append(Problem("", message, line))
        values = {
            name: cells[i].strip()
            for name, i in columns.items()
            if i < len(cells) and cells[i].strip()
        }
        pid = values.get("person_id")
        if pid is not None and not pid.isascii() and _NOT_UTF8.search(pid):
            pid = None  # named by its line only
        elif pid is None:
            problems.append(Problem("person_id", "missing (required)", line))
        if pid is None:
            rejected.append(Rejection(file, line, None, tuple(problems)))
            continue
        groups.setdefault(pid, []).append((line, values, problems))

    people: list[Person] = []
    for pid, rows in groups.items():
        person, found = _assemble(file, pid, rows)
        if person is not None:
            people.append(person)
        else:
            rejected.append(Rejection(file, rows[0][0], pid, found))
    rejected.sort(key=lambda r: r.line)
    return ReadResult(people=tuple(people), rejected=tuple(rejected), lines_read=lines_read)


def _read_rows(path: str | Path, file: str) -> list[tuple[int, list[str]]]:
    """The rows of ``path`` with their first lines; a byte that is not UTF-8 is read as
    ``surrogateescape`` does, for ``_not_utf8`` to find."""
    rows: list[tuple[int, list[str]]] = []
    limit = csv.field_size_limit(_MAX_CELL)  # the module's 128 KiB refused the whole file
    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            start = 1
            try:
                for cells in reader:
                    if cells:
                        rows.append((start, cells))
                    start = reader.line_num + 1
            except csv.Error as error:
                raise RecordsError(f"{file}:{reader.line_num}: not valid CSV: {error}") from error
    except OSError as error:
        raise RecordsError(f"{file}: cannot read: {error.strerror or error}") from error
    finally:
        csv.field_size_limit(limit)
    return rows


def _not_utf8(header: list[str], cells: list[str], line: int) -> list[Problem]:
    """A problem for each cell of a row holding a byte that is not UTF-8, naming its column
    and the first such byte (never the cell)."""
    problems: list[Problem] = []
    if all(map(str.isascii, cells)):  # the usual row, at C speed
        return problems
    for i, cell in enumerate(cells):
        found = _NOT_UTF8.search(cell)
        if found:
            field = header[i].strip() if i < len(header) else f"cell {i + 1}"
            byte = ord(found.group()) - 0xDC00
            message = f"not UTF-8 text (byte {byte:#04x}); save the file as UTF-8"
            problems.append(Problem(field, message, line))
    return problems


def _columns(file: str, line: int, header: list[str]) -> dict[str, int]:
    if not any(c.strip() in CSV_COLUMNS or c.strip().startswith(FACT_PREFIX) for c in header):
        # no header at all, but a person's row: its cells (names, birth dates) are not shown
        raise RecordsError(
            f"{file}:{line}: the first row names no known column; it must be the header "
            "(see docs/records.md)"
        )
    columns: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = raw.strip()
        if name in columns:
            raise RecordsError(f"{file}:{line}: column {name!r} appears twice")
        if name.startswith(FACT_PREFIX):
            if not name[len(FACT_PREFIX) :].strip():
                raise RecordsError(f"{file}:{line}: column {name!r}: a fact column needs a name")
        elif name not in CSV_COLUMNS:
            close = _did_you_mean(name, CSV_COLUMNS)
            hint = f"did you mean {close!r}?" if close else "see docs/records.md for the columns"
            raise RecordsError(f"{file}:{line}: unknown column {name!r} ({hint})")
        columns[name] = i
    if "person_id" not in columns:
        raise RecordsError(f"{file}:{line}: no person_id column")
    return columns


def _merge(
    target: dict[str, Any],
    key: str,
    path: str,
    value: str | None,
    line: int,
    origin: dict[str, int],
    problems: list[Problem],
) -> None:
    """Set ``target[key]`` from a repeated column; a different value on a later row is a
    problem."""
    if value is None:
        return
    if key not in target:
        target[key] = value
        origin[path] = line
    elif target[key] != value:
        first = origin[path]
        detail = "" if key in _PRIVATE else f": {target[key]!r} there, {value!r} here"
        problems.append(Problem(path, f"differs from line {first}{detail}", line))


def _count(values: dict[str, str], count_id: str) -> dict[str, Any]:
    count: dict[str, Any] = {"id": count_id}
    for key in _COUNT_FIELDS:
        if key in values:
            count[key] = values[key]
    sentence = {key: values[key] for key in SENTENCE_KEYS if key in values}
    if sentence:
        count["sentence"] = sentence
    financial = {key: values[key] for key in FINANCIAL_KEYS if key in values}
    if financial:
        count["financial"] = financial
    facts = {
        name[len(FACT_PREFIX) :].strip(): value
        for name, value in values.items()
        if name.startswith(FACT_PREFIX)
    }
    if facts:
        count["facts"] = facts
    return count


def _line_of(path: str, origin: dict[str, int], default: int) -> int:
    """The row a problem at ``path`` is on: the nearest enclosing path whose row is known."""
    while path:
        if path in origin:
            return origin[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return default


def _assemble(file: str, pid: str, rows: list[_Row]) -> tuple[Person | None, tuple[Problem, ...]]:
    """Build one person's JSON object from its rows and check it."""
    misaligned = tuple(problem for _, _, found in rows for problem in found)
    if misaligned:  # a row's cells are not under their columns: they are not read (or shown)
        return None, misaligned
    first_line = rows[0][0]
    obj: dict[str, Any] = {"id": pid}
    origin: dict[str, int] = {}
    problems: list[Problem] = []
    cases: list[dict[str, Any]] = []
    case_index: dict[str, int] = {}
    registrations: list[dict[str, Any]] = []
    seen_registrations: set[tuple[str | None, ...]] = set()

    for line, values, row_problems in rows:
        problems.extend(row_problems)
        for column in PERSON_COLUMNS[1:]:
            _merge(obj, column, column, values.get(column), line, origin, problems)

        case_columns = [c for c in CASE_COLUMNS[1:] if c in values]
        count_columns = [c for c in values if c in COUNT_COLUMNS[1:] or c.startswith(FACT_PREFIX)]
        case_id = values.get("case_id")
        count_id = values.get("count_id")
        if case_id is None:
            if case_columns:
                message = f"missing, but the row has case columns ({', '.join(case_columns)})"
                problems.append(Problem("case_id", message, line))
            if count_id is not None:
                problems.append(Problem("case_id", "missing, but the row has a count_id", line))
        else:
            i = case_index.get(case_id)
            if i is None:
                i = case_index[case_id] = len(cases)
                cases.append({"id": case_id})
                origin[f"cases[{i}]"] = line
            case = cases[i]
            for column in case_columns:
                _merge(case, column, f"cases[{i}].{column}", values[column], line, origin, problems)
            if count_id is not None:
                counts = case.setdefault("counts", [])
                origin[f"cases[{i}].counts[{len(counts)}]"] = line
                counts.append(_count(values, count_id))
        if count_id is None and count_columns:
            message = f"missing, but the row has count columns ({', '.join(count_columns)})"
            problems.append(Problem("count_id", message, line))

        kind = values.get("registration_kind")
        reg_citation = values.get("registration_citation")
        reg_date = values.get("registration_date")
        if kind is not None:
            key = (kind, reg_citation, reg_date)
            if key not in seen_registrations:
                seen_registrations.add(key)
                origin[f"registrations[{len(registrations)}]"] = line
                registration = {"kind": kind, "citation": reg_citation, "date": reg_date}
                registrations.append(registration)
        elif reg_citation is not None or reg_date is not None:
            present = [c for c in REGISTRATION_COLUMNS[1:] if c in values]
            message = f"missing, but the row has registration columns ({', '.join(present)})"
            problems.append(Problem("registration_kind", message, line))

    if registrations:
        obj["registrations"] = registrations
    if cases:
        obj["cases"] = cases
    person, checked = person_from_json(obj, source=f"{file}:{first_line}", text_cells=True)
    for problem in checked:
        line = _line_of(problem.field, origin, first_line)
        problems.append(Problem(problem.field, problem.message, line))
    if problems:
        problems.sort(key=lambda p: p.line if p.line is not None else first_line)
        return None, tuple(problems)
    return person, ()
