"""Statute and amendment text parsed with no file access (``files=``), as the service
parses posted text: tables only from a given folder, an amendment amends the library only."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearlaw.diagnostics import StatuteError
from clearlaw.library import list_statutes, load_text, parse
from clearlaw.syntax import parse_statute_text

NY = list_statutes()["ny/clean-slate"]
TABLE_STATUTE = """statute "A draft that reads a table"
  id zz/draft
  jurisdiction "US-NY"
  cites "Draft § 1"
  effective 2024-01-01

outcomes
  seal relief automatic "Sealed"
  not_eligible "Not sealed"
  otherwise not_eligible

applies to each count where disposition is convicted                  § Draft 1

set listed = table "tables/x.csv"                                    § Draft 1

rule listed_offense "a listed offense"                                § Draft 1
  seal on disposition_date when citation in listed
"""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "x.csv").write_text("citation\nPL 1.00\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_by_default_a_pasted_text_reads_its_tables_from_the_working_folder(in_tmp: Path) -> None:
    statute = parse(TABLE_STATUTE)  # unchanged behaviour for files on the command line
    assert statute.id == "zz/draft"


def test_without_files_a_table_is_a_diagnostic_and_nothing_is_read(in_tmp: Path) -> None:
    with pytest.raises(StatuteError) as err:
        parse(TABLE_STATUTE, files=False)
    (problem,) = err.value.diagnostics
    assert problem.message == "table 'tables/x.csv': reading files is turned off for this text"
    assert (problem.span.line, problem.span.column) == (14, 20)


def test_a_folder_is_the_only_place_tables_are_read_from(in_tmp: Path, tmp_path: Path) -> None:
    with pytest.raises(StatuteError, match="no such file"):
        parse_statute_text(TABLE_STATUTE, files=tmp_path / "elsewhere")
    node = parse_statute_text(NY.read_text(encoding="utf-8"), "<posted>", files=NY.parent)
    assert node.header.id == "ny/clean-slate"


def test_a_folder_still_refuses_paths_that_leave_it(in_tmp: Path) -> None:
    escaping = TABLE_STATUTE.replace("tables/x.csv", "../tables/x.csv")
    with pytest.raises(StatuteError, match=r"no absolute path, no `\.\.`"):
        parse_statute_text(escaping, files=in_tmp / "tables")


def test_an_amendment_without_files_amends_only_a_library_statute(in_tmp: Path) -> None:
    drafts = in_tmp / "drafts"
    drafts.mkdir()
    base = TABLE_STATUTE.replace('table "tables/x.csv"', '"PL 1.00"')
    (drafts / "base.law").write_text(base, encoding="utf-8")
    text = (
        'amendment "two sections"\n  id zz/two\n  amends drafts/base\n\n'
        'add to listed "PL 2.00"    § Draft 2\n'
    )
    (in_tmp / "bill.law").write_text(text, encoding="utf-8")
    assert load_text(text, str(in_tmp / "bill.law")).id == "zz/two"  # beside: read
    with pytest.raises(StatuteError, match="no statute `drafts/base` to amend"):
        load_text(text, str(in_tmp / "bill.law"), files=False)
    library = (
        'amendment "two years"\n  id zz/two\n  amends ny/clean-slate\n\n'
        "parameter misdemeanor_wait = 2 years    § Draft 1\n"
    )
    assert load_text(library, "<posted>", files=False).id == "zz/two"
