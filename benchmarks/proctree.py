"""A benchmark's child process and its descendants, read from ``/proc`` (Linux): the pids,
the sum of one memory field of their status, and their CPU time (not a test)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path


def tree(pid: int) -> list[int]:
    """``pid`` and its live descendants (a process that has ended is left out)."""
    found = [pid]
    for p in found:
        with contextlib.suppress(OSError):
            found.extend(int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split())
    return found


def memory_mb(pids: Iterable[int], field: str = "VmRSS") -> float:
    """The sum of ``field`` of the processes' status (``VmRSS`` now, ``VmHWM`` their peak), MB."""
    total = 0
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total += next((int(x.split()[1]) for x in status.splitlines() if x.startswith(field)), 0)
    return total / 1024


def cpu_seconds(pids: Iterable[int]) -> float:
    """The CPU time of the processes and of the children they have reaped (user + system)."""
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")
