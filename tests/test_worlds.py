"""How clearlaw.worlds enumerates a count's worlds: every combination once, the first first and
the one unlike it in every fact second (a disagreement ends the search early), one new count
per world, and one birth date per pattern of ages."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from statute_text import small_statute
from test_precision import count, person

import clearlaw
from clearlaw import Person
from clearlaw.dates import whole_years_between
from clearlaw.worlds import _birth_dates, possible_worlds

AS_OF = date(2026, 12, 7)
LEAP_DAY = date(2012, 2, 29)

FLAGS = clearlaw.parse(
    small_statute(
        "test/flags",
        "Flags",
        """
facts
  sold: boolean "sold it"
  armed: boolean "armed"
  grams: number "grams"
rule small "small and peaceful"  § T 2
  clear when not facts.sold and not facts.armed and facts.grams < 10
""",
    )
)

AGES = clearlaw.parse(
    small_statute(
        "test/ages",
        "Ages",
        """
rule young "under 18 at the offense, or 21 by now"  § T 2
  clear when age on offense_date < 18 or age on as_of >= 21
""",
    )
)


def facts_of(world: Person) -> tuple[object, ...]:
    facts = world.cases[0].counts[0].facts
    return facts["sold"], facts["armed"], facts["grams"]


def test_every_world_once_the_first_first_and_its_opposite_second() -> None:
    p = person(count("1"), count("2"))
    missing = ["facts.sold", "facts.armed", "facts.grams"]
    worlds = possible_worlds(FLAGS, p, AS_OF, "C1", "1", missing)
    assert worlds is not None
    got = [facts_of(w) for w in worlds]
    grams = sorted({g for _, _, g in got})  # type: ignore[type-var]
    assert len(grams) > 2
    assert sorted(got, key=repr) == sorted(
        itertools.product((True, False), (True, False), grams), key=repr
    )
    assert got[0] == (True, True, grams[0])  # the lowest number comes first
    assert got[1][:2] == (False, False) and got[1][2] != grams[0]


def test_a_world_changes_only_the_count_that_lacks_the_facts() -> None:
    p = person(count("1"), count("2"))
    worlds = possible_worlds(FLAGS, p, AS_OF, "C1", "1", ["facts.sold", "facts.armed"])
    assert worlds is not None
    for world in worlds:
        assert world.cases[0].counts[1] is p.cases[0].counts[1]
        assert world.cases[0].counts[0].offense_date == p.cases[0].counts[0].offense_date
        assert set(world.cases[0].counts[0].facts) == {"sold", "armed"}


def pattern(born: date, on: list[date]) -> tuple[bool, ...]:
    convention = AGES.node.header.convention
    return tuple(
        born <= d and whole_years_between(born, d, convention) >= years
        for d in on
        for years in (18, 19, 21, 22)
    )


def test_one_birth_date_for_each_pattern_of_ages() -> None:
    """Every pattern a real birth date gives (each day over sixty years) is met exactly once."""
    p = person(count("1", offense_date=LEAP_DAY), count("2", offense_date=date(2019, 7, 15)))
    on = sorted({AS_OF, LEAP_DAY, date(2019, 7, 15)})
    found = _birth_dates(p, AGES, AS_OF)
    assert found is not None
    got = [pattern(born, on) for born in found]
    assert len(set(got)) == len(got)
    first = date(1960, 1, 1)
    every = {pattern(first + timedelta(days=k), on) for k in range(366 * 60)}
    assert set(got) == every
