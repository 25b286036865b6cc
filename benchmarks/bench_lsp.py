"""``clearlaw lsp`` after an edit: how long from ``textDocument/didChange`` to the
diagnostics of a 500-line statute, over the protocol.

    python benchmarks/bench_lsp.py --edits 45

The statute is ny/clean-slate (its tables beside it) followed by generated declarations (a
citation set, a definition and an exception each, like the library's exclusions) up to 500
lines.  The server runs as a subprocess (``python -m clearlaw.cli lsp``), driven by pygls's
client (tests/lsp_client.py).  Edits take turns: a value changed inside one line (a
waiting period), a comment line added (or taken away) at the top, which moves every
declaration below, and a condition changed (a generated exception's date, a new one each
time: its questions to the logic search are new).  Each edit times the first diagnostics
(everything but the logic search) and the whole check's (what ``clearlaw lint`` says), the
figure that matters, waiting for both before the next edit.  The same steps are also timed
in-process (no protocol), in wall-clock and in CPU time of the thread (what the step costs,
whatever else the machine runs), and ``clearlaw lint``'s whole check of a text never seen
(nothing remembered).  Medians and 95th percentiles in milliseconds; the load average
before and after is recorded, since other work on a shared machine slows every figure.
Results go to ``benchmarks/results/lsp.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
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

from clearlaw import check  # noqa: E402
from clearlaw.io.outputs import write_text  # noqa: E402
from clearlaw.library import checked  # noqa: E402
from clearlaw.lsp.analysis import analyze, finish  # noqa: E402
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


KINDS = ("inside_a_line", "line_added_or_removed_above", "condition_changed")


def edits(text: str, n: int) -> list[tuple[str, str]]:
    """``n`` edits, each with its kind (``KINDS``, in turn)."""
    out = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        edited = text.replace(
            "felony_wait: duration = 8 years", f"felony_wait: duration = {9 + i % 2} years"
        )
        if kind == "line_added_or_removed_above" and (i // len(KINDS)) % 2 == 0:
            edited = "# an edit above\n" + edited
        if kind == "condition_changed":
            exception = f"not_eligible when generated_define_{1 + i % 20} and offense_date after"
            assert exception in edited
            edited = edited.replace(
                f"{exception} 2000-01-01", f"{exception} {2001 + i}-{1 + i % 12:02d}-01"
            )
        out.append((kind, edited))
    return out


def summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)], 1),
        "min_ms": round(ordered[0], 1),
    }


def over_protocol(path: Path, texts: list[tuple[str, str]]) -> dict[str, Any]:
    session = Session()
    uri = path.resolve().as_uri()
    first: dict[str, list[float]] = {}
    whole: dict[str, list[float]] = {}
    try:
        session.open(path, texts[-1][1])
        session.later(uri)  # the whole check of the opened text
        cpu_before = server_cpu_ms()
        for version, (kind, text) in enumerate(texts, start=2):
            started = time.perf_counter()
            found = session.change(path, version, text)
            first.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            assert found == [], found
            assert session.later(uri) == []
            whole.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        server_cpu = (server_cpu_ms() - cpu_before) / len(texts)
    finally:
        session.close()
    return {
        "whole_check_diagnostics": by_kind(whole),
        "first_diagnostics": by_kind(first),
        "server_cpu_per_edit_mean_ms": round(server_cpu, 1),
    }


def server_cpu_ms() -> float:
    """The CPU time (user and system, all threads) the server, this process's only child,
    has used so far (Linux: /proc; counted in clock ticks, so only a mean over many edits
    is meaningful)."""
    children = [
        pid
        for task in Path("/proc/self/task").iterdir()
        for pid in (task / "children").read_text().split()
    ]
    (pid,) = children
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def by_kind(ms: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Every edit's figures, then each kind's."""
    return {"all": summary([x for kind in ms.values() for x in kind])} | {
        kind: summary(kind_ms) for kind, kind_ms in ms.items()
    }


def in_process(path: Path, edited: list[tuple[str, str]]) -> dict[str, Any]:
    texts = [text for _, text in edited]

    def timed(step: Callable[[str], object]) -> dict[str, Any]:
        wall, cpu = [], []
        for text in texts:
            gc.collect()
            started, started_cpu = time.perf_counter(), time.thread_time()
            step(text)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        return {"wall": summary(wall), "cpu": summary(cpu)}

    def whole(text: str) -> object:
        quick = analyze(text, str(path), parse=reparser.parse, logic=False)
        return finish(quick, text, str(path))

    def never_seen(text: str) -> object:
        check._MODELS.clear()  # the logic search remembers nothing
        return checked(parse_statute_text(text, str(path)))

    reparser = Reparser()
    whole(texts[-1])
    return {
        "reparse": timed(lambda text: reparser.parse(text, str(path))),
        "reparse_and_check_without_logic": timed(
            lambda text: analyze(text, str(path), parse=reparser.parse, logic=False)
        ),
        "reparse_and_whole_check (the server's two steps)": timed(whole),
        "parse_whole": timed(lambda text: parse_statute_text(text, str(path))),
        "parse_and_check_whole (clearlaw lint), a text never seen": timed(never_seen),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=45)
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
