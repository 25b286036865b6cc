"""Renderers: one per output format.  Each turns a document's context into the file's content.

Only HTML exists now.  A later format (PDF, DOCX) adds a class with the same three members and
an entry in ``RENDERERS``; templates for it carry ``format = "pdf"`` (or ``"docx"``) in their
manifests, so both can live in one template set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from clearlaw.dates import date
from clearlaw.documents.errors import DocumentError
from clearlaw.documents.templates import TemplateSet

__all__ = ["DOCUMENTS", "PARTS", "RENDERERS", "HtmlRenderer", "Renderer", "renderer"]

#: Documents a user can ask for.
DOCUMENTS = ("notice", "report", "summary")
#: Parts a document template uses by name (``parts.layout`` …), chosen by the same rule.
PARTS = ("layout", "words", "legal-help")


class Renderer(Protocol):
    """Makes one document in one format."""

    format: str
    extension: str

    def render(
        self,
        templates: TemplateSet,
        document: str,
        jurisdiction: str | None,
        lang: str,
        as_of: date,
        context: Mapping[str, Any],
    ) -> str: ...


class HtmlRenderer:
    """HTML from jinja2 templates (``format = "html"``)."""

    format = "html"
    extension = ".html"

    def render(
        self,
        templates: TemplateSet,
        document: str,
        jurisdiction: str | None,
        lang: str,
        as_of: date,
        context: Mapping[str, Any],
    ) -> str:
        entry = templates.select(jurisdiction, document, lang, self.format, as_of)
        parts = {
            p.replace("-", "_"): templates.select(jurisdiction, p, lang, self.format, as_of).name
            for p in PARTS
        }
        full = {**context, "parts": parts, "lang": lang, "as_of": as_of, "document": document}
        return templates.render(entry, full)


RENDERERS: dict[str, Renderer] = {"html": HtmlRenderer()}


def renderer(fmt: str) -> Renderer:
    try:
        return RENDERERS[fmt]
    except KeyError:
        known = ", ".join(sorted(RENDERERS))
        raise DocumentError(f"no renderer for format {fmt!r} (known: {known})") from None
