"""``clearlaw serve`` under load: requests per second and p50/p99 latency for a one-person
``POST /v1/check`` and for a 1,000-person batch (as JSON and as JSON Lines).

    python benchmarks/bench_service.py --rounds 3 --requests 300 --batches 20

The server runs in a subprocess (``clearlaw serve`` on a free port of 127.0.0.1, default
limits); the client is httpx, one connection kept alive, requests one after another (and,
for the one-person check, also ``--concurrency`` threads at once).  Each figure is the
median over ``--rounds`` rounds; the load average before and after is recorded, since other
work on a shared machine slows every figure.  People come from ``clearlaw population
us_ny`` (seed 17).  Results go to ``benchmarks/results/service.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's clearlaw, and tests/service_server.py

from clearlaw.drafting.population import load_profile, people  # noqa: E402
from tests.service_server import served  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "service.json"
STATUTE = "ny/clean-slate"
AS_OF = "2026-01-01"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(send: Callable[[], httpx.Response], n: int) -> dict[str, float]:
    """``n`` requests one after another: requests/s, p50 and p99 in milliseconds."""
    latencies = []
    started = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        send().raise_for_status()
        latencies.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - started
    return {
        "requests_per_s": n / total,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
    }


def concurrent(url: str, body: dict[str, Any], n: int, threads: int) -> dict[str, float]:
    """``n`` requests from ``threads`` clients at once: requests/s, p50 and p99."""
    latencies: list[float] = []

    def worker(count: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            for _ in range(count):
                t = time.perf_counter()
                client.post("/v1/check", json=body).raise_for_status()
                latencies.append((time.perf_counter() - t) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, [n // threads] * threads))
    total = time.perf_counter() - started
    return {
        "requests_per_s": len(latencies) / total,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
    }


def medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in rounds), 2) for k in rounds[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300, help="one-person requests a round")
    parser.add_argument("--batches", type=int, default=20, help="1,000-person requests a round")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    crowd = [obj for obj, _ in people(load_profile("us_ny"), 1000, seed=17)]
    one = {"statute": STATUTE, "as_of": AS_OF, "people": crowd[:1]}
    batch = {"statute": STATUTE, "as_of": AS_OF, "people": crowd}
    lines = "\n".join(
        [json.dumps({"statute": STATUTE, "as_of": AS_OF}), *(json.dumps(p) for p in crowd)]
    )
    load_before = os.getloadavg()
    results: dict[str, list[dict[str, float]]] = {
        "one_person": [],
        "one_person_concurrent": [],
        "batch_1000_json": [],
        "batch_1000_jsonl": [],
    }
    ndjson = {"Content-Type": "application/x-ndjson"}
    with served() as url, httpx.Client(base_url=url, timeout=120) as client:
        client.post("/v1/check", json=one).raise_for_status()  # the statute loaded once
        for _ in range(args.rounds):
            results["one_person"].append(
                timed(lambda: client.post("/v1/check", json=one), args.requests)
            )
            results["one_person_concurrent"].append(
                concurrent(url, one, args.requests, args.concurrency)
            )
            results["batch_1000_json"].append(
                timed(lambda: client.post("/v1/check", json=batch), args.batches)
            )
            results["batch_1000_jsonl"].append(
                timed(
                    lambda: client.post("/v1/check", content=lines, headers=ndjson),
                    args.batches,
                )
            )
    report = {
        "statute": STATUTE,
        "as_of": AS_OF,
        "rounds": args.rounds,
        "requests": args.requests,
        "batches": args.batches,
        "concurrency": args.concurrency,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "medians": {name: medians(rounds) for name, rounds in results.items()},
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
