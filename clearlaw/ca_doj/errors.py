"""The error a ``clearlaw ca-doj run`` stops on: bad input or a run folder it cannot use."""

from __future__ import annotations

__all__ = ["RunError"]


class RunError(Exception):
    """A run that cannot go on; its message is one line for the user (the command exits 2).
    Messages name files, lines, fields and ids, never a person's name or birth date."""
