"""Using clearlaw from Python: evaluate a statute, then an amended version, and list the
counts whose outcome changes and why.

    python examples/compare_amendment.py

The amendment here is a drafter's what-if: New York's misdemeanor wait cut from 3 to 2 years.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import clearlaw
from clearlaw.library import statute_path

HERE = Path(__file__).resolve().parent
AS_OF = date(2026, 11, 23)


def main() -> None:
    current = clearlaw.load("ny/clean-slate")
    text = statute_path("ny/clean-slate").read_text(encoding="utf-8")
    amended_text = text.replace(
        "parameter misdemeanor_wait: duration = 3 years",
        "parameter misdemeanor_wait: duration = 3 years\n  from 2026-01-01 = 2 years",
    )
    amended = clearlaw.parse(amended_text, "clean-slate (amended).law")

    records = clearlaw.read_records(HERE / "people.jsonl")
    print(f"{len(records.people)} people read, {len(records.rejected)} rejected")
    changed = 0
    for person in records.people:
        before = clearlaw.evaluate(current, person, AS_OF, explain=False)
        after = clearlaw.evaluate(amended, person, AS_OF, explain=False)
        for old, new in zip(before, after, strict=True):
            if (old.outcome, old.eligible_on) != (new.outcome, new.eligible_on):
                changed += 1
                print(
                    f"{person.id} {old.case}/{old.count}: {old.outcome} ({old.eligible_on})"
                    f" -> {new.outcome} ({new.eligible_on}); {new.reasons[0]}"
                )
    print(f"{changed} counts change outcome or date under the amendment")


if __name__ == "__main__":
    main()
