"""Writing determinations: JSON objects (one per line), CSV rows and a terminal table.

The JSON form is versioned (``JSON_SCHEMA_VERSION``) and described in
``docs/determination.schema.json``.  Output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from clearlaw.evaluate import Determination
from clearlaw.explain import JSON_SCHEMA_VERSION
from clearlaw.records import FactValue

__all__ = ["CSV_COLUMNS", "determination_to_json", "write_csv", "write_jsonl", "write_table"]

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
        out.write(json.dumps(determination_to_json(d, explanation=explanation), ensure_ascii=False))
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
    ]


def write_csv(determinations: Iterable[Determination], out: TextIO) -> int:
    """CSV with a header row (``CSV_COLUMNS``); returns how many rows were written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for d in determinations:
        writer.writerow(_row(d))
        n += 1
    return n


def write_table(determinations: Iterable[Determination], out: TextIO) -> int:
    """An aligned plain-text table for the terminal; returns how many rows were written."""
    columns = ("person", "case", "count", "outcome", "relief", "eligible_on", "rule", "citations")
    rows = [
        [
            d.person,
            d.case,
            d.count,
            d.outcome,
            d.relief_kind or "-",
            str(d.eligible_on),
            d.rule or "-",
            "; ".join(d.citations),
        ]
        for d in determinations
    ]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    buf = io.StringIO()
    for line in [list(columns), ["-" * w for w in widths], *rows]:
        buf.write("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        buf.write("\n")
    out.write(buf.getvalue())
    return len(rows)
