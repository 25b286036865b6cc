"""Fuzzing ``clearlaw check`` with damaged records files (bounded for CI; ``benchmarks/fuzz.py``
runs longer): never a traceback, exit 0 or 2, and every person in the file is either
evaluated or rejected (``fuzz_records.faults``)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from fuzz_records import CSV_MUTATIONS, JSONL_MUTATIONS, SEED_CSV, SEED_JSONL, check, faults, mutate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

STATUTES = ("ny/clean-slate", "ca/prop64", "ca/policies/bear-default")
AS_OF = ("2026-11-23", "2020-07-01", "9999-12-31", "0001-01-01")


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    rng=st.randoms(use_true_random=False),
    fmt=st.sampled_from(("jsonl", "csv")),
    statute=st.sampled_from(STATUTES),
    as_of=st.sampled_from(AS_OF),
)
def test_damaged_records_never_crash_check(
    rng: random.Random, fmt: str, statute: str, as_of: str
) -> None:
    seed, mutations = (SEED_JSONL, JSONL_MUTATIONS) if fmt == "jsonl" else (SEED_CSV, CSV_MUTATIONS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"people.{fmt}"
        path.write_bytes(mutate(rng, seed, mutations).encode("utf-8", "surrogatepass"))
        assert faults(path, *check(path, statute, as_of)) == []


def test_faults_are_found() -> None:
    """The judge itself: an exit code of 3 and a person left out are faults."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.jsonl"
        path.write_text(SEED_JSONL, encoding="utf-8")
        assert faults(path, *check(path, "ny/clean-slate", "2026-11-23")) == []
        assert faults(path, 3, "", "clearlaw: unexpected error (ValueError at x.py:1); …") == [
            "exit 3: clearlaw: unexpected error (ValueError at x.py:1); …"
        ]
        assert faults(path, 0, '{"person": "NOBODY"}\n', "") == [
            "output for a person who was not loaded"
        ]
