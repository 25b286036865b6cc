"""An output folder that holds one run: never a mix of two runs, never a half-written set of
files that looks complete.  ``clearlaw documents`` and ``clearlaw ca-doj run`` keep their
folders with it, each with its own ``Layout`` (the file names below are the ones their users'
folders already hold).

``RunFolder.open(path, layout, names, overwrite=...)`` creates the folder (and, for a layout
with a ``lock``, takes an OS lock on that file, released when the process ends however it
ends: a second run into the folder is refused while the first one runs; a locked folder also
has a scratch folder ``.work/``, and a killed run's is removed).  It refuses a folder that holds
an earlier run unless ``overwrite``; then it removes exactly the files that run listed, nothing
else of the folder.  It refuses ``names`` taken by a file no run wrote, before writing anything.

The marker (``layout.marker``) is written first and lists every file the run may write (the
``names`` given to ``open`` and to ``plan``), and so does the manifest (``layout.manifest``,
``"complete": false``); each file is written whole or not at all (``clearlaw.io.outputs``);
``finish`` marks the manifest complete and removes the marker last.  A run stopped by Ctrl-C
or a kill so leaves a folder marked incomplete, whose files ``--overwrite`` removes; one that
raises an error inside ``with RunFolder.open(...)`` removes what it wrote (``abandon``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

import attrs

from clearlaw.io.outputs import write_bytes, write_text

__all__ = ["WORK", "Layout", "RunFolder"]

#: The scratch folder of a locked run folder.
WORK = ".work"


@attrs.frozen
class Layout:
    """One kind of run folder: its file names, what it says, and what it raises."""

    #: The manifest of the run's files (a hidden JSON file).
    manifest: str
    #: The marker of a run that has not finished (a visible text file).
    marker: str
    #: What the marker says above its list of files (lines starting with ``#``).
    marker_head: str
    #: The exception raised (from one line for the user).
    error: Callable[[str], Exception]
    #: The lock file (``None``: no lock, no scratch folder).
    lock: str | None = None
    #: The files of a run written before manifests existed, or ``None`` if the folder holds no
    #: such run (``legacy=None``: this kind of folder has no such runs).
    legacy: Callable[[Path], list[str] | None] | None = None

    def marker_text(self, names: Iterable[str]) -> str:
        """The marker of an unfinished run that may write ``names``."""
        return self.marker_head + "".join(f"{n}\n" for n in names)


class RunFolder:
    """An output folder being written by one run (``open``, ``plan``/``write``, ``finish``);
    as a context manager it abandons the run on an error and releases the lock."""

    def __init__(self, path: Path, layout: Layout, lock_fd: int) -> None:
        self.path = path
        self.layout = layout
        self._fd = lock_fd
        self._files: list[str] = []
        self._written: set[str] = set()

    @property
    def work(self) -> Path:
        """The scratch folder of the run (removed at the end, and at the next start)."""
        return self.path / WORK

    @classmethod
    def open(
        cls,
        path: str | Path,
        layout: Layout,
        names: Iterable[str] = (),
        *,
        overwrite: bool = False,
    ) -> RunFolder:
        """Create (and lock) the folder for a run that may write files ``names``; refuse it if
        it holds an earlier run (unless ``overwrite``: that run's files are removed), or if a
        name is taken by a file no run wrote; mark it incomplete."""
        out, error = Path(path), layout.error
        if out.exists() and not out.is_dir():
            raise error(f"{path}: is a file, not a folder (--output names the run folder)")
        try:
            out.mkdir(parents=True, exist_ok=True)
            fd = (
                -1
                if layout.lock is None
                else os.open(out / layout.lock, os.O_RDWR | os.O_CREAT, 0o600)
            )
        except OSError as err:
            raise error(f"{path}: cannot use this run folder ({err.strerror})") from None
        if fd >= 0 and not _lock(fd):
            os.close(fd)
            raise error(
                f"{path}: in use by another run (wait for it to end, or choose another --output)"
            )
        folder = cls(out, layout, fd)
        try:
            folder._start(list(names), overwrite)
        except BaseException:
            folder.close()
            raise
        return folder

    def _start(self, names: list[str], overwrite: bool) -> None:
        path, error = self.path, self.layout.error
        if self._fd >= 0:
            shutil.rmtree(self.work, ignore_errors=True)  # left by a run that was killed
        earlier = self._earlier_files()
        if earlier is not None and not overwrite:
            state = (
                "an unfinished run" if (path / self.layout.marker).exists() else "an earlier run"
            )
            raise error(
                f"{path}: holds {state}; add --overwrite to replace it, or choose another --output"
            )
        taken = [n for n in names if (path / n).exists() and n not in (earlier or [])]
        if taken:
            raise error(
                f"{path / taken[0]}: exists and is not a file of an earlier clearlaw run; "
                "not overwritten"
            )
        self._files = names
        write_text(path / self.layout.marker, self.layout.marker_text(names))
        for name in earlier or []:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                (path / name).unlink()
        self._write_manifest(complete=False)

    def _earlier_files(self) -> list[str] | None:
        """The files of the run this folder holds (``None``: it holds none)."""
        manifest, marker = self.path / self.layout.manifest, self.path / self.layout.marker
        listed: list[object]
        if manifest.is_file():
            try:
                listed = list(json.loads(manifest.read_text(encoding="utf-8"))["files"])
            except (ValueError, KeyError, TypeError):
                raise self.layout.error(
                    f"{manifest}: not a clearlaw run manifest; empty the folder by hand"
                ) from None
        elif marker.is_file():
            text = marker.read_text(encoding="utf-8", errors="replace")
            listed = [line for line in text.splitlines() if line and not line.startswith("#")]
        elif self.layout.legacy is not None:
            legacy = self.layout.legacy(self.path)
            if legacy is None:
                return None
            listed = list(legacy)
        else:
            return None
        return [n for n in listed if isinstance(n, str) and self._own_name(n)]

    def _own_name(self, name: str) -> bool:
        """A plain file name of the folder: a manifest never makes a run remove anything else
        (its own files, hidden files, other folders' files)."""
        return (
            bool(name)
            and name == Path(name).name
            and not name.startswith(".")
            and "\\" not in name
            and "\x00" not in name  # no file's name: the system refuses it
            and name != self.layout.marker
        )

    def plan(self, names: Iterable[str]) -> None:
        """Add output files (names in the folder) to the marker and the manifest before
        writing them."""
        new = [n for n in names if n not in self._files]
        if new:
            self._files.extend(new)
            write_text(self.path / self.layout.marker, self.layout.marker_text(self._files))
            self._write_manifest(complete=False)

    def write(self, target: Path, content: str | bytes) -> None:
        """Write one file of this run (``target``: a path in the folder, of a name given to
        ``open`` or ``plan``), whole or not at all."""
        if target.name not in self._files or target.name in self._written:
            raise self.layout.error(f"{target}: not a file this run was to write, or written twice")
        self._written.add(target.name)
        if isinstance(content, str):
            write_text(target, content)
        else:
            write_bytes(target, content)

    def _write_manifest(self, complete: bool) -> None:
        files = [n for n in self._files if not complete or (self.path / n).exists()]
        data = {"complete": complete, "files": files}
        write_text(self.path / self.layout.manifest, json.dumps(data, indent=2) + "\n")

    def finish(self) -> None:
        """The run is complete: the manifest lists the files it wrote, then the marker goes."""
        self._write_manifest(complete=True)
        (self.path / self.layout.marker).unlink(missing_ok=True)

    def abandon(self) -> None:
        """Remove what this run wrote, its manifest and its marker (bad input: nothing of
        the run is worth keeping, and the folder is free for the next run)."""
        for name in [*self._files, self.layout.manifest, self.layout.marker]:
            (self.path / name).unlink(missing_ok=True)
        if self._fd >= 0:
            shutil.rmtree(self.work, ignore_errors=True)

    def close(self) -> None:
        """Release the lock."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> RunFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if isinstance(error, Exception):  # not Ctrl-C or SIGTERM: those leave the marker
                self.abandon()
        finally:
            self.close()


def _lock(fd: int) -> bool:
    """Take the folder's lock without waiting; whether it was free."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
