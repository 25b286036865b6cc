"""Several statutes, or one statute at several dates, over the same records, person by person:
what ``clearlaw compare`` and ``clearlaw diff`` read.

Each ``Job`` is a statute at a date.  ``python_decided`` evaluates every job on each person
with the Python evaluator; ``engine_decided`` runs each job once over the whole input on a
columnar engine (``clearlaw.columnar``: DuckDB or Spark), writes its determinations to a
private temporary Parquet file and reads the files back together, in record order, so that
both give the same ``Decided`` items: one per person that every job reads (a person one job
rejects, say for a fact its statute cannot read, is left out of all of them, as ``diff``
always did), with the person's counts and each job's determinations.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from clearlaw import records as r
from clearlaw.dates import date, parse_date
from clearlaw.evaluate import Determination, EligibleOn, Statute, evaluate
from clearlaw.io.errors import Rejection
from clearlaw.presume import Presumption

__all__ = [
    "CountKey",
    "Decided",
    "EngineRuns",
    "Job",
    "as_local",
    "count_keys",
    "determination",
    "engine_decided",
    "python_decided",
]

#: A count of a person's record: (case id, count id, level as read, or ``None``).
CountKey = tuple[str, str, str | None]


@attrs.frozen
class Job:
    """A statute as of a date; with ``jurisdiction``, every case is read as if it were in
    that jurisdiction (``compare --as-if-local``)."""

    statute: Statute
    as_of: date
    jurisdiction: str | None = None


@attrs.frozen
class Decided:
    """One person: their counts in record order and, for each job, the determinations of
    the counts the job's statute decides (``evaluate`` without ``out_of_scope``)."""

    person: str
    counts: tuple[CountKey, ...]
    results: tuple[tuple[Determination, ...], ...]


def as_local(person: r.Person, jurisdiction: str | None) -> r.Person:
    """``person`` with every case in ``jurisdiction`` (unchanged when ``None``)."""
    if jurisdiction is None:
        return person
    cases = tuple(attrs.evolve(c, jurisdiction=jurisdiction) for c in person.cases)
    return attrs.evolve(person, cases=cases)


def count_keys(person: r.Person) -> tuple[CountKey, ...]:
    """The counts of ``person``'s record, in record order."""
    return tuple(
        (case.id, count.id, None if count.level is None else str(count.level))
        for case in person.cases
        for count in case.counts
    )


def python_decided(jobs: Sequence[Job], people: Iterable[r.Person]) -> Iterator[Decided]:
    """Every job on each of ``people`` (read once, one at a time) by the Python evaluator."""
    for person in people:
        results = tuple(
            tuple(evaluate(j.statute, as_local(person, j.jurisdiction), j.as_of, explain=False))
            for j in jobs
        )
        yield Decided(person.id, count_keys(person), results)


@attrs.frozen
class EngineRuns:
    """The jobs' determinations as ``Decided`` items in record order (``decided``: read them
    inside ``engine_decided``'s block, once); ``rows``: the people the engine was given;
    ``rejected``: the people a job could not read, each once, in record order."""

    decided: Iterator[Decided]
    rows: int
    rejected: tuple[Rejection, ...]


#: Determinations read back at a time.
_BATCH = 65_536


@contextlib.contextmanager
def engine_decided(
    jobs: Sequence[Job], records: str | Path | Iterable[r.Person], engine: str
) -> Iterator[EngineRuns]:
    """Run each job over ``records`` (a Parquet records file, or people already read, written
    to a temporary Parquet file first) on ``engine`` (``"duckdb"`` or ``"spark"``), one after
    the other, and read their determinations back together.  The engine's errors
    (``UnsupportedConstruct``, ``EngineError``, ``RecordsError``, ``duckdb.Error``) pass
    through."""
    import pyarrow.parquet as pq

    from clearlaw.columnar import spark, stream, write_determinations
    from clearlaw.columnar.engine import named, noting_sources
    from clearlaw.io.parquet import write_parquet

    streamed = spark.stream if engine == "spark" else stream
    with tempfile.TemporaryDirectory(prefix="clearlaw-runs-") as temp:
        folder = Path(temp)
        sources: list[str] | None = None
        if isinstance(records, str | Path):
            source = str(records)
        else:
            sources = []
            source = str(folder / "records.parquet")
            write_parquet(noting_sources(records, sources), source)
        outputs: list[Path] = []
        rejected: list[dict[int, Rejection]] = []
        for k, job in enumerate(jobs):
            path = source if job.jurisdiction is None else _local(source, job.jurisdiction, folder)
            outputs.append(folder / f"job{k}.parquet")
            with (
                streamed(job.statute, path, job.as_of, out_of_scope=False) as s,
                outputs[-1].open("wb") as fb,
            ):
                write_determinations(s.batches, fb, "parquet")
            rejected.append({x.line: x for x in s.rejected})
        every = set.intersection(*(set(x) for x in rejected)) if rejected else set()
        some = {line: x for found in reversed(rejected) for line, x in found.items()}
        # a person id of a row that some jobs read and others rejected: left out of them all
        excluded = {x.person_id for line, x in some.items() if line not in every}
        kept = _kept_counts(source, {line - 1 for line in some})
        yield EngineRuns(
            _aligned(kept, [_rows(out, excluded) for out in outputs]),
            pq.read_metadata(source).num_rows,
            tuple(named(some[line], sources) for line in sorted(some)),
        )


def _local(source: str, jurisdiction: str, folder: Path) -> str:
    """A copy of the records file ``source`` with every case in ``jurisdiction``."""
    import duckdb

    from clearlaw.columnar.sql import literal

    out = folder / f"local-{jurisdiction}.parquet"
    if not out.exists():
        moved = (
            "list_transform(cases, lambda c: CASE WHEN c IS NOT NULL THEN"
            f" struct_update(c, jurisdiction := {literal(jurisdiction)}) END)"
        )
        with contextlib.closing(duckdb.connect()) as con:
            con.execute(
                f"COPY (SELECT * REPLACE ({moved} AS cases) FROM read_parquet({literal(source)}))"
                f" TO {literal(str(out))} (FORMAT parquet)"
            )
    return str(out)


def _kept_counts(source: str, rejected_rows: set[int]) -> Iterator[tuple[str, list[CountKey]]]:
    """(person id, counts) of every row of ``source`` not in ``rejected_rows``, in order;
    ids and levels as the engine reads them (``clearlaw.columnar.layout.flatten_sql``)."""
    import duckdb
    import pyarrow as pa

    from clearlaw.columnar.engine import records_relation
    from clearlaw.columnar.layout import flatten_sql

    with contextlib.closing(duckdb.connect()) as con:
        con.register(
            "rejected_rows", pa.table({"pid": pa.array(sorted(rejected_rows), pa.int64())})
        )
        people, _, text = records_relation(con, source)
        flat = flatten_sql(people, {}, text)["counts"]
        rows = con.sql(
            f"""SELECT p.pid, p.id, x.case_id, x.id AS count_id, x.level
            FROM {people} p LEFT JOIN ({flat}) x ON x.pid = p.pid
            WHERE p.pid NOT IN (SELECT pid FROM rejected_rows)
            ORDER BY p.pid, x.ord"""
        ).to_arrow_reader(_BATCH)
        pid, person, counts = -1, "", list[CountKey]()
        for batch in rows:
            for row in zip(*(batch.column(i).to_pylist() for i in range(5)), strict=True):
                if row[0] != pid:
                    if pid >= 0:
                        yield person, counts
                    pid, person, counts = row[0], row[1], []
                if row[2] is not None:
                    counts.append((row[2], row[3], row[4]))
        if pid >= 0:
            yield person, counts


def _rows(path: Path, excluded: set[str | None]) -> Iterator[Determination]:
    """The determinations of a job's output, without those of the people of ``excluded``."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=_BATCH):
        for row in batch.to_pylist():
            if row["person"] not in excluded:
                yield determination(row)


def _eligible(text: str) -> EligibleOn:
    if text == "never":
        return "never"
    if text == "unknown":
        return "unknown"
    return parse_date(text)


def determination(row: dict[str, Any]) -> Determination:
    """A row of the determinations table (``check``'s JSON columns) as a ``Determination``."""
    return Determination(
        person=row["person"],
        case=row["case"],
        count=row["count"],
        statute=row["statute"],
        outcome=row["outcome"],
        relief=row["relief"],
        eligible_on=_eligible(row["eligible_on"]),
        rule=row["rule"],
        citations=tuple(row["citations"]),
        reasons=tuple(row["reasons"]),
        missing=tuple(row["missing"]),
        relief_kind=row["relief_kind"],
        presumptions=tuple(
            Presumption(p["fact"], json.loads(p["value"]), p["citation"])
            for p in row["presumptions"]
        ),
        warnings=tuple(row["warnings"]),
    )


def _aligned(
    kept: Iterator[tuple[str, list[CountKey]]], jobs: list[Iterator[Determination]]
) -> Iterator[Decided]:
    """The people of ``kept`` with each job's determinations of their counts (a job lists
    the counts it decides, in record order, of the people it reads)."""
    heads = [next(job, None) for job in jobs]
    for person, counts in kept:
        results = []
        for k, job in enumerate(jobs):
            found = []
            while (head := heads[k]) is not None and head.person == person:
                found.append(head)
                heads[k] = next(job, None)
            results.append(tuple(found))
        yield Decided(person, tuple(counts), tuple(results))
    if any(head is not None for head in heads):
        raise RuntimeError("the engine's runs do not line up with the records")
