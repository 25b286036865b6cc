"""``clearlaw.io.jsonl.read_line``: one JSON Lines line as a person or a rejection, with the
messages ``read_jsonl`` gives for the same line in a file (the service reads posted lines
with it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearlaw.io import Rejection
from clearlaw.io.jsonl import read_jsonl, read_line
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
