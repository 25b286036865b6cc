"""Which lines of a file whose rows are one line each may hold a cell that begins like a
formula (docs/ca-doj.md, "Data path"): pass 2 rewrites those lines alone.

The search rides on pass 1's read of the file (``reader._index_lines``, which compares
every byte with a line feed anyway): ``FormulaSearch`` is given each block of whole lines
with its line feeds, and finds the cell starts by NumPy byte comparisons (the bytes of a
block go through C a few times, and NumPy lets other threads run meanwhile).  Lines are
numbered as Polars' ``scan_lines`` numbers them (a line feed ends a line, a carriage return
before it goes; a last line needs no line feed).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from clearlaw.io.outputs import FORMULA_STARTS

__all__ = ["FormulaSearch"]

_STARTS = tuple(c.encode() for c in FORMULA_STARTS)
#: A formula start that is rare in DOJ files (compared only in the blocks that hold one).
_RARE = tuple(c for c in _STARTS if c != b"-")
_COMMA, _QUOTE, _LF, _DASH = (ord(c) for c in ',"\n-')


class FormulaSearch:
    """The lines (1-based, as ``reader._index_lines`` numbers them) holding a cell that may
    begin like a formula right after a comma, a line start or either followed by a quote
    (the quote's cell may turn out to begin elsewhere: the rewrite decides), gathered from
    the blocks of whole lines it is given (``block``, then ``last``)."""

    def __init__(self) -> None:
        self.lines: list[int] = []
        # the comparisons' results, reused from block to block (NumPy would allocate them
        # anew for each comparison, which costs more than comparing)
        self._work = np.empty((3, 0), np.bool_)

    def block(
        self, data: bytes | bytearray, length: int, feeds: npt.NDArray[np.bool_], first: int
    ) -> None:
        """The first ``length`` bytes of ``data``: whole lines, each ending in a line feed
        (``feeds``: where the line feeds are), the first of them line ``first``."""
        if data.find(b"\r", 0, length) >= 0:  # a carriage return before a line feed goes
            data = data[:length].replace(b"\r\n", b"\n")
            length = len(data)
            feeds = np.frombuffer(data, np.uint8) == _LF
        self._search(data, length, feeds, first)

    def rows(self, header: bool) -> tuple[int, ...]:
        """The lines found as data rows (0-based, after the header line if ``header``)."""
        offset = 2 if header else 1
        return tuple(n - offset for n in self.lines if n >= offset)

    def last(self, data: bytes, first: int) -> None:
        """A last line without a line feed (line ``first``): a carriage return at its end
        goes (one only: ``scan_lines`` keeps the others)."""
        line = data.removesuffix(b"\r") + b"\n"
        self._search(line, len(line), np.frombuffer(line, np.uint8) == _LF, first)

    def _search(
        self, data: bytes | bytearray, length: int, feeds: npt.NDArray[np.bool_], first: int
    ) -> None:
        if length > self._work.shape[1] + 1:
            self._work = np.empty((3, length), np.bool_)
        view = np.frombuffer(data, np.uint8, length)
        at = _cell_starts(data, length, view, feeds, self._work[:, : length - 1])
        if at:
            found = np.searchsorted(np.flatnonzero(feeds), at) + first
            self.lines += sorted(set(found.tolist()))


def _cell_starts(
    data: bytes | bytearray,
    length: int,
    view: npt.NDArray[np.uint8],
    feeds: npt.NDArray[np.bool_],
    work: npt.NDArray[np.bool_],
) -> list[int]:
    """Where in ``data`` (its first ``length`` bytes: whole lines) a cell may begin like a
    formula.  ``work``: three arrays of ``length - 1`` bytes to compare into."""
    after, before = view[1:], view[:-1]
    hits, starts, other = work
    np.equal(after, _DASH, out=hits)
    for c in _RARE:
        if data.find(c, 0, length) >= 0:
            hits |= np.equal(after, c[0], out=other)
    np.equal(before, _COMMA, out=starts)
    starts |= np.equal(before, _QUOTE, out=other)
    starts |= feeds[:-1]
    hits &= starts
    at: list[int] = []
    if hits.any():
        for i in (np.flatnonzero(hits) + 1).tolist():
            # after a quote: only a quote at a cell start (or the block's start) counts
            if data[i - 1] != _QUOTE or i < 2 or data[i - 2] in (_COMMA, _LF):
                at.append(i)
    if bytes(data[: min(2, length)]).removeprefix(b'"')[:1] in _STARTS:
        at.append(0)
    return at
