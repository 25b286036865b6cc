"""Pass 1's cheap checks and merges (clearlaw/ca_doj/reader.py) against the exact ones."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ca_doj import SETS, conviction, write_doj

from clearlaw.ca_doj.reader import CHECKS, DATE_FIELDS, _bad, _doubtful, read_extract

#: Characters a DOJ cell may hold, and the troublesome ones: Unicode spaces (trimmed by
#: Polars), signs, a full-width digit, the placeholders' letters.
_CHARS = st.sampled_from([*"0123456789 #-_+xXNULnulA.\t", "\u00a0", "\u3000", "\uff11", "\x85"])
_CELLS = st.one_of(
    st.text(_CHARS, max_size=12),
    st.text(st.characters(codec="utf-8"), max_size=10),
    # 8 digits, a date or not, with a character put in or swapped for one
    st.builds(
        lambda digits, at, c, swap: digits[:at] + c + digits[at + swap :],
        st.text("0123456789", min_size=8, max_size=8),
        st.integers(0, 8),
        _CHARS,
        st.integers(0, 1),
    ),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(st.none(), _CELLS), min_size=1, max_size=50))
def test_doubtful_flags_every_value_that_does_not_fit(values: list[str | None]) -> None:
    """``_doubtful`` may flag a value that fits, never miss one that does not: ``_bad`` sees
    only the rows it flags."""
    for col in CHECKS:
        df = pl.DataFrame({col: values}, schema={col: pl.String})
        out = df.select(_doubtful(col).alias("doubtful"), _bad(col, pl.col(col)).alias("bad"))
        missed = [
            v for v, d, b in zip(values, out["doubtful"], out["bad"], strict=True) if b and not d
        ]
        assert missed == [], col


def test_doubtful_lets_the_usual_values_pass() -> None:
    """DOJ's usual cells are not flagged (else every row would be kept and checked twice)."""
    usual = {
        "SUBJECT_ID": ["10000001", "7-a_B"],  # a leading letter is checked exactly
        "CII_NUMBER": ["4280387012", "A12345678", "  -  ", "x       ", None],
        "CNT_ORDER": ["101001001000", "7"],
        "END_OF_REC": ["#", " # ", "  -  ", "x", None],
        **{d: ["19930821", "20000229", "  -  ", "x       ", "NULL", None] for d in DATE_FIELDS},
    }
    for col, values in usual.items():
        df = pl.DataFrame({col: values}, schema={col: pl.String})
        assert df.select(_doubtful(col))[col].to_list() == [False] * len(values), col


def test_values_that_look_like_dates_but_are_not_are_problems(tmp_path: Path) -> None:
    """Values Polars would read as a date untrimmed (a leading space), 8 characters with a
    sign or spaces inside, a day that does not exist: each is rejected as not a date."""
    odd = [" 1993082", "+1993082", "19930229", "\t1993082", "1993 8 2", "19938 21"]
    rows = [
        conviction(str(10 + i), f"10100{i}001000", "11357 HS", "20100101", dob=value)
        for i, value in enumerate(odd)
    ]
    extract = read_extract([write_doj(tmp_path / "f.dat", rows)], SETS)
    assert [(p.line, p.field, p.value) for p in extract.problems] == [
        (i + 2, "PRI_DOB", value.strip()) for i, value in enumerate(odd)
    ]
    assert extract.convictions.is_empty()


def test_sentence_parts_are_merged_in_order_and_a_count_without_one_has_none(
    tmp_path: Path,
) -> None:
    rows = [
        conviction(
            "1", "101001001000", "11357 HS", "20100101", SENT_LOC_DESCR="JAIL", SENT_LENGTH="30"
        ),
        conviction(
            "1", "101001001000", "11357 HS", "20100101", SENT_LOC_DESCR="  -  ", SENT_LENGTH="x"
        ),
        conviction("1", "101001001000", "11357 HS", "20100101", SENT_LOC_DESCR="PROBATION"),
        conviction("1", "101001002000", "11357 HS", "20100101", SENT_LOC_DESCR="  -  "),
    ]
    extract = read_extract([write_doj(tmp_path / "f.dat", rows)], SETS)
    conv = extract.convictions.sort("cnt_order")
    assert conv["sentence"].to_list() == ["JAIL 30; PROBATION", ""]
    assert conv["incarcerated"].to_list() == [True, False]
    assert conv["supervised"].to_list() == [True, False]
    assert conv["rows"].to_list()[0] == [{"in_file": 0, "at_row": r} for r in range(3)]
