"""Errors raised while building documents.  Messages name templates, lines and person ids,
never the contents of a record or a document."""

from __future__ import annotations

__all__ = ["DocumentError", "TemplateError", "TemplateSecurityError", "UnsafePathError"]


class DocumentError(Exception):
    """A document could not be made; the message says why."""


class TemplateError(DocumentError):
    """A template is missing, invalid or failed while rendering (names template and line)."""

    def __init__(self, message: str, template: str | None = None, line: int | None = None):
        where = template or "<unknown template>"
        if line is not None:
            where += f", line {line}"
        super().__init__(f"{where}: {message}")
        self.template = template
        self.line = line


class TemplateSecurityError(TemplateError):
    """A template tried something the sandbox forbids (private attributes, unsafe calls)."""


class UnsafePathError(DocumentError):
    """A document path would leave the output folder."""
