"""SIGTERM stops a command the way Ctrl-C does: ``Terminated`` (a ``KeyboardInterrupt``) is
raised where the main thread is, so every ``finally`` and context manager on the way out runs
(temporary outputs removed, run folders left marked incomplete)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["Terminated", "sigterm_unwinds"]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread is (so it unwinds as Ctrl-C does)."""


@contextlib.contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` while the block runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    before = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
