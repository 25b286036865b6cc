"""``clearlaw ca-doj run``: DOJ research files + a county policy → the files a DA and a court
need (docs/ca-doj.md).

Two passes over the input, both streaming (Polars): pass 1 reads the columns decisions use
(reader.py); people with a cannabis conviction in the county become ``Person`` records and are
evaluated with clearlaw under ``ca/prop64`` (the statute), the county's policy
(``ca/prop64-county`` amended) and the ``dismiss-all`` policy (for comparison); pass 2 copies
every input row with the determination columns added.  All decisions come from the statutes.
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from clearlaw.ca_doj.format import COLUMNS
from clearlaw.ca_doj.progress import Progress
from clearlaw.ca_doj.reader import Extract, Problem, iter_blocks, read_extract, scan_doj
from clearlaw.dates import date
from clearlaw.evaluate import Determination, Statute, evaluate
from clearlaw.library import load
from clearlaw.resources import statutes_dir

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


def dismiss_all_path() -> Path:
    return statutes_dir() / "ca" / "policies" / "dismiss-all.law"


def _load_statutes(policy: str | Path, county: str) -> tuple[Statute, Statute, Statute]:
    from clearlaw.policy import county_policy

    return (
        load("ca/prop64"),
        county_policy(policy, county),
        county_policy(dismiss_all_path(), county),
    )


def _years(col: str | pl.Expr, as_of: date) -> pl.Expr:
    """Completed years from a date to ``as_of`` (anniversaries roll forward)."""
    d = pl.col(col) if isinstance(col, str) else col
    before = (d.dt.month() > as_of.month) | (
        (d.dt.month() == as_of.month) & (d.dt.day() > as_of.day)
    )
    return as_of.year - d.dt.year() - before.cast(pl.Int32)


def _det_key(d: Determination) -> tuple[str, str, str]:
    return (d.person, d.case, d.count)


def _evaluate(
    extract: Extract,
    ids: list[str],
    statutes: Sequence[Statute],
    as_of: date,
    progress: Progress,
) -> list[dict[tuple[str, str, str], Determination]]:
    results: list[dict[tuple[str, str, str], Determination]] = [{} for _ in statutes]
    batch = 2000
    for start in range(0, len(ids), batch):
        for person in extract.people(ids[start : start + batch], relevant_only=True):
            for out, statute in zip(results, statutes, strict=True):
                for d in evaluate(statute, person, as_of, explain=False):
                    out[_det_key(d)] = d
        progress.update(min(len(ids), start + batch))
    return results


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
) -> dict[str, Any]:
    """Run the whole command; returns the summary (also written to ``summary.json``)."""
    err = stderr if stderr is not None else sys.stderr
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    bar = Progress(err, enabled=progress)
    county_name = county.replace('"', "").strip().upper()

    # the statutes load (Python) while Polars scans the files (it releases the GIL)
    pool = ThreadPoolExecutor(max_workers=1)
    loading = pool.submit(_load_statutes, policy, county_name)

    bar.stage("reading", 0)
    try:
        extract = read_extract(
            inputs, lambda: dict(loading.result()[0].checked.sets), workdir=work, progress=bar.add
        )
        statute, policy_statute, dismiss_all = loading.result()
        conv = extract.convictions

        in_county = pl.col("cannabis_offenses") & (
            pl.lit(county_name == "") | (pl.col("county") == county_name)
        )
        conv = conv.with_columns(in_county.alias("in_county"))
        ids = conv.filter(pl.col("in_county"))["person"].unique(maintain_order=True).to_list()

        bar.stage("deciding", len(ids))
        dets = _evaluate(extract, ids, [statute, policy_statute, dismiss_all], as_of, bar)

        count_tbl, person_tbl = _tables(extract, conv, dets, as_of)

        _write_errors(extract.problems, out / "errors.csv", err)
        bar.stage("writing", extract.rows_read - extract.rows_rejected)
        results_files = []
        for stats in extract.files:
            target = out / f"results-{Path(stats.path).stem}.csv"
            _write_results(stats, count_tbl, person_tbl, target, bar.add)
            results_files.append(target.name)
        condensed = _condensed(conv, count_tbl, person_tbl)
        condensed.write_csv(out / "condensed.csv")
        condensed.filter(pl.col("CANNABIS") == "true").drop("CANNABIS").write_csv(
            out / "cannabis.csv"
        )
        summary = _summary(extract, conv, dets, ids, county_name, policy, as_of, results_files)
        summary["policy_id"] = policy_statute.id
    finally:
        pool.shutdown(wait=True)
        shutil.rmtree(work, ignore_errors=True)
        bar.done()
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (out / "summary.txt").write_text(render_summary(summary), encoding="utf-8")
    return summary


def _tables(
    extract: Extract,
    conv: pl.DataFrame,
    dets: list[dict[tuple[str, str, str], Determination]],
    as_of: date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    statute_dets, county_dets, _ = dets
    keys = conv.select("person", "case_id", "count_id").rows()
    hand = extract.hand_review
    st_out: list[str | None] = []
    st_rule: list[str | None] = []
    outcome: list[str | None] = []
    reason: list[str | None] = []
    cites: list[str | None] = []
    eligible: list[str | None] = []
    for key in keys:
        s = statute_dets.get(key)
        c = county_dets.get(key)
        st_out.append(s.outcome if s else None)
        st_rule.append(
            (s.rule or ("missing: " + ", ".join(s.missing) if s.missing else None)) if s else None
        )
        if c is None:
            outcome.append(None)
            reason.append(None)
            cites.append(None)
            eligible.append(None)
            continue
        if key[0] in hand:
            lines = sorted({f"{Path(p.file).name}:{p.line}" for p in hand[key[0]]})
            outcome.append(HAND_REVIEW)
            reason.append("input problem on " + ", ".join(lines[:5]) + " (see errors.csv)")
        else:
            outcome.append(c.outcome)
            reason.append(c.rule or ("missing: " + ", ".join(c.missing) if c.missing else None))
        cites.append("; ".join(c.citations) or None)
        eligible.append(str(c.eligible_on))
    conv_date = pl.col("conviction_date")
    count_tbl = conv.select(
        "person",
        "cnt_order",
        pl.col("case_number").alias("CASE_NUMBER"),
        conv_date.dt.strftime("%Y-%m-%d").alias("DATE_OF_CONVICTION"),
        _years("conviction_date", as_of).cast(pl.String).alias("YEARS_SINCE_THIS_CONVICTION"),
        pl.Series("STATUTE_DETERMINATION", st_out, dtype=pl.String),
        pl.Series("STATUTE_RULE", st_rule, dtype=pl.String),
        pl.Series("DETERMINATION", outcome, dtype=pl.String),
        pl.Series("REASON", reason, dtype=pl.String),
        pl.Series("CITATION", cites, dtype=pl.String),
        pl.Series("ELIGIBLE_ON", eligible, dtype=pl.String),
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


def _write_results(
    stats: Any,
    count_tbl: pl.DataFrame,
    person_tbl: pl.DataFrame,
    target: Path,
    progress: Any = None,
) -> None:
    """Pass 2: every row of the file (rejected rows aside) with the determination columns
    joined on.  A streaming Polars query (scan, two joins with small tables, ``sink_csv``);
    a truncated file goes a block at a time instead (the scan cannot stop before its end)."""
    columns = (*COLUMNS, *DETERMINATION_COLUMNS)
    keys = (
        pl.col("SUBJECT_ID").str.strip_chars().alias("person"),
        pl.col("CNT_ORDER").str.strip_chars().alias("cnt_order"),
    )
    rejected = sorted(stats.rejected_rows)
    if stats.limit is None:
        lf = scan_doj(stats.path, stats.header)
        if stats.rejected_rows:
            lf = lf.filter(~pl.col("row").is_in(rejected))
        (
            lf.with_columns(*keys)
            .join(person_tbl.lazy(), on="person", how="left", maintain_order="left")
            .join(count_tbl.lazy(), on=["person", "cnt_order"], how="left", maintain_order="left")
            .select(*columns)
            .sink_csv(target)
        )
        if progress is not None:
            progress(stats.rows_used)
        return
    with open(target, "wb") as fh:
        first = True
        for block in iter_blocks(stats.path, stats.header, limit=stats.limit):
            out = (
                block.filter(~pl.col("row").is_in(rejected))
                .with_columns(*keys)
                .join(person_tbl, on="person", how="left", maintain_order="left")
                .join(count_tbl, on=["person", "cnt_order"], how="left", maintain_order="left")
                .select(*columns)
            )
            out.write_csv(fh, include_header=first)
            first = False
            if progress is not None:
                progress(block.height)
        if first:
            pl.DataFrame(schema={c: pl.String for c in columns}).write_csv(fh)


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


def _after_relief(
    convictions: list[tuple[tuple[str, str, str], str | None, date | None]],
    dets: dict[tuple[str, str, str], Determination],
    hand: bool,
) -> list[tuple[str | None, date | None]]:
    """The person's convictions (level, date) after the decisions take effect."""
    remaining = []
    for key, level, when in convictions:
        d = None if hand else dets.get(key)
        if d is not None and d.outcome == "dismiss":
            continue
        if d is not None and d.outcome == "reduce" and level == "F":
            level = "M"
        remaining.append((level, when))
    return remaining


def _relief_figures(
    people: dict[str, list[tuple[tuple[str, str, str], str | None, date | None]]],
    dets: dict[tuple[str, str, str], Determination],
    hand: dict[str, list[Problem]],
    as_of: date,
) -> dict[str, int]:
    try:  # seven years before the as-of date (Feb 29 rolls forward to Mar 1)
        seven = _dt.date(as_of.year - 7, as_of.month, as_of.day)
    except ValueError:
        seven = _dt.date(as_of.year - 7, 3, 1)
    figures = Counter[str]()
    for pid, convictions in people.items():
        before = [(lv, d) for _, lv, d in convictions]
        after = _after_relief(convictions, dets, pid in hand)
        if any(lv == "F" for lv, _ in before) and not any(lv == "F" for lv, _ in after):
            figures["no_longer_felony"] += 1
        if before and not after:
            figures["no_longer_any_conviction"] += 1
        if any(d is not None and d > seven for _, d in before) and not any(
            d is None or d > seven for _, d in after
        ):
            figures["no_longer_conviction_last_7_years"] += 1
    return {
        k: figures[k]
        for k in (
            "no_longer_felony",
            "no_longer_any_conviction",
            "no_longer_conviction_last_7_years",
        )
    }


def _decision_figures(
    counts: list[tuple[tuple[str, str, str], str, str | None]],
    dets: dict[tuple[str, str, str], Determination],
    hand: dict[str, list[Problem]],
) -> dict[str, Any]:
    by_outcome: dict[str, Counter[str]] = defaultdict(Counter)
    by_reason = Counter[str]()
    reduced_by = Counter[str]()
    totals = Counter[str]()
    for key, section, _level in counts:
        d = dets.get(key)
        outcome = HAND_REVIEW if key[0] in hand else (d.outcome if d else "not_decided")
        totals[outcome] += 1
        by_outcome[outcome][section] += 1
        if outcome == "dismiss" and d is not None and d.rule:
            by_reason[d.rule] += 1
        if outcome == "reduce" and d is not None and d.rule:
            reduced_by[d.rule] += 1
    return {
        "totals": dict(sorted(totals.items())),
        "dismissals_by_section": dict(sorted(by_outcome["dismiss"].items())),
        "reductions_by_section": dict(sorted(by_outcome["reduce"].items())),
        "dismissals_by_reason": dict(sorted(by_reason.items())),
        "reductions_by_reason": dict(sorted(reduced_by.items())),
    }


def _summary(
    extract: Extract,
    conv: pl.DataFrame,
    dets: list[dict[tuple[str, str, str], Determination]],
    ids: list[str],
    county: str,
    policy: str | Path,
    as_of: date,
    results_files: list[str],
) -> dict[str, Any]:
    statute_dets, county_dets, all_dets = dets
    wanted = set(ids)
    people: dict[str, list[tuple[tuple[str, str, str], str | None, date | None]]] = defaultdict(
        list
    )
    counts: list[tuple[tuple[str, str, str], str, str | None]] = []
    by_section: dict[str, Counter[str]] = defaultdict(Counter)
    for pid, case_id, count_id, level, when, section, in_county in (
        conv.filter(pl.col("person").is_in(ids))
        .select("person", "case_id", "count_id", "level", "conviction_date", "section", "in_county")
        .iter_rows()
    ):
        key = (pid, case_id, count_id)
        if pid in wanted:
            people[pid].append((key, level, when))
        if in_county:
            counts.append((key, section, level))
            by_section[section][_LEVEL_NAMES.get(level or "", "unknown")] += 1
    statute_totals = Counter(d.outcome for d in statute_dets.values())
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
            }
            for f in extract.files
        ],
        "rows_read": extract.rows_read,
        "rows_used": extract.rows_read - extract.rows_rejected,
        "rows_rejected": extract.rows_rejected,
        "problems": len(extract.problems),
        "people_for_hand_review": sorted(extract.hand_review),
        "people_with_convictions": conv["person"].n_unique(),
        "people_with_cannabis_conviction_in_county": len(ids),
        "cannabis_convictions_in_county": len(counts),
        "convictions_by_section": {
            s: dict(sorted(c.items())) for s, c in sorted(by_section.items())
        },
        "statute": {"id": "ca/prop64", "outcomes": dict(sorted(statute_totals.items()))},
        "county_policy": {
            **_decision_figures(counts, county_dets, extract.hand_review),
            **_relief_figures(people, county_dets, extract.hand_review, as_of),
        },
        "dismiss_all": {
            **_decision_figures(counts, all_dets, extract.hand_review),
            **_relief_figures(people, all_dets, extract.hand_review, as_of),
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
