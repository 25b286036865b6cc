"""``clearlaw serve`` in a subprocess on a free port, for the service tests and
benchmarks/bench_service.py (httpx is a dev dependency: this is not part of the package)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import httpx

__all__ = ["free_port", "served"]

_MAIN = "import sys; from clearlaw.cli import main; sys.exit(main(sys.argv[1:]))"
#: Where the server runs: ``-c`` puts it first on sys.path, so this checkout's clearlaw serves.
_CHECKOUT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(options: Sequence[str] = (), wait: float = 30.0) -> Iterator[str]:
    """The base URL of ``clearlaw serve OPTIONS`` running on a free port of 127.0.0.1,
    stopped on leaving; ``RuntimeError`` if it does not answer within ``wait`` seconds."""
    port = free_port()
    argv = [sys.executable, "-c", _MAIN, "serve", "--port", str(port), *options]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:  # not a pipe: a full pipe would stop the server
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log, cwd=_CHECKOUT)
        try:
            _wait_for(url, process, log, wait)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes], log: IO[bytes], wait: float) -> None:
    ends = time.monotonic() + wait
    while True:
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace").strip()[-500:]
            raise RuntimeError(f"clearlaw serve stopped: {error}")
        try:
            httpx.get(f"{url}/v1/statutes", timeout=5).raise_for_status()
            return
        except httpx.HTTPError:
            if time.monotonic() > ends:
                raise RuntimeError("clearlaw serve did not answer in time") from None
            time.sleep(0.1)
