"""The output folder of ``clearlaw documents``: an earlier run is refused unless
``--overwrite`` (which removes only that run's files), an interrupted run leaves a marked
folder and no truncated file, file names never collide, motions only where relief is asked,
the accessible HTML beside each PDF, and progress on stderr when asked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from filing_data import motion_person

import clearlaw
from clearlaw.cli import main
from clearlaw.dates import date
from clearlaw.documents import (
    FOLDER,
    DocumentError,
    UnsafePathError,
    file_id,
    write_documents,
)
from clearlaw.io.outputs import atomic_output

DATA = Path(__file__).parent / "data" / "documents"
PEOPLE = DATA / "people.jsonl"
AS_OF = date(2026, 11, 23)
MANIFEST, INCOMPLETE = FOLDER.manifest, FOLDER.marker
ARGS = ["documents", "ny/clean-slate", str(PEOPLE), "--as-of", "2026-11-23", "--output"]


@pytest.fixture(scope="module")
def people() -> list[clearlaw.Person]:
    return clearlaw.read_records(PEOPLE).people


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------------------ earlier runs


def test_an_earlier_run_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: a second run wrote its files beside the first one's (stale notices mixed
    with new ones)."""
    out = tmp_path / "out"
    assert main([*ARGS, str(out), "--kind", "notice"]) == 0
    first = names(out)
    assert MANIFEST in first and INCOMPLETE not in first
    assert main([*ARGS, str(out), "--kind", "notice", "--lang", "es"]) == 2
    err = capsys.readouterr().err
    assert "holds an earlier run" in err and "--overwrite" in err and len(err.splitlines()) == 1
    assert names(out) == first


def test_overwrite_removes_only_the_earlier_runs_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([*ARGS, str(out), "--kind", "notice"]) == 0
    (out / "mine.txt").write_text("an office's own file", encoding="utf-8")
    assert main([*ARGS, str(out), "--kind", "notice", "--lang", "es", "--overwrite"]) == 0
    got = names(out)
    assert "mine.txt" in got
    assert not [n for n in got if n.endswith(".en.html")]
    assert [n for n in got if n.endswith(".es.html")]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(n for n in got if n.endswith(".es.html"))


def test_a_file_not_of_a_run_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "P000003.notice.en.html").write_text("keep", encoding="utf-8")
    assert main([*ARGS, str(out), "--kind", "notice"]) == 2
    assert (out / "P000003.notice.en.html").read_text(encoding="utf-8") == "keep"


def test_an_interrupted_run_is_marked_and_leaves_no_partial_file(
    tmp_path: Path, people: list[clearlaw.Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle: the marker stays, every file present is complete, no temporary
    file is left, KeyboardInterrupt is not swallowed; --overwrite then cleans up."""
    from clearlaw.io import run_folder as folder_module

    statute = clearlaw.load("ny/clean-slate")
    out = tmp_path / "out"
    real = folder_module.write_text
    calls = 0

    def interrupted(path: Path, text: str) -> None:
        nonlocal calls
        calls += path.suffix == ".html"
        if calls == 3:
            with atomic_output(path) as fh:  # half-written when Ctrl-C comes
                fh.write(text[:100])
                raise KeyboardInterrupt
        real(path, text)

    monkeypatch.setattr(folder_module, "write_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_documents(statute, people, AS_OF, "notice", out)
    got = names(out)
    assert INCOMPLETE in got
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["complete"] is False
    assert not [n for n in got if n.endswith(".part") or n.startswith(".P")]
    notices = [n for n in got if n.endswith(".html")]
    assert len(notices) == 2
    for n in notices:
        assert (out / n).read_text(encoding="utf-8").rstrip().endswith("</html>")
    marker = (out / INCOMPLETE).read_text(encoding="utf-8")
    assert "did not finish" in marker and all(n in marker for n in notices)
    (out / "P000200.notice.en.html").write_text("not reached: a file of this run", "utf-8")
    monkeypatch.setattr(folder_module, "write_text", real)
    with pytest.raises(DocumentError, match="unfinished run"):
        write_documents(statute, people, AS_OF, "notice", out)
    written = write_documents(statute, people, AS_OF, "notice", out, overwrite=True)
    assert names(out) == sorted([MANIFEST, *(p.name for p in written.files)])


def test_files_are_private(tmp_path: Path, people: list[clearlaw.Person]) -> None:
    written = write_documents(clearlaw.load("ny/clean-slate"), people, AS_OF, "notice", tmp_path)
    for path in [*written.files, tmp_path / MANIFEST]:
        assert path.stat().st_mode & 0o077 == 0, path


# ------------------------------------------------------------------------------ names


def test_motion_names_do_not_collide(tmp_path: Path) -> None:
    """Regression: person A with case B.C and person A.B with case C wrote one file, the
    second motion silently replacing the first."""
    statute = clearlaw.load("ca/prop64")
    people = [motion_person("A", "B.C"), motion_person("A.B", "C"), motion_person("A_dB", "C")]
    written = write_documents(statute, people, AS_OF, "motion", tmp_path / "m")
    assert len({p.name for p in written.files}) == 3
    assert sorted(p.name for p in written.files) == sorted(
        f"{file_id(p.id)}.{file_id(p.cases[0].id)}.motion.en.html" for p in people
    )


def test_file_id_is_injective() -> None:
    ids = ["A", "A.B", "A_B", "A__B", "A_dB", "A._", "A_.", ".A", "_A", "A.B.C", "A_d", "A."]
    ids += ["A/B", "A_x2f_B", "A B", "A_x20_B", "A\\B", "Ä", "_x", "A/", "A_x2f_"]
    assert len({file_id(i) for i in ids}) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]*", file_id(i)) for i in ids)


def test_one_run_never_writes_a_name_twice(tmp_path: Path) -> None:
    statute = clearlaw.load("ca/prop64")
    person = motion_person("A", "C")
    twice = attrs.evolve(person, cases=(person.cases[0], person.cases[0]))
    with pytest.raises(UnsafePathError, match="two documents of this run"):
        write_documents(statute, [twice], AS_OF, "motion", tmp_path / "m")
    assert not (tmp_path / "m").exists()  # refused before anything is written


# ------------------------------------------------------------------------------ motions


def test_motions_only_where_relief_is_asked(
    tmp_path: Path, people: list[clearlaw.Person], capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a case with no relief got an empty motion without a word."""
    statute = clearlaw.load("ca/prop64")
    written = write_documents(statute, people, AS_OF, "motion", tmp_path / "a")
    assert len(written.files) == 4
    assert written.skipped == ("P000004/CA-2002-00150887",)  # not eligible
    assert not (tmp_path / "a" / "P000004.CA-2002-00150887.motion.en.html").exists()
    every = write_documents(statute, people, AS_OF, "motion", tmp_path / "b", all_cases=True)
    assert len(every.files) == 5 and every.skipped == ()
    args = ["documents", "ca/prop64", str(PEOPLE), "--as-of", "2026-11-23", "--kind", "motion"]
    assert main([*args, "--output", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "4 motion file(s) written" in out and "1 case(s) with no relief asked" in out


# ------------------------------------------------------------------------------ PDF + HTML


def test_pdf_comes_with_its_accessible_html(tmp_path: Path, people: list[clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    written = write_documents(statute, people, AS_OF, "notice", tmp_path / "a", format="pdf")
    pdfs = sorted(p.name for p in written.files if p.suffix == ".pdf")
    htmls = sorted(p.name for p in written.files if p.suffix == ".html")
    assert pdfs and [n.replace(".pdf", ".html") for n in pdfs] == htmls
    html = (tmp_path / "a" / htmls[0]).read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    only = write_documents(
        statute, people, AS_OF, "notice", tmp_path / "b", format="pdf", html_beside_pdf=False
    )
    assert all(p.suffix == ".pdf" for p in only.files)


# ------------------------------------------------------------------------------ progress


def test_progress_on_stderr_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, str(tmp_path / "a"), "--kind", "notice", "--progress"]) == 0
    captured = capsys.readouterr()
    assert "documents" in captured.err and "people" not in captured.out
    assert "\r" in captured.err and "/" in captured.err
    assert main([*ARGS, str(tmp_path / "b"), "--kind", "notice"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal, not asked: silent


def test_progress_counts_people(tmp_path: Path, people: list[clearlaw.Person]) -> None:
    seen: list[int] = []
    write_documents(
        clearlaw.load("ny/clean-slate"), people, AS_OF, "notice", tmp_path, progress=seen.append
    )
    assert sum(seen) == len(people)
