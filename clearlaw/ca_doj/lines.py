"""Pass 2 of ``clearlaw ca-doj run`` for a file whose rows are one line each: the input's
bytes copied as they are, each line with its new cells appended (docs/ca-doj.md, "Data
path").

The new cells of a line are those of its person's run of rows and of its conviction, so they
stay the same over runs of lines: ``copy_lines`` is given the row where each run starts and
its text (``None``: rows left out, rejected or blank), and copies each run with one
``bytes.replace`` of its line feeds.  Blocks of whole lines are read at a time; the line
feeds and the cells that begin like a formula are found with NumPy byte comparisons (the
bytes of a block go through C a few times instead of through Python once a line), and only
the lines holding such a cell are rewritten (``safe_line``).  Lines come out as Polars'
``scan_lines`` gave them before: without the carriage return of a ``\\r\\n`` line end, the
last one given a line feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from clearlaw.ca_doj.errors import RunError
from clearlaw.io.outputs import FORMULA_STARTS

__all__ = ["copy_lines", "safe_line"]

#: Bytes read at a time (whole lines of them are copied): small enough that NumPy's
#: comparisons of a block stay in the processor's cache.
BLOCK = 256 << 10

_NL = b"\n"
_STARTS = tuple(c.encode() for c in FORMULA_STARTS)
#: A formula start that is rare in DOJ files (compared only in the blocks that hold one).
_RARE = tuple(c for c in _STARTS if c != b"-")
_COMMA, _QUOTE, _LF, _DASH = (ord(c) for c in ',"\n-')

_FORMULA = b"[" + re.escape(b"".join(_STARTS)) + b"]"
_QUOTED = b'(?:[^"]|"")*"'
#: A quoted cell that begins like a formula (groups 1-3), a bare one (4-5), or any quoted
#: cell (6: taken whole, so that its commas are not taken for cell starts).
_CELLS = re.compile(
    b'(^|,)(")(' + _FORMULA + _QUOTED + b")|(^|,)(" + _FORMULA + b')|("' + _QUOTED + b")"
)


def safe_line(line: bytes) -> bytes:
    """A CSV line with each cell (quoted or not) that begins like a formula given a leading
    ``'`` (inside its quotes): ``_CELLS`` marks each such cell with a NUL, and every quoted
    cell too; a NUL before a quote goes, the others become the apostrophe."""
    marked = _CELLS.sub(b"\\1\\4\\2\x00\\3\\5\\6", line)
    return marked.replace(b'\x00"', b'"').replace(b"\x00", b"'")


def copy_lines(
    path: str,
    header: bool,
    lines: int,
    starts: Sequence[int],
    texts: Sequence[bytes | None],
    target: BinaryIO,
    raw: bool,
) -> None:
    """The ``lines`` data lines of ``path`` (after its header line, if ``header``) written to
    ``target``, line ``r`` with ``texts[k]`` in place of its line feed, where ``starts[k]``
    is the last start at or before ``r`` (``starts[0]`` is 0; ``None``: the line is left
    out).  Unless ``raw``, cells that begin like a formula get a leading ``'``."""
    bounds = np.asarray([*starts, lines], dtype=np.int64)
    k = 0  # the run of the next line
    row = 0  # the next line
    # the comparisons' results, reused from block to block (NumPy would allocate them anew
    # for each comparison, which costs more than comparing)
    work = np.empty((4, BLOCK), np.bool_)
    for block in _blocks(path, header):
        if len(block) > work.shape[1]:
            work = np.empty((4, len(block)), np.bool_)
        view = np.frombuffer(block, np.uint8)
        feeds = np.equal(view, _LF, out=work[0, : len(block)])
        ends = np.flatnonzero(feeds)
        if not raw:
            found = _formula_lines(block, view, feeds, ends, work[1:, : len(block) - 1])
            if found:
                block = _rewrite(block, ends, found)
                ends = np.flatnonzero(np.frombuffer(block, np.uint8) == _LF)
        end = row + len(ends)
        if end > lines:
            raise RunError(f"{path}: the file changed while it was read (more lines than before)")
        upto = int(np.searchsorted(bounds, end))
        # where each run of lines begins in the block, and where the block ends
        firsts = np.maximum(bounds[k:upto], row) - row
        at = np.concatenate(([0], ends + 1))[firsts].tolist()
        at.append(len(block))
        target.write(
            b"".join(
                [
                    block[a:b].replace(_NL, text)
                    for a, b, text in zip(at, at[1:], texts[k:upto], strict=False)
                    if text is not None
                ]
            )
        )
        k = upto if bounds[upto] == end else upto - 1
        row = end
    if row != lines:
        raise RunError(f"{path}: the file changed while it was read (fewer lines than before)")


def _blocks(path: str, header: bool) -> Iterator[bytes]:
    """The file's lines (without the first, if ``header``) in blocks of whole lines, each
    ending in a line feed; ``\\r\\n`` becomes ``\\n``, and a last line without a line
    break loses a carriage return at its end and gets a line feed."""
    with open(path, "rb") as src:
        if header:
            src.readline()
        carry: list[bytes] = []  # the start of a line the blocks read so far do not end
        while read := src.read(BLOCK):
            cut = read.rfind(_NL) + 1
            if not cut:
                carry.append(read)
                continue
            block = b"".join([*carry, read[:cut]]) if carry else read[:cut]
            carry = [read[cut:]] if cut < len(read) else []
            yield block.replace(b"\r\n", _NL) if b"\r" in block else block
    if carry:
        yield b"".join(carry).removesuffix(b"\r") + _NL


def _formula_lines(
    block: bytes,
    view: npt.NDArray[np.uint8],
    feeds: npt.NDArray[np.bool_],
    ends: npt.NDArray[np.intp],
    work: npt.NDArray[np.bool_],
) -> list[int]:
    """The lines of ``block`` (numbered in it) that hold a cell beginning like a formula
    right after a comma, a line start or either followed by a quote (the quote's cell may
    turn out to begin elsewhere: ``safe_line`` decides).  ``work``: three arrays of one
    byte fewer than ``block`` to compare into."""
    after, before = view[1:], view[:-1]
    hits, starts, other = work
    np.equal(after, _DASH, out=hits)
    for c in _RARE:
        if c in block:
            hits |= np.equal(after, c[0], out=other)
    np.equal(before, _COMMA, out=starts)
    starts |= np.equal(before, _QUOTE, out=other)
    starts |= feeds[:-1]
    hits &= starts
    at: list[int] = []
    if hits.any():
        for i in (np.flatnonzero(hits) + 1).tolist():
            # after a quote: only a quote at a cell start (or the block's start) counts
            if block[i - 1] != _QUOTE or i < 2 or block[i - 2] in (_COMMA, _LF):
                at.append(i)
    first = block[:2].removeprefix(b'"')[:1]
    if first in _STARTS:
        at.append(0)
    if not at:
        return []
    return sorted(set(np.searchsorted(ends, at).tolist()))


def _rewrite(block: bytes, ends: npt.NDArray[np.intp], found: list[int]) -> bytes:
    """``block`` with its lines ``found`` put through ``safe_line``."""
    stops = ends.tolist()
    out: list[bytes] = []
    at = 0
    for j in found:
        start = stops[j - 1] + 1 if j else 0
        out += (block[at:start], safe_line(block[start : stops[j]]))
        at = stops[j]
    out.append(block[at:])
    return b"".join(out)
