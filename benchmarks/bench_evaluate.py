"""Benchmark: the compiled DSL against the hand-written oracle on the same synthetic people.

    python benchmarks/bench_evaluate.py --people 100000 --repeat 3

Each measurement runs in a fresh process (so peak memory is its own): it generates the
people with the seeded example generator, then times only the decisions.  The DSL and oracle
runs alternate (DSL, oracle, DSL, oracle, …), so that other work on the machine weighs on
both alike.  Reports counts decided per CPU second (median of the repeats; a loaded machine
inflates wall seconds, also kept), the DSL/oracle ratio
(of the medians, and per DSL-oracle pair), peak RSS and the load average before and after,
and writes them as JSON to benchmarks/results/evaluate.json.
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
AS_OF = {"ny/clean-slate": date(2026, 11, 23), "ca/prop64": date(2020, 7, 1)}
ORACLES = {"ny/clean-slate": "oracles.ny_clean_slate", "ca/prop64": "oracles.ca_prop64"}


def measure(statute_id: str, engine: str, people: int, seed: int) -> dict[str, float]:
    """One run in this process: decisions per second and peak RSS."""
    sys.path[:0] = [str(ROOT / "examples"), str(ROOT / "tests")]
    import importlib

    from generate_people import generate_people

    import clearlaw

    population = generate_people(seed, people)
    as_of = AS_OF[statute_id]
    if engine == "dsl":
        statute = clearlaw.load(statute_id)

        def decide() -> int:
            return sum(len(clearlaw.evaluate(statute, p, as_of, explain=False)) for p in population)

    else:
        oracle = importlib.import_module(ORACLES[statute_id])

        def decide() -> int:
            return sum(len(oracle.decide(p, as_of)) for p in population)

    start, cpu = time.perf_counter(), time.process_time()
    decided = decide()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "decided": decided,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "per_second": decided / cpu_seconds,
        "peak_mb": peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", nargs=2, metavar=("STATUTE", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], args.one[1], args.people, args.seed)))
        return
    load_before = os.getloadavg()
    results = {}
    for statute_id in AS_OF:
        runs: dict[str, list[dict[str, float]]] = {"dsl": [], "oracle": []}
        for _ in range(args.repeat):
            for engine in ("dsl", "oracle"):
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--people",
                        str(args.people),
                        "--seed",
                        str(args.seed),
                        "--one",
                        statute_id,
                        engine,
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                runs[engine].append(json.loads(out.stdout))
        dsl, oracle = (
            {
                "decided": found[0]["decided"],
                "median_per_second": statistics.median(r["per_second"] for r in found),
                "median_seconds": statistics.median(r["seconds"] for r in found),
                "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in found),
                "peak_mb": max(r["peak_mb"] for r in found),
            }
            for found in (runs["dsl"], runs["oracle"])
        )
        ratio = dsl["median_per_second"] / oracle["median_per_second"]
        pairs = [
            d["per_second"] / o["per_second"]
            for d, o in zip(runs["dsl"], runs["oracle"], strict=True)
        ]
        results[statute_id] = {
            "dsl": dsl,
            "oracle": oracle,
            "dsl_over_oracle_speed": ratio,
            "pair_ratios": pairs,
        }
        print(
            f"{statute_id:<16} decided {dsl['decided']:>7}  "
            f"DSL {dsl['median_per_second']:>9,.0f}/CPU-s ({dsl['peak_mb']:.0f} MB)  "
            f"oracle {oracle['median_per_second']:>9,.0f}/CPU-s ({oracle['peak_mb']:.0f} MB)  "
            f"ratio {ratio:.2f} (pairs {', '.join(f'{x:.2f}' for x in pairs)})"
        )
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "evaluate.json").write_text(
        json.dumps(
            {
                "people": args.people,
                "repeat": args.repeat,
                "load_average": {"before": load_before, "after": os.getloadavg()},
                "results": results,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
