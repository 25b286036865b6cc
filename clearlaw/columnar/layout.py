"""The records table (``clearlaw.io.parquet``: one nested row per person) flattened into the
relations the compiled statute reads (``flatten_sql``: DuckDB SQL, the one statement of the
reading rules; the Spark engine transpiles it):

* ``unread``: the people whose own fields, cases or registrations the reader would reject,
  whether or not they have counts (a blank or repeated id, ``deceased`` false with a death
  date, a case without an id or with an unknown status, two cases with one id, a
  registration without a kind, a date the reader cannot read): the Python evaluator reads
  them and rejects them as the Python path does;
* ``counts``: one row per count, with its person's and case's fields (``pid``: the person's
  row; ``ord``: the count's place in the person's record, ``case * 1000000 + count``, each
  numbered from 1 in DuckDB and from 0 on Spark, whose ``posexplode`` counts from 0; the
  hand-over numbers a person's determinations 0, 1, …: a person's rows come from one of
  them only, so only the order within a person is ever read), every field as ``clearlaw.io.jsonl``
  reads it (choices lower-cased, implied booleans filled in, ``disposition`` unknown as
  ``NULL``, dates written as text read as dates), the statute's facts as typed columns and
  ``invalid``: the count's person must be decided by the Python evaluator (a value the reader
  would reject or warn about, a class not written as its jurisdiction's, a fact of another
  type or not declared, a date near the calendar's ends);
* ``registrations``: one row per registration (``pid``, ``kind``, ``citation_text``,
  ``date``).

The citation tests are columns of a lookup worked out by the Python matcher once per
distinct citation (``citation_lookup``).
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
from clearlaw.columnar.sql import CitationTest, literal
from clearlaw.derive import CLASSES
from clearlaw.evaluate import Statute
from clearlaw.io.errors import RecordsError
from clearlaw.io.jsonl import person_from_json
from clearlaw.io.parquet import check_columns
from clearlaw.record_values import DROPPED, spellings
from clearlaw.scope import count_warnings

__all__ = [
    "IMPLIED",
    "checked_parquet",
    "choice",
    "citation_lookup",
    "flatten",
    "flatten_sql",
    "implied",
    "text_dates",
    "with_pid",
]

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
_JSON_TYPES = {BOOLEAN: ("BOOLEAN",), NUMBER: ("BIGINT", "UBIGINT", "DOUBLE"), TEXT: ("VARCHAR",)}
_SQL_TYPES = {BOOLEAN: "BOOLEAN", NUMBER: "DOUBLE", TEXT: "VARCHAR"}
#: Text the reader reads as a date (``clearlaw.io.jsonl``: ``_DATE_LIKE``; a date column
#: written as text must be one); a text fact like it, ``check`` rejects as a fact of another
#: type: the person goes to Python.
_DATE_TEXT = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"
#: The aliases of the elements of the layout's lists (``_text_dates``, ``flatten_sql``).
_ALIAS = {"registrations": "g", "cases": "c", "counts": "k"}


#: The flags a date implies (``incarcerated`` by the release date …), each with its date in the
#: same part of the count; ``false`` with a date is a contradiction the reader rejects.
IMPLIED = (
    ("sentence.incarcerated", "incarceration_release_date"),
    ("sentence.supervised", "supervision_end_date"),
    ("financial.restitution_paid", "restitution_paid_date"),
    ("financial.fines_paid", "fines_paid_date"),
    ("sentence.probation_revoked", "probation_revoked_date"),
)


def choice(
    expr: str, kind: type[r.Level | r.Disposition | r.CaseStatus], read_as: str | None = None
) -> tuple[str, str]:
    """(the value as the reader reads it, "not one of the allowed values"): a level or a
    disposition also in the spellings of ``clearlaw.record_values`` ("FEL", "Guilty Plea").
    ``read_as``: a column the value is selected as, which the check then reads instead of
    reading the value again."""
    value = f"lower(trim({expr}))"
    allowed = ", ".join(literal(m.value) for m in kind)
    spelled = spellings(kind) if kind is r.Level or kind is r.Disposition else {}
    if not spelled:
        return value, f"({expr} IS NOT NULL AND {read_as or value} NOT IN ({allowed}))"
    key = f"upper({expr})"
    for c in DROPPED:
        key = f"replace({key}, {literal(c)}, '')"
    whens = " ".join(f"WHEN {literal(k)} THEN {literal(v.value)}" for k, v in spelled.items())
    read = f"CASE WHEN {value} IN ({allowed}) THEN {value} ELSE CASE {key} {whens} END END"
    return read, f"({expr} IS NOT NULL AND ({read_as or read}) IS NULL)"


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


def checked_parquet(path: str | Path) -> tuple[str, pa.Schema]:
    """A records-layout Parquet file's name and schema, its columns checked (``RecordsError``
    naming it when it cannot be read as Parquet)."""
    name = str(path)
    try:
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowException) as err:
        raise RecordsError(f"{name}: cannot read as Parquet: {err}") from None
    check_columns(schema, name)
    return name, schema


def text_dates(schema: pa.Schema) -> frozenset[str]:
    """The date columns of a records-layout ``schema`` written as text, as ``flatten_sql``
    names them (``birth_date``, ``g.date``, ``k.sentence.imposed_date``)."""
    found: set[str] = set()

    def walk(fields: Iterable[pa.Field[Any]], prefix: str) -> None:
        for field in fields:
            kind, name = field.type, f"{prefix}{field.name}"
            if pa.types.is_list(kind) or pa.types.is_large_list(kind):
                kind, name = kind.value_type, _ALIAS.get(field.name, field.name)
            if pa.types.is_struct(kind):
                walk((kind.field(i) for i in range(kind.num_fields)), f"{name}.")
            elif field.name.endswith("date") and (
                pa.types.is_string(kind) or pa.types.is_large_string(kind)
            ):
                found.add(name)

    walk(schema, "")
    return frozenset(found)


def flatten(
    con: duckdb.DuckDBPyConnection, source: str, facts: Mapping[str, str], text: frozenset[str]
) -> None:
    """Create the tables of ``flatten_sql`` in DuckDB."""
    for table, sql in flatten_sql(source, facts, text).items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")


def flatten_sql(source: str, facts: Mapping[str, str], text: frozenset[str]) -> dict[str, str]:
    """The queries (DuckDB SQL, which ``dialect.spark_sql`` transpiles for Spark) of the
    relations the compiled statute reads, by name, from the relation ``source`` (the records
    layout plus a ``pid`` column): ``unread``, the people (``pid``) whose person, case or
    registration fields the reader would reject, counts or none; ``counts``; and
    ``registrations``.  ``facts``: the statute's declared facts, by type (booleans, numbers
    and text become columns; a value of any other is left to Python); ``text``: the date
    columns written as text (``text_dates``)."""

    def date_(expr: str) -> str:
        return f"TRY_CAST({expr} AS DATE)"

    def bad_date(expr: str) -> str:
        """A date the reader would not read, or outside years 1000 to 9000."""
        ok = f"{date_(expr)} BETWEEN DATE '1000-01-01' AND DATE '9000-12-31'"
        if expr in text:
            ok = f"regexp_matches({expr}, {_DATE_TEXT}) AND {ok}"
        return f"({expr} IS NOT NULL AND NOT coalesce({ok}, FALSE))"

    def blank(expr: str) -> str:
        return f"({expr} IS NULL OR trim({expr}) = '')"

    def repeated(items: str, alias: str) -> str:
        ids = f"list_transform({items}, lambda {alias}: {alias}.id)"
        return f"array_length(list_distinct({ids})) <> array_length({items})"

    def any_of(items: str, alias: str, condition: str) -> str:
        return f"array_length(list_filter({items}, lambda {alias}: {condition})) > 0"

    # a count's level and disposition read once, as columns (``read_level``,
    # ``read_disposition``), which the value and the check both use: a spelling table's
    # ``CASE`` costs in DuckDB with its size at every use, even where it is not reached
    read = {
        x: choice(f"k.{x}", kind, read_as=f"read_{x}")
        for x, kind in (("level", r.Level), ("disposition", r.Disposition))
    }
    level, disposition = "read_level", "read_disposition"
    bad_level, bad_disposition = (bad for _, bad in read.values())
    status, bad_status = choice("c.status", r.CaseStatus)
    flags = {flag: implied(flag, when) for flag, when in IMPLIED}
    counted = {
        **{x: f"k.{x}" for x in _COUNT},
        **{f"sentence_{x}": f"k.sentence.{x}" for x in _SENTENCE},
        **{f"financial_{x}": f"k.financial.{x}" for x in _FINANCIAL},
    }
    dated = [x for x in counted.values() if x.endswith("_date")]
    typed = {name: date_(x) if x in dated else x for name, x in counted.items()}
    unclassed = " OR ".join(
        f'(c.jurisdiction = {literal(j)} AND k."class" NOT IN'
        f" ({', '.join(literal(x) for x in sorted(t.known))}))"
        for j, t in CLASSES.items()
    )
    person_dates = {"birth_date": "person_birth_date", "death_date": "person_death_date"}
    unread = f"""
        SELECT pid FROM {source} LEFT JOIN (
            SELECT id, count(*) AS same_id FROM {source} GROUP BY id HAVING count(*) > 1
        ) USING (id)
        WHERE {blank("id")} OR same_id > 1 OR (deceased IS FALSE AND death_date IS NOT NULL)
            OR {" OR ".join(bad_date(x) for x in person_dates)}
            OR {repeated("cases", "c")}
            OR {any_of("cases", "c", f"c IS NULL OR {blank('c.id')} OR {bad_status}")}
            OR {any_of("registrations", "g", f"g IS NULL OR {blank('g.kind')} OR {bad_date('g.date')}")}
    """
    counts = f"""
        SELECT pid, ci * 1000000 + ki AS ord, person_id, person_birth_date,
            person_death_date, person_deceased,
            c.id AS case_id, c.jurisdiction AS case_jurisdiction, c.county AS case_county,
            {status} AS case_status,
            k.id AS id, k.citation AS citation_text, k.object_citation,
            {level} AS level, k."class" AS "class",
            CASE WHEN {disposition} <> 'unknown' THEN {disposition} END AS disposition,
            k.disposition AS disposition_raw,
            {", ".join(f"{x} AS {name}" for name, x in typed.items())},
            {", ".join(f"{v} AS {f.replace('.', '_')}" for f, (v, _) in flags.items())},
            {"".join(f"{x}, " for x in _fact_columns(facts))}
            (same_count OR {blank("k.id")} OR {bad_level} OR {bad_disposition}
                OR (k."class" IS NOT NULL AND ({unclassed})) OR {_bad_facts(facts)}
                OR {" OR ".join(bad for _, bad in flags.values())}
                OR (k.max_penalty_days < 0)
                OR {" OR ".join(bad_date(x) for x in dated)}) AS invalid
        FROM (SELECT *, {", ".join(f"{v} AS read_{x}" for x, (v, _) in read.items())} FROM (
            SELECT cs.*, unnest(c.counts) AS k, generate_subscripts(c.counts, 1) AS ki,
                {repeated("c.counts", "x")} AS same_count
            FROM (
                SELECT pid, id AS person_id,
                    {", ".join(f"{date_(x)} AS {name}" for x, name in person_dates.items())},
                    coalesce(deceased, CASE WHEN death_date IS NOT NULL THEN TRUE END)
                        AS person_deceased,
                    unnest(cases) AS c, generate_subscripts(cases, 1) AS ci
                FROM {source}
            ) cs
        ))
    """
    registrations = f"""
        SELECT pid, g.kind AS kind, g.citation AS citation_text, {date_("g.date")} AS date
        FROM (SELECT pid, unnest(registrations) AS g FROM {source})
    """
    return {"unread": unread, "counts": counts, "registrations": registrations}


def _fact_columns(facts: Mapping[str, str]) -> list[str]:
    """The statute's boolean, number and text facts as columns (``fact_NAME``)."""
    return [
        f"CASE WHEN NOT coalesce(json_valid(k.facts), FALSE) THEN NULL"
        f" WHEN json_type(k.facts, '$.{name}') IN"
        f" ({', '.join(literal(t) for t in _JSON_TYPES[kind])})"
        f" THEN CAST(json_extract_string(k.facts, '$.{name}') AS {_SQL_TYPES[kind]})"
        f" END AS fact_{name}"
        for name, kind in facts.items()
        if kind in _JSON_TYPES
    ]


def _bad_facts(facts: Mapping[str, str]) -> str:
    """A count's facts the reader would reject or ``check`` would warn about, or that the SQL
    does not read: not a JSON object, a fact not declared, or of another type than declared
    (a text written like a date is read as a date)."""
    checks = []
    for name, kind in facts.items():
        found = f"json_type(k.facts, '$.{name}')"
        allowed = ", ".join(literal(t) for t in ("NULL", *_JSON_TYPES.get(kind, ())))
        ok = f"coalesce({found} IN ({allowed}), TRUE)"
        if kind == TEXT:
            value = f"json_extract_string(k.facts, '$.{name}')"
            ok += f" AND NOT coalesce(regexp_matches({value}, {_DATE_TEXT}), FALSE)"
        checks.append(f"NOT ({ok})")
    keys = "json_keys(k.facts)"
    if facts:
        declared = ", ".join(literal(name) for name in facts)
        checks.insert(0, f"array_length(list_filter({keys}, lambda x: x NOT IN ({declared}))) > 0")
    else:
        checks.insert(0, f"array_length({keys}) > 0")
    # each JSON function only on valid JSON (DuckDB's stop at the first malformed text)
    return (
        "(k.facts IS NOT NULL AND CASE WHEN NOT coalesce(json_valid(k.facts), FALSE) THEN TRUE"
        f" WHEN json_type(k.facts) <> 'OBJECT' THEN TRUE ELSE {' OR '.join(checks)} END)"
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
                warn = bool(count_warnings(statute, case_, case_.counts[0]))
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
