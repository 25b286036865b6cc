"""Benchmark: ``clearlaw ca-doj run`` end to end on generated DOJ files (not a test).

    python benchmarks/ca_doj_bench.py --rows 100000 1000000 --repeat 3

Generates each file once with ``ca_doj_generate.py`` (seeded; kept in --data), then runs the
full command ``--repeat`` times, each in a fresh process, and reports wall time (median),
rows/s and peak RSS of that process (``os.wait4``).  For scale on the same machine at the
same moment it also times the floor the issue names: Polars copying the file with 18 extra
columns (``--baseline``).  Writes benchmarks/results/ca_doj.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "statutes" / "ca" / "policies" / "bear-default.law"

_COPY = """
import sys, polars as pl
src, dst = sys.argv[1], sys.argv[2]
lf = pl.scan_csv(src, infer_schema=False)
lf.with_columns([pl.lit("x").alias(f"X{i}") for i in range(18)]).sink_csv(dst)
"""


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--data", default="/tmp/clearlaw-ca-doj-bench")
    p.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "ca_doj.json"))
    args = p.parse_args(argv)
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    results = []
    for rows in args.rows:
        src = data / f"doj-{rows}.dat"
        if not src.exists():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "ca_doj_generate.py"),
                    "--rows",
                    str(rows),
                    "--out",
                    str(src),
                ],
                check=True,
            )
        runs = []
        for i in range(args.repeat):
            out = data / f"run-{rows}-{i}"
            cmd = [
                sys.executable,
                "-m",
                "clearlaw.cli",
                "ca-doj",
                "run",
                "--input",
                str(src),
                "--county",
                "LOS ANGELES",
                "--policy",
                str(POLICY),
                "--as-of",
                "2020-07-01",
                "--output",
                str(out),
                "--no-progress",
            ]
            wall, rss, code = timed(cmd)
            if code not in (0, 2):
                raise SystemExit(f"run failed with exit code {code}: {' '.join(cmd)}")
            runs.append((wall, rss))
            print(
                f"{rows:>9,} rows  run {i + 1}: {wall:6.2f} s  {rows / wall:>9,.0f} rows/s  peak {rss:6.0f} MB",
                flush=True,
            )
        entry = {
            "rows": rows,
            "bytes": src.stat().st_size,
            "wall_s_median": round(statistics.median(w for w, _ in runs), 2),
            "rows_per_s": round(rows / statistics.median(w for w, _ in runs)),
            "peak_rss_mb_max": round(max(r for _, r in runs)),
            "runs": [{"wall_s": round(w, 2), "peak_rss_mb": round(r)} for w, r in runs],
        }
        if args.baseline:
            walls = []
            for _ in range(args.repeat):
                wall, rss, _ = timed(
                    [sys.executable, "-c", _COPY, str(src), str(data / "copy.csv")]
                )
                walls.append((wall, rss))
            entry["polars_copy_18_columns"] = {
                "wall_s_median": round(statistics.median(w for w, _ in walls), 2),
                "peak_rss_mb_max": round(max(r for _, r in walls)),
            }
            print(
                f"{rows:>9,} rows  Polars copy + 18 columns: {entry['polars_copy_18_columns']}",
                flush=True,
            )
        results.append(entry)
    load = os.getloadavg()
    report = {
        "machine": {"cpus": os.cpu_count(), "loadavg_1_5_15": [round(x, 2) for x in load]},
        "results": results,
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
