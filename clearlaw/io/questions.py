"""Writing the ranked questions of ``clearlaw.questions`` (``clearlaw check --questions``):
an aligned table for the terminal, JSON lines, or CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from clearlaw.io.errors import safe_id
from clearlaw.io.outputs import csv_writer, json_line
from clearlaw.questions import Question

__all__ = ["QUESTION_COLUMNS", "write_questions"]

#: The columns of the CSV (and the keys of each JSON line).
QUESTION_COLUMNS = ("rank", "question", "settles", "counts", "people", "fact", "examples")


def _cells(rank: int, q: Question) -> list[str]:
    return [
        str(rank),
        q.question,
        str(q.settles),
        str(q.counts),
        str(q.people),
        q.fact,
        "; ".join(q.examples),
    ]


def write_questions(found: Sequence[Question], out: TextIO, form: str = "table") -> None:
    """``found`` in ``form`` (``table``, ``jsonl`` or ``csv``).  CSV cells a spreadsheet
    would run as a formula are neutralized; the table escapes control characters in ids."""
    if form == "jsonl":
        for rank, q in enumerate(found, 1):
            data = {
                "rank": rank,
                "question": q.question,
                "settles": q.settles,
                "counts": q.counts,
                "people": q.people,
                "fact": q.fact,
                "examples": list(q.examples),
            }
            out.write(json_line(data) + "\n")
        return
    if form == "csv":
        writer = csv_writer(out)
        writer.writerow(QUESTION_COLUMNS)
        for rank, q in enumerate(found, 1):
            writer.writerow(_cells(rank, q))
        return
    if not found:
        out.write("no count needs review: nothing to ask\n")
        return
    out.write(
        "What would decide the counts that need review (settles: counts it alone is missing;"
        " counts: counts that lack it)\n"
    )
    width = len(str(len(found)))
    for rank, q in enumerate(found, 1):
        example = safe_id(q.examples[0]) if q.examples else ""
        out.write(
            f"{rank:>{width}}. {q.question} — settles {q.settles}, lacked by {q.counts}"
            f" count{'' if q.counts == 1 else 's'} of {q.people}"
            f" {'person' if q.people == 1 else 'people'} (e.g. {example})\n"
        )
