"""The command line's output files and formats (issue 15): atomic and private files, never
over an input; CSV cells a spreadsheet would run as formulas neutralized (``--raw-csv``
keeps them); the table's tally line and its ``missing`` column."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest
from cli_records import ny_person, run, write_people

from clearlaw import cli
from clearlaw.cli import main

AS_OF = ("--as-of", "2026-11-23")
FORMULA = '=HYPERLINK("http://example.invalid","x")'


# --- item 6: output files --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "compare"])
def test_output_onto_its_own_input_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = write_people(tmp_path, ny_person("P1"))
    before = path.read_bytes()
    statutes = ["ny/clean-slate"] if command == "check" else ["ny/clean-slate", "ny/clean-slate"]
    code, _, err = run(capsys, command, *statutes, str(path), *AS_OF, "-o", str(path))
    assert code == 2
    assert (
        err.strip() == f"clearlaw: {path}: is an input of this command; write the output elsewhere"
    )
    assert path.read_bytes() == before


def test_output_onto_its_input_by_another_name_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_people(tmp_path, ny_person("P1"))
    other = tmp_path / "sub" / ".." / path.name
    (tmp_path / "sub").mkdir()
    code, _, _ = run(capsys, "check", "ny/clean-slate", str(path), *AS_OF, "-o", str(other))
    assert code == 2
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == "P1"


def test_output_to_a_folder_says_it_is_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_people(tmp_path, ny_person("P1"))
    code, _, err = run(capsys, "check", "ny/clean-slate", str(path), *AS_OF, "-o", str(tmp_path))
    assert code == 2
    assert err.strip() == f"clearlaw: {tmp_path}: is a folder; -o names the file to write"


def test_output_into_a_missing_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_people(tmp_path, ny_person("P1"))
    target = tmp_path / "no" / "out.csv"
    code, _, err = run(capsys, "check", "ny/clean-slate", str(path), *AS_OF, "-o", str(target))
    assert code == 2
    assert err.strip().startswith(f"clearlaw: {target}: cannot write: ")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "table"])
def test_output_files_are_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    path = write_people(tmp_path, ny_person("P1"))
    target = tmp_path / f"out.{fmt}"
    argv = ["check", "ny/clean-slate", str(path), *AS_OF, "--format", fmt, "-o", str(target)]
    assert run(capsys, *argv)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_write_keeps_the_earlier_complete_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write_people(tmp_path, ny_person("P1"))
    target = tmp_path / "out.csv"
    target.write_text("the earlier run\n", encoding="utf-8")

    def half_then_fail(_: object, out: io.TextIOBase, **__: object) -> int:
        out.write("person,case\nP1,")
        raise RuntimeError("disk went away")

    monkeypatch.setattr(cli.out, "write_csv", half_then_fail)
    argv = ["check", "ny/clean-slate", str(path), *AS_OF, "--format", "csv", "-o", str(target)]
    code, _, err = run(capsys, *argv)
    assert code == 3 and "unexpected error (RuntimeError" in err
    assert target.read_text(encoding="utf-8") == "the earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "people.jsonl"]


# --- item 7: formula cells ---------------------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_check_csv_neutralizes_formula_cells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, start: str
) -> None:
    path = write_people(tmp_path, ny_person(start + "SUM(A1:A9)"))
    code, out, _ = run(capsys, "check", "ny/clean-slate", str(path), *AS_OF, "--format", "csv")
    assert code == 0
    (row,) = _csv_rows(out)
    assert row["person"] == "'" + start + "SUM(A1:A9)"
    assert (row["case"], row["count"], row["statute"], row["outcome"]) == (
        "C1",
        "1",
        "ny/clean-slate",
        "seal",
    )


def test_check_raw_csv_keeps_cells_as_they_are(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_people(tmp_path, ny_person(FORMULA))
    argv = ["check", "ny/clean-slate", str(path), *AS_OF, "--format", "csv", "--raw-csv"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert _csv_rows(out)[0]["person"] == FORMULA


@pytest.mark.parametrize("raw", [False, True])
def test_compare_csv_neutralizes_formula_cells_unless_raw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw: bool
) -> None:
    path = write_people(tmp_path, ny_person(FORMULA))  # ca/prop64 does not decide it: differs
    argv = ["compare", "ny/clean-slate", "ca/prop64", str(path), *AS_OF, "--format", "csv"]
    code, out, _ = run(capsys, *argv, *(["--raw-csv"] if raw else []))
    assert code == 0
    (row,) = _csv_rows(out)
    assert row["person"] == (FORMULA if raw else "'" + FORMULA)


@pytest.mark.parametrize("raw", [False, True])
def test_a_carriage_return_inside_a_cell_stays_in_its_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw: bool
) -> None:
    # Python 3.11's csv writer quotes only its line terminator's characters: a bare CR in an id
    # used to end the row for csv.reader and spreadsheets, splitting one count into two rows.
    path = write_people(tmp_path, ny_person("P1\rX"), ny_person("P2"))
    argv = ["check", "ny/clean-slate", str(path), *AS_OF, "--format", "csv"]
    code, out, _ = run(capsys, *argv, *(["--raw-csv"] if raw else []))
    assert code == 0
    assert [row["person"] for row in _csv_rows(out)] == ["P1\rX", "P2"]
    assert out.count("\n") == 3  # header and two rows, the P1 row quoted


def test_help_documents_the_neutralized_cells(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "--raw-csv" in capsys.readouterr().out


# --- item 8: the table's tally and what a needs_review count lacks -------------------------------


def test_table_ends_with_a_tally_and_says_what_review_needs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unknown_level = ny_person("P2", level=None)
    path = write_people(tmp_path, ny_person("P1"), ny_person("P3"), unknown_level)
    code, out, _ = run(capsys, "check", "ny/clean-slate", str(path), *AS_OF)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[-2:] == ["missing", "presumed"]
    assert lines[-1] == "3 counts: 2 seal, 1 needs_review"
    (review,) = [line for line in lines if line.startswith("P2 ")]
    assert "needs_review" in review and review.rstrip().endswith("level")
    (sealed,) = [line for line in lines if line.startswith("P1 ")]
    assert not sealed.rstrip().endswith("level")


def test_table_of_nothing_says_zero_counts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_people(tmp_path, dict(ny_person("P1"), cases=[]))
    code, out, _ = run(capsys, "check", "ny/clean-slate", str(path), *AS_OF)
    assert code == 0
    assert out.splitlines()[-1] == "0 counts"


def test_tally_orders_outcomes_by_frequency() -> None:
    from collections import Counter

    from clearlaw.io.determinations import tally

    outcomes = Counter({"needs_review": 134, "seal": 800, "not_eligible": 300})
    assert tally(outcomes) == "1,234 counts: 800 seal, 300 not_eligible, 134 needs_review"
    assert tally(Counter({"seal": 1})) == "1 count: 1 seal"


def test_output_to_a_device_writes_through_and_keeps_the_device(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`-o /dev/null` (or a pipe) is written through, never replaced by a file: as root a
    rename over /dev/null replaced the device (found 2026-12-07)."""
    import os
    import stat

    from clearlaw.io.outputs import write_text

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text(fifo, "hello\n")
        assert os.read(reader, 100) == b"hello\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not list(tmp_path.glob(".pipe.*"))
    write_text("/dev/null", "nothing\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
