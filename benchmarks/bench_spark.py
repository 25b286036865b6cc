"""Benchmark: the Spark engine (clearlaw.columnar.spark, local mode) against the DuckDB engine
and the Python evaluator on the same synthetic people, read from one Parquet records file.

    clearlaw population us_ny --people 100000 -o ny.jsonl && clearlaw convert ny.jsonl ny.parquet
    python benchmarks/bench_spark.py ny/clean-slate ny.parquet --save

Each measurement runs in a fresh process (``bench_columnar.measure`` for DuckDB and Python;
Spark's here), so peak memory is its own: for Spark, the Python driver's peak RSS plus the
JVM's and its Python workers' (``VmHWM`` of each, read before the session stops), and CPU
seconds of the driver, the JVM and the workers.  Spark's time covers the whole job from the
Parquet file to the determinations written as Parquet by Spark (``spark.write``), the JVM's
start included and also given apart (``start_seconds``).  Reports times, counts per second, per core, the ratios, peak
memory, and the load average, as JSON on stdout (and in benchmarks/results/spark.json with
``--save``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from proctree import cpu_seconds, memory_mb, tree

ROOT = Path(__file__).resolve().parent.parent


def measure_spark(statute_id: str, records: str, as_of: str, cores: int) -> dict[str, float]:
    """One Spark run in this process (a new local session), as a cluster run would go: Spark
    writes the determinations as Parquet (``spark.write``), here into a temporary folder."""
    import pyarrow.parquet as pq

    import clearlaw
    from clearlaw.columnar import spark
    from clearlaw.dates import parse_date

    statute = clearlaw.load(statute_id)
    start, cpu = time.perf_counter(), time.process_time()
    session = spark.session(f"local[{cores}]", {"spark.driver.memory": "4g"})
    started = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        result = spark.write(
            statute, records, parse_date(as_of), Path(folder) / "out", spark=session
        )
        seconds = time.perf_counter() - start
        rows = sum(pq.read_metadata(f).num_rows for f in Path(result.folder).glob("part-*"))
    gateway = session.sparkContext._gateway
    jvm = gateway.proc.pid if gateway is not None else None
    jvm_mb = memory_mb(tree(jvm), "VmHWM") if jvm else 0.0
    jvm_cpu = cpu_seconds(tree(jvm)) if jvm else 0.0
    driver_cpu = time.process_time() - cpu
    session.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "start_seconds": started,
        "cpu_seconds": driver_cpu + jvm_cpu,
        "driver_cpu_seconds": driver_cpu,
        "rows": rows,
        "peak_mb": rss + jvm_mb,
        "driver_peak_mb": rss,
        "jvm_and_workers_peak_mb": jvm_mb,
        "fallback_people": result.fallback,
        "people": result.people,
    }


def _child(args: argparse.Namespace, engine: str) -> dict[str, float]:
    command = [sys.executable, __file__, args.statute, args.records, "--as-of", args.as_of]
    command += ["--cores", str(args.cores), "--one", engine]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("statute")
    parser.add_argument("records", help="a Parquet records file")
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--cores", type=int, default=2, help="Spark local[N]")
    parser.add_argument("--engines", default="spark,duckdb,python")
    parser.add_argument("--save", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a single run, in a child process
    args = parser.parse_args()
    if args.one == "spark":
        print(json.dumps(measure_spark(args.statute, args.records, args.as_of, args.cores)))
        return
    if args.one:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_columnar import measure

        print(json.dumps(measure(args.statute, args.records, args.as_of, args.one, None)))
        return
    report: dict[str, object] = {
        "statute": args.statute,
        "records": args.records,
        "load_before": os.getloadavg(),
        "cpus": os.cpu_count(),
        "spark_cores": args.cores,
    }
    seconds = {}
    for engine in args.engines.split(","):
        found = _child(args, engine)
        seconds[engine] = found["seconds"]
        report[engine] = {
            **{k: round(v, 2) if isinstance(v, float) else v for k, v in found.items()},
            "counts_per_second": round(found["rows"] / found["seconds"]),
            "counts_per_cpu_second": round(found["rows"] / found["cpu_seconds"]),
        }
        print(engine, json.dumps(report[engine]), file=sys.stderr, flush=True)
    report["load_after"] = os.getloadavg()
    if "spark" in seconds:
        spark = report["spark"]
        assert isinstance(spark, dict)
        work = seconds["spark"] - spark["start_seconds"]
        spark["counts_per_second_per_core_after_start"] = round(spark["rows"] / work / args.cores)
        for other in ("duckdb", "python"):
            if other in seconds:
                report[f"ratio_{other}_over_spark"] = round(seconds[other] / seconds["spark"], 2)
                cpu = {x: report[x]["cpu_seconds"] for x in (other, "spark")}  # type: ignore[index]
                report[f"cpu_ratio_{other}_over_spark"] = round(cpu[other] / cpu["spark"], 2)
    text = json.dumps(report, indent=2)
    print(text)
    if args.save:
        from clearlaw.io.outputs import write_text

        write_text(ROOT / "benchmarks" / "results" / "spark.json", text + "\n")


if __name__ == "__main__":
    main()
