"""The constructs issue 14 added for what the language could not say: counting distinct cases
(``number of cases of C``, ``at least N cases of C``), the counts ``in the same case`` as the
count in context, and ``citation is given`` / ``citation is missing`` (no citation apart from
an unreadable one) — their values with unknowns, their checks, the same answers on DuckDB, and
the two statutes that use them (18 Pa.C.S. 9122.3(a.1), N.J.S.A. 2C:52-28).  Fabricated people.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pytest
from test_columnar import same
from test_inchoate_without_object import _outcome
from test_unknown_code import count_record

import clearlaw
from clearlaw.columnar import UnsupportedConstruct, run
from clearlaw.diagnostics import StatuteError
from clearlaw.io.parquet import people_to_table
from clearlaw.records import Case, Count, Disposition, Level, Person

_HEAD = """statute "t"
  id test/cases
  effective 2020-01-01
outcomes
  clear relief automatic "Cleared"
  keep "Not cleared"
  otherwise keep
applies to each count where disposition is convicted  § A 1
"""


def _statute(body: str) -> clearlaw.Statute:
    return clearlaw.parse(_HEAD + body, "t.law")


def _count(count_id: str, level: Level | None, **fields: object) -> Count:
    return Count(
        id=count_id,
        level=level,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
        **fields,  # type: ignore[arg-type]
    )


def _person(*cases: tuple[str, tuple[Count, ...]]) -> Person:
    return Person(
        id="P1", cases=tuple(Case(id=c, jurisdiction="US-PA", counts=k) for c, k in cases)
    )


def _outcomes(statute: clearlaw.Statute, person: Person) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {
        f"{d.case}/{d.count}": (d.outcome, d.missing)
        for d in clearlaw.evaluate(statute, person, date(2026, 1, 1), explain=False)
    }


# ------------------------------------------------------------------ counting cases

TWO_CASES = _statute(
    """rule clear "two cases of felonies"  § A 2
  clear when at least 2 cases of convictions where level is felony
"""
)


def test_at_least_cases_counts_cases_not_counts() -> None:
    felonies = (_count("1", Level.FELONY), _count("2", Level.FELONY), _count("3", Level.FELONY))
    one_case = _person(("C1", felonies))
    two_cases = _person(("C1", felonies[:2]), ("C2", felonies[2:]))
    assert _outcomes(TWO_CASES, one_case)["C1/1"] == ("keep", ())
    assert _outcomes(TWO_CASES, two_cases)["C1/1"] == ("clear", ())


def test_an_unknown_member_matters_only_if_it_could_add_a_case() -> None:
    sure = (_count("1", Level.FELONY), _count("2", None))
    # C2/1's level is unknown, but C1 and C3 already make two cases
    person = _person(
        ("C1", sure), ("C2", (_count("1", None),)), ("C3", (_count("1", Level.FELONY),))
    )
    assert _outcomes(TWO_CASES, person)["C1/1"] == ("clear", ())
    # only C1 surely: C2/1 could make a second case, C1/2 could not
    person = _person(("C1", sure), ("C2", (_count("1", None),)))
    assert _outcomes(TWO_CASES, person)["C1/1"] == ("needs_review", ("C2/1 level",))


NUMBER = _statute(
    """rule clear "exactly two cases"  § A 2
  clear when (number of cases of convictions where level is felony) is 2
"""
)


def test_number_of_cases() -> None:
    person = _person(
        ("C1", (_count("1", Level.FELONY), _count("2", Level.FELONY))),
        ("C2", (_count("1", Level.FELONY), _count("2", None))),
    )
    assert _outcomes(NUMBER, person)["C1/1"] == ("clear", ())
    person = _person(("C1", (_count("1", Level.FELONY),)), ("C2", (_count("1", None),)))
    assert _outcomes(NUMBER, person)["C1/1"] == ("needs_review", ("C2/1 level",))


SAME_CASE = _statute(
    """define docket_of_three = at least 3 convictions in the same case where level is felony  § A 2
rule clear "its own case holds three felonies, or another count's case does"  § A 3
  clear when docket_of_three or (any other convictions where docket_of_three)
"""
)


def test_in_the_same_case_is_the_case_of_the_count_in_context() -> None:
    three = tuple(_count(str(k), Level.FELONY) for k in (1, 2, 3))
    person = _person(("C1", three), ("C2", (_count("1", Level.MISDEMEANOR),)))
    found = _outcomes(SAME_CASE, person)
    assert found["C1/1"] == ("clear", ())
    assert found["C2/1"] == ("clear", ())  # through C1's counts, as elements
    person = _person(("C1", three[:2]), ("C2", (_count("1", Level.FELONY),)))
    assert set(_outcomes(SAME_CASE, person).values()) == {("keep", ())}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'rule r "r"  § A 2\n  clear when at least 2 cases of registrations\n',
            "`cases of` counts the cases of counts or convictions",
        ),
        (
            'rule r "r"  § A 2\n  clear when any registrations in the same case\n',
            "`in the same case` apply to counts and convictions",
        ),
        (
            'rule r "r"  § A 2\n  clear when level is given\n',
            "`is given` tells whether a record writes a count's `citation` at all",
        ),
    ],
)
def test_the_checker_names_a_misuse_at_its_line(body: str, message: str) -> None:
    with pytest.raises(StatuteError) as caught:
        _statute(body)
    assert "t.law:10:" in str(caught.value)
    assert message in str(caught.value)


# ------------------------------------------------------------------ citation is given

GIVEN = _statute(
    """set cited = "18 Pa.C.S. 3929"  § A 2
rule clear "no citation, or one in the set"  § A 3
  clear when citation is missing or citation in cited
"""
)


def test_no_citation_is_not_an_unreadable_one() -> None:
    person = _person(
        (
            "C1",
            (
                _count("1", Level.VIOLATION),
                _count("2", Level.VIOLATION, citation_text="Twp. Ord. ??"),
                _count("3", Level.VIOLATION, citation=clearlaw.parse_citation("18 Pa.C.S. 3929")),
                _count("4", Level.VIOLATION, citation=clearlaw.parse_citation("18 Pa.C.S. 3503")),
            ),
        )
    )
    found = _outcomes(GIVEN, person)
    assert found["C1/1"] == ("clear", ())
    assert found["C1/2"] == ("needs_review", ("citation",))
    assert found["C1/3"] == ("clear", ())
    assert found["C1/4"] == ("keep", ())


# ------------------------------------------------------------------ DuckDB gives the same


def _people() -> list[Person]:
    felony, unknown = _count("1", Level.FELONY), _count("1", None)
    return [
        _person(("C1", (felony, attrs.evolve(felony, id="2"), attrs.evolve(felony, id="3")))),
        _person(("C1", (felony,)), ("C2", (felony,)), ("C3", (unknown,))),
        _person(("C1", (felony, attrs.evolve(unknown, id="2"))), ("C2", (unknown,))),
        _person(
            (
                "C1",
                (_count("1", Level.VIOLATION), _count("2", Level.VIOLATION, citation_text="x?")),
            ),
            (
                "C2",
                (
                    _count(
                        "1", Level.VIOLATION, citation=clearlaw.parse_citation("18 Pa.C.S. 3929")
                    ),
                ),
            ),
        ),
    ]


@pytest.mark.parametrize("statute", [TWO_CASES, NUMBER, SAME_CASE, GIVEN])
def test_duckdb_gives_the_same(statute: clearlaw.Statute) -> None:
    assert same(statute, _people(), date(2026, 1, 1)) >= 1  # decided in SQL, not handed back


def test_duckdb_names_what_it_cannot_compile() -> None:
    statute = _statute(
        """rule r "an earlier felony in a case of another conviction"  § A 2
  clear when any other convictions
    where (any convictions in the same case where disposition_date before this.disposition_date)
"""
    )
    with pytest.raises(UnsupportedConstruct) as caught:
        run(statute, people_to_table(_people()), date(2026, 1, 1))
    assert "t.law:11:" in str(caught.value)
    assert "`in the same case` inside a collection" in str(caught.value)


# ------------------------------------------------------------------ the statutes


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_new_jersey_violation_with_an_unreadable_citation(tmp_path: Path, engine: str) -> None:
    count = count_record("1", "Twp. Ord. ??", "violation", "")
    d = _outcome(tmp_path, "nj/clean-slate", "US-NJ", count, engine)
    assert d["outcome"] == "needs_review"
    assert "citation" in d["missing"]  # type: ignore[operator]
    assert d["warnings"]


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_new_jersey_violation_citing_title_39_is_out_of_scope(tmp_path: Path, engine: str) -> None:
    count = count_record("1", "N.J.S.A. 39:4-97", "violation", "")
    d = _outcome(tmp_path, "nj/clean-slate", "US-NJ", count, engine)
    assert d["outcome"] == "out_of_scope"
