"""Where a ``clearlaw ca-doj run`` spends its CPU, step by step, on one part (not a test).

    python benchmarks/ca_doj_profile.py --rows 100000 --repeat 3
    python benchmarks/ca_doj_profile.py --rows 1000000 --floor

One process, the steps of a part one after the other (a real run overlaps them on two cores:
reading and writing in this process, deciding in a helper), each timed as CPU seconds of the
process (user + system, Polars' threads included), the lowest of ``--repeat``: the line index
(with the lines that may hold a formula cell) and pass 1 (``read_extract``), the facts and
records of the people to decide, deciding under each statute, the tables, condensed rows and
figures, pass 2 (the results file), and a byte copy of the same file (``cp``'s floor, done
in the kernel).  Polars' allocator is set as the command sets it (``cli.JEMALLOC_CONF``).  It also counts the people who
share a record with someone else but for the ids (person, case, count): how often a memo of
decisions by record could hit.

``--split``: the whole run as the command does it (a helper process deciding), and the CPU
seconds of this process (reading and writing) and of the helper (deciding) apart: which of
the two a faster step would relieve.

``--floor``: the whole run (one process, ``--part-mb`` parts) twice, once as it is and once
with the determinations looked up instead of evaluated (computed by the first run): what the
run would cost if deciding were free, the most any faster deciding could save.  The file is
``benchmarks/ca_doj_generate.py``'s (made in ``--data`` when missing).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clearlaw.ca_doj.cli import JEMALLOC_CONF

# the command's allocator setting (read once, when Polars loads): page faults, system time
# and memory as in a run
os.environ.setdefault("_RJEM_MALLOC_CONF", JEMALLOC_CONF)

import polars as pl

from clearlaw.ca_doj import decide as deciding
from clearlaw.ca_doj import pipeline
from clearlaw.ca_doj.people import PersonFacts, build_people
from clearlaw.ca_doj.reader import read_extract
from clearlaw.dates import date
from clearlaw.records import Person

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "statutes" / "ca" / "policies" / "bear-default.law"
COUNTY = "LOS ANGELES"
AS_OF = date(2020, 7, 1)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def lowest(repeat: int, step: Callable[[], Any]) -> tuple[float, Any]:
    """The lowest CPU seconds of ``repeat`` runs of ``step``, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = cpu()
        result = step()
        best = min(best, cpu() - start)
    return best, result


def show(step: str, seconds: float) -> None:
    print(f"{step:<42} {seconds:6.3f} CPU-s")


def signature(facts: PersonFacts, dates: bool = True) -> tuple[Any, ...]:
    """A person's facts without the ids (person, case, count): equal for people whose
    records differ only in their ids, the most a memo keyed on the record could share.
    ``dates=False`` leaves out the birth, offense, conviction and registration dates too
    (not exact: ``ca/prop64`` reads them), the most even an inexact memo could share."""
    _, rows, deceased, registered = facts
    if not dates:
        return (tuple((r[2], r[5], r[6], r[9], r[10]) for r in rows), deceased, len(registered))
    return (tuple((r[2], r[3], *r[5:]) for r in rows), deceased, tuple(registered))


def steps(src: Path, repeat: int, work: Path) -> None:
    statutes = deciding.load_statutes(POLICY, COUNTY)
    sets = dict(statutes[0].checked.sets)
    t, extract = lowest(repeat, lambda: read_extract([src], sets, work, formulas=True))
    show("pass 1 (index, formula lines, scan, conv.)", t)
    in_county = pl.col("cannabis_offenses") & (pl.col("county") == COUNTY)
    conv = extract.convictions.with_columns(in_county.alias("in_county"))
    ids = conv.filter(pl.col("in_county"))["person"].unique(maintain_order=True).to_list()
    t, facts = lowest(repeat, lambda: extract.facts(ids, relevant_only=True))
    t2, people = lowest(repeat, lambda: build_people(facts))
    show(f"facts and records ({len(ids):,} people)", t + t2)
    rows: list[list[deciding.DetRow]] = []
    for statute in statutes:

        def decide_one(s: Any = statute) -> list[list[deciding.DetRow]]:
            return deciding.decide([s], people, AS_OF)

        t, (decided,) = lowest(repeat, decide_one)
        rows.append(decided)
        show(f"deciding {statute.id}", t)
    frames = [pipeline._det_frame(r) for r in rows]
    shared = len(ids) - len({signature(f) for f in facts})
    dateless = len(ids) - len({signature(f, dates=False) for f in facts})
    print(f"people sharing a record but for the ids: {shared:,} of {len(ids):,}")
    print(f"  ... but for the ids and the dates: {dateless:,} of {len(ids):,}")
    (work / "out").mkdir()
    with contextlib.ExitStack() as stack:
        sinks = pipeline._Sinks(stack, work / "out", [src])

        def tables() -> tuple[pl.DataFrame, pl.DataFrame]:
            count_tbl, person_tbl = pipeline._tables(extract, conv, frames, AS_OF)
            pipeline._write_condensed(conv, count_tbl, person_tbl, sinks, False)
            pipeline._figures(conv, frames, ids, sorted(extract.hand_review), AS_OF)
            return count_tbl, person_tbl

        t, (count_tbl, person_tbl) = lowest(repeat, tables)
        show("tables, condensed rows, figures", t)

        def pass2() -> None:
            stats = extract.files[0]
            pipeline._write_results(stats, 0, extract.runs, count_tbl, person_tbl, sinks, 0, False)

        t, _ = lowest(repeat, pass2)
        show("pass 2 (results file)", t)
    target = work / "copy.dat"
    t, _ = lowest(repeat, lambda: pipeline._copy_bytes(src, 0, src.stat().st_size, target))
    show("byte copy of the file (cp's floor)", t)


def floor(src: Path, part_mb: int, work: Path) -> None:
    """The run as it is, then with deciding replaced by a lookup of its determinations."""
    found: dict[str, list[list[deciding.DetRow]]] = {}
    evaluate = deciding.decide

    def remembering(
        statutes: Sequence[Any], people: Sequence[Person], as_of: date, progress: Any = None
    ) -> list[list[deciding.DetRow]]:
        out = evaluate(statutes, people, as_of, progress)
        for person in people:
            found[person.id] = [[] for _ in statutes]
        for k, rows in enumerate(out):
            for row in rows:
                found[row[0]][k].append(row)
        return out

    def looking_up(
        statutes: Sequence[Any], people: Sequence[Person], as_of: date, progress: Any = None
    ) -> list[list[deciding.DetRow]]:
        out: list[list[deciding.DetRow]] = [[] for _ in statutes]
        for person in people:
            for rows, theirs in zip(out, found[person.id], strict=True):
                rows.extend(theirs)
        return out

    for name, decide in (("as it is", remembering), ("deciding free", looking_up)):
        deciding.decide = decide
        out = work / "run"
        shutil.rmtree(out, ignore_errors=True)
        start = cpu()
        with open(os.devnull, "w") as quiet:
            pipeline.run([src], COUNTY, POLICY, AS_OF, out, stderr=quiet, part_bytes=part_mb << 20)
        show(f"whole run, one process, {name}", cpu() - start)
    deciding.decide = evaluate


def split(src: Path, part_mb: int, work: Path) -> None:
    """The whole run with a helper process, this process's and the helper's CPU apart, and
    this process's system time and page faults (memory faulted in afresh)."""
    mine, before = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    with open(os.devnull, "w") as quiet:
        pipeline.run(
            [src],
            COUNTY,
            POLICY,
            AS_OF,
            work / "run",
            stderr=quiet,
            workers=2,
            part_bytes=part_mb << 20,
        )
    multiprocessing.active_children()  # the helper, once it has exited
    after, now = (
        resource.getrusage(resource.RUSAGE_CHILDREN),
        resource.getrusage(resource.RUSAGE_SELF),
    )
    show("whole run: this process (read, write)", cpu() - mine.ru_utime - mine.ru_stime)
    show("  of which system time", now.ru_stime - mine.ru_stime)
    print(f"  page faults: {now.ru_minflt - mine.ru_minflt:,}")
    show(
        "whole run: the helper (decide)",
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--data", default="/tmp/clearlaw-ca-doj-bench")
    p.add_argument("--part-mb", type=int, default=pipeline.PART_BYTES >> 20)
    p.add_argument("--floor", action="store_true", help="the whole run, and with deciding free")
    p.add_argument("--split", action="store_true", help="CPU of the run's two processes apart")
    args = p.parse_args(argv)
    src = Path(args.data) / f"doj-{args.rows}.dat"
    if not src.exists():
        src.parent.mkdir(parents=True, exist_ok=True)
        generate = [sys.executable, str(ROOT / "benchmarks" / "ca_doj_generate.py")]
        subprocess.run([*generate, "--rows", str(args.rows), "--out", str(src)], check=True)
    print(f"{src} ({src.stat().st_size >> 20} MB), load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="ca-doj-profile-") as tmp:
        if args.split:
            split(src, args.part_mb, Path(tmp))
        elif args.floor:
            floor(src, args.part_mb, Path(tmp))
        else:
            steps(src, args.repeat, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
