"""Pass 2's search of the input's bytes for lines that may hold a formula cell
(clearlaw/ca_doj/lines.py) against the literal searches of the lines Polars' ``scan_lines``
gives, which chose the lines to rewrite before (a line feed ends a line, a carriage return
before it goes, the last line needs none)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearlaw.ca_doj import lines as pass2
from clearlaw.io.outputs import FORMULA_STARTS

_STARTS = [c.encode() for c in FORMULA_STARTS]


def may_hold(line: bytes) -> bool:
    """A cell start (``,=``, ``,"=``, ``,-``, …) anywhere, or a first cell that begins so."""
    return any(sep + c in line for c in _STARTS for sep in (b",", b',"')) or bool(
        re.match(b'"?[' + re.escape(b"".join(_STARTS)) + b"]", line[:2])
    )


def expected_rows(path: Path, header: bool) -> list[int]:
    lines = pl.scan_lines(path, name="line").collect()["line"].to_list()[1 if header else 0 :]
    return [row for row, line in enumerate(lines) if may_hold(line.encode())]


_BYTE = st.sampled_from([*b'ab ,"\n\r\x00', *(c[0] for c in _STARTS)])


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(_BYTE, max_size=120).map(bytes),
    header=st.booleans(),
    block=st.integers(1, 40),
)
def test_the_lines_found_are_those_the_literal_searches_find(
    body: bytes, header: bool, block: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any bytes (line ends of every kind, quotes, formula starts, NULs), blocks of any size
    (lines longer than a block)."""
    path = tmp_path_factory.mktemp("pass2") / "in.csv"
    path.write_bytes(body)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pass2, "BLOCK", block)
        assert pass2.formula_rows(str(path), header) == expected_rows(path, header)


def test_a_formula_cell_in_any_place_is_found(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        b'h,h\r\n=1,b\r\n"-2",c\na,"x,-y"\na,+3\r\nb,"@4"\n"a""-",b\nc,\t5\nplain, -,x\nlast,=6'
    )
    # line 2's "-y" is inside quotes: found all the same (the rewrite leaves it)
    assert pass2.formula_rows(str(path), True) == [0, 1, 2, 3, 4, 6, 8]
    assert pass2.formula_rows(str(path), False) == [1, 2, 3, 4, 5, 7, 9]
