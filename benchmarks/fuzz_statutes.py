"""The long run of the statute and policy fuzzing the test suite does in small, bounded form
(tests/test_parser_limits.py, tests/test_policy.py): library statutes damaged at random are
linted, and policy overrides of every library statute's parameters and sets are linted and,
when they pass, evaluated on fabricated people.  Anything but diagnostics is a finding.

    python benchmarks/fuzz_statutes.py --examples 2000
    python benchmarks/fuzz_statutes.py --examples 500 --only policies

Prints one line per kind of finding (exception, where, how many, a statute id) and exits 1
if there was any.  Random seeds differ per run; hypothesis prints a reproducing example.
"""

from __future__ import annotations

import argparse
import collections
import sys
import traceback
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from strategies_statutes import damaged_library_text, policy_override  # noqa: E402

import clearlaw  # noqa: E402
from clearlaw.library import load_text  # noqa: E402

PEOPLE = clearlaw.read_records(ROOT / "examples" / "people.jsonl").people[:60]
findings: collections.Counter[str] = collections.Counter()
examples: dict[str, str] = {}


def _found(err: Exception, sid: str) -> None:
    where = traceback.extract_tb(err.__traceback__)[-1]
    kind = f"{type(err).__name__} at {Path(where.filename).name}:{where.lineno}"
    findings[kind] += 1
    examples.setdefault(kind, sid)


def _lint(sid: str, text: str, path: str) -> clearlaw.Statute | None:
    try:
        return load_text(text, path)
    except clearlaw.StatuteError:
        return None
    except Exception as err:  # a finding: anything but diagnostics
        _found(err, sid)
        return None


def run(examples_wanted: int, only: str | None) -> None:
    options = settings(
        max_examples=examples_wanted,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )

    @options
    @given(damaged_library_text())
    def statutes(damaged: tuple[str, str]) -> None:
        _lint(damaged[0], damaged[1], f"{damaged[0]}.law")

    @options
    @given(policy_override())
    def policies(override: tuple[str, str]) -> None:
        sid, change = override
        statute = _lint(sid, f'policy "fuzz"\n  amends {sid}\n{change}\n', "fuzz.law")
        for person in PEOPLE if statute is not None else ():
            try:
                list(clearlaw.evaluate(statute, person, date(2026, 11, 23)))
            except Exception as err:  # a finding
                _found(err, sid)
                return

    if only in (None, "statutes"):
        statutes()
    if only in (None, "policies"):
        policies()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="per kind of input")
    parser.add_argument("--only", choices=("statutes", "policies"))
    args = parser.parse_args()
    run(args.examples, args.only)
    for kind, count in findings.most_common():
        print(f"{count:>6}  {kind}  (e.g. {examples[kind]})")
    print(f"{sum(findings.values())} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
