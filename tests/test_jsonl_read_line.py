"""``clearlaw.io.jsonl.read_line``: one JSON Lines line as a person or a rejection, with the
messages ``read_jsonl`` gives for the same line in a file (the service reads posted lines
with it); ``read_decoded``, the same for a person ``decode`` decoded inside a larger document
(the service's JSON bodies)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearlaw.io import Rejection
from clearlaw.io.jsonl import decode, duplicate_keys, read_decoded, read_jsonl, read_line
from clearlaw.records import Person

PERSON = {"id": "P1", "cases": [{"id": "C1", "jurisdiction": "US-NY", "counts": []}]}


@pytest.mark.parametrize(
    "line",
    [
        b'{"id": "P\xff"}',
        b'{"id": "P2", ',
        b'{"id": "P2", "birth_date": "1990-02-30"}',
        b'{"id": "P2", "cases": 3}',
        b"[1, 2]",
    ],
)
def test_the_same_rejection_as_a_file_gives(tmp_path: Path, line: bytes) -> None:
    file = tmp_path / "people.jsonl"
    file.write_bytes(json.dumps(PERSON).encode() + b"\n" + line + b"\n")
    (expected,) = read_jsonl(file).rejected
    seen: dict[str, int] = {"P1": 1}
    found = read_line(line, str(file), 2, seen)
    assert isinstance(found, Rejection)
    assert str(found) == str(expected)


def test_a_person_and_its_id_remembered_for_duplicates() -> None:
    seen: dict[str, int] = {}
    person = read_line(json.dumps(PERSON) + "\r\n", "<posted>", 7, seen)
    assert isinstance(person, Person) and person.id == "P1" and person.source == "<posted>:7"
    assert seen == {"P1": 7}
    again = read_line(json.dumps(PERSON).encode(), "<posted>", 9, seen)
    assert isinstance(again, Rejection)
    assert str(again) == "<posted>:9: person P1: id: duplicate person id (first on line 7)"


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "P2", "id": "P3"}',
        '{"id": "P2", "cases": [{"id": "C1", "status": "open", "status": "closed"}]}',
        '{"id": "P2", "cases": [{"id": "C1", "counts": [{"id": "1", "level": "x", "level": "y"}]}]}',
        '{"id": "P2", "cases": [{"id": "C1", "counts": [{"id": "1", "facts": {"a": 1, "a": 2}}]}]}',
        '{"id": "P1"}',
        "[1, 2]",
        json.dumps({**PERSON, "id": "P2"}),
    ],
)
def test_a_decoded_person_reads_as_its_line(line: str) -> None:
    by_line = read_line(line, "<posted>", 2, {"P1": 1})
    inside = decode(f'{{"people": [{line}]}}')
    assert isinstance(inside, dict)
    (value,) = inside["people"]
    decoded = read_decoded(value, "<posted>", 2, {"P1": 1})
    if isinstance(by_line, Rejection):
        assert isinstance(decoded, Rejection) and str(decoded) == str(by_line)
    else:
        assert decoded == by_line


def test_decode_remembers_the_keys_given_twice() -> None:
    value = decode(b'{"a": 1, "b": {"c": 1, "c": 2, "d": 0, "d": 0}, "a": 3}')
    assert isinstance(value, dict) and value["a"] == 3
    assert duplicate_keys(value) == ("a",) and duplicate_keys(value["b"]) == ("c", "d")
    assert duplicate_keys({"a": 1}) == () and duplicate_keys([1]) == ()
    with pytest.raises(ValueError, match="NaN is not a JSON value"):
        decode('{"a": NaN}')
