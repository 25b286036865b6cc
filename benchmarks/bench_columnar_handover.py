"""Benchmark: the people the DuckDB engine hands to the Python evaluator, why, what the
evaluator changes, and what they cost (docs/columnar.md, "The hybrid").

    python benchmarks/bench_columnar_handover.py ny/clean-slate ny_20k.parquet --save

Runs ``clearlaw.columnar.stream`` over a Parquet records file and, for each slice, keeps the
SQL's result of every count of the people handed over (``decided``: scope and outcome) beside
the Python evaluator's determinations of them (the slice's hand-over file). Reports, as JSON:

* the people handed over and their counts; the counts the SQL left pending (``needs_review``
  or an unknown scope), by the evaluator's outcome and missing facts (another count's facts,
  ``P1-C2/1 facts.x``, written ``other: facts.x``); the people whose every pending count the
  evaluator decided (over every world): those an exact SQL version of ``clearlaw.worlds``
  would keep out of the hand-over; that the counts the SQL decided are the evaluator's too;
* CPU seconds: the whole run and its hand-over, then, on the same people again, the records
  reader alone (``iter_table``) and the evaluator alone (``evaluate``), ``--repeat`` times
  (medians).

``--save`` adds the report to ``benchmarks/results/columnar_handover.json`` (one entry per
statute and file).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "columnar_handover.json"
sys.path.insert(0, str(ROOT))  # run as a script: the checkout's clearlaw


def _shape(missing: list[str]) -> str:
    """Missing facts with another count's id left out (``other: facts.x``)."""
    return ", ".join(sorted({re.sub(r"^\S+/\S+ ", "other: ", m) for m in missing})) or "-"


def measure(statute_id: str, records: str, as_of: str, repeat: int) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    import clearlaw
    from clearlaw.columnar import engine
    from clearlaw.dates import parse_date
    from clearlaw.evaluate import NEEDS_REVIEW, evaluate
    from clearlaw.io.parquet import iter_table

    statute, when = clearlaw.load(statute_id), parse_date(as_of)
    sql: list[dict[str, Any]] = []
    python: list[dict[str, Any]] = []
    rows: list[pa.Table] = []
    handover = [0.0]
    fallback = engine._Slice.fallback

    def watched(self: Any, source: str, slice_rows: Any, first: int, rejected: Any) -> Path:
        query = """SELECT pid, ord, sc, r0_o FROM decided
            WHERE pid IN (SELECT pid FROM fallback) ORDER BY pid, ord"""
        sql.extend(self.con.sql(query).to_arrow_table().to_pylist())
        places = self.con.sql(f"SELECT pid - {first} FROM fallback ORDER BY pid").to_arrow_table()
        rows.append(slice_rows.take(places.column(0)).drop_columns(["pid"]))
        started = time.process_time()
        out: Path = fallback(self, source, slice_rows, first, rejected)
        handover[0] += time.process_time() - started
        python.extend(pq.read_table(out).to_pylist())
        return out

    engine._Slice.fallback = watched  # type: ignore[method-assign]
    started = time.process_time()
    with engine.stream(statute, records, when) as s:
        determinations = sum(b.num_rows for b in s.batches)
    whole = time.process_time() - started
    engine._Slice.fallback = fallback  # type: ignore[method-assign]

    # a person's counts in order on both sides (the SQL numbers them case * 10^6 + count)
    by_person: dict[int, list[dict[str, Any]]] = {}
    for row in sql:
        by_person.setdefault(row["pid"], []).append(row)
    found = {(r["pid"], r["ord"]): r for r in python}
    pending: Counter[tuple[str, str]] = Counter()
    changes: Counter[str] = Counter()
    settled = 0
    for pid, counts in by_person.items():
        left = False
        for k, row in enumerate(counts):
            d = found[(pid, k)]
            if row["sc"] is None or (row["sc"] and row["r0_o"] == NEEDS_REVIEW):
                pending[(d["outcome"], _shape(d["missing"]))] += 1
                left = left or d["outcome"] == NEEDS_REVIEW
            else:
                sql_outcome = row["r0_o"] if row["sc"] else "out_of_scope"
                changes["same" if sql_outcome == d["outcome"] else "changed"] += 1
        settled += not left
    people = list(iter_table(pa.concat_tables(rows).to_batches(), records))
    reading, evaluating = [], []
    for _ in range(repeat):
        started = time.process_time()
        people = list(iter_table(pa.concat_tables(rows).to_batches(), records))
        reading.append(time.process_time() - started)
        started = time.process_time()
        for person in people:
            evaluate(statute, person, when, explain=False, out_of_scope=True)
        evaluating.append(time.process_time() - started)
    return {
        "statute": statute_id,
        "records": Path(records).name,
        "as_of": as_of,
        "people": s.people,
        "determinations": determinations,
        "handed_over": len(by_person),
        "handed_over_counts": len(sql),
        "pending_counts": sum(pending.values()),
        "pending_by_python_outcome_and_missing": [
            {"outcome": o, "missing": m, "counts": n} for (o, m), n in pending.most_common()
        ],
        "people_every_pending_count_decided": settled,
        "decided_counts_python_agrees": dict(changes),
        "cpu_seconds_run": round(whole, 2),
        "cpu_seconds_handover": round(handover[0], 2),
        "cpu_seconds_reader_median": round(statistics.median(reading), 3),
        "cpu_seconds_evaluate_median": round(statistics.median(evaluating), 3),
        "repeat": repeat,
        "load": [round(x, 1) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("statute")
    parser.add_argument("records", help="a Parquet records file")
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--save", action="store_true")
    args = parser.parse_args()
    report = measure(args.statute, args.records, args.as_of, args.repeat)
    print(json.dumps(report, indent=2))
    if args.save:
        saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"results": []}
        key = (report["statute"], report["records"])
        saved["results"] = [r for r in saved["results"] if (r["statute"], r["records"]) != key] + [
            report
        ]
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")


if __name__ == "__main__":
    main()
