"""Benchmark: `clearlaw diff` of an amendment over synthetic people (issue 16).

    python benchmarks/bench_diff.py --people 100000 --repeat 3

The amendment is Pennsylvania's Act 36 of 2023 as written in examples/amendments (pa-act-36.law
against pa/before-act-36.law).  Each repeat runs in a fresh process (so its peak memory is its
own): it generates the synthetic Pennsylvania population (``clearlaw.drafting.population``,
timed apart), then times ``diff`` alone — both statutes evaluated on every person, every
changed count classified.  Reports people per second and counts per second (medians of the
repeats), the number of changed counts, and peak RSS, and writes them as JSON to
benchmarks/results/diff.json.
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "amendments"
AS_OF = date(2026, 12, 7)


def measure(people: int, seed: int) -> dict[str, float]:
    """One run in this process."""
    import clearlaw
    from clearlaw.drafting import population
    from clearlaw.drafting.impact import diff

    base = clearlaw.load(EXAMPLES / "pa" / "before-act-36.law")
    amended = clearlaw.load(EXAMPLES / "pa-act-36.law")
    start = time.perf_counter()
    generated = [p for _, p in population.people(population.load_profile("us_pa"), people, seed)]
    made = time.perf_counter() - start
    counts = sum(len(c.counts) for p in generated for c in p.cases)
    start = time.perf_counter()
    (impact,) = diff(base, amended, generated, AS_OF)
    took = time.perf_counter() - start
    return {
        "generate_s": made,
        "diff_s": took,
        "people_per_s": people / took,
        "counts_per_s": counts / took,
        "counts": counts,
        "changed": len(impact.changes),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks/results/diff.json")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child run
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.people, args.seed)))
        return 0
    runs = []
    load = os.getloadavg()[0]
    for _ in range(args.repeat):
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                "--people",
                str(args.people),
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(child.stdout))
    result = {
        "people": args.people,
        "counts": runs[0]["counts"],
        "changed_counts": runs[0]["changed"],
        "median_diff_s": statistics.median(r["diff_s"] for r in runs),
        "median_people_per_s": statistics.median(r["people_per_s"] for r in runs),
        "median_counts_per_s": statistics.median(r["counts_per_s"] for r in runs),
        "median_generate_s": statistics.median(r["generate_s"] for r in runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "repeats": args.repeat,
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "date": date.today().isoformat(),
    }
    print(json.dumps(result, indent=2))
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
