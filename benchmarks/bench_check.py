"""Lint time against statute size: a generated statute with 100, 300, 600 and 1,200
exceptions (and, with ``--megabyte``, one of about 1 MB), parsed and checked as
``clearlaw lint`` does.

    python benchmarks/bench_check.py --repeat 3
    python benchmarks/bench_check.py --sizes 100 300 600 1200 --megabyte

Each exception is one of a few shapes a drafter writes (a citation set, a fact, a date
window, a count of other convictions, a `while`/`until` hold, a `notwithstanding` list), with
its own names, so the checker sees as many distinct rules, sets and facts as the statute has
exceptions.  Prints the medians (CPU seconds: lint as ``clearlaw.library.parse``; parsing alone;
checking, the difference; and lint's wall time) and the CPU time per exception, and writes
them to
``benchmarks/results/check.json``: near-linear means the time per exception stays flat as the
statute grows.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from pathlib import Path

from clearlaw.library import parse
from clearlaw.syntax import parse_statute_text

ROOT = Path(__file__).resolve().parent.parent

HEADER = """statute "Generated statute for the checker benchmark"
  id bench/generated
  jurisdiction "US-NY"
  effective 2020-01-01
outcomes
  clear        relief automatic "Cleared"
  not_eligible                  "Not cleared"
  otherwise not_eligible
applies to each count where disposition is convicted                 § B 1
parameter wait: duration = 3 years                                   § B 2
define cleared_on = disposition_date + wait                          § B 3
rule misdemeanor "misdemeanor"                                       § B 4
  clear on cleared_on when level is misdemeanor
rule felony "felony"                                                 § B 5
  clear on cleared_on + wait when level is felony
"""


def _exception(i: int) -> tuple[str, str, str]:
    """(declarations, facts, exception) for the i-th exception."""
    shape = i % 6
    decl = f'set s{i} = "PL {100 + i}", "PL {100 + i}.1{i % 10}"                 § B {i}.1\n'
    fact = f'  f{i}: boolean "fact {i}"\n'
    head = f'exception e{i} "exception {i}"                                      § B {i}\n'
    if shape == 0:
        body = f"  not_eligible when citation in s{i}\n"
    elif shape == 1:
        body = f"  not_eligible when facts.f{i} and level is felony\n"
    elif shape == 2:
        body = f"  not_eligible when disposition_date before 20{10 + i % 10}-01-01 and citation in s{i}\n"
    elif shape == 3:
        body = (
            f"  not_eligible when at least {1 + i % 3} other convictions where citation in s{i}\n"
        )
    elif shape == 4:
        body = "  not_eligible until sentence.supervision_end_date when sentence.supervised\n"
    else:
        body = f"  not_eligible when citation in s{i} or facts.f{i}\n  notwithstanding e{i - 1}\n"
    return decl, fact, head + body


def statute_text(exceptions: int) -> str:
    """A statute with ``exceptions`` exceptions (and a set and a fact per exception)."""
    parts = [_exception(i) for i in range(1, exceptions + 1)]
    return (
        HEADER
        + "facts\n"
        + "".join(fact for _, fact, _ in parts)
        + "".join(decl for decl, _, _ in parts)
        + "".join(exc for _, _, exc in parts)
    )


def measure(text: str, repeat: int) -> dict[str, float]:
    """Medians of ``repeat`` runs, in CPU seconds (the machine is shared; wall time for the
    whole lint too): lint (``clearlaw.library.parse``, as ``clearlaw lint``) and parsing
    alone; checking is the difference."""
    lint_times, parse_times, walls = [], [], []
    for _ in range(repeat):
        wall, start = time.perf_counter(), time.process_time()
        parse(text, "generated.law")
        linted = time.process_time()
        walls.append(time.perf_counter() - wall)
        gc.disable()  # as lint does while it parses and checks
        try:
            parse_statute_text(text, "generated.law")
        finally:
            gc.enable()
        lint_times.append(linted - start)
        parse_times.append(time.process_time() - linted)
    lint_s, parse_s = statistics.median(lint_times), statistics.median(parse_times)
    return {
        "parse_cpu_s": round(parse_s, 3),
        "check_cpu_s": round(lint_s - parse_s, 3),
        "lint_cpu_s": round(lint_s, 3),
        "lint_wall_s": round(statistics.median(walls), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 600, 1200])
    parser.add_argument("--megabyte", action="store_true", help="add a statute of about 1 MB")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = list(args.sizes)
    if args.megabyte:
        per_exception = len(statute_text(100)) / 100
        sizes.append(int(1_000_000 / per_exception))
    parse_statute_text(statute_text(1), "warm-up.law")  # build or load the parser tables once
    results = []
    for n in sizes:
        text = statute_text(n)
        row = {"exceptions": n, "bytes": len(text.encode("utf-8")), **measure(text, args.repeat)}
        row["cpu_ms_per_exception"] = round(1000 * row["lint_cpu_s"] / n, 2)
        results.append(row)
        print(
            f"{n:>6} exceptions  {row['bytes'] / 1000:>7.0f} kB  CPU: parse {row['parse_cpu_s']:>6.2f} s"
            f"  check {row['check_cpu_s']:>6.2f} s  lint {row['lint_cpu_s']:>6.2f} s"
            f" ({row['cpu_ms_per_exception']:>5.2f} ms/exception)  wall {row['lint_wall_s']:>6.2f} s",
            flush=True,
        )
    out = ROOT / "benchmarks" / "results" / "check.json"
    out.write_text(json.dumps({"repeat": args.repeat, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
