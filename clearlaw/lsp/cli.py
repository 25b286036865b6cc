"""The ``clearlaw lsp`` subcommand: the language server on standard input and output."""

from __future__ import annotations

import argparse

__all__ = ["add_parser", "command"]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``clearlaw lsp``."""
    sub.add_parser(
        "lsp",
        help="the language server for .law and .tests files, over stdio (docs/editors.md)",
        description="Speak the Language Server Protocol on standard input and output; an"
        " editor starts it (docs/editors.md).",
    )


def command(args: argparse.Namespace) -> int:
    """Serve until the editor closes the connection."""
    from clearlaw.lsp.server import server  # pygls is imported only when serving

    server.start_io()
    return 0
