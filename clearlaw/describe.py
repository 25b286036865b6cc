"""A statute summarized from its file: waiting periods, what they count from, caps,
exclusions and outcomes (``clearlaw describe``; ``docs/statutes.md`` is its output)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from clearlaw import nodes as n
from clearlaw.evaluate import Statute

__all__ = ["StatuteSummary", "describe", "render_markdown", "render_table"]


@attrs.frozen
class StatuteSummary:
    """The parts of a statute a reader compares across states; every item carries its
    citation."""

    id: str
    title: str
    citations: tuple[str, ...]
    effective: tuple[str, ...]
    waiting_periods: tuple[str, ...]
    counted_from: tuple[str, ...]
    caps: tuple[str, ...]
    exclusions: tuple[str, ...]
    outcomes: tuple[str, ...]


def _cite(citation: str | None) -> str:
    return f" (§ {citation})" if citation else ""


def describe(statute: Statute) -> StatuteSummary:
    """The summary of one statute."""
    node = statute.node
    periods = []
    for p in node.parameters:
        if p.type != "duration":
            continue
        values = []
        for v in p.values:
            when = f"from {v.start}: " if v.start else ""
            values.append(f"{when}{statute.text_at(v.value.span)}{_cite(v.citation)}")
        periods.append(f"`{p.name}`: " + "; ".join(values))
    counted = []
    caps = []
    exclusions = []
    for d in node.decisions:
        label = d.title or d.name
        if isinstance(d, n.Rule) and d.on is not None:
            counted.append(f"{label}: on `{statute.text_at(d.on.span)}`{_cite(d.citation)}")
        if isinstance(d, n.Exception_):
            kind = {"bar": "never", "block": "while it lasts", "delay": "until a date"}[d.kind]
            exclusions.append(f"{label} — {kind}{_cite(d.citation)}")
        for e in n.walk(d):
            if isinstance(e, n.Quantifier) and e.kind in ("at least", "number"):
                caps.append(f"{label}: `{statute.text_at(e.span)}`{_cite(d.citation)}")
    for define in node.defines:
        for e in n.walk(define.value):
            if isinstance(e, n.Waiting):
                counted.append(
                    f"`{define.name}`: `{statute.text_at(e.span)}`{_cite(define.citation)}"
                )
            if isinstance(e, n.Quantifier) and e.kind in ("at least", "number"):
                caps.append(f"`{define.name}`: `{statute.text_at(e.span)}`{_cite(define.citation)}")
    outcomes = tuple(
        f"{o.name} ({o.kind} relief)"
        if o.relief and o.kind
        else f"{o.name}{' (relief)' if o.relief else ''}"
        for o in node.outcomes
    )
    return StatuteSummary(
        id=statute.id,
        title=statute.title,
        citations=tuple(c.citation for c in node.header.cites),
        effective=tuple(str(e) for e in node.header.effective),
        waiting_periods=tuple(periods),
        counted_from=tuple(counted),
        caps=tuple(caps),
        exclusions=tuple(exclusions),
        outcomes=outcomes,
    )


def _cell(items: Sequence[str]) -> str:
    return "<br>".join(i.replace("|", "\\|") for i in items) or "—"


def render_table(summaries: Sequence[StatuteSummary]) -> str:
    """The library in one table, a line per statute or policy (README.md's "Statutes")."""
    out = [
        "| id | what it decides | law (first citation) | effective | outcomes |",
        "|---|---|---|---|---|",
    ]
    for s in summaries:
        law = s.citations[:1]
        out.append(
            f"| `{s.id}` | {_cell([s.title])} | {_cell(law)} | {_cell(s.effective)} "
            f"| {_cell([', '.join(s.outcomes)])} |"
        )
    return "\n".join(out) + "\n"


def render_markdown(summaries: Sequence[StatuteSummary]) -> str:
    """``docs/statutes.md``: a side-by-side table, then one section per statute."""
    out = [
        "# The statute library, side by side",
        "",
        "Generated from the statute files by `clearlaw describe > docs/statutes.md`; do not edit",
        "by hand (a test checks it is current). Each item cites the section it implements; the",
        "statute files hold the full rules and the written interpretations.",
        "",
        "| statute | effective | waiting periods | counted from | caps | exclusions | outcomes |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        out.append(
            f"| `{s.id}` | {_cell(s.effective)} | {_cell(s.waiting_periods)} | {_cell(s.counted_from)} "
            f"| {_cell(s.caps)} | {_cell([e.split(' (§')[0] for e in s.exclusions])} | {_cell(s.outcomes)} |"
        )
    for s in summaries:
        out += ["", f"## `{s.id}` — {s.title}", "", "Cites: " + "; ".join(s.citations) + "."]
        for heading, items in (
            ("Waiting periods", s.waiting_periods),
            ("Counted from", s.counted_from),
            ("Caps and counts of other convictions", s.caps),
            ("Exclusions and holds", s.exclusions),
            ("Outcomes", s.outcomes),
        ):
            out += ["", f"**{heading}**", ""]
            out += [f"- {i}" for i in items] or ["- none"]
    return "\n".join(out) + "\n"
