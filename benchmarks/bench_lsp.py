"""``clearlaw lsp`` after an edit: how long from ``textDocument/didChange`` to the
diagnostics of a 500-line statute, over the protocol.

    python benchmarks/bench_lsp.py --edits 40

The statute is ny/clean-slate (its tables beside it) followed by generated declarations (a
citation set, a definition and an exception each, like the library's exclusions) up to 500
lines.  The server runs as a subprocess (``python -m clearlaw.cli lsp``), driven by pygls's
client (tests/lsp_client.py).  Edits alternate between changing a value inside one line
and adding a comment line at the top (which moves every declaration below it).  Each edit
times the first diagnostics (everything but the logic search: syntax, names, types, fields,
readings) and the second (the whole check, as ``clearlaw lint``), waiting for both before the
next edit.  The same steps are also timed in-process (no protocol) for comparison.  Medians
and 90th percentiles in milliseconds; the load average before and after is recorded, since
other work on a shared machine slows every figure.  Results go to
``benchmarks/results/lsp.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clearlaw.io.outputs import write_text  # noqa: E402
from clearlaw.library import checked  # noqa: E402
from clearlaw.lsp.analysis import analyze  # noqa: E402
from clearlaw.lsp.incremental import Reparser  # noqa: E402
from clearlaw.resources import statutes_dir  # noqa: E402
from clearlaw.syntax import parse_statute_text  # noqa: E402
from tests.lsp_client import Session  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "lsp.json"
LINES = 500


def statute(lines: int = LINES) -> str:
    """ny/clean-slate and generated exclusions, ``lines`` lines in all."""
    text = (statutes_dir() / "ny" / "clean-slate.law").read_text(encoding="utf-8").rstrip("\n")
    out = text.split("\n")
    i = 0
    while len(out) + 7 <= lines:
        i += 1
        out += [
            "",
            f"# generated exclusion {i}",
            f'set generated_set_{i} = "PL {300 + i}.*"' + " " * 20 + "§ CPL 160.57(1)(b)(vi)",
            f"define generated_define_{i} =" + " " * 25 + "§ CPL 160.57(1)(b)(vi)",
            f"  citation in generated_set_{i} and level is felony",
            f'exception generated_{i} "generated exclusion {i}"  § CPL 160.57(1)(b)(vi)',
            f"  not_eligible when generated_define_{i} and offense_date after 2000-01-01",
        ]
    out += ["# end"] * (lines - len(out))
    return "\n".join(out) + "\n"


def edits(text: str, n: int) -> list[str]:
    """``n`` texts: a value changed inside a line, and a comment line added at the top, in
    turn (each different from the one before)."""
    out = []
    for i in range(n):
        years = 8 + (i // 2) % 2 + 1
        changed = text.replace(
            "felony_wait: duration = 8 years", f"felony_wait: duration = {years} years"
        )
        out.append(changed if i % 2 == 0 else f"# edit {i}\n" + changed)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
        "min_ms": round(ordered[0], 1),
    }


def over_protocol(path: Path, texts: list[str]) -> dict[str, Any]:
    session = Session()
    uri = path.resolve().as_uri()
    try:
        session.open(path, texts[-1])
        session.later(uri)  # the whole check of the opened text
        first, whole = [], []
        for version, text in enumerate(texts, start=2):
            started = time.perf_counter()
            found = session.change(path, version, text)
            first.append((time.perf_counter() - started) * 1000)
            assert found == [], found
            assert session.later(uri) == []
            whole.append((time.perf_counter() - started) * 1000)
    finally:
        session.close()
    return {"first_diagnostics": summary(first), "whole_check": summary(whole)}


def in_process(path: Path, texts: list[str]) -> dict[str, Any]:
    def timed(step: Callable[[str], object]) -> dict[str, float]:
        ms = []
        for text in texts:
            gc.collect()
            started = time.perf_counter()
            step(text)
            ms.append((time.perf_counter() - started) * 1000)
        return summary(ms)

    reparser = Reparser()
    reparser.parse(texts[-1], str(path))
    return {
        "reparse": timed(lambda text: reparser.parse(text, str(path))),
        "reparse_and_check_without_logic": timed(
            lambda text: analyze(text, str(path), parse=reparser.parse, logic=False)
        ),
        "parse_whole": timed(lambda text: parse_statute_text(text, str(path))),
        "parse_and_check_whole (clearlaw lint)": timed(
            lambda text: checked(parse_statute_text(text, str(path)))
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    text = statute()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(statutes_dir() / "ny", Path(folder) / "ny")
        path = Path(folder) / "ny" / "clean-slate.law"
        path.write_text(text, encoding="utf-8")
        texts = edits(text, args.edits)
        load_before = os.getloadavg()
        protocol = over_protocol(path, texts)
        local = in_process(path, texts)
        load_after = os.getloadavg()
    result = {
        "statute_lines": len(text.splitlines()),
        "edits": args.edits,
        "over_protocol": protocol,
        "in_process": local,
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "python": sys.version.split()[0],
    }
    write_text(RESULTS, json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
