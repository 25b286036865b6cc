"""The California DOJ research file format: 95 comma-separated fields, optional header row.

Column names and order are those of the DOJ extract (docs/ca-doj.md).  A header row, when there
is one, names the columns in its own order (``header_columns``).  Every value is read as text;
the helpers here say what is a placeholder (unused cell) and read dates.
"""

from __future__ import annotations

import csv
import datetime as _dt
from pathlib import Path

from clearlaw.ca_doj.errors import RunError

__all__ = [
    "COLUMNS",
    "EXTRA",
    "N_FIELDS",
    "PLACEHOLDERS",
    "SUBJECT_ID_OF_LINE",
    "has_header",
    "header_columns",
    "is_placeholder",
    "parse_doj_date",
]

COLUMNS: tuple[str, ...] = tuple(
    [
        "RECORD_ID",
        "SUBJECT_STATUS",
        "SUBJECT_ID",
        "REQ_SEG_SEP",
        "REQ_CII_NUMBER",
        "REQ_NAME",
        "REQ_GENDER",
        "REQ_DOB",
        "REQ_CDL",
        "REQ_SSN",
        "PII_SEG_SEP",
        "CII_NUMBER",
        "PRI_NAME",
        "GENDER",
        "PRI_DOB",
        "PRI_SSN",
        "PRI_CDL",
        "PRI_IDN",
        "PRI_INN",
        "FBI_NUMBER",
        "PDR_SEG_SEP",
        "RACE_CODE",
        "RACE_DESCR",
        "EYE_COLOR_CODE",
        "EYE_COLOR_DESCR",
        "HAIR_COLOR_CODE",
        "HAIR_COLOR_DESCR",
        "HEIGHT",
        "WEIGHT",
        "SINGLE_SOURCE",
        "MULTI_SOURCE",
        "POB_CODE",
        "POB_NAME",
        "POB_TYPE",
        "CITIZENSHIP_LIST",
        "CYC_SEG_SEP",
        "CYC_ORDER",
        "CYC_DATE",
        "STP_SEG_SEP",
        "STP_ORDER",
        "STP_EVENT_DATE",
        "STP_TYPE_CODE",
        "STP_TYPE_DESCR",
        "STP_ORI_TYPE",
        "STP_ORI_TYPE_DESCR",
        "STP_ORI_CODE",
        "STP_ORI_DESCR",
        "STP_ORI_CNTY_CODE",
        "STP_ORI_CNTY_NAME",
        "CNT_SEG_SEP",
        "CNT_ORDER",
        "DISP_DATE",
        "OFN",
        "OFFENSE_CODE",
        "OFFENSE_DESCR",
        "OFFENSE_TOC",
        "OFFENSE_QUAL_LST",
        "DISP_OFFENSE_CODE",
        "DISP_OFFENSE_DESCR",
        "DISP_OFFENSE_TOC",
        "DISP_OFFENSE_QUAL_LST",
        "CONV_OFFENSE_ORDER",
        "CONV_OFFENSE_CODE",
        "CONV_OFFENSE_DESCR",
        "CONV_OFFENSE_TOC",
        "CONV_OFFENSE_QUAL_LST",
        "FE_NUM_ORDER",
        "FE_NUM_ARR_AGY",
        "FE_NUM_BNCH_WARR",
        "FE_NUM_CITE",
        "FE_NUM_DOCKET",
        "FE_NUM_INCIDENT",
        "FE_NUM_BOOKING",
        "FE_NUM_NUMBER",
        "FE_NUM_REMAND",
        "FE_NUM_OOS_INN",
        "FE_NUM_CRT_CASE",
        "FE_NUM_WARRANT",
        "DISP_ORDER",
        "DISP_CODE",
        "DISP_DESCR",
        "CONV_STAT_CODE",
        "CONV_STAT_DESCR",
        "SENT_SEG_SEP",
        "SENT_ORDER",
        "SENT_LOC_CODE",
        "SENT_LOC_DESCR",
        "SENT_LENGTH",
        "SENT_TIME_CODE",
        "SENT_TIME_DESCR",
        "CYC_AGE",
        "CII_TYPE",
        "CII_TYPE_ALPHA",
        "COMMENT_TEXT",
        "END_OF_REC",
    ]
)
N_FIELDS = len(COLUMNS)
assert N_FIELDS == 95

#: A 96th column the reader asks for, so that a row with too many fields is seen.
EXTRA = "__EXTRA_FIELDS__"

#: Cell values that mean "nothing here" (after trimming spaces): unused cells are `x`,
#: blank, `-` (written `  -  `) or `NULL`.
PLACEHOLDERS = frozenset({"", "x", "X", "-", "NULL", "null"})


def is_placeholder(value: str | None) -> bool:
    """Whether a cell holds no value."""
    return value is None or value.strip() in PLACEHOLDERS


def parse_doj_date(value: str | None) -> _dt.date | None:
    """``YYYYMMDD`` → a date; a placeholder → ``None``; anything else raises ``ValueError``."""
    if is_placeholder(value):
        return None
    assert value is not None
    text = value.strip()
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"not a date (expected YYYYMMDD): {text!r}")
    try:
        return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"not a date (expected YYYYMMDD): {text!r}") from None


_FIELD = r'(?:"(?:[^"]|"")*"|[^,]*)'
#: A regular expression whose group 1 is a raw line's SUBJECT_ID cell, the third field (a
#: field is quoted, or runs to the next comma): where ``reader.person_parts`` cuts a file.
SUBJECT_ID_OF_LINE = rf"^{_FIELD},{_FIELD},({_FIELD})"


def header_columns(path: str | Path) -> tuple[str, ...] | None:
    """The columns a file's header row names, in its order (``None``: no header row).  A
    first line is a header when two or more of its fields are column names; its names are
    then checked: a header that is not the 95 columns (in any order; a trailing empty name
    from an extra comma is fine) raises ``RunError`` naming what differs."""
    with open(path, "rb") as fh:
        first = fh.readline(1 << 16)
    text = first.decode("utf-8", "replace").removeprefix("\ufeff")
    line = text.replace("\r", "\n").split("\n", 1)[0]  # lines may end with CR alone
    try:
        names = [n.strip().upper() for n in next(csv.reader([line]), [])]
    except csv.Error:  # not a header (a stray quote): the reader reports the line
        return None
    if sum(1 for n in names if n in _KNOWN) < 2:
        return None
    while names and not names[-1]:
        names.pop()
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n or "(empty)" for n in names if n not in _KNOWN]
    twice = sorted({n for n in names if names.count(n) > 1 and n in _KNOWN})
    if missing or unknown or twice:
        said = [
            f"{what} {', '.join(found[:3])}{' …' if len(found) > 3 else ''}"
            for what, found in (("missing", missing), ("unknown", unknown), ("twice", twice))
            if found
        ]
        raise RunError(
            f"{path}:1: the header row does not name the {N_FIELDS} DOJ columns ({'; '.join(said)})"
        )
    return tuple(names)


_KNOWN = frozenset(COLUMNS)


def has_header(path: str | Path) -> bool:
    """Whether the file starts with a header row (see ``header_columns``)."""
    return header_columns(path) is not None
