"""Writing determinations: JSON objects (one per line), CSV rows and a terminal table.

The JSON form is versioned (``JSON_SCHEMA_VERSION``) and described in
``docs/determination.schema.json``.  Output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from clearlaw.evaluate import NEEDS_REVIEW, Determination
from clearlaw.explain import JSON_SCHEMA_VERSION
from clearlaw.io.errors import safe_id
from clearlaw.io.outputs import csv_writer, json_line
from clearlaw.records import FactValue

__all__ = [
    "CSV_COLUMNS",
    "determination_to_json",
    "tally",
    "write_csv",
    "write_jsonl",
    "write_table",
]

CSV_COLUMNS = (
    "person",
    "case",
    "count",
    "statute",
    "outcome",
    "relief",
    "relief_kind",
    "eligible_on",
    "rule",
    "citations",
    "reasons",
    "missing",
    "presumptions",
    "warnings",
)


def determination_to_json(d: Determination, *, explanation: bool = False) -> dict[str, Any]:
    """The JSON object for one determination (with its explanation tree if asked)."""
    out: dict[str, Any] = {
        "schema": JSON_SCHEMA_VERSION,
        "person": d.person,
        "case": d.case,
        "count": d.count,
        "statute": d.statute,
        "outcome": d.outcome,
        "relief": d.relief,
        "relief_kind": d.relief_kind,
        "eligible_on": str(d.eligible_on),
        "rule": d.rule,
        "citations": list(d.citations),
        "reasons": list(d.reasons),
        "missing": list(d.missing),
        "presumptions": [
            {"fact": p.fact, "value": _json_value(p.value), "citation": p.citation}
            for p in d.presumptions
        ],
        "warnings": list(d.warnings),
    }
    if explanation and d.explanation is not None:
        out["explanation"] = d.explanation.to_json()
    return out


def _json_value(value: FactValue) -> bool | int | float | str:
    return value if isinstance(value, bool | int | float | str) else str(value)


def write_jsonl(
    determinations: Iterable[Determination], out: TextIO, *, explanation: bool = False
) -> int:
    """One JSON object per line; returns how many were written."""
    n = 0
    for d in determinations:
        out.write(json_line(determination_to_json(d, explanation=explanation)))
        out.write("\n")
        n += 1
    return n


def _row(d: Determination) -> list[str]:
    relief = "" if d.relief is None else str(d.relief).lower()
    return [
        d.person,
        d.case,
        d.count,
        d.statute,
        d.outcome,
        relief,
        d.relief_kind or "",
        str(d.eligible_on),
        d.rule or "",
        "; ".join(d.citations),
        "; ".join(d.reasons),
        "; ".join(d.missing),
        "; ".join(p.text() for p in d.presumptions),
        "; ".join(d.warnings),
    ]


def write_csv(determinations: Iterable[Determination], out: TextIO, *, raw: bool = False) -> int:
    """CSV with a header row (``CSV_COLUMNS``); returns how many rows were written.  Cells a
    spreadsheet would run as a formula are neutralized (``spreadsheet_safe``) unless ``raw``."""
    writer = csv_writer(out, raw=raw)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for d in determinations:
        writer.writerow(_row(d))
        n += 1
    return n


#: Missing facts shown in the table's ``missing`` column before "+N more".
TABLE_MISSING_SHOWN = 3


def _why_review(d: Determination) -> str:
    """The table's ``missing`` cell: for a needs_review count, the facts the record lacks."""
    if d.outcome != NEEDS_REVIEW:
        return ""
    shown = ", ".join(d.missing[:TABLE_MISSING_SHOWN])
    more = len(d.missing) - TABLE_MISSING_SHOWN
    return f"{shown} +{more} more" if more > 0 else shown


def tally(outcomes: Counter[str]) -> str:
    """``1,234 counts: 800 seal, 300 not_eligible, 134 needs_review`` (most frequent first)."""
    total = sum(outcomes.values())
    line = f"{total:,} count{'' if total == 1 else 's'}"
    parts = [f"{k:,} {o}" for o, k in sorted(outcomes.items(), key=lambda x: (-x[1], x[0]))]
    return f"{line}: {', '.join(parts)}" if parts else line


def write_table(determinations: Iterable[Determination], out: TextIO) -> int:
    """An aligned plain-text table for the terminal (ids with control characters escaped;
    ``missing`` says what a needs_review count lacks, ``presumed`` the facts a determination
    rests on by the law's presumption), then a tally line (``tally``); returns how many rows
    were written."""
    columns = (
        "person",
        "case",
        "count",
        "outcome",
        "relief",
        "eligible_on",
        "rule",
        "citations",
        "missing",
        "presumed",
    )
    found = list(determinations)
    rows = [
        [
            safe_id(d.person),
            safe_id(d.case),
            safe_id(d.count),
            d.outcome,
            d.relief_kind or "-",
            str(d.eligible_on),
            d.rule or "-",
            "; ".join(d.citations),
            _why_review(d),
            ", ".join(p.fact for p in d.presumptions),
        ]
        for d in found
    ]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    buf = io.StringIO()
    for line in [list(columns), ["-" * w for w in widths], *rows]:
        buf.write("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        buf.write("\n")
    buf.write(tally(Counter(d.outcome for d in found)) + "\n")
    out.write(buf.getvalue())
    return len(rows)
