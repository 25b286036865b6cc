"""Differential tests: the DuckDB engine (clearlaw.columnar) against the Python evaluator.

Every column of every determination must be identical — outcome, relief, relief_kind,
eligible_on, rule, citations, reasons, missing, presumptions, warnings — for scenario people
and hypothesis people.  The people the SQL cannot decide exactly are decided by the Python
evaluator inside the engine, so the tests also check that most are decided by the SQL.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ny_people
from strategies_pa import pa_people

import clearlaw
from clearlaw import nodes as n
from clearlaw.citations import parse_citation
from clearlaw.cli import main
from clearlaw.columnar import UnsupportedConstruct, run
from clearlaw.evaluate import Statute
from clearlaw.frames import evaluate_frame
from clearlaw.io.parquet import RECORDS_SCHEMA, people_to_table
from clearlaw.library import load_tests
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    Level,
    Person,
    Sentence,
)
from clearlaw.scenarios import resolve

STATUTES = Path(clearlaw.__file__).parent.parent / "statutes"
#: Every library statute (a fact of type date would be an UnsupportedConstruct).
SUPPORTED = (
    "ca/prop64",
    "co/clean-slate",
    "ct/clean-slate",
    "de/clean-slate",
    "il/cannabis-expungement",
    "mi/clean-slate",
    "nj/clean-slate",
    "ny/clean-slate",
    "or/set-aside",
    "pa/clean-slate",
    "ut/clean-slate",
    "va/automatic-sealing",
)


def same(statute: Statute, people: list[Person], as_of: date) -> int:
    """Assert both engines give identical determinations; the people the SQL decided."""
    people = [attrs.evolve(p, id=f"P{k}") for k, p in enumerate(people)]
    table = people_to_table(people)
    found = run(statute, table, as_of)
    expected = evaluate_frame(statute, table, as_of, errors="skip")
    assert found.table.schema == expected.schema
    assert found.table.to_pylist() == expected.to_pylist()
    return found.people - found.fallback


def _by_date(statute_id: str) -> dict[date, list[Person]]:
    """The scenario tests' people, by the test's date."""
    tests = load_tests(STATUTES / f"{statute_id}.law")
    assert tests is not None
    by_date: dict[date, list[Person]] = {}
    for t in resolve(tests):
        if isinstance(t, n.ScenarioTest) and isinstance(t.person, Person) and t.as_of:
            by_date.setdefault(t.as_of, []).append(t.person)
    return by_date


def _scenario_people(statute_id: str) -> list[Person]:
    return [p for people in _by_date(statute_id).values() for p in people]


@pytest.mark.parametrize("statute_id", SUPPORTED)
def test_scenario_people(statute_id: str) -> None:
    statute = clearlaw.load(statute_id)
    by_date = _by_date(statute_id)
    assert by_date
    # one run per date, the two busiest dates (each run costs a DuckDB query)
    busiest = sorted(by_date.items(), key=lambda kv: -len(kv[1]))[:2]
    decided = sum(same(statute, people, as_of) for as_of, people in busiest)
    assert decided > 0


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(ny_people(), min_size=5, max_size=25))
def test_hypothesis_people_ny(pairs: list[tuple[Person, date]]) -> None:
    same(clearlaw.load("ny/clean-slate"), [p for p, _ in pairs], pairs[0][1])


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(pa_people(), min_size=5, max_size=25))
def test_hypothesis_people_pa(pairs: list[tuple[Person, date]]) -> None:
    same(clearlaw.load("pa/clean-slate"), [p for p, _ in pairs], pairs[0][1])


def test_unsupported_construct_names_it_and_its_line() -> None:
    statute = clearlaw.parse(
        "\n".join(
            [
                'statute "t"',
                "  id test/date-fact",
                "  effective 2020-01-01",
                "outcomes",
                '  clear relief automatic "Cleared"',
                '  keep "Not cleared"',
                "  otherwise keep",
                "applies to each count where disposition is convicted  § A 1",
                "facts",
                '  paid_on: date "when it was paid"',
                'rule paid "paid"  § A 2',
                "  clear when facts.paid_on before as_of",
            ]
        ),
        "t.law",
    )
    person = Person(id="P1")
    with pytest.raises(UnsupportedConstruct) as caught:
        run(statute, people_to_table([person]), date(2025, 1, 1))
    assert "t.law:12:" in str(caught.value)
    assert "a fact of type date" in str(caught.value)


def test_evaluate_frame_and_check_run_on_duckdb(tmp_path: Path) -> None:
    people = [attrs.evolve(p, id=f"P{k}") for k, p in enumerate(_scenario_people("ny/clean-slate"))]
    records = tmp_path / "people.parquet"
    import pyarrow.parquet as pq

    pq.write_table(people_to_table(people), records)
    python = clearlaw.evaluate_frame("ny/clean-slate", records, "2025-06-01")
    duckdb = clearlaw.evaluate_frame("ny/clean-slate", records, "2025-06-01", engine="duckdb")
    assert duckdb.equals(python)
    outputs = []
    for engine in ("python", "duckdb"):
        out = tmp_path / f"{engine}.jsonl"
        code = main(
            [
                *("check", "ny/clean-slate", str(records), "--as-of", "2025-06-01"),
                *("--format", "jsonl", "-o", str(out), "--engine", engine),
            ]
        )
        assert code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert (
        main(
            ["check", "ny/clean-slate", str(records), "--as-of", "2025-06-01", "--engine", "duckdb"]
        )
        == 2
    )


def test_unreadable_rows_are_rejected_as_the_python_path_rejects_them() -> None:
    people = [attrs.evolve(p, id=f"P{k}") for k, p in enumerate(_scenario_people("ny/clean-slate"))]
    rows = people_to_table(people[:3]).to_pylist()
    rows[1]["cases"][0]["counts"][0]["level"] = "huge"
    bad = pa.Table.from_pylist(rows, schema=RECORDS_SCHEMA)
    found = run(clearlaw.load("ny/clean-slate"), bad, date(2025, 6, 1))
    assert [(r.line, r.person_id) for r in found.rejected] == [(2, "P1")]
    expected = evaluate_frame("ny/clean-slate", bad, "2025-06-01", errors="skip")
    assert found.table.equals(expected)


def test_check_refuses_a_statute_it_cannot_compile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statute = tmp_path / "paid.law"
    statute.write_text(
        'statute "t"\n  id test/paid\noutcomes\n  clear relief automatic "c"\n  keep "k"\n'
        "  otherwise keep\napplies to each count where disposition is convicted  § A 1\n"
        'facts\n  paid_on: date "when it was paid"\nrule paid "paid"  § A 2\n'
        "  clear when facts.paid_on before as_of\n",
        encoding="utf-8",
    )
    records = tmp_path / "people.jsonl"
    records.write_text('{"id": "P1", "cases": []}\n')
    code = main(
        [
            *("check", str(statute), str(records), "--as-of", "2025-06-01"),
            *("--format", "jsonl", "--engine", "duckdb"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "paid.law:11:" in err and "the columnar engine cannot compile a fact" in err


@pytest.mark.parametrize(
    ("ends", "rule", "eligible"),
    [
        (date(2024, 1, 1), "felony", date(2028, 1, 1)),
        (date(2030, 1, 1), "supervision", date(2030, 1, 1)),
    ],
)
def test_an_exception_that_ends_before_the_wait_holds_nothing_back(
    ends: date, rule: str, eligible: date
) -> None:
    # Regression: supervision that ended in 2024 was named as what held back a felony whose
    # eight years run to 2028 ("held back by under probation or parole supervision").
    sentence = Sentence(
        imposed_date=date(2020, 1, 1),
        incarcerated=False,
        supervised=True,
        supervision_end_date=ends,
    )
    count = Count(
        "1",
        parse_citation("PL 155.30"),
        level=Level.FELONY,
        offense_class="E",
        disposition=Disposition.CONVICTED,
        disposition_date=date(2020, 1, 1),
        sentence=sentence,
    )
    person = Person("P1", cases=(Case("C1", "US-NY", None, CaseStatus.CLOSED, (count,)),))
    ny = clearlaw.load("ny/clean-slate")
    (d,) = clearlaw.evaluate(ny, person, date(2025, 6, 1))
    assert (d.outcome, d.eligible_on, d.rule) == ("not_eligible", eligible, rule)
    assert ("held back by" in d.reasons[0]) is (rule == "supervision")
    assert same(ny, [person], date(2025, 6, 1)) == 1
