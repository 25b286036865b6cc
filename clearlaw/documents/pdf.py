"""PDF from a rendered document (``markup.Document``), laid out with ReportLab.

ReportLab is pure layout in Python with its C helpers in the wheel: it needs no system library
(WeasyPrint needs Pango) and lays out a 10,000-row table in seconds (HTML-to-PDF converters
took about 20 ms a row here).  Tables repeat their header rows on every page; every page has
the document's header line and "Page N of M".  Text is set in the Liberation fonts shipped in
``clearlaw/documents/fonts`` (Serif, with the widths of Times; Mono for code; SIL Open Font
License), embedded in each PDF, so Latin and Spanish letters, dashes, curly quotes and legal
symbols (section and paragraph signs, arrows) print as themselves; a character those fonts lack
(Chinese, emoji) prints as a white square (``MISSING``), never as a silent gap or a ``?``.
Headings keep with what follows them, and a document ends on its last line of text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import registerFont, registerFontFamily, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from clearlaw.documents import markup as m

__all__ = ["render_pdf"]

#: The fonts embedded in every PDF (Liberation, shipped in the package with its licence).
FONTS = Path(__file__).resolve().parent / "fonts"
BODY = "clearlaw-serif"
BOLD = "clearlaw-serif-bold"
ITALIC = "clearlaw-serif-italic"
MONO = "clearlaw-mono"


def _register_fonts() -> list[TTFont]:
    """Register the shipped faces with ReportLab (once, when this module loads)."""
    files = {
        BODY: "LiberationSerif-Regular.ttf",
        BOLD: "LiberationSerif-Bold.ttf",
        ITALIC: "LiberationSerif-Italic.ttf",
        MONO: "LiberationMono-Regular.ttf",
    }
    fonts = [TTFont(name, str(FONTS / file)) for name, file in files.items()]
    for font in fonts:
        registerFont(font)
    registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    registerFontFamily(MONO, normal=MONO, bold=MONO, italic=MONO, boldItalic=MONO)
    return fonts


#: Characters every embedded face has a glyph for, and the line breaks laid out as such.
_COVERED = frozenset.intersection(
    *(frozenset(font.face.charToGlyph) for font in _register_fonts())
) | {ord("\n"), ord("\t")}
#: What a character the fonts lack is shown as (ReportLab would drop it): a white square.
MISSING = "\u25a1"


def _shown(text: str) -> str:
    """``text`` with each character the embedded fonts lack as ``MISSING``."""
    if text.isascii():
        return text
    return "".join(c if ord(c) in _COVERED else MISSING for c in text)


MARGIN = 0.75 * inch
CELL_SIZE = 9.0
CELL_PAD = 3.0
#: A heading before a table, closer than this to the page's foot, starts the next page instead.
HEADING_ROOM = 1.2 * inch

_BASE = ParagraphStyle("body", fontName=BODY, fontSize=11, leading=14, spaceAfter=6)
_SMALL = ParagraphStyle(
    "small", parent=_BASE, fontSize=9, leading=11, textColor=colors.HexColor("#333333")
)
_CELL = ParagraphStyle(
    "cell", parent=_BASE, fontSize=CELL_SIZE, leading=CELL_SIZE + 2, spaceAfter=0, alignment=TA_LEFT
)
_HEADINGS = {
    level: ParagraphStyle(
        f"h{level}",
        parent=_BASE,
        fontName=BOLD,
        fontSize=size,
        leading=size + 3,
        spaceBefore=size * 0.6,
        spaceAfter=4,
    )
    for level, size in ((1, 17), (2, 13.5), (3, 11.5), (4, 11))
}


def _markup(runs: Sequence[m.Run]) -> str:
    """ReportLab's paragraph mark-up for ``runs``."""
    out = []
    for r in runs:
        if r.text == "\n":
            out.append("<br/>")
            continue
        text = escape(_shown(r.text)).replace("\n", "<br/>")
        if r.code:
            text = f'<font face="{MONO}">{text}</font>'
        if r.italic:
            text = f"<i>{text}</i>"
        if r.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _wrap(text: str, width: float, font: str) -> str:
    """``text`` broken into lines no wider than ``width`` points (greedy, at spaces)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and stringWidth(trial, font, CELL_SIZE) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)


def _widths(table: m.Table, available: float) -> list[float]:
    """Column widths: each column's widest cell, shrunk toward its longest word to fit."""
    n = table.columns
    natural = [0.0] * n
    least = [0.0] * n
    for row in table.rows:
        col = 0
        for cell in row:
            if cell.colspan == 1:
                font = MONO if any(r.code for r in cell.runs) else BOLD if cell.bold else BODY
                for line in cell.text.split("\n"):
                    natural[col] = max(natural[col], stringWidth(line, font, CELL_SIZE))
                longest = max(cell.text.split(), key=len, default="")
                least[col] = max(least[col], stringWidth(longest, font, CELL_SIZE))
            col += cell.colspan
    pad = 2 * CELL_PAD + 1
    natural = [w + pad for w in natural]
    least = [min(w + pad, nat) for w, nat in zip(least, natural, strict=True)]
    if sum(natural) <= available:
        return natural
    if sum(least) >= available:
        return [available * w / sum(least) for w in least]
    spare = available - sum(least)
    stretch = sum(nat - lo for nat, lo in zip(natural, least, strict=True)) or 1.0
    return [lo + spare * (nat - lo) / stretch for nat, lo in zip(natural, least, strict=True)]


def _table(table: m.Table, available: float) -> Flowable:
    widths = _widths(table, available)
    data: list[list[Any]] = []
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
        ("FONT", (0, 0), (-1, -1), BODY, CELL_SIZE, CELL_SIZE + 2),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if table.header_rows:
        style += [
            ("FONT", (0, 0), (-1, table.header_rows - 1), BOLD, CELL_SIZE, CELL_SIZE + 2),
            ("BACKGROUND", (0, 0), (-1, table.header_rows - 1), colors.HexColor("#e8e8e8")),
        ]
    for y, row in enumerate(table.rows):
        values: list[Any] = []
        x = 0
        for cell in row:
            span = sum(widths[x : x + cell.colspan]) - 2 * CELL_PAD
            if cell.plain:
                font = BOLD if cell.bold else BODY
                values.append(_wrap(_shown(cell.text), span, font))
            else:
                values.append(Paragraph(_markup(cell.runs), _CELL))
            if cell.bold and cell.plain and y >= table.header_rows:
                style.append(("FONT", (x, y), (x, y), BOLD, CELL_SIZE, CELL_SIZE + 2))
            if cell.right:
                style.append(("ALIGN", (x, y), (x, y), "RIGHT"))
            if cell.colspan > 1:
                style.append(("SPAN", (x, y), (x + cell.colspan - 1, y)))
                values.extend([""] * (cell.colspan - 1))
            x += cell.colspan
        values.extend([""] * (len(widths) - len(values)))
        data.append(values)
    kind = LongTable if len(data) > 50 else Table
    return kind(
        data,
        colWidths=widths,
        repeatRows=table.header_rows,
        style=TableStyle(style),
        hAlign="LEFT",
        spaceAfter=8,
    )


def _figure(fig: m.Figure, available: float) -> list[Flowable]:
    scale = min(1.0, available / fig.width) if fig.width else 1.0
    drawing = Drawing(fig.width * scale, fig.height * scale)
    for shape in fig.shapes:
        if isinstance(shape, m.Rect):
            rect = Rect(
                shape.x * scale,
                (fig.height - shape.y - shape.height) * scale,
                shape.width * scale,
                shape.height * scale,
            )
            rect.fillColor = _color(shape.fill)
            rect.strokeColor = None
            drawing.add(rect)
        else:
            drawing.add(
                String(
                    shape.x * scale,
                    (fig.height - shape.y) * scale,
                    _shown(shape.text),
                    fontName=BODY,
                    fontSize=shape.size * scale,
                )
            )
    out: list[Flowable] = [drawing]
    if fig.caption:
        out.append(Paragraph(_markup(fig.caption), _SMALL))
    return [KeepTogether(out)]


def _color(value: str) -> colors.Color:
    try:
        return colors.toColor(value)
    except ValueError:
        return colors.black


def _flowables(blocks: Sequence[m.Block], available: float, top: bool = True) -> list[Flowable]:
    """The flowables of ``blocks``.  At the top level (not inside a box or a list) a heading
    keeps with the block after it: a table starts on the next page if less than
    ``HEADING_ROOM`` is left, anything else moves there whole with its heading."""
    out: list[Flowable] = []
    headings: list[Flowable] = []
    for b in blocks:
        made = _block(b, available)
        if isinstance(b, m.Heading) and top:
            headings += made
        elif headings and made:
            if isinstance(b, m.Table):
                out += [CondPageBreak(HEADING_ROOM), *headings, *made]
            else:
                out.append(KeepTogether([*headings, *made]))
            headings = []
        else:
            out += made
    return out + headings


def _block(b: m.Block, available: float) -> list[Flowable]:
    if isinstance(b, m.Heading):
        return [Paragraph(_markup(b.runs), _HEADINGS[b.level])]
    if isinstance(b, m.Para):
        out: list[Flowable] = []
        if b.signature:
            out += [
                Spacer(1, 30),
                HRFlowable(
                    width=3 * inch, thickness=0.7, color=colors.black, hAlign="LEFT", spaceAfter=2
                ),
            ]
        if b.runs:
            out.append(Paragraph(_markup(b.runs), _SMALL if b.small else _BASE))
        return out
    if isinstance(b, m.ListBlock):
        items: list[Any] = [  # ListItem: not a Flowable in the stubs
            ListItem(_flowables(item, available - 18, top=False) or [Spacer(1, 0)])
            for item in b.items
        ]
        return [
            ListFlowable(
                items,
                bulletType="1" if b.ordered else "bullet",
                start=None if b.ordered else "\u2022",
                leftIndent=14,
                bulletFontName=BODY,
                bulletFontSize=9,
                spaceAfter=6,
            )
        ]
    if isinstance(b, m.Table):
        return [_table(b, available)] if b.rows else []
    if isinstance(b, m.Figure):
        return _figure(b, available)
    if isinstance(b, m.Rule):
        return [
            HRFlowable(width="100%", thickness=0.5, color=colors.grey, spaceBefore=4, spaceAfter=6)
        ]
    if isinstance(b, m.PageBreak):
        return [PageBreak()]
    inner = Table(
        [[_flowables(b.blocks, available - 16, top=False)]],
        colWidths=[available],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
            ]
        ),
        hAlign="LEFT",
        spaceBefore=6,
        spaceAfter=6,
    )
    return [inner]


def _canvas_class(
    size: tuple[float, float], header: str, footer: str, page_word: str, of_word: str
) -> type[Canvas]:
    """A canvas that writes the header and "Page N of M" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's own page reset

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = size
            self.setFont(BODY, 8.5)
            self.setFillColor(colors.HexColor("#333333"))
            if header:
                self.drawString(MARGIN, height - MARGIN / 2, _shown(header))
            number = f"{page_word} {self.getPageNumber()} {of_word} {total}"
            self.drawRightString(width - MARGIN, MARGIN / 2, number)
            if footer:
                self.drawString(MARGIN, MARGIN / 2, _shown(footer))

    return NumberedCanvas


_PAGE_WORDS = {"en": ("Page", "of"), "es": ("Página", "de")}


def render_pdf(doc: m.Document) -> bytes:
    """The PDF of ``doc`` (US letter, portrait unless the document asks for landscape)."""
    size = landscape(letter) if doc.landscape else letter
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=doc.title,
        lang=doc.lang,
        creator="clearlaw",
        invariant=True,
    )
    available = size[0] - 2 * MARGIN
    page, of = _PAGE_WORDS.get(doc.lang.split("-")[0], _PAGE_WORDS["en"])
    template.build(
        _flowables(doc.blocks, available),
        canvasmaker=_canvas_class(size, doc.header, doc.footer, page, of),
    )
    return buffer.getvalue()
