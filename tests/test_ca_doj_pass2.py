"""The search of the input's bytes for lines that may hold a formula cell, made while pass 1
counts the lines (clearlaw/ca_doj/lines.py, ``reader._index_lines``), against the literal
searches of the lines Polars' ``scan_lines`` gives (what pass 2 copies: a line feed ends a
line, a carriage return before it goes, the last line needs none); and the line index made
in the same read (its count, and each line found again by its block)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearlaw.ca_doj import reader
from clearlaw.ca_doj.lines import FormulaSearch
from clearlaw.io.outputs import FORMULA_STARTS

_STARTS = [c.encode() for c in FORMULA_STARTS]


def may_hold(line: bytes) -> bool:
    """A cell start (``,=``, ``,"=``, ``,-``, …) anywhere, or a first cell that begins so."""
    return any(sep + c in line for c in _STARTS for sep in (b",", b',"')) or bool(
        re.match(b'"?[' + re.escape(b"".join(_STARTS)) + b"]", line[:2])
    )


def scanned_lines(path: Path) -> list[str]:
    return pl.scan_lines(path, name="line").collect()["line"].to_list()


def expected_rows(path: Path, header: bool) -> list[int]:
    lines = scanned_lines(path)[1 if header else 0 :]
    return [row for row, line in enumerate(lines) if may_hold(line.encode())]


def found_rows(path: Path, header: bool, size: int = 1 << 20) -> list[int]:
    search = FormulaSearch()
    reader._index_lines(path, size, search)
    return list(search.rows(header))


_BYTE = st.sampled_from([*b'ab ,"\n\r\x00', *(c[0] for c in _STARTS)])


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(_BYTE, max_size=120).map(bytes),
    header=st.booleans(),
    size=st.integers(1, 40),
)
def test_the_lines_found_are_those_the_literal_searches_find(
    body: bytes, header: bool, size: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any bytes (line ends of every kind, quotes, formula starts, NULs), blocks of any size
    (lines longer than a block)."""
    path = tmp_path_factory.mktemp("pass2") / "in.csv"
    path.write_bytes(body)
    assert found_rows(path, header, size) == expected_rows(path, header)


@settings(max_examples=200, deadline=None)
@given(body=st.lists(_BYTE, max_size=120).map(bytes), size=st.integers(1, 40))
def test_the_line_index_counts_and_finds_every_line(
    body: bytes, size: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The same read counts the lines as ``scan_lines`` does and notes blocks in which
    each line is found again, whatever the size of the reads."""
    path = tmp_path_factory.mktemp("index") / "in.csv"
    path.write_bytes(body)
    index = reader._index_lines(path, size, FormulaSearch())
    assert index.count == len(scanned_lines(path))
    assert index == reader._index_lines(path, size)  # the search changes nothing
    texts = reader._read_lines(path, index, range(1, index.count + 1))
    expected = [raw.rstrip(b"\r").decode("utf-8", "replace") for raw in body.split(b"\n")]
    assert [texts[n] for n in range(1, index.count + 1)] == expected[: index.count]


def test_a_formula_cell_in_any_place_is_found(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        b'h,h\r\n=1,b\r\n"-2",c\na,"x,-y"\na,+3\r\nb,"@4"\n"a""-",b\nc,\t5\nplain, -,x\nlast,=6'
    )
    # line 2's "-y" is inside quotes: found all the same (the rewrite leaves it)
    assert found_rows(path, True) == [0, 1, 2, 3, 4, 6, 8]
    assert found_rows(path, False) == [1, 2, 3, 4, 5, 7, 9]
    assert found_rows(path, True, size=3) == [0, 1, 2, 3, 4, 6, 8]
