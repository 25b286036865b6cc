"""What reading a records file produces: the people loaded, and the people rejected and why.

A person with any problem is rejected whole, with every problem found, and the rest of the
file still loads.  Messages name only ids, the field (a dotted path such as
``cases[0].counts[1].disposition_date``) and the offending value, never a record's other
contents (names, descriptions, ...), so they can be logged.
"""

from __future__ import annotations

import attrs

from clearlaw.records import Person

__all__ = ["SHOWN_PROBLEMS", "Problem", "ReadResult", "RecordsError", "Rejection", "safe_id"]

#: The problems of one rejected person that its message lists (a line of 100,000 unknown
#: keys is one person, not 100,000 lines of messages).
SHOWN_PROBLEMS = 20


def safe_id(text: str) -> str:
    """``text`` (an id from a record) with every non-printable character escaped (``\\x1b``,
    ``\\n``), so that an id in a message cannot colour, move or clear the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class RecordsError(Exception):
    """A records file that cannot be read at all: unknown format, unreadable file, bad CSV
    header.  (Problems with single records are ``Rejection``\\ s, not exceptions.)"""


@attrs.frozen
class Problem:
    """One thing wrong with a record.

    ``field`` is a dotted path into the JSON shape (``cases[0].counts[1].disposition_date``;
    empty when the problem is the whole line, e.g. invalid JSON).  ``line`` is set when the
    problem is on another line than the person's first (CSV rows of one person).
    """

    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


@attrs.frozen
class Rejection:
    """A record that was not loaded: where it is, whose it is (when known) and every problem.

    ``str()`` gives one ``file:line: person P1: field: message`` line per problem, the
    first ``SHOWN_PROBLEMS`` of them and then how many more there are.
    """

    file: str
    line: int
    person_id: str | None
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        who = f"person {safe_id(self.person_id)}: " if self.person_id is not None else ""
        lines = [
            f"{self.file}:{p.line if p.line is not None else self.line}: {who}{p}"
            for p in self.problems[:SHOWN_PROBLEMS]
        ]
        if len(self.problems) > SHOWN_PROBLEMS:
            more = len(self.problems) - SHOWN_PROBLEMS
            lines.append(f"{self.file}:{self.line}: {who}{more:,} more problems")
        return "\n".join(lines)


@attrs.frozen
class ReadResult:
    """The people loaded and the records rejected.

    ``lines_read`` counts the non-blank lines of a JSONL file (so ``len(people) +
    len(rejected) == lines_read``) or the non-blank data rows of a CSV file.
    """

    people: tuple[Person, ...]
    rejected: tuple[Rejection, ...]
    lines_read: int
