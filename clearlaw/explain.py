"""Explanations: why a count got its outcome, as a tree that points at the statute text.

``Explanation`` nodes carry a label (the statute's own words for the condition), the value it
had, its source span and the citation it implements.  ``render_text`` gives the plain-text
form; ``determination_to_json`` the JSON form (schema ``docs/determination.schema.json``,
versioned by ``JSON_SCHEMA_VERSION``).
"""

from __future__ import annotations

from typing import Any

import attrs

from clearlaw.nodes import Span

__all__ = ["JSON_SCHEMA_VERSION", "Explanation", "render_text"]

#: Version of the JSON form of a determination; bumped on any incompatible change.
JSON_SCHEMA_VERSION = "clearlaw.determination/1"


@attrs.frozen
class Explanation:
    """One step of the reasoning: ``label`` is what was evaluated, ``value`` what it was."""

    label: str
    value: str
    span: Span | None = None
    citation: str | None = None
    children: tuple[Explanation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON form of this node and its children."""
        out: dict[str, Any] = {"label": self.label, "value": self.value}
        if self.citation:
            out["citation"] = self.citation
        if self.span is not None:
            out["source"] = {
                "file": self.span.file,
                "line": self.span.line,
                "column": self.span.column,
                "end_line": self.span.end_line,
                "end_column": self.span.end_column,
            }
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
        return out


def render_text(explanation: Explanation, indent: int = 0) -> str:
    """The tree as indented plain text: ``label: value  [§ citation, file:line]``."""
    where = []
    if explanation.citation:
        where.append(f"§ {explanation.citation}")
    if explanation.span is not None:
        where.append(f"{explanation.span.file.rsplit('/', 1)[-1]}:{explanation.span.line}")
    suffix = f"  [{', '.join(where)}]" if where else ""
    value = f": {explanation.value}" if explanation.value else ""
    lines = ["  " * indent + f"{explanation.label}{value}{suffix}"]
    lines.extend(render_text(c, indent + 1) for c in explanation.children)
    return "\n".join(lines)
