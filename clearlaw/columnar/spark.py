"""Run a statute over a records table in Apache Spark (PySpark), the same compiled statute as
the DuckDB engine (``engine.plan``: one compiler, its SQL transpiled by ``dialect``), with the
same hybrid: a person the SQL leaves at needs_review, or whose record the reader would reject
or warn about, is decided by the Python evaluator (docs/columnar.md, "Spark").

The records are flattened in Spark by ``layout.flatten_sql``'s queries, transpiled: the
reading rules are written once, in DuckDB SQL.  Each hoisted value is a table of its own,
checkpointed (so that the plan of a later stage does not hold every earlier one), joined back
on ``(pid, ord)``; ``pid`` is the person's row in the input (Parquet: the file's
``_metadata.row_index``).

Nothing about people comes to the driver: the people handed to Python are decided in Spark's
Python workers (``handover.Handover``, ``mapInArrow`` over their rows), and ``write`` has
Spark write the determinations as Parquet, in record order; ``stream`` and ``run`` read
that folder back a batch at a time.  The driver collects only the distinct citations (for
the Python matcher) and the rejected people.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from clearlaw.columnar.engine import (
    OUT_ROWS,
    Run,
    Streamed,
    _output,
    _per_person,
    _stage,
    _stages,
    _with_hoisted,
    fallback_sql,
    in_record_order,
    plan,
    readable,
    with_citations,
)
from clearlaw.columnar.handover import REJECTION, Handover, rejection_from_text
from clearlaw.columnar.layout import (
    checked_parquet,
    flatten_sql,
    text_dates,
    with_pid,
)
from clearlaw.columnar.sql import THIS
from clearlaw.dates import date
from clearlaw.evaluate import Statute
from clearlaw.frames import EngineError
from clearlaw.io.determination_table import DETERMINATIONS_SCHEMA
from clearlaw.io.errors import Rejection

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["MASTER", "Written", "run", "session", "stream", "write"]

#: Local mode on two cores unless told otherwise (``run(..., spark=...)`` takes any session).
MASTER = "local[2]"

#: Settings of the session ``session`` starts: few shuffle partitions for one machine, no web
#: UI, SQL's own NULL on a bad cast instead of an error (as DuckDB's ``TRY``: the rows where
#: it could happen are handed to Python anyway).
_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.ansi.enabled": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "2g",
}


def session(master: str = MASTER, conf: Mapping[str, str] | None = None) -> SparkSession:
    """The active Spark session, or a new one on ``master`` (``conf`` over ``_CONF``);
    ``EngineError`` (one line) when pyspark, sqlglot or Java is missing."""
    try:
        import sqlglot  # noqa: F401  # clearlaw.columnar.dialect
        from pyspark.sql import SparkSession
    except ImportError as err:
        missing = err.name or "pyspark"
        raise EngineError(
            f"engine 'spark' needs {missing}: pip install 'clearlaw[spark]'"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if shutil.which("java") is None and not _java_home():
        raise EngineError("engine 'spark' needs Java 17 or later: java was not found")
    builder = SparkSession.builder.master(master).appName("clearlaw")
    for key, value in {**_CONF, **_private(master), **(conf or {})}.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # the JVM did not start: say why in one line
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise EngineError(f"engine 'spark': Spark did not start: {first}") from None
    spark.sparkContext.setLogLevel("OFF")
    _quiet()
    return spark


def _private(master: str) -> dict[str, str]:
    """Settings that keep Spark out of the current folder: its SQL warehouse in a private
    temporary folder (removed at exit; Spark would make ``spark-warehouse/`` here), the
    in-memory catalog (no ``metastore_db/`` nor ``derby.log``).  In local mode the Python
    workers run this interpreter unless ``PYSPARK_PYTHON`` says otherwise (the hand-over
    imports clearlaw; PySpark reads only that variable, not ``spark.pyspark.python``)."""
    folder = tempfile.mkdtemp(prefix="clearlaw-spark-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return {
        "spark.sql.warehouse.dir": str(Path(folder) / "warehouse"),
        "spark.sql.catalogImplementation": "in-memory",
    }


def _quiet() -> None:
    """No stack trace on stderr for a query Spark refuses (the error says it, once)."""
    import logging

    from pyspark.logger import PySparkLogger

    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL + 1)


def _java_home() -> bool:
    home = os.environ.get("JAVA_HOME")
    return home is not None and (Path(home) / "bin" / "java").exists()


def _source(
    spark: SparkSession, records: pa.Table | str | Path
) -> tuple[DataFrame, str, frozenset[str]]:
    """The records as a Spark DataFrame with ``pid`` (the row), their name, and their date
    columns written as text (``layout.text_dates``)."""
    from pyspark.sql import functions as F

    if isinstance(records, pa.Table):
        return spark.createDataFrame(with_pid(records)), "<table>", text_dates(records.schema)
    name, schema = checked_parquet(records)
    frame = spark.read.parquet(str(Path(records).resolve()))
    return frame.select("*", F.col("_metadata.row_index").alias("pid")), name, text_dates(schema)


def _checkpoint(spark: SparkSession, sql: str, view: str) -> None:
    """``sql`` computed now (kept in memory, spilled to disk) as the view ``view``."""
    spark.sql(sql).localCheckpoint(eager=True).createOrReplaceTempView(view)


@attrs.frozen
class Written:
    """What ``write`` wrote: the folder of Parquet files of determinations (``folder``; the
    columns of ``check``'s JSON, in record order, part file after part file), how many
    people it read, how many the Python evaluator decided (``fallback``) and the people
    that could not be read (``rejected``, in record order)."""

    folder: str
    people: int
    fallback: int
    rejected: tuple[Rejection, ...] = ()


def write(
    statute: Statute,
    records: pa.Table | str | Path,
    as_of: date,
    folder: str | Path,
    *,
    out_of_scope: bool = True,
    spark: SparkSession | None = None,
) -> Written:
    """``statute`` over ``records`` (a records-layout Arrow table or Parquet file) in Spark
    (``session()`` unless ``spark`` is given), the people it cannot decide exactly by the
    Python evaluator in Spark's Python workers, the determinations written by Spark to
    ``folder`` (a new folder: any path Spark writes to); ``UnsupportedConstruct`` as the
    DuckDB engine, ``EngineError`` (one line) for a query Spark refuses."""
    spark = spark or session()
    from pyspark.errors import PySparkException

    try:
        return _write(spark, statute, records, as_of, out_of_scope, str(folder))
    except PySparkException as err:  # Spark refused a query: its first line, no trace
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise EngineError(f"engine 'spark': {first}") from None


@contextlib.contextmanager
def stream(
    statute: Statute, records: pa.Table | str | Path, as_of: date, *, out_of_scope: bool = True
) -> Iterator[Streamed]:
    """``write``'s determinations as ``engine.stream`` gives them (``check --engine spark``),
    read back a batch at a time from a private temporary folder (removed after the block)."""
    records, unread, sources = readable(records)
    with tempfile.TemporaryDirectory(prefix="clearlaw-spark-out-") as temporary:
        found = write(
            statute, records, as_of, Path(temporary) / "determinations", out_of_scope=out_of_scope
        )
        yield Streamed(
            _batches(Path(found.folder)),
            found.people + len(unread),
            found.fallback,
            in_record_order(unread, found.rejected, sources),
        )


def run(
    statute: Statute,
    records: pa.Table | str | Path,
    as_of: date,
    *,
    out_of_scope: bool = True,
) -> Run:
    """``stream``'s determinations as one table (``evaluate_frame(..., engine="spark")``)."""
    with stream(statute, records, as_of, out_of_scope=out_of_scope) as s:
        table = pa.Table.from_batches(list(s.batches), DETERMINATIONS_SCHEMA)
        return Run(table, s.people, s.fallback, s.rejected)


def _batches(folder: Path) -> Iterator[pa.RecordBatch]:
    """The determinations of ``write``'s folder, in order (Spark numbers its part files in
    the order of the sorted rows)."""
    for part in sorted(folder.glob("part-*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(OUT_ROWS):
            yield batch.cast(DETERMINATIONS_SCHEMA)


def _write(
    spark: SparkSession,
    statute: Statute,
    records: pa.Table | str | Path,
    as_of: date,
    out_of_scope: bool,
    folder: str,
) -> Written:
    from clearlaw.columnar.dialect import spark_functions, spark_sql

    p = plan(statute, as_of)
    c = p.compiler
    for statement in spark_functions(statute.node.header.convention):
        spark.sql(statement)
    frame, name, text = _source(spark, records)
    frame.createOrReplaceTempView("records_in")
    facts = {f.name: f.type for f in statute.node.facts}
    for view, sql in flatten_sql("records_in", facts, text).items():
        spark.sql(spark_sql(sql)).createOrReplaceTempView(view)
    # only ``counts`` computed now: with ``unread`` and ``registrations`` checkpointed too,
    # Spark 4.0 fails on the union of ``fallback`` over a Parquet file's row index ("key not
    # found: pid")
    _checkpoint(spark, "SELECT * FROM counts", "counts")
    with_citations(
        statute,
        c,
        lambda sql: [tuple(row) for row in spark.sql(spark_sql(sql)).collect()],
        lambda view, lookup: spark.createDataFrame(lookup).createOrReplaceTempView(view),
        lambda view, sql: _checkpoint(spark, spark_sql(sql), view),
    )
    # the hoisted values, a stage (one query, one job) at a time, as ``engine.stream``
    stages = _per_person(_stages(c.hoisted))
    tables = {h.name: table for table, group in stages for h in group}
    for table, group in stages:
        _checkpoint(spark, spark_sql(_stage(group, tables)), table)
    query = _with_hoisted("base", p.reads(), tables)
    keep = (
        "pid, ord, person_id, case_id, id, case_jurisdiction, level,"
        " disposition_raw AS disposition_raw_text, invalid, cit_warn"
    )
    # only the columns the decisions read: Spark's analysis of the cascade's nested
    # projections grows with their width
    read = {*_names(" ".join(sql for _, sql in p.inputs), THIS, r"\w+"), "disposition_raw"}
    read |= {x.strip() for x in keep.split(",") if " AS " not in x}
    query = f"(SELECT {', '.join(chr(34) + x + chr(34) for x in sorted(read))} FROM {query})"
    _checkpoint(spark, spark_sql(p.query(query, keep)), "decided")
    # the people the Python evaluator decides (``engine._python``)
    _checkpoint(spark, spark_sql(fallback_sql()), "fallback")
    decided = spark.sql(
        f"SELECT o.* FROM ({spark_sql(_output(statute, out_of_scope, p.params))}) o"
        " LEFT ANTI JOIN fallback f ON o.pid = f.pid"
    )
    handed, rejected = _handover(spark, frame, statute, name, decided, as_of, out_of_scope)
    (
        decided.unionByName(handed)
        .orderBy("pid", "ord")
        .drop("pid", "ord")
        .write.option("compression", "zstd")
        .parquet(folder)
    )
    people, fallback = frame.count(), spark.table("fallback").count()
    for view in (
        "records_in",
        "unread",
        "counts",
        "registrations",
        "count_citations",
        "registration_citations",
        "base",
        "decided",
        "fallback",
        *(table for table, _ in stages),
    ):
        spark.catalog.dropTempView(view)
    return Written(folder, people, fallback, rejected)


def _names(text: str, alias: str, name: str = r"h_\d+") -> list[str]:
    """The hoisted columns (or, with ``name``, the columns) ``text`` reads off ``alias``."""
    return re.findall(rf"\b{alias}\.({name})\b", text)


def _handover(
    spark: SparkSession,
    frame: DataFrame,
    statute: Statute,
    name: str,
    decided: DataFrame,
    as_of: date,
    out_of_scope: bool,
) -> tuple[DataFrame, tuple[Rejection, ...]]:
    """(the determinations of the people of ``fallback`` by the Python evaluator, in Spark's
    Python workers: their rows partitioned by person id, so that the rows of an id given
    twice meet in one task, and kept in row order; with ``decided``'s columns, the people
    that could not be read, in row order)."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import StringType, StructField, StructType

    fields = [StructField(f.name, f.dataType, True) for f in decided.schema.fields]
    schema = StructType([*fields, StructField(REJECTION, StringType(), True)])
    rows = (
        frame.join(spark.table("fallback"), "pid", "left_semi")
        .repartition("id")
        .sortWithinPartitions("pid")
    )
    work = Handover.of(statute, name, as_of, out_of_scope, to_arrow_schema(schema))
    found = rows.mapInArrow(work, schema).localCheckpoint(eager=True)
    refused = found.where(F.col(REJECTION).isNotNull()).orderBy("pid").select(REJECTION).collect()
    rejected = tuple(rejection_from_text(row[0]) for row in refused)
    return found.where(F.col(REJECTION).isNull()).drop(REJECTION), rejected
