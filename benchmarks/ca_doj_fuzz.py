"""The DOJ reader's fuzz tests (tests/test_ca_doj_fuzz.py) for longer than CI runs them (not a
test): mutated DOJ rows, line ends and quotes; no traceback, every row accounted for.

    python benchmarks/ca_doj_fuzz.py --examples 5000

The reader is fuzzed with ``--examples`` cases and the whole ``ca-doj run`` with a tenth of
that; a failing case is printed by Hypothesis (and kept in ``.hypothesis/``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--examples", type=int, default=2000, help="reader cases (runs: a tenth)")
    args = p.parse_args(argv)
    env = {**os.environ, "CLEARLAW_FUZZ_EXAMPLES": str(args.examples)}
    test = ROOT / "tests" / "test_ca_doj_fuzz.py"
    cmd = [sys.executable, "-m", "pytest", str(test), "-q", "-p", "no:cacheprovider"]
    return subprocess.run(cmd, env=env, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
