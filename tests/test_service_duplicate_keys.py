"""A key given twice in a posted person (or its case, count, sentence) rejects that person
with the message ``clearlaw check`` gives for the same person in a JSON Lines file, at every
endpoint that takes people; the other people are still evaluated.  A key given twice
elsewhere in a request is a 400, and a body that is not JSON (``NaN``) too."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearlaw.cli import main
from clearlaw.library import list_statutes
from clearlaw.service.app import NDJSON, create_app

with warnings.catch_warnings():  # Starlette 1.x: "install httpx2 instead"; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

AS_OF = "2026-11-23"
NY_TEXT = list_statutes()["ny/clean-slate"].read_text(encoding="utf-8")
JSON = {"Content-Type": "application/json"}


def person(pid: str) -> dict[str, Any]:
    count = {
        "id": "1",
        "citation": "PL 155.25",
        "level": "misdemeanor",
        "disposition": "convicted",
        "disposition_date": "2022-06-01",
        "sentence": {"imposed_date": "2022-06-01", "incarcerated": False, "supervised": False},
    }
    case = {"id": "C1", "jurisdiction": "US-NY", "status": "closed", "counts": [count]}
    return {"id": pid, "birth_date": "1990-04-02", "cases": [case]}


#: Where the second value goes: (level, the key's text in the person, the key given twice).
TWICE = [
    ("person", '"birth_date": ', '"birth_date": "1985-01-01", "birth_date": '),
    ("case", '"status": "closed"', '"status": "open", "status": "closed"'),
    ("count", '"level": "misdemeanor"', '"level": "felony", "level": "misdemeanor"'),
    ("sentence", '"supervised": false', '"supervised": true, "supervised": false'),
]
FIELDS = {
    "person": "birth_date",
    "case": "cases[0].status",
    "count": "cases[0].counts[0].level",
    "sentence": "cases[0].counts[0].sentence.supervised",
}


def twice(level: str) -> str:
    """The JSON text of a person with one key given twice at ``level``."""
    (old, new) = next((old, new) for name, old, new in TWICE if name == level)
    text = json.dumps(person("P2"))
    assert text.count(old) == 1
    return text.replace(old, new)


def body(texts: list[str], key: str = "people", **fields: Any) -> str:
    """A request's JSON text (``fields``, by default a check of ny/clean-slate) with
    ``texts`` as its people (or person), as written."""
    people = texts[0] if key == "person" else "[" + ", ".join(texts) + "]"
    head = json.dumps(fields or {"statute": "ny/clean-slate", "as_of": AS_OF})
    return head[:-1] + f', "{key}": {people}}}'


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def cli_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], texts: list[str]
) -> tuple[list[str], list[dict[str, Any]]]:
    """What ``clearlaw check`` says of these people as lines of a file: each rejection's
    line on stderr (the file named ``<request>``), and the determinations it writes."""
    file = tmp_path / "people.jsonl"
    file.write_text("".join(text + "\n" for text in texts), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["check", "ny/clean-slate", str(file), "--as-of", AS_OF, "--format", "jsonl"]
    assert main([*args, "-o", str(out)]) == 2
    said = capsys.readouterr().err.splitlines()
    rejected = [line.replace(str(file), "<request>") for line in said if line.startswith(str(file))]
    lines = out.read_text(encoding="utf-8").splitlines()
    return rejected, [json.loads(line) for line in lines]


@pytest.mark.parametrize("level", FIELDS)
def test_check_rejects_the_person_as_the_cli_does(
    client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str], level: str
) -> None:
    texts = [json.dumps(person("P1")), twice(level), json.dumps(person("P3"))]
    (expected,), determinations = cli_check(tmp_path, capsys, texts)
    assert expected == f"<request>:2: person P2: {FIELDS[level]}: given more than once"
    answer = client.post("/v1/check", content=body(texts), headers=JSON)
    assert answer.status_code == 200
    (rejected,) = answer.json()["rejected"]
    assert rejected["message"] == expected
    assert rejected["problems"] == [{"field": FIELDS[level], "message": "given more than once"}]
    assert answer.json()["determinations"] == determinations  # P1 and P3
    assert {d["person"] for d in determinations} == {"P1", "P3"}


@pytest.mark.parametrize("level", FIELDS)
def test_every_endpoint_that_takes_people_rejects_the_person(
    client: TestClient, level: str
) -> None:
    texts = [json.dumps(person("P1")), twice(level)]
    message = f"<request>:2: person P2: {FIELDS[level]}: given more than once"
    amended = NY_TEXT.replace("duration = 3 years", "duration = 2 years", 1)
    fields = {"base": "ny/clean-slate", "amended": amended, "as_of": AS_OF}
    diff = client.post("/v1/diff", content=body(texts, **fields), headers=JSON)
    assert diff.status_code == 200, diff.text
    assert [x["message"] for x in diff.json()["rejected"]] == [message]
    assert diff.json()["people"] == 1
    check = {"statute": "ny/clean-slate", "as_of": AS_OF}
    summary = client.post(
        "/v1/documents", content=body(texts, **check, kind="summary"), headers=JSON
    )
    assert summary.status_code == 400
    assert summary.json()["error"]["message"] == f"1 of the people were rejected:\n{message}"
    alone = message.replace("<request>:2:", "<request>:1:")
    for path, more in [("/v1/explain", {}), ("/v1/documents", {"kind": "notice"})]:
        one = client.post(
            path, content=body([twice(level)], "person", **check, **more), headers=JSON
        )
        assert one.status_code == 400
        assert one.json()["error"]["message"] == f"person was rejected:\n{alone}"


def test_json_lines_reject_it_the_same_way(client: TestClient) -> None:
    header = json.dumps({"statute": "ny/clean-slate", "as_of": AS_OF})
    lines = "\n".join([header, json.dumps(person("P1")), twice("count")])
    answer = client.post("/v1/check", content=lines, headers={"Content-Type": NDJSON})
    out = [json.loads(line) for line in answer.text.splitlines()]
    (rejected,) = [o["rejected"] for o in out if "rejected" in o]
    assert (
        rejected["message"]
        == "<request>:3: person P2: cases[0].counts[0].level: given more than once"
    )


@pytest.mark.parametrize(
    ("path", "text", "message"),
    [
        (
            "/v1/check",
            f'{{"statute": "ny/clean-slate", "as_of": "2020-01-01", "as_of": "{AS_OF}"}}',
            "as_of: given more than once",
        ),
        (
            "/v1/check",
            f'{{"statute": "ny/clean-slate", "as_of": "{AS_OF}", "people": [], "people": []}}',
            "people: given more than once",
        ),
        (
            "/v1/diff",
            '{"base": "ny/clean-slate", "amended": "ny/clean-slate", "as_of": "2026-11-23", '
            '"population": {"size": 5, "size": 50}}',
            "population.size: given more than once",
        ),
        ("/v1/lint", '{"statute": "a", "statute": "b"}', "statute: given more than once"),
        (
            "/v1/check",
            f'{{"statute": "ny/clean-slate", "as_of": "{AS_OF}", "people": [{{"id": NaN}}]}}',
            "the body is not JSON: NaN is not a JSON value",
        ),
        (
            "/v1/explain",
            '{"statute": Infinity}',
            "the body is not JSON: Infinity is not a JSON value",
        ),
    ],
)
def test_a_key_given_twice_elsewhere_or_no_json_is_400(
    client: TestClient, path: str, text: str, message: str
) -> None:
    answer = client.post(path, content=text, headers=JSON)
    assert answer.status_code == 400
    assert answer.json() == {"error": {"message": message}}


def test_a_json_lines_first_line_with_a_key_given_twice_is_400(client: TestClient) -> None:
    header = (
        f'{{"statute": "ny/clean-slate", "as_of": "{AS_OF}", "explain": true, "explain": false}}'
    )
    answer = client.post("/v1/check", content=header + "\n", headers={"Content-Type": NDJSON})
    assert answer.status_code == 400
    assert answer.json() == {"error": {"message": "line 1: explain: given more than once"}}
