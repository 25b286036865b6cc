"""Benchmark: the DuckDB engine (clearlaw.columnar) against the Python evaluator on the same
synthetic people, read from one Parquet records file.

    clearlaw population us_ny --people 1000000 -o ny.jsonl && clearlaw convert ny.jsonl ny.parquet
    python benchmarks/bench_columnar.py ny/clean-slate ny.parquet --repeat 3 --save

Each measurement runs in a fresh process (so peak memory is its own), the engines alternating
(duckdb, python, duckdb, …) so that other work on the machine weighs on both alike.

* duckdb: the whole file, as ``check --engine duckdb --format parquet -o FILE`` does it
  (``clearlaw.columnar.stream``, the determinations written batch by batch to a Parquet file);
  ``--memory-limit`` bounds DuckDB (it spills to a temporary folder past it);
* python: ``clearlaw.evaluate_frame`` (Parquet in, determinations table out) on the first
  ``--python-people`` people of the file (at most), its time scaled to the whole file by the
  number of people (the Python evaluator's time is linear in people; say so when quoting).

Reports medians (wall and CPU seconds), counts per second and per CPU second, peak RSS, the
people handed to the Python evaluator and the time they took, the ratios in wall and in CPU
seconds (CPU: user + system of every thread, the fairer figure on a shared machine), and the
load average, as JSON on stdout;
``--save`` adds the report to benchmarks/results/columnar.json (one entry per statute, file
and memory limit).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "columnar.json"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(
    statute_id: str, records: str, as_of: str, engine: str, memory_limit: str | None
) -> dict[str, Any]:
    """One run in this process."""
    import pyarrow.parquet as pq

    import clearlaw
    from clearlaw.columnar import stream, write_determinations
    from clearlaw.dates import parse_date
    from clearlaw.frames import evaluate_frame

    statute = clearlaw.load(statute_id)
    found: dict[str, Any] = {}
    start, cpu = time.perf_counter(), _cpu()
    if engine == "duckdb":
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "determinations.parquet"
            with (
                stream(statute, records, parse_date(as_of), memory_limit=memory_limit) as s,
                out.open("wb") as fb,
            ):
                write_determinations(s.batches, fb, "parquet")
            found["rows"] = pq.read_metadata(out).num_rows
            found["fallback_people"] = s.fallback
            found["python_seconds"] = round(s.python_seconds, 2)
            found["people"] = s.people
    else:
        found["rows"] = evaluate_frame(statute, records, as_of, errors="skip").num_rows
        found["people"] = pq.read_metadata(records).num_rows
    found["seconds"] = time.perf_counter() - start
    found["cpu_seconds"] = _cpu() - cpu
    found["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return found


def _sample(records: str, people: int, folder: str) -> str:
    """The first ``people`` people of ``records`` as a Parquet file of their own."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if pq.read_metadata(records).num_rows <= people:
        return records
    reader = pq.ParquetFile(records)
    batches, taken = [], 0
    for batch in reader.iter_batches(batch_size=4096):
        batches.append(batch.slice(0, people - taken))
        taken += batches[-1].num_rows
        if taken >= people:
            break
    path = str(Path(folder) / "sample.parquet")
    pq.write_table(pa.Table.from_batches(batches), path)
    return path


def _child(args: argparse.Namespace, records: str, engine: str) -> dict[str, Any]:
    command = [sys.executable, __file__, args.statute, records, "--as-of", args.as_of]
    command += ["--one", engine]
    if args.memory_limit:
        command += ["--memory-limit", args.memory_limit]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("statute")
    parser.add_argument("records", help="a Parquet records file")
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="duckdb,python")
    parser.add_argument("--python-people", type=int, default=20_000)
    parser.add_argument("--memory-limit", help="DuckDB's memory_limit, e.g. 2GB")
    parser.add_argument("--save", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a single run, in a child process
    args = parser.parse_args()
    if args.one:
        found = measure(args.statute, args.records, args.as_of, args.one, args.memory_limit)
        print(json.dumps(found))
        return
    load_before = os.getloadavg()
    runs: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        sample = _sample(args.records, args.python_people, folder)
        for _ in range(args.repeat):
            for engine in args.engines.split(","):
                records = sample if engine == "python" else args.records
                runs.setdefault(engine, []).append(_child(args, records, engine))
    report: dict[str, Any] = {
        "statute": args.statute,
        "records": Path(args.records).name,
        "as_of": args.as_of,
        "memory_limit": args.memory_limit,
        "repeat": args.repeat,
        "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    medians: dict[str, float] = {}  # wall seconds (Python's scaled to the whole file)
    cpus: dict[str, float] = {}  # CPU seconds, likewise
    for engine, found in runs.items():
        seconds = statistics.median(r["seconds"] for r in found)
        cpu = statistics.median(r["cpu_seconds"] for r in found)
        first = found[0]
        entry: dict[str, Any] = {
            "people": first["people"],
            "counts": first["rows"],
            "seconds_median": round(seconds, 2),
            "seconds": [round(r["seconds"], 2) for r in found],
            "cpu_seconds_median": round(cpu, 2),
            "counts_per_second": round(first["rows"] / seconds),
            "counts_per_cpu_second": round(first["rows"] / cpu),
            "peak_mb_max": round(max(r["peak_mb"] for r in found)),
        }
        if engine == "duckdb":
            entry["fallback_people"] = first["fallback_people"]
            entry["fallback_share"] = round(first["fallback_people"] / first["people"], 4)
            entry["python_seconds"] = [r["python_seconds"] for r in found]
            medians[engine] = seconds
            cpus[engine] = cpu
        else:
            # scaled to the whole file by people
            total = runs["duckdb"][0]["people"] if "duckdb" in runs else first["people"]
            entry["scaled_to_people"] = total
            entry["scaled_seconds"] = round(seconds * total / first["people"], 1)
            medians[engine] = entry["scaled_seconds"]
            entry["scaled_cpu_seconds"] = round(cpu * total / first["people"], 1)
            cpus[engine] = entry["scaled_cpu_seconds"]
        report[engine] = entry
    if "duckdb" in medians and "python" in medians:
        report["ratio_python_over_duckdb"] = round(medians["python"] / medians["duckdb"], 2)
        report["cpu_ratio_python_over_duckdb"] = round(cpus["python"] / cpus["duckdb"], 2)
    text = json.dumps(report, indent=2)
    print(text)
    if args.save:
        saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"results": []}
        key = (report["statute"], report["records"], report["memory_limit"])
        saved["results"] = [
            r
            for r in saved["results"]
            if (r["statute"], r["records"], r.get("memory_limit")) != key
        ] + [report]
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")


if __name__ == "__main__":
    main()
