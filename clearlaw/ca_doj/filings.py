"""Court filings from a ``clearlaw ca-doj run`` folder: the District Attorney's bulk motion
under HS 11361.9, the proposed order, and the run summary, as HTML, PDF and DOCX
(docs/documents.md, "California bulk filings").

The convictions listed are those the county's decision gives relief (``dismiss`` or
``reduce`` in ``cannabis.csv``), grouped by court case number; people marked for hand review
and convictions without relief are not listed (the summary counts them).  Everything comes
from the run folder, so an office can re-render its filings with its own templates
(``--templates``) without running the decisions again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

import polars as pl

from clearlaw.ca_doj.format import PLACEHOLDERS
from clearlaw.dates import date, parse_date
from clearlaw.documents import (
    TemplateSet,
    document_path,
    render_filing,
    renderer,
    template_set,
)
from clearlaw.documents.context import FilingCase, FilingRow, FilingView, section_reliefs
from clearlaw.io.outputs import write_bytes, write_text

__all__ = ["FILINGS", "RELIEF", "filing_view", "write_filings"]

JURISDICTION = "US-CA"
#: The documents ``write_filings`` makes, in order.
FILINGS = ("bulk-motion", "bulk-order", "bulk-summary")
#: What each county decision asks the court to do, in the order the filings list them.
RELIEF = {"dismiss": "Dismiss and seal", "reduce": "Redesignate as misdemeanor"}
_LEVELS = {"felony": "F", "misdemeanor": "M", "infraction": "I"}


def _relied_on(citation: str | None) -> str:
    """The statute's subsections in a decision's citations (the policy's own names dropped)."""
    parts = [p.strip() for p in (citation or "").split(";")]
    return "; ".join(p for p in parts if p and not p.startswith("policy:"))


def _date(value: str | None) -> date | None:
    return parse_date(value) if value else None


def _request_ciis(folder: Path, summary: dict[str, Any]) -> dict[str, str]:
    """Each person's CII number from the request segment (``REQ_CII_NUMBER``) of the run's
    results files: the sample extracts carry it there and leave ``CII_NUMBER`` empty."""
    files = [
        folder / str(i.get("results"))
        for i in summary.get("inputs", [])
        if isinstance(i, dict) and (folder / str(i.get("results"))).is_file()
    ]
    if not files:
        return {}
    cii = pl.col("REQ_CII_NUMBER").str.strip_chars().str.strip_chars_start("'")
    found = (
        pl.concat(
            [
                pl.scan_csv(f, infer_schema=False).select("SUBJECT_ID", "REQ_CII_NUMBER")
                for f in files
            ]
        )
        .select(pl.col("SUBJECT_ID").str.strip_chars(), cii.alias("cii"))
        .filter(pl.col("cii").is_not_null() & ~pl.col("cii").is_in(sorted(PLACEHOLDERS)))
        .unique("SUBJECT_ID", keep="first")
        .collect()
    )
    return dict(zip(found["SUBJECT_ID"], found["cii"], strict=True))


def filing_view(run: str | Path) -> FilingView:
    """The convictions a run's county decision gives relief, from ``run``/cannabis.csv.  The
    CII number is the row's ``CII_NUMBER``, else the person's ``REQ_CII_NUMBER`` in the
    results files; when no listed row has one, the filings leave the column out
    (``FilingView.cii``)."""
    folder = Path(run)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    county = summary["county"]
    df = (
        pl.read_csv(folder / "cannabis.csv", infer_schema=False)
        .filter(pl.col("DETERMINATION").is_in(list(RELIEF)))
        .filter(pl.lit(county == "") | (pl.col("COUNTY") == county))
        .sort("CASE_NUMBER", "PRI_NAME", "SUBJECT_ID", "CNT_ORDER", nulls_last=True)
    )
    requested = (
        _request_ciis(folder, summary)
        if df["CII_NUMBER"].fill_null("").str.strip_chars().eq("").any()
        else {}
    )
    rows = [
        FilingRow(
            case_number=row["CASE_NUMBER"] or "(no case number)",
            name=row["PRI_NAME"] or "",
            birth_date=_date(row["PRI_DOB"]),
            cii=(row["CII_NUMBER"] or "").strip()
            or requested.get((row["SUBJECT_ID"] or "").strip(), ""),
            convicted_on=_date(row["DATE_OF_CONVICTION"]),
            section=(row["CODE_SECTION"] or "")
            + (" (attempt)" if row["ATTEMPTED"] == "true" else ""),
            level=_LEVELS.get(row["LEVEL"] or "", "?"),
            relief=RELIEF[row["DETERMINATION"]],
            relied_on=_relied_on(row["CITATION"]),
        )
        for row in df.iter_rows(named=True)
    ]
    reliefs = tuple(RELIEF.values())
    return FilingView(
        county=county,
        policy=summary.get("policy_title") or summary.get("policy_id") or summary["policy"],
        reliefs=reliefs,
        cases=tuple(
            FilingCase(number, tuple(group))
            for number, group in groupby(rows, key=lambda r: r.case_number)
        ),
        convictions=len(rows),
        people=df["SUBJECT_ID"].n_unique(),
        by_section=section_reliefs(
            ((r.section.split("(")[0].strip(), r.relief) for r in rows), reliefs
        ),
        totals=tuple((relief, sum(1 for r in rows if r.relief == relief)) for relief in reliefs),
        cii=any(r.cii for r in rows),
    )


def write_filings(
    run: str | Path,
    as_of: date,
    formats: Sequence[str] = ("html", "pdf", "docx"),
    lang: str = "en",
    templates: str | Path | TemplateSet | None = None,
) -> list[Path]:
    """Write ``bulk-motion``, ``bulk-order`` and ``bulk-summary`` in each format into the run
    folder (``bulk-motion.en.pdf`` …); returns the files written."""
    folder = Path(run)
    tset = template_set(templates)
    for fmt in formats:
        renderer(fmt)  # an unknown format fails before anything is written
    for document in FILINGS:
        tset.select(JURISDICTION, document, lang, "html", as_of)
    filing = filing_view(folder)
    summary: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    written = []
    for document in FILINGS:
        for fmt in formats:
            ext = renderer(fmt).extension
            if document == "bulk-summary":
                content = renderer(fmt).render(
                    tset, document, JURISDICTION, lang, as_of, {"run": summary, "filing": filing}
                )
            else:
                content = render_filing(
                    document, filing, JURISDICTION, as_of, lang, tset, format=fmt
                )
            path = document_path(folder, f"{document}.{lang}{ext}")
            if isinstance(content, str):
                write_text(path, content)
            else:
                write_bytes(path, content)
            written.append(path)
    return written
