"""The shared run folder (clearlaw/io/run_folder.py): folders written before the documents and
ca-doj folders were merged are still read (their earlier runs refused, and removed by
``--overwrite``), and a manifest never makes a run remove a file that is not its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearlaw.ca_doj.errors import RunError
from clearlaw.ca_doj.pipeline import RUN_FOLDER
from clearlaw.documents import FOLDER, DocumentError
from clearlaw.io.run_folder import RunFolder


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_unfinished_documents_folder_of_the_former_layout(tmp_path: Path) -> None:
    """Before: no manifest until the end, the marker listing the run's files."""
    (tmp_path / FOLDER.marker).write_text("# did not finish\nP1.notice.en.html\n")
    (tmp_path / "P1.notice.en.html").write_text("old")
    (tmp_path / "mine.txt").write_text("an office's own file")
    with pytest.raises(DocumentError, match="holds an unfinished run; add --overwrite"):
        RunFolder.open(tmp_path, FOLDER, ["P2.notice.en.html"])
    folder = RunFolder.open(tmp_path, FOLDER, ["P2.notice.en.html"], overwrite=True)
    folder.write(tmp_path / "P2.notice.en.html", "new")
    folder.finish()
    assert names(tmp_path) == [FOLDER.manifest, "P2.notice.en.html", "mine.txt"]
    manifest = json.loads((tmp_path / FOLDER.manifest).read_text())
    assert manifest == {"complete": True, "files": ["P2.notice.en.html"]}


def test_an_unfinished_ca_doj_folder_of_the_former_layout(tmp_path: Path) -> None:
    """Before: a versioned manifest from the start, a marker of plain text."""
    (tmp_path / RUN_FOLDER.manifest).write_text(
        json.dumps({"clearlaw_ca_doj_run": 1, "complete": False, "files": ["errors.csv"]})
    )
    (tmp_path / RUN_FOLDER.marker).write_text("This clearlaw ca-doj run did not finish.\n")
    (tmp_path / "errors.csv").write_text("old")
    with pytest.raises(RunError, match="holds an unfinished run; add --overwrite"):
        RunFolder.open(tmp_path, RUN_FOLDER)
    with RunFolder.open(tmp_path, RUN_FOLDER, overwrite=True) as folder:
        assert names(tmp_path) == sorted(
            [".clearlaw-run.lock", RUN_FOLDER.manifest, RUN_FOLDER.marker]
        )
        folder.finish()


def test_a_manifest_never_removes_what_is_not_the_runs(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    listed = ["../outside.txt", ".hidden", FOLDER.marker, "sub/x", "", 3]
    (out / FOLDER.manifest).write_text(json.dumps({"files": listed}))
    (out / ".hidden").write_text("keep")
    RunFolder.open(out, FOLDER, overwrite=True).finish()
    assert outside.read_text() == "keep" and (out / ".hidden").read_text() == "keep"


def test_a_manifest_that_is_not_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / FOLDER.manifest).write_text("[1, 2]")
    with pytest.raises(DocumentError, match="not a clearlaw run manifest; empty the folder"):
        RunFolder.open(tmp_path, FOLDER, overwrite=True)
