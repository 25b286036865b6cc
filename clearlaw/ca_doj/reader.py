"""Reading DOJ research files into what the decisions need (pass 1 of a run).

Each file is scanned once, as a stream, by Polars (a columnar CSV engine written in Rust)
reading only the columns decisions use; the rows kept are convictions (``DISP_DESCR`` starting ``CONVICTED``),
``REGISTRATION`` and ``DECEASED`` steps, and rows with a problem.  Sentence parts (several
rows with the same ``CNT_ORDER``) are merged into one conviction.  ``Extract.people(keys)``
builds normalized ``Person`` records (clearlaw/records.py) for the people to evaluate.

Problems (docs/ca-doj.md, "Bad input"): a row with the wrong number of fields, a value that
does not fit its column (``CHECKS``: the dates decisions use, the subject, CII and count ids,
the end-of-record mark; so a row whose fields shifted is never read shifted), a line that is
not CSV (a stray quote), or a file truncated inside a quoted field.  Each is a ``Problem``
(file, line, field, value); the row is rejected, the person it belongs to is marked for hand
review, and every other row is used.  Blank lines are skipped (not rows).  Lines are counted
from 1, header included (a row with a line break inside a quoted field spans several lines;
its first is named).  Messages carry ids only, never names.  A file that is not valid UTF-8 is
read with the bad bytes replaced (U+FFFD); ``FileStats.invalid_utf8`` says so; a file whose
lines end with a carriage return alone is read from a copy with line feeds.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import functools
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import attrs
import numpy as np
import polars as pl

from clearlaw.ca_doj.errors import RunError
from clearlaw.ca_doj.format import (
    COLUMNS,
    EXTRA,
    N_FIELDS,
    PLACEHOLDERS,
    SUBJECT_ID_OF_LINE,
    header_columns,
)
from clearlaw.ca_doj.lines import FormulaSearch
from clearlaw.ca_doj.people import ConvictionRow, PersonFacts, build_people
from clearlaw.ca_doj.sections import parse_charge
from clearlaw.citations import CitationSet
from clearlaw.dates import date
from clearlaw.records import Person

__all__ = [
    "CHECKS",
    "DATE_FIELDS",
    "Extract",
    "FileStats",
    "Problem",
    "check_inputs",
    "person_parts",
    "read_extract",
    "read_people",
]

#: Date fields the decisions use, checked on every row.
DATE_FIELDS = ("PRI_DOB", "CYC_DATE", "STP_EVENT_DATE")
_NOT_A_DATE = "not a date (expected YYYYMMDD)"
#: The fields every row is checked on, and what a value that does not fit is said to be.
#: Besides the dates, the ids that say whose row it is and which count (DOJ rows are counts:
#: each has a ``CNT_ORDER``), the CII number and the end-of-record mark: when a field is added
#: or lost (a name with a comma written without quotes) the fields after it shift, and these
#: stop fitting, so the row is rejected, never read shifted.
CHECKS = {
    "SUBJECT_ID": "no subject id, or not one (expected digits, or letters and digits)",
    "CII_NUMBER": "not a CII number (expected digits, after one letter at most)",
    "PRI_DOB": _NOT_A_DATE,
    "CYC_DATE": _NOT_A_DATE,
    "STP_EVENT_DATE": _NOT_A_DATE,
    "CNT_ORDER": "no count id, or not one (expected digits)",
    "END_OF_REC": "not an end-of-record mark (expected # or blank): the fields may have shifted",
}

#: Columns pass 1 reads.
PASS1_COLUMNS = (
    "SUBJECT_ID",
    "CII_NUMBER",
    "PRI_NAME",
    "PRI_DOB",
    "CYC_DATE",
    "STP_EVENT_DATE",
    "STP_TYPE_DESCR",
    "STP_ORI_CNTY_NAME",
    "CNT_ORDER",
    "OFN",
    "OFFENSE_DESCR",
    "OFFENSE_TOC",
    "DISP_DESCR",
    "CONV_STAT_DESCR",
    "SENT_LOC_DESCR",
    "SENT_LENGTH",
    "SENT_TIME_CODE",
    "COMMENT_TEXT",
    "END_OF_REC",
    EXTRA,
)

_PLACEHOLDERS = sorted(PLACEHOLDERS)
_CANNABIS_SECTIONS = ("11357", "11358", "11359", "11360")
#: The citation sets of ca/prop64 the outputs use.
SET_NAMES = ("cannabis_offenses", "superstrikes", "registrable_290c")
RUNS_SCHEMA = {"file": pl.Int32, "row": pl.UInt32, "person": pl.String}


@attrs.frozen
class Problem:
    """A rejected row: where it is, which field, the offending value, and whose it is."""

    file: str
    line: int | None
    field: str
    value: str
    message: str
    person_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        who = f" person {self.person_id}:" if self.person_id else ""
        return f"{where}:{who} {self.field}: {self.message}"


@attrs.frozen
class FileStats:
    """What was read from one file, and how to read it again (pass 2)."""

    path: str
    header: bool
    rows_read: int  # blank lines are not rows
    rows_rejected: int
    truncated: bool = False  # ends inside a quoted field (the last line is rejected)
    rejected_rows: frozenset[int] = frozenset()  # 0-based data rows rejected
    #: The file scanned: ``path``, or a cleaned copy in the work folder when the file is
    #: truncated (last line left out) or not valid UTF-8 (bad bytes replaced by U+FFFD).
    read_path: str = ""
    invalid_utf8: bool = False
    #: One physical line per row (no line breaks inside quoted fields): pass 2 can copy lines.
    one_line_per_row: bool = True
    #: The columns in the file's order (a header row may order them its own way).
    columns: tuple[str, ...] = COLUMNS
    skipped_rows: frozenset[int] = frozenset()  # 0-based data rows that are blank lines
    blank_lines: int = 0  # skipped: not rows
    lines: int = 0  # physical lines, header included
    #: The data rows (0-based) that may hold a cell beginning like a formula (found in the
    #: bytes while the lines are counted: clearlaw/ca_doj/lines.py), for pass 2 to rewrite;
    #: ``None`` when not looked for (``read_extract(formulas=False)``) or when rows span lines.
    formula_rows: tuple[int, ...] | None = None

    @property
    def rows_used(self) -> int:
        return self.rows_read - self.rows_rejected


def scan_doj(
    path: str | Path | bytes, header: bool, columns: Sequence[str] = COLUMNS
) -> pl.LazyFrame:
    """A lazy, streaming scan of a whole (valid UTF-8) file: the 95 columns (in the file's
    order, ``columns``) as text (empty → null), ``EXTRA`` (not null when the row has more
    than 95 fields) and ``row`` (0-based data row)."""
    return pl.scan_csv(
        path,
        has_header=False,
        skip_rows=1 if header else 0,
        schema={c: pl.String for c in (*columns, EXTRA)},
        truncate_ragged_lines=True,
        missing_columns="insert",
        quote_char='"',
    ).with_row_index("row")


def _blank(s: pl.Expr) -> pl.Expr:
    return s.is_null() | s.is_in(_PLACEHOLDERS)


def _bad(col: str, value: pl.Expr) -> pl.Expr:
    """Whether ``value``, the row's value of the ``CHECKS`` field ``col``, does not fit the
    column."""
    s = value.str.strip_chars()
    if col in DATE_FIELDS:
        # eight digits: Polars' parser alone also takes "1993 8 2" (it skips spaces)
        ok = s.str.contains(r"^[0-9]{8}$") & s.str.to_date("%Y%m%d", strict=False).is_not_null()
        return ~_blank(s) & ~ok
    if col == "CII_NUMBER":
        return ~_blank(s) & ~s.str.contains(r"^[A-Za-z]?[0-9]+$")
    if col == "END_OF_REC":
        return ~_blank(s) & (s != "#")
    if col == "SUBJECT_ID":  # digits in DOJ files; letters too in hand-made ones
        return _blank(s) | ~s.str.contains(r"^[A-Za-z0-9_-]+$").fill_null(False)
    return ~s.str.contains(r"^[0-9]+$").fill_null(False)  # CNT_ORDER


#: A placeholder with spaces around it, as a pattern (``"  -  "``, ``"x       "``).
_SPACED = " *(?:{})? *".format("|".join(pl.escape_regex(p) for p in _PLACEHOLDERS if p))
#: For each ``CHECKS`` field, what a raw (untrimmed) value that surely fits looks like: a
#: subset of what ``_bad`` lets pass, tested with one pattern and nothing trimmed.
_FITS = {
    "SUBJECT_ID": "[0-9][A-Za-z0-9_-]*",  # a leading digit: not a placeholder
    "CII_NUMBER": f"[A-Za-z]?[0-9]+|{_SPACED}",
    "PRI_DOB": _SPACED,  # and 8 digits that make a date (``_doubtful``)
    "CYC_DATE": _SPACED,
    "STP_EVENT_DATE": _SPACED,
    "CNT_ORDER": "[0-9]+",
    "END_OF_REC": f" *# *|{_SPACED}",
}


def _doubtful(col: str) -> pl.Expr:
    """Whether the row's value of a ``CHECKS`` field may not fit the column: a cheaper test
    than ``_bad`` (most values pass it untrimmed), true wherever ``_bad`` is, so ``_bad`` need
    only see the rows it flags (a test checks the two agree)."""
    raw = pl.col(col)
    fits = raw.str.contains(f"^(?:{_FITS[col]})$")
    if col in DATE_FIELDS:  # 8 digits (a sign or a space would leave a number < 10**7)
        digits = (raw.str.len_bytes() == 8) & (raw.cast(pl.UInt32, strict=False) >= 10**7)
        date_ok = digits.fill_null(False) & raw.str.to_date("%Y%m%d", strict=False).is_not_null()
        fits = fits | date_ok
    return ~fits.fill_null(col not in ("SUBJECT_ID", "CNT_ORDER"))  # no id: bad


def _checked(kept: pl.DataFrame) -> pl.DataFrame:
    """The kept rows whose fields may be wrong (in number, or a value ``_doubtful``), each
    with ``bad_<field>`` for the ``CHECKS`` fields: whether the value does not fit."""
    return kept.filter(
        pl.col("maybe_short") | pl.col("too_long") | pl.col("doubtful")
    ).with_columns(
        (pl.col("doubtful") & _bad(c, pl.col(f"raw_{c}").cast(pl.String))).alias(f"bad_{c}")
        for c in CHECKS
    )


_ANY_BAD = pl.any_horizontal(*(pl.col(f"bad_{c}") for c in CHECKS))


#: Columns of kept rows read trimmed (``_pass1`` trims each once).
_TRIMMED = (
    "SUBJECT_ID",
    "CII_NUMBER",
    "PRI_DOB",
    "CYC_DATE",
    "STP_EVENT_DATE",
    "STP_ORI_CNTY_NAME",
    "CNT_ORDER",
    "OFN",
    "OFFENSE_TOC",
    "CONV_STAT_DESCR",
    "SENT_LOC_DESCR",
    "SENT_LENGTH",
    "SENT_TIME_CODE",
    "OFFENSE_DESCR",
    "COMMENT_TEXT",
)


def _value(col: str) -> pl.Expr:
    """A trimmed column's value, placeholders null."""
    s = pl.col(col)
    return pl.when(s.is_in(_PLACEHOLDERS)).then(None).otherwise(s).alias(col)


def _pass1(lf: pl.LazyFrame, last_row: int = -1) -> pl.LazyFrame:
    """The rows decisions need (convictions, registrations, deaths) and rows that may have a
    problem (a field count in doubt, or a value ``_doubtful`` flags: ``_checked`` settles
    them), with the few derived columns later steps use (raw text dropped early, so the
    kept rows stay small).  Row ``last_row`` is kept too (it shows how many rows there are),
    and so is every row whose SUBJECT_ID differs from the row before (``run_start``): they
    tell whose every row of the file is (``Extract.runs``)."""
    step = pl.col("STP_TYPE_DESCR").str.strip_chars()
    conv = (
        pl.col("DISP_DESCR").str.strip_chars_start().str.starts_with("CONVICTED").fill_null(False)
    )
    part = pl.concat_str(
        [_value("SENT_LOC_DESCR"), _value("SENT_LENGTH"), _value("SENT_TIME_CODE")],
        separator=" ",
        ignore_nulls=True,
    )
    stat, toc, loc = pl.col("stat"), pl.col("toc"), pl.col("loc")
    level = (
        pl.when(stat == "FELONY")
        .then(pl.lit("F"))
        .when(stat == "MISDEMEANOR")
        .then(pl.lit("M"))
        .when(stat == "INFRACTION")
        .then(pl.lit("I"))
        .when(toc.is_in(["F", "M", "I"]))
        .then(toc)
        .otherwise(None)
    )
    subject = pl.col("SUBJECT_ID")
    starts = (subject != subject.shift(1)).fill_null(True)
    return (
        lf.select("row", *PASS1_COLUMNS)
        .with_columns(
            conv.alias("conv"),
            step.alias("step"),
            starts.alias("run_start"),
            pl.col(EXTRA).is_not_null().alias("too_long"),
            pl.col("END_OF_REC").is_null().alias("maybe_short"),
            pl.any_horizontal(*(_doubtful(c) for c in CHECKS)).alias("doubtful"),
        )
        .filter(
            pl.col("conv")
            | pl.col("step").is_in(["DECEASED", "REGISTRATION"])
            | pl.col("too_long")
            | pl.col("maybe_short")
            | pl.col("doubtful")
            | (pl.col("row") == last_row)
            | pl.col("run_start")
        )
        .with_columns(  # raw values, then each trimmed once
            *(pl.when("doubtful").then(pl.col(c)).alias(f"raw_{c}") for c in CHECKS),
            *(pl.col(c).str.strip_chars() for c in _TRIMMED),
        )
        .with_columns(
            _charge_expr(trimmed=True).alias("charge"),
            pl.col("CONV_STAT_DESCR").str.to_uppercase().alias("stat"),
            pl.col("OFFENSE_TOC").str.to_uppercase().alias("toc"),
            pl.col("SENT_LOC_DESCR").str.to_uppercase().alias("loc"),
        )
        .select(
            "row",
            pl.col("SUBJECT_ID").alias("person"),
            "run_start",
            "conv",
            "step",
            "too_long",
            "maybe_short",
            "doubtful",
            *(f"raw_{c}" for c in CHECKS),
            "CII_NUMBER",
            "PRI_NAME",
            "charge",
            pl.col("CNT_ORDER").alias("cnt_order"),
            level.alias("level"),
            pl.when(part != "").then(part).alias("part"),  # none: null
            loc.is_in(["JAIL", "PRISON", "STATE PRISON", "CDC", "CYA"])
            .fill_null(False)
            .alias("incarc"),
            loc.str.contains("PROBATION|PAROLE").fill_null(False).alias("superv"),
            _value("OFN").alias("ofn"),
            _date("STP_EVENT_DATE").alias("conviction_date"),
            _date("CYC_DATE").alias("offense_date"),
            _date("PRI_DOB").alias("dob"),
            _value("STP_ORI_CNTY_NAME").str.to_uppercase().alias("county"),
        )
    )


def _unterminated_quote(path: Path) -> bool:
    """Whether the file ends inside a quoted field (a truncated file): its last line has an
    odd number of quotes, and so has the whole file (else the last line closes a quoted
    field that an earlier line opened: a row spanning lines)."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        fh.seek(max(0, size - (1 << 16)))
        tail = fh.read()
    last = tail.rstrip(b"\r\n").rsplit(b"\n", 1)[-1]
    if last.count(b'"') % 2 == 0:
        return False
    return sum(chunk.count(b'"') for chunk in _chunks(path)) % 2 == 1


def _last_line_start(path: Path) -> int:
    """The byte offset where the file's last line starts."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        start = max(0, size - (1 << 16))
        fh.seek(start)
        tail = fh.read().rstrip(b"\r\n")
    nl = tail.rfind(b"\n")
    return start + nl + 1 if nl >= 0 else 0


def _truncated_fields(path: Path, start: int) -> list[str]:
    """The fields of a truncated last line (an unterminated quote reaches to the end)."""
    with open(path, "rb") as fh:
        fh.seek(start)
        text = fh.read().decode("utf-8", errors="replace")
    fields = next(csv.reader(io.StringIO(text)), [])
    return fields if len(fields) > 2 else []


def _subject_of(fields: list[str], known: set[str]) -> str | None:
    """The SUBJECT_ID of a row with the wrong number of fields: field 2, or the field a
    missing or extra field moved it to, whichever is a person seen in the file."""
    shift = abs(len(fields) - N_FIELDS)
    candidates = [2, 2 - shift, 2 + shift]
    values = [fields[i].strip() for i in candidates if 0 <= i < len(fields)]
    for value in values:
        if value in known:
            return value
    return next((v for v in values if v.isdigit()), None)


def _clean_copy(path: Path, target: Path, limit: int | None) -> Path:
    """Copy ``path`` to ``target`` as valid UTF-8 (bad bytes → U+FFFD), only its first
    ``limit`` bytes; returns ``target``."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as dst:
        for chunk in _chunks(path, limit):
            dst.write(decoder.decode(chunk).encode("utf-8"))
        dst.write(decoder.decode(b"", final=True).encode("utf-8"))
    return target


def _chunks(path: Path, limit: int | None = None) -> Iterator[bytes]:
    """The file's bytes (its first ``limit`` only), 8 MB at a time."""
    left = path.stat().st_size if limit is None else limit
    with open(path, "rb") as src:
        while left > 0:
            chunk = src.read(min(8 << 20, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


def _cr_only(path: Path) -> bool:
    """Whether the file's lines end with a carriage return alone (old Mac line ends)."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    return b"\r" in head and b"\n" not in head


def _lf_copy(path: Path, target: Path) -> Path:
    """Copy ``path`` to ``target`` with each carriage return made a line feed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as dst:
        for chunk in _chunks(path):
            dst.write(chunk.replace(b"\r", b"\n"))
    return target


#: One CSV record without its line end: fields, each quoted (quotes doubled inside) or bare.
_FIELD = r'(?:"(?:[^"]|"")*"|[^",\n]*)'
_RECORD = re.compile(rf"{_FIELD}(?:,{_FIELD})*", re.DOTALL)
#: A record may span this many lines (line breaks in quoted fields) before an open quote is
#: taken for a stray one.
MAX_SPAN = 100


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            yield number, raw.decode("utf-8", "replace").removesuffix("\n")


def _malformed_lines(path: Path) -> dict[int, str]:
    """The lines that are not CSV (a stray quote; a quoted field that does not end within
    ``MAX_SPAN`` lines), by number, with their text; a record whose quoted field spans lines
    and ends is fine.  After a bad line, reading goes on with the next line.  A last record
    still open at the end of the file is left to the truncation check (``_unterminated_quote``).
    Python, line by line: only for files Polars cannot read or whose rows span lines."""
    found: dict[int, str] = {}
    pending: list[tuple[int, str]] = []

    def feed(items: list[tuple[int, str]], at_end: bool = False) -> None:
        work = list(items)
        while work:
            pending.append(work.pop(0))
            record = "\n".join(t for _, t in pending).removesuffix("\r")
            if _RECORD.fullmatch(record):
                pending.clear()
            elif record.count('"') % 2 == 1 and len(pending) < MAX_SPAN and (work or not at_end):
                continue  # a quoted field goes on to the next line
            elif not work and at_end and len(pending) == 1:
                return  # the last line, open: a truncated file
            else:
                first, *rest = pending
                pending.clear()
                found[first[0]] = first[1]
                work = rest + work

    for item in _numbered_lines(path):
        feed([item])
    if pending:
        rest = list(pending)
        pending.clear()
        feed(rest, at_end=True)
    return found


def _blanked_copy(path: Path, target: Path, lines: Iterable[int]) -> Path:
    """Copy ``path`` to ``target`` with the given lines left empty (their line ends kept)."""
    blank = set(lines)
    with open(path, "rb") as src, open(target, "wb") as dst:
        for number, raw in enumerate(src, 1):
            dst.write(raw[len(raw.rstrip(b"\r\n")) :] if number in blank else raw)
    return target


def _is_utf8_error(err: Exception) -> bool:
    return "utf" in str(err).lower()


@attrs.frozen
class _Scan:
    """Pass 1 over one file."""

    kept: pl.DataFrame  # the rows ``_pass1`` keeps
    checked: pl.DataFrame  # those whose fields may be wrong, checked (``_checked``)
    rows: int  # data rows in the file
    lines: int  # physical lines, header included
    one_line_per_row: bool
    located: dict[int, tuple[int, list[str]]]  # row → (first line, fields), for rows in doubt
    formula_rows: tuple[int, ...] | None = None  # ``FileStats.formula_rows``


@attrs.frozen
class _Lines:
    """A file's physical lines: how many, and the blocks of whole lines it was read in
    (byte offset, length, number of the block's first line, 1-based)."""

    count: int
    blocks: tuple[tuple[int, int, int], ...]


_LF = np.uint8(ord("\n"))


def _index_lines(path: Path, size: int = 512 << 10, search: FormulaSearch | None = None) -> _Lines:
    """Count a file's lines, a block of whole lines (about ``size`` bytes) at a time: memory
    stays at a block, and finding a line again reads only its block.  Line feeds are found
    by NumPy (one vectorized comparison into a reused array: ~0.05 CPU-s per 670 MB where
    ``bytes.count``, a byte-at-a-time loop, takes ~0.27); ``search`` is given each block too
    (the lines that may hold a formula cell, for pass 2: no second read of the file)."""
    blocks: list[tuple[int, int, int]] = []
    count = 0
    start = 0  # file offset of the current block (``buf[0]``)
    keep = 0  # bytes at the start of ``buf``: the start of a line the reads have not ended
    buf = bytearray(size)
    feeds = np.empty(size, np.bool_)
    with open(path, "rb", buffering=0) as fh:
        while n := fh.readinto(memoryview(buf)[keep:]):
            n += keep
            view = np.frombuffer(buf, np.uint8, n)
            lines = int(np.count_nonzero(np.equal(view, _LF, out=feeds[:n])))
            del view  # ``buf`` may grow below
            if not lines:  # a line longer than ``buf``, or the end of one
                keep = n
                if n == len(buf):
                    buf += bytes(len(buf))
                    feeds = np.empty(len(buf), np.bool_)
                continue
            cut = buf.rfind(b"\n", 0, n) + 1
            blocks.append((start, cut, count + 1))
            if search is not None:
                search.block(buf, cut, feeds[:cut], count + 1)
            count += lines
            start += cut
            keep = n - cut
            buf[:keep] = buf[cut:n]
    if keep:  # a last line without a line break
        blocks.append((start, keep, count + 1))
        if search is not None:
            search.last(bytes(buf[:keep]), count + 1)
        count += 1
    return _Lines(count, tuple(blocks))


def _read_lines(path: Path, index: _Lines, numbers: Iterable[int]) -> dict[int, str]:
    """The text of the given (1-based) lines: each block holding one is read again."""
    wanted = sorted(set(numbers))
    found: dict[int, str] = {}
    firsts = [first for _, _, first in index.blocks]
    with open(path, "rb") as fh:
        i = 0
        while i < len(wanted):
            b = bisect.bisect_right(firsts, wanted[i]) - 1
            offset, length, first = index.blocks[b]
            end = firsts[b + 1] if b + 1 < len(firsts) else index.count + 1
            fh.seek(offset)
            lines = fh.read(length).split(b"\n")
            while i < len(wanted) and wanted[i] < end:
                found[wanted[i]] = lines[wanted[i] - first].rstrip(b"\r").decode("utf-8", "replace")
                i += 1
    return found


_SUBJECT = re.compile(SUBJECT_ID_OF_LINE.encode())


def _subject_of_line(line: bytes) -> bytes:
    """A raw line's SUBJECT_ID (unquoted, stripped; empty if the line has none)."""
    found = _SUBJECT.match(line)
    cell = found.group(1) if found else b""
    if cell.startswith(b'"'):
        cell = cell[1:-1].replace(b'""', b'"')
    return cell.strip()


def person_parts(path: str | Path, size: int) -> list[tuple[int, int]]:
    """Byte ranges ``(start, end)`` that cut a file into parts of about ``size`` bytes, each
    cut at the start of a line whose SUBJECT_ID differs from the line before: when a file
    keeps each person's rows together (DOJ files do), each person is in one part.  Only the
    lines near the cuts are read.  Whether the people really are apart is checked as the
    parts are read (``Extract.subjects``)."""
    total = Path(path).stat().st_size
    cuts = [0]
    with open(path, "rb") as fh:
        while cuts[-1] + size < total:
            fh.seek(cuts[-1] + size)
            fh.readline()  # the rest of the line the seek fell in
            before: bytes | None = None
            cut = None
            while True:
                at = fh.tell()
                line = fh.readline()
                if not line:
                    break
                subject = _subject_of_line(line)
                if before is not None and subject != before:
                    cut = at
                    break
                before = subject
            if cut is None:  # one person to the end of the file
                break
            cuts.append(cut)
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], total], strict=True)]


def _scan_file(path: Path, header: bool, columns: Sequence[str], formulas: bool) -> _Scan:
    """Pass 1 over one file: count its lines (NumPy, no parsing; with ``formulas``, finding
    the lines that may hold a formula cell too), then one streaming scan for the kept rows.
    If a row spans lines (a line break inside a quoted field: fewer rows than lines),
    ``_scan_spanning`` finishes the job.  Raises ``pl.exceptions.ComputeError``
    on bytes that are not UTF-8, or that are not CSV (a stray quote)."""
    search = FormulaSearch() if formulas else None
    index = _index_lines(path, search=search)
    offset = 2 if header else 1
    rows = max(0, index.count - offset + 1)
    kept = (
        _pass1(scan_doj(path, header, columns), last_row=rows - 1)
        # categorical while streaming: kept rows must not hold on to the chunks' buffers
        .with_columns(pl.col(pl.String).cast(pl.Categorical))
        .collect(engine="streaming")
    )
    checked = _checked(kept)
    if rows and (kept.is_empty() or kept["row"][-1] != rows - 1):
        return _scan_spanning(path, header, columns, kept, checked, index.count)
    in_doubt = checked.filter(pl.col("maybe_short") | pl.col("too_long"))["row"].to_list()
    texts = _read_lines(path, index, (r + offset for r in in_doubt))
    located = {
        number - offset: (number, next(csv.reader([text]), [])) for number, text in texts.items()
    }
    found = None if search is None else search.rows(header)
    return _Scan(kept, checked, rows, index.count, True, located, found)


def _scan_spanning(
    path: Path,
    header: bool,
    columns: Sequence[str],
    kept: pl.DataFrame,
    checked: pl.DataFrame,
    lines: int,
) -> _Scan:
    """Pass 1 for a file whose rows may span lines: rows are counted as CSV, and the rows in
    doubt (and those with a bad field) matched to lines with the ``csv`` module (slow, and
    only for such files)."""
    rows = int(scan_doj(path, header, columns).select(pl.len()).collect().item())
    in_doubt = checked.filter(pl.col("maybe_short") | pl.col("too_long") | _ANY_BAD)["row"]
    located = _fields_by_csv(path, header, set(in_doubt.to_list()))
    return _Scan(kept, checked, rows, lines, False, located)


def _fields_by_csv(path: Path, header: bool, rows: set[int]) -> dict[int, tuple[int, list[str]]]:
    """For each given (0-based) data row: its first line number and its fields, read with
    the ``csv`` module up to the last of them (slow: only for files whose rows span lines)."""
    found: dict[int, tuple[int, list[str]]] = {}
    if not rows:
        return found
    last = max(rows)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        if header:
            next(reader, None)
        start = reader.line_num + 1
        for row, fields in enumerate(reader):
            if row in rows:
                found[row] = (start, fields)
            if row >= last:
                break
            start = reader.line_num + 1
    return found


@attrs.define
class Extract:
    """What pass 1 found: one row per conviction (``convictions``), the people's
    registrations and deaths, the problems and per-file counts."""

    files: list[FileStats]
    problems: list[Problem]
    convictions: pl.DataFrame  # one row per conviction (sentence parts merged)
    deceased: set[str]
    registrations: dict[str, list[date | None]]  # person → dates of PC 290 registration steps
    hand_review: dict[str, list[Problem]]  # person → the problems on their rows
    #: Whose every row is: the rows where SUBJECT_ID changes (``file``, ``row``, ``person``,
    #: in file and row order); a row belongs to the person of the last such row at or before it.
    runs: pl.DataFrame = attrs.field(factory=lambda: pl.DataFrame(schema=RUNS_SCHEMA))
    workdir: Path | None = None
    _relevant: pl.DataFrame | None = attrs.field(default=None, init=False, repr=False)

    @property
    def subjects(self) -> frozenset[str]:
        """Every SUBJECT_ID in the files (stripped)."""
        return frozenset(self.runs["person"].drop_nulls().to_list()) | self.hand_review.keys()

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_rejected(self) -> int:
        return sum(f.rows_rejected for f in self.files)

    def people(
        self, ids: Iterable[str] | None = None, *, relevant_only: bool = False
    ) -> list[Person]:
        """Normalized records of the given people (default: everyone with a conviction),
        each with all their convictions, PC 290 registrations and whether they died.

        ``relevant_only`` leaves out the convictions no decision of ``ca/prop64`` and
        ``ca/prop64-county`` can see: it keeps cannabis, superstrike and PC 290(c)
        convictions, those whose citation or date is unknown, and the latest other
        conviction (it dates "no conviction in N years" and breaks "only cannabis").  Policy
        overlays change only parameters and sets, so this holds under any policy; a test
        checks that both ways decide the same (tests/test_ca_doj.py)."""
        return build_people(self.facts(ids, relevant_only=relevant_only))

    def _relevant_convictions(self) -> pl.DataFrame:
        """The convictions ``relevant_only`` keeps (worked out once)."""
        if self._relevant is None:
            keep = (
                pl.col("cannabis_offenses")
                | pl.col("superstrikes")
                | pl.col("registrable_290c")
                | pl.col("citation_text").is_null()
                | pl.col("conviction_date").is_null()
            )
            latest_other = (
                pl.col("conviction_date")
                == pl.col("conviction_date").filter(~keep).max().over("person")
            ) & ~keep
            first_latest = latest_other & (latest_other.cum_sum().over("person") == 1)
            self._relevant = self.convictions.filter(keep | first_latest)
        return self._relevant

    def facts(
        self, ids: Iterable[str] | None = None, *, relevant_only: bool = False
    ) -> list[PersonFacts]:
        """What ``people`` builds records from, as plain tuples (clearlaw/ca_doj/people.py)."""
        conv = self._relevant_convictions() if relevant_only else self.convictions
        if ids is not None:
            wanted = list(ids)
            conv = conv.filter(pl.col("person").is_in(wanted))
        else:
            wanted = None
        cols = conv.sort("person", "case_id", "count_id").select(
            "person",
            "case_id",
            "county",
            pl.col("dob").cast(pl.Int32),  # day numbers (people.py)
            "count_id",
            "charge",
            "level",
            pl.col("offense_date").cast(pl.Int32),
            pl.col("conviction_date").cast(pl.Int32),
            "incarcerated",
            "supervised",
        )
        by_person: dict[str, list[ConvictionRow]] = {}
        for row in cols.iter_rows():
            by_person.setdefault(row[0], []).append(row)
        keys = wanted if wanted is not None else list(by_person)
        return [
            (
                pid,
                by_person.get(pid, []),
                pid in self.deceased,
                self.registrations.get(pid, []),
            )
            for pid in keys
        ]


def charges_table(texts: Sequence[str], sets: dict[str, CitationSet]) -> pl.DataFrame:
    """Each charge text with what clearlaw reads in it: section, normalized citation, whether
    it is an attempt, and membership of the statute's citation sets (``sets``)."""
    rows: dict[str, list[object]] = {
        "charge": [],
        "section": [],
        "citation_text": [],
        "attempted": [],
        **{name: [] for name in sets},
    }
    for text in texts:
        charge = parse_charge(text)
        rows["charge"].append(text)
        rows["section"].append(charge.section if charge else None)
        citation = charge.citation if charge else None
        rows["citation_text"].append(str(citation) if citation else None)
        rows["attempted"].append(bool(charge and charge.attempted))
        for name, cset in sets.items():
            rows[name].append(citation is not None and citation in cset)
    schema = {
        "charge": pl.String,
        "section": pl.String,
        "citation_text": pl.String,
        "attempted": pl.Boolean,
        **{name: pl.Boolean for name in sets},
    }
    return pl.DataFrame(rows, schema=schema)


def check_inputs(paths: Sequence[Path]) -> None:
    """Refuse, before anything is read, a file given twice (by two names, or a copy of
    another: every row would count twice) and a header row that does not name the 95
    columns (``RunError``)."""
    for i, path in enumerate(paths):
        for before in paths[:i]:
            if os.path.samefile(before, path) or _same_contents(before, path):
                raise RunError(
                    f"{before} and {path}: the same DOJ file given twice (each row would "
                    "count twice); give it once"
                )
        header_columns(path)


def _same_contents(a: Path, b: Path, span: int = 1 << 20) -> bool:
    """Whether two files are copies of one (same size, same first and last megabyte)."""
    size = a.stat().st_size
    if size == 0 or size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        if fa.read(span) != fb.read(span):
            return False
        fa.seek(max(0, size - span))
        fb.seek(max(0, size - span))
        return fa.read(span) == fb.read(span)


def read_extract(
    paths: Sequence[str | Path],
    sets: dict[str, CitationSet] | Callable[[], dict[str, CitationSet]],
    workdir: str | Path | None = None,
    *,
    formulas: bool = False,
) -> Extract:
    """Pass 1 over the files: problems, convictions (one row per count, with the charge's
    citation and its membership of ``sets``), registrations and deaths.  ``sets`` may be a
    function, called once the files are scanned (so a statute can load meanwhile).
    ``formulas``: find the lines that may hold a formula cell too (``FileStats.formula_rows``,
    for pass 2).

    A truncated file or one that is not valid UTF-8 is read from a cleaned copy written to
    ``workdir`` (a temporary folder, removed on return, when none is given)."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="clearlaw-ca-doj-") as tmp:
            return read_extract(paths, sets, tmp, formulas=formulas)
    wd = Path(workdir)
    files: list[FileStats] = []
    problems: list[Problem] = []
    frames: list[pl.DataFrame] = []
    runs: list[pl.DataFrame] = []
    for index, raw in enumerate(paths):
        stats, file_problems, df, file_runs = _read_file(Path(raw), index, wd, formulas)
        files.append(stats)
        problems.extend(file_problems)
        frames.append(df)
        runs.append(file_runs)
    if not frames:
        frames.append(
            _pass1(scan_doj(b"", False))
            .collect()
            .with_columns(pl.lit(0, dtype=pl.Int32).alias("file"))
        )
    rel = pl.concat(frames, rechunk=False) if len(frames) > 1 else frames[0]
    if callable(sets):
        sets = sets()
    sets = {k: v for k, v in sets.items() if k in SET_NAMES} or sets
    conv = rel.filter(pl.col("conv"))
    regs = rel.filter(pl.col("step") == "REGISTRATION")
    charges = charges_table(
        pl.concat([conv["charge"], regs["charge"]]).drop_nulls().unique().to_list(), sets
    )
    hand_review: dict[str, list[Problem]] = {}
    for p in problems:
        if p.person_id:
            hand_review.setdefault(p.person_id, []).append(p)
    deceased = set(rel.filter(pl.col("step") == "DECEASED")["person"].drop_nulls().to_list())
    registrations: dict[str, list[date | None]] = {}
    regs = _with_charges(regs, charges).filter(pl.col("section").str.starts_with("290"))
    for pid, d in regs.select("person", "conviction_date").iter_rows():
        registrations.setdefault(pid, []).append(d)
    return Extract(
        files=files,
        problems=problems,
        convictions=_convictions(conv, charges),
        deceased=deceased,
        registrations=registrations,
        hand_review=hand_review,
        runs=pl.concat(runs) if runs else pl.DataFrame(schema=RUNS_SCHEMA),
        workdir=wd,
    )


def _read_file(
    path: Path, index: int, workdir: Path, formulas: bool
) -> tuple[FileStats, list[Problem], pl.DataFrame, pl.DataFrame]:
    """Pass 1 over one file: its counts, its problems, its kept rows (``file`` = index) and
    its runs (``Extract.runs``)."""
    columns = header_columns(path)
    header = columns is not None
    read = _Readable(path, index, workdir)
    if _cr_only(path):
        read.copy("lf", _lf_copy)
    truncated = _unterminated_quote(read.path)
    cut_at = _last_line_start(read.path) if truncated else None
    if truncated:
        read.copy("cut", lambda src, dst: _clean_copy(src, dst, cut_at))
    scan, malformed = read.scan(header, columns or COLUMNS, formulas)
    df, total, fields = scan.kept, scan.rows, scan.located
    offset = 2 if header else 1  # line number of data row 0 (one line per row)

    @functools.cache
    def known() -> set[str]:  # the people with a conviction in the file, when a row needs them
        return set(df.filter(pl.col("conv"))["person"].drop_nulls().to_list())

    problems: list[Problem] = []
    rejected: set[int] = set()
    skipped: set[int] = set()
    name = str(path)
    in_doubt = pl.col("maybe_short") | pl.col("too_long") | _ANY_BAD
    for rec in scan.checked.filter(in_doubt).iter_rows(named=True):
        row = int(rec["row"])
        line, cells = fields.get(row, (row + offset, []))
        if line in malformed:
            problems.append(
                Problem(
                    name,
                    line,
                    "row",
                    "",
                    "not CSV: a quote in the wrong place (a stray quote, or a quoted field "
                    "that does not end)",
                    _subject_of(_lenient_fields(malformed[line]), known()),
                )
            )
        elif rec["maybe_short"] and len(cells) <= 1 and not "".join(cells).strip():
            skipped.add(row)  # a blank line: not a row
            continue
        elif rec["too_long"] or (rec["maybe_short"] and len(cells) != N_FIELDS):
            n = len(cells)
            problems.append(
                Problem(
                    name,
                    line,
                    "row",
                    str(n),
                    f"the row has {n} fields, expected {N_FIELDS}",
                    _subject_of(cells, known()),
                )
            )
        elif any(rec[f"bad_{c}"] for c in CHECKS):
            pid = None if rec["bad_SUBJECT_ID"] else rec["person"]
            for c in CHECKS:
                if rec[f"bad_{c}"]:
                    value = (rec[f"raw_{c}"] or "").strip()[:60]
                    message = CHECKS[c] + (f": {value!r}" if c in DATE_FIELDS else "")
                    problems.append(Problem(name, line, c, value, message, pid))
        else:
            continue
        rejected.add(row)
    if truncated:
        problems.append(
            Problem(
                name,
                scan.lines + 1,
                "row",
                "",
                "the file ends inside a quoted field (truncated)",
                _subject_of(_truncated_fields(path, cut_at or 0), known()),
            )
        )
    stats = FileStats(
        name,
        header,
        total - len(skipped) + (1 if truncated else 0),
        len(rejected) + (1 if truncated else 0),
        truncated=truncated,
        rejected_rows=frozenset(rejected),
        read_path=str(read.path),
        invalid_utf8=read.invalid_utf8,
        one_line_per_row=scan.one_line_per_row,
        columns=columns or COLUMNS,
        skipped_rows=frozenset(skipped),
        blank_lines=len(skipped),
        lines=scan.lines + (1 if truncated else 0),
        formula_rows=scan.formula_rows,
    )
    df = df.with_columns(pl.lit(index, dtype=pl.Int32).alias("file"))
    runs = df.filter(pl.col("run_start")).select("file", "row", pl.col("person").cast(pl.String))
    if rejected:  # after the runs: a rejected row still tells whose the rows after it are
        df = df.filter(~pl.col("row").is_in(sorted(rejected)))
    return stats, problems, df, runs


def _lenient_fields(line: str) -> list[str]:
    """A line's fields as the ``csv`` module reads them (it takes stray quotes as text)."""
    return next(csv.reader([line]), [])


class _Readable:
    """The file pass 1 reads: the input, or the last cleaned copy of it in the work folder
    (line feeds for carriage returns; without a truncated last line; bad UTF-8 bytes
    replaced; lines that are not CSV left blank)."""

    def __init__(self, path: Path, index: int, workdir: Path) -> None:
        self.source = path
        self.path = path
        self.index = index
        self.workdir = workdir
        self.invalid_utf8 = False

    def copy(self, step: str, make: Callable[[Path, Path], Path]) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.path = make(self.path, self.workdir / f"{self.index}-{step}-{self.source.name}")

    def scan(
        self, header: bool, columns: Sequence[str], formulas: bool
    ) -> tuple[_Scan, dict[int, str]]:
        """Pass 1 over the file, and the lines that are not CSV (left blank in a copy: the
        rest of the file is read)."""
        try:
            scan = self._scan_utf8(header, columns, formulas)
        except pl.exceptions.PolarsError:  # not CSV (a stray quote)
            malformed = _malformed_lines(self.path)
            if not malformed:
                raise RunError(_UNREADABLE.format(self.source)) from None
        else:
            if scan.one_line_per_row:
                return scan, {}
            malformed = _malformed_lines(self.path)
            if not malformed:
                return scan, {}
        self.copy("csv", lambda src, dst: _blanked_copy(src, dst, malformed))
        try:
            return self._scan_utf8(header, columns, formulas), malformed
        except pl.exceptions.PolarsError:
            raise RunError(_UNREADABLE.format(self.source)) from None

    def _scan_utf8(self, header: bool, columns: Sequence[str], formulas: bool) -> _Scan:
        """``_scan_file``; bytes that are not UTF-8 are replaced (in a copy) first."""
        try:
            return _scan_file(self.path, header, columns, formulas)
        except pl.exceptions.ComputeError as err:
            if not _is_utf8_error(err) or self.invalid_utf8:
                raise
        self.invalid_utf8 = True
        self.copy("utf8", lambda src, dst: _clean_copy(src, dst, None))
        return _scan_file(self.path, header, columns, formulas)


#: Said of a file Polars cannot parse although no line of it is found at fault (Polars'
#: own message is not shown: it quotes the record).
_UNREADABLE = "{}: cannot be read as CSV, and no line of it was found at fault"


def _charge_expr(trimmed: bool = False) -> pl.Expr:
    """``charge_text`` as a Polars expression (tests check that the two agree); ``trimmed``:
    the description and comment columns are trimmed already."""
    descr, comment = pl.col("OFFENSE_DESCR"), pl.col("COMMENT_TEXT")
    if not trimmed:
        descr, comment = descr.str.strip_chars(), comment.str.strip_chars()
    see = (
        descr.is_null()
        | descr.is_in(["", "x", "-", "NULL"])
        | descr.str.to_uppercase().str.starts_with("SEE COMMENT FOR CHARGE")
    )
    return pl.when(see).then(comment.fill_null("")).otherwise(descr)


def _date(col: str) -> pl.Expr:
    """A trimmed column's date (``YYYYMMDD``; else null)."""
    return pl.col(col).str.to_date("%Y%m%d", strict=False)


def _with_charges(df: pl.DataFrame, charges: pl.DataFrame) -> pl.DataFrame:
    """``df`` with what ``charges`` (``charges_table``) reads in each row's charge."""
    charges = charges.with_columns(pl.col("charge").cast(df.schema["charge"]))
    return df.join(charges, on="charge", how="left", maintain_order="left")


def _convictions(df: pl.DataFrame, charges: pl.DataFrame) -> pl.DataFrame:
    """One row per conviction (``person``, ``cnt_order``): sentence parts merged, and what
    ``charges`` reads in the charge of the first."""
    set_names = charges.columns[4:]
    grouped = (
        df.group_by("person", "cnt_order", maintain_order=True)
        .agg(
            pl.col("file").first(),
            pl.col("row").first(),
            # the count's rows (sentence parts; in one or more files), for pass 2
            pl.struct(pl.col("file").alias("in_file"), pl.col("row").alias("at_row")).alias("rows"),
            pl.col("CII_NUMBER").first().alias("cii"),
            pl.col("PRI_NAME").first().alias("name"),
            pl.col("dob").drop_nulls().first(),
            pl.col("offense_date").drop_nulls().first(),
            pl.col("conviction_date").drop_nulls().first(),
            pl.col("county").drop_nulls().first(),
            pl.col("ofn").drop_nulls().first(),
            pl.col("charge").first(),
            pl.col("level").drop_nulls().first(),
            pl.col("incarc").any().alias("incarcerated"),
            pl.col("superv").any().alias("supervised"),
            pl.col("part").alias("sentence"),  # a list, joined below (faster than str.join)
        )
        .with_columns(pl.col(pl.Categorical).cast(pl.String))
        .with_columns(pl.col("sentence").cast(pl.List(pl.String)).list.join("; "))
    )
    grouped = _with_charges(grouped, charges).select(
        *grouped.columns[: grouped.columns.index("level")],
        *charges.columns[1:4],
        "level",
        "incarcerated",
        "supervised",
        "sentence",
        pl.col(set_names).fill_null(False),
    )
    grouped = grouped.with_columns(
        pl.col("cnt_order").str.slice(0, 6).alias("case_id"),
        pl.when(pl.col("cnt_order").str.len_chars() == 12)
        .then(pl.col("cnt_order").str.slice(6, 3))
        .otherwise(pl.col("cnt_order"))
        .alias("count_id"),
    )
    # the court case number: this count's OFN, else another count's in the same case; and
    # a court step whose counts name different counties is one case per county
    cases = grouped.group_by("person", "case_id").agg(
        pl.col("ofn").drop_nulls().first().alias("case_ofn"),
        (pl.col("county").n_unique() > 1).alias("several"),
    )
    grouped = grouped.join(cases, on=["person", "case_id"], how="left", maintain_order="left")
    return grouped.with_columns(
        pl.when("several")
        .then(pl.concat_str("case_id", pl.col("county").fill_null("?"), separator="-"))
        .otherwise(pl.col("case_id"))
        .alias("case_id"),
        pl.coalesce("ofn", "case_ofn").alias("case_number"),
    ).drop("case_ofn", "several")


def read_people(
    paths: Sequence[str | Path], sets: dict[str, CitationSet] | None = None
) -> tuple[list[Person], Extract]:
    """Every person with a conviction in the files, as normalized records, with the extract
    (problems, counts).  ``sets`` default to ca/prop64's citation sets."""
    if sets is None:
        from clearlaw.library import load

        sets = dict(load("ca/prop64").checked.sets)
    extract = read_extract(paths, sets)
    return extract.people(), extract
