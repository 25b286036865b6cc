"""Benchmarks: 10,000 plain-language notices as HTML (target 10 s on 2 cores), and the
California proposed order of 10,000 convictions as one PDF (target 60 s) and as DOCX.

    python benchmarks/bench_documents.py --notices 10000 --repeat 3
    python benchmarks/bench_documents.py --notices 1000 --format pdf --repeat 3
    python benchmarks/bench_documents.py --order 10000 --repeat 3

The order is made from a fabricated run folder (tests/filing_data.py: fabricated people) by
the same path as ``clearlaw ca-doj run --documents``: read the run's files, render the HTML,
lay it out; results in benchmarks/results/order.json with the process's peak RSS.

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
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from itertools import cycle, islice
from pathlib import Path

import clearlaw
from clearlaw.ca_doj.filings import filing_view
from clearlaw.documents import render_filing, render_notice

ROOT = Path(__file__).resolve().parent.parent


def bench_order(rows: int, repeat: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from filing_data import fabricated_run

    figures: dict[str, list[float]] = {"pdf": [], "docx": []}
    cpus: dict[str, list[float]] = {"pdf": [], "docx": []}
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = fabricated_run(Path(tmp), rows)
        for _ in range(repeat):
            for fmt in figures:
                cpu = time.process_time()
                start = time.perf_counter()
                content = render_filing(
                    "bulk-order", filing_view(folder), "US-CA", date(2020, 7, 1), format=fmt
                )
                figures[fmt].append(time.perf_counter() - start)
                cpus[fmt].append(time.process_time() - cpu)
                if fmt == "pdf":
                    assert isinstance(content, bytes)
                    pages = content.count(b"/Type /Page\n") or content.count(b"/Type /Page")
    result = {
        "document": "bulk-order",
        "convictions": rows,
        "pdf_seconds_median": round(statistics.median(figures["pdf"]), 2),
        "docx_seconds_median": round(statistics.median(figures["docx"]), 2),
        "pdf_cpu_seconds_median": round(statistics.median(cpus["pdf"]), 2),
        "docx_cpu_seconds_median": round(statistics.median(cpus["docx"]), 2),
        "pdf_pages": pages,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "repeats": repeat,
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "benchmarks" / "results" / "order.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--statute", default="ny/clean-slate")
    ap.add_argument("--as-of", default="2026-11-23")
    ap.add_argument("--notices", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--format", default="html", choices=("html", "pdf", "docx"))
    ap.add_argument("--order", type=int, metavar="N", help="benchmark the order of N convictions")
    args = ap.parse_args()
    if args.order:
        bench_order(args.order, args.repeat)
        return
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
            size += len(render_notice(statute, p, ds, as_of, lang=args.lang, format=args.format))
        end = time.perf_counter()
        cpus.append(time.process_time() - cpu)
        totals.append(end - start)
        renders.append(end - middle)
    result = {
        "statute": args.statute,
        "notices": args.notices,
        "lang": args.lang,
        "format": args.format,
        "distinct_people": len(decided),
        "seconds_total_median": round(statistics.median(totals), 3),
        "seconds_render_median": round(statistics.median(renders), 3),
        "cpu_seconds_total_median": round(statistics.median(cpus), 3),
        "notices_per_second": round(args.notices / statistics.median(totals)),
        "mean_bytes": size // args.notices,
        "repeats": args.repeat,
    }
    print(json.dumps(result, indent=2))
    name = "documents.json" if args.format == "html" else f"documents-{args.format}.json"
    out = ROOT / "benchmarks" / "results" / name
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
