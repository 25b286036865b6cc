"""Levels and dispositions as court data writes them (issue 14): ``FEL``, ``M1``, ``Misd A``,
``Class B Felony``; ``Guilty Plea - Negotiated``, ``Nolo Contendere``, ``Nolle Prossed``,
``ARD - County``; ``Held for Court`` (the outcome is on another docket) is ``unknown``.

A person whose count says ``Guilty Plea`` was rejected whole ("unknown disposition"); now it
is read, in the Python reader and in the columnar (DuckDB) layout alike, and decided as the
canonical value is."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ny_people
from strategies_co import co_people
from strategies_pa import pa_people

import clearlaw
from clearlaw.columnar.engine import run
from clearlaw.derive import CLASSES, class_in_level
from clearlaw.io import read_records
from clearlaw.io.jsonl import person_from_json, person_to_json
from clearlaw.io.parquet import RECORDS_SCHEMA
from clearlaw.record_values import read_value, spellings, value_key
from clearlaw.records import Disposition, Level, Person

LEVELS = [
    ("FEL", Level.FELONY),
    ("F3", Level.FELONY),
    ("Felony 3", Level.FELONY),
    ("Class B Felony", Level.FELONY),
    ("BF", Level.FELONY),  # a DCJS class suffix: class B felony
    ("A-I F", Level.FELONY),
    ("DF1", Level.FELONY),  # Colorado's level 1 drug felony
    ("M1", Level.MISDEMEANOR),
    ("M-U", Level.MISDEMEANOR),
    ("Misd A", Level.MISDEMEANOR),
    ("AM", Level.MISDEMEANOR),
    ("UM", Level.MISDEMEANOR),
    ("MB", Level.MISDEMEANOR),  # Utah's class B misdemeanor
    ("Misdemeanor of the Second Degree", Level.MISDEMEANOR),
    ("Misdemeanor 2nd Degree", Level.MISDEMEANOR),
    ("3rd Degree Felony", Level.FELONY),
    ("S", Level.SUMMARY),
    ("PO2", Level.PETTY_OFFENSE),
    ("V", Level.VIOLATION),
    ("Traffic Infraction", Level.INFRACTION),
    ("Felony", Level.FELONY),
]
DISPOSITIONS = [
    ("Guilty Plea", Disposition.CONVICTED),
    ("Guilty Plea - Negotiated", Disposition.CONVICTED),
    ("Guilty Plea - Non-Negotiated", Disposition.CONVICTED),
    ("Nolo Contendere", Disposition.CONVICTED),
    ("Guilty", Disposition.CONVICTED),
    ("CONVICTED", Disposition.CONVICTED),
    ("Not Guilty", Disposition.ACQUITTED),
    ("Nolle Prossed", Disposition.NOLLE_PROSEQUI),
    ("Withdrawn", Disposition.DISMISSED),
    ("Dismissed (w/ prej)", Disposition.DISMISSED),
    ("ARD - County", Disposition.DIVERTED),
    ("Held for Court", Disposition.UNKNOWN),
    ("Waived for Court", Disposition.UNKNOWN),
]


@pytest.mark.parametrize(("written", "level"), LEVELS)
def test_levels_as_written(written: str, level: Level) -> None:
    assert read_value(Level, written) is level


@pytest.mark.parametrize(("written", "disposition"), DISPOSITIONS)
def test_dispositions_as_written(written: str, disposition: Disposition) -> None:
    assert read_value(Disposition, written) is disposition


def test_what_is_not_a_spelling_stays_unread() -> None:
    """A misspelling, or a word that could be two levels, is no level."""
    for written in ("felon", "UNGRADED", "DP", "X"):
        assert read_value(Level, written) is None, written
    assert read_value(Disposition, "Guilty?!") is None


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(spellings(Level))), st.sampled_from(["", " ", "."]))
def test_case_spaces_and_dots_do_not_matter(key: str, noise: str) -> None:
    written = noise.join(key.lower())
    assert read_value(Level, written) is spellings(Level)[key]
    assert value_key(written) == key


def _person(pid: str, level: str, disposition: str) -> dict[str, object]:
    count = {
        "id": "1",
        "citation": "18 Pa.C.S. 3929(a)(1)",
        "level": level,
        "class": "M2",
        "offense_date": "2012-03-01",
        "disposition": disposition,
        "disposition_date": "2012-06-01",
        "sentence": {"imposed_date": "2012-06-01", "incarcerated": False, "supervised": False},
        "financial": {"restitution_ordered": False, "fines_paid": True},
    }
    case = {"id": "C1", "jurisdiction": "US-PA", "status": "closed", "counts": [count]}
    return {"id": pid, "birth_date": "1980-01-01", "cases": [case]}


PA_ROWS = [
    ("misdemeanor", "convicted"),
    ("M2", "Guilty Plea - Negotiated"),
    ("Misd", "Nolo Contendere"),
    ("MISDEMEANOR", "GUILTY"),
]


def _records(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "people.jsonl"
    lines = [json.dumps(_person(f"P{k}", *row)) for k, row in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_court_spelling_keeps_the_person_and_decides_as_the_canonical_value(
    tmp_path: Path,
) -> None:
    result = read_records(_records(tmp_path, PA_ROWS))
    assert not result.rejected
    statute = clearlaw.load("pa/clean-slate")
    found = [
        [
            (d.outcome, d.eligible_on, d.missing)
            for d in clearlaw.evaluate(statute, p, date(2026, 12, 7))
        ]
        for p in result.people
    ]
    assert found == [found[0]] * len(PA_ROWS), found
    assert found[0][0][0] == "limited_access"


def test_held_for_court_is_needs_review_naming_the_disposition(tmp_path: Path) -> None:
    result = read_records(_records(tmp_path, [("M2", "Held for Court")]))
    assert not result.rejected
    (person,) = result.people
    assert person.cases[0].counts[0].disposition is Disposition.UNKNOWN
    (d,) = clearlaw.evaluate(clearlaw.load("pa/clean-slate"), person, date(2026, 12, 7))
    assert (d.person, d.case, d.count, d.outcome) == ("P0", "C1", "1", "needs_review")
    assert any("disposition" in m for m in d.missing), d.missing


def test_a_misspelled_level_still_rejects_with_its_hint(tmp_path: Path) -> None:
    result = read_records(_records(tmp_path, [("felon", "convicted")]))
    (rejection,) = result.rejected
    assert "did you mean 'felony'" in str(rejection)


def test_the_columnar_layout_reads_the_same_spellings() -> None:
    """DuckDB reads ``Guilty Plea - Negotiated`` and ``M2`` as the Python reader does, and
    rejects the misspelling it rejects."""
    statute = clearlaw.load("pa/clean-slate")
    rows = [_person(f"P{k}", *row) for k, row in enumerate([*PA_ROWS, ("felon", "convicted")])]
    table = pa.Table.from_pylist(
        [_fill(row, RECORDS_SCHEMA) for row in rows], schema=RECORDS_SCHEMA
    )
    found = run(statute, table, date(2026, 12, 7))
    assert [(r.line, r.person_id) for r in found.rejected] == [(len(rows), f"P{len(PA_ROWS)}")]
    expected = clearlaw.evaluate_frame(statute, table, "2026-12-07", errors="skip")
    assert found.table.equals(expected)
    assert set(found.table.column("outcome").to_pylist()) == {"limited_access"}


def _fill(value: object, kind: pa.Schema | pa.DataType) -> object:
    """A JSON value in the Parquet layout's shape (every column present, dates as dates)."""
    fields = list(kind) if isinstance(kind, pa.Schema) else None
    if fields is None and pa.types.is_struct(kind):
        fields = [kind.field(i) for i in range(kind.num_fields)]
    if fields is not None:
        given = value if isinstance(value, dict) else {}
        return {f.name: _fill(given.get(f.name), f.type) for f in fields}
    if pa.types.is_list(kind) and isinstance(value, list):
        return [_fill(v, kind.value_type) for v in value]
    if pa.types.is_date(kind) and isinstance(value, str):
        return date.fromisoformat(value)
    if kind == pa.string() and isinstance(value, dict):
        return json.dumps(value)
    return value


# --- the same person with each spelling of its levels and dispositions -----------------------

_BY_VALUE: dict[object, list[str]] = {}
for _kind in (Level, Disposition):
    for _key, _value in spellings(_kind).items():
        # a level that carries a class (``M2``) gives a count without one its class: another
        # person (tests/test_class_in_level.py)
        if _kind is Disposition or not any(class_in_level(_key, j) for j in CLASSES):
            _BY_VALUE.setdefault(_value, []).append(_key)


def _respelled(obj: object, draw: st.DrawFn) -> object:
    """A person's JSON with each level and disposition written in a drawn spelling."""
    if isinstance(obj, list):
        return [_respelled(v, draw) for v in obj]
    if not isinstance(obj, dict):
        return obj
    out = {k: _respelled(v, draw) for k, v in obj.items()}
    for key, kind in (("level", Level), ("disposition", Disposition)):
        if isinstance(out.get(key), str):
            written = _BY_VALUE.get(kind(out[key]), [])
            out[key] = draw(st.sampled_from([out[key], *written]))
    return out


@pytest.mark.parametrize(
    ("sid", "people"),
    [("pa/clean-slate", pa_people), ("ny/clean-slate", ny_people), ("co/clean-slate", co_people)],
)
def test_the_same_person_with_court_spellings_is_decided_the_same(
    sid: str, people: Callable[[], st.SearchStrategy[tuple[Person, date]]]
) -> None:
    statute = clearlaw.load(sid)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(people(), st.data())
    def check(pair: tuple[Person, date], data: st.DataObject) -> None:
        person, as_of = pair
        obj = person_to_json(person)
        respelled, problems = person_from_json(_respelled(obj, data.draw))
        again, found = person_from_json(obj)
        assert problems == found  # a spelling adds no problem
        if again is not None and respelled is not None:
            assert clearlaw.evaluate(statute, respelled, as_of) == clearlaw.evaluate(
                statute, again, as_of
            )

    check()
