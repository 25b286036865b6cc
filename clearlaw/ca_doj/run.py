"""``clearlaw ca-doj run``: DOJ research files + a county policy → the files a DA and a court
need (docs/ca-doj.md).

Two passes over the input, both streaming (Polars): pass 1 reads the columns decisions use
(reader.py); people with a cannabis conviction in the county become ``Person`` records and are
evaluated with clearlaw under ``ca/prop64`` (the statute), the county's policy
(``ca/prop64-county`` amended) and the ``dismiss-all`` policy (for comparison); pass 2 copies
every input row with the determination columns added.  All decisions come from the statutes.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import functools
import gc
import json
import shutil
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from clearlaw.ca_doj.decide import (
    DET_COLUMNS,
    Deciding,
    DetRow,
    load_statutes,
)
from clearlaw.ca_doj.format import COLUMNS
from clearlaw.ca_doj.progress import Progress
from clearlaw.ca_doj.reader import Extract, FileStats, Problem, read_extract, scan_doj
from clearlaw.dates import date

__all__ = ["CONDENSED_COLUMNS", "DETERMINATION_COLUMNS", "run"]

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
COUNT_COLUMNS = (
    "CASE_NUMBER",
    "DATE_OF_CONVICTION",
    "YEARS_SINCE_THIS_CONVICTION",
    "STATUTE_DETERMINATION",
    "STATUTE_RULE",
    "DETERMINATION",
    "REASON",
    "CITATION",
    "ELIGIBLE_ON",
)
#: The columns added to every input row, in order.
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
    "STATUTE_DETERMINATION",
    "STATUTE_RULE",
    "DETERMINATION",
    "REASON",
    "CITATION",
    "ELIGIBLE_ON",
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


def _write_errors(problems: list[Problem], path: Path, stderr: TextIO) -> None:
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
    df.write_csv(path)
    for p in problems[:200]:
        print(str(p), file=stderr)
    if len(problems) > 200:
        print(f"... and {len(problems) - 200} more problems (all in {path})", file=stderr)


def run(
    inputs: Sequence[str | Path],
    county: str,
    policy: str | Path,
    as_of: date,
    output: str | Path,
    *,
    progress: bool | None = None,
    stderr: TextIO | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """Run the whole command; returns the summary (also written to ``summary.json``).
    ``workers``: processes that decide; more than 1 starts helper processes (see
    clearlaw/ca_doj/decide.py: call under ``if __name__ == "__main__":``).  The command
    line uses ``default_workers``: 2 with two cores or more and inputs of 32 MB or more."""
    err = stderr if stderr is not None else sys.stderr
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    bar = Progress(err, enabled=progress)
    county_name = county.replace('"', "").strip().upper()

    # the statutes load (Python) while Polars scans the files (it releases the GIL), and
    # so do the helper processes that will share the deciding
    pool = ThreadPoolExecutor(max_workers=1)
    loading = pool.submit(load_statutes, policy, county_name)
    deciding = Deciding(policy, county_name, workers)

    bar.stage("reading", 0)
    try:
        with bar.ticking():
            extract = read_extract(
                inputs, lambda: dict(loading.result()[0].checked.sets), workdir=work
            )
        statutes = loading.result()
        conv = extract.convictions

        in_county = pl.col("cannabis_offenses") & (
            pl.lit(county_name == "") | (pl.col("county") == county_name)
        )
        conv = conv.with_columns(in_county.alias("in_county"))
        ids = conv.filter(pl.col("in_county"))["person"].unique(maintain_order=True).to_list()

        bar.stage("deciding", len(ids), unit="people")
        parts: list[list[pl.DataFrame]] = [[] for _ in statutes]
        for batch in deciding.decide(
            statutes, ids, functools.partial(extract.facts, relevant_only=True), as_of, bar.add
        ):
            for part, rows in zip(parts, batch, strict=True):
                part.append(_det_frame(rows))
        deciding.close(wait=False)
        frames = [pl.concat(p) if p else _det_frame([]) for p in parts]

        count_tbl, person_tbl = _tables(extract, conv, frames, as_of)

        _write_errors(extract.problems, out / "errors.csv", err)
        _write_condensed(conv, count_tbl, person_tbl, out)
        targets = [out / f"results-{Path(s.path).stem}.csv" for s in extract.files]
        summary = _summary(
            extract, conv, frames, ids, county_name, policy, as_of, [t.name for t in targets]
        )
        summary["policy_id"] = statutes[1].id
        # pass 2 streams the files again: only the tables it joins stay in memory
        files = extract.files
        del extract, conv, frames
        _return_freed_memory()
        bar.stage("writing", 0, unit="MB")
        with bar.ticking(lambda: sum(t.stat().st_size for t in targets if t.exists()) >> 20):
            for index, (stats, target) in enumerate(zip(files, targets, strict=True)):
                _write_results(stats, index, count_tbl, person_tbl, target)
    finally:
        deciding.close()
        pool.shutdown(wait=True)
        shutil.rmtree(work, ignore_errors=True)
        bar.done()
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (out / "summary.txt").write_text(render_summary(summary), encoding="utf-8")
    return summary


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
        *COUNT_COLUMNS[3:],  # the determinations
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


#: SUBJECT_ID, the third field of a line (a field is quoted, or runs to the next comma).
_FIELD = r'(?:"(?:[^"]|"")*"|[^,]*)'
_THIRD_FIELD = rf"^{_FIELD},{_FIELD},({_FIELD})"


def _subject_of_line() -> pl.Expr:
    cell = pl.col("line").str.extract(_THIRD_FIELD, 1)
    unquoted = cell.str.slice(1, cell.str.len_chars() - 2).str.replace_all('""', '"', literal=True)
    return (
        pl.when(cell.str.starts_with('"'))
        .then(unquoted)
        .otherwise(cell)
        .str.strip_chars()
        .alias("person")
    )


def _csv_cells(columns: Sequence[str]) -> pl.Expr:
    """The columns as one piece of a CSV line (quoted where needed; null → empty)."""
    cells = []
    for c in columns:
        text = pl.col(c)
        quoted = pl.lit('"') + text.str.replace_all('"', '""', literal=True) + pl.lit('"')
        cells.append(
            pl.when(text.str.contains(r'[",\r\n]')).then(quoted).otherwise(text).fill_null("")
        )
    return pl.concat_str(cells, separator=",")


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
    count_tbl: pl.DataFrame,
    person_tbl: pl.DataFrame,
    target: Path,
) -> None:
    """Pass 2: every row of the file (rejected rows aside) with the determination columns
    added, as one streaming Polars query ending in ``sink_csv``.  Person columns join on
    ``SUBJECT_ID``, count columns on the row number (every row of a conviction: its
    sentence parts).  When every row is one line, the lines are copied as they are (the
    original bytes, no re-quoting) with the new cells appended; otherwise the rows are
    parsed and written again."""
    counts = (
        count_tbl.explode("rows")
        .unnest("rows")
        .filter(pl.col("in_file") == index)
        .rename({"at_row": "row"})
        .drop("in_file", "person", "cnt_order")
    )
    rejected = sorted(stats.rejected_rows)
    if not stats.one_line_per_row:
        lf = scan_doj(stats.read_path, stats.header)
        if rejected:
            lf = lf.filter(~pl.col("row").is_in(rejected))
        (
            lf.with_columns(pl.col("SUBJECT_ID").str.strip_chars().alias("person"))
            .join(person_tbl.lazy(), on="person", how="left", maintain_order="left")
            .join(counts.lazy(), on="row", how="left", maintain_order="left")
            .select(*COLUMNS, *DETERMINATION_COLUMNS)
            .sink_csv(target)
        )
        return
    pieces = _pieces(person_tbl.columns)
    person_cells = person_tbl.select(
        "person", *(_csv_cells(cs).alias(f"piece{i}") for i, (p, cs) in enumerate(pieces) if p)
    )
    count_cells = counts.select(
        "row", *(_csv_cells(cs).alias(f"piece{i}") for i, (p, cs) in enumerate(pieces) if not p)
    )
    lines = pl.scan_lines(stats.read_path, name="line")
    if stats.header:
        lines = lines.slice(1)
    lines = lines.with_row_index("row")
    if rejected:
        lines = lines.filter(~pl.col("row").is_in(rejected))
    names = ["line", *(f"piece{i}" for i in range(len(pieces)))]
    body = (
        lines.with_columns(_subject_of_line())
        .join(person_cells.lazy(), on="person", how="left", maintain_order="left")
        .join(count_cells.lazy(), on="row", how="left", maintain_order="left")
        .select(
            "line",
            *(
                pl.col(f"piece{i}").fill_null("," * (len(cs) - 1))
                for i, (_, cs) in enumerate(pieces)
            ),
        )
    )
    # written unquoted, the line and the pieces joined by commas are the output line
    head = pl.LazyFrame(
        [[",".join(COLUMNS)], *([",".join(cs)] for _, cs in pieces)],
        schema=dict.fromkeys(names, pl.String),
        orient="col",
    )
    pl.concat([head, body]).sink_csv(target, include_header=False, quote_style="never")


def _write_condensed(
    conv: pl.DataFrame, count_tbl: pl.DataFrame, person_tbl: pl.DataFrame, out: Path
) -> None:
    """``condensed.csv`` and ``cannabis.csv``, 100,000 convictions at a time (the joined
    text of every conviction is never in memory at once)."""
    with open(out / "condensed.csv", "wb") as every, open(out / "cannabis.csv", "wb") as cann:
        for i, part in enumerate(conv.iter_slices(100_000)):
            rows = _condensed(part, count_tbl, person_tbl)
            rows.write_csv(every, include_header=i == 0)
            rows.filter(pl.col("CANNABIS") == "true").drop("CANNABIS").write_csv(
                cann, include_header=i == 0
            )
        if conv.is_empty():
            empty = _condensed(conv, count_tbl, person_tbl)
            empty.write_csv(every)
            empty.drop("CANNABIS").write_csv(cann)


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


def _summary(
    extract: Extract,
    conv: pl.DataFrame,
    frames: list[pl.DataFrame],
    ids: list[str],
    county: str,
    policy: str | Path,
    as_of: date,
    results_files: list[str],
) -> dict[str, Any]:
    statute, county_frame, dismiss_all = frames
    hand = sorted(extract.hand_review)
    theirs = conv.filter(pl.col("person").is_in(ids))
    counts = theirs.filter(pl.col("in_county"))
    by_section: dict[str, dict[str, int]] = {}
    for section, level, n in (
        counts.group_by("section", "level").len().sort("section", "level").iter_rows()
    ):
        name = _LEVEL_NAMES.get(level or "", "unknown")
        by_section.setdefault(section, {})[name] = by_section.get(section, {}).get(name, 0) + n
    return {
        "as_of": str(as_of),
        "county": county,
        "policy": str(policy),
        "inputs": [
            {
                "file": f.path,
                "header": f.header,
                "rows_read": f.rows_read,
                "rows_used": f.rows_used,
                "rows_rejected": f.rows_rejected,
                "truncated": f.truncated,
                "invalid_utf8": f.invalid_utf8,
            }
            for f in extract.files
        ],
        "rows_read": extract.rows_read,
        "rows_used": extract.rows_read - extract.rows_rejected,
        "rows_rejected": extract.rows_rejected,
        "problems": len(extract.problems),
        "people_for_hand_review": hand,
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
        "outputs": {
            "results": results_files,
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
        f"(see errors.csv; {len(s['people_for_hand_review'])} people marked for hand review)",
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
