"""The service's answers to a person whose fact the statute cannot read: a 400 naming the
field, as ``clearlaw check`` rejects the person, never a 500.  Fabricated people only."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from cli_records import ny_person

from clearlaw.service.app import create_app

with warnings.catch_warnings():  # Starlette 1.x: "install httpx2 instead"; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BAD = ny_person("P2", facts={"victim_age": "twelve"})
FIELD = "person P2: cases[0].counts[0].facts.victim_age: expected a number, got a text"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/explain", {"person": BAD}),
        ("/v1/documents", {"kind": "notice", "person": BAD}),
        ("/v1/documents", {"kind": "report", "person": BAD}),
        ("/v1/documents", {"kind": "summary", "people": [ny_person("P1"), BAD]}),
    ],
)
def test_a_fact_of_the_wrong_type_is_a_400_naming_it(
    client: TestClient, path: str, body: dict[str, Any]
) -> None:
    answer = client.post(path, json={"statute": "ny/clean-slate", "as_of": "2026-11-23", **body})
    assert answer.status_code == 400
    message = answer.json()["error"]["message"]
    assert FIELD in message and "twelve" not in message
