"""The command line's errors (issue 15): empty records files, missing files and unknown ids,
folders where a file is expected, unexpected errors (exit 3), Ctrl-C (exit 130), and ids or
birth dates that must not reach the terminal raw."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_records import ny_person, run, write_people

from clearlaw import cli
from clearlaw.io.errors import safe_id

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = str(ROOT / "examples/people.jsonl")
AS_OF = ("--as-of", "2026-11-23")


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- item 4: empty records files ------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
@pytest.mark.parametrize(
    "argv",
    [
        ["check", "ny/clean-slate", "{}", *AS_OF],
        ["explain", "ny/clean-slate", "{}", "--person", "P1", *AS_OF],
        ["documents", "ny/clean-slate", "{}", *AS_OF, "--kind", "notice", "--output", "{out}"],
    ],
)
def test_an_empty_records_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    suffix: str,
    content: str,
) -> None:
    records = tmp_path / f"empty{suffix}"
    records.write_text(content, encoding="utf-8")
    argv = [a.replace("{}", str(records)).replace("{out}", str(tmp_path / "out")) for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert one_line(err) == f"clearlaw: {records}: holds no records (the file is empty)"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_csv_with_only_its_header_holds_no_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "header.csv"
    records.write_text("person_id,case_id,count_id\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert code == 2
    assert "holds no records" in one_line(err)


# --- item 5: lint and test: missing files, unknown ids, folders -------------------------------


@pytest.mark.parametrize("command", ["lint", "test"])
def test_an_unknown_id_exits_2_with_did_you_mean(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, _, err = run(capsys, command, "ny/clean-slat")
    assert code == 2
    line = one_line(err)
    assert line.startswith("clearlaw: ny/clean-slat: no statute with this id or path")
    assert "did you mean `ny/clean-slate`?" in line


@pytest.mark.parametrize("command", ["lint", "test"])
def test_a_missing_statute_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "draft.law"
    code, _, err = run(capsys, command, str(missing))
    assert code == 2
    assert one_line(err) == f"clearlaw: {missing}: no such statute file"


@pytest.mark.parametrize("command", ["lint", "test"])
def test_a_folder_given_as_a_statute_says_it_is_a_folder(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = str(ROOT / "statutes")
    code, _, err = run(capsys, command, folder)
    assert code == 2
    assert one_line(err) == f"clearlaw: {folder}: is a folder, not a statute file"


def test_a_missing_file_outweighs_a_lint_error(capsys: pytest.CaptureFixture[str]) -> None:
    bad = str(ROOT / "tests/statutes/bad/types.law")
    code, _, err = run(capsys, "lint", bad, "nothing/here")
    assert code == 2
    assert "types.law:15:14: error" in err and "nothing/here: no statute" in err


def test_check_names_a_folder_given_as_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "check", "ny/clean-slate", str(tmp_path), *AS_OF)
    assert code == 2
    assert one_line(err) == f"clearlaw: {tmp_path}: is a folder, not a records file"


def test_check_suggests_a_library_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "ny/clean-slates", PEOPLE, *AS_OF)
    assert code == 2
    assert "did you mean `ny/clean-slate`?" in one_line(err)


# --- item 30: unexpected errors, Ctrl-C, what messages may show --------------------------------


def _crash(_: object) -> int:
    raise ValueError("1980-05-01 Jane Example")  # a message that holds a record's contents


def test_an_unexpected_error_is_one_line_exit_3_without_the_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(cli._COMMANDS, "list", _crash)
    code, _, err = run(capsys, "list")
    assert code == 3
    line = one_line(err)
    assert line.startswith("clearlaw: unexpected error (ValueError at clearlaw/cli.py:")
    assert "this is a bug in clearlaw" in line and "--debug" in line
    assert "1980-05-01" not in err and "Jane" not in err


@pytest.mark.parametrize("argv", [["--debug", "list"], ["list", "--debug"]])
def test_debug_shows_the_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setitem(cli._COMMANDS, "list", _crash)
    code, _, err = run(capsys, *argv)
    assert code == 3
    assert "Traceback (most recent call last)" in err and "_crash" in err


def _interrupt(_: object) -> int:
    raise KeyboardInterrupt


def test_ctrl_c_exits_130_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(cli._COMMANDS, "list", _interrupt)
    monkeypatch.setattr("sys.argv", ["clearlaw", "list"])
    assert cli.console() == 130
    assert one_line(capsys.readouterr().err) == "clearlaw: interrupted"


def test_ctrl_c_while_writing_leaves_no_output_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(*_: object, **__: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.out, "write_csv", interrupted)
    target = tmp_path / "out.csv"
    argv = ["clearlaw", "check", "ny/clean-slate", PEOPLE, *AS_OF, "--format", "csv"]
    monkeypatch.setattr("sys.argv", [*argv, "-o", str(target)])
    assert cli.console() == 130
    assert list(tmp_path.iterdir()) == []


def test_safe_id_escapes_control_characters() -> None:
    assert safe_id("P000001") == "P000001"
    assert safe_id("P1\x1b[2J\n\u200b") == "P1\\x1b[2J\\n\\u200b"


def test_ids_with_escape_codes_are_escaped_in_messages_and_the_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    person = ny_person("P\x1b[31mRED")
    bad = dict(person, id="Q\x1b[0m", birth_date="1980-02-30")
    records = write_people(tmp_path, person, bad)
    code, out, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert code == 2
    assert "\x1b" not in out and "\x1b" not in err
    assert "person Q\\x1b[0m: birth_date" in err
    assert "P\\x1b[31mRED" in out


@pytest.mark.parametrize("birth_date", ["1971-02-30", 19710230, [1971, 2, 30]])
def test_a_bad_birth_date_is_not_repeated_in_the_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, birth_date: object
) -> None:
    person = dict(ny_person("P1"), birth_date=birth_date)
    records = write_people(tmp_path, person)
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert code == 2
    assert f"person {person['id']}: birth_date: not a date (expected YYYY-MM-DD)" in err
    assert "1971" not in err


def test_rows_disagreeing_on_a_birth_date_do_not_show_either(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "dob.csv"
    records.write_text(
        "person_id,birth_date,case_id,count_id\nP1,1971-03-04,C1,1\nP1,1971-03-05,C1,2\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert code == 2
    assert "person P1: birth_date" in err
    assert "1971" not in err


def test_a_csv_without_its_header_does_not_show_the_first_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "no-header.csv"
    records.write_text("P1,Jane Example,1971-03-04,,C1,US-NY\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert code == 2
    assert one_line(err) == (
        f"clearlaw: {records}:1: the first row names no known column; it must be the header "
        "(see docs/records.md)"
    )
