"""Fuzzing ``clearlaw check`` with damaged Parquet records files (bounded for CI): values
out of range or odd within their column's type, columns dropped, repeated, retyped or past
the calendar, bytes cut or overwritten.  Never a traceback, exit 0 or 2, every row either
evaluated or rejected (``fuzz_records.faults``), and no name in a message."""

from __future__ import annotations

import io
import random
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fuzz_records import (
    SEED_JSONL,
    check,
    faults,
    parquet_bytes,
    parquet_column,
    parquet_value,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearlaw.io.jsonl import decode, person_from_json
from clearlaw.io.parquet import people_to_table

STATUTES = ("ny/clean-slate", "ca/prop64")
SEED_TABLE = people_to_table(
    person
    for person, _ in (person_from_json(decode(line)) for line in SEED_JSONL.splitlines())
    if person is not None
)
DAMAGE = ("values", "column", "bytes", "values and column")


def _damaged(rng: random.Random, damage: str) -> bytes:
    table = SEED_TABLE
    if "values" in damage:
        for _ in range(rng.randint(1, 3)):
            table = parquet_value(rng, table)
    if "column" in damage:
        table = parquet_column(rng, table)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression=rng.choice(("none", "zstd")))
    data = buffer.getvalue()
    return parquet_bytes(rng, data) if damage == "bytes" else data


def _judged(rng: random.Random, damage: str, statute: str, *extra: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.parquet"
        path.write_bytes(_damaged(rng, damage))
        code, out, err = check(path, statute, "2026-11-23", *extra)
        found = faults(path, code, out, err)
        return found + (["a name in a message"] if "Test Person" in err else [])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    rng=st.randoms(use_true_random=False),
    damage=st.sampled_from(DAMAGE),
    statute=st.sampled_from(STATUTES),
)
def test_damaged_parquet_never_crashes_check(rng: random.Random, damage: str, statute: str) -> None:
    assert _judged(rng, damage, statute) == []


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(rng=st.randoms(use_true_random=False), damage=st.sampled_from(DAMAGE))
def test_damaged_parquet_never_crashes_the_duckdb_engine(rng: random.Random, damage: str) -> None:
    assert _judged(rng, damage, "ny/clean-slate", "--engine", "duckdb") == []


def test_the_seed_table_is_read_whole() -> None:
    """The judge sees the undamaged seed as it is: every row a person, exit 0."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.parquet"
        pq.write_table(SEED_TABLE, path)
        code, out, err = check(path, "ny/clean-slate", "2026-11-23")
        assert (code, faults(path, code, out, err)) == (0, [])


@pytest.mark.parametrize("damage", DAMAGE)
def test_each_damage_makes_a_different_file(damage: str) -> None:
    rng = random.Random(7)
    data = io.BytesIO()
    pq.write_table(SEED_TABLE, data, compression="none")
    assert len({_damaged(rng, damage) for _ in range(5)} - {data.getvalue()}) > 1
