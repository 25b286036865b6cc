"""The ``clearlaw`` command: list, check, explain, lint and test statutes.

Exit codes: 0 ok; 1 a lint or scenario test failed; 2 a usage or input error (a bad statute
file given to ``check``/``explain``, a missing file or unknown id, an empty records file,
rejected records); 3 an unexpected error (a bug: one line, the traceback only with
``--debug``); 130 interrupted (Ctrl-C).  Every error is one clear message on stderr, never a
traceback.  Output files are written whole or not at all (``clearlaw.io.outputs``).
argparse (standard library) parses arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import itertools
import json
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from clearlaw import __version__
from clearlaw.accounts import Accounts
from clearlaw.check_tests import load_checked_tests
from clearlaw.compare import compare_decided
from clearlaw.compare import jobs as compare_jobs
from clearlaw.coverage import coverage
from clearlaw.coverage import render_table as render_coverage
from clearlaw.coverage import to_json as coverage_json
from clearlaw.dates import date, parse_date
from clearlaw.describe import describe, render_markdown, render_table
from clearlaw.diagnostics import StatuteError, render_all
from clearlaw.evaluate import Statute, evaluate
from clearlaw.explain import render_text
from clearlaw.io import ReadResult, RecordsError, RecordStream, Rejection, records_format
from clearlaw.io import determinations as out
from clearlaw.io.comparison import (
    write_comparison_csv,
    write_comparison_html,
    write_comparison_table,
)
from clearlaw.io.errors import safe_id
from clearlaw.io.outputs import atomic_output
from clearlaw.io.questions import write_questions
from clearlaw.library import list_statutes, load, statute_path
from clearlaw.policy import is_policy_text
from clearlaw.questions import questions
from clearlaw.readings import ReadingError, alternatives, base_id, split_ref
from clearlaw.records import Person
from clearlaw.scenarios import run_all, summarize
from clearlaw.scope import OUT_OF_SCOPE, screen_people
from clearlaw.side_by_side import Decided, Job, python_decided

__all__ = [
    "UsageError",
    "add_engine_option",
    "add_reading_option",
    "console",
    "engine_errors",
    "engine_runs",
    "load_statute",
    "main",
    "open_records",
    "output_file",
    "read_records_file",
    "report_rejected",
    "report_rejections",
]

OK, FAILED, USAGE, BUG, INTERRUPTED, TERMINATED = 0, 1, 2, 3, 130, 143

#: Why standard output may refuse what is written: a full disk or quota, a file too large
#: for its file system, a device error.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})

BUG_HINT = (
    "this is a bug in clearlaw: please report it with the command you ran (never the records); "
    "`clearlaw --debug …` shows the traceback"
)

RAW_CSV_HELP = (
    "csv: write cells as they are; by default a cell that begins with = + - @, a tab or a "
    "carriage return gets a leading ' so that a spreadsheet shows it instead of running it "
    "as a formula"
)


class UsageError(Exception):
    """A problem with what the user asked for; the message says what."""


def _as_of(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="clearlaw",
        description="Clean-slate statutes as readable, checked, executable code.",
    )
    p.add_argument("--version", action="version", version=f"clearlaw {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ls = sub.add_parser("list", help="list the statutes in the library")
    ls.add_argument("--format", choices=("table", "json"), default="table")

    ck = sub.add_parser("check", help="decide every count of every person in a records file")
    ck.add_argument("statute", help="a library id such as ny/clean-slate, or a .law file")
    ck.add_argument("records", help="a .jsonl, .csv or .parquet records file")
    ck.add_argument("--as-of", type=_as_of, required=True, metavar="YYYY-MM-DD")
    ck.add_argument("--format", choices=("table", "jsonl", "csv", "parquet"), default="table")
    ck.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    ck.add_argument("--explain", action="store_true", help="jsonl: include explanation trees")
    add_reading_option(ck)
    ck.add_argument(
        "--engine",
        choices=("python", "duckdb", "spark"),
        default="python",
        help="duckdb: the statute compiled to SQL, for large inputs; spark: the same SQL in"
        " Apache Spark, local[2] (--format jsonl or parquet; docs/columnar.md)",
    )
    ck.add_argument("--raw-csv", action="store_true", help=RAW_CSV_HELP)
    ck.add_argument(
        "--decided-only",
        action="store_true",
        help="leave out the counts the statute does not decide (by default each is listed as"
        " out_of_scope with the reason, so every count of the records is accounted for)",
    )
    ck.add_argument(
        "--summary",
        action="store_true",
        help="print on stderr how many counts were decided, need review, are out of scope or"
        " have a citation that cannot be read",
    )
    ck.add_argument(
        "--questions",
        action="store_true",
        help="instead of the determinations, list the facts the counts that need review lack,"
        " ranked by how many counts each alone would settle (in --format)",
    )

    ex = sub.add_parser("explain", help="explain the determinations for one person")
    ex.add_argument("statute")
    ex.add_argument("records")
    ex.add_argument("--person", required=True, metavar="ID")
    ex.add_argument("--as-of", type=_as_of, required=True, metavar="YYYY-MM-DD")
    ex.add_argument("--format", choices=("text", "json"), default="text")
    add_reading_option(ex)

    li = sub.add_parser("lint", help="check statute files and their scenario tests")
    li.add_argument("statutes", nargs="+", metavar="STATUTE")

    co = sub.add_parser("compare", help="several statutes on the same records, side by side")
    co.add_argument("statutes", nargs="+", metavar="STATUTE")
    co.add_argument("records", help="a .jsonl, .csv or .parquet records file")
    co.add_argument("--as-of", type=_as_of, required=True, metavar="YYYY-MM-DD")
    co.add_argument("--format", choices=("table", "csv", "html"), default="table")
    co.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    co.add_argument("--raw-csv", action="store_true", help=RAW_CSV_HELP)
    add_reading_option(co)
    co.add_argument(
        "--as-if-local",
        action="store_true",
        help="treat every case as if it were in each statute's own jurisdiction",
    )
    add_engine_option(co)

    de = sub.add_parser("describe", help="waiting periods, caps, exclusions of statutes (Markdown)")
    de.add_argument("statutes", nargs="*", metavar="STATUTE", help="default: the whole library")
    de.add_argument(
        "--table", action="store_true", help="one line per statute and policy (README.md's table)"
    )

    te = sub.add_parser("test", help="run the scenario tests written beside statutes")
    te.add_argument("statutes", nargs="*", metavar="STATUTE", help="default: the whole library")
    te.add_argument(
        "--coverage",
        action="store_true",
        help="report the rules, exceptions and condition branches the scenarios exercise, and"
        " list the others with file:line",
    )
    te.add_argument("--format", choices=("table", "json"), default="table", help="of --coverage")

    from clearlaw.ca_doj.cli import add_parser as _add_ca_doj  # California DOJ bulk review

    _add_ca_doj(sub, _as_of)

    from clearlaw.documents.cli import add_parser as _add_documents  # notices, reports

    _add_documents(sub, _as_of)

    from clearlaw.service.cli import add_parser as _add_serve  # HTTP API and playground

    _add_serve(sub)

    from clearlaw.lsp.cli import add_parser as _add_lsp  # language server for editors

    _add_lsp(sub)

    from clearlaw.convert import add_parser as _add_convert  # JSON Lines, CSV, Parquet

    _add_convert(sub)

    from clearlaw.drafting.cli import add_parsers as _add_drafting  # diff, population

    _add_drafting(sub, _as_of, RAW_CSV_HELP)
    for command in sub.choices.values():  # `clearlaw check … --debug` works too
        if "--debug" not in command._option_string_actions:
            command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    return p


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:  # one of them does not exist (yet)
        return False


#: Every file the statutes of this command were read from (a statute, the statute it amends,
#: their tables): inputs of the command that ``-o`` never writes over.  ``main`` empties it.
_STATUTE_FILES: list[Path] = []


def _target(path: str, inputs: Sequence[str]) -> Path:
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{path}: is a folder; -o names the file to write")
    read = [*map(Path, inputs), *_STATUTE_FILES]
    if any(_same_file(target, source) for source in read):
        raise UsageError(f"{path}: is an input of this command; write the output elsewhere")
    return target


@contextlib.contextmanager
def output_file(path: str | None, *inputs: str) -> Iterator[TextIO]:
    """stdout, or the file ``path`` written atomically (``atomic_output``: a temporary file
    renamed into place when complete, created 0600); never one of the ``inputs``."""
    if path is None:
        yield sys.stdout
        return
    target = _target(path, inputs)
    with _writing(path), atomic_output(target, "w", newline="") as fh:
        yield cast(TextIO, fh)


@contextlib.contextmanager
def output_bytes(path: str, *inputs: str) -> Iterator[BinaryIO]:
    """``output_file`` for a binary format (Parquet): always a file."""
    target = _target(path, inputs)
    with _writing(path), atomic_output(target, "wb") as fb:
        yield cast(BinaryIO, fb)


@contextlib.contextmanager
def _writing(path: str) -> Iterator[None]:
    """The system's refusal to write ``path`` (a full disk, a missing folder) as one line."""
    try:
        yield
    except OSError as err:
        if err.errno is None:  # not the system's: pyarrow reading a damaged input, say
            raise
        raise UsageError(f"{path}: cannot write: {err.strerror or err}") from None


def add_engine_option(parser: argparse.ArgumentParser) -> None:
    """``--engine python|duckdb|spark`` for ``compare`` and ``diff`` (docs/columnar.md)."""
    parser.add_argument(
        "--engine",
        choices=("python", "duckdb", "spark"),
        default="python",
        help="duckdb: each statute compiled to SQL and run over the whole records file (for"
        " large inputs); spark: the same SQL in Apache Spark, local[2]; the output is the"
        " same as with python (docs/columnar.md)",
    )


READING_HELP = (
    "read STATUTE's contested reading NAME as ALTERNATIVE (`clearlaw describe` lists them); "
    "STATUTE as given on the command line or its id; may be repeated"
)


def add_reading_option(parser: argparse.ArgumentParser) -> None:
    """``--reading STATUTE:NAME=ALTERNATIVE[,…]`` (``clearlaw.readings``)."""
    parser.add_argument(
        "--reading",
        action="append",
        default=[],
        metavar="STATUTE:NAME=ALT",
        help=READING_HELP,
    )


def load_statute(ref: str, readings: Sequence[str] = ()) -> Statute:
    """The statute ``ref`` names (a library id or a file, with chosen readings as
    ``id:name=alternative``), read as the ``--reading`` options that name it say."""
    wanted: dict[str, dict[str, str]] = {}
    try:
        for option in readings:
            target, choices = split_ref(option)
            if not choices:
                raise ReadingError(f"--reading {option}: write STATUTE:NAME=ALTERNATIVE")
            wanted.setdefault(target, {}).update(choices)
        base, choices = split_ref(ref)
        statute = load(base, {**choices, **wanted.get(base, {})} or None)
        own = wanted.get(base_id(statute.node.header.id))
        if own and base != statute.node.header.id:
            statute = load(base, {**choices, **own})
    except FileNotFoundError as err:
        raise UsageError(str(err)) from None
    except ReadingError as err:
        raise UsageError(str(err)) from None
    _STATUTE_FILES.extend(Path(f) for f in (statute.node.path, *dict(statute.node.sources)))
    return statute


def open_records(path: str) -> tuple[RecordStream, Iterator[Person]]:
    """The people in ``path``, a file named on the command line, as a stream read once (its
    first person already read, so that a file that cannot be read fails before any output);
    ``RecordsError`` (one line) if it is missing, a folder, unreadable or holds no records."""
    _records_file(path)
    stream = RecordStream(path)
    people = iter(stream)
    first = next(people, None)
    if first is None:
        if stream.lines_read == 0 and not stream.rejected:
            raise _empty(path)
        return stream, people
    return stream, itertools.chain((first,), people)


def _records_file(path: str) -> None:
    """``RecordsError`` if ``path`` is missing, a folder, unreadable or blank."""
    file = Path(path)
    if file.is_dir():
        raise RecordsError(f"{path}: is a folder, not a records file")
    if not file.exists():
        raise RecordsError(f"{path}: no such records file")
    if not file.is_file():
        raise RecordsError(f"{path}: not a file (a device or a pipe); give a records file")
    if _blank(file):
        raise _empty(path)


def _empty(path: str) -> RecordsError:
    return RecordsError(f"{path}: holds no records (the file is empty)")


def read_records_file(path: str) -> ReadResult:
    """The records in ``path`` at once (``open_records`` gathered)."""
    stream, people = open_records(path)
    loaded = tuple(people)
    return ReadResult(people=loaded, rejected=tuple(stream.rejected), lines_read=stream.lines_read)


def _blank(file: Path) -> bool:
    """Whether ``file`` holds nothing but white space (read until its first other byte)."""
    try:
        with file.open("rb") as fh:
            while chunk := fh.read(1 << 16):
                if chunk.strip():
                    return False
    except OSError as err:
        raise RecordsError(f"{file}: cannot read: {err.strerror or err}") from None
    return True


def _open(path: str) -> tuple[RecordStream, Iterator[Person]]:
    try:
        return open_records(path)
    except RecordsError as err:
        raise UsageError(str(err)) from None


def _read(path: str) -> ReadResult:
    try:
        return read_records_file(path)
    except RecordsError as err:
        raise UsageError(str(err)) from None


def report_rejected(result: ReadResult) -> int:
    """Print the rejections of ``result`` and how many people they are; USAGE if any."""
    return report_rejections(result.rejected, len(result.people) + len(result.rejected))


def report_rejections(rejected: Sequence[Rejection], people: int, done: str = "evaluated") -> int:
    """Print ``rejected`` (of ``people`` in the file) on stderr, in the file's order (the
    reader's rejections and those of the statute's facts come apart); USAGE if there are any."""
    for rejection in sorted(rejected, key=lambda x: x.line):
        print(str(rejection), file=sys.stderr)
    if rejected:
        print(
            f"{len(rejected)} of {people} people rejected (listed above); the others were {done}",
            file=sys.stderr,
        )
        return USAGE
    return OK


def load_statutes(refs: Sequence[str], readings: Sequence[str]) -> list[Statute]:
    """``load_statute`` of each ref; a ``--reading`` that names none of them is a usage
    error (it would otherwise be ignored)."""
    statutes = [load_statute(ref, readings) for ref in refs]
    names = {split_ref(ref)[0] for ref in refs} | {base_id(s.node.header.id) for s in statutes}
    for option in readings:
        if split_ref(option)[0] not in names:
            raise UsageError(f"--reading {option}: names none of the statutes of this command")
    return statutes


def _cmd_list(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    for sid, path in list_statutes().items():
        st = load(path)
        h = st.node.header
        rows.append(
            {
                "id": sid,
                "title": h.title,
                "jurisdiction": h.jurisdiction,
                "citations": [c.citation for c in h.cites],
                "effective": [str(d) for d in h.effective],
            }
        )
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            print(
                f"{row['id']:<22} {row['jurisdiction'] or '':<7} {','.join(row['effective']):<11} {row['title']}"
            )
    return OK


def _cmd_check(args: argparse.Namespace) -> int:
    (statute,) = load_statutes([args.statute], args.reading)
    if args.engine in ("duckdb", "spark"):
        return _check_columnar(args, statute)
    if args.format == "parquet" and (args.output is None or args.questions):
        raise UsageError(
            "--format parquet writes a file of determinations: give -o FILE (and not --questions)"
        )
    stream, people = _open(args.records)
    screened: list[Rejection] = []  # people whose facts the statute cannot read
    accounts = Accounts()
    determinations = (
        d
        for d in accounts.watch(
            d
            for p in screen_people(statute, people, screened)
            for d in evaluate(statute, p, args.as_of, explain=args.explain, out_of_scope=True)
        )
        if not (args.decided_only and d.outcome == OUT_OF_SCOPE)
    )
    if args.format == "parquet":
        from clearlaw.io.determination_table import write_parquet  # pyarrow when needed

        with output_bytes(args.output, args.records, args.statute) as fb:
            write_parquet(determinations, fb, explanation=args.explain)
    else:
        with output_file(args.output, args.records, args.statute) as fh:
            if args.questions:
                write_questions(questions(statute, determinations), fh, args.format)
            elif args.format == "jsonl":
                out.write_jsonl(determinations, fh, explanation=args.explain)
            elif args.format == "csv":
                out.write_csv(determinations, fh, raw=args.raw_csv)
            else:
                out.write_table(determinations, fh)
    people_read = stream.people_read
    accounts.report(sys.stderr, summary=args.summary, people=people_read - len(screened))
    return report_rejections([*stream.rejected, *screened], people_read + len(stream.rejected))


def _check_columnar(args: argparse.Namespace, statute: Statute) -> int:
    """``check --engine duckdb|spark``: the whole input at once, the determinations streamed
    out as JSON Lines or Parquet."""
    from clearlaw.columnar import spark, write_determinations
    from clearlaw.columnar import stream as duckdb_stream
    from clearlaw.columnar.engine import warned
    from clearlaw.io.parquet import parquet_rows

    streamed = spark.stream if args.engine == "spark" else duckdb_stream
    if args.format not in ("jsonl", "parquet") or args.explain or args.questions or args.summary:
        raise UsageError(
            f"--engine {args.engine} writes --format jsonl or parquet"
            " (not with --explain, --questions or --summary: use --engine python)"
        )
    if args.format == "parquet" and args.output is None:
        raise UsageError("--format parquet writes a file of determinations: give -o FILE")
    try:  # the same one-line errors (missing, a folder, empty) as python's
        _records_file(args.records)
        if records_format(args.records) != "parquet":
            open_records(args.records)
        elif parquet_rows(args.records) == 0:  # its rows are the engine's to read
            raise _empty(args.records)
    except RecordsError as err:
        raise UsageError(str(err)) from None
    accounts = Accounts()  # the warnings, as the Python evaluator's run says them
    with (
        engine_errors(args.records),
        streamed(statute, args.records, args.as_of, out_of_scope=not args.decided_only) as result,
    ):
        batches = warned(result.batches, accounts)
        if args.format == "parquet":
            with output_bytes(args.output, args.records, args.statute) as fb:
                write_determinations(batches, fb, "parquet")
        else:
            with output_file(args.output, args.records, args.statute) as fh:
                write_determinations(batches, fh, "jsonl")
    accounts.report(sys.stderr, summary=False, people=result.people)
    return report_rejections(result.rejected, result.people)


@contextlib.contextmanager
def engine_errors(records: str) -> Iterator[None]:
    """The columnar engines' errors (a construct they cannot compile, an engine that is
    missing, a records file they or pyarrow cannot read) as one-line ``UsageError``s (exit
    2)."""
    import duckdb
    import pyarrow as pa

    from clearlaw.columnar import UnsupportedConstruct
    from clearlaw.frames import EngineError

    try:
        yield
    except (UnsupportedConstruct, RecordsError, EngineError) as err:
        raise UsageError(str(err)) from None
    except duckdb.Error as err:  # a damaged file, a full disk: the message may quote records
        raise UsageError(
            f"{records}: the DuckDB engine stopped ({type(err).__name__.lstrip('_')});"
            " --engine python reads the records one by one and names what it cannot read"
        ) from None
    except (OSError, pa.ArrowException) as err:  # pyarrow reading damaged pages
        if isinstance(err, BrokenPipeError) or getattr(err, "errno", None) in _NO_ROOM:
            raise  # writing the output: main says so
        raise UsageError(
            f"{records}: cannot be read ({type(err).__name__}); the file may be damaged"
        ) from None


@contextlib.contextmanager
def engine_runs(
    path: str, jobs: Sequence[Job], engine: str
) -> Iterator[tuple[Iterator[Decided], list[Rejection], int]]:
    """``compare``/``diff --engine duckdb|spark``: the jobs over the records file ``path``
    (``side_by_side.engine_decided``; a Parquet file as it is, another format read first):
    (each person's determinations, to read inside the block; the people rejected; the
    people in the file)."""
    from clearlaw.side_by_side import engine_decided

    stream, people = _open(path)
    parquet = stream.format == "parquet"
    with engine_errors(path), engine_decided(jobs, path if parquet else people, engine) as runs:
        unread = [] if parquet else list(stream.rejected)
        yield runs.decided, [*unread, *runs.rejected], runs.rows + len(unread)


def _cmd_explain(args: argparse.Namespace) -> int:
    (statute,) = load_statutes([args.statute], args.reading)
    records = _read(args.records)
    person = next((p for p in records.people if p.id == args.person), None)
    if person is None:
        rejected = next((r for r in records.rejected if r.person_id == args.person), None)
        if rejected is not None:
            raise UsageError(f"person {safe_id(args.person)} was rejected:\n{rejected}")
        raise UsageError(f"{args.records}: no person with id {args.person!r}")
    unread: list[Rejection] = []
    if not any(screen_people(statute, (person,), unread)):  # a fact of the wrong type
        raise UsageError(f"person {safe_id(args.person)} was rejected:\n{unread[0]}")
    results = evaluate(statute, person, args.as_of)
    if args.format == "json":
        data = [out.determination_to_json(d, explanation=True) for d in results]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return OK
    if not results:
        print(f"{statute.id} decides none of person {safe_id(person.id)}'s counts")
    for d in results:
        assert d.explanation is not None
        print(f"{safe_id(d.case)}/{safe_id(d.count)}: {d.outcome} — {'; '.join(d.reasons)}")
        print(render_text(d.explanation, indent=1))
        print()
    return OK


def _cmd_lint(args: argparse.Namespace) -> int:
    status = OK
    for ref in args.statutes:
        try:
            path = statute_path(ref)
            statute = load(path)
        except FileNotFoundError as err:
            print(f"clearlaw: {err}", file=sys.stderr)
            status = USAGE
            continue
        except StatuteError as err:
            print(str(err), file=sys.stderr)
            status = max(status, FAILED)
            continue
        problems = list(statute.checked.warnings)
        broken = 0
        for reading, alternative in alternatives(statute.node):  # every other reading checks too
            try:
                other = load(path, {reading.name: alternative.name})
            except StatuteError as err:
                print(str(err), file=sys.stderr)
                broken += 1
                continue
            problems += [w for w in other.checked.warnings if w not in problems]
        if broken:
            print(f"{path}: {broken} alternative reading(s) do not check")
            status = max(status, FAILED)
            continue
        try:
            load_checked_tests(path, statute)
        except StatuteError as err:
            print(str(err), file=sys.stderr)
            print(f"{path.with_suffix('.tests')}: {len(err.diagnostics)} error(s)")
            status = max(status, FAILED)
        if problems:
            print(render_all(problems, statute.sources), file=sys.stderr)
        print(f"{path}: {'ok' if not problems else f'{len(problems)} warning(s)'}")
    return status


def _cmd_ca_doj(args: argparse.Namespace) -> int:
    from clearlaw.ca_doj.cli import command

    return command(args)


def _cmd_documents(args: argparse.Namespace) -> int:
    from clearlaw.documents.cli import command

    return command(args)


def _cmd_serve(args: argparse.Namespace) -> int:
    from clearlaw.service.cli import command

    return command(args)


def _cmd_lsp(args: argparse.Namespace) -> int:
    from clearlaw.lsp.cli import command

    return command(args)


def _cmd_convert(args: argparse.Namespace) -> int:
    from clearlaw.convert import command

    return command(args)


def _cmd_diff(args: argparse.Namespace) -> int:
    from clearlaw.drafting.cli import command_diff

    return command_diff(args)


def _cmd_readings(args: argparse.Namespace) -> int:
    from clearlaw.drafting.cli import command_readings

    return command_readings(args)


def _cmd_population(args: argparse.Namespace) -> int:
    from clearlaw.drafting.cli import command_population

    return command_population(args)


def _cmd_compare(args: argparse.Namespace) -> int:
    statutes = load_statutes(args.statutes, args.reading)
    jobs = compare_jobs(statutes, args.as_of, as_if_local=args.as_if_local)
    if args.engine == "python":
        stream, people = _open(args.records)
        screened: list[Rejection] = []  # people whose facts a statute cannot read
        for statute in statutes:
            people = screen_people(statute, people, screened)
        result = compare_decided(statutes, args.as_of, python_decided(jobs, people))
        rejected, total = [*stream.rejected, *screened], stream.people_read + len(stream.rejected)
    else:
        with engine_runs(args.records, jobs, args.engine) as (decided, rejected, total):
            result = compare_decided(statutes, args.as_of, decided)
    with output_file(args.output, args.records, *args.statutes) as fh:
        if args.format == "csv":
            write_comparison_csv(result, fh, raw=args.raw_csv)
        elif args.format == "html":
            write_comparison_html(result, fh, as_if_local=args.as_if_local)
        else:
            write_comparison_table(result, fh)
    return report_rejections(rejected, total)


def _cmd_describe(args: argparse.Namespace) -> int:
    if args.table:
        refs = args.statutes or list(list_statutes())
        sys.stdout.write(render_table([describe(load_statute(ref)) for ref in refs]))
        return OK
    refs = args.statutes or [
        sid
        for sid, path in list_statutes().items()
        if not is_policy_text(path.read_text(encoding="utf-8"))
    ]
    sys.stdout.write(render_markdown([describe(load_statute(ref)) for ref in refs]))
    return OK


def _cmd_test(args: argparse.Namespace) -> int:
    if args.format != "table" and not args.coverage:
        raise UsageError("--format is the format of the --coverage report")
    refs: Sequence[str | Path] = args.statutes or list(list_statutes().values())
    results = []
    reports = []
    status = OK
    # the JSON report alone goes to stdout
    log = sys.stderr if args.format == "json" else sys.stdout
    for ref in refs:
        base, chosen = split_ref(str(ref))  # `ny/clean-slate:dwai_clock=like_b`: a reading
        try:
            path = statute_path(base)
        except FileNotFoundError as err:
            print(f"clearlaw: {err}", file=sys.stderr)
            status = USAGE
            continue
        try:
            statute = load(path, chosen or None)
            tests = load_checked_tests(path, statute)
        except ReadingError as err:
            print(f"clearlaw: {err}", file=sys.stderr)
            status = USAGE
            continue
        except StatuteError as err:
            print(str(err), file=sys.stderr)
            status = max(status, FAILED)
            continue
        if tests is None:
            print(f"{path}: no scenario tests (expected {path.with_suffix('.tests')})", file=log)
            continue
        run = run_all(tests, statute, explain=args.coverage)
        failures = run.failures
        for f in failures:
            print(str(f), file=log)
        held = len(run.checked) - len(failures)
        print(f"{statute.id}: {held} of {len(run.checked)} expectations hold", file=log)
        results.append((statute.id, len(run.checked), failures))
        if failures:
            status = max(status, FAILED)
        if args.coverage:
            decided = (c.determination for c in run.checked if c.determination is not None)
            reports.append(coverage(statute, decided))
    print(summarize(results), file=log)
    if args.format == "json":
        print(json.dumps(coverage_json(reports), indent=2, ensure_ascii=False))
    elif args.coverage:
        sys.stdout.write(render_coverage(reports))
    return status


_COMMANDS = {
    "list": _cmd_list,
    "check": _cmd_check,
    "explain": _cmd_explain,
    "lint": _cmd_lint,
    "test": _cmd_test,
    "compare": _cmd_compare,
    "describe": _cmd_describe,
    "ca-doj": _cmd_ca_doj,
    "documents": _cmd_documents,
    "serve": _cmd_serve,
    "lsp": _cmd_lsp,
    "convert": _cmd_convert,
    "diff": _cmd_diff,
    "population": _cmd_population,
    "readings": _cmd_readings,
}


def _bug(err: Exception) -> str:
    """One line for an unexpected error: its kind and where it was raised, not its message
    (which may hold a record's contents)."""
    ours = [
        (Path(f.filename).parts, f.lineno)
        for f in traceback.extract_tb(err.__traceback__)
        if "clearlaw" in Path(f.filename).parts[:-1]
    ]
    where = ""
    if ours:
        parts, line = ours[-1]
        package = len(parts) - 1 - parts[::-1].index("clearlaw")
        where = f" at {'/'.join(parts[package:])}:{line}"
    return f"clearlaw: unexpected error ({type(err).__name__}{where}); {BUG_HINT}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (``KeyboardInterrupt`` is left to
    ``console``)."""
    args = _parser().parse_args(argv)
    _STATUTE_FILES.clear()
    try:
        code = _COMMANDS[args.command](args)
        sys.stdout.flush()  # a full disk says so here, not in the interpreter's last flush
        return code
    except UsageError as err:
        print(f"clearlaw: {err}", file=sys.stderr)
        return USAGE
    except StatuteError as err:
        print(str(err), file=sys.stderr)
        return USAGE
    except RecordsError as err:  # a records file that fails midway through a stream
        print(f"clearlaw: {err}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        return OK
    except OSError as err:
        if err.filename is None and err.errno in _NO_ROOM:  # writing stdout: no file named
            print(f"clearlaw: cannot write the output: {err.strerror}", file=sys.stderr)
            return USAGE
        return _unexpected(err, args.debug)
    except Exception as err:
        return _unexpected(err, args.debug)


def _unexpected(err: Exception, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(_bug(err), file=sys.stderr)
    return BUG


def console() -> int:
    """The ``clearlaw`` command: ``main`` (Ctrl-C: one line, exit 130; SIGTERM unwinds the
    same way, exit 143, so that no output's temporary file is left behind), then
    ``gc.freeze()`` so that the process exits without a last garbage collection walking
    everything still in memory only to free it (about 0.07 s after a ``ca-doj run``, whose
    statutes are large object graphs)."""
    from clearlaw.stopping import Terminated, sigterm_unwinds

    try:
        with sigterm_unwinds():
            code = main()
    except KeyboardInterrupt as stop:
        if isinstance(stop, Terminated):
            print("clearlaw: stopped (SIGTERM)", file=sys.stderr)
            return TERMINATED
        print("clearlaw: interrupted", file=sys.stderr)
        return INTERRUPTED
    gc.freeze()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console())
