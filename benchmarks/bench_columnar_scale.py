"""Benchmark: the DuckDB engine on 10^7 to 10^8 counts on one machine, within a memory bound
(issue 17: "10^8 counts on this machine within 8 GB of memory").

    python benchmarks/bench_columnar_scale.py build --people 500000 --replicas 6
    nice -n 10 python benchmarks/bench_columnar_scale.py run --replicas 6 --memory-limit 4GB --save

(``--people 500000 --replicas 57`` for 10^8 counts: New York has 3.5 counts a person.)
``build`` makes the input once, in a folder outside the repository (``--folder``, default
``$TMPDIR/clearlaw-scale``; 10^7 counts are 149 MB of Parquet, 10^8 about 1.5 GB):

1. ``clearlaw population us_ny --people N --seed S`` (JSON Lines; about 250 CPU seconds for
   1,000,000 people, 3.5 counts each; the people of seed S are prefix-stable, so the first N
   of a larger population are the same people);
2. converted to the Parquet records layout (``docs/records.md``) by DuckDB's ``read_json``
   with the layout's types (``clearlaw.io.parquet.RECORDS_SCHEMA``), as
   ``benchmarks/bench_columnar.py``'s inputs;
3. replicated in SQL into ``--replicas`` R copies, ``scale_R.parquet``. Replica ``r``
   (0 ≤ r < R) is the base with fresh ids — person, case and count ids get the suffix
   ``~r`` — and **every date moved back by the same whole number of days**,
   ``shift(r) = (r * 389) mod 1827`` (0 for replica 0, at most five years back), so that the
   replicas are not the same decisions as of a fixed date (waiting periods end before or after
   it) while each stays a valid population: dates only move earlier, and a person's dates keep
   their order and distances (a birth date moves with the offenses, so ages at offense keep).

Everything is deterministic: the same ``--people``, ``--seed`` and ``--replicas`` give the same
set of rows.

``run`` measures ``check ny/clean-slate FILE --engine duckdb --format parquet -o OUT`` as
``clearlaw check`` runs it (``clearlaw.columnar.stream``, batches written to a Parquet file;
the command line has no memory option, so the child calls ``stream`` with
``--memory-limit``) in a child process: wall and CPU seconds (the child's user + system, all
threads), the peak RSS of the child's process tree (polled from ``/proc`` every 0.2 s, and the
child's own ``ru_maxrss``), counts per CPU second, the people handed to the Python evaluator,
and whether the output has one row per input count. ``--save`` adds the report to
``benchmarks/results/columnar_scale.json`` (one entry per size and memory limit).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from proctree import memory_mb, tree

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "columnar_scale.json"
STATUTE = "ny/clean-slate"
PROFILE = "us_ny"
#: The days replica ``r`` is moved back: ``(r * SHIFT_STEP) % SHIFT_SPAN``.
SHIFT_STEP, SHIFT_SPAN = 389, 1827
sys.path.insert(0, str(ROOT))  # run as a script: the checkout's clearlaw


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _connect(memory_limit: str, folder: Path) -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{folder / 'spill'}'")
    return con


def _columns(con: Any) -> str:
    """The layout's columns as a ``read_json`` ``columns`` argument."""
    import pyarrow as pa

    from clearlaw.io.parquet import RECORDS_SCHEMA

    con.register("layout", pa.Table.from_batches([], RECORDS_SCHEMA))
    described = con.execute("DESCRIBE layout").fetchall()
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind, *_ in described) + "}"


def _shifted(expr: str, kind: Any, depth: int = 0) -> str:
    """``expr`` (of Arrow type ``kind``) with every date moved back ``shift`` days and every
    ``id`` given the suffix ``suffix`` (columns of the replication query)."""
    import pyarrow as pa

    if pa.types.is_date32(kind):
        return f"({expr} - shift)"
    if pa.types.is_list(kind):
        var = f"x{depth}"
        return f"list_transform({expr}, lambda {var}: {_shifted(var, kind.value_type, depth + 1)})"
    if pa.types.is_struct(kind):
        fields = [kind.field(i) for i in range(kind.num_fields)]
        items = (f'"{f.name}" := {_field(expr, f, depth)}' for f in fields)
        return "struct_pack(" + ", ".join(items) + ")"
    return expr


def _field(expr: str, field: Any, depth: int) -> str:
    """The field ``field`` of the struct ``expr``, shifted (``_shifted``)."""
    value = f'{expr}."{field.name}"'
    return f"{value} || suffix" if field.name == "id" else _shifted(value, field.type, depth)


def build(args: argparse.Namespace) -> None:
    """The base population, its Parquet copy and the replicated file (module docstring)."""
    from clearlaw.io.parquet import RECORDS_SCHEMA

    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    base_json = folder / f"{PROFILE}_{args.people}_seed{args.seed}.jsonl"
    base = base_json.with_suffix(".parquet")
    timings: dict[str, float] = {}
    if not base_json.exists():
        started = time.perf_counter()
        command = [sys.executable, "-m", "clearlaw.cli", "population", PROFILE]
        command += ["--people", str(args.people), "--seed", str(args.seed), "-o", str(base_json)]
        subprocess.run(command, check=True, cwd=ROOT, env=_env())
        timings["population_seconds"] = time.perf_counter() - started
    con = _connect(args.memory_limit, folder)
    if not base.exists():
        started = time.perf_counter()
        con.execute(
            f"COPY (SELECT * FROM read_json('{base_json}', columns = {_columns(con)},"
            f" format = 'newline_delimited')) TO '{base}' (FORMAT parquet, COMPRESSION zstd)"
        )
        timings["convert_seconds"] = time.perf_counter() - started
    out = folder / f"scale_{args.replicas}.parquet"
    columns = ", ".join(f'{_field("b", f, 0)} AS "{f.name}"' for f in RECORDS_SCHEMA)
    started = time.perf_counter()
    con.execute(
        f"""COPY (
            SELECT {columns} FROM (
                SELECT r, ((r * {SHIFT_STEP}) % {SHIFT_SPAN})::INTEGER AS shift,
                    '~' || r::VARCHAR AS suffix
                FROM range({args.replicas}) t(r)
            ) CROSS JOIN read_parquet('{base}') b
        ) TO '{out}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)"""
    )
    timings["replicate_seconds"] = time.perf_counter() - started
    people, counts = _size(con, out)
    print(json.dumps({"file": str(out), "people": people, "counts": counts, **timings}))


def _size(con: Any, path: Path) -> tuple[int, int]:
    found = con.execute(
        "SELECT count(*), sum(list_sum(list_transform(cases, lambda c: len(c.counts))))"
        f" FROM read_parquet('{path}')"
    ).fetchone()
    return int(found[0]), int(found[1] or 0)


def one(args: argparse.Namespace) -> None:
    """One run of the engine in this process (the child of ``run``)."""
    import pyarrow.parquet as pq

    import clearlaw
    from clearlaw.columnar import stream, write_determinations
    from clearlaw.dates import parse_date

    statute = clearlaw.load(STATUTE)
    out = Path(args.output)
    started = time.perf_counter()
    with (
        stream(statute, args.records, parse_date(args.as_of), memory_limit=args.memory_limit) as s,
        out.open("wb") as fb,
    ):
        write_determinations(s.batches, fb, "parquet")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    found = {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "own_peak_mb": usage.ru_maxrss / 1024,
        "rows": pq.read_metadata(out).num_rows,
        "people": s.people,
        "fallback_people": s.fallback,
        "python_seconds": s.python_seconds,
        "rejected": len(s.rejected),
    }
    print(json.dumps(found))


def run(args: argparse.Namespace) -> None:
    """Measure the engine on ``scale_R.parquet`` in a child process (module docstring)."""
    import duckdb

    folder = Path(args.folder)
    records = folder / f"scale_{args.replicas}.parquet"
    people, counts = _size(duckdb.connect(), records)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(dir=folder) as work:
        command = [sys.executable, __file__, "one", str(records), str(Path(work) / "out.parquet")]
        command += ["--as-of", args.as_of, "--memory-limit", args.memory_limit]
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT, env=_env(), text=True)
        peak = [0.0]

        def poll() -> None:
            while child.poll() is None:
                peak[0] = max(peak[0], memory_mb(tree(child.pid)))
                time.sleep(0.2)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        stdout, _ = child.communicate()
        wall = time.perf_counter() - started
        poller.join()
    if child.returncode:
        sys.exit(f"the run failed (exit {child.returncode})")
    found = json.loads(stdout.strip().splitlines()[-1])
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report: dict[str, Any] = {
        "statute": STATUTE,
        "as_of": args.as_of,
        "replicas": args.replicas,
        "people": people,
        "counts": counts,
        "memory_limit": args.memory_limit,
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(children.ru_utime + children.ru_stime, 1),
        "peak_rss_mb": round(max(peak[0], children.ru_maxrss / 1024)),
        "counts_per_cpu_second": round(counts / (children.ru_utime + children.ru_stime)),
        "fallback_people": found["fallback_people"],
        "fallback_share": round(found["fallback_people"] / people, 4),
        "python_seconds": round(found["python_seconds"], 1),
        "output_rows": found["rows"],
        "one_row_per_count": found["rows"] == counts,
        "rejected": found["rejected"],
        "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    print(json.dumps(report, indent=2))
    if args.save:
        saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"results": []}
        key = (report["counts"], report["memory_limit"])
        saved["results"] = [
            r for r in saved["results"] if (r["counts"], r["memory_limit"]) != key
        ] + [report]
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    default_folder = str(Path(tempfile.gettempdir()) / "clearlaw-scale")
    bu = sub.add_parser("build", help="make the replicated input")
    bu.add_argument("--people", type=int, default=500_000)
    bu.add_argument("--seed", type=int, default=1)
    bu.add_argument("--replicas", type=int, default=57)
    bu.add_argument("--memory-limit", default="4GB")
    bu.add_argument("--folder", default=default_folder)
    ru = sub.add_parser("run", help="measure the engine on scale_REPLICAS.parquet")
    ru.add_argument("--replicas", type=int, default=57)
    ru.add_argument("--as-of", default="2025-06-01")
    ru.add_argument("--memory-limit", default="4GB", help="DuckDB's memory_limit")
    ru.add_argument("--folder", default=default_folder)
    ru.add_argument("--save", action="store_true")
    on = sub.add_parser("one")  # a single run, in the child process of `run`
    on.add_argument("records")
    on.add_argument("output")
    on.add_argument("--as-of", required=True)
    on.add_argument("--memory-limit", required=True)
    args = parser.parse_args()
    {"build": build, "run": run, "one": one}[args.command](args)


if __name__ == "__main__":
    main()
