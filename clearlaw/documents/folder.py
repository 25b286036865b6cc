"""The output folder of a documents run: never a mix of two runs, never a half-written file that
looks complete.

``DocumentFolder.open(path, names, overwrite=...)`` refuses a folder that holds an earlier run
(its manifest ``.clearlaw-documents.json``, or the marker of an unfinished one) unless
``overwrite``; then it removes exactly the files that run listed, nothing else of the folder.
It refuses names that meet each other or a file no run wrote, before writing anything.  The
marker ``DOCUMENTS-INCOMPLETE.txt`` is written first and lists every file the run may write
(so an unfinished run's files can be removed too); each file is written to a temporary name
and renamed when complete (``clearlaw.io.outputs``); ``finish`` writes the manifest and removes
the marker last.  A run stopped by Ctrl-C, a kill or an error so leaves the marker.

(``clearlaw.ca_doj.folder`` keeps a ``ca-doj run`` folder the same way, with a lock for the
longer runs; the two could share one module.)
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from clearlaw.documents.errors import DocumentError, UnsafePathError
from clearlaw.io.outputs import write_bytes, write_text

__all__ = ["INCOMPLETE", "MANIFEST", "DocumentFolder"]

MANIFEST = ".clearlaw-documents.json"
INCOMPLETE = "DOCUMENTS-INCOMPLETE.txt"
_MARKER_HEAD = (
    "# This clearlaw documents run did not finish: the files beside this one are not a\n"
    "# complete set.  Run it again with --overwrite (it removes the files listed below).\n"
)


class DocumentFolder:
    """An output folder being written by one run (``open``, ``write`` each file, ``finish``)."""

    def __init__(self, path: Path, names: frozenset[str]) -> None:
        self.path = path
        self._names = names
        self.files: list[str] = []

    @classmethod
    def open(cls, path: Path, names: Sequence[str], *, overwrite: bool = False) -> DocumentFolder:
        """Create the folder for a run that may write files ``names``; refuse it if it holds an
        earlier run (unless ``overwrite``: that run's files are removed), if two names are
        one, or if a name is taken by a file no run wrote; mark it incomplete."""
        twice = sorted(n for n, k in Counter(names).items() if k > 1)
        if twice:
            raise UnsafePathError(f"{path / twice[0]}: two documents of this run have this name")
        earlier = _earlier_files(path)
        if earlier is not None and not overwrite:
            state = "an unfinished run" if (path / INCOMPLETE).exists() else "an earlier run"
            raise DocumentError(
                f"{path}: holds {state} of clearlaw documents; add --overwrite to replace it, "
                "or choose another --output"
            )
        taken = [n for n in names if (path / n).exists() and n not in (earlier or [])]
        if taken:
            raise UnsafePathError(
                f"{path / taken[0]}: exists and is not a file of an earlier clearlaw documents "
                "run; not overwritten"
            )
        path.mkdir(parents=True, exist_ok=True)
        for name in earlier or []:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                (path / name).unlink()
        (path / MANIFEST).unlink(missing_ok=True)
        write_text(path / INCOMPLETE, _MARKER_HEAD + "".join(f"{n}\n" for n in names))
        return cls(path, frozenset(names))

    def write(self, target: Path, content: str | bytes) -> None:
        """Write one document of this run (``target``: a path in the folder, of a name given
        to ``open``), whole or not at all."""
        if target.name not in self._names or target.name in self.files:
            raise UnsafePathError(f"{target}: not a file this run was to write, or written twice")
        self.files.append(target.name)
        if isinstance(content, str):
            write_text(target, content)
        else:
            write_bytes(target, content)

    def finish(self) -> None:
        """The run is complete: the manifest lists its files, then the marker goes."""
        write_text(self.path / MANIFEST, json.dumps({"files": self.files}, indent=1) + "\n")
        (self.path / INCOMPLETE).unlink()


def _earlier_files(path: Path) -> list[str] | None:
    """The files the earlier run in ``path`` wrote (``None``: it holds no run)."""
    manifest, marker = path / MANIFEST, path / INCOMPLETE
    listed: list[object]
    if marker.is_file():
        text = marker.read_text(encoding="utf-8", errors="replace")
        listed = [line for line in text.splitlines() if line and not line.startswith("#")]
    elif manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            listed = list(data["files"])
        except (ValueError, KeyError, TypeError):
            raise DocumentError(
                f"{manifest}: not a clearlaw documents manifest; empty the folder by hand"
            ) from None
    else:
        return None
    return [n for n in listed if isinstance(n, str) and _own_name(n)]


def _own_name(name: str) -> bool:
    """A plain file name of the folder: a manifest never makes a run remove anything else."""
    return (
        bool(name)
        and name == Path(name).name
        and not name.startswith(".")
        and "\\" not in name
        and name not in (MANIFEST, INCOMPLETE)
    )
