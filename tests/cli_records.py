"""Fabricated people and a runner for the command-line tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clearlaw.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``clearlaw ARGV`` in-process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ny_person(person_id: str, **count: Any) -> dict[str, Any]:
    """A fabricated person (JSON shape) with one New York misdemeanor conviction of
    2020-01-01; ``count`` changes that count's fields."""
    fields: dict[str, Any] = {
        "id": "1",
        "citation": "PL 220.03",
        "level": "misdemeanor",
        "disposition": "convicted",
        "disposition_date": "2020-01-01",
        "sentence": {"imposed_date": "2020-01-01", "incarcerated": False, "supervised": False},
    }
    fields.update(count)
    case = {"id": "C1", "jurisdiction": "US-NY", "status": "closed", "counts": [fields]}
    return {"id": person_id, "birth_date": "1980-01-01", "cases": [case]}


def write_people(folder: Path, *people: dict[str, Any], name: str = "people.jsonl") -> Path:
    """A JSON Lines records file of ``people`` in ``folder``."""
    path = folder / name
    path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    return path
