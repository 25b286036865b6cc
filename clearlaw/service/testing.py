"""``clearlaw serve`` in a subprocess on a free port, for tests and benchmarks."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence

import httpx

__all__ = ["free_port", "served"]

_MAIN = "import sys; from clearlaw.cli import main; sys.exit(main(sys.argv[1:]))"


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
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        ends = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"clearlaw serve stopped: {error.strip()[-500:]}")
            try:
                httpx.get(f"{url}/v1/statutes", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > ends:
                    raise RuntimeError("clearlaw serve did not answer in time") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()
