"""Pass 2's copy of the input's lines (clearlaw/ca_doj/lines.py) against a line-by-line
reference: Polars' ``scan_lines`` split the lines (a line feed ends a line, a carriage
return before it goes, the last line needs none), and a line holding a cell that begins like
a formula went through the rewrite; every other line is copied byte for byte."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearlaw.ca_doj import lines as pass2
from clearlaw.ca_doj.errors import RunError
from clearlaw.io.outputs import FORMULA_STARTS


def reference(
    data: bytes, header: bool, starts: list[int], texts: list[bytes | None], raw: bool
) -> bytes:
    """What pass 2 wrote before (a Polars query over ``scan_lines``), a line at a time."""
    found = scanned_lines(data)[1 if header else 0 :]
    out = []
    k = 0
    for row, line in enumerate(found):
        while k + 1 < len(starts) and starts[k + 1] <= row:
            k += 1
        if texts[k] is None:
            continue
        out.append((line if raw or not may_hold(line) else pass2.safe_line(line)) + texts[k])
    return b"".join(out)


def scanned_lines(data: bytes) -> list[bytes]:
    """The lines ``scan_lines`` gave."""
    found = data.split(b"\n")
    if found[-1] == b"":
        found.pop()
    return [line.removesuffix(b"\r") for line in found]


def may_hold(line: bytes) -> bool:
    """The literal searches that chose the lines to rewrite (``_safe_line``'s ``may``)."""
    starts = [c.encode() for c in FORMULA_STARTS]
    return any(sep + c in line for c in starts for sep in (b",", b',"')) or bool(
        re.match(b'"?[' + re.escape(b"".join(starts)) + b"]", line[:2])
    )


def copied(
    data: bytes, header: bool, starts: list[int], texts: list[bytes | None], raw: bool, tmp: Path
) -> bytes:
    path = tmp / "in.csv"
    path.write_bytes(data)
    lines = max(0, len(scanned_lines(data)) - header)
    out = io.BytesIO()
    pass2.copy_lines(str(path), header, lines, starts, texts, out, raw)
    return out.getvalue()


_BYTE = st.sampled_from([*b'ab ,"\n\r\x00', *(c.encode()[0] for c in FORMULA_STARTS)])


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(_BYTE, max_size=120).map(bytes),
    header=st.booleans(),
    raw=st.booleans(),
    cuts=st.lists(st.integers(1, 30), max_size=6),
    left_out=st.lists(st.booleans(), min_size=7, max_size=7),
    block=st.integers(1, 40),
)
def test_copy_lines_agrees_with_the_line_by_line_reference(
    body: bytes,
    header: bool,
    raw: bool,
    cuts: list[int],
    left_out: list[bool],
    block: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Any bytes (line ends of every kind, quotes, formula starts, NULs), blocks of any size
    (lines longer than a block), runs of lines of different texts, some left out."""
    starts = sorted({0, *cuts})
    texts = [None if out else f",{k}\n".encode() for k, out in enumerate(left_out[: len(starts)])]
    tmp = tmp_path_factory.mktemp("pass2")
    expected = reference(body, header, starts, texts, raw)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pass2, "BLOCK", block)
        assert copied(body, header, starts, texts, raw, tmp) == expected


def test_a_formula_cell_in_any_place_is_neutralized(tmp_path: Path) -> None:
    data = b'=1,b\r\n"-2",c\na,+3,"@4",\t5\r\nplain,-,x\nlast,=6'
    got = copied(data, False, [0, 2], [b",P\n", b",Q\n"], False, tmp_path)
    assert got == b"'=1,b,P\n\"'-2\",c,P\na,'+3,\"'@4\",'\t5,Q\nplain,'-,x,Q\nlast,'=6,Q\n"
    assert copied(data, False, [0], [b"\n"], True, tmp_path) == data.replace(b"\r\n", b"\n") + b"\n"


def test_a_file_that_changed_since_pass_1_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"a\nb\nc\n")
    for lines in (2, 4):
        with pytest.raises(RunError, match="changed while it was read"):
            pass2.copy_lines(str(path), False, lines, [0], [b"\n"], io.BytesIO(), True)
