"""``compare`` and ``diff`` with ``--engine duckdb`` (issue 17: "compare and diff run on the
engine too"): the same bytes as ``--engine python`` on the library's example records and on
generated people of two states, Parquet accepted wherever records go, one-line errors with
exit 2, and the people a statute cannot read left out and named by their own row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_records import ny_person, run, write_people

from clearlaw.drafting import population
from clearlaw.io.parquet import write_parquet
from clearlaw.io.stream import RecordStream

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "people.jsonl"
SHORTER = (
    'policy "two-year misdemeanor wait"\n  id ny/two-years\n  amends ny/clean-slate\n'
    "parameter misdemeanor_wait = 2 years\n"
)
DATE_FACT = (
    'statute "t"\n  id test/paid\noutcomes\n  clear relief automatic "c"\n  keep "k"\n'
    "  otherwise keep\napplies to each count where disposition is convicted  § A 1\n"
    'facts\n  paid_on: date "when it was paid"\nrule paid "paid"  § A 2\n'
    "  clear when facts.paid_on before as_of\n"
)


def _outputs(
    capsys: pytest.CaptureFixture[str], folder: Path, *argv: str
) -> tuple[bytes, bytes, str]:
    """``clearlaw ARGV -o FILE`` with ``--engine python`` and ``--engine duckdb``: (python's
    file, duckdb's file, duckdb's stderr); both must exit 0."""
    found = []
    err = ""
    for engine in ("python", "duckdb"):
        out = folder / f"out-{engine}"
        code, _, err = run(capsys, *argv, "-o", str(out), "--engine", engine)
        assert code == 0, err
        found.append(out.read_bytes())
    return found[0], found[1], err


@pytest.fixture(scope="module")
def examples_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "people.parquet"
    write_parquet(RecordStream(EXAMPLES), path)
    return path


@pytest.mark.parametrize("form", ["table", "csv", "html"])
@pytest.mark.parametrize("local", [False, True])
def test_compare_on_duckdb_writes_the_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str, local: bool
) -> None:
    argv = ["compare", "ny/clean-slate", "pa/clean-slate", str(EXAMPLES)]
    argv += ["--as-of", "2026-11-23", "--format", form] + (["--as-if-local"] if local else [])
    python, duckdb, _ = _outputs(capsys, tmp_path, *argv)
    assert python == duckdb
    assert b"pa/clean-slate" in python and len(python) > 1000


@pytest.mark.parametrize("form", ["table", "csv", "jsonl", "html"])
def test_diff_on_duckdb_writes_the_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, examples_parquet: Path, form: str
) -> None:
    amended = tmp_path / "two-years.law"
    amended.write_text(SHORTER, encoding="utf-8")
    for records in (EXAMPLES, examples_parquet):
        argv = ["diff", "ny/clean-slate", str(amended), str(records)]
        argv += ["--as-of", "2024-01-01", "2026-11-23", "--format", form]
        python, duckdb, _ = _outputs(capsys, tmp_path, *argv)
        assert python == duckdb
    if form == "jsonl":  # the changes are there, each with both determinations
        changes = [json.loads(line) for line in python.decode().splitlines()]
        assert {c["as_of"] for c in changes} == {"2024-01-01", "2026-11-23"}
        assert {"earlier", "gains relief"} <= {c["change"] for c in changes}
        assert all(c["before"]["statute"] == "ny/clean-slate" and c["after"] for c in changes)


def test_compare_reads_parquet_on_both_engines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, examples_parquet: Path
) -> None:
    argv = ["--as-of", "2026-11-23", "--format", "csv"]
    compare = ["compare", "ny/clean-slate", "pa/clean-slate"]
    from_parquet, duckdb, _ = _outputs(capsys, tmp_path, *compare, str(examples_parquet), *argv)
    from_jsonl, _, _ = _outputs(capsys, tmp_path, *compare, str(EXAMPLES), *argv)
    assert from_parquet == duckdb == from_jsonl


@pytest.mark.parametrize(
    ("profile", "statutes"),
    [
        ("us_ny", ("ny/clean-slate", "pa/clean-slate")),
        ("us_pa", ("pa/clean-slate", "ny/clean-slate")),
    ],
)
def test_generated_people_of_two_states(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, profile: str, statutes: tuple[str, str]
) -> None:
    people = population.people(population.load_profile(profile), 150, seed=7)
    records = tmp_path / "people.jsonl"
    records.write_text("".join(json.dumps(obj) + "\n" for obj, _ in people), encoding="utf-8")
    for local in ([], ["--as-if-local"]):
        argv = ["compare", *statutes, str(records), "--as-of", "2025-06-01", "--format", "csv"]
        python, duckdb, _ = _outputs(capsys, tmp_path, *argv, *local)
        assert python == duckdb and python.count(b"\n") > 20
    readings = {"us_ny": "ny/clean-slate", "us_pa": "pa/clean-slate"}
    home = readings[profile]
    amended = tmp_path / "amended.law"
    amended.write_text(
        f'policy "shorter"\n  id test/shorter\n  amends {home}\n'
        + (
            "parameter misdemeanor_wait = 1 years\n"
            if home == "ny/clean-slate"
            else "parameter qualifying_wait = 5 years\n"
        ),
        encoding="utf-8",
    )
    argv = ["diff", home, str(amended), str(records), "--as-of", "2023-01-01", "2025-06-01"]
    python, duckdb, _ = _outputs(capsys, tmp_path, *argv, "--format", "jsonl")
    assert python == duckdb and python.count(b"\n") > 5


def test_a_construct_the_engine_cannot_compile_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    statute = tmp_path / "paid.law"
    statute.write_text(DATE_FACT, encoding="utf-8")
    records = write_people(tmp_path, ny_person("P1"))
    for argv in (
        ["compare", "ny/clean-slate", str(statute), str(records), "--as-of", "2025-06-01"],
        ["diff", "ny/clean-slate", str(statute), str(records), "--as-of", "2025-06-01"],
    ):
        code, out, err = run(capsys, *argv, "--engine", "duckdb")
        assert code == 2 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "paid.law:11:" in lines[0], err
        assert "the columnar engine cannot compile a fact" in lines[0]


def test_engine_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nobody.parquet")
    for argv in (
        ["compare", "ny/clean-slate", "pa/clean-slate", missing, "--as-of", "2025-06-01"],
        ["diff", "ny/clean-slate", "ny/clean-slate", missing, "--as-of", "2025-06-01"],
        ["diff", "ny/clean-slate", "ny/clean-slate", "--search", "--as-of", "2025-06-01"],
    ):
        code, _, err = run(capsys, *argv, "--engine", "duckdb")
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert err.startswith("clearlaw: ")
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(b"PAR1 not really parquet")
    code, _, err = run(capsys, "compare", "ny/clean-slate", "pa/clean-slate", str(damaged),
                       "--as-of", "2025-06-01", "--engine", "duckdb")  # fmt: skip
    assert code == 2 and len(err.strip().splitlines()) == 1 and "damaged.parquet" in err


def test_people_a_statute_cannot_read_are_left_out_and_named_by_their_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A fact of another type than the statute declares rejects the person on both engines
    (``compare`` evaluated them before, unlike ``check`` and ``diff``); the DuckDB engine
    names the person's own row, not their place among the people it handed to Python."""
    people = [ny_person(f"P{k}") for k in range(6)]
    people[1]["cases"][0]["counts"][0]["level"] = "huge"  # handed to Python: unreadable
    people[4]["cases"][0]["counts"][0]["facts"] = {"victim_age": "old"}
    records = write_people(tmp_path, *people)
    parquet = tmp_path / "people.parquet"
    write_parquet(RecordStream(records), parquet)  # P1 is rejected on the way
    compare = ["compare", "ny/clean-slate", "pa/clean-slate"]
    for source, line in ((records, 5), (parquet, 4)):
        for engine in ("python", "duckdb"):
            argv = [*compare, str(source), "--as-of", "2025-06-01", "--engine", engine]
            code, out, err = run(capsys, *argv)
            assert code == 2
            assert f"{source}:{line}: person P4: cases[0].counts[0].facts.victim_age" in err
            assert "ny/clean-slate  4 " in out  # P0, P2, P3, P5
    code, _, err = run(
        capsys, "check", "ny/clean-slate", str(parquet), "--as-of", "2025-06-01",
        "--format", "jsonl", "--engine", "duckdb",
    )  # fmt: skip
    assert code == 2 and f"{parquet}:4: person P4:" in err
