"""Writing output files safely: whole or not at all, private, and safe to open in a spreadsheet.

* ``atomic_output(path)`` opens a temporary file in the destination's folder and renames it
  over ``path`` only when the ``with`` block ends without an error, so a reader (or a run that
  was interrupted) never sees a truncated file that looks complete.  New files are created
  ``0600``: outputs hold people's records.
* ``spreadsheet_safe(cell)`` neutralizes a CSV cell that a spreadsheet would run as a formula
  (OWASP "CSV injection": a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets a leading apostrophe).  Writers apply it unless asked for raw values.
* ``csv_writer(out)`` writes CSV rows the way every clearlaw CSV is written: ``\n`` line ends,
  ``spreadsheet_safe`` cells unless ``raw``, and a carriage return inside a cell quoted (Python
  3.11's writer quotes only the characters of its line terminator, so a bare ``\r`` in an id
  would end the row for a spreadsheet or ``csv.reader``).
* ``json_line(value)`` is one line of JSON Lines, UTF-8 as it is except the three characters
  that JSON leaves raw but ``str.splitlines`` (and JavaScript before ES2019) take for line
  ends, U+0085, U+2028 and U+2029, which are escaped: an id holding one stays on its line.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Literal, overload

__all__ = [
    "FORMULA_STARTS",
    "CsvWriter",
    "atomic_output",
    "csv_writer",
    "json_line",
    "spreadsheet_safe",
    "write_bytes",
    "write_text",
]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Permissions of every output file clearlaw creates.
FILE_MODE = 0o600


def spreadsheet_safe(cell: str) -> str:
    """``cell`` with a leading ``'`` if a spreadsheet would otherwise run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


#: What ``json_line`` escapes: line ends to ``str.splitlines`` that JSON does not escape.
_LINE_ENDS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value: object) -> str:
    """``value`` as one line of JSON Lines (without its ``\\n``), non-ASCII text as it is but
    U+0085, U+2028 and U+2029 escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return text if text.isascii() else text.translate(_LINE_ENDS)


class CsvWriter:
    """Rows of text cells to CSV (see ``csv_writer``)."""

    def __init__(self, out: IO[str], *, raw: bool = False) -> None:
        self._minimal = csv.writer(out, lineterminator="\n")
        self._quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self._raw = raw

    def writerow(self, cells: Sequence[str]) -> None:
        """Write one row; a row with a carriage return in a cell has every cell quoted."""
        row = cells if self._raw else [spreadsheet_safe(cell) for cell in cells]
        writer = self._quoted if any("\r" in cell for cell in row) else self._minimal
        writer.writerow(row)


def csv_writer(out: IO[str], *, raw: bool = False) -> CsvWriter:
    """A CSV writer for ``out``: ``\n`` line ends, cells neutralized for spreadsheets
    (``spreadsheet_safe``) unless ``raw``, carriage returns inside cells quoted."""
    return CsvWriter(out, raw=raw)


@overload
def atomic_output(
    path: str | os.PathLike[str],
    mode: Literal["w"] = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_output(
    path: str | os.PathLike[str],
    mode: Literal["wb"],
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_output(
    path: str | os.PathLike[str],
    mode: Literal["w", "wb"] = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """A file to write ``path`` through: renamed into place when the block completes, removed
    if it raises (``KeyboardInterrupt`` included), so ``path`` is either the earlier complete
    file or the new complete one."""
    return _atomic(Path(path), mode, encoding, newline)  # type: ignore[return-value]


def _fdopen(fd: int, mode: str, encoding: str, newline: str | None) -> IO[str] | IO[bytes]:
    if "b" in mode:
        return os.fdopen(fd, mode)
    return os.fdopen(fd, mode, encoding=encoding, newline=newline)


@contextlib.contextmanager
def _atomic(
    path: Path, mode: str, encoding: str, newline: str | None
) -> Iterator[IO[str] | IO[bytes]]:
    if path.exists() and not path.is_file():
        # a device, a pipe or a socket (`-o /dev/null`, `-o /dev/stdout`): written through,
        # never replaced by a file (as root, the rename would replace the device itself)
        with _fdopen(os.open(path, os.O_WRONLY), mode, encoding, newline) as special:
            yield special
        return
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        if hasattr(os, "fchmod"):  # POSIX (mkstemp already makes the file private)
            os.fchmod(fd, FILE_MODE)
        with _fdopen(fd, mode, encoding, newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str, *, newline: str | None = None) -> None:
    """Write ``text`` to ``path`` atomically (see ``atomic_output``)."""
    with atomic_output(path, "w", newline=newline) as fh:
        fh.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_output``)."""
    with atomic_output(path, "wb") as fh:
        fh.write(data)
