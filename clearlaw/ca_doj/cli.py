"""The ``clearlaw ca-doj`` subcommand (argument parsing and the handler ``main`` calls).

Ctrl-C and SIGTERM stop a run the same way: the helpers are stopped, the scratch folder and
temporary files removed, and the run folder stays marked incomplete (clearlaw/io/run_folder.py);
the command says so in one line and exits 130 (Ctrl-C) or 143 (SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from clearlaw.stopping import Terminated, sigterm_unwinds

__all__ = ["add_parser", "command"]

#: Polars allocates with jemalloc, which by default keeps freed pages for 10 s.  A run
#: allocates and frees in waves (pass 1, deciding, pass 2), so the command has jemalloc give
#: freed pages back within 0.2 s, from a background thread (measured at 1M rows: about 110 MB
#: less at the peak, no time lost).  Read once, when Polars loads; ``_RJEM_MALLOC_CONF`` in
#: the environment wins.
JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:200,muzzy_decay_ms:0"


def add_parser(sub: argparse._SubParsersAction, as_of_type: object) -> None:  # type: ignore[type-arg]
    ca = sub.add_parser("ca-doj", help="California DOJ bulk Prop 64 review (docs/ca-doj.md)")
    ca_sub = ca.add_subparsers(dest="ca_doj_command", required=True, metavar="ACTION")
    rn = ca_sub.add_parser(
        "run", help="read DOJ research files, apply a county policy, write the outputs"
    )
    rn.add_argument(
        "--input", required=True, metavar="FILE[,FILE...]", help="DOJ research files (.dat/.csv)"
    )
    rn.add_argument(
        "--county",
        required=True,
        metavar="NAME",
        help='the county, as court steps spell it ("LOS ANGELES")',
    )
    rn.add_argument(
        "--policy",
        required=True,
        metavar="FILE|ID",
        help="a policy .law file, a library id (ca/policies/bear-default) or the statewide "
        "tool's JSON options",
    )
    rn.add_argument("--as-of", type=as_of_type, required=True, metavar="YYYY-MM-DD")
    rn.add_argument("--output", required=True, metavar="DIR", help="the run folder to write")
    rn.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the earlier run in the run folder (only the files it wrote are removed)",
    )
    rn.add_argument(
        "--raw-csv",
        action="store_true",
        help="CSV cells as they are, for programs (default: a cell a spreadsheet would run as "
        "a formula, starting = + - @, gets a leading ')",
    )
    rn.add_argument(
        "--documents",
        action="store_true",
        help="also write the bulk motion, proposed order and summary (docs/documents.md)",
    )
    rn.add_argument(
        "--document-formats",
        default="html,pdf,docx",
        metavar="FMT[,FMT...]",
        help="formats of --documents: html, pdf, docx (default: all three)",
    )
    rn.add_argument("--templates", metavar="DIR", help="your template folder, searched first")
    rn.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes that decide (default: 2 with two cores or more and inputs of 32 MB+)",
    )
    rn.add_argument(
        "--part-mb",
        type=int,
        metavar="MB",
        help="do bigger inputs a part of this size at a time when each person's rows are "
        "together: memory stays flat (default 64; 0: the whole input at once)",
    )
    bar = rn.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None)
    bar.add_argument("--no-progress", dest="progress", action="store_false")


def command(args: argparse.Namespace) -> int:
    """Run ``ca-doj run``; 0 ok, 2 usage or input error (rejected rows included), 130
    interrupted (143 by SIGTERM)."""
    try:
        with sigterm_unwinds():
            return _command(args)
    except KeyboardInterrupt as stop:
        said = "stopped (SIGTERM)" if isinstance(stop, Terminated) else "interrupted"
        print(
            f"clearlaw: {said}; the run folder {args.output} is marked incomplete "
            "(RUN-INCOMPLETE): run again with --overwrite",
            file=sys.stderr,
        )
        return 143 if isinstance(stop, Terminated) else 130


def _command(args: argparse.Namespace) -> int:
    if "polars" not in sys.modules:
        os.environ.setdefault("_RJEM_MALLOC_CONF", JEMALLOC_CONF)
    from clearlaw.ca_doj.decide import default_workers, policy_file
    from clearlaw.ca_doj.errors import RunError
    from clearlaw.ca_doj.pipeline import RUN_FOLDER, run
    from clearlaw.ca_doj.reader import check_inputs
    from clearlaw.io.run_folder import RunFolder
    from clearlaw.policy import OptionsError

    inputs = [p.strip() for p in args.input.split(",") if p.strip()]
    missing = [p for p in inputs if not Path(p).is_file()]
    if not inputs or missing:
        where = missing[0] if missing else args.input
        said = "is a folder, not a DOJ file" if Path(where).is_dir() else "no such input file"
        print(f"clearlaw: {where}: {said}", file=sys.stderr)
        return 2
    formats = [f.strip() for f in args.document_formats.split(",") if f.strip()]
    if args.documents:  # the document renderers load only when asked for (about 0.3 s)
        from clearlaw.documents import RENDERERS

        unknown = [f for f in formats if f not in RENDERERS]
        if unknown or not formats:
            print(
                "clearlaw: --document-formats: unknown format "
                f"{unknown[0] if unknown else '(none)'} (known: {', '.join(sorted(RENDERERS))})",
                file=sys.stderr,
            )
            return 2
    if args.workers is not None and args.workers < 1:
        print(f"clearlaw: --workers: must be 1 or more, not {args.workers}", file=sys.stderr)
        return 2
    if args.part_mb is not None and args.part_mb < 0:
        print(f"clearlaw: --part-mb: must be 0 or more, not {args.part_mb}", file=sys.stderr)
        return 2
    if args.templates is not None and not Path(args.templates).is_dir():
        print(f"clearlaw: {args.templates}: no such template folder", file=sys.stderr)
        return 2
    try:
        check_inputs([Path(p) for p in inputs])  # before the run folder is made
        policy_file(args.policy)
        with RunFolder.open(args.output, RUN_FOLDER, overwrite=args.overwrite) as folder:
            if args.documents:
                folder.plan(_filing_names(formats))
            summary = run(
                inputs,
                args.county,
                args.policy,
                args.as_of,
                folder,
                raw_csv=args.raw_csv,
                progress=args.progress,
                workers=args.workers or default_workers(inputs),
                **({} if args.part_mb is None else {"part_bytes": args.part_mb << 20}),
            )
            failed = args.documents and not _write_filings(args, formats)
            folder.finish()
    except (OptionsError, RunError) as err:
        print(f"clearlaw: {err}", file=sys.stderr)
        return 2
    if failed:
        return 2
    print(
        f"{summary['rows_read']:,} rows read, {summary['rows_used']:,} used, "
        f"{summary['rows_rejected']:,} rejected; "
        f"{summary['people_with_cannabis_conviction_in_county']:,} people with a cannabis conviction "
        f"in the county; outputs in {args.output}"
    )
    return 2 if summary["rows_rejected"] else 0


def _filing_names(formats: list[str]) -> list[str]:
    """The court filings ``--documents`` writes (clearlaw/ca_doj/filings.py)."""
    from clearlaw.ca_doj.filings import FILINGS
    from clearlaw.documents import renderer

    return [f"{doc}.en{renderer(fmt).extension}" for doc in FILINGS for fmt in formats]


def _write_filings(args: argparse.Namespace, formats: list[str]) -> bool:
    """Write the court filings into the run folder; whether they could be written (else
    the problem is said in one line)."""
    from clearlaw.ca_doj.filings import write_filings
    from clearlaw.documents import DocumentError

    try:
        written = write_filings(args.output, args.as_of, formats, templates=args.templates)
    except DocumentError as err:
        print(f"clearlaw: {err}", file=sys.stderr)
        return False
    print(f"{len(written)} court document(s) written to {args.output}")
    return True
