"""Errors the service answers with, and the checker's diagnostics as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from clearlaw.diagnostics import Diagnostic, StatuteError

__all__ = ["INTERNAL", "ServiceError", "diagnostic_to_json", "from_statute_error"]


class ServiceError(Exception):
    """A request the service refuses: an HTTP status, the message (the CLI's wording) and,
    for a statute that does not check, its diagnostics."""

    def __init__(self, status: int, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.diagnostics = tuple(diagnostics)

    def to_json(self) -> dict[str, Any]:
        """``{"error": {"message": …, "diagnostics"?: […]}}``."""
        error: dict[str, Any] = {"message": self.message}
        if self.diagnostics:
            error["diagnostics"] = [diagnostic_to_json(d) for d in self.diagnostics]
        return {"error": error}


#: A bug in clearlaw: the answer says no more (the server's log names the place).
INTERNAL = ServiceError(500, "internal error: a bug in clearlaw (the server's log says where)")


def diagnostic_to_json(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic: ``file``, ``line``, ``column``, ``end_line``, ``end_column``,
    ``message``, ``hint`` and ``severity``."""
    return {
        "file": d.span.file,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "message": d.message,
        "hint": d.hint,
        "severity": d.severity,
    }


def from_statute_error(err: StatuteError) -> ServiceError:
    """A statute (or tests) text that does not check: 422, with every diagnostic."""
    return ServiceError(422, str(err), err.diagnostics)
