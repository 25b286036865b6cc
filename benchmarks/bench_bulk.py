"""The Python evaluator's bulk path: ``clearlaw check`` over many synthetic people from JSON
Lines and from Parquet, people per second and peak memory, and ``evaluate_many`` with and
without explanation trees (issue 17, "Measure").

    python benchmarks/bench_bulk.py --people 100000 --repeat 3 --before 1e729ef^
    python benchmarks/bench_bulk.py --people 1000000 --repeat 1 --records /tmp/ny1m.jsonl

Each ``check`` runs in a fresh process (``python -m clearlaw.cli check STATUTE FILE --as-of
D --format jsonl -o OUT``); its CPU time (user + system) and peak RSS come from ``wait4``, so
other work on a shared machine inflates the wall time but not the CPU figures.  Medians of
``--repeat`` runs; the load average before and after is recorded.  ``--before REV`` also runs
the JSON Lines check with the code of that git revision (``git archive`` into a temporary
folder) to compare against.  Records come from ``clearlaw population us_ny`` (seed 17)
unless ``--records`` names a JSON Lines file; the Parquet copy is made by ``clearlaw
convert`` (timed too).  Results are merged into ``benchmarks/results/bulk.json`` by number of
people.
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
RESULTS = ROOT / "benchmarks" / "results" / "bulk.json"
STATUTE = "ny/clean-slate"
AS_OF = "2026-01-01"


def run(argv: list[str], *, pythonpath: Path | None = None) -> dict[str, float]:
    """Run ``argv`` in a fresh process: wall and CPU seconds, peak RSS in MB."""
    env = dict(os.environ)
    if pythonpath is not None:  # and run there: `python -m` puts the working folder first
        env["PYTHONPATH"] = str(pythonpath)
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=pythonpath or ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {proc.returncode}\n{err}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def medians(argv: list[str], repeat: int, people: int, **kw: Any) -> dict[str, float]:
    runs = [run(argv, **kw) for _ in range(repeat)]
    out = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    out["people_per_cpu_s"] = round(people / out["cpu_s"])
    out["people_per_wall_s"] = round(people / out["wall_s"])
    out["runs"] = len(runs)
    return out


def check(records: Path, out: Path) -> list[str]:
    cli = [sys.executable, "-m", "clearlaw.cli", "check", STATUTE, str(records)]
    return [*cli, "--as-of", AS_OF, "--format", "jsonl", "-o", str(out)]


def evaluate_many_rate(records: Path, sample: int) -> dict[str, float]:
    """People per CPU second of ``evaluate_many`` over the first ``sample`` people, with and
    without explanation trees (in this process, records already read)."""
    import itertools

    import clearlaw
    from clearlaw.io import RecordStream

    statute = clearlaw.load(STATUTE)
    people = list(itertools.islice(RecordStream(records), sample))
    as_of = clearlaw.dates.parse_date(AS_OF)
    rates = {}
    for explain in (False, True):
        start = time.process_time()
        for _ in clearlaw.evaluate_many(statute, people, as_of, explain=explain):
            pass
        rates["with" if explain else "without"] = round(len(people) / (time.process_time() - start))
    return {
        "people": len(people),
        "people_per_cpu_s_without_explanations": rates["without"],
        "people_per_cpu_s_with_explanations": rates["with"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--records", type=Path, help="a JSON Lines file of that many people")
    parser.add_argument("--before", metavar="REV", help="also run check with this revision")
    parser.add_argument(
        "--sample", type=int, default=20_000, help="evaluate_many's people (0: none)"
    )
    parser.add_argument(
        "--formats", nargs="+", choices=("jsonl", "parquet"), default=["jsonl", "parquet"]
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jsonl = args.records.resolve() if args.records else folder / "people.jsonl"
        if args.records is None:
            cmd = [sys.executable, "-m", "clearlaw.cli", "population", "us_ny"]
            run([*cmd, "--people", str(args.people), "--seed", "17", "-o", str(jsonl)])
        parquet = folder / "people.parquet"
        if "parquet" in args.formats:
            cmd = [sys.executable, "-m", "clearlaw.cli", "convert", str(jsonl), str(parquet)]
            convert = run(cmd)
        load_before = os.getloadavg()
        row: dict[str, Any] = {
            "people": args.people,
            "statute": STATUTE,
            "as_of": AS_OF,
            "jsonl_mb": round(jsonl.stat().st_size / 1e6, 1),
        }
        if "parquet" in args.formats:
            row["parquet_mb"] = round(parquet.stat().st_size / 1e6, 1)
            row["convert_jsonl_to_parquet"] = convert
        out = folder / "out.jsonl"
        for name, records in (("check_jsonl", jsonl), ("check_parquet", parquet)):
            if name.removeprefix("check_") not in args.formats:
                continue
            row[name] = medians(check(records, out), args.repeat, args.people)
            print(name, json.dumps(row[name]), flush=True)
            save(row)
        if args.before:
            old = folder / "before"
            old.mkdir()
            tar = subprocess.run(
                ["git", "-C", str(ROOT), "archive", args.before, "clearlaw", "grammar", "statutes"],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=tar, check=True)
            before = medians(check(jsonl, out), args.repeat, args.people, pythonpath=old)
            row["check_jsonl_before"] = {"revision": args.before, **before}
            print(json.dumps(row["check_jsonl_before"]), flush=True)
        if args.sample:
            row["evaluate_many"] = evaluate_many_rate(jsonl, args.sample)
        row["load_average"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
        row["cores"] = os.cpu_count()
        row["self_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        save(row)
    print(json.dumps(row, indent=2))


def save(row: dict[str, Any]) -> None:
    """Merge ``row`` into ``RESULTS`` (replacing the row of as many people)."""
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"results": []}
    kept = [r for r in results["results"] if r["people"] != row["people"]]
    results["results"] = sorted([*kept, row], key=lambda r: r["people"])
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
