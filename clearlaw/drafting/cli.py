"""The ``clearlaw diff`` and ``clearlaw population`` subcommands (argument parsing and the
handlers ``clearlaw.cli.main`` calls)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

import attrs

if TYPE_CHECKING:
    from clearlaw.evaluate import Statute

__all__ = ["add_parsers", "command_diff", "command_population", "command_readings"]

FORMATS = ("table", "csv", "jsonl", "html")


def add_parsers(sub: argparse._SubParsersAction, as_of_type: object, raw_csv_help: str) -> None:  # type: ignore[type-arg]
    from clearlaw.cli import add_engine_option, add_reading_option

    di = sub.add_parser(
        "diff",
        help="what an amendment changes: every count whose outcome, relief or date moves",
        description="Evaluate BASE and AMENDED (each a library id, a statute file or a policy "
        "file) on the same records and list every count whose outcome, relief, relief kind or "
        "eligible date changes, grouped by the rule that makes the difference; or, with "
        "--search and no records, look for a person they treat differently.",
    )
    di.add_argument("base", metavar="BASE")
    di.add_argument("amended", metavar="AMENDED")
    di.add_argument("records", nargs="?", help="a .jsonl, .csv or .parquet records file")
    di.add_argument(
        "--as-of",
        type=as_of_type,
        nargs="+",
        required=True,
        metavar="YYYY-MM-DD",
        help="one date, or several to show a phase-in",
    )
    di.add_argument("--format", choices=FORMATS, default="table")
    di.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    di.add_argument("--raw-csv", action="store_true", help=raw_csv_help)
    add_reading_option(di)
    di.add_argument(
        "--search",
        action="store_true",
        help="no records: generate people (hypothesis) until one is treated differently, "
        "shrink it and show both explanations",
    )
    di.add_argument(
        "--examples",
        type=int,
        default=2000,
        metavar="N",
        help="--search: at most N generated people (default 2000)",
    )
    di.add_argument("--seed", type=int, default=0, help="--search: the random seed (default 0)")
    add_engine_option(di)

    re_ = sub.add_parser(
        "readings",
        help="how many counts each alternative of a statute's contested readings changes",
        description="For each contested reading of STATUTE (docs/language.md, 'Readings'), "
        "evaluate every alternative on the records and count the counts and people whose "
        "determination it changes against the reading the statute adopts.",
    )
    re_.add_argument("statute", metavar="STATUTE")
    re_.add_argument("records", help="a .jsonl or .csv records file")
    re_.add_argument("--as-of", type=as_of_type, required=True, metavar="YYYY-MM-DD")
    re_.add_argument("--format", choices=("table", "json"), default="table")
    re_.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    po = sub.add_parser(
        "population",
        help="seeded synthetic people of a state, as JSON Lines records (docs/drafting.md)",
        description="Write N synthetic people (no real person: made-up dates and a state's "
        "common offenses, in its court data's citation spellings) for `diff` and `compare`.",
    )
    po.add_argument("profile", metavar="PROFILE", help="us_pa, … (see --list) or a .toml file")
    po.add_argument("--people", type=int, default=1000, metavar="N", help="default 1000")
    po.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    po.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")


def command_diff(args: argparse.Namespace) -> int:
    """Run ``clearlaw diff``; 0 ok, 2 a usage or input error (rejected records included)."""
    from clearlaw.cli import UsageError, engine_runs, load_statutes, open_records, output_file
    from clearlaw.cli import report_rejections as report
    from clearlaw.drafting.impact import diff_decided, diff_jobs
    from clearlaw.io import RecordsError, Rejection
    from clearlaw.io import impact as write
    from clearlaw.scope import screen_people
    from clearlaw.side_by_side import python_decided

    if args.search == (args.records is not None):
        raise UsageError("diff: give a records file, or --search (without records)")
    if args.search and args.engine != "python":
        raise UsageError("diff --search generates people for the Python evaluator: no --engine")
    if args.examples < 1:
        raise UsageError("--examples: give a number of people of at least 1")
    base, amended = load_statutes([args.base, args.amended], args.reading)
    inputs = [args.base, args.amended] + ([args.records] if args.records else [])
    if args.search:
        with output_file(args.output, *inputs) as fh:
            _search(base, amended, args, fh)
        return 0
    jobs = diff_jobs(base, amended, args.as_of)
    if args.engine == "python":
        try:
            stream, people = open_records(args.records)
        except RecordsError as err:
            raise UsageError(str(err)) from None
        screened: tuple[list[Rejection], list[Rejection]] = ([], [])  # by base, by amended
        people = screen_people(amended, screen_people(base, people, screened[0]), screened[1])
        impacts = diff_decided(base.id, amended.id, jobs, python_decided(jobs, people))
        rejected = [*stream.rejected, *screened[0], *screened[1]]
        total = stream.people_read + len(stream.rejected)
    else:
        with engine_runs(args.records, jobs, args.engine) as (decided, rejected, total):
            impacts = diff_decided(base.id, amended.id, jobs, decided)
    if base.id == amended.id:  # two versions of one statute: name them as the user did
        impacts = tuple(attrs.evolve(i, base=args.base, amended=args.amended) for i in impacts)
    with output_file(args.output, *inputs) as fh:
        if args.format == "csv":
            write.write_impact_csv(impacts, fh, raw=args.raw_csv)
        elif args.format == "jsonl":
            write.write_impact_jsonl(impacts, fh)
        elif args.format == "html":
            write.write_impact_html(impacts, fh)
        else:
            write.write_impact_table(impacts, fh)
    return report(rejected, total)


def _search(base: Statute, amended: Statute, args: argparse.Namespace, out: TextIO) -> None:
    from clearlaw.drafting.search import search
    from clearlaw.io.search import write_counterexample

    same = base.id == amended.id  # two versions of one statute: name them as the user did
    left, right = (str(args.base), str(args.amended)) if same else (base.id, amended.id)
    for when in args.as_of:
        found = search(base, amended, when, examples=args.examples, seed=args.seed)
        write_counterexample(found, left, right, out)


def command_readings(args: argparse.Namespace) -> int:
    """Run ``clearlaw readings``; 0 ok, 2 a usage or input error."""
    from clearlaw.cli import UsageError, load_statute, open_records, output_file
    from clearlaw.cli import report_rejections as report
    from clearlaw.drafting.impact import readings_impact
    from clearlaw.io import RecordsError, Rejection
    from clearlaw.readings import split_ref
    from clearlaw.scope import screen_people

    ref, chosen = split_ref(args.statute)
    statute = load_statute(args.statute)
    try:
        stream, people = open_records(args.records)
    except RecordsError as err:
        raise UsageError(str(err)) from None
    screened: list[Rejection] = []
    people = screen_people(statute, people, screened)
    results = readings_impact(statute.node.path, people, args.as_of, chosen=chosen)
    evaluated = stream.people_read - len(screened)
    rows = [
        {
            "reading": reading.name,
            "question": reading.title,
            "default": reading.default,
            "alternative": alternative.name,
            "title": alternative.title,
            "counts_changed": len(impact.changes),
            "people_changed": len({c.person for c in impact.changes}),
            "by_change": dict(impact.by_kind()),
        }
        for reading, alternative, impact in results
    ]
    with output_file(args.output, args.records, ref) as fh:
        if args.format == "json":
            fh.write(
                json.dumps(
                    {"statute": statute.id, "as_of": str(args.as_of), "readings": rows},
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
        elif not rows:
            fh.write(f"{statute.id} declares no contested readings\n")
        else:
            fh.write(
                f"{statute.id} as of {args.as_of}, {evaluated:,} people: what each other reading changes\n"
            )
            for reading, alternative, impact in results:
                kinds = ", ".join(f"{k} {v:,}" for k, v in impact.by_kind().items()) or "nothing"
                people_changed = len({c.person for c in impact.changes})
                fh.write(
                    f"  {reading.name}: {alternative.name} instead of {reading.default}: "
                    f"{len(impact.changes):,} counts of {people_changed:,} people ({kinds})\n"
                )
    return report([*stream.rejected, *screened], stream.people_read + len(stream.rejected))


def command_population(args: argparse.Namespace) -> int:
    """Run ``clearlaw population``; 0 ok, 2 a usage error."""
    from clearlaw.cli import UsageError, output_file
    from clearlaw.drafting import population

    if args.people < 0:
        raise UsageError("--people: give a number of at least 0")
    try:
        profile = population.load_profile(args.profile)
    except (FileNotFoundError, ValueError) as err:
        raise UsageError(str(err)) from None
    with output_file(args.output, args.profile) as fh:
        try:
            for obj, _ in population.people(profile, args.people, args.seed):
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        except ValueError as err:  # a profile the records reader does not accept
            raise UsageError(str(err)) from None
    print(
        f"{args.people:,} synthetic people of profile {profile['name']} (seed {args.seed})",
        file=sys.stderr,
    )
    return 0
