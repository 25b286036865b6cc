"""The third reliability audit's regressions: inputs that used to end in exit 3, lose a
record or leave a file outside its folder readable, each now one clear line naming the file,
the line and the field, the others still done.  Fabricated people only."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_records import ny_person, run, write_people
from test_service_nofiles import TABLE_STATUTE  # a draft with a table, line 14

from clearlaw.io.run_folder import RunFolder
from clearlaw.library import list_statutes

AS_OF = ("--as-of", "2026-11-23")


# --- a fact of the wrong type stopped `documents` and `explain` with exit 3 ---------------


def _one_bad_fact(folder: Path) -> Path:
    """Three people; the second's count gives ``victim_age`` (a number) as text."""
    bad = ny_person("P2", facts={"victim_age": "twelve"})
    return write_people(folder, ny_person("P1"), bad, ny_person("P3"))


@pytest.mark.parametrize("kind", ["notice", "report", "summary"])
def test_documents_reject_a_person_whose_fact_has_the_wrong_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    records = _one_bad_fact(tmp_path)
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys, "documents", "ny/clean-slate", str(records), *AS_OF, "--kind", kind,
        "--output", str(out),
    )  # fmt: skip
    assert code == 2
    assert f"{records}:2: person P2: cases[0].counts[0].facts.victim_age: expected a number" in err
    assert "1 of 3 people rejected" in err and "unexpected error" not in err
    assert not (out / "DOCUMENTS-INCOMPLETE.txt").exists()
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    if kind == "summary":
        assert names == ["summary.en.html"]
    else:
        assert names == [f"P1.{kind}.en.html", f"P3.{kind}.en.html"]
    assert "twelve" not in err + stdout


def test_explain_names_the_fact_of_the_wrong_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _one_bad_fact(tmp_path)
    code, _, err = run(capsys, "explain", "ny/clean-slate", str(records), "--person", "P2", *AS_OF)
    assert code == 2
    assert "person P2 was rejected" in err
    assert "facts.victim_age: expected a number, got a text" in err
    assert "unexpected error" not in err and "twelve" not in err


# --- a table that is a link to a file outside the statute's folder ------------------------

#: A CSV records file: it has a ``citation`` column, so it would read as a table.
RECORDS_CSV = "person_id,name,birth_date,case_id,count_id,citation\nP1,DOE JANE,1975-12-31,C1,1,\n"


def _draft(folder: Path, table: str | None = None) -> Path:
    """``TABLE_STATUTE`` as ``folder/draft.law``, with ``table`` as its table if given."""
    (folder / "tables").mkdir(parents=True)
    law = folder / "draft.law"
    law.write_text(TABLE_STATUTE, encoding="utf-8")
    if table is not None:
        (folder / "tables" / "x.csv").write_text(table, encoding="utf-8")
    return law


def _lint_error(capsys: pytest.CaptureFixture[str], law: Path, text: str) -> str:
    """``clearlaw lint`` of ``law`` rewritten as ``text``: its stderr, once it fails (exit 1)."""
    law.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "lint", str(law))
    assert code == 1
    return err


def test_a_table_linked_to_a_file_outside_the_folder_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "people.csv"
    outside.write_text(RECORDS_CSV, encoding="utf-8")
    law = _draft(tmp_path / "drafts")
    (law.parent / "tables" / "x.csv").symlink_to(outside)
    code, _, err = run(capsys, "lint", str(law))
    assert code == 1
    where = f"{law}:14:20: error: table 'tables/x.csv'"
    assert f"{where}: a link to a file outside the statute's folder and the library" in err
    assert "DOE" not in err and "1975" not in err


def test_a_table_linked_within_the_folder_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = _draft(tmp_path)
    (law.parent / "tables" / "v1.csv").write_text("citation\nPL 1.00\n", encoding="utf-8")
    (law.parent / "tables" / "x.csv").symlink_to("v1.csv")
    assert run(capsys, "lint", str(law))[0] == 0


def test_a_table_that_is_a_pipe_is_refused_without_waiting_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = _draft(tmp_path)
    os.mkfifo(law.parent / "tables" / "x.csv")
    code, _, err = run(capsys, "lint", str(law))
    assert code == 1
    assert "table 'tables/x.csv': not a file" in err


def test_a_draft_may_link_its_tables_folder_to_the_librarys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = _draft(tmp_path / "drafts")
    ny_tables = list_statutes()["ny/clean-slate"].parent / "tables"
    (law.parent / "tables" / "x.csv").symlink_to(ny_tables / "ny-168a-2-sex-offenses.csv")
    assert run(capsys, "lint", str(law))[0] == 0


# --- a tests file giving one fact of its person twice, differently ------------------------

SCENARIO = """tests for ny/clean-slate

test "x"
  as of 2025-09-01
  person P1 born 1980-01-01
    case C1 in "US-NY" closed
      count 1 "PL 155.25" misdemeanor class "A" convicted 2022-03-01
        sentenced 2022-03-01 incarcerated released 2022-09-01 not supervised
  expect C1/1 seal on 2025-09-01
"""


def _ny_with_tests(folder: Path, tests: str) -> Path:
    """The library's New York statute in ``folder`` (its tables linked) with ``tests``."""
    ny = list_statutes()["ny/clean-slate"]
    law = folder / "clean-slate.law"
    law.write_bytes(ny.read_bytes())
    (folder / "tables").symlink_to(ny.parent / "tables")
    law.with_suffix(".tests").write_text(tests, encoding="utf-8")
    return law


@pytest.mark.parametrize(
    ("old", "new", "message", "where"),
    [
        ("misdemeanor", "felony misdemeanor", "count 1: level given twice", "7:34"),
        ("2022-03-01\n", "2022-03-01 convicted 2019-01-01\n", "count 1: disposition date", "7:70"),
        (
            "not supervised",
            "not supervised supervised until 2030-01-01",
            "count 1: `supervised` or",
            "8:78",
        ),
        (
            "released 2022-09-01",
            "released 2022-09-01 released 2024-01-01",
            "count 1: `released` date",
            "8:63",
        ),
        ("born 1980-01-01", "born 1980-01-01 born 1990-01-01", "person P1: `born` date", "5:29"),
        ("closed", "closed open", "case C1: status given twice", "6:31"),
        (
            "as of 2025-09-01",
            "as of 2019-01-01\n  as of 2025-09-01",
            "the test: `as of` date",
            "5:3",
        ),
        (
            '"A"',
            '"A" fact victim_age = 12 fact victim_age = 15',
            "count 1: fact `victim_age`",
            "7:70",
        ),
    ],
)
def test_a_tests_file_giving_a_fact_twice_differently_is_an_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    message: str,
    where: str,
) -> None:
    """It was read silently as the last (or, for `as of`, the first) value: a scenario test
    could pass on a person other than the one its lines seem to describe."""
    code, _, err = run(capsys, "test", str(_ny_with_tests(tmp_path, SCENARIO.replace(old, new, 1))))
    assert code == 1
    assert f"clean-slate.tests:{where}: error: {message}" in err


def test_a_value_given_again_as_the_first_is_not_said_to_differ_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`born A born B born A`: the second differs from the first; the third is the first's
    value and was also reported ("given twice, differently … the first is at …")."""
    text = SCENARIO.replace("born 1980-01-01", "born 1980-01-01 born 1990-01-01 born 1980-01-01")
    code, _, err = run(capsys, "test", str(_ny_with_tests(tmp_path, text)))
    assert code == 1
    assert err.count("given twice, differently") == 1
    assert "clean-slate.tests:5:29: error: person P1: `born` date" in err


def test_a_tests_file_may_repeat_what_attributes_imply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`restitution ordered` then `restitution paid`, `incarcerated released`: one value."""
    paid = "not supervised restitution ordered restitution paid 2023-01-01"
    text = SCENARIO.replace("not supervised", paid).replace("closed", "closed closed")
    assert run(capsys, "test", str(_ny_with_tests(tmp_path, text)))[0] == 0


# --- a CSV saved as Windows-1252: one byte refused the whole file, naming no line ---------

CSV_HEADER = "person_id,name,birth_date,case_id,jurisdiction,status,count_id,citation,level,disposition,disposition_date\n"


def _csv_row(person: str, name: str) -> str:
    return (
        f"{person},{name},1980-01-01,C1,US-NY,closed,1,PL 155.25,misdemeanor,convicted,2020-01-01\n"
    )


def test_a_csv_row_that_is_not_utf8_rejects_its_person_and_the_others_are_evaluated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "people.csv"
    rows = [_csv_row("P1", "Ana"), _csv_row("P2", "Jos\xe9"), _csv_row("P3", "Bo")]
    records.write_bytes((CSV_HEADER + "".join(rows)).encode("latin-1"))
    code, out, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF, "--format", "csv")
    assert code == 2
    assert (
        f"{records}:3: person P2: name: not UTF-8 text (byte 0xe9); save the file as UTF-8" in err
    )
    assert "1 of 3 people rejected" in err and "Jos" not in err
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["P1", "P3"]


def test_a_csv_person_id_or_header_that_is_not_utf8_is_named_by_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "people.csv"
    rows = [_csv_row("P1", "Ana"), _csv_row("P\xe92", "Bo")]
    records.write_bytes((CSV_HEADER + "".join(rows)).encode("latin-1"))
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert code == 2
    assert f"{records}:3: person_id: not UTF-8 text (byte 0xe9)" in err
    records.write_bytes(CSV_HEADER.replace("name", "n\xe9me").encode("latin-1"))
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert (code, err) == (2, f"clearlaw: {records}:1: the header is not UTF-8 text\n")


# --- characters that show nothing or reorder the line (Trojan Source) ----------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "named"),
    [  # in a citation comment, in a quoted title: text the parser accepts
        ("§ Draft 1\n\nrule", "§ Draft 1\u202e\n\nrule", "14:79", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ('"a listed offense"', '"a listed\u200b offense"', "16:30", "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_an_invisible_character_in_a_statute_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, where: str, named: str
) -> None:
    law = _draft(tmp_path, "citation\nPL 1.00\n")
    assert run(capsys, "lint", str(law))[0] == 0
    err = _lint_error(capsys, law, TABLE_STATUTE.replace(old, new, 1))
    assert f"{law}:{where}: error: invisible character ({named})" in err


def test_an_unexpected_look_alike_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = _draft(tmp_path, "citation\nPL 1.00\n")
    err = _lint_error(capsys, law, TABLE_STATUTE.replace("when citation", "when citati\u043en"))
    assert "unexpected character `\u043e` (U+043E CYRILLIC SMALL LETTER O)" in err


def test_an_unexpected_control_character_is_escaped_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = _draft(tmp_path)
    err = _lint_error(capsys, law, TABLE_STATUTE.replace("id zz/draft", "id zz/draft\x00"))
    assert "2:14: error: unexpected character `\\x00` (U+0000 a control character)" in err
    # the source line quoted under the message shows it as one U+FFFD, the caret under it
    assert "\n      id zz/draft\ufffd\n" in err and "\x00" not in err


def test_a_character_without_a_name_is_not_called_a_control_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = _draft(tmp_path)
    err = _lint_error(capsys, law, TABLE_STATUTE.replace("id zz/draft", "id zz/draft\ue000"))
    assert "(U+E000 no Unicode name)" in err


def test_a_statute_line_cannot_act_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An escape sequence in a statute line (ESC [ 2 J clears a terminal) is not printed as it
    is where a diagnostic quotes the line."""
    law = _draft(tmp_path)
    bad = TABLE_STATUTE.replace("id zz/draft", "id zz/draft\x1b[2J")
    err = _lint_error(capsys, law, bad)
    assert "\x1b" not in err and "zz/draft\ufffd[2J" in err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  id zz/draft\n",
            "  id zz/draft\n  id zz/other\n",
            "3:3: error: the statute: `id` given",
        ),
        (
            '"US-NY"\n',
            '"US-NY"\n  jurisdiction "US-CA"\n',
            "4:3: error: the statute: `jurisdiction` given",
        ),
    ],
)
def test_a_statute_header_line_given_twice_differently_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    """The last one was used silently."""
    law = _draft(tmp_path, "citation\nPL 1.00\n")
    err = _lint_error(capsys, law, TABLE_STATUTE.replace(old, new, 1))
    assert f"{law}:{message} twice, differently" in err


def test_an_amendment_amending_two_statutes_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``amends`` twice: the last was amended, silently."""
    bill = tmp_path / "bill.law"
    bill.write_text(
        'amendment "a bill"\n  id zz/bill\n  amends ny/clean-slate\n  amends pa/clean-slate\n'
        "parameter misdemeanor_wait = 2 years\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "lint", str(bill))
    assert code == 1
    assert f"{bill}:4:3: error: the file: `amends` given twice, differently" in err


def test_a_csv_cell_longer_than_128_kib_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The csv module's default limit refused the whole file ("field larger than field
    limit"); a JSON Lines field of any length was read."""
    records = tmp_path / "people.csv"
    rows = [_csv_row("P1", "x" * 200_000), _csv_row("P2", "Bo")]
    records.write_text(CSV_HEADER + "".join(rows), encoding="utf-8")
    code, out, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF, "--format", "csv")
    assert (code, err) == (0, "")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["P1", "P2"]
    assert csv.field_size_limit() == 131072  # the module's setting is given back


# --- documents: the output folder full or closed midway ------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        PermissionError(errno.EACCES, "Permission denied", "P2.notice.en.html"),
    ],
)
def test_documents_on_a_full_or_closed_folder_say_so_and_leave_the_run_marked(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: OSError,
) -> None:
    """A full disk was 'cannot write the output' without the folder; a permission error
    (another user's folder) was exit 3, 'a bug in clearlaw'."""
    records = write_people(tmp_path, ny_person("P1"), ny_person("P2"), ny_person("P3"))
    write = RunFolder.write

    def fail_second(self: RunFolder, target: Path, content: str | bytes) -> None:
        if target.name.startswith("P2."):
            raise error
        write(self, target, content)

    monkeypatch.setattr(RunFolder, "write", fail_second)
    out = tmp_path / "notices"
    code, stdout, err = run(
        capsys, "documents", "ny/clean-slate", str(records), *AS_OF, "--kind", "notice",
        "--output", str(out),
    )  # fmt: skip
    assert code == 2 and stdout == ""
    assert err == f"clearlaw: {out}: cannot write: {error.strerror} (the run did not finish)\n"
    assert (out / "DOCUMENTS-INCOMPLETE.txt").exists()


# --- a template folder another user could change ------------------------------------------


@pytest.mark.parametrize("shared", ["folder", "template"])
def test_documents_refuse_a_template_folder_others_can_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: str
) -> None:
    """Its templates write the notices people read; a sandbox keeps a template from running
    code, not from saying a record is sealed when it is not."""
    folder = tmp_path / "templates" / "default"
    folder.mkdir(parents=True)
    template = folder / "notice.1900-01-01.en.html.j2"
    template.write_text("Your record is sealed.\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[[template]]\ndocument = "notice"\nlang = "en"\nfile = "notice.1900-01-01.en.html.j2"\n'
        "effective = 1900-01-01\n",
        encoding="utf-8",
    )
    target = folder if shared == "folder" else template
    target.chmod(target.stat().st_mode | 0o022)
    records = write_people(tmp_path, ny_person("P1"))
    out = tmp_path / "notices"
    code, _, err = run(
        capsys, "documents", "ny/clean-slate", str(records), *AS_OF, "--kind", "notice",
        "--output", str(out), "--templates", str(tmp_path / "templates"),
    )  # fmt: skip
    assert code == 2
    assert f"clearlaw: {target}: another user could change it" in err
    assert not out.exists() or not any(out.glob("*.html"))


# --- SIGTERM (a scheduler's stop, `timeout`) mid-write ---------------------------------------


def test_sigterm_while_writing_leaves_neither_the_output_nor_its_temporary_file(
    tmp_path: Path,
) -> None:
    """It killed the process as it was: a `population -o` stopped so left a hidden
    `.out.jsonl.*.part` of every person written so far (750 MB in a minute)."""
    target = tmp_path / "out.jsonl"
    argv = [sys.executable, "-m", "clearlaw.cli", "population", "us_ny", "--people", "10000000"]
    process = subprocess.Popen([*argv, "-o", str(target)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120  # a guard against a hung start, not a timing assertion
    while not any(tmp_path.glob(".out.jsonl.*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143
    assert err.endswith("clearlaw: stopped (SIGTERM)\n")
    assert list(tmp_path.iterdir()) == []


# --- a drafter naming the tests file, or a pipe, as the statute -----------------------------


def test_clearlaw_test_of_a_tests_file_runs_its_statutes_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It parsed the tests file as a statute: 'unexpected `tests`, expected `statute`'."""
    law = _ny_with_tests(tmp_path, SCENARIO)
    code, out, _ = run(capsys, "test", str(law.with_suffix(".tests")))
    assert code == 0 and out.endswith("1 passed, 0 failed\n")
    code, _, err = run(capsys, "test", str(tmp_path / "other.tests"))
    assert code == 2
    assert f"other.tests: a tests file; its statute {tmp_path / 'other.law'} is not there" in err


def test_a_pipe_given_as_the_statute_is_not_called_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "draft.law"
    os.mkfifo(pipe)
    code, _, err = run(capsys, "lint", str(pipe))
    assert (code, err) == (2, f"clearlaw: {pipe}: not a file (a device or a pipe)\n")


def test_a_number_too_long_to_read_is_said_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message was Python's: '… use sys.set_int_max_str_digits() to increase the limit'."""
    long = json.dumps(ny_person("P2")).replace('"1980-01-01"', '"1980-01-01", "x": 1' + "0" * 5000)
    records = write_people(tmp_path, ny_person("P1"))
    records.write_text(records.read_text(encoding="utf-8") + long + "\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "ny/clean-slate", str(records), *AS_OF)
    assert code == 2
    assert f"{records}:2: invalid JSON: a number of more than 4,300 digits\n" in err
    assert "set_int_max_str_digits" not in err


def test_documents_say_how_many_people_got_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """People the statute decides nothing for got no notice, and nothing said so."""
    other = ny_person("P2")
    other["cases"][0]["jurisdiction"] = "US-CA"
    records = write_people(tmp_path, ny_person("P1"), other)
    code, out, _ = run(
        capsys, "documents", "ny/clean-slate", str(records), *AS_OF, "--kind", "notice",
        "--output", str(tmp_path / "notices"),
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[-1] == (
        "no notice for 1 of the records: ny/clean-slate decides none of their counts"
    )


def test_convert_to_a_name_without_extension_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said 'cannot write no extension'."""
    records = write_people(tmp_path, ny_person("P1"))
    code, _, err = run(capsys, "convert", str(records), str(tmp_path / "people"))
    assert (code, err) == (
        2,
        f"clearlaw: {tmp_path / 'people'}: no extension; write .jsonl or .parquet\n",
    )


# --- -o over a file the statute was read from ----------------------------------------------


def test_output_never_overwrites_a_table_or_the_statute_an_amendment_amends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the files named on the command line were protected: `-o tables/x.csv` replaced
    the statute's table with determinations, and the next run refused the statute."""
    law = _draft(tmp_path / "zz", "citation\nPL 1.00\n")
    records = write_people(tmp_path, ny_person("P1"))
    bill = tmp_path / "bill.law"
    bill.write_text(
        'amendment "a bill"\n  id zz/bill\n  amends zz/draft\nset listed = "PL 2.00"\n',
        encoding="utf-8",
    )
    assert run(capsys, "check", str(bill), str(records), *AS_OF)[0] == 0
    for ref, written in [(law, law.parent / "tables" / "x.csv"), (bill, law)]:
        before = written.read_bytes()
        code, _, err = run(capsys, "check", str(ref), str(records), *AS_OF, "-o", str(written))
        assert code == 2
        assert (
            err == f"clearlaw: {written}: is an input of this command; write the output elsewhere\n"
        )
        assert written.read_bytes() == before
