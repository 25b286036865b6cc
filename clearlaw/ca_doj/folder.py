"""The run folder of ``clearlaw ca-doj run``: one run at a time, never a mix of two runs.

``RunFolder.open(path, overwrite=...)`` creates the folder and locks it (an OS lock on
``.clearlaw-run.lock``, released when the process ends, however it ends): a second run into the
folder is refused while the first one runs.  It removes the scratch folder ``.work/`` a killed
run left behind, and refuses a folder that holds an earlier run unless ``overwrite``; then it
removes exactly the files that run listed in its manifest (``.clearlaw-run.json``), nothing else
of the folder.

``RUN-INCOMPLETE`` is written before anything else; each output is added to the manifest
(``plan``) before it is written; ``finish`` removes the marker last.  A run that is interrupted
(Ctrl-C, SIGTERM, SIGKILL) so leaves a folder marked incomplete, whose files ``--overwrite``
removes.  A run stopped by an error (bad input, ``RunError``; a bad policy) removes what it
wrote, and the folder is free for the next run.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from clearlaw.ca_doj.errors import RunError
from clearlaw.io.outputs import write_text

__all__ = ["INCOMPLETE", "LOCK", "MANIFEST", "WORK", "RunFolder"]

LOCK = ".clearlaw-run.lock"
MANIFEST = ".clearlaw-run.json"
INCOMPLETE = "RUN-INCOMPLETE"
WORK = ".work"
_MARKER_TEXT = (
    "This clearlaw ca-doj run did not finish: the files beside this one are not a complete "
    "run.\nRun it again with --overwrite (it removes the files listed in .clearlaw-run.json).\n"
)
#: What a run folder written before manifests existed holds (besides the results files its
#: summary names): removed by ``--overwrite`` too.
_LEGACY = ("summary.json", "summary.txt", "bulk-*.*")


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


class RunFolder:
    """A locked run folder (``open``); use it as a context manager, which unlocks it."""

    def __init__(self, path: Path, lock_fd: int) -> None:
        self.path = path
        self._fd = lock_fd
        self._files: list[str] = []

    @property
    def work(self) -> Path:
        """The scratch folder of the run (removed at the end, and at the next start)."""
        return self.path / WORK

    @classmethod
    def open(cls, path: str | Path, *, overwrite: bool = False) -> RunFolder:
        """Create and lock the folder; refuse it if it holds an earlier run (unless
        ``overwrite``: that run's files are removed); mark it incomplete."""
        out = Path(path)
        if out.exists() and not out.is_dir():
            raise RunError(f"{path}: is a file, not a folder (--output names the run folder)")
        try:
            out.mkdir(parents=True, exist_ok=True)
            fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise RunError(f"{path}: cannot use this run folder ({err.strerror})") from None
        if not _lock(fd):
            os.close(fd)
            raise RunError(
                f"{path}: in use by another run (wait for it to end, or choose another --output)"
            )
        folder = cls(out, fd)
        try:
            folder._start(overwrite)
        except BaseException:
            folder.close()
            raise
        return folder

    def _start(self, overwrite: bool) -> None:
        shutil.rmtree(self.work, ignore_errors=True)  # left by a run that was killed
        earlier = self._earlier_files()
        if earlier is not None and not overwrite:
            state = "an unfinished run" if (self.path / INCOMPLETE).exists() else "an earlier run"
            raise RunError(
                f"{self.path}: holds {state}; add --overwrite to replace it, "
                "or choose another --output"
            )
        write_text(self.path / INCOMPLETE, _MARKER_TEXT)
        for name in earlier or []:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                (self.path / name).unlink()
        self._write_manifest(complete=False)

    def _earlier_files(self) -> list[str] | None:
        """The files of the run this folder holds (``None``: it holds none)."""
        manifest = self.path / MANIFEST
        if manifest.is_file():
            try:
                listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
            except (ValueError, AttributeError):
                raise RunError(
                    f"{manifest}: not a clearlaw run manifest; remove the run folder by hand"
                ) from None
            return [n for n in listed if isinstance(n, str) and _own_name(n)]
        if (self.path / INCOMPLETE).exists():
            return []
        summary = self.path / "summary.json"
        if not summary.is_file():
            return None
        try:  # a run written before manifests: its summary names its outputs
            outputs = json.loads(summary.read_text(encoding="utf-8")).get("outputs", {})
            named = [n for v in outputs.values() for n in (v if isinstance(v, list) else [v])]
        except (ValueError, AttributeError):
            named = []
        legacy = [p.name for pattern in _LEGACY for p in self.path.glob(pattern)]
        return [n for n in [*named, *legacy] if isinstance(n, str) and _own_name(n)]

    def plan(self, names: Iterable[str]) -> None:
        """Add output files (names in the folder) to the manifest before writing them."""
        new = [n for n in names if n not in self._files]
        if new:
            self._files.extend(new)
            self._write_manifest(complete=False)

    def _write_manifest(self, complete: bool) -> None:
        data = {"clearlaw_ca_doj_run": 1, "complete": complete, "files": self._files}
        write_text(self.path / MANIFEST, json.dumps(data, indent=2) + "\n")

    def finish(self) -> None:
        """The run is complete: the manifest says so, then the marker goes."""
        self._write_manifest(complete=True)
        (self.path / INCOMPLETE).unlink(missing_ok=True)

    def abandon(self) -> None:
        """Remove what this run wrote, its manifest and its marker (bad input: nothing of
        the run is worth keeping, and the folder is free for the next run)."""
        for name in self._files:
            (self.path / name).unlink(missing_ok=True)
        for name in (MANIFEST, INCOMPLETE):
            (self.path / name).unlink(missing_ok=True)
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


def _own_name(name: str) -> bool:
    """A plain file name of the folder (a manifest never makes a run remove anything else)."""
    return (
        name == Path(name).name
        and name not in ("", ".", "..", LOCK, MANIFEST, INCOMPLETE, WORK)
        and "/" not in name
        and "\\" not in name
    )
