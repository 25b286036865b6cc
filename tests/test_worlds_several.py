"""A count lacking several facts, each of which reaches one condition only, is still decided
over every possible world: the combinations may agree (issue 14, item 6)."""

from __future__ import annotations

from datetime import date

import clearlaw
from clearlaw.io.jsonl import person_from_json

# A Michigan felony of 2025, still supervised until 2027: whatever its maximum penalty and
# whether it is an excluded felony, it is not eligible on 2026-12-07 (fabricated person).
PERSON = {
    "id": "P1",
    "birth_date": "1997-09-07",
    "cases": [
        {
            "id": "C1",
            "jurisdiction": "US-MI",
            "status": "closed",
            "counts": [
                {
                    "id": "1",
                    "citation": "M.C.L. § 750.479",
                    "level": "felony",
                    "offense_date": "2024-10-03",
                    "disposition": "convicted",
                    "disposition_date": "2025-04-24",
                    "sentence": {
                        "imposed_date": "2025-04-24",
                        "incarcerated": False,
                        "supervised": True,
                        "supervision_end_date": "2027-09-14",
                    },
                    "financial": {"restitution_ordered": False},
                }
            ],
        }
    ],
}


def test_every_combination_of_two_missing_facts_agrees() -> None:
    person, problems = person_from_json(PERSON)
    assert person is not None, problems
    (d,) = clearlaw.evaluate(clearlaw.load("mi/clean-slate"), person, date(2026, 12, 7))
    assert (d.outcome, d.relief, d.eligible_on) == ("not_eligible", False, "unknown")
    assert "facts.felony_excluded" in d.reasons[0] and "max_penalty_days" in d.reasons[0]
    assert "every possible value gives this result" in d.reasons[0]
