"""A count lacking one boolean fact whose two values give the same outcome on different dates
is decided over both (issue 14, item 6): the outcome is definite, its date unknown.  Where the
two values give different outcomes it stays needs_review, and nothing else is tried."""

from __future__ import annotations

from datetime import date

from statute_text import small_statute
from test_precision import count, decide, person

import clearlaw
from clearlaw.worlds import DATE_REASON, WORLDS_REASON

# Relief three years after conviction, ten for a serious offense (fabricated law).
WAITS = clearlaw.parse(
    small_statute(
        "test/waits",
        "Waits",
        """
facts
  serious: boolean "the offense is a serious one"
rule wait "three years from conviction"  § T 2
  clear on disposition_date + 3 years
exception serious_wait "a serious offense waits ten years"  § T 3
  keep until disposition_date + 10 years when facts.serious
""",
    )
)


def test_both_values_not_yet_eligible_make_a_definite_outcome() -> None:
    """Convicted 2025-01-01: on 2026-12-07 neither three nor ten years have passed."""
    d = decide(WAITS, person(count(disposition_date=date(2025, 1, 1))))
    assert (d.outcome, d.relief, d.eligible_on, d.missing) == ("keep", False, "unknown", ())
    assert d.reasons == (
        WORLDS_REASON.format("facts.serious"),
        DATE_REASON.format("facts.serious"),
    )


def test_values_giving_different_outcomes_stay_needs_review() -> None:
    """Convicted 2020-01-01: three years have passed, ten have not, so it turns on the fact."""
    d = decide(WAITS, person(count(disposition_date=date(2020, 1, 1))))
    assert (d.outcome, d.missing) == ("needs_review", ("facts.serious",))


def test_a_fact_on_record_is_decided_as_before() -> None:
    served = count(disposition_date=date(2025, 1, 1), facts={"serious": False})
    d = decide(WAITS, person(served))
    assert (d.outcome, d.eligible_on, d.rule) == ("keep", date(2028, 1, 1), "wait")
