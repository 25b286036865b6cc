"""The ``clearlaw serve`` subcommand (argument parsing and the handler ``main`` calls)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys

__all__ = ["add_parser", "command", "is_loopback"]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from clearlaw.service.limits import Limits

    default = Limits()
    se = sub.add_parser(
        "serve", help="the HTTP JSON API and the browser playground (docs/service.md)"
    )
    se.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only)",
    )
    se.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    se.add_argument(
        "--max-body-mb",
        type=float,
        default=default.max_body_bytes / 2**20,
        metavar="MB",
        help=f"the largest request body (default {default.max_body_bytes / 2**20:g} MiB)",
    )
    se.add_argument(
        "--max-people",
        type=int,
        default=default.max_people,
        metavar="N",
        help=f"the most people in one request (default {default.max_people:,})",
    )
    se.add_argument(
        "--timeout",
        type=float,
        default=default.timeout_seconds,
        metavar="SECONDS",
        help=f"the time one request may take (default {default.timeout_seconds:g} s)",
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (``localhost``, ``127.0.0.1``, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def command(args: argparse.Namespace) -> int:
    """Serve until interrupted; 2 for a bad option or an address it cannot listen on."""
    import uvicorn

    from clearlaw.service.app import create_app
    from clearlaw.service.limits import Limits

    if args.max_body_mb <= 0 or args.max_people < 1 or args.timeout <= 0:
        print(
            "clearlaw: serve: --max-body-mb, --max-people and --timeout must be positive",
            file=sys.stderr,
        )
        return 2
    if not 0 < args.port < 65536:
        print(f"clearlaw: serve: --port {args.port}: give a port from 1 to 65535", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"clearlaw: serve: listening on {args.host}, not only this machine: anyone who "
            "can reach it can post records; put it behind TLS and authentication",
            file=sys.stderr,
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    limits = Limits(int(args.max_body_mb * 2**20), args.max_people, args.timeout)
    try:
        uvicorn.run(
            create_app(limits),
            host=args.host,
            port=args.port,
            access_log=False,  # the service logs each request itself, without query or body
            log_level="info",
            server_header=False,
        )
    except SystemExit as stop:  # uvicorn's exit 3 when it cannot listen: not a bug of ours
        if stop.code in (0, None):
            return 0
        print(
            f"clearlaw: serve: cannot listen on {args.host} port {args.port} (the error above"
            " says why: a port in use, an unknown host)",
            file=sys.stderr,
        )
        return 2
    return 0
