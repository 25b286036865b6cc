"""Writing what an amendment changes (``clearlaw diff``): a terminal table, CSV, JSON Lines,
or an HTML report with charts (jinja2, autoescaped; the charts are inline SVG, nothing is
fetched).  Output is deterministic: same input, same bytes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

import attrs
import jinja2

from clearlaw.drafting.impact import Change, Impact
from clearlaw.evaluate import Determination
from clearlaw.io.determinations import determination_to_json
from clearlaw.io.errors import safe_id
from clearlaw.io.outputs import csv_writer, json_line

__all__ = ["write_impact_csv", "write_impact_html", "write_impact_jsonl", "write_impact_table"]

CSV_COLUMNS = (
    "as_of",
    "person",
    "case",
    "count",
    "level",
    "change",
    "shift_days",
    "rule",
    "before_outcome",
    "before_relief_kind",
    "before_eligible_on",
    "after_outcome",
    "after_relief_kind",
    "after_eligible_on",
    "after_reasons",
)


def _short(d: Determination | None) -> str:
    if d is None:
        return "not decided"
    kind = f", {d.relief_kind}" if d.relief_kind else ""
    return f"{d.outcome} ({d.eligible_on}{kind})"


def _shift(c: Change) -> str:
    if not c.shift_days:
        return ""
    return f"{c.shift_days:+d} days"


def _counts(title: str, counter: Counter[str], out: TextIO) -> None:
    if not counter:
        return
    out.write(f"  {title}: " + ", ".join(f"{k} {v:,}" for k, v in counter.items()) + "\n")


def write_impact_table(impacts: Sequence[Impact], out: TextIO, *, limit: int = 50) -> None:
    """Per date: totals, changes by kind, rule, level and year; then up to ``limit`` changed
    counts."""
    for impact in impacts:
        out.write(
            f"{impact.base} → {impact.amended} as of {impact.as_of}: "
            f"{len(impact.changes):,} of {impact.counts:,} counts change "
            f"({impact.people:,} people; {len(impact.people_newly_cleared):,} newly cleared, "
            f"{len(impact.people_newly_excluded):,} newly excluded)\n"
        )
        _counts("by change", impact.by_kind(), out)
        _counts("by rule", Counter(dict(impact.by_rule().most_common())), out)
        _counts("by level", Counter(dict(sorted(impact.by_level().items()))), out)
        _counts("by year eligible", Counter(dict(sorted(impact.by_year().items()))), out)
        shown = impact.changes[:limit]
        if shown:
            more = f" (first {limit})" if len(impact.changes) > limit else ""
            out.write(f"  changed counts{more}:\n")
        for c in shown:
            who = f"{safe_id(c.person)} {safe_id(c.case)}/{safe_id(c.count)}"
            shift = f" {_shift(c)}" if c.shift_days else ""
            out.write(f"    {who}  {c.kind}{shift}: {_short(c.before)} → {_short(c.after)}\n")
        out.write("\n")


def write_impact_csv(impacts: Sequence[Impact], out: TextIO, *, raw: bool = False) -> None:
    """One row per changed count and date.  Cells a spreadsheet would run as a formula are
    neutralized (``spreadsheet_safe``) unless ``raw``."""
    writer = csv_writer(out, raw=raw)
    writer.writerow(CSV_COLUMNS)
    for impact in impacts:
        for c in impact.changes:
            row = [str(impact.as_of), c.person, c.case, c.count, c.level or "", c.kind]
            row += ["" if c.shift_days is None else str(c.shift_days), c.rule]
            for d in (c.before, c.after):
                row += (
                    ["not decided", "", ""]
                    if d is None
                    else [d.outcome, d.relief_kind or "", str(d.eligible_on)]
                )
            row.append("; ".join(c.after.reasons) if c.after is not None else "")
            writer.writerow(row)


def write_impact_jsonl(impacts: Sequence[Impact], out: TextIO) -> None:
    """One JSON object per changed count and date: ``as_of``, ``person``, ``case``,
    ``count``, ``change``, ``shift_days``, ``rule``, ``before`` and ``after`` (each a
    determination as ``clearlaw check --format jsonl`` writes it, or ``null``)."""
    for impact in impacts:
        for c in impact.changes:
            obj: dict[str, Any] = {
                "as_of": str(impact.as_of),
                "person": c.person,
                "case": c.case,
                "count": c.count,
                "change": c.kind,
                "shift_days": c.shift_days,
                "rule": c.rule,
                "before": None if c.before is None else determination_to_json(c.before),
                "after": None if c.after is None else determination_to_json(c.after),
            }
            out.write(json_line(obj) + "\n")


@attrs.frozen
class _Bar:
    label: str
    value: int
    width: float  # share of the longest bar, 0..1


def _bars(counter: Counter[str]) -> list[_Bar]:
    top = max(counter.values(), default=0) or 1
    return [_Bar(k, v, v / top) for k, v in counter.items()]


def write_impact_html(impacts: Sequence[Impact], out: TextIO, *, limit: int = 500) -> None:
    """A standalone HTML report: per date, the totals, bar charts of the changes by kind, by
    offense level and by year of eligibility, and the changed counts grouped by rule (up to
    ``limit`` rows per date)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("clearlaw", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    pages = []
    for impact in impacts:
        groups: dict[str, list[Change]] = {}
        for c in impact.changes[:limit]:
            groups.setdefault(c.rule, []).append(c)
        pages.append(
            {
                "impact": impact,
                "charts": [
                    ("Changed counts by kind of change", _bars(impact.by_kind())),
                    ("by offense level", _bars(Counter(dict(sorted(impact.by_level().items()))))),
                    (
                        "by year eligible under the amended text",
                        _bars(Counter(dict(sorted(impact.by_year().items())))),
                    ),
                ],
                "rules": impact.by_rule().most_common(),
                "groups": sorted(groups.items()),
                "shown": min(limit, len(impact.changes)),
            }
        )
    out.write(env.get_template("impact.html.j2").render(pages=pages, short=_short, shift=_shift))
