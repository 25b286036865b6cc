"""An inchoate section written without its object (``PL 110.00``): its membership of a set
that covers inchoate offenses is unknown, read in one place (``compile.citation_member``) by
the Python evaluator's ``in``, its prejudging and the columnar engine's citation tests, so
the SQL decides such a count where the unknown does not matter, as the Python evaluator
does, and hands the person over only where it does."""

from __future__ import annotations

from datetime import date

import clearlaw
from clearlaw.citations import parse_citation
from clearlaw.columnar import run
from clearlaw.frames import evaluate_frame
from clearlaw.io.parquet import people_to_table
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

AS_OF = date(2025, 6, 1)


def _person(pid: str, disposition: Disposition) -> Person:
    count = Count(
        "1",
        parse_citation("PL 110.00"),
        level=Level.MISDEMEANOR,
        disposition=disposition,
        disposition_date=date(2012, 1, 1),
    )
    return Person(pid, cases=(Case("C1", "US-NY", None, CaseStatus.CLOSED, (count,)),))


def test_the_sql_decides_an_attempt_without_its_object_where_the_unknown_does_not_matter() -> None:
    # Regression: the columnar layout handed every such count's person to Python, a third
    # copy of the rule (the evaluator's `in` and its prejudging had the other two).
    ny = clearlaw.load("ny/clean-slate")
    people = [_person("P1", Disposition.DISMISSED), _person("P2", Disposition.CONVICTED)]
    table = people_to_table(people)
    found = run(ny, table, AS_OF)
    expected = evaluate_frame(ny, table, AS_OF, errors="skip")
    assert found.table.equals(expected)
    rows = expected.to_pylist()
    assert rows[0]["outcome"] == "out_of_scope"
    assert rows[1]["outcome"] == "needs_review" and "inchoate_object" in rows[1]["missing"]
    assert found.fallback == 1  # P2 alone: its count needs the object


def test_prejudging_reads_membership_three_valued() -> None:
    # The fast form (prejudging by few-valued fields) and the traced form agree on a count
    # whose membership is unknown and on one whose membership is known.
    ny = clearlaw.load("ny/clean-slate")
    for person in (_person("P1", Disposition.CONVICTED), _person("P2", Disposition.DISMISSED)):
        fast = clearlaw.evaluate(ny, person, AS_OF, explain=False)
        traced = clearlaw.evaluate(ny, person, AS_OF, explain=True)
        assert [(d.outcome, d.missing, d.rule) for d in fast] == [
            (d.outcome, d.missing, d.rule) for d in traced
        ]
