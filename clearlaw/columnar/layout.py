"""The records table (``clearlaw.io.parquet``: one nested row per person) flattened in DuckDB
into the two tables the compiled statute reads:

* ``counts``: one row per count, with its person's and case's fields (``pid``: the person's
  row; ``ord``: the count's place in the person's record), every field as ``clearlaw.io.jsonl``
  reads it (choices lower-cased, implied booleans filled in, ``disposition`` unknown as
  ``NULL``), the statute's facts as typed columns, the citation tests as columns (worked out
  by the Python matcher once per distinct citation: ``citation_lookup``) and ``python``: the
  count's person must be decided by the Python evaluator (a value the reader would reject or
  warn about, a class not written as its jurisdiction's, a fact of another type, a date near
  the calendar's ends);
* ``registrations``: one row per registration (``pid``, ``kind``, ``date``, citation tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from clearlaw import records as r
from clearlaw.check import BOOLEAN, NUMBER, TEXT
from clearlaw.citations import without_object
from clearlaw.columnar.sql import CitationTest, literal
from clearlaw.compile import objects_unknown
from clearlaw.derive import CLASSES
from clearlaw.evaluate import Statute
from clearlaw.io.errors import RecordsError
from clearlaw.io.jsonl import person_from_json
from clearlaw.io.parquet import check_columns
from clearlaw.scope import count_warnings

__all__ = ["checked_parquet", "citation_lookup", "flatten", "with_pid"]

_SENTENCE = (
    "imposed_date",
    "incarceration_release_date",
    "supervision_end_date",
    "completion_date",
    "prison",
    "probation_revoked_date",
)
_FINANCIAL = ("restitution_ordered", "restitution_paid_date", "fines_paid_date")
_COUNT = (
    "description",
    "max_penalty_days",
    "offense_date",
    "disposition_date",
    "domestic_violence",
    "with_prejudice",
    "arrest_date",
)
_DATES = (
    "person_birth_date",
    "person_death_date",
    "offense_date",
    "disposition_date",
    "arrest_date",
    "sentence_imposed_date",
    "sentence_incarceration_release_date",
    "sentence_supervision_end_date",
    "sentence_completion_date",
    "sentence_probation_revoked_date",
    "financial_restitution_paid_date",
    "financial_fines_paid_date",
)
_JSON_TYPES = {BOOLEAN: ("BOOLEAN",), NUMBER: ("BIGINT", "UBIGINT", "DOUBLE"), TEXT: ("VARCHAR",)}
_SQL_TYPES = {BOOLEAN: "BOOLEAN", NUMBER: "DOUBLE", TEXT: "VARCHAR"}
#: A text fact the reader reads as a date (``clearlaw.io.jsonl``: ``_DATE_LIKE``), which
#: ``check`` then rejects as a fact of another type: the person goes to Python.
_DATE_LIKE = "'[0-9]{4}-[0-9]{2}-[0-9]{2}'"


#: The flags a date implies (``incarcerated`` by the release date …), each with its date in the
#: same part of the count; ``false`` with a date is a contradiction the reader rejects.
IMPLIED = (
    ("sentence.incarcerated", "incarceration_release_date"),
    ("sentence.supervised", "supervision_end_date"),
    ("financial.restitution_paid", "restitution_paid_date"),
    ("financial.fines_paid", "fines_paid_date"),
    ("sentence.probation_revoked", "probation_revoked_date"),
)


def choice(expr: str, kind: type[r.Level | r.Disposition | r.CaseStatus]) -> tuple[str, str]:
    """(the value as the reader reads it, "not one of the allowed values")."""
    value = f"lower(trim({expr}))"
    allowed = ", ".join(literal(m.value) for m in kind)
    return value, f"({expr} IS NOT NULL AND {value} NOT IN ({allowed}))"


def implied(flag: str, when: str) -> tuple[str, str]:
    """(the flag as the reader reads it, implied by its date, "false with a date")."""
    dated = f"k.{flag.split('.')[0]}.{when}"
    return (
        f"coalesce(k.{flag}, CASE WHEN {dated} IS NOT NULL THEN TRUE END)",
        f"(k.{flag} IS FALSE AND {dated} IS NOT NULL)",
    )


def with_pid(records: pa.Table) -> pa.Table:
    """A records-layout table, its columns checked, with ``pid`` (its row)."""
    check_columns(records.schema, "<table>")
    return records.append_column("pid", pa.array(range(records.num_rows), pa.int64()))


def checked_parquet(path: str | Path) -> str:
    """A records-layout Parquet file's name, its columns checked (``RecordsError`` naming it
    when it cannot be read as Parquet)."""
    name = str(path)
    try:
        check_columns(pq.read_schema(path), name)
    except (OSError, pa.ArrowException) as err:
        raise RecordsError(f"{name}: cannot read as Parquet: {err}") from None
    return name


def flatten(
    con: duckdb.DuckDBPyConnection,
    source: str,
    facts: Mapping[str, str],
    jurisdiction_classes: bool = True,
) -> None:
    """Create the ``counts`` and ``registrations`` tables from the relation ``source`` (the
    records layout plus a ``pid`` column); ``facts``: the statute's declared facts, by type
    (booleans, numbers and text become columns; a value of any other is left to Python)."""
    level, bad_level = choice("k.level", r.Level)
    disposition, bad_disposition = choice("k.disposition", r.Disposition)
    status, bad_status = choice("c.status", r.CaseStatus)
    flags = {flag: implied(flag, when) for flag, when in IMPLIED}
    fact_columns = [
        f"CASE WHEN json_type(k.facts, '$.{name}') IN"
        f" ({', '.join(literal(t) for t in _JSON_TYPES[kind])})"
        f" THEN CAST(json_extract_string(k.facts, '$.{name}') AS {_SQL_TYPES[kind]})"
        f" END AS fact_{name}"
        for name, kind in facts.items()
        if kind in _JSON_TYPES
    ]
    fact_ok = " AND ".join(
        f"coalesce(json_type(k.facts, '$.{name}') IN"
        f" ({', '.join(literal(t) for t in ('NULL', *_JSON_TYPES.get(kind, ())))}), TRUE)"
        + (
            f" AND NOT coalesce(regexp_full_match(json_extract_string(k.facts, '$.{name}'),"
            f" {_DATE_LIKE}), FALSE)"
            if kind == TEXT
            else ""
        )
        for name, kind in facts.items()
    )
    declared = ", ".join(literal(name) for name in facts) or "NULL"
    bad_facts = (
        "(k.facts IS NOT NULL AND (NOT coalesce(json_valid(k.facts), FALSE)"
        " OR json_type(k.facts) <> 'OBJECT'"
        f" OR len(list_filter(json_keys(k.facts), lambda x: x NOT IN ({declared}))) > 0"
        + (f" OR NOT ({fact_ok})" if fact_ok else "")
        + "))"
    )
    class_tables = " OR ".join(
        f"(c.jurisdiction = {literal(j)} AND k.class NOT IN"
        f" ({', '.join(literal(x) for x in sorted(t.known))}))"
        for j, t in CLASSES.items()
    )
    unclassed = f"(k.class IS NOT NULL AND ({class_tables}))" if jurisdiction_classes else "FALSE"
    blank = "(x IS NULL OR trim(x) = '')"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE counts AS
        WITH p AS (
            SELECT *, count(*) OVER (PARTITION BY id) AS same_id FROM {source}
        ), cs AS (
            SELECT p.pid, p.id AS person_id, p.birth_date AS person_birth_date,
                p.death_date AS person_death_date,
                coalesce(p.deceased, CASE WHEN p.death_date IS NOT NULL THEN TRUE END)
                    AS person_deceased,
                ({blank.replace("x", "p.id")} OR p.same_id > 1
                    OR (p.deceased IS FALSE AND p.death_date IS NOT NULL)) AS person_bad,
                unnest(p.cases) AS c, generate_subscripts(p.cases, 1) AS ci,
                len(list_distinct([x.id FOR x IN p.cases])) <> len(p.cases) AS same_case
            FROM p
        ), ks AS (
            SELECT cs.*, unnest(c.counts) AS k, generate_subscripts(c.counts, 1) AS ki,
                len(list_distinct([x.id FOR x IN c.counts])) <> len(c.counts) AS same_count
            FROM cs
        )
        SELECT pid, ci * 1000000 + ki AS ord, person_id, person_birth_date,
            person_death_date, person_deceased,
            c.id AS case_id, c.jurisdiction AS case_jurisdiction, c.county AS case_county,
            {status} AS case_status,
            k.id AS id, k.citation AS citation_text, k.object_citation,
            {level} AS level, k.class AS class,
            CASE WHEN {disposition} <> 'unknown' THEN {disposition} END AS disposition,
            k.disposition AS disposition_raw,
            {", ".join(f"k.{x} AS {x}" for x in _COUNT)},
            {", ".join(f"k.sentence.{x} AS sentence_{x}" for x in _SENTENCE)},
            {", ".join(f"k.financial.{x} AS financial_{x}" for x in _FINANCIAL)},
            {", ".join(f"{v} AS {f.replace('.', '_')}" for f, (v, _) in flags.items())},
            {"".join(f"{x}, " for x in fact_columns)}
            (person_bad OR same_case OR same_count OR {blank.replace("x", "c.id")}
                OR {blank.replace("x", "k.id")} OR {bad_level} OR {bad_disposition}
                OR {bad_status} OR {unclassed} OR {bad_facts}
                OR {" OR ".join(bad for _, bad in flags.values())}
                OR (k.max_penalty_days < 0)) AS invalid
        FROM ks
        """
    )
    dates = " OR ".join(
        f"NOT coalesce({d} BETWEEN DATE '1000-01-01' AND DATE '9000-12-31', TRUE)" for d in _DATES
    )
    con.execute(f"UPDATE counts SET invalid = TRUE WHERE {dates}")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE registrations AS
        SELECT pid, g.kind AS kind, g.citation AS citation_text, g.date AS date
        FROM (SELECT pid, unnest(registrations) AS g FROM {source})
        """
    )


def citation_lookup(
    statute: Statute,
    keys: Iterable[tuple[Any, ...]],
    tests: Iterable[CitationTest],
    registration: bool,
) -> pa.Table:
    """The citation tests for each distinct (citation, object citation, jurisdiction) of the
    counts (``registration``: each distinct citation of the registrations), read by the JSON
    reader itself; ``warn``: the reader rejects it or ``check`` would warn about it."""
    chosen = [t for t in tests if t.registration == registration]
    unknown_objects = objects_unknown(statute.checked)
    rows: dict[str, list[Any]] = {
        name: [] for name in ("citation_text", "object_citation", "jurisdiction", "warn")
    }
    for t in chosen:
        rows[t.column] = []
    for citation, obj, jurisdiction in keys:
        record: dict[str, Any]
        if registration:
            record = {"id": "-", "registrations": [{"kind": "-", "citation": citation}]}
        else:
            count = {"id": "-", "citation": citation, "object_citation": obj}
            count = {k: v for k, v in count.items() if v is not None}
            case = {"id": "-", "jurisdiction": jurisdiction, "counts": [count]}
            record = {"id": "-", "cases": [case]}
        person, problems = person_from_json(
            {k: v for k, v in record.items() if v is not None}, source="lookup"
        )
        value: Any = None
        warn = bool(problems) or person is None
        if person is not None and not warn:
            if registration:
                value = person.registrations[0].citation
            else:
                case_ = person.cases[0]
                value = case_.counts[0].citation
                warn = bool(count_warnings(statute, case_, case_.counts[0])) or (
                    # an inchoate section without its object: the Python evaluator asks for it
                    unknown_objects and value is not None and without_object(value) is not None
                )
        rows["citation_text"].append(citation)
        rows["object_citation"].append(obj)
        rows["jurisdiction"].append(jurisdiction)
        rows["warn"].append(warn)
        for t in chosen:
            rows[t.column].append(None if value is None else t.test(value))
    schema = pa.schema(
        [  # type: ignore[arg-type]  # stubs: a list of fields is an iterable of fields
            pa.field("citation_text", pa.string()),
            pa.field("object_citation", pa.string()),
            pa.field("jurisdiction", pa.string()),
            pa.field("warn", pa.bool_()),
            *(pa.field(t.column, pa.bool_()) for t in chosen),
        ]
    )
    return pa.table(rows, schema=schema)
