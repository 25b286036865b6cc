"""Fuzzing the command line for longer than the test suite does (issue 15).

    python benchmarks/fuzz.py --seconds 600 --seed 1 --save /tmp/fuzz-finds

Runs ``clearlaw check`` (in-process, as ``tests/test_cli_fuzz.py`` does, but for as long as
``--seconds`` allows) on damaged records files, JSON Lines and CSV (``tests/fuzz_records.py``:
values of the wrong type or out of range, dates past the calendar, control characters,
quoting, line ends, repeated and missing lines, header changes), and ``clearlaw lint`` then
``check`` on damaged library statutes.  It reports every fault (``fuzz_records.faults``: a
traceback or exit 3, another exit code than the command allows, a person neither evaluated
nor rejected) and every hang (a run longer than ``--timeout`` seconds), grouped by kind and
place, with the first input that showed each saved under ``--save``.  Exit 1 if anything
was found.  Seeded: the same seed and budget try the same inputs, in the same order.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import random
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_records import (  # noqa: E402  (tests/ is put on the path just above)
    CSV_MUTATIONS,
    JSONL_MUTATIONS,
    SEED_CSV,
    SEED_JSONL,
    STATUTE_MUTATIONS,
    check,
    faults,
    mutate,
)

from clearlaw import cli  # noqa: E402
from clearlaw.library import list_statutes  # noqa: E402

AS_OF = ("2026-11-23", "2020-07-01", "2099-01-01", "9999-12-31", "0001-01-01")


class Hang(BaseException):
    """A run that took longer than the time allowed (a BaseException, so that the command's
    own error handling does not take it for a bug)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in the running code after ``seconds`` (SIGALRM: Unix, main thread)."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _records_case(fmt: str) -> Callable[[random.Random, Path], tuple[Path, list[str]]]:
    seed, mutations = (SEED_JSONL, JSONL_MUTATIONS) if fmt == "jsonl" else (SEED_CSV, CSV_MUTATIONS)

    def case(rng: random.Random, folder: Path) -> tuple[Path, list[str]]:
        path = folder / f"people.{fmt}"
        path.write_bytes(mutate(rng, seed, mutations, most=6).encode("utf-8", "surrogatepass"))
        statute = rng.choice(sorted(list_statutes()))
        return path, faults(path, *check(path, statute, rng.choice(AS_OF)))

    return case


def _statute_case(rng: random.Random, folder: Path) -> tuple[Path, list[str]]:
    """A library statute damaged: ``lint`` may fail (1) or refuse it (2), ``check`` with it
    may refuse it (2); neither may crash."""
    source = rng.choice(list(list_statutes().values()))
    path = folder / source.name
    path.write_bytes(
        mutate(rng, source.read_text(encoding="utf-8"), STATUTE_MUTATIONS, most=3).encode(
            "utf-8", "surrogatepass"
        )
    )
    found = []
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["lint", str(path)])
    if code not in (cli.OK, cli.FAILED, cli.USAGE) or "Traceback" in err.getvalue():
        found.append(f"lint: exit {code}: {err.getvalue().strip().splitlines()[-1:]}")
    records = folder / "people.jsonl"
    records.write_text(SEED_JSONL, encoding="utf-8")
    code, _, message = check(records, str(path), rng.choice(AS_OF))
    if code not in (cli.OK, cli.USAGE) or "Traceback" in message:
        found.append(f"check: exit {code}: {message.strip().splitlines()[-1:]}")
    return path, found


CASES: dict[str, Callable[[random.Random, Path], tuple[Path, list[str]]]] = {
    "records-jsonl": _records_case("jsonl"),
    "records-csv": _records_case("csv"),
    "statute": _statute_case,
}


def fuzz(seconds: float, seed: int, timeout: float, save: Path | None) -> dict[str, object]:
    """Run cases in turn until ``seconds`` have passed; the report as a dict."""
    rng = random.Random(seed)
    runs: collections.Counter[str] = collections.Counter()
    found: dict[str, dict[str, object]] = {}
    hangs: list[str] = []
    end = time.monotonic() + seconds
    number = 0
    while time.monotonic() < end:
        number += 1
        kind = rng.choice(sorted(CASES))
        case_rng = random.Random(rng.getrandbits(64))
        runs[kind] += 1
        with tempfile.TemporaryDirectory() as folder:
            try:
                with time_limit(timeout):
                    path, problems = CASES[kind](case_rng, Path(folder))
            except Hang:
                hangs.append(f"{kind} run {number}")
                problems = [f"hang: more than {timeout:g} s"]
                path = next(Path(folder).iterdir())
            except Exception as err:
                problems = [f"escaped the command: {type(err).__name__}"]
                path = next(Path(folder).iterdir())
            for problem in problems:
                key = f"{kind}: {problem}"
                if key in found:
                    found[key]["times"] = int(str(found[key]["times"])) + 1
                    continue
                kept = None
                if save is not None:
                    save.mkdir(parents=True, exist_ok=True)
                    kept = save / f"{len(found):03d}-{kind}{path.suffix}"
                    kept.write_bytes(path.read_bytes())
                found[key] = {"times": 1, "first_run": number, "input": str(kept or "")}
    return {
        "seed": seed,
        "seconds": seconds,
        "runs": dict(runs),
        "faults": found,
        "hangs": len(hangs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="a run longer than this is a hang (seconds)"
    )
    parser.add_argument("--save", type=Path, help="folder for the first input of each find")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    report = fuzz(args.seconds, args.seed, args.timeout, args.save)
    runs = report["runs"]
    assert isinstance(runs, dict)
    found = report["faults"]
    assert isinstance(found, dict)
    print(
        f"{sum(runs.values()):,} runs in {args.seconds:g} s (seed {args.seed}): "
        + ", ".join(f"{n:,} {k}" for k, n in sorted(runs.items()))
    )
    for key, info in sorted(found.items()):
        print(f"  {info['times']:>5} x {key}  (first: run {info['first_run']} {info['input']})")
    print(f"{len(found)} distinct faults, {report['hangs']} hangs")
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
