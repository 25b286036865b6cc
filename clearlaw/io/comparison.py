"""Writing a ``Comparison``: a terminal table, CSV, or HTML (jinja2, autoescaped)."""

from __future__ import annotations

from typing import TextIO

import jinja2

from clearlaw.compare import Comparison
from clearlaw.evaluate import Determination
from clearlaw.io.errors import safe_id
from clearlaw.io.outputs import csv_writer

__all__ = ["write_comparison_csv", "write_comparison_html", "write_comparison_table"]


def _short(d: Determination | None) -> str:
    if d is None:
        return "not decided"
    kind = f", {d.relief_kind}" if d.relief_kind else ""
    return f"{d.outcome} ({d.eligible_on}{kind})"


def write_comparison_table(c: Comparison, out: TextIO, *, limit: int = 50) -> None:
    """Totals per statute, then up to ``limit`` differing counts."""
    head = (
        "statute",
        "people",
        "with relief",
        "cleared",
        "counts",
        "relief",
        "petition",
        "waiting",
        "never",
        "review",
    )
    rows = [
        (
            t.statute,
            t.people_decided,
            t.people_with_relief,
            t.people_cleared,
            t.counts_decided,
            t.counts_relief,
            t.counts_petition,
            t.counts_waiting,
            t.counts_never,
            t.counts_review,
        )
        for t in c.totals
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    for row in (head, *rows):
        out.write(
            "  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip() + "\n"
        )
    out.write(f"\n{len(c.differences)} counts treated differently as of {c.as_of}")
    out.write(f" (first {limit}):\n" if len(c.differences) > limit else ":\n")
    for diff in c.differences[:limit]:
        cells = "; ".join(f"{sid}: {_short(d)}" for sid, d in diff.results)
        who = f"{safe_id(diff.person)} {safe_id(diff.case)}/{safe_id(diff.count)}"
        out.write(f"  {who}  {cells}\n")


def write_comparison_csv(c: Comparison, out: TextIO, *, raw: bool = False) -> None:
    """One row per differing count: for each statute, its outcome, relief kind, date and
    reasons.  Cells a spreadsheet would run as a formula are neutralized (``spreadsheet_safe``)
    unless ``raw``."""
    writer = csv_writer(out, raw=raw)
    statutes = [t.statute for t in c.totals]
    writer.writerow(
        ["person", "case", "count"]
        + [
            f"{s} {col}"
            for s in statutes
            for col in ("outcome", "relief_kind", "eligible_on", "reasons")
        ]
    )
    for diff in c.differences:
        row = [diff.person, diff.case, diff.count]
        for _, d in diff.results:
            row += (
                ["not decided", "", "", ""]
                if d is None
                else [d.outcome, d.relief_kind or "", str(d.eligible_on), "; ".join(d.reasons)]
            )
        writer.writerow(row)


def write_comparison_html(c: Comparison, out: TextIO, *, as_if_local: bool = False) -> None:
    """A standalone HTML page with both tables."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("clearlaw", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    out.write(env.get_template("compare.html.j2").render(comparison=c, as_if_local=as_if_local))
