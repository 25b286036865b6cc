"""The statutes' offense tables (statutes/<st>/tables/*.csv) read for the oracles.

A table is the law's data, so an oracle may read the same file; this loader is written apart from
``clearlaw.syntax``: lines starting with ``#`` are comments, the first other line names the
columns, and the ``citation`` column holds the patterns.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from clearlaw.citations import CitationSet, parse_pattern

__all__ = ["table"]

STATUTES = Path(__file__).resolve().parents[2] / "statutes"


@functools.cache
def table(state: str, name: str, *inchoate: str) -> CitationSet:
    """The patterns of ``statutes/<state>/tables/<name>.csv``, covering ``inchoate`` kinds."""
    text = (STATUTES / state / "tables" / f"{name}.csv").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    rows = csv.DictReader(lines)
    return CitationSet((parse_pattern(row["citation"].strip()) for row in rows), inchoate)
