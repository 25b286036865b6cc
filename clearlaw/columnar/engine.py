"""Run a statute over a records table in DuckDB, with the Python evaluator for the people the
SQL cannot decide exactly (docs/columnar.md, "The hybrid").

The checked rule tree becomes one query (``plan``): the scope and each decision's condition
for every count, then the decisions in priority order (``checked.order``) as the Python
evaluator takes them (``clearlaw.evaluate._Decider``): the first that holds decides, an
unknown condition is decided both ways and the count needs review if the two differ.  A
person with a count left at needs_review, or with anything the reader would reject or warn
about (``layout``), is evaluated by ``clearlaw.evaluate`` instead — it refines needs_review
over every world, presumptions and derived values, which the SQL does not repeat — and its
determinations replace the SQL's.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import IO, Any

import attrs
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from clearlaw import nodes as n
from clearlaw.accounts import Accounts
from clearlaw.columnar.handover import decide, keyed
from clearlaw.columnar.layout import checked_parquet, citation_lookup, flatten, text_dates, with_pid
from clearlaw.columnar.sql import ELEMENT, REGISTRATION, THIS, Compiler, Hoist, V, literal, macros
from clearlaw.compile import Env, parameter_periods, parameter_values
from clearlaw.dates import date
from clearlaw.evaluate import NEEDS_REVIEW, Statute, title_text
from clearlaw.explain import JSON_SCHEMA_VERSION
from clearlaw.io.determination_table import DETERMINATIONS_SCHEMA
from clearlaw.io.errors import Rejection
from clearlaw.io.outputs import json_line
from clearlaw.records import Person
from clearlaw.scope import OUT_OF_SCOPE

__all__ = [
    "Plan",
    "Run",
    "Streamed",
    "evaluate_table",
    "plan",
    "records_relation",
    "run",
    "run_frame",
    "stream",
    "warned",
    "with_citations",
    "write_determinations",
]

#: The fields of a count's result: outcome, k (date|never|unknown), date, the deciding rule,
#: the rule awaited.
_FIELDS = ("o", "k", "d", "by", "w")
_TYPES = ("VARCHAR", "VARCHAR", "DATE", "VARCHAR", "VARCHAR")


@attrs.frozen
class _R:
    """A count's result as SQL, field by field (``_FIELDS``)."""

    o: str
    k: str
    d: str = "NULL"
    by: str = "NULL"
    w: str = "NULL"

    def fields(self) -> tuple[str, str, str, str, str]:
        return (self.o, self.k, self.d, self.by, self.w)


_REVIEW = _R(literal(NEEDS_REVIEW), "'unknown'")


def _case(branches: list[tuple[str, _R]], otherwise: _R) -> _R:
    """Field by field: the result of the first branch whose condition holds."""
    return _R(
        *(
            f"CASE {' '.join(f'WHEN {g} THEN {r.fields()[i]}' for g, r in branches)}"
            f" ELSE {otherwise.fields()[i]} END"
            for i in range(len(_FIELDS))
        )
    )


def _level(i: int, result: _R) -> tuple[tuple[str, str], ...]:
    """``result`` as the columns ``r{i}_o`` … ``r{i}_w``."""
    return tuple(
        (f"r{i}_{f}", f"CAST({v} AS {t})")
        for f, t, v in zip(_FIELDS, _TYPES, result.fields(), strict=True)
    )


@attrs.frozen
class Plan:
    """A statute compiled to SQL for one as-of date over ``counts`` (``t``) and the columns
    ``compiler.hoisted`` adds: ``inputs``, the count's scope (``sc``) and each decision's
    condition, relief date and end (one projection), then ``cascade``, one projection per
    decision from the last to the first, each the result (``r{i}_o`` … ``r{i}_w``, as
    ``_FIELDS``) of the decisions from it on; ``r0_*`` is the count's."""

    inputs: tuple[tuple[str, str], ...]
    cascade: tuple[tuple[tuple[str, str], ...], ...]
    compiler: Compiler
    #: the parameters' values in force on the as-of date (for reasons)
    params: Mapping[str, Any]

    def reads(self) -> list[str]:
        """The hoisted columns the query reads (``t.h_3``): only their tables are joined to
        ``counts`` (a value only a later stage reads is not)."""
        text = " ".join(x for level in (self.inputs, *self.cascade) for _, x in level)
        return re.findall(rf"\b{THIS}\.(h_\d+)\b", text)

    def query(self, source: str, keep: str) -> str:
        """The results of the counts of ``source`` (aliased ``t``), with its columns ``keep``."""
        inputs = ", ".join(f"{sql} AS {name}" for name, sql in self.inputs)
        sql = f"SELECT {THIS}.*, {inputs} FROM {source} {THIS}"
        for level in self.cascade:
            sql = f"SELECT *, {', '.join(f'{x} AS {name}' for name, x in level)} FROM ({sql})"
        return f"SELECT {keep}, sc, {', '.join(f'r0_{f}' for f in _FIELDS)} FROM ({sql})"


def plan(statute: Statute, as_of: date) -> Plan:
    """The query of ``statute`` as of ``as_of``; ``UnsupportedConstruct`` if it cannot be
    compiled exactly.  The decision order is static, so the cascade (``_Decider._decide`` and
    ``apply``) is a ``CASE`` per field and decision, specialized to the decision's kind."""
    checked = statute.checked
    st = checked.statute
    c = Compiler(checked, as_of)
    env = Env(Person(id="-"), [], as_of, {}, None)
    params = parameter_values(statute.fast, env, as_of)
    changes = parameter_periods(statute.fast)
    periods = (
        [(b, parameter_values(statute.fast, env, b)) for b in (date.min, *changes)]
        if changes
        else []
    )
    effective = statute.effective or date.min
    assert st.scope is not None
    inputs = [("sc", c.condition(st.scope.condition, params))]
    today, otherwise = literal(as_of), literal(st.otherwise)
    acc = _R(otherwise, "'never'")
    cascade = []
    for i in reversed(range(len(checked.order))):
        d = checked.order[i]
        x, o, name = f"x{i}", literal(d.outcome), literal(d.name)
        rest = f"({acc.o} = {literal(NEEDS_REVIEW)} OR {acc.k} = 'never')"
        if isinstance(d, n.Rule):
            parts = [c.condition(d.when, params)] if d.when is not None else []
            parts += [f"(NOT {c.condition(u.condition, params)})" for u in d.unless]
            inputs.append((f"{x}_c", " AND ".join(f"({p})" for p in parts) or "TRUE"))
            if statute.relief[d.outcome]:
                rv, rd = _relief_date(c, d, params, periods, effective)
                inputs += [(f"{x}_rv", rv), (f"{x}_rd", f"CAST({rd} AS DATE)")]
                applied = _case(
                    [
                        (f"{x}_rv", _REVIEW),
                        (f"{today} >= {x}_rd", _R(o, "'date'", f"{x}_rd", name)),
                    ],
                    _R(otherwise, "'date'", f"{x}_rd", name, name),
                )
            else:
                applied = _R(o, "'never'", by=name)
        else:
            inputs.append((f"{x}_c", c.condition(d.condition, params)))
            if d.kind == "bar":
                applied = _R(o, "'never'", by=name)
            elif d.kind == "block":
                applied = _case([(rest, acc)], _R(o, "'unknown'", by=name))
            else:
                until = c.value(d.until, params) if d.until is not None else V("NULL")
                inputs += [
                    (f"{x}_uu", until.unknown),
                    (f"{x}_un", f"({until.nothing})"),
                    (f"{x}_u", f"CAST({until.sql} AS DATE)"),
                ]
                start = f"{x}_u"
                applied = _case(
                    [
                        (rest, acc),
                        (f"{x}_uu", _REVIEW),
                        (f"{x}_un OR {acc.k} <> 'date' OR {x}_u <= {acc.d}", acc),
                        (f"{today} >= {start}", _R(acc.o, "'date'", start, acc.by)),
                    ],
                    _R(o, "'date'", start, name, f"coalesce({acc.w}, {acc.by})"),
                )
        same = (
            f"({applied.o} = {acc.o} AND {applied.k} = {acc.k}"
            f" AND {applied.d} IS NOT DISTINCT FROM {acc.d}"
            f" AND {applied.o} <> {literal(NEEDS_REVIEW)})"
        )
        step = _case([(f"{x}_c IS TRUE", applied), (f"{x}_c IS FALSE OR {same}", acc)], _REVIEW)
        cascade.append(_level(i, step))
        acc = _R(*(f"r{i}_{f}" for f in _FIELDS))
    if not cascade:
        cascade.append(_level(0, acc))
    return Plan(tuple(inputs), tuple(cascade), c, params)


def _relief_date(
    c: Compiler,
    d: n.Rule,
    params: Mapping[str, Any],
    periods: list[tuple[date, dict[str, Any]]],
    effective: date,
) -> tuple[str, str]:
    """(needs review, the first day) of a relief rule (``Decider.relief_date``)."""
    if d.on is None:
        return "FALSE", literal(effective)
    if not periods:
        v = c.value(d.on, params)
        return f"({v.unknown} OR ({v.nothing}))", f"greatest({v.sql}, {literal(effective)})"
    firsts: list[tuple[V, str]] = []
    for begin, values in periods:
        firsts.append((c.value(d.on, values), literal(max(effective, begin))))
    review = " OR ".join(f"{v.unknown} OR ({v.nothing})" for v, _ in firsts)
    candidates = []
    for k, (v, floor) in enumerate(firsts):
        first = f"greatest({v.sql}, {floor})"
        if k + 1 == len(periods):
            candidates.append(first)
        else:
            candidates.append(f"CASE WHEN {first} < {literal(periods[k + 1][0])} THEN {first} END")
    return f"({review})", f"least({', '.join(candidates)})"


@attrs.frozen
class Run:
    """A run's determinations (``table``: the columns of ``check``'s JSON), how many people
    it read, how many the Python evaluator decided (``fallback``), and the people that could
    not be read (``rejected``: as the Python path rejects them, left out of ``table``)."""

    table: pa.Table
    people: int
    fallback: int
    rejected: tuple[Rejection, ...] = ()


def _cases(mapping: Mapping[str, str], expr: str, default: str = "NULL") -> str:
    if not mapping:
        return default
    whens = " ".join(f"WHEN {literal(k)} THEN {v}" for k, v in mapping.items())
    return f"CASE {expr} {whens} ELSE {default} END"


def _output(statute: Statute, out_of_scope: bool, params: Mapping[str, Any]) -> str:
    """The determination columns of a count from ``x`` (its result ``r0_*`` and scope ``sc``)."""
    st = statute.node
    decisions = {d.name: d for d in statute.checked.order}
    titles = {k: literal(title_text(v, params)) for k, v in statute.titles.items()}
    relief = {o.name: literal(o.relief) for o in st.outcomes}
    kinds = {o.name: literal(o.kind) for o in st.outcomes if o.relief}
    citations = {k: f"[{literal(d.citation)}]" for k, d in decisions.items() if d.citation}
    relief_rules = [
        k for k, d in decisions.items() if isinstance(d, n.Rule) and statute.relief[d.outcome]
    ]
    when = "strftime(x.r0_d, '%Y-%m-%d')"
    by, w = "x.r0_by", "x.r0_w"
    reason = (
        f"CASE WHEN {w} IS NOT NULL AND x.r0_k = 'date' THEN 'not yet: ' || {_cases(titles, w)}"
        f" || ' applies from ' || {when} || CASE WHEN {by} IS NOT NULL AND {by} <> {w}"
        f" THEN ', held back by ' || {_cases(titles, by)} ELSE '' END"
        f" || '; eligible on ' || {when} || ' if nothing else happens'"
        f" WHEN {by} IS NULL THEN 'no rule of this statute gives relief for this count'"
        + (
            f" WHEN {by} IN ({', '.join(literal(x) for x in relief_rules)})"
            f" THEN {_cases(titles, by)} || ': eligible since ' || {when}"
            if relief_rules
            else ""
        )
        + f" WHEN x.r0_k = 'unknown' THEN {_cases(titles, by)}"
        " || ': not eligible while this lasts; the date it ends is not known'"
        f" ELSE {_cases(titles, by)} END"
    )
    own = st.header.jurisdiction
    scope = st.scope
    assert scope is not None
    text = literal(
        f"outside the statute's scope (applies to each count where {statute.text_at(scope.condition.span)}): "
    )
    facts = "'disposition ' || coalesce(x.disposition_raw_text, 'not given') || coalesce(', level ' || x.level, '')"
    outside = f"{text} || {facts}"
    if own is not None:
        where = (
            "CASE WHEN coalesce(x.case_jurisdiction, '') <> '' THEN 'a ' || x.case_jurisdiction || ' case'"
            " ELSE 'a case with no jurisdiction' END"
        )
        lead = literal(f"; {statute.id} decides {own} cases")
        outside = (
            f"CASE WHEN x.case_jurisdiction IS DISTINCT FROM {literal(own)}"
            f" THEN 'outside the statute''s scope: ' || {where} || {lead} ELSE {outside} END"
        )
    rule = f"coalesce({by}, {w})"
    inscope = "x.sc IS TRUE"
    return f"""
        SELECT x.pid, x.ord, {literal(JSON_SCHEMA_VERSION)} AS schema, x.person_id AS person,
            x.case_id AS "case", x.id AS "count", {literal(statute.id)} AS statute,
            CASE WHEN {inscope} THEN x.r0_o ELSE '{OUT_OF_SCOPE}' END AS outcome,
            CASE WHEN {inscope} THEN {_cases(relief, "x.r0_o")} END AS relief,
            CASE WHEN {inscope} THEN {_cases(kinds, "x.r0_o")} END AS relief_kind,
            CASE WHEN NOT {inscope} THEN 'never' WHEN x.r0_k = 'date' THEN {when} ELSE x.r0_k END
                AS eligible_on,
            CASE WHEN {inscope} THEN {rule} END AS rule,
            CASE WHEN {inscope} THEN {_cases(citations, rule, "[]::VARCHAR[]")}
                ELSE []::VARCHAR[] END AS citations,
            [CASE WHEN {inscope} THEN {reason} ELSE {outside} END] AS reasons,
            []::VARCHAR[] AS missing,
            []::STRUCT(fact VARCHAR, value VARCHAR, citation VARCHAR)[] AS presumptions,
            []::VARCHAR[] AS warnings
        FROM decided x
        WHERE {inscope}{"" if not out_of_scope else " OR x.sc IS FALSE"}
    """


@attrs.define
class Streamed:
    """A run's determinations as Arrow batches in record order (``batches``: read them
    inside ``stream``'s block, once), with ``Run``'s counts — complete once ``batches`` is
    exhausted (the records are decided a slice at a time)."""

    batches: Iterator[pa.RecordBatch]
    people: int = 0
    fallback: int = 0
    rejected: tuple[Rejection, ...] = ()
    #: the time the Python evaluator took over the people handed to it
    python_seconds: float = 0.0


#: People handed to the Python evaluator at a time (their rows and determinations in memory).
FALLBACK_PEOPLE = 10_000
#: Determinations per batch streamed out of DuckDB.
OUT_ROWS = 65_536
#: People decided together (a slice: a Parquet file's row groups, whole, up to about this
#: many rows): every table, spill file and hand-over is of one slice, so that memory and the
#: temporary disk stay bounded whatever the size of the input.
SLICE_PEOPLE = 250_000


def records_relation(
    con: duckdb.DuckDBPyConnection, records: pa.Table | str | Path
) -> tuple[str, str, frozenset[str]]:
    """(the relation of the records with a ``pid`` column, their name for messages, their
    date columns written as text: ``layout.text_dates``)."""
    if isinstance(records, pa.Table):
        con.register("records_in", with_pid(records))
        return "records_in", "<table>", text_dates(records.schema)
    name, schema = checked_parquet(records)
    return (
        f"(SELECT * EXCLUDE (file_row_number), file_row_number AS pid"
        f" FROM read_parquet({literal(name)}, file_row_number = true))",
        name,
        text_dates(schema),
    )


def _slices(records: pa.Table | str | Path) -> Iterator[tuple[int, pa.Table]]:
    """The records (``records_relation`` has checked them) as slices of about
    ``SLICE_PEOPLE`` rows, each with the ``pid`` of its first row (at least one slice, maybe
    empty)."""
    if isinstance(records, pa.Table):
        for first in range(0, max(records.num_rows, 1), SLICE_PEOPLE):
            yield first, records.slice(first, SLICE_PEOPLE)
        return
    file = pq.ParquetFile(records)
    groups: list[int] = []
    first = rows = 0
    for g in range(file.num_row_groups):
        groups.append(g)
        rows += file.metadata.row_group(g).num_rows
        if rows >= SLICE_PEOPLE or g == file.num_row_groups - 1:
            # one thread: Arrow's pool doubles the CPU time of the read (0.27 -> 0.57 s for
            # 200,000 New York people)
            yield first, file.read_row_groups(groups, use_threads=False)
            first, groups, rows = first + rows, [], 0
    if file.num_row_groups == 0:
        yield 0, file.schema_arrow.empty_table()


def readable(
    records: pa.Table | str | Path,
) -> tuple[pa.Table | str | Path, list[Rejection], list[str] | None]:
    """``records`` as the engines read them: an Arrow table or a Parquet file as it is,
    another records file (JSON Lines, CSV) read by the records reader into a table: (that,
    the people the reader rejected, each row's ``file:line`` or ``None``)."""
    if isinstance(records, pa.Table) or str(records).lower().endswith(".parquet"):
        return records, [], None
    from clearlaw.io.parquet import people_to_table
    from clearlaw.io.stream import RecordStream

    stream = RecordStream(records)
    sources: list[str] = []
    table = people_to_table(noting_sources(stream, sources))
    return table, list(stream.rejected), sources


def noting_sources(people: Iterable[Person], sources: list[str]) -> Iterator[Person]:
    """``people``, each one's ``file:line`` appended to ``sources`` as it passes."""
    for person in people:
        sources.append(person.source or "<records>:0")
        yield person


def named(rejection: Rejection, sources: list[str] | None) -> Rejection:
    """``rejection`` (of a row of a table written from people: ``noting_sources``) named as
    the records file names the person; as it is without ``sources``."""
    if sources is None:
        return rejection
    file, _, line = sources[rejection.line - 1].rpartition(":")
    return attrs.evolve(rejection, file=file, line=int(line) if line.isdigit() else 0)


def in_record_order(
    unread: Iterable[Rejection], rejected: Iterable[Rejection], sources: list[str] | None
) -> tuple[Rejection, ...]:
    """The people the reader rejected (``unread``) and those an engine rejected (named by
    ``sources``), in the order of the records file."""
    found = [*unread, *(named(x, sources) for x in rejected)]
    return tuple(sorted(found, key=lambda x: x.line))


def fallback_sql() -> str:
    """The people the Python evaluator decides (``pid``), from the tables ``decided``,
    ``unread``, ``registrations`` and ``registration_citations``: a count it cannot decide
    exactly, a record the reader would reject or ``check`` would warn about."""
    return f"""
        SELECT DISTINCT pid FROM decided
        WHERE invalid OR cit_warn OR sc IS NULL OR (sc AND r0_o = {literal(NEEDS_REVIEW)})
        UNION SELECT pid FROM unread
        UNION SELECT g.pid FROM registrations g JOIN registration_citations l
        ON g.citation_text IS NOT DISTINCT FROM l.citation_text WHERE l.warn
    """


@contextlib.contextmanager
def stream(
    statute: Statute,
    records: pa.Table | str | Path,
    as_of: date,
    *,
    out_of_scope: bool = True,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> Iterator[Streamed]:
    """``statute`` over ``records`` (a records-layout Arrow table or Parquet file, or another
    records file: ``readable``) in DuckDB, the people it cannot decide exactly by the Python
    evaluator (``evaluate``), the determinations streamed in record order, the people that
    cannot be read in record order.  The records are decided ``SLICE_PEOPLE`` at a time, and
    DuckDB works within ``memory_limit`` (its default: 80% of the memory), spilling to a
    private temporary folder past it."""
    records, unread, sources = readable(records)
    with (
        tempfile.TemporaryDirectory(prefix="clearlaw-duckdb-") as spill,
        contextlib.closing(duckdb.connect()) as con,
    ):
        con.execute(f"SET temp_directory = {literal(spill)}")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            con.execute(f"SET memory_limit = {literal(memory_limit)}")
        # the order is restored by (pid, ord) at the end
        con.execute("SET preserve_insertion_order = false")
        for m in macros(statute.node.header.convention):
            con.execute(m)
        source, name, text = records_relation(con, records)
        # a person id given in two slices: the later rows are rejected as the Python path
        # rejects them, the hand-over reading the earlier rows first (``_Slice.fallback``)
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE repeated AS SELECT pid, id FROM (
                SELECT pid, id, count(*) OVER (PARTITION BY id) AS n FROM (
                    SELECT pid, id FROM {source})) WHERE n > 1"""
        )
        run = _Slice(
            con, statute, plan(statute, as_of), name, text, as_of, out_of_scope, Path(spill)
        )
        rejected: list[Rejection] = []

        def batches() -> Iterator[pa.RecordBatch]:  # runs once ``streamed`` is read
            for first, table in _slices(records):
                yield from run(source, first, table, streamed, rejected)
            streamed.rejected = in_record_order(unread, rejected, sources)

        streamed = Streamed(batches(), people=len(unread))
        yield streamed


@attrs.frozen
class _Slice:
    """One slice of the records (``_slices``) through the query and the hand-over, its
    determinations in record order."""

    con: duckdb.DuckDBPyConnection
    statute: Statute
    plan: Plan
    name: str
    text: frozenset[str]
    as_of: date
    out_of_scope: bool
    spill: Path

    def __call__(
        self,
        source: str,
        first: int,
        table: pa.Table,
        streamed: Streamed,
        rejected: list[Rejection],
    ) -> Iterator[pa.RecordBatch]:
        """The determinations of ``table`` (rows ``first``…); counts added to ``streamed``,
        rejections to ``rejected``; ``source`` is the whole records' relation."""
        con, statute, c = self.con, self.statute, self.plan.compiler
        pids = pa.array(range(first, first + table.num_rows), pa.int64())
        rows = table.append_column("pid", pids)
        con.register("records_slice", rows)
        flatten(con, "records_slice", {f.name: f.type for f in statute.node.facts}, self.text)
        _with_citations(con, statute, c)
        con.execute("DROP TABLE counts")
        stages = _per_person(_stages(c.hoisted))
        tables = {h.name: stage for stage, group in stages for h in group}
        for stage, group in stages:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {stage} AS {_stage(group, tables)}")
        query = _with_hoisted("base", self.plan.reads(), tables)
        keep = (
            "pid, ord, person_id, case_id, id, case_jurisdiction, level,"
            " disposition_raw AS disposition_raw_text, invalid, cit_warn"
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE decided AS {self.plan.query(query, keep)}")
        for stage in ("base", *(stage for stage, _ in stages)):
            con.execute(f"DROP TABLE {stage}")
        last = first + table.num_rows
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE fallback AS {fallback_sql()}
            UNION SELECT pid FROM repeated WHERE pid >= {first} AND pid < {last}"""
        )
        ((fallback,),) = con.execute("SELECT count(*) FROM fallback").fetchall()
        started = time.perf_counter()
        handed = self.fallback(source, rows, first, rejected)
        streamed.python_seconds += time.perf_counter() - started
        streamed.people += table.num_rows
        streamed.fallback += int(fallback)
        # a person without counts is decided by nobody: nothing to say
        yield from (
            b.cast(DETERMINATIONS_SCHEMA)
            for b in con.sql(
                f"""SELECT * EXCLUDE (pid, ord) FROM (
                    SELECT * FROM ({_output(statute, self.out_of_scope, self.plan.params)})
                    WHERE pid NOT IN (SELECT pid FROM fallback)
                    UNION ALL BY NAME SELECT * FROM read_parquet({literal(str(handed))})
                    WHERE pid >= {first}
                ) ORDER BY pid, ord"""
            ).to_arrow_reader(OUT_ROWS)
        )
        con.unregister("records_slice")

    def fallback(self, source: str, rows: pa.Table, first: int, rejected: list[Rejection]) -> Path:
        """A Parquet file in ``spill`` of the determinations of the people of ``fallback`` by
        the Python evaluator (``handover.decide``: their rows, taken from the slice's ``rows``
        as they are, in row order, ``FALLBACK_PEOPLE`` at a time), keyed by row; the rows it
        cannot read go to ``rejected`` (named ``name:row``), in row order.  The rows of
        earlier slices with a person id of this one are read first (from ``source``), so that
        the id is rejected as the Python path rejects it, and left out."""
        last = first + rows.num_rows
        # taken by place from the Arrow slice, not read back through DuckDB
        places = self.con.sql(f"SELECT pid - {first} FROM fallback ORDER BY pid").to_arrow_table()
        taken = rows.take(places.column(0)).to_batches(FALLBACK_PEOPLE)
        earlier = self.con.sql(
            f"""SELECT * FROM {source} WHERE pid IN (
                SELECT pid FROM repeated WHERE pid < {first} AND id IN (
                    SELECT id FROM repeated WHERE pid >= {first} AND pid < {last}))
            ORDER BY pid"""
        ).to_arrow_reader(FALLBACK_PEOPLE)
        out = self.spill / f"python-{first}.parquet"
        schema = keyed([], []).schema
        with pq.ParquetWriter(out, schema) as writer:
            for found, refused in decide(
                self.statute, chain(earlier, taken), self.name, self.as_of, self.out_of_scope
            ):
                writer.write_table(found.cast(schema))
                rejected.extend(r for pid, r in refused if pid >= first)
        return out


def run(
    statute: Statute,
    records: pa.Table | str | Path,
    as_of: date,
    *,
    out_of_scope: bool = True,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> Run:
    """``stream``'s determinations as one table."""
    with stream(
        statute,
        records,
        as_of,
        out_of_scope=out_of_scope,
        threads=threads,
        memory_limit=memory_limit,
    ) as s:
        table = pa.Table.from_batches(list(s.batches), DETERMINATIONS_SCHEMA)
        return Run(table, s.people, s.fallback, s.rejected)


def _stages(hoisted: list[Hoist]) -> list[tuple[str, list[Hoist]]]:
    """The hoisted values grouped into as few tables as their dependencies allow: those that
    read no hoisted value not computed before them and read the same elements (``join``)
    are computed by one query, one join and one aggregation; (table, its values) in the
    order they can be computed."""
    level: dict[str, int] = {}
    groups: dict[tuple[int, str | None], list[Hoist]] = {}
    for h in hoisted:
        reads = re.findall(r"\b[te]\.(h_\d+)\b", f"{h.sql} {h.join}")
        level[h.name] = 1 + max((level[x] for x in reads), default=-1)
        groups.setdefault((level[h.name], h.join), []).append(h)
    ordered = sorted(groups.items(), key=lambda kv: kv[0][0])
    return [(f"hs_{k}", group) for k, (_, group) in enumerate(ordered)]


#: The joins of every count, and every registration, of the person of the count decided.
_WHOLE = (
    f"base {ELEMENT} ON {ELEMENT}.pid = {THIS}.pid",
    f"registrations {REGISTRATION} ON {REGISTRATION}.pid = {THIS}.pid",
)


def _of_person(h: Hoist) -> bool:
    """Whether ``h`` is the same for every count of a person: an aggregate over all the
    person's counts or registrations that does not read the count decided."""
    return h.join in _WHOLE and not re.search(rf"\b{THIS}\.", h.sql)


def _per_person(stages: list[tuple[str, list[Hoist]]]) -> list[tuple[str, list[Hoist]]]:
    """``stages`` with the values of each that are the same for every count of a person
    (``_of_person``) as a stage of their own after it: aggregated once per person, not once
    per count over every pair of the person's counts."""
    out = []
    for table, group in stages:
        rest = [h for h in group if not _of_person(h)]
        whole = [h for h in group if _of_person(h)]
        out += [(table, rest)] if rest else []
        out += [(f"{table}{_PERSON}", whole)] if whole else []
    return out


#: The suffix of a stage's table whose values are the same for every count of a person: one
#: row per person (``pid``), joined by person.
_PERSON = "_p"


def _key(table: str) -> str:
    """The columns a stage's table is keyed by: ``pid`` (``_PERSON``) or ``pid, ord``."""
    return "pid" if table.endswith(_PERSON) else "pid, ord"


def _stage(group: list[Hoist], tables: Mapping[str, str]) -> str:
    """The query of one stage (``_per_person``): its values for each count (``pid``,
    ``ord``), or for each person (``pid``) where they are the same for all of a person's
    counts, reading the hoisted values of earlier stages from ``tables``."""
    text = " ".join(f"{h.sql} {h.join}" for h in group)
    elements = _with_hoisted("base", re.findall(rf"\b{ELEMENT}\.(h_\d+)\b", text), tables)
    values = ", ".join(f"{h.sql} AS {h.name}" for h in group)
    join = group[0].join
    kept = [h.kept for h in group]
    # the elements that no value of the stage reads are left out before aggregating
    where = f" WHERE {' OR '.join(f'({x})' for x in kept)}" if None not in kept else ""
    if join is not None and all(_of_person(h) for h in group):
        # one row per person, joined back by person where read (``_key``)
        table, alias = join.split()[:2]
        source = elements if alias == ELEMENT else table
        return f"SELECT {alias}.pid, {values} FROM {source} {alias}{where} GROUP BY {alias}.pid"
    rows = _with_hoisted("base", re.findall(rf"\b{THIS}\.(h_\d+)\b", text), tables)
    select = f"SELECT {THIS}.pid, {THIS}.ord, {values} FROM {rows} {THIS}"
    if join is None:
        return select
    table, alias, on = join.split(" ", 2)
    source = elements if alias == ELEMENT else table
    pre = [h.pre for h in group]
    if where and None not in pre:
        # the elements that no value keeps by their own fields, left out before the join
        source = f"(SELECT * FROM {source} {alias} WHERE {' OR '.join(f'({x}) IS NOT FALSE' for x in pre)})"
    return f"{select} JOIN {source} {alias} {on}{where} GROUP BY {THIS}.pid, {THIS}.ord"


def _with_hoisted(table: str, names: list[str], tables: Mapping[str, str] | None = None) -> str:
    """``table`` with the hoisted columns ``names`` (``NULL`` where a count has none), each
    read from its table in ``tables`` (by default the table of its own name)."""
    names = sorted(set(names), key=lambda x: int(x[2:]))
    if not names:
        return table
    where = {x: (tables or {}).get(x, x) for x in names}
    sources = sorted(set(where.values()), key=list(where.values()).index)
    joins = " ".join(f"LEFT JOIN {x} USING ({_key(x)})" for x in sources)
    return f"(SELECT b.*, {', '.join(f'{where[x]}.{x}' for x in names)} FROM {table} b {joins})"


def with_citations(
    statute: Statute,
    c: Compiler,
    rows: Callable[[str], list[tuple[Any, ...]]],
    table: Callable[[str, pa.Table], None],
    create: Callable[[str, str], None],
) -> None:
    """The citation tests of every distinct citation (``layout.citation_lookup``: the Python
    matcher, once per citation) as the tables ``count_citations`` and
    ``registration_citations``, ``registrations`` with its tests as columns, and ``base``:
    the counts with theirs.  The engine's own operations do it: ``rows`` (the rows of a
    query), ``table`` (an Arrow table as a named table), ``create`` (a query's result as a
    named table); every query is DuckDB SQL, which the Spark engine transpiles."""
    tests = list(c.citation_tests.values())
    keys = rows("SELECT DISTINCT citation_text, object_citation, case_jurisdiction FROM counts")
    table("count_citations", citation_lookup(statute, keys, tests, registration=False))
    regs = rows(
        "SELECT DISTINCT citation_text, NULL AS object_citation, NULL AS case_jurisdiction"
        " FROM registrations"
    )
    table("registration_citations", citation_lookup(statute, regs, tests, registration=True))
    create(
        "registrations",
        "SELECT g.*"
        + "".join(f", l.{t.column}" for t in tests if t.registration)
        + " FROM registrations g LEFT JOIN registration_citations l"
        " ON g.citation_text IS NOT DISTINCT FROM l.citation_text",
    )
    create(
        "base",
        "SELECT k.*, l.warn AS cit_warn"
        + "".join(f", l.{t.column}" for t in tests if not t.registration)
        + """ FROM counts k LEFT JOIN count_citations l
        ON k.citation_text IS NOT DISTINCT FROM l.citation_text
        AND k.object_citation IS NOT DISTINCT FROM l.object_citation
        AND k.case_jurisdiction IS NOT DISTINCT FROM l.jurisdiction""",
    )


def _with_citations(con: duckdb.DuckDBPyConnection, statute: Statute, c: Compiler) -> None:
    """``with_citations`` in DuckDB (temporary tables)."""

    def create(name: str, sql: str) -> None:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def table(name: str, lookup: pa.Table) -> None:
        con.register(f"{name}_in", lookup)
        create(name, f"SELECT * FROM {name}_in")

    with_citations(statute, c, lambda sql: con.execute(sql).fetchall(), table, create)


def warned(batches: Iterable[pa.RecordBatch], accounts: Accounts) -> Iterator[pa.RecordBatch]:
    """``batches`` as they are, their determinations with warnings counted by ``accounts`` as
    they pass (``check`` says the warnings on stderr, as with the Python evaluator)."""
    import pyarrow.compute as pc

    from clearlaw.side_by_side import determination

    for batch in batches:
        rows = batch.filter(
            pc.greater(pc.list_value_length(batch.column("warnings")), pa.scalar(0))
        )
        for _ in accounts.watch(determination(row) for row in rows.to_pylist()):
            pass
        yield batch


def write_determinations(
    batches: pa.Table | Iterable[pa.RecordBatch], out: IO[Any], form: str
) -> None:
    """Determinations (``run``'s table or ``stream``'s batches) as Parquet (``out`` binary)
    or JSON Lines as ``check`` writes them (``out`` text), one batch at a time."""
    if isinstance(batches, pa.Table):
        batches = batches.to_batches(max_chunksize=OUT_ROWS)
    if form == "parquet":
        with pq.ParquetWriter(out, DETERMINATIONS_SCHEMA, compression="zstd") as writer:
            for batch in batches:
                writer.write_batch(batch)
        return
    for batch in batches:
        for row in batch.to_pylist():
            for p in row["presumptions"]:
                p["value"] = json.loads(p["value"])
            out.write(json_line(row))
            out.write("\n")


def run_frame(
    statute: Statute,
    records: object,
    as_of: date,
    rejected: list[Rejection],
    *,
    out_of_scope: bool = True,
    engine: str = "duckdb",
) -> pa.Table:
    """``clearlaw.evaluate_frame(..., engine="duckdb"|"spark")``: ``records`` a records file
    or a table in the Parquet layout (Arrow, polars, pandas); the people that cannot be read
    go to ``rejected``, in record order."""
    from clearlaw.frames import _arrow

    source = records if isinstance(records, str | Path) else _arrow(records)
    if engine == "spark":
        from clearlaw.columnar.spark import run as run_spark

        result = run_spark(statute, source, as_of, out_of_scope=out_of_scope)
    else:
        result = run(statute, source, as_of, out_of_scope=out_of_scope)
    rejected.extend(result.rejected)
    return result.table


def evaluate_table(
    statute: Statute, records: pa.Table | str | Path, as_of: date, *, out_of_scope: bool = True
) -> pa.Table:
    """Every determination of ``statute`` for the people of ``records`` as of ``as_of``
    (``run``'s table)."""
    return run(statute, records, as_of, out_of_scope=out_of_scope).table
