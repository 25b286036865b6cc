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
    do.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the earlier run in --output (removes only the files that run wrote)",
    )
    do.add_argument(
        "--all-cases",
        action="store_true",
        help="motion: a motion for every case with a decided count, not only where relief is asked",
    )
    do.add_argument(
        "--no-html",
        dest="html_beside_pdf",
        action="store_false",
        help="pdf: do not write the (accessible) HTML beside each PDF",
    )
    bar = do.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show progress on stderr (default: when stderr is a terminal)",
    )
    bar.add_argument("--no-progress", dest="progress", action="store_false")


def command(args: argparse.Namespace) -> int:
    """Write the documents; 0 ok, 2 a usage, input, template or path error.  Messages name
    files, templates and person ids, never a document's contents."""
    from clearlaw.cli import read_records_file, report_rejections
    from clearlaw.documents import DocumentError, write_documents
    from clearlaw.io import RecordsError, Rejection
    from clearlaw.library import load
    from clearlaw.progress import Progress
    from clearlaw.scope import screen_people

    if args.templates is not None and not Path(args.templates).is_dir():
        print(f"clearlaw: {args.templates}: no such template folder", file=sys.stderr)
        return 2
    try:
        statute = load(args.statute)
        records = read_records_file(args.records)
        rejected: list[Rejection] = list(records.rejected)
        people = list(screen_people(statute, records.people, rejected))  # facts it can read
        bar = Progress(sys.stderr, enabled=args.progress)
        bar.stage("documents", len(people), unit="people")
        try:
            written = write_documents(
                statute,
                people,
                args.as_of,
                args.kind,
                args.output,
                lang=args.lang,
                templates=args.templates,
                format=args.format,
                overwrite=args.overwrite,
                all_cases=args.all_cases,
                html_beside_pdf=args.html_beside_pdf,
                progress=bar.add,
                rejected=len(rejected),
            )
        finally:
            bar.done()
    except (FileNotFoundError, RecordsError, DocumentError) as err:
        print(f"clearlaw: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the folder full or not writable midway: the run is unfinished
        reason = err.strerror or err
        print(
            f"clearlaw: {args.output}: cannot write: {reason} (the run did not finish)",
            file=sys.stderr,
        )
        return 2
    print(f"{len(written.files)} {args.kind} file(s) written to {args.output}")
    if written.skipped:
        print(
            f"{len(written.skipped)} case(s) with no relief asked got no motion "
            "(--all-cases writes them too)"
        )
    if written.undecided:
        print(
            f"no {args.kind} for {len(written.undecided)} of the records: {statute.id} decides"
            " none of their counts"
        )
    return report_rejections(rejected, len(records.people) + len(records.rejected))
