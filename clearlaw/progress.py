"""A progress bar on stderr for long runs (``ca-doj run``, ``documents``); silent when stderr is
not a terminal unless asked."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """``stage(name, total)`` then ``update(done)``; ``done()`` ends the line."""

    def __init__(self, stream: TextIO, enabled: bool | None = None, width: int = 30) -> None:
        if enabled is None:
            isatty = getattr(stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.stream = stream
        self.enabled = enabled
        self.width = width
        self.name = ""
        self.total = 0
        self.unit = "rows"
        self.start = time.perf_counter()
        self._last = 0.0
        self._shown = False
        self.done_so_far = 0

    def stage(self, name: str, total: int, unit: str = "rows") -> None:
        self.name, self.total, self.unit = name, max(total, 0), unit
        self.update(0, force=True)

    @contextlib.contextmanager
    def ticking(self, poll: Callable[[], int] | None = None) -> Iterator[None]:
        """Redraw every 0.2 s while the block runs (a Polars query reports nothing while it
        streams); ``poll`` says how far it is, if anything can."""
        if not self.enabled:
            yield
            return
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(0.2):
                self.update(poll() if poll is not None else self.done_so_far, force=True)

        thread = threading.Thread(target=tick, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def add(self, n: int) -> None:
        """``n`` more done."""
        self.update(self.done_so_far + n)

    def update(self, done: int, force: bool = False) -> None:
        self.done_so_far = done
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._last < 0.1 and (not self.total or done < self.total):
            return
        self._last = now
        if self.total:
            filled = int(min(1.0, done / self.total) * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"[{bar}] {done:>9,}/{self.total:<9,}"
        elif done:  # total unknown: a count
            text = f"{done:>9,} {self.unit}"
        else:  # nothing to count yet: the time only
            text = ""
        self.stream.write(f"\r{self.name:<9} {text} {now - self.start:6.1f}s ")
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
