"""The ``clearlaw documents`` subcommand (argument parsing and the handler ``main`` calls)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser", "command"]


def add_parser(sub: argparse._SubParsersAction, as_of_type: object) -> None:  # type: ignore[type-arg]
    from clearlaw.documents.render import DOCUMENTS, RENDERERS

    do = sub.add_parser(
        "documents", help="notices, reports or a run summary as files (docs/documents.md)"
    )
    do.add_argument("statute", help="a library id such as ny/clean-slate, or a .law file")
    do.add_argument("records", help="a .jsonl or .csv records file")
    do.add_argument("--as-of", type=as_of_type, required=True, metavar="YYYY-MM-DD")
    do.add_argument("--kind", choices=DOCUMENTS, required=True)
    do.add_argument("--lang", default="en", metavar="LANG", help="en (default) or es")
    do.add_argument("--format", choices=sorted(RENDERERS), default="html")
    do.add_argument("--output", required=True, metavar="DIR", help="the folder to write into")
    do.add_argument("--templates", metavar="DIR", help="your template folder, searched first")


def command(args: argparse.Namespace) -> int:
    """Write the documents; 0 ok, 2 a usage, input, template or path error.  Messages name
    files, templates and person ids, never a document's contents."""
    from clearlaw.cli import read_records_file
    from clearlaw.documents import DocumentError, write_documents
    from clearlaw.io import RecordsError
    from clearlaw.library import load

    if args.templates is not None and not Path(args.templates).is_dir():
        print(f"clearlaw: {args.templates}: no such template folder", file=sys.stderr)
        return 2
    try:
        statute = load(args.statute)
        records = read_records_file(args.records)
        written = write_documents(
            statute,
            records.people,
            args.as_of,
            args.kind,
            args.output,
            lang=args.lang,
            templates=args.templates,
            format=args.format,
        )
    except (FileNotFoundError, RecordsError, DocumentError) as err:
        print(f"clearlaw: {err}", file=sys.stderr)
        return 2
    for rejection in records.rejected:
        print(str(rejection), file=sys.stderr)
    print(f"{len(written)} {args.kind} file(s) written to {args.output}")
    return 2 if records.rejected else 0
