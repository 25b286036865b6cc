"""``clearlaw ca-doj run``: DOJ research files + a county policy → the files a DA and a court
need (docs/ca-doj.md).

Two passes over the input, both streaming (Polars): pass 1 reads the columns decisions use
(reader.py); people with a cannabis conviction in the county become ``Person`` records and are
evaluated with clearlaw under ``ca/prop64`` (the statute), the county's policy
(``ca/prop64-county`` amended) and the ``dismiss-all`` policy (for comparison); pass 2 copies
every input row with the determination columns added.  All decisions come from the statutes.
Inputs bigger than ``part_bytes`` are done a part at a time (``_run_in_parts``: each person's
rows in one part), so memory stays flat; else, or when people's rows are not together, the
whole input at once (``_run_whole``).

The run folder is locked and its outputs listed in a manifest (clearlaw/io/run_folder.py);
each output is written to a temporary name and renamed when complete
(clearlaw/io/outputs.py).  Cells of the CSV outputs that a spreadsheet would run as a formula
get a leading ``'`` unless ``raw_csv`` (``_safe``).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as _dt
import functools
import gc
import json
import os
import shutil
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import attrs
import polars as pl

from clearlaw.ca_doj.decide import (
    DET_COLUMNS,
    Deciding,
    DetRow,
    load_statutes,
    policy_file,
    refuse_in_helper,
)
from clearlaw.ca_doj.errors import RunError
from clearlaw.ca_doj.format import COLUMNS, header_columns
from clearlaw.ca_doj.reader import (
    Extract,
    FileStats,
    Problem,
    check_inputs,
    person_parts,
    read_extract,
    scan_doj,
)
from clearlaw.citations import CitationSet
from clearlaw.dates import date
from clearlaw.evaluate import Statute
from clearlaw.io.outputs import FORMULA_STARTS, atomic_output, write_text
from clearlaw.io.run_folder import Layout, RunFolder
from clearlaw.progress import Progress

__all__ = ["CONDENSED_COLUMNS", "DETERMINATION_COLUMNS", "RUN_FOLDER", "run"]

SECTIONS = ("11357", "11358", "11359", "11360")

PERSON_COLUMNS = (
    "CONVICTIONS_ON_RECORD",
    "CANNABIS_CONVICTIONS",
    *(f"CANNABIS_{s}" for s in SECTIONS),
    "SUPERSTRIKE_SECTIONS",
    "PC290_SECTIONS",
    "PC290_REGISTRATION",
    "YEARS_SINCE_ANY_CONVICTION",
    "DECEASED",
)
#: What was decided about a conviction (the last of the added columns).
DECISION_COLUMNS = (
    "STATUTE_DETERMINATION",
    "STATUTE_RULE",
    "DETERMINATION",
    "REASON",
    "CITATION",
    "ELIGIBLE_ON",
)
#: The columns added to every input row, in order (the rest of them are the conviction's:
#: its case number, date, years since, and the decision).
DETERMINATION_COLUMNS = (
    "CASE_NUMBER",
    "CONVICTIONS_ON_RECORD",
    "CANNABIS_CONVICTIONS",
    *(f"CANNABIS_{s}" for s in SECTIONS),
    "SUPERSTRIKE_SECTIONS",
    "PC290_SECTIONS",
    "PC290_REGISTRATION",
    "DATE_OF_CONVICTION",
    "YEARS_SINCE_THIS_CONVICTION",
    "YEARS_SINCE_ANY_CONVICTION",
    "DECEASED",
    *DECISION_COLUMNS,
)
#: One row per conviction: who, which count, what was decided.
CONDENSED_COLUMNS = (
    "SUBJECT_ID",
    "CII_NUMBER",
    "PRI_NAME",
    "PRI_DOB",
    "CNT_ORDER",
    "COUNTY",
    "CHARGE",
    "CODE_SECTION",
    "ATTEMPTED",
    "LEVEL",
    "SENTENCE",
    *DETERMINATION_COLUMNS,
)

HAND_REVIEW = "hand_review"
_LEVEL_NAMES = {"F": "felony", "M": "misdemeanor", "I": "infraction"}


def _years(col: str | pl.Expr, as_of: date) -> pl.Expr:
    """Completed years from a date to ``as_of`` (anniversaries roll forward)."""
    d = pl.col(col) if isinstance(col, str) else col
    before = (d.dt.month() > as_of.month) | (
        (d.dt.month() == as_of.month) & (d.dt.day() > as_of.day)
    )
    return as_of.year - d.dt.year() - before.cast(pl.Int32)


def _return_freed_memory() -> None:
    """Collect garbage and give the memory Python freed back to the system (glibc keeps it
    otherwise: about 85 MB at a million rows), before pass 2 needs its own."""
    gc.collect()
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return
    libc.malloc_trim(0)


#: A cell a spreadsheet would run as a formula (clearlaw/io/outputs.py ``FORMULA_STARTS``).
_FORMULA = "^([" + "".join(FORMULA_STARTS).replace("-", "\\-") + "])"


def _safe(cells: pl.Expr) -> pl.Expr:
    """``spreadsheet_safe`` as a Polars expression: a leading ``'`` on a formula cell.  (A
    ``when``/``then`` costs the test alone where no cell of a chunk needs the rewrite.)"""
    risky = cells.str.contains(_FORMULA)
    return pl.when(risky).then(cells.str.replace(_FORMULA, "'$1")).otherwise(cells)


_QUOTED = '(?:[^"]|"")*"'
#: A quoted cell that begins like a formula (groups 1-3), a bare one (4-5), or any quoted
#: cell (6: taken whole, so that its commas are not taken for cell starts).
_CELLS = f'(^|,)(")({_FORMULA[2:-1]}{_QUOTED})|(^|,){_FORMULA.removeprefix("^")}|("{_QUOTED})'


def _safe_line(line: pl.Expr) -> pl.Expr:
    """A CSV line with each cell (quoted or not) that begins like a formula given a leading
    ``'`` (inside its quotes): ``_CELLS`` marks each cell found with a NUL, and every quoted
    cell too; a NUL before a quote goes, the others become the apostrophe."""
    marked = line.str.replace_all(_CELLS, "${1}${4}${2}\x00${3}${5}${6}")
    return marked.str.replace_all('\x00"', '"', literal=True).str.replace_all(
        "\x00", "'", literal=True
    )


def _write_errors(problems: list[Problem], path: Path, stderr: TextIO, raw: bool) -> None:
    df = pl.DataFrame(
        {
            "file": [p.file for p in problems],
            "line": [p.line for p in problems],
            "person": [p.person_id for p in problems],
            "field": [p.field for p in problems],
            "value": [p.value for p in problems],
            "message": [p.message for p in problems],
        },
        schema={
            "file": pl.String,
            "line": pl.Int64,
            "person": pl.String,
            "field": pl.String,
            "value": pl.String,
            "message": pl.String,
        },
    )
    if not raw:
        df = df.with_columns(_safe(pl.col(pl.String)))
    with atomic_output(path, "wb") as fh:
        df.write_csv(fh)
    for p in problems[:200]:
        print(str(p), file=stderr)
    if len(problems) > 200:
        print(f"... and {len(problems) - 200} more problems (all in {path})", file=stderr)


#: Inputs bigger than this are read, decided and written a part of about this size at a time
#: when each person's rows are together (``person_parts``): memory then stays flat.
PART_BYTES = 64 << 20


def run(
    inputs: Sequence[str | Path],
    county: str,
    policy: str | Path,
    as_of: date,
    output: str | Path | RunFolder,
    *,
    overwrite: bool = False,
    raw_csv: bool = False,
    progress: bool | None = None,
    stderr: TextIO | None = None,
    workers: int = 1,
    part_bytes: int = PART_BYTES,
) -> dict[str, Any]:
    """Run the whole command; returns the summary (also written to ``summary.json``).
    ``output``: the run folder, a path (a folder holding an earlier run is refused unless
    ``overwrite``) or a ``RunFolder`` the caller opened (and finishes).  ``policy``: a file or
    a library id.  Bad input raises ``RunError`` (one line; what the run wrote is removed).
    ``raw_csv``: CSV cells as they are (else formula cells get a leading ``'``).
    ``workers``: processes that decide; more than 1 starts helper processes (see
    clearlaw/ca_doj/decide.py: call under ``if __name__ == "__main__":``).  The command
    line uses ``default_workers``: 2 with two cores or more and inputs of 32 MB or more.
    ``part_bytes``: inputs bigger than this are done a part at a time when each person's rows
    are together (0: never); the outputs are the same either way."""
    refuse_in_helper()
    paths = [Path(p) for p in inputs]
    check_inputs(paths)
    policy_path = policy_file(policy)
    settings = _Settings(county, policy, policy_path, as_of, raw_csv, workers, part_bytes)
    bar = Progress(stderr if stderr is not None else sys.stderr, enabled=progress)
    if isinstance(output, RunFolder):
        return _run_in(output, paths, settings, bar)
    with RunFolder.open(output, RUN_FOLDER, overwrite=overwrite) as folder:
        summary = _run_in(folder, paths, settings, bar)
        folder.finish()
    return summary


@attrs.frozen
class _Settings:
    """What ``run`` was asked (``policy`` as given, ``policy_path`` its file)."""

    county: str
    policy: str | Path
    policy_path: Path
    as_of: date
    raw_csv: bool
    workers: int
    part_bytes: int


def _run_in(
    folder: RunFolder, paths: list[Path], settings: _Settings, bar: Progress
) -> dict[str, Any]:
    """The run, writing into ``folder`` (locked, marked incomplete until its caller
    finishes it)."""
    out = folder.path
    county_name = settings.county.replace('"', "").strip().upper()
    as_of, policy, part_bytes = settings.as_of, settings.policy, settings.part_bytes
    folder.plan([*_result_names(paths), *_OUTPUTS])
    # the statutes load (Python) while Polars scans the files (it releases the GIL), and
    # so do the helper processes that will share the deciding
    pool = ThreadPoolExecutor(max_workers=1)
    job = _Job(
        out=out,
        work=folder.work,
        county=county_name,
        as_of=as_of,
        statutes=pool.submit(load_statutes, settings.policy_path, county_name),
        deciding=Deciding(settings.policy_path, county_name, settings.workers),
        bar=bar,
        raw=settings.raw_csv,
    )
    try:
        found = None
        if part_bytes and sum(p.stat().st_size for p in paths) > part_bytes:
            found = _run_in_parts(job, paths, part_bytes)
        if found is None:
            found = _run_whole(job, paths)
    finally:
        job.deciding.close()
        pool.shutdown(wait=True)
        shutil.rmtree(job.work, ignore_errors=True)
        job.bar.done()
    files, problems, hand, figures = found
    _check_county(job, sum(f.rows_read for f in files), paths)
    _write_errors(problems, out / "errors.csv", job.err, job.raw)
    summary = _summary(files, problems, hand, figures, county_name, policy, as_of)
    summary["policy_id"] = job.statutes.result()[1].id
    summary["policy_title"] = job.statutes.result()[1].title  # named so in court filings
    write_text(out / "summary.json", json.dumps(summary, indent=2) + "\n")
    write_text(out / "summary.txt", render_summary(summary))
    return summary


#: The outputs of every run besides the results files.
_OUTPUTS = ("condensed.csv", "cannabis.csv", "errors.csv", "summary.json", "summary.txt")
#: What a run folder written before manifests existed holds (besides the results files its
#: summary names): removed by ``--overwrite`` too.
_LEGACY = ("summary.json", "summary.txt", "bulk-*.*")


def _legacy_files(folder: Path) -> list[str] | None:
    """The files of a run written before manifests existed (``None``: no such run): those its
    summary names, and ``_LEGACY``."""
    summary = folder / "summary.json"
    if not summary.is_file():
        return None
    try:
        outputs = json.loads(summary.read_text(encoding="utf-8")).get("outputs", {})
        named = [n for v in outputs.values() for n in (v if isinstance(v, list) else [v])]
    except (ValueError, AttributeError):
        named = []
    return [*named, *(p.name for pattern in _LEGACY for p in folder.glob(pattern))]


#: The run folder (locked: runs are long): the names its users' folders already hold.
RUN_FOLDER = Layout(
    manifest=".clearlaw-run.json",
    marker="RUN-INCOMPLETE",
    marker_head=(
        "# This clearlaw ca-doj run did not finish: the files beside this one are not a\n"
        "# complete run.  Run it again with --overwrite (it removes the files listed below).\n"
    ),
    error=RunError,
    lock=".clearlaw-run.lock",
    legacy=_legacy_files,
)


def _check_county(job: _Job, rows: int, inputs: Sequence[Path]) -> None:
    """An empty input, or a ``--county`` no conviction of the input is in (a misspelling),
    is an error naming the counties the input's convictions are in."""
    if not rows:
        names = ", ".join(str(p) for p in inputs)
        raise RunError(f"{names}: no DOJ rows to read (empty, or a header row only)")
    if job.county and job.county not in job.counties:
        known = sorted(job.counties)
        said = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
        raise RunError(
            f'--county "{job.county}": no conviction in the input is in this county '
            + (f"(the input's convictions are in: {said})" if known else "(no row is a conviction)")
        )


@attrs.define
class _Job:
    """What every part of a run shares."""

    out: Path
    work: Path  # scratch files, removed at the end
    county: str
    as_of: date
    statutes: Future[tuple[Statute, Statute, Statute]]
    deciding: Deciding
    bar: Progress
    raw: bool = False  # CSV cells as they are (no formula neutralizing)
    counties: set[str] = attrs.field(factory=set)  # of the convictions decided so far

    @property
    def err(self) -> TextIO:
        return self.bar.stream

    def sets(self) -> dict[str, CitationSet]:
        return dict(self.statutes.result()[0].checked.sets)


#: What the reading and deciding of a run found: the files read, the problems, the people
#: for hand review and the figures of the summary.
_Found = tuple[list[FileStats], list[Problem], set[str], dict[str, Any]]


def _result_names(inputs: Sequence[Path]) -> list[str]:
    """The results file of each input, ``results-<input name>.csv``; a name already taken
    (inputs of the same name in different folders) gets ``-2``,
    ``-3``, … so that no input's results overwrite another's."""
    names: list[str] = []
    taken: set[str] = set()
    for path in inputs:
        name, k = f"results-{path.stem}.csv", 1
        while name.casefold() in taken:  # case-insensitive file systems too
            k += 1
            name = f"results-{path.stem}-{k}.csv"
        names.append(name)
        taken.add(name.casefold())
    return names


class _Sinks:
    """The output files, written a part at a time (headers with the first part), each to a
    temporary name that ``stack`` renames when it closes without an error (else removes)."""

    def __init__(self, stack: contextlib.ExitStack, out: Path, inputs: Sequence[Path]) -> None:
        def sink(name: str) -> BinaryIO:
            return stack.enter_context(atomic_output(out / name, "wb"))  # type: ignore[return-value]

        self.results = [sink(name) for name in _result_names(inputs)]
        self.condensed = sink("condensed.csv")
        self.cannabis = sink("cannabis.csv")
        self.condensed_started = False
        self.results_started = [False] * len(inputs)


class _NotApart(Exception):
    """A run in parts finds a person in two parts (or a row spanning lines)."""


def _run_whole(job: _Job, inputs: Sequence[Path]) -> _Found:
    """Every file read at once (pass 1), its people decided, then every file read again
    (pass 2) to write the results."""
    bar = job.bar
    bar.stage("reading", 0)
    with bar.ticking():
        extract = read_extract(inputs, job.sets, workdir=job.work, formulas=not job.raw)
    conv, frames, ids = _decide(job, extract, whole=True, here=True)
    job.deciding.close(wait=False)  # the helpers exit while pass 2 runs
    _check_county(job, extract.rows_read, inputs)  # before any output is written
    count_tbl, person_tbl = _tables(extract, conv, frames, job.as_of)
    with contextlib.ExitStack() as stack:
        sinks = _Sinks(stack, job.out, inputs)
        _write_condensed(conv, count_tbl, person_tbl, sinks, job.raw)
        files, problems, hand = extract.files, extract.problems, set(extract.hand_review)
        figures = _figures(conv, frames, ids, sorted(extract.hand_review), job.as_of)
        runs = extract.runs
        # pass 2 streams the files again: only the tables it joins stay in memory
        del extract, conv, frames
        _return_freed_memory()
        bar.stage("writing", 0, unit="MB")
        with bar.ticking(lambda: sum(fh.tell() for fh in sinks.results) >> 20):
            for index, stats in enumerate(files):
                _write_results(stats, index, runs, count_tbl, person_tbl, sinks, index, job.raw)
    return files, problems, hand, figures


def _run_in_parts(job: _Job, inputs: Sequence[Path], part_bytes: int) -> _Found | None:
    """Each file a part at a time (``person_parts``): read, decided and written part by part,
    so memory stays flat as files grow.  Three parts are in hand at once: while this process
    decides one (Python), threads read the next and write the one before (Polars, which
    releases the GIL), so the cores stay busy.  ``None`` if a person's rows turn out not to
    be together (in two parts or two files; or a row spans lines), or a header orders the
    columns its own way (the parts after the first have no header): the caller then does the
    whole run at once."""
    if any(header_columns(p) not in (None, COLUMNS) for p in inputs):
        return None
    plan = [
        (index, path, k, start, end, k + 1 == len(parts))
        for index, path in enumerate(inputs)
        for parts in [person_parts(path, part_bytes)]
        for k, (start, end) in enumerate(parts)
    ]
    job.bar.stage("working", sum(p.stat().st_size for p in inputs) >> 20, unit="MB")
    seen: set[str] = set()
    done: list[list[FileStats]] = [[] for _ in inputs]
    problems: list[Problem] = []
    hand: set[str] = set()
    writes: list[Future[dict[str, Any]]] = []
    try:
        with contextlib.ExitStack() as stack, job.bar.ticking():
            sinks = _Sinks(stack, job.out, inputs)
            # the threads stop before the outputs are closed (renamed, or removed)
            reading = ThreadPoolExecutor(max_workers=1)
            writing = ThreadPoolExecutor(max_workers=1)
            for pool in (reading, writing):
                stack.callback(pool.shutdown, wait=True, cancel_futures=True)
            ahead = reading.submit(_read_part, job, *plan[0][:5])
            line = 1  # where the part starts in its file (parts of a file come in order)
            for i, (index, path, k, start, end, last) in enumerate(plan):
                extract = ahead.result()
                if i + 1 < len(plan):
                    ahead = reading.submit(_read_part, job, *plan[i + 1][:5])
                stats = extract.files[0]
                if (
                    not stats.one_line_per_row
                    or (stats.truncated and not last)
                    or not seen.isdisjoint(extract.subjects)
                ):
                    raise _NotApart
                seen |= extract.subjects
                line = 1 if k == 0 else line
                _relocate(extract, path, line)
                line += stats.lines
                problems += extract.problems
                hand |= extract.hand_review.keys()
                done[index].append(stats)
                # the first and last parts: this process would otherwise wait (the helper is
                # still starting; nothing is left to read), so it decides a share
                conv, frames, ids = _decide(job, extract, whole=False, here=i in (0, len(plan) - 1))
                if i + 1 == len(plan):  # the helpers exit while the last parts are written
                    job.deciding.close(wait=False)
                if writes:  # the part before is written first: parts do not pile up
                    writes[-1].result()
                writes.append(
                    writing.submit(
                        _write_part, job, sinks, extract, conv, frames, ids, index, k, end - start
                    )
                )
                del extract, conv, frames
            figures = functools.reduce(_added, (w.result() for w in writes))
    except _NotApart:  # what was written is removed
        return None
    files = [_file_stats(path, parts) for path, parts in zip(inputs, done, strict=True)]
    return files, problems, hand, figures


def _read_part(job: _Job, index: int, path: Path, k: int, start: int, end: int) -> Extract:
    """Pass 1 over part ``k`` of file ``index``: copied to the work folder and read."""
    piece = job.work / f"part-{index}-{k}.csv"
    _copy_bytes(path, start, end, piece)
    return read_extract([piece], job.sets, job.work, formulas=not job.raw)


def _write_part(
    job: _Job,
    sinks: _Sinks,
    extract: Extract,
    conv: pl.DataFrame,
    frames: list[pl.DataFrame],
    ids: list[str],
    index: int,
    k: int,
    size: int,
) -> dict[str, Any]:
    """A decided part's rows of every output (pass 2 over the part); returns its figures."""
    count_tbl, person_tbl = _tables(extract, conv, frames, job.as_of)
    _write_condensed(conv, count_tbl, person_tbl, sinks, job.raw)
    figures = _figures(conv, frames, ids, sorted(extract.hand_review), job.as_of)
    _write_results(extract.files[0], 0, extract.runs, count_tbl, person_tbl, sinks, index, job.raw)
    for scratch in job.work.glob(f"*part-{index}-{k}.*"):
        scratch.unlink()
    job.bar.add(size >> 20)
    return figures


def _relocate(extract: Extract, path: Path, line: int) -> None:
    """Problems found in a part, told as places in the file (the part starts at ``line``)."""
    moved = {
        id(p): attrs.evolve(p, file=str(path), line=None if p.line is None else p.line + line - 1)
        for p in extract.problems
    }
    extract.problems = [moved[id(p)] for p in extract.problems]
    extract.hand_review = {
        pid: [moved[id(p)] for p in found] for pid, found in extract.hand_review.items()
    }


def _copy_bytes(path: Path, start: int, end: int, target: Path) -> None:
    """Bytes ``start`` to ``end`` of ``path`` into ``target`` (in the kernel when it can)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "rb") as src, open(target, "wb") as dst:
        left = end - start
        try:
            while left > 0:
                n = os.copy_file_range(src.fileno(), dst.fileno(), left, end - left)
                if n == 0:
                    break
                left -= n
        except OSError:  # not supported here: copy through memory
            src.seek(end - left)
            while left > 0:
                chunk = src.read(min(left, 8 << 20))
                if not chunk:
                    break
                dst.write(chunk)
                left -= len(chunk)


def _file_stats(path: Path, parts: list[FileStats]) -> FileStats:
    """One file's figures from those of its parts."""
    return FileStats(
        str(path),
        parts[0].header,
        sum(p.rows_read for p in parts),
        sum(p.rows_rejected for p in parts),
        truncated=parts[-1].truncated,
        read_path=str(path),
        invalid_utf8=any(p.invalid_utf8 for p in parts),
        columns=parts[0].columns,
        blank_lines=sum(p.blank_lines for p in parts),
        lines=sum(p.lines for p in parts),
    )


def _added(a: Any, b: Any) -> Any:
    """Two parts' figures added up: numbers summed, tallies merged (their keys sorted, as a
    whole run sorts them)."""
    if isinstance(a, dict):
        if a.keys() == b.keys():
            return {k: _added(v, b[k]) for k, v in a.items()}
        keys = sorted(a.keys() | b.keys())
        return {k: _added(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in keys}
    if isinstance(a, int) and not isinstance(a, bool):
        return a + b
    return a  # text: the same in every part


def _decide(
    job: _Job, extract: Extract, whole: bool, here: bool
) -> tuple[pl.DataFrame, list[pl.DataFrame], list[str]]:
    """The convictions (``in_county`` added), the determinations under each statute, and the
    people decided (those with a cannabis conviction in the county).  ``whole``: the whole
    input, with a progress stage of its own; else a part.  ``here``: this process decides a
    share (else the helpers, if there are any, decide it all while this process reads and
    writes other parts)."""
    statutes = job.statutes.result()
    in_county = pl.col("cannabis_offenses") & (
        pl.lit(job.county == "") | (pl.col("county") == job.county)
    )
    conv = extract.convictions.with_columns(in_county.alias("in_county"))
    job.counties.update(conv["county"].drop_nulls().unique().to_list())
    ids = conv.filter(pl.col("in_county"))["person"].unique(maintain_order=True).to_list()
    if whole:
        job.bar.stage("deciding", len(ids), unit="people")
    parts: list[list[pl.DataFrame]] = [[] for _ in statutes]
    for batch in job.deciding.decide(
        statutes,
        ids,
        functools.partial(extract.facts, relevant_only=True),
        job.as_of,
        job.bar.add if whole else _ignore,
        here=here,
    ):
        for part, rows in zip(parts, batch, strict=True):
            part.append(_det_frame(rows))
    return conv, [pl.concat(p) if p else _det_frame([]) for p in parts], ids


def _ignore(n: int) -> None:
    """Progress not shown."""


_KEY = ("person", "case_id", "count_id")


def _det_frame(rows: list[DetRow]) -> pl.DataFrame:
    """One row per determination (``DET_COLUMNS``, all text)."""
    return pl.DataFrame(rows, schema={c: pl.String for c in DET_COLUMNS}, orient="row")


def _hand_frame(hand: dict[str, list[Problem]]) -> pl.DataFrame:
    """The people marked for hand review and why (the lines of their problems)."""
    reasons = []
    for pid, problems in hand.items():
        lines = sorted({f"{Path(p.file).name}:{p.line}" for p in problems})
        reasons.append((pid, "input problem on " + ", ".join(lines[:5]) + " (see errors.csv)"))
    return pl.DataFrame(
        reasons, schema={"person": pl.String, "hand_reason": pl.String}, orient="row"
    )


def _tables(
    extract: Extract,
    conv: pl.DataFrame,
    frames: list[pl.DataFrame],
    as_of: date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    statute, county, _ = frames
    hand = _hand_frame(extract.hand_review)
    decided = pl.col("outcome").is_not_null()
    conv = (
        conv.join(
            statute.select(
                *_KEY,
                pl.col("outcome").alias("STATUTE_DETERMINATION"),
                pl.col("reason").alias("STATUTE_RULE"),
            ),
            on=_KEY,
            how="left",
            maintain_order="left",
        )
        .join(county, on=_KEY, how="left", maintain_order="left")
        .join(hand, on="person", how="left", maintain_order="left")
        .with_columns(
            pl.when(decided & pl.col("hand_reason").is_not_null())
            .then(pl.lit(HAND_REVIEW))
            .otherwise(pl.col("outcome"))
            .alias("DETERMINATION"),
            pl.when(decided).then(pl.coalesce("hand_reason", "reason")).alias("REASON"),
            pl.col("citation").alias("CITATION"),
            pl.col("eligible_on").alias("ELIGIBLE_ON"),
        )
    )
    conv_date = pl.col("conviction_date")
    count_tbl = conv.select(
        "person",
        "cnt_order",
        "rows",
        pl.col("case_number").alias("CASE_NUMBER"),
        conv_date.dt.strftime("%Y-%m-%d").alias("DATE_OF_CONVICTION"),
        _years("conviction_date", as_of).cast(pl.String).alias("YEARS_SINCE_THIS_CONVICTION"),
        *DECISION_COLUMNS,
    )
    cann = pl.col("cannabis_offenses")

    def sections(flag: str) -> pl.Expr:
        return (
            pl.col("citation_text").filter(pl.col(flag)).unique().sort().str.join("; ").alias(flag)
        )

    person_tbl = (
        conv.group_by("person")
        .agg(
            pl.len().alias("CONVICTIONS_ON_RECORD"),
            cann.sum().alias("CANNABIS_CONVICTIONS"),
            *((cann & (pl.col("section") == s)).sum().alias(f"CANNABIS_{s}") for s in SECTIONS),
            sections("superstrikes"),
            sections("registrable_290c"),
            pl.col("conviction_date").max().alias("latest"),
        )
        .with_columns(
            pl.col("superstrikes").alias("SUPERSTRIKE_SECTIONS"),
            pl.col("registrable_290c").alias("PC290_SECTIONS"),
            _years("latest", as_of).alias("YEARS_SINCE_ANY_CONVICTION"),
        )
    )
    flags = pl.DataFrame(
        {"person": sorted(set(extract.deceased) | set(extract.registrations))},
        schema={"person": pl.String},
    )
    people = pl.concat([person_tbl.select("person"), flags]).unique()
    person_tbl = (
        people.join(person_tbl, on="person", how="left")
        .with_columns(
            pl.col("person").is_in(sorted(extract.deceased)).alias("DECEASED"),
            pl.col("person").is_in(sorted(extract.registrations)).alias("PC290_REGISTRATION"),
        )
        .with_columns(
            *(
                pl.col(c).fill_null(0)
                for c in (
                    "CONVICTIONS_ON_RECORD",
                    "CANNABIS_CONVICTIONS",
                    *(f"CANNABIS_{s}" for s in SECTIONS),
                )
            )
        )
        .select("person", *(pl.col(c).cast(pl.String) for c in PERSON_COLUMNS))
        .with_columns(pl.col("DECEASED", "PC290_REGISTRATION").str.to_lowercase())
    )
    return count_tbl, person_tbl


#: What a cell that is written as it is does not hold: a quote, comma or line break, or a
#: formula's first character at its start.
_NEEDS_WORK = r'[",\r\n]|' + _FORMULA


def _csv_cells(df: pl.DataFrame, columns: Sequence[str], raw: bool) -> pl.Series:
    """The columns of ``df`` as one piece of a CSV line a row (quoted where needed; null →
    empty; formula cells neutralized unless ``raw``).  A column none of whose cells needs
    quoting or neutralizing is taken as it is."""
    cells = []
    for c in columns:
        text = pl.col(c)
        if df[c].str.contains(r'[",\r\n]' if raw else _NEEDS_WORK).any():
            text = text if raw else _safe(text)
            quoted = pl.lit('"') + text.str.replace_all('"', '""', literal=True) + pl.lit('"')
            text = pl.when(text.str.contains(r'[",\r\n]')).then(quoted).otherwise(text)
        cells.append(text.fill_null(""))
    return df.select(pl.concat_str(cells, separator=",")).to_series()


def _pieces(person_columns: Sequence[str]) -> list[tuple[bool, tuple[str, ...]]]:
    """``DETERMINATION_COLUMNS`` as runs of person columns and count columns, in order."""
    runs: list[tuple[bool, list[str]]] = []
    for c in DETERMINATION_COLUMNS:
        of_person = c in person_columns
        if runs and runs[-1][0] == of_person:
            runs[-1][1].append(c)
        else:
            runs.append((of_person, [c]))
    return [(p, tuple(cs)) for p, cs in runs]


def _write_results(
    stats: FileStats,
    index: int,
    runs: pl.DataFrame,
    count_tbl: pl.DataFrame,
    person_tbl: pl.DataFrame,
    sinks: _Sinks,
    result: int,
    raw: bool,
) -> None:
    """Pass 2: every row of the file (rejected rows aside) with the determination columns
    added, as one streaming Polars query ending in ``sink_csv``.  When every row is one
    line, the lines are copied as they are (``scan_lines``: the original bytes, no
    re-quoting) with the new cells appended (``_line_texts``), and only the lines that may
    hold a cell beginning like a formula (``FileStats.formula_rows``, found in the bytes by
    pass 1) are rewritten; otherwise the rows are parsed and written again, person columns
    joined on ``SUBJECT_ID`` and count columns on the row number (every row of a
    conviction: its sentence parts).  ``index``: the file's place in the extract;
    ``result``: the results file it goes to (the header goes first); ``raw``: cells as they
    are (else formula cells neutralized)."""
    target = sinks.results[result]
    header = not sinks.results_started[result]
    sinks.results_started[result] = True
    rejected = sorted(stats.rejected_rows | stats.skipped_rows)
    if not stats.one_line_per_row:
        counts = _rows_in_file(count_tbl, index).drop("person", "cnt_order")
        lf = scan_doj(stats.read_path, stats.header, stats.columns)
        if rejected:
            lf = lf.filter(~pl.col("row").is_in(rejected))
        names = [*stats.columns, *DETERMINATION_COLUMNS]
        (
            lf.with_columns(pl.col("SUBJECT_ID").str.strip_chars().alias("person"))
            .join(person_tbl.lazy(), on="person", how="left", maintain_order="left")
            .join(counts.lazy(), on="row", how="left", maintain_order="left")
            .select(*(pl.col(c) if raw else _safe(pl.col(c)) for c in names))
            .sink_csv(target, include_header=header)
        )
        return
    data_lines = stats.lines - stats.header - stats.truncated  # in ``read_path``
    texts = _line_texts(
        data_lines,
        index,
        runs.filter(pl.col("file") == index),
        count_tbl,
        person_tbl,
        rejected,
        raw,
    )
    lines = pl.scan_lines(stats.read_path, name="line")
    if stats.header:
        lines = lines.slice(1)
    # the lines and their new cells side by side, in order (equal lengths, else Polars
    # raises): no join on the row number
    body = pl.concat([lines, texts.lazy()], how="horizontal").filter(pl.col("text").is_not_null())
    line = pl.col("line")
    found = () if raw else stats.formula_rows
    if found is None:
        raise ValueError(f"{stats.path}: pass 1 did not look for formula cells (formulas=True)")
    if found:
        line = pl.when(pl.col("row").is_in(list(found))).then(_safe_line(line)).otherwise(line)
    body = body.select(pl.concat_str(line, "text"))
    if header:
        head = ",".join((*stats.columns, *DETERMINATION_COLUMNS))
        body = pl.concat([pl.LazyFrame({"line": [head]}), body])
    # written unquoted, the line with its new cells is the output line
    body.sink_csv(target, include_header=False, quote_style="never")


def _rows_in_file(table: pl.DataFrame, index: int) -> pl.DataFrame:
    """``table`` (one row per conviction, its rows in the files in ``rows``) as one row per
    row of a conviction in file ``index``, numbered ``row``."""
    return (
        table.explode("rows")
        .unnest("rows")
        .filter(pl.col("in_file") == index)
        .rename({"at_row": "row"})
        .drop("in_file")
    )


def _line_texts(
    lines: int,
    index: int,
    runs: pl.DataFrame,
    count_tbl: pl.DataFrame,
    person_tbl: pl.DataFrame,
    rejected: Sequence[int],
    raw: bool,
) -> pl.DataFrame:
    """For each of a file's ``lines`` data lines (``row``, 0-based), the text appended to it
    (``text``): a comma and the determination columns as CSV cells (null: the ``rejected``
    rows, left out).  The text is worked out only where it may change (a run of rows
    starts, a conviction's rows, a rejected row) and carried to the lines after.  Person
    columns are those of the run of rows the line is in (``runs``: pass 1 told whose the
    rows are; a line's run is the last that starts at or before it), count columns those of
    the conviction the line is a row of (``count_tbl``'s ``rows``: its rows in file
    ``index``); empty cells where there are none."""
    pieces = _pieces(person_tbl.columns)
    people = person_tbl.select(
        "person",
        *(
            _csv_cells(person_tbl, cs, raw).alias(f"piece{i}")
            for i, (p, cs) in enumerate(pieces)
            if p
        ),
    )
    run_cells = (
        runs.select(pl.col("row").cast(pl.UInt32), "person")
        .join(people, on="person", how="left", maintain_order="left")
        .select("row", pl.col("row").alias("run"), pl.exclude("row", "person"))
        .sort("row")
    )
    # only this file's convictions are formatted (a whole run of several files calls this
    # once per file with every file's convictions)
    in_file = pl.col("rows").list.eval(pl.element().struct.field("in_file") == index)
    mine = count_tbl.filter(in_file.list.any())
    convictions = mine.select(
        "rows",
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("conviction"),
        *(
            _csv_cells(mine, cs, raw).alias(f"piece{i}")
            for i, (p, cs) in enumerate(pieces)
            if not p
        ),
    )
    count_cells = _rows_in_file(convictions, index).with_columns(pl.col("row").cast(pl.UInt32))
    left_out = pl.Series("row", rejected, dtype=pl.UInt32)
    # the rows where the text may change: runs' starts, conviction rows and the rows after
    # them, rejected rows and the rows after them
    changes = pl.concat(
        [
            pl.Series("row", [0], dtype=pl.UInt32),
            run_cells["row"],
            count_cells["row"],
            count_cells["row"] + 1,
            left_out,
            left_out + 1,
        ]
    )
    out = pl.col("row").is_in(left_out.implode())
    changed = functools.reduce(
        lambda a, b: a | b,
        [c.ne_missing(c.shift(1)) for c in (pl.col("run"), pl.col("conviction"), out)],
    )
    text = pl.concat_str(
        pl.lit(""),
        *(pl.col(f"piece{i}").fill_null("," * (len(cs) - 1)) for i, (_, cs) in enumerate(pieces)),
        separator=",",
    )
    changing = (
        pl.DataFrame(changes.unique().sort())
        .filter(pl.col("row") < lines)
        .join_asof(run_cells, on="row", strategy="backward")
        .join(count_cells, on="row", how="left", maintain_order="left")
        .filter(changed)
        .select("row", pl.when(out).then(None).otherwise(text).alias("text"))
    )
    every = pl.DataFrame({"row": pl.int_range(lines, dtype=pl.UInt32, eager=True)})
    return every.join_asof(changing, on="row", strategy="backward")


def _write_condensed(
    conv: pl.DataFrame,
    count_tbl: pl.DataFrame,
    person_tbl: pl.DataFrame,
    sinks: _Sinks,
    raw: bool,
) -> None:
    """Rows of ``condensed.csv`` and ``cannabis.csv``, 100,000 convictions at a time (the
    joined text of every conviction is never in memory at once); formula cells neutralized
    unless ``raw``."""
    for part in conv.iter_slices(100_000) if not conv.is_empty() else [conv]:
        rows = _condensed(part, count_tbl, person_tbl)
        if not raw:
            rows = rows.with_columns(_safe(pl.col(pl.String).exclude("CANNABIS")))
        header = not sinks.condensed_started
        sinks.condensed_started = True
        rows.write_csv(sinks.condensed, include_header=header)
        rows.filter(pl.col("CANNABIS") == "true").drop("CANNABIS").write_csv(
            sinks.cannabis, include_header=header
        )


def _condensed(
    conv: pl.DataFrame, count_tbl: pl.DataFrame, person_tbl: pl.DataFrame
) -> pl.DataFrame:
    df = conv.join(count_tbl, on=["person", "cnt_order"], how="left", maintain_order="left").join(
        person_tbl, on="person", how="left", maintain_order="left"
    )
    return df.select(
        pl.col("person").alias("SUBJECT_ID"),
        pl.col("cii").alias("CII_NUMBER"),
        pl.col("name").alias("PRI_NAME"),
        pl.col("dob").dt.strftime("%Y-%m-%d").alias("PRI_DOB"),
        pl.col("cnt_order").alias("CNT_ORDER"),
        pl.col("county").alias("COUNTY"),
        pl.col("charge").alias("CHARGE"),
        pl.col("citation_text").alias("CODE_SECTION"),
        pl.col("attempted").cast(pl.String).alias("ATTEMPTED"),
        pl.col("level").replace_strict(_LEVEL_NAMES, default=None).alias("LEVEL"),
        pl.col("sentence").alias("SENTENCE"),
        *DETERMINATION_COLUMNS,
        pl.col("cannabis_offenses").cast(pl.String).alias("CANNABIS"),
    )


# ---------------------------------------------------------------------------- summary


def _tally(df: pl.DataFrame, column: str) -> dict[str, int]:
    return dict(sorted(df.group_by(column).len().iter_rows()))


def _relief_figures(
    convictions: pl.DataFrame, frame: pl.DataFrame, hand: list[str], as_of: date
) -> dict[str, int]:
    """People (those evaluated) who would no longer have a felony, any conviction, or a
    conviction in the last 7 years once the decisions take effect (a dismissal removes a
    conviction, a reduction makes a felony a misdemeanor; hand review changes nothing)."""
    try:  # seven years before the as-of date (Feb 29 rolls forward to Mar 1)
        seven = _dt.date(as_of.year - 7, as_of.month, as_of.day)
    except ValueError:
        seven = _dt.date(as_of.year - 7, 3, 1)
    outcome = pl.when(pl.col("person").is_in(hand)).then(None).otherwise(pl.col("outcome"))
    removed = (outcome == "dismiss").fill_null(False)
    felony_after = (outcome == "reduce").fill_null(False).not_() & (pl.col("level") == "F")
    when = pl.col("conviction_date")
    per_person = (
        convictions.join(frame.select(*_KEY, "outcome"), on=_KEY, how="left")
        .group_by("person")
        .agg(
            (pl.col("level") == "F").any().alias("felony"),
            (felony_after & ~removed).any().alias("felony_after"),
            (~removed).any().alias("any_after"),
            (when > seven).fill_null(False).any().alias("recent"),
            ((when.is_null() | (when > seven)) & ~removed).any().alias("recent_after"),
        )
    )
    sums = per_person.select(
        (pl.col("felony") & ~pl.col("felony_after")).sum().alias("no_longer_felony"),
        (~pl.col("any_after")).sum().alias("no_longer_any_conviction"),
        (pl.col("recent") & ~pl.col("recent_after"))
        .sum()
        .alias("no_longer_conviction_last_7_years"),
    )
    return {k: int(v) for k, v in sums.row(0, named=True).items()}


def _decision_figures(counts: pl.DataFrame, frame: pl.DataFrame, hand: list[str]) -> dict[str, Any]:
    """The county's cannabis convictions by outcome, section and rule."""
    df = counts.join(frame.select(*_KEY, "outcome", "rule"), on=_KEY, how="left").with_columns(
        pl.when(pl.col("person").is_in(hand))
        .then(pl.lit(HAND_REVIEW))
        .otherwise(pl.col("outcome").fill_null("not_decided"))
        .alias("outcome")
    )
    dismissed = df.filter(pl.col("outcome") == "dismiss")
    reduced = df.filter(pl.col("outcome") == "reduce")
    has_rule = pl.col("rule").is_not_null() & (pl.col("rule") != "")
    return {
        "totals": _tally(df, "outcome"),
        "dismissals_by_section": _tally(dismissed, "section"),
        "reductions_by_section": _tally(reduced, "section"),
        "dismissals_by_reason": _tally(dismissed.filter(has_rule), "rule"),
        "reductions_by_reason": _tally(reduced.filter(has_rule), "rule"),
    }


def _figures(
    conv: pl.DataFrame, frames: list[pl.DataFrame], ids: list[str], hand: list[str], as_of: date
) -> dict[str, Any]:
    """The summary's figures of the people decided (parts of a run add up: ``_added``)."""
    statute, county_frame, dismiss_all = frames
    theirs = conv.filter(pl.col("person").is_in(ids))
    counts = theirs.filter(pl.col("in_county"))
    by_section: dict[str, dict[str, int]] = {}
    for section, level, n in (
        counts.group_by("section", "level").len().sort("section", "level").iter_rows()
    ):
        name = _LEVEL_NAMES.get(level or "", "unknown")
        by_section.setdefault(section, {})[name] = by_section.get(section, {}).get(name, 0) + n
    return {
        "people_with_convictions": conv["person"].n_unique(),
        "people_with_cannabis_conviction_in_county": len(ids),
        "cannabis_convictions_in_county": counts.height,
        "convictions_by_section": {
            s: dict(sorted(c.items())) for s, c in sorted(by_section.items())
        },
        "statute": {"id": "ca/prop64", "outcomes": _tally(statute, "outcome")},
        "county_policy": {
            **_decision_figures(counts, county_frame, hand),
            **_relief_figures(theirs, county_frame, hand, as_of),
        },
        "dismiss_all": {
            **_decision_figures(counts, dismiss_all, hand),
            **_relief_figures(theirs, dismiss_all, hand, as_of),
        },
    }


def _summary(
    files: list[FileStats],
    problems: list[Problem],
    hand: set[str],
    figures: dict[str, Any],
    county: str,
    policy: str | Path,
    as_of: date,
) -> dict[str, Any]:
    rows_read = sum(f.rows_read for f in files)
    rows_rejected = sum(f.rows_rejected for f in files)
    results = _result_names([Path(f.path) for f in files])
    return {
        "as_of": str(as_of),
        "county": county,
        "policy": str(policy),
        "inputs": [
            {
                "file": f.path,
                "results": name,
                "header": f.header,
                "rows_read": f.rows_read,
                "rows_used": f.rows_used,
                "rows_rejected": f.rows_rejected,
                "blank_lines": f.blank_lines,
                "truncated": f.truncated,
                "invalid_utf8": f.invalid_utf8,
            }
            for f, name in zip(files, results, strict=True)
        ],
        "rows_read": rows_read,
        "rows_used": rows_read - rows_rejected,
        "rows_rejected": rows_rejected,
        "blank_lines": sum(f.blank_lines for f in files),  # skipped: not rows
        "problems": len(problems),
        "people_for_hand_review": sorted(hand),
        **figures,
        "outputs": {
            "results": results,
            "condensed": "condensed.csv",
            "cannabis": "cannabis.csv",
            "errors": "errors.csv",
        },
    }


def render_summary(s: dict[str, Any]) -> str:
    """The one-page human summary."""
    lines = [
        f"Prop 64 bulk review — {s['county'] or 'all counties'} — as of {s['as_of']}",
        f"Policy: {s['policy']}",
        "",
        f"Rows read {s['rows_read']:,}; used {s['rows_used']:,}; rejected {s['rows_rejected']:,} "
        f"(see errors.csv; {len(s['people_for_hand_review'])} people marked for hand review)"
        + (f"; {s['blank_lines']:,} blank lines skipped" if s["blank_lines"] else ""),
        f"People with a conviction on record: {s['people_with_convictions']:,}; "
        f"with a cannabis conviction in the county: {s['people_with_cannabis_conviction_in_county']:,}",
        f"Cannabis convictions in the county: {s['cannabis_convictions_in_county']:,}",
        "",
        "Convictions by section:",
    ]
    for section, levels in s["convictions_by_section"].items():
        parts = ", ".join(f"{k} {v}" for k, v in levels.items())
        lines.append(f"  {section}: {parts}")
    lines += [
        "",
        "Statute (ca/prop64): "
        + ", ".join(f"{k} {v}" for k, v in s["statute"]["outcomes"].items()),
    ]
    for title, key in (
        ("County policy", "county_policy"),
        ("Dismiss all (comparison)", "dismiss_all"),
    ):
        f = s[key]
        lines += [
            "",
            f"{title}: " + ", ".join(f"{k} {v}" for k, v in f["totals"].items()),
            "  dismissals by section: "
            + (", ".join(f"{k} {v}" for k, v in f["dismissals_by_section"].items()) or "none"),
            "  reductions by section: "
            + (", ".join(f"{k} {v}" for k, v in f["reductions_by_section"].items()) or "none"),
            "  reductions by reason: "
            + (", ".join(f"{k} {v}" for k, v in f["reductions_by_reason"].items()) or "none"),
            "  dismissals by reason: "
            + (", ".join(f"{k} {v}" for k, v in f["dismissals_by_reason"].items()) or "none"),
            f"  people who would no longer have a felony: {f['no_longer_felony']:,}",
            f"  people who would no longer have any conviction: {f['no_longer_any_conviction']:,}",
            f"  people who would no longer have a conviction in the last 7 years: {f['no_longer_conviction_last_7_years']:,}",
        ]
    return "\n".join(lines) + "\n"
