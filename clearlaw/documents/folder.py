"""The output folder of a documents run: never a mix of two runs, never a half-written file that
looks complete.

``DocumentFolder.open(path, overwrite=...)`` refuses a folder that holds an earlier run (its
manifest ``.clearlaw-documents.json``, or the marker of an unfinished one) unless
``overwrite``; then it removes exactly the files that run listed, nothing else of the folder.
The marker ``DOCUMENTS-INCOMPLETE.txt`` is written first and lists each file before the file is
written (so an unfinished run's files can be removed too); every file is written to a temporary
name and renamed when complete (``clearlaw.io.outputs``); ``finish`` writes the manifest and
removes the marker last.  A run stopped by Ctrl-C, a kill or an error so leaves the marker.

(``clearlaw.ca_doj.folder`` keeps a ``ca-doj run`` folder the same way, with a lock for the
longer runs; the two could share one module.)
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TextIO

from clearlaw.documents.errors import DocumentError, UnsafePathError
from clearlaw.io.outputs import FILE_MODE, write_bytes, write_text

__all__ = ["INCOMPLETE", "MANIFEST", "DocumentFolder"]

MANIFEST = ".clearlaw-documents.json"
INCOMPLETE = "DOCUMENTS-INCOMPLETE.txt"
_MARKER_HEAD = (
    "# This clearlaw documents run did not finish: the files beside this one are not a\n"
    "# complete set.  Run it again with --overwrite (it removes the files listed below).\n"
)


class DocumentFolder:
    """An output folder being written by one run (``open``, ``write`` each file, ``finish``)."""

    def __init__(self, path: Path, marker: TextIO) -> None:
        self.path = path
        self._marker = marker
        self.files: list[str] = []
        self._names: set[str] = set()

    @classmethod
    def open(cls, path: Path, *, overwrite: bool = False) -> DocumentFolder:
        """Create the folder; refuse it if it holds an earlier run (unless ``overwrite``:
        that run's files are removed); mark it incomplete."""
        earlier = _earlier_files(path)
        if earlier is not None and not overwrite:
            state = "an unfinished run" if (path / INCOMPLETE).exists() else "an earlier run"
            raise DocumentError(
                f"{path}: holds {state} of clearlaw documents; add --overwrite to replace it, "
                "or choose another --output"
            )
        path.mkdir(parents=True, exist_ok=True)
        for name in earlier or []:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                (path / name).unlink()
        (path / MANIFEST).unlink(missing_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path / INCOMPLETE, flags, FILE_MODE)
        marker = os.fdopen(fd, "w", encoding="utf-8")
        marker.write(_MARKER_HEAD)
        marker.flush()
        return cls(path, marker)

    def write(self, target: Path, content: str | bytes) -> None:
        """Write one document of this run (``target``: a path in the folder), whole or not at
        all; a name this run already wrote, or a file no run of clearlaw wrote, is refused."""
        name = target.name
        if name in self._names:
            raise UnsafePathError(f"{target}: two documents of this run have this file name")
        if target.exists():
            raise UnsafePathError(
                f"{target}: exists and is not a file of an earlier clearlaw documents run; "
                "not overwritten"
            )
        self._names.add(name)
        self.files.append(name)
        self._marker.write(name + "\n")  # listed before it exists: --overwrite finds it
        self._marker.flush()
        if isinstance(content, str):
            write_text(target, content)
        else:
            write_bytes(target, content)

    def finish(self) -> None:
        """The run is complete: the manifest lists its files, then the marker goes."""
        self._marker.close()
        write_text(self.path / MANIFEST, json.dumps({"files": self.files}, indent=1) + "\n")
        (self.path / INCOMPLETE).unlink()

    def close(self) -> None:
        """Stop writing (the marker stays unless ``finish`` ran)."""
        self._marker.close()


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
