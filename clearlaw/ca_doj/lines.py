"""Pass 2 of ``clearlaw ca-doj run`` for a file whose rows are one line each: which lines
may hold a cell that begins like a formula (docs/ca-doj.md, "Data path").

The file is read in blocks of whole lines and the cell starts are found by NumPy byte
comparisons (the bytes of a block go through C a few times, and NumPy lets other threads run
meanwhile); the lines are numbered as Polars' ``scan_lines`` numbers them (a line feed ends a
line; a last line needs none).  Only the lines found are rewritten by pass 2's query.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from clearlaw.io.outputs import FORMULA_STARTS

__all__ = ["formula_rows"]

#: Bytes read at a time (whole lines of them): small enough that NumPy's comparisons of a
#: block stay in the processor's cache.
BLOCK = 256 << 10

_NL = b"\n"
_STARTS = tuple(c.encode() for c in FORMULA_STARTS)
#: A formula start that is rare in DOJ files (compared only in the blocks that hold one).
_RARE = tuple(c for c in _STARTS if c != b"-")
_COMMA, _QUOTE, _LF, _DASH = (ord(c) for c in ',"\n-')


def formula_rows(path: str, header: bool) -> list[int]:
    """The data lines of ``path`` (0-based, after its header line if ``header``) holding a
    cell that may begin like a formula (``_formula_lines``)."""
    rows: list[int] = []
    row = 0
    # the comparisons' results, reused from block to block (NumPy would allocate them anew
    # for each comparison, which costs more than comparing)
    work = np.empty((4, BLOCK), np.bool_)
    for block in _blocks(path, header):
        if len(block) > work.shape[1]:
            work = np.empty((4, len(block)), np.bool_)
        view = np.frombuffer(block, np.uint8)
        feeds = np.equal(view, _LF, out=work[0, : len(block)])
        rows += [row + j for j in _formula_lines(block, view, feeds, work[1:, : len(block) - 1])]
        row += int(np.count_nonzero(feeds))
    return rows


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
    work: npt.NDArray[np.bool_],
) -> list[int]:
    """The lines of ``block`` (numbered in it) that hold a cell beginning like a formula
    right after a comma, a line start or either followed by a quote (the quote's cell may
    turn out to begin elsewhere: the rewrite decides).  ``work``: three arrays of one
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
    return sorted(set(np.searchsorted(np.flatnonzero(feeds), at).tolist()))
