"""``clearlaw convert IN OUT``: records from one format to another, one person at a time.

``IN`` is JSON Lines, CSV or Parquet; ``OUT`` is JSON Lines or Parquet (by extension).  Each
person is checked on the way, exactly as ``check`` reads it: the people rejected are listed on
stderr (exit 2) and the others are written, so the output always reads back without a
problem.
"""

from __future__ import annotations

import argparse
import sys

from clearlaw.io.stream import JSONL_SUFFIXES, PARQUET_SUFFIXES

__all__ = ["add_parser", "command"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``convert`` subcommand."""
    cv = sub.add_parser(
        "convert",
        help="records from JSON Lines or CSV to Parquet, or back (docs/records.md, Parquet)",
    )
    cv.add_argument("input", metavar="IN", help="a .jsonl, .csv or .parquet records file")
    cv.add_argument("output", metavar="OUT", help="a .jsonl or .parquet file to write")


def command(args: argparse.Namespace) -> int:
    """Run ``clearlaw convert``; 0 ok, 2 a usage error or rejected records."""
    from pathlib import Path

    from clearlaw.cli import UsageError, open_records, output_bytes, output_file
    from clearlaw.cli import report_rejections as report
    from clearlaw.io import RecordsError
    from clearlaw.io.jsonl import write_people

    suffix = Path(args.output).suffix.lower()
    if suffix not in (*JSONL_SUFFIXES, *PARQUET_SUFFIXES):
        shown = f"cannot write {suffix!r}" if suffix else "no extension"
        raise UsageError(f"{args.output}: {shown}; write .jsonl or .parquet")
    try:
        stream, people = open_records(args.input)
    except RecordsError as err:
        raise UsageError(str(err)) from None
    if suffix in PARQUET_SUFFIXES:
        from clearlaw.io.parquet import write_parquet

        with output_bytes(args.output, args.input) as fb:
            written = write_parquet(people, fb)
    else:
        with output_file(args.output, args.input) as fh:
            written = write_people(people, fh)
    print(f"{args.output}: {written:,} people", file=sys.stderr)
    total = stream.people_read + len(stream.rejected)
    return report(stream.rejected, total, done="converted")
