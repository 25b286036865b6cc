"""Differential tests: the Spark engine (clearlaw.columnar.spark, local mode) against the
Python evaluator.

The same compiled statute as the DuckDB engine, its SQL transpiled to Spark's dialect: every
column of every determination must be identical for the scenario people of every library
statute (one as-of date each: a Spark run has a fixed cost of seconds) and for a few
hypothesis people of New York and Pennsylvania.  One SparkSession serves the whole test
session.  Skipped, saying why, only where Java is missing (CI installs it: .ci/run).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ny_people
from strategies_pa import pa_people
from test_columnar import SUPPORTED, _by_date

import clearlaw
from clearlaw.cli import main
from clearlaw.columnar import spark as engine
from clearlaw.columnar.dialect import MONTH, spark_sql
from clearlaw.evaluate import Statute
from clearlaw.frames import EngineError, evaluate_frame
from clearlaw.io.parquet import RECORDS_SCHEMA, people_to_table
from clearlaw.records import Person

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="Spark needs Java 17+ (.ci/run installs it)"
)

#: Small inputs: few partitions, no adaptive re-planning, expressions interpreted rather than
#: compiled (the fixed cost of a run is planning and code generation, not the data).
SMALL = {
    "spark.sql.shuffle.partitions": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
}


@pytest.fixture(scope="session")
def started_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The empty folder the session's JVM was started in (its working folder)."""
    return tmp_path_factory.mktemp("spark-cwd")


@pytest.fixture(scope="session")
def spark(started_in: Path) -> Iterator[object]:
    before = Path.cwd()
    os.chdir(started_in)
    try:
        found = engine.session(conf=SMALL)
    finally:
        os.chdir(before)
    yield found
    found.stop()


def same(statute: Statute, people: list[Person], as_of: date) -> int:
    """Assert Spark and the Python evaluator give identical determinations; the people the
    SQL decided."""
    people = [attrs.evolve(p, id=f"P{k}") for k, p in enumerate(people)]
    table = people_to_table(people)
    found = engine.run(statute, table, as_of)
    expected = evaluate_frame(statute, table, as_of, errors="skip")
    assert found.table.schema == expected.schema
    assert found.table.to_pylist() == expected.to_pylist()
    return found.people - found.fallback


def _busiest(statute_id: str) -> tuple[date, list[Person]]:
    """The scenario tests' date with the most people, and those people."""
    return max(_by_date(statute_id).items(), key=lambda kv: len(kv[1]))


@pytest.mark.parametrize(
    "statute_id", [s for s in SUPPORTED if s not in ("ny/clean-slate", "pa/clean-slate")]
)
def test_scenario_people(spark: object, statute_id: str) -> None:
    as_of, people = _busiest(statute_id)
    table = people_to_table([attrs.evolve(p, id=f"P{k}") for k, p in enumerate(people)])
    found = evaluate_frame(statute_id, table, as_of, engine="spark", errors="skip")
    assert found.to_pylist() == evaluate_frame(statute_id, table, as_of, errors="skip").to_pylist()
    assert found.num_rows > 0


#: New York's and Pennsylvania's scenario people run with hypothesis people, in one Spark run
#: each (a run has a fixed cost of seconds; the people are decided as of the scenario date).
HYPOTHESIS = settings(
    max_examples=1,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@HYPOTHESIS
@given(st.lists(ny_people(), min_size=10, max_size=20))
def test_scenario_and_hypothesis_people_ny(spark: object, pairs: list[tuple[Person, date]]) -> None:
    as_of, people = _busiest("ny/clean-slate")
    assert same(clearlaw.load("ny/clean-slate"), people + [p for p, _ in pairs], as_of) > 0


@HYPOTHESIS
@given(st.lists(pa_people(), min_size=10, max_size=20))
def test_scenario_and_hypothesis_people_pa(spark: object, pairs: list[tuple[Person, date]]) -> None:
    as_of, people = _busiest("pa/clean-slate")
    assert same(clearlaw.load("pa/clean-slate"), people + [p for p, _ in pairs], as_of) > 0


#: All the driver may collect from Spark: the distinct citations (the Python matcher reads
#: them) and the people that could not be read.
DRIVER_MAY_COLLECT = {"citation_text", "object_citation", "case_jurisdiction", "rejection"}


def _spy_on_the_driver(spark: Any, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The columns of every DataFrame the driver brings back from Spark from now on; the
    driver's own hand-over evaluator refuses to run (the workers' is their own import)."""
    from clearlaw.columnar import handover

    DataFrame = type(spark.range(1))  # the session's own class (classic Spark)
    collected: list[list[str]] = []
    for method in ("collect", "toArrow", "toPandas", "toLocalIterator"):
        original = getattr(DataFrame, method)

        def spy(self: Any, *args: object, _original: Any = original, **kw: object) -> Any:
            collected.append(list(self.columns))
            return _original(self, *args, **kw)

        monkeypatch.setattr(DataFrame, method, spy)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the driver evaluated a person")

    monkeypatch.setattr(handover, "evaluate", refuse)
    return collected


def test_check_on_spark_hands_over_in_the_workers_and_collects_no_people(
    spark: object,
    started_in: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``check --engine spark`` from Parquet writes the bytes and the messages of
    ``--engine python``; the people handed to Python are decided in Spark's Python workers,
    the driver collects no person's row nor determination, and nothing is written in the
    JVM's working folder (no spark-warehouse/, metastore_db/, derby.log)."""
    as_of, people = _busiest("ny/clean-slate")
    people = [attrs.evolve(p, id=f"P{k}") for k, p in enumerate(people)]
    rows = people_to_table(people).to_pylist()
    rows[1]["cases"][0]["counts"][0]["level"] = "huge"  # rejected, at its row, as Python does
    rows.append(rows[2])  # an id given twice: the second row is rejected
    records = tmp_path / "people.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=RECORDS_SCHEMA), records)
    day = as_of.isoformat()
    codes, outputs, errors = [], [], []
    for name in ("python", "spark"):
        if name == "spark":
            collected = _spy_on_the_driver(spark, monkeypatch)
            monkeypatch.chdir(started_in)
        out = tmp_path / f"{name}.jsonl"
        args = ["check", "ny/clean-slate", str(records), "--as-of", day, "--format", "jsonl"]
        codes.append(main([*args, "-o", str(out), "--engine", name]))
        outputs.append(out.read_bytes())
        errors.append(capsys.readouterr().err)
    assert codes == [2, 2]  # two people rejected, at their rows, on both
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") > 40
    assert errors[0] == errors[1]
    assert "people.parquet:2: person P1" in errors[1]
    assert f"people.parquet:{len(rows)}: person P2: id: duplicate person id" in errors[1]
    assert collected and all(set(c) <= DRIVER_MAY_COLLECT for c in collected), collected
    assert list(started_in.iterdir()) == []


def test_durations_are_numbers_and_ordered_lists_keep_their_order() -> None:
    sql = spark_sql(
        "SELECT cl_add(d, INTERVAL '18 months 3 days'),"
        " list_reduce(coalesce(l, []), lambda acc, x: acc + x, 0),"
        " list(v ORDER BY w, ord) FILTER (WHERE ok)"
    )
    assert f"CAST({18 * MONTH + 3} AS BIGINT)" in sql
    assert "AGGREGATE(COALESCE(l, ARRAY()), 0, (acc, x) -> acc + x)" in sql
    assert "ARRAY_SORT(COLLECT_LIST(STRUCT(w AS k0, ord AS k1, v AS x)) FILTER(WHERE ok))" in sql


def test_missing_java_or_pyspark_is_one_line_and_exit_2(
    spark: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pyspark.sql import SparkSession

    monkeypatch.setattr(SparkSession, "getActiveSession", classmethod(lambda cls: None))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(EngineError, match=r"^engine 'spark' needs Java 17 or later"):
        engine.session()
    records = tmp_path / "people.jsonl"
    records.write_text('{"id": "P1", "cases": []}\n')
    args = ["check", "ny/clean-slate", str(records), "--as-of", "2025-06-01"]
    assert main([*args, "--format", "jsonl", "--engine", "spark"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("engine 'spark' needs Java 17 or later: java was not found")
    assert len(err.splitlines()) == 1
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(EngineError, match=r"needs pyspark.*pip install 'clearlaw\[spark\]'"):
        engine.session()


def test_every_row_is_evaluated_or_rejected_as_the_python_path_does(
    spark: object, tmp_path: Path
) -> None:
    """test_columnar_accounts's rows (repeated ids and bad cases of people without counts,
    facts that are not JSON, dates written as text …) on Spark, from Parquet: the same
    rejections, in row order, and the same determinations as the Python path."""
    from test_columnar_accounts import AS_OF, python_rejections, table

    records = tmp_path / "people.parquet"
    pq.write_table(table(), records)
    ny = clearlaw.load("ny/clean-slate")
    found = engine.run(ny, records, AS_OF)
    assert [str(x) for x in found.rejected] == python_rejections(ny, records)
    assert found.table.equals(evaluate_frame(ny, records, AS_OF, errors="skip"))
