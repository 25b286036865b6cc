"""Benchmark: 10,000 plain-language notices as HTML (issue 3; target 10 s on 2 cores).

    python benchmarks/bench_documents.py --notices 10000 --repeat 3

Uses the fabricated people in examples/people.jsonl, cycling through those the statute decides
a count for until it has made ``--notices`` notices.  Each repeat times the whole job (evaluate
without explanations, then render) and, separately, rendering alone; prints the medians and
writes them as JSON to benchmarks/results/documents.json.  Nothing is written per notice: the
figure is the cost of making the documents, not of the disk.  CPU seconds are reported too:
on a shared machine they show the cost without other processes' load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from itertools import cycle, islice
from pathlib import Path

import clearlaw
from clearlaw.documents import render_notice

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--statute", default="ny/clean-slate")
    ap.add_argument("--as-of", default="2026-11-23")
    ap.add_argument("--notices", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()
    as_of = date.fromisoformat(args.as_of)
    statute = clearlaw.load(args.statute)
    people = clearlaw.read_records(ROOT / "examples" / "people.jsonl").people
    decided = [p for p in people if clearlaw.evaluate(statute, p, as_of, explain=False)]
    batch = list(islice(cycle(decided), args.notices))
    render_notice(statute, batch[0], clearlaw.evaluate(statute, batch[0], as_of), as_of)  # warm

    totals, renders, cpus = [], [], []
    for _ in range(args.repeat):
        cpu = time.process_time()
        start = time.perf_counter()
        found = [clearlaw.evaluate(statute, p, as_of, explain=False) for p in batch]
        middle = time.perf_counter()
        size = 0
        for p, ds in zip(batch, found, strict=True):
            size += len(render_notice(statute, p, ds, as_of, lang=args.lang))
        end = time.perf_counter()
        cpus.append(time.process_time() - cpu)
        totals.append(end - start)
        renders.append(end - middle)
    result = {
        "statute": args.statute,
        "notices": args.notices,
        "lang": args.lang,
        "distinct_people": len(decided),
        "seconds_total_median": round(statistics.median(totals), 3),
        "seconds_render_median": round(statistics.median(renders), 3),
        "cpu_seconds_total_median": round(statistics.median(cpus), 3),
        "notices_per_second": round(args.notices / statistics.median(totals)),
        "mean_bytes": size // args.notices,
        "repeats": args.repeat,
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "benchmarks" / "results" / "documents.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
