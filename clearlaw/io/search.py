"""Writing a counterexample (``clearlaw diff --search``): the shrunk person as a record, then
for each count treated differently the two explanations side by side."""

from __future__ import annotations

import json
import textwrap
from itertools import zip_longest
from typing import TextIO

from clearlaw.drafting.search import Counterexample
from clearlaw.evaluate import Determination
from clearlaw.explain import render_text
from clearlaw.io.jsonl import person_to_json

__all__ = ["write_counterexample"]

COLUMN = 60


def _column(title: str, d: Determination | None) -> list[str]:
    if d is None:
        lines = ["the statute does not decide this count"]
    else:
        head = f"{d.outcome}, eligible {d.eligible_on}" + (
            f", {d.relief_kind}" if d.relief_kind else ""
        )
        tree = render_text(d.explanation) if d.explanation is not None else ""
        lines = [head, *tree.splitlines()]
    out = [title, "-" * min(COLUMN, len(title))]
    for line in lines:
        indent = len(line) - len(line.lstrip())
        out += textwrap.wrap(
            line.strip(),
            COLUMN,
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent + 2),
        ) or [""]
    return out


def write_counterexample(found: Counterexample, base: str, amended: str, out: TextIO) -> None:
    """The person (JSON, as ``clearlaw check`` reads it) and both explanations of every
    changed count; or an honest "no difference found in N examples"."""
    if found.person is None:
        out.write(
            f"no difference found between {base} and {amended} as of {found.as_of} "
            f"in {found.tried:,} generated people (evidence, not proof, that there is none)\n"
        )
        return
    out.write(
        f"{base} and {amended} treat this person differently as of {found.as_of} "
        f"(found among {found.tried:,} generated people, then shrunk):\n\n"
    )
    out.write(json.dumps(person_to_json(found.person), ensure_ascii=False, indent=2) + "\n")
    for change in found.changes:
        shift = f", {change.shift_days:+d} days" if change.shift_days else ""
        out.write(f"\ncase {change.case} count {change.count}: {change.kind}{shift}\n\n")
        left = _column(base, change.before)
        right = _column(amended, change.after)
        for a, b in zip_longest(left, right, fillvalue=""):
            out.write(f"{a:<{COLUMN}}  | {b}".rstrip() + "\n")
