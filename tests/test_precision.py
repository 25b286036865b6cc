"""Every possible world over numbers and dates (clearlaw.worlds): a count whose outcome is the
same under every value of what it lacks is decided, with ``eligible_on`` unknown when only
the date differs; anything the worlds cannot enumerate stays ``needs_review``."""

from __future__ import annotations

from datetime import date

from statute_text import small_statute

import clearlaw
from clearlaw import Case, CaseStatus, Count, Disposition, Level, Person, Sentence
from clearlaw.worlds import DATE_REASON, WORLDS_REASON, possible_worlds

AS_OF = date(2026, 12, 7)


def person(*counts: Count, jurisdiction: str = "US-NY") -> Person:
    return Person("P1", cases=(Case("C1", jurisdiction, None, CaseStatus.CLOSED, counts),))


def count(cid: str = "1", **fields: object) -> Count:
    base: dict[str, object] = {
        "level": Level.MISDEMEANOR,
        "disposition": Disposition.CONVICTED,
        "offense_date": date(2009, 6, 1),
        "disposition_date": date(2010, 1, 1),
    }
    return Count(cid, **{**base, **fields})  # type: ignore[arg-type]


def decide(statute: clearlaw.Statute, p: Person, as_of: date = AS_OF) -> clearlaw.Determination:
    return clearlaw.evaluate(statute, p, as_of, explain=False)[0]


GRAMS = clearlaw.parse(
    small_statute(
        "test/grams",
        "Amounts",
        """
facts
  grams: number "grams of the substance"
parameter limit: number = 28.5  § T 1
rule small "within the limit"  § T 2
  clear when facts.grams <= limit
rule large "over the limit, but a misdemeanor"  § T 3
  clear when facts.grams > limit and level is misdemeanor
""",
    )
)


def test_a_missing_number_every_value_of_which_agrees() -> None:
    """The number line split at 28.5: at, below and above the limit, a misdemeanor clears."""
    d = decide(GRAMS, person(count()))
    assert (d.outcome, d.eligible_on, d.rule) == ("clear", date(2000, 1, 1), None)
    assert d.reasons == (WORLDS_REASON.format("facts.grams"),)


def test_a_missing_number_that_decides_stays_in_doubt() -> None:
    d = decide(GRAMS, person(count(level=Level.FELONY)))
    assert (d.outcome, d.missing) == ("needs_review", ("facts.grams",))


def test_the_number_worlds_split_at_the_literals() -> None:
    p = person(count())
    worlds = possible_worlds(GRAMS, p, AS_OF, "C1", "1", ["facts.grams"])
    assert worlds is not None
    values = sorted(w.cases[0].counts[0].facts["grams"] for w in worlds)
    assert 28.5 in values
    assert any(v < 28.5 for v in values) and any(v > 28.5 for v in values)
    assert min(values) >= 0


def test_a_number_used_in_arithmetic_is_not_enumerated() -> None:
    statute = clearlaw.parse(
        small_statute(
            "test/sum",
            "Sums",
            """
facts
  grams: number "grams"
rule small "small"  § T 2
  clear when facts.grams + 1 <= 5
rule large "large"  § T 3
  clear when facts.grams + 1 > 5
""",
        )
    )
    assert possible_worlds(statute, person(count()), AS_OF, "C1", "1", ["facts.grams"]) is None
    assert decide(statute, person(count())).outcome == "needs_review"


RELEASE = clearlaw.parse(
    small_statute(
        "test/release",
        "Three years from release",
        """
rule wait "three years from release"  § T 2
  clear on sentence.incarceration_release_date + 3 years
""",
    )
)


def served(release: date | None = None, completion: date | None = None) -> Count:
    return count(
        sentence=Sentence(
            imposed_date=date(2010, 1, 1),
            incarcerated=True,
            incarceration_release_date=release,
            completion_date=completion,
        )
    )


def test_a_missing_date_between_known_dates_that_cannot_matter() -> None:
    """Released some time in 2010-2012: three years have run by 2026 whenever it was, so the
    count is cleared — on a date the record does not give."""
    d = decide(RELEASE, person(served(completion=date(2012, 1, 1))))
    assert (d.outcome, d.eligible_on, d.rule) == ("clear", "unknown", "wait")
    assert d.reasons == (
        WORLDS_REASON.format("sentence.incarceration_release_date"),
        DATE_REASON.format("sentence.incarceration_release_date"),
    )
    assert d.citations == ("T 2",)


def test_a_missing_date_not_yet_run_in_any_world() -> None:
    """Released by 2026-06-01 at the latest, and not before 2026-01-01: not yet on
    2026-12-07 in every world."""
    done = count(
        sentence=Sentence(
            imposed_date=date(2026, 1, 1), incarcerated=True, completion_date=date(2026, 6, 1)
        )
    )
    d = decide(RELEASE, person(done))
    assert (d.outcome, d.eligible_on) == ("keep", "unknown")


def test_a_missing_date_across_the_as_of_date_stays_in_doubt() -> None:
    d = decide(RELEASE, person(served(completion=date(2025, 1, 1))), date(2024, 1, 1))
    assert (d.outcome, d.missing) == ("needs_review", ("sentence.incarceration_release_date",))


def test_a_date_bounded_on_one_side_only_is_not_enumerated() -> None:
    d = decide(RELEASE, person(served()))
    assert (d.outcome, d.missing) == ("needs_review", ("sentence.incarceration_release_date",))


def test_the_anniversary_edge_inside_the_bounds_is_found() -> None:
    """Release between 2020-12-01 and 2024-01-01: the three years run on 2026-12-07 for a
    release on 2023-12-07, not for one a day later — so the count is in doubt, and the worlds
    find the edge (a coarser grid of dates would miss it)."""
    window = count(
        sentence=Sentence(
            imposed_date=date(2020, 12, 1), incarcerated=True, completion_date=date(2024, 1, 1)
        )
    )
    d = decide(RELEASE, person(window))
    assert d.outcome == "needs_review"
    edge = count(
        sentence=Sentence(
            imposed_date=date(2020, 12, 1), incarcerated=True, completion_date=date(2023, 12, 7)
        )
    )
    assert decide(RELEASE, person(edge)).outcome == "clear"


PENDING = clearlaw.parse(
    small_statute(
        "test/pending",
        "Not while a charge is pending",
        """
rule wait "three years from conviction"  § T 2
  clear on disposition_date + 3 years
exception pending "a later charge pending"  § T 3
  keep while any other counts where disposition is pending
""",
    )
)


def test_a_count_whose_only_unknown_is_its_date() -> None:
    """A pending charge holds the count back whatever its conviction date (between the
    offense and the sentence): the outcome is definite, the date is not."""
    undated = count(disposition_date=None, sentence=Sentence(imposed_date=date(2010, 3, 1)))
    pending = Count("2", level=Level.MISDEMEANOR, disposition=Disposition.PENDING)
    d = decide(PENDING, person(undated, pending))
    assert (d.outcome, d.eligible_on) == ("keep", "unknown")
    assert d.reasons[0] == WORLDS_REASON.format("disposition_date")
