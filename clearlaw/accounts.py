"""Accounting for a run: every count decided, in review, out of scope, or unreadable, said.

``Accounts.watch`` passes determinations through while it counts them; ``report`` then prints
each warning (``person P1: case C1/count 2: citation 'x' cannot be read``; the first
``WARNINGS_SHOWN``, then how many more) and, with ``summary``, the run's totals:

    1,204 counts of 300 people: 812 decided, 97 needs_review, 295 out_of_scope
      needs_review for lack of: facts.victim_age (41), sentence.supervised (30), ...
      citations that cannot be read: 3; other warnings: 12

A citation to a code its case's jurisdiction does not have is counted with those that cannot
be read (its citation is as unknown; ``clearlaw.scope.is_unreadable``).

A field another count lacks (``C2/1 disposition_date``) is tallied with the field, once per
count, as ``questions`` groups them: a case id does not split a reason into many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TextIO

from clearlaw.evaluate import NEEDS_REVIEW, Determination
from clearlaw.io.errors import safe_id
from clearlaw.questions import missing_field
from clearlaw.scope import OUT_OF_SCOPE, is_unreadable

__all__ = ["WARNINGS_SHOWN", "Accounts"]

#: Warnings printed one per line before the rest are only counted.
WARNINGS_SHOWN = 50


class Accounts:
    """Counts of a run's determinations by kind, and its warnings."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.missing: Counter[str] = Counter()
        self.unreadable = 0
        self.warnings: list[str] = []
        self.warned = 0

    def watch(self, determinations: Iterable[Determination]) -> Iterator[Determination]:
        """The same determinations, counted as they pass."""
        for d in determinations:
            self.outcomes[d.outcome] += 1
            if d.outcome == NEEDS_REVIEW:
                self.missing.update({missing_field(m) for m in d.missing})
            for w in d.warnings:
                self.warned += 1
                if is_unreadable(w):
                    self.unreadable += 1
                if len(self.warnings) < WARNINGS_SHOWN:
                    where = f"person {safe_id(d.person)}: {safe_id(d.case)}/{safe_id(d.count)}"
                    self.warnings.append(f"warning: {where}: {w}")
            yield d

    @property
    def decided(self) -> int:
        """Counts with a definite outcome (not needs_review, not out of scope)."""
        return sum(k for o, k in self.outcomes.items() if o not in (NEEDS_REVIEW, OUT_OF_SCOPE))

    def report(self, out: TextIO, *, summary: bool, people: int) -> None:
        """Print the warnings and, with ``summary``, the totals."""
        for line in self.warnings:
            print(line, file=out)
        if self.warned > len(self.warnings):
            more = self.warned - len(self.warnings)
            print(f"warning: {more:,} more (the `warnings` field of each count)", file=out)
        if not summary:
            return
        total = sum(self.outcomes.values())
        print(
            f"{total:,} counts of {people:,} people: {self.decided:,} decided,"
            f" {self.outcomes[NEEDS_REVIEW]:,} needs_review, {self.outcomes[OUT_OF_SCOPE]:,}"
            " out_of_scope",
            file=out,
        )
        if self.missing:
            ranked = sorted(self.missing.items(), key=lambda mk: (-mk[1], mk[0]))  # ties by name
            top = ", ".join(f"{m} ({k:,})" for m, k in ranked[:8])
            print(f"  needs_review for lack of: {top}", file=out)
        others = self.warned - self.unreadable
        print(
            f"  citations that cannot be read: {self.unreadable:,}; other warnings: {others:,}",
            file=out,
        )
