"""The ``clearlaw lsp`` subcommand: the language server on standard input and output."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

__all__ = ["add_parser", "command"]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``clearlaw lsp``."""
    sub.add_parser(
        "lsp",
        help="the language server for .law and .tests files, over stdio (docs/editors.md)",
        description="Speak the Language Server Protocol on standard input and output; an"
        " editor starts it (docs/editors.md).",
    )


class _OneLine(logging.Formatter):
    """Log records on one line each: an exception as its type and message, no traceback (a
    malformed message from the editor is the editor's problem, said in one line)."""

    def formatException(self, ei: Any) -> str:
        return f"{ei[0].__name__}: {ei[1]}" if ei and ei[0] else ""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " | ")


def command(args: argparse.Namespace) -> int:
    """Serve until the editor closes the connection; problems are logged on standard error,
    one line each."""
    from clearlaw.lsp.server import server  # pygls is imported only when serving

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("clearlaw lsp: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    server.start_io()
    return 0
