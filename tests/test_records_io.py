"""Reading and writing records (clearlaw.io): good files, every kind of bad input, accounting."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from clearlaw.citations import parse_citation
from clearlaw.io import (
    CSV_COLUMNS,
    RECORD_KEYS,
    ReadResult,
    RecordsError,
    person_from_json,
    person_to_json,
    read_records,
    write_jsonl,
)
from clearlaw.records import CaseStatus, Disposition, Level

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "records"


def _messages(result: ReadResult) -> list[str]:
    return [line for rejection in result.rejected for line in str(rejection).splitlines()]


def _read_lines(tmp_path: Path, *lines: str, suffix: str = ".jsonl") -> ReadResult:
    path = tmp_path / f"people{suffix}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_records(path)


# --- good input -----------------------------------------------------------------------------


def test_good_jsonl_loads_every_field() -> None:
    result = read_records(DATA / "good.jsonl")
    assert result.rejected == ()
    assert result.lines_read == 4
    assert [p.id for p in result.people] == ["P1", "P2", "P3", "P4"]
    p1 = result.people[0]
    assert p1.source == f"{DATA / 'good.jsonl'}:1"
    assert p1.birth_date == dt.date(1980, 1, 10)
    assert p1.death_date is None
    assert p1.registrations[0].citation == parse_citation("CORR 168-a")
    case = p1.cases[0]
    assert (case.jurisdiction, case.county, case.status) == ("US-NY", "KINGS", CaseStatus.CLOSED)
    count = case.counts[0]
    assert count.citation == parse_citation("PL 155.25")
    assert count.level is Level.MISDEMEANOR
    assert count.offense_class == "A"
    assert count.max_penalty_days == 364
    assert count.disposition is Disposition.CONVICTED
    assert count.disposition_date == dt.date(2015, 6, 1)
    # normalization: a release date with incarcerated absent means incarcerated
    assert count.sentence.incarcerated is True
    assert count.sentence.supervised is None
    assert count.financial.restitution_ordered is True
    assert count.facts == {"quantity_grams": 20}
    assert p1.cases[1].status is CaseStatus.OPEN
    assert p1.cases[1].counts[1].disposition is Disposition.PENDING

    cannabis = result.people[1].cases[0].counts[0]
    assert cannabis.citation == parse_citation("HS 11357(a)")
    assert cannabis.sentence.incarcerated is False
    assert cannabis.sentence.supervised is True
    assert cannabis.facts == {
        "concentrate_grams": 4.5,
        "seized_on": dt.date(2010, 5, 5),
        "lab": "county crime lab",
        "weighed": True,
    }
    assert result.people[2].cases == ()
    assert result.people[2].name is None
    assert result.people[3].cases[0].counts[0].disposition is Disposition.UNKNOWN
    assert result.people[3].cases[1].counts == ()


def test_good_csv_equals_the_same_jsonl() -> None:
    jsonl = read_records(DATA / "good.jsonl")
    csv = read_records(DATA / "good.csv")
    assert csv.rejected == ()
    assert csv.lines_read == 10
    assert csv.people == jsonl.people
    # the person's line is its first row, even when its rows are not contiguous
    assert [p.source for p in csv.people] == [f"{DATA / 'good.csv'}:{n}" for n in (2, 3, 7, 9)]


def test_write_jsonl_round_trips(tmp_path: Path) -> None:
    people = read_records(DATA / "good.jsonl").people
    out = tmp_path / "out.jsonl"
    assert write_jsonl(people, out) == len(people)
    assert read_records(out).people == people
    write_jsonl(people, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == out.read_bytes()
    first = json.loads(out.read_text().splitlines()[0])
    assert list(first) == ["id", "name", "birth_date", "registrations", "cases"]
    assert first["cases"][0]["counts"][0]["class"] == "A"


def test_generated_people_round_trip(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from examples.generate_people import generate_people
    finally:
        sys.path.remove(str(ROOT))
    people = generate_people(seed=7, count=200)
    assert people[:50] == generate_people(seed=7, count=50)
    write_jsonl(people, tmp_path / "gen.jsonl")
    result = read_records(tmp_path / "gen.jsonl")
    assert result.rejected == ()
    assert list(result.people) == people


def test_example_file_loads_cleanly() -> None:
    result = read_records(ROOT / "examples" / "people.jsonl")
    assert result.rejected == ()
    assert len(result.people) == 300


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    result = _read_lines(tmp_path, "", '{"id": "P1"}', "   ", '{"id": "P2"}', "")
    assert [p.id for p in result.people] == ["P1", "P2"]
    assert result.lines_read == 2


# --- bad JSONL: one message each ------------------------------------------------------------

BAD_LINES = [
    ("not json", "invalid JSON: Expecting value (column 1)"),
    ('{"id": "P1",', "invalid JSON: Expecting property name enclosed in double quotes (column 13)"),
    ('{"id": "P1", "x": NaN}', "invalid JSON: NaN is not a JSON value"),
    ("[1, 2]", None),  # the first line: a JSON array is a RecordsError, tested below
    ('"P1"', "expected a JSON object (one person per line), got string 'P1'"),
    ('{"name": "Test Person 0001"}', "id: missing (required)"),
    ('{"id": 7}', "id: expected a string, got number 7"),
    ('{"id": " "}', "id: empty (required)"),
    ('{"id": "P1", "id": "P2"}', "person P2: id: given more than once"),
    (
        '{"id": "P1", "birth_date": "2015-13-01"}',
        "person P1: birth_date: not a date (expected YYYY-MM-DD)",  # a birth date: no value
    ),
    (
        '{"id": "P1", "death_date": 20150101}',
        "person P1: death_date: not a date (expected YYYY-MM-DD): 20150101",
    ),
    (
        '{"id": "P1", "naem": "x"}',
        "person P1: naem: unknown field (did you mean 'name'?)",
    ),
    (
        '{"id": "P1", "zzz": 1}',
        "person P1: zzz: unknown field "
        "(allowed: id, name, birth_date, death_date, deceased, registrations, cases)",
    ),
    ('{"id": "P1", "cases": {}}', "person P1: cases: expected an array, got an object"),
    ('{"id": "P1", "cases": [null]}', "person P1: cases[0]: expected an object, got null"),
    ('{"id": "P1", "cases": [{}]}', "person P1: cases[0].id: missing (required)"),
    (
        '{"id": "P1", "cases": [{"id": "C1"}, {"id": "C1"}]}',
        "person P1: cases[1].id: duplicate case id 'C1' (also cases[0])",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "status": "shut"}]}',
        "person P1: cases[0].status: unknown status 'shut' (allowed: open, closed)",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "level": "felon"}]}]}',
        "person P1: cases[0].counts[0].level: unknown level 'felon' (did you mean 'felony'? "
        "allowed: felony, misdemeanor, petty_offense, summary, violation, infraction)",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "disposition": "sort of"}]}]}',
        "person P1: cases[0].counts[0].disposition: unknown disposition 'sort of' (allowed: "
        "convicted, dismissed, acquitted, nolle_prosequi, diverted, pending, unknown)",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "citation": "PC 187",'
        ' "object_citation": "PC 211"}]}]}',
        "person P1: cases[0].counts[0].object_citation: "
        "PC 187 is not an attempt, conspiracy or solicitation section",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "max_penalty_days": "abc"}]}]}',
        "person P1: cases[0].counts[0].max_penalty_days: "
        "not a number of days (expected a whole number >= 0): 'abc'",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "max_penalty_days": -1}]}]}',
        "person P1: cases[0].counts[0].max_penalty_days: "
        "not a number of days (expected a whole number >= 0): -1",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "clas": "A"}]}]}',
        "person P1: cases[0].counts[0].clas: unknown field (did you mean 'class'?)",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1"}, {"id": "1"}]}]}',
        "person P1: cases[0].counts[1].id: duplicate count id '1' (also counts[0])",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", '
        '"sentence": {"incarcerated": "yes"}}]}]}',
        "person P1: cases[0].counts[0].sentence.incarcerated: "
        "not a boolean (expected true or false): 'yes'",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", '
        '"sentence": {"supervised": false, "supervision_end_date": "2016-01-01"}}]}]}',
        "person P1: cases[0].counts[0].sentence.supervised: "
        "false, but supervision_end_date is given",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", "facts": {"a": [1]}}]}]}',
        "person P1: cases[0].counts[0].facts.a: "
        "a fact must be a boolean, number, string or date, got an array",
    ),
    (
        '{"id": "P1", "cases": [{"id": "C1", "counts": [{"id": "1", '
        '"facts": {"seized": "2015-02-30"}}]}]}',
        "person P1: cases[0].counts[0].facts.seized: "
        "not a date (expected YYYY-MM-DD): '2015-02-30'",
    ),
    (
        '{"id": "P1", "registrations": [{"citation": "PC 290"}]}',
        "person P1: registrations[0].kind: missing (required)",
    ),
    ('{"id": "P1", "name": 12}', "person P1: name: expected a string, got number 12"),
]


@pytest.mark.parametrize(("line", "message"), [c for c in BAD_LINES if c[1] is not None])
def test_bad_line_message(tmp_path: Path, line: str, message: str) -> None:
    result = _read_lines(tmp_path, '{"id": "P0"}', line)
    assert [p.id for p in result.people] == ["P0"]
    assert _messages(result) == [f"{tmp_path / 'people.jsonl'}:2: {message}"]
    assert len(result.rejected) == 1
    assert result.rejected[0].line == 2


def test_all_problems_of_a_person_are_listed_and_the_rest_load() -> None:
    path = DATA / "mixed.jsonl"
    result = read_records(path)
    assert [p.id for p in result.people] == ["P1", "P3", "P7"]
    # nothing is dropped silently: every non-blank line is a person or a rejection
    assert result.lines_read == 8
    assert len(result.people) + len(result.rejected) == result.lines_read
    assert [(r.line, r.person_id) for r in result.rejected] == [
        (2, "P2"),
        (5, "P1"),
        (6, None),
        (7, None),
        (8, "P6"),
    ]
    assert _messages(result) == [
        f"{path}:2: person P2: cases[0].counts[0].disposition_date: "
        "not a date (expected YYYY-MM-DD): '2015-13-01'",
        f"{path}:2: person P2: cases[0].counts[1].level: unknown level 'felon' "
        "(did you mean 'felony'? allowed: felony, misdemeanor, petty_offense, summary, "
        "violation, infraction)",
        f"{path}:5: person P1: id: duplicate person id (first on line 1)",
        f"{path}:6: invalid JSON: Expecting property name enclosed in double quotes (column 13)",
        f"{path}:7: id: missing (required)",
        f"{path}:8: person P6: registrations[0].kind: missing (required)",
        f"{path}:8: person P6: cases[0].counts[0].max_penalty_days: "
        "not a number of days (expected a whole number >= 0): 'abc'",
    ]
    assert len(result.rejected[-1].problems) == 2  # its unreadable citation 'PL' is kept


def test_messages_never_repeat_names(tmp_path: Path) -> None:
    for path in (DATA / "mixed.jsonl", DATA / "bad.csv"):
        text = "\n".join(_messages(read_records(path)))
        assert "Test Person" not in text
        assert "Secret" not in text
    result = _read_lines(tmp_path, '{"id": "P1", "name": ["Test", "Person"]}')
    assert _messages(result) == [
        f"{tmp_path / 'people.jsonl'}:1: person P1: name: expected a string, got an array"
    ]


def test_non_utf8_line_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_bytes(b'{"id": "P1"}\n{"id": "P\xff"}\n')
    result = read_records(path)
    assert [p.id for p in result.people] == ["P1"]
    assert _messages(result) == [f"{path}:2: not UTF-8 text (byte 0xff, column 10)"]


# --- bad CSV --------------------------------------------------------------------------------


def test_bad_csv_rejects_whole_people_and_names_each_row() -> None:
    path = DATA / "bad.csv"
    result = read_records(path)
    assert [p.id for p in result.people] == ["P1", "P5", "P7"]
    assert result.lines_read == 10
    p1 = result.people[0]
    assert [c.id for c in p1.cases[0].counts] == ["1", "2"]  # rows 2 and 4, grouped
    assert result.people[1].cases[0].counts[0].facts == {"plants": "many"}
    assert [(r.line, r.person_id) for r in result.rejected] == [
        (3, "P2"),
        (5, None),
        (7, "P4"),
        (10, "P6"),
    ]
    assert _messages(result) == [
        f"{path}:3: person P2: cases[0].counts[0].sentence.incarcerated: "
        "not a boolean (expected true, false, yes, no, 1 or 0): 'maybe'",
        f"{path}:6: person P2: name: differs from line 3",
        f"{path}:6: person P2: birth_date: differs from line 3",
        f"{path}:9: person P2: registration_kind: missing, but the row has registration "
        "columns (registration_date)",
        f"{path}:5: person_id: missing (required)",
        f"{path}:7: person P4: count_id: missing, but the row has count columns (citation)",
        f"{path}:10: person P6: the row has 4 cells, the header has 14",
    ]


def _csv(tmp_path: Path, *rows: str) -> ReadResult:
    return _read_lines(tmp_path, *rows, suffix=".csv")


def test_csv_row_problems_name_their_row(tmp_path: Path) -> None:
    result = _csv(
        tmp_path,
        "person_id,case_id,count_id,disposition_date,max_penalty_days,supervised",
        "P1,C1,1,2015-01-01,30,no",
        "P2,C1,1,,,",
        "P1,C1,2,2015-13-01,abc,",
        "P1,C2,1,,,1",
    )
    path = tmp_path / "people.csv"
    assert [p.id for p in result.people] == ["P2"]
    assert _messages(result) == [
        f"{path}:4: person P1: cases[0].counts[1].max_penalty_days: "
        "not a number of days (expected a whole number >= 0): 'abc'",
        f"{path}:4: person P1: cases[0].counts[1].disposition_date: "
        "not a date (expected YYYY-MM-DD): '2015-13-01'",
    ]
    assert result.rejected[0].line == 2


def test_csv_case_and_registration_rows(tmp_path: Path) -> None:
    result = _csv(
        tmp_path,
        "person_id,case_id,status,count_id,registration_kind,registration_citation,fact.weight",
        "P1,C1,closed,1,sex_offender,PC 290,2.5",
        "P1,,,,sex_offender,PC 290,",
        "P1,C2,,,,,",
        "P1,,open,,,,",
        "P2,,,7,,,",
    )
    path = tmp_path / "people.csv"
    assert result.people == ()
    assert _messages(result) == [
        f"{path}:5: person P1: case_id: missing, but the row has case columns (status)",
        f"{path}:6: person P2: case_id: missing, but the row has a count_id",
    ]


def test_csv_registration_only_row_and_duplicates(tmp_path: Path) -> None:
    result = _csv(
        tmp_path,
        "person_id,case_id,count_id,registration_kind,registration_citation,fact.weight",
        "P1,C1,1,sex_offender,PC 290,2.5",
        "P1,,,sex_offender,PC 290,",
        "P1,C2,,,,",
    )
    (person,) = result.people
    assert len(person.registrations) == 1
    assert [c.id for c in person.cases] == ["C1", "C2"]
    assert person.cases[0].counts[0].facts == {"weight": 2.5}
    assert person.cases[1].counts == ()


def test_csv_header_errors(tmp_path: Path) -> None:
    with pytest.raises(RecordsError, match=r"unknown column 'clas' \(did you mean 'class'\?\)"):
        _csv(tmp_path, "person_id,clas", "P1,A")
    with pytest.raises(RecordsError, match="column 'level' appears twice"):
        _csv(tmp_path, "person_id,level,level", "P1,felony,felony")
    with pytest.raises(RecordsError, match="no person_id column"):
        _csv(tmp_path, "name", "x")
    with pytest.raises(RecordsError, match="a fact column needs a name"):
        _csv(tmp_path, "person_id,fact.", "P1,1")


def test_empty_csv_is_empty(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    assert read_records(tmp_path / "empty.csv") == ReadResult((), (), 0)


# --- whole-file errors ----------------------------------------------------------------------


def test_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "people.xml").write_text("<people/>")
    with pytest.raises(RecordsError, match=r"unknown records format \('\.xml'\)"):
        read_records(tmp_path / "people.xml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RecordsError, match="cannot read"):
        read_records(tmp_path / "nope.jsonl")


def test_json_array_is_not_json_lines(tmp_path: Path) -> None:
    with pytest.raises(RecordsError, match="a JSON array; expected JSON Lines"):
        _read_lines(tmp_path, '[{"id": "P1"}]', suffix=".json")


# --- schema and documentation agree with the loader -----------------------------------------


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((ROOT / "docs" / "records.schema.json").read_text())
    return schema


def test_schema_properties_are_the_loaders_keys() -> None:
    schema = _schema()
    defs = schema["$defs"]
    assert list(schema["properties"]) == list(RECORD_KEYS["person"])
    for name in ("registration", "case", "count", "sentence", "financial"):
        assert list(defs[name]["properties"]) == list(RECORD_KEYS[name]), name
        assert defs[name]["additionalProperties"] is False
    assert schema["additionalProperties"] is False


def test_loader_keys_are_the_record_fields() -> None:
    import attrs

    from clearlaw.records import Case, Count, Financial, Person, Registration, Sentence

    renamed = {"class": "offense_class"}
    for name, cls in (
        ("person", Person),
        ("registration", Registration),
        ("case", Case),
        ("count", Count),
        ("sentence", Sentence),
        ("financial", Financial),
    ):
        # `citation_text` keeps an unreadable citation's text (written back as `citation`);
        # `object_citation` is read into the citation (an inchoate offense's object)
        fields = {f.name for f in attrs.fields(cls)} - {"source", "citation_text"}
        keys = set(RECORD_KEYS[name]) - {"object_citation"}
        assert {renamed.get(k, k) for k in keys} == fields, name


def test_schema_enums_match_records() -> None:
    defs = _schema()["$defs"]
    assert defs["count"]["properties"]["level"]["enum"][:-1] == [m.value for m in Level]
    disposition = defs["count"]["properties"]["disposition"]["enum"][:-1]
    assert disposition == [m.value for m in Disposition]
    assert defs["case"]["properties"]["status"]["enum"][:-1] == [m.value for m in CaseStatus]


def test_docs_list_every_csv_column_and_field() -> None:
    docs = (ROOT / "docs" / "records.md").read_text()
    for column in CSV_COLUMNS:
        assert f"`{column}`" in docs, column
    for keys in RECORD_KEYS.values():
        for key in keys:
            assert f"`{key}`" in docs, key


def test_an_unreadable_citation_keeps_the_person_and_its_text(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    count = '{"id": "1", "citation": "see comment", "level": "misdemeanor"}'
    path.write_text('{"id": "P1", "cases": [{"id": "C1", "counts": [' + count + "]}]}\n")
    result = read_records(path)
    assert not result.rejected
    (kept,) = result.people[0].cases[0].counts
    assert kept.citation is None and kept.citation_text == "see comment"
    assert person_to_json(result.people[0])["cases"][0]["counts"][0]["citation"] == "see comment"


@pytest.mark.parametrize(
    ("jurisdiction", "written", "canonical"),
    [
        ("US-UT", "76-6-602", "UC 76-6-602"),
        ("Utah", "Utah Code Ann. § 76-6-602", "UC 76-6-602"),
        ("pa", "18 § 2701", "18PACS 2701"),
        ("US-PA ", "18 Pa.C.S.A. § 901", "18PACS 901/2502"),
        ("NY", "PL 110.00-130.35", "PL 110.00/130.35"),
    ],
)
def test_citations_are_read_in_the_case_jurisdiction(
    tmp_path: Path, jurisdiction: str, written: str, canonical: str
) -> None:
    expected = {"utah": "US-UT", "pa": "US-PA", "ny": "US-NY"}.get(
        jurisdiction.strip().lower(), jurisdiction.strip()
    )
    obj = {"id": "1", "citation": written}
    if written.endswith("901"):
        obj["object_citation"] = "18 Pa.C.S. 2502"
    case = {"id": "C1", "jurisdiction": jurisdiction, "counts": [obj]}
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps({"id": "P1", "cases": [case]}) + "\n")
    result = read_records(path)
    (person,) = result.people
    assert person.cases[0].jurisdiction == expected
    assert str(person.cases[0].counts[0].citation) == canonical
    # written back, the citation reads the same (issue 15 item 29)
    again, problems = person_from_json(person_to_json(person))
    assert not problems
    assert again == person
