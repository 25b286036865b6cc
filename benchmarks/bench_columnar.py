"""Benchmark: the DuckDB engine (clearlaw.columnar) against the Python evaluator on the same
synthetic people, read from one Parquet records file.

    clearlaw population us_ny --people 1000000 -o ny.jsonl && clearlaw convert ny.jsonl ny.parquet
    python benchmarks/bench_columnar.py ny/clean-slate ny.parquet --repeat 3

Each measurement runs in a fresh process (so peak memory is its own), the engines alternating
(duckdb, python, duckdb, …) so that other work on the machine weighs on both alike.  Both
times cover the whole job from the Parquet file to the determinations table
(``clearlaw.evaluate_frame``): reading, deciding, building the result.  Reports the medians,
counts per second, the ratio, peak RSS, how many people the DuckDB engine handed to the Python
evaluator, and the load average, as JSON on stdout (and in benchmarks/results/columnar.json
with ``--save``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(statute_id: str, records: str, as_of: str, engine: str) -> dict[str, float]:
    """One run in this process."""
    import clearlaw
    from clearlaw.columnar import run
    from clearlaw.dates import parse_date
    from clearlaw.frames import evaluate_frame

    statute = clearlaw.load(statute_id)
    start = time.perf_counter()
    fallback = people = 0
    if engine == "duckdb":
        result = run(statute, records, parse_date(as_of))
        rows, fallback, people = result.table.num_rows, result.fallback, result.people
    else:
        rows = evaluate_frame(statute, records, as_of, errors="skip").num_rows
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "rows": rows,
        "peak_mb": rss,
        "fallback_people": fallback,
        "people": people,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("statute")
    parser.add_argument("records", help="a Parquet records file")
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="duckdb,python")
    parser.add_argument("--save", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a single run, in a child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.statute, args.records, args.as_of, args.one)))
        return
    load_before = os.getloadavg()
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(args.repeat):
        for engine in args.engines.split(","):
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    args.statute,
                    args.records,
                    "--as-of",
                    args.as_of,
                    "--one",
                    engine,
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            runs.setdefault(engine, []).append(json.loads(child.stdout.strip().splitlines()[-1]))
    report: dict[str, object] = {
        "statute": args.statute,
        "records": args.records,
        "repeat": args.repeat,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "cpus": os.cpu_count(),
    }
    medians = {}
    for engine, found in runs.items():
        seconds = statistics.median(r["seconds"] for r in found)
        rows = found[0]["rows"]
        medians[engine] = seconds
        report[engine] = {
            "seconds_median": round(seconds, 2),
            "seconds": [round(r["seconds"], 2) for r in found],
            "counts": rows,
            "counts_per_second": round(rows / seconds),
            "peak_mb_max": round(max(r["peak_mb"] for r in found)),
            "fallback_people": found[0]["fallback_people"],
            "people": found[0]["people"],
        }
    if "duckdb" in medians and "python" in medians:
        report["ratio_python_over_duckdb"] = round(medians["python"] / medians["duckdb"], 2)
    text = json.dumps(report, indent=2)
    print(text)
    if args.save:
        out = ROOT / "benchmarks" / "results" / "columnar.json"
        out.write_text(text + "\n")


if __name__ == "__main__":
    main()
