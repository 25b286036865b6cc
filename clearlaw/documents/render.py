"""Renderers: one per output format.  Each turns a document's context into the file's content.

HTML comes straight from the templates.  PDF and DOCX are laid out from that HTML
(``markup.parse_html`` → ``pdf.render_pdf`` / ``docx.render_docx``), so one template set serves
every format and a wording change is made once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs

from clearlaw.dates import date
from clearlaw.documents.errors import DocumentError, TemplateError
from clearlaw.documents.markup import Document, parse_html
from clearlaw.documents.templates import TemplateSet

__all__ = [
    "DOCUMENTS",
    "OPTIONAL_PARTS",
    "PARTS",
    "RENDERERS",
    "HtmlRenderer",
    "LaidOutRenderer",
    "Renderer",
    "renderer",
]

#: Documents a user can ask for: per person (notice, report), per court case (motion, where
#: the jurisdiction has a motion template) or per run (summary).
DOCUMENTS = ("notice", "report", "motion", "summary")
#: Parts a document template uses by name (``parts.layout`` …), chosen by the same rule.
PARTS = ("layout", "words", "legal-help")
#: Parts only some jurisdictions have (California's court filings share ``filing-parts``).
OPTIONAL_PARTS = ("filing-parts",)


class Renderer(Protocol):
    """Makes one document in one format."""

    @property
    def format(self) -> str: ...

    @property
    def extension(self) -> str: ...

    def render(
        self,
        templates: TemplateSet,
        document: str,
        jurisdiction: str | None,
        lang: str,
        as_of: date,
        context: Mapping[str, Any],
    ) -> str | bytes: ...


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
        for p in OPTIONAL_PARTS:  # offered where the jurisdiction has one
            try:
                found = templates.select(jurisdiction, p, lang, self.format, as_of)
            except TemplateError:
                continue
            parts[p.replace("-", "_")] = found.name
        full = {**context, "parts": parts, "lang": lang, "as_of": as_of, "document": document}
        return templates.render(entry, full)


@attrs.frozen
class LaidOutRenderer:
    """A format laid out from the HTML of the same templates by ``lay_out``."""

    format: str
    extension: str
    lay_out: Callable[[Document], bytes]

    def render(
        self,
        templates: TemplateSet,
        document: str,
        jurisdiction: str | None,
        lang: str,
        as_of: date,
        context: Mapping[str, Any],
    ) -> bytes:
        html = HtmlRenderer().render(templates, document, jurisdiction, lang, as_of, context)
        return self.from_html(html)

    def from_html(self, html: str) -> bytes:
        """The document laid out from its rendered HTML."""
        return self.lay_out(parse_html(html))


def _pdf(doc: Document) -> bytes:
    from clearlaw.documents.pdf import render_pdf  # reportlab loads only when used

    return render_pdf(doc)


def _docx(doc: Document) -> bytes:
    from clearlaw.documents.docx import render_docx  # python-docx loads only when used

    return render_docx(doc)


RENDERERS: dict[str, Renderer] = {
    "html": HtmlRenderer(),
    "pdf": LaidOutRenderer("pdf", ".pdf", _pdf),
    "docx": LaidOutRenderer("docx", ".docx", _docx),
}


def renderer(fmt: str) -> Renderer:
    try:
        return RENDERERS[fmt]
    except KeyError:
        known = ", ".join(sorted(RENDERERS))
        raise DocumentError(f"no renderer for format {fmt!r} (known: {known})") from None
