"""The DuckDB engine's hoisted stages (``clearlaw.columnar.engine._stage``): an aggregate over
all of a person's counts or registrations that does not read the count decided is computed
once per person, and the elements no value of a stage reads are left out before aggregating;
the answers stay the Python evaluator's (differential, as ``test_columnar``)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ny_people
from test_columnar import same

import clearlaw
from clearlaw.columnar.engine import _per_person, _stage, _stages, plan
from clearlaw.evaluate import Statute
from clearlaw.records import Case, Count, Person, Registration

#: Collections of every kind the stages treat apart: over all the person's registrations and
#: all their convictions (per person), over the other counts and over later convictions (per
#: count, the latter a restart), with members and values the record may leave unknown.
TEXT = """statute "stages"
  id test/stages
  effective 2020-01-01
outcomes
  clear relief automatic "Cleared"
  keep "Not cleared"
  otherwise keep
applies to each count where disposition is convicted  § A 1
facts
  victim_age: number "the victim's age"
  offender_is_parent: boolean "a parent"
  registrable_subdivision: boolean "the subdivision"
rule cleared "few felonies, no registration"  § A 2
  clear on latest disposition_date of convictions where not facts.offender_is_parent
    when (no registrations where kind is "sex_offender")
      and (number of convictions where level is felony) < 3
exception minors "two other counts with a minor victim"  § A 3
  keep when at least 2 other counts where facts.victim_age < 17
exception later "a later conviction"  § A 4
  keep until waiting 3 years from disposition_date
    restarted by convictions subsequent to this count where facts.registrable_subdivision
    from disposition_date
    when level is misdemeanor
"""


@pytest.fixture(scope="module")
def statute() -> Statute:
    return clearlaw.parse(TEXT, "stages.law")


def test_per_person_aggregates_and_kept_elements(statute: Statute) -> None:
    stages = _per_person(_stages(plan(statute, date(2025, 6, 1)).compiler.hoisted))
    tables = {h.name: table for table, group in stages for h in group}
    queries = {table: _stage(group, tables) for table, group in stages}
    per_person = [q for table, q in queries.items() if table.endswith("_p")]
    # the registrations and the convictions: grouped by person, not by count
    assert any("FROM registrations g" in q and "GROUP BY g.pid" in q for q in per_person)
    assert any("GROUP BY e.pid" in q for q in per_person)
    assert all("GROUP BY t.pid" not in q for q in per_person)
    # the other counts: per count, the pairs whose member is surely false left out
    assert any("e.ord <> t.ord" in q and " WHERE " in q for q in queries.values())


def test_a_person_with_and_without_registrations(statute: Statute) -> None:
    def count(k: int, level: str, **facts: object) -> Count:
        return Count(
            id=str(k),
            citation="PL 120.00",
            level=level,
            disposition="convicted",
            disposition_date=date(2010 + k, 1, 1),
            facts=facts,
        )

    counts = (
        count(1, "felony", victim_age=12, offender_is_parent=False),
        count(2, "misdemeanor", victim_age=15),
        count(3, "misdemeanor", registrable_subdivision=True),
    )
    case = Case(id="C1", jurisdiction="US-NY", counts=counts)
    registered = Registration(kind="sex_offender", date=date(2012, 5, 1))
    people = [
        Person(id="A", cases=(case,)),
        Person(id="B", cases=(case,), registrations=(registered,)),
        Person(id="C", cases=(Case(id="C1", jurisdiction="US-NY", counts=counts[1:]),)),
    ]
    assert same(statute, people, date(2025, 6, 1)) > 0


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(ny_people(), min_size=5, max_size=25))
def test_hypothesis_people(statute: Statute, pairs: list[tuple[Person, date]]) -> None:
    same(statute, [p for p, _ in pairs], pairs[0][1])


def test_elements_filtered_by_their_own_part_before_the_join(statute: Statute) -> None:
    """A collection's conjuncts that read the element alone (``Hoist.pre``) filter the
    elements before the pairwise join, keeping the unsure ones (``IS NOT FALSE``)."""
    stages = _per_person(_stages(plan(statute, date(2025, 6, 1)).compiler.hoisted))
    tables = {h.name: table for table, group in stages for h in group}
    queries = [_stage(group, tables) for _, group in stages]
    later = "((e.disposition = 'convicted') AND (e.fact_registrable_subdivision)) IS NOT FALSE"
    minors = "(((e.fact_victim_age < 17))) IS NOT FALSE"
    for own in (later, minors):
        assert sum(f"JOIN (SELECT * FROM base e WHERE {own}) e ON" in q for q in queries) == 1


def test_an_unsure_element_is_kept_by_the_filter(statute: Statute) -> None:
    """A later misdemeanor conviction whose fact is unknown may restart the waiting period:
    the filter keeps it, so the SQL does not decide the earlier count as if it could not
    (that person goes to the Python evaluator; the one whose fact is false does not)."""

    def count(k: int, **facts: object) -> Count:
        return Count(
            id=str(k),
            citation="PL 140.10",
            level="misdemeanor",
            disposition="convicted",
            disposition_date=date(2021, k, 1),
            facts={"offender_is_parent": False, "victim_age": 30, **facts},
        )

    people = [
        Person(id="U", cases=(Case(id="C1", jurisdiction="US-NY", counts=(count(1), count(3))),)),
        Person(
            id="F",
            cases=(
                Case(
                    id="C1",
                    jurisdiction="US-NY",
                    counts=(count(1), count(3, registrable_subdivision=False)),
                ),
            ),
        ),
    ]
    assert same(statute, people, date(2024, 2, 1)) == 1
