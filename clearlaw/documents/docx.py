"""DOCX (Word) from a rendered document (``markup.Document``), written with python-docx.

Offices edit filings in Word, so the file uses Word's own styles (Normal, Heading 1-4, List
Bullet, Table Grid) rather than fixed formatting: a letterhead or font change in Word applies
throughout.  Table header rows repeat on every page; the page footer has "Page N of M" as Word
fields.  Charts are drawn as PNG pictures (Pillow).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import _Cell
from PIL import Image, ImageColor, ImageDraw, ImageFont

from clearlaw.documents import markup as m

__all__ = ["render_docx"]

_PAGE_WORDS = {"en": ("Page", "of"), "es": ("Página", "de")}
_MARGIN = Inches(0.75)
_CHART_SCALE = 2  # pixels per SVG unit: sharp when printed
#: The font chart labels are drawn in (the PDF's, shipped in the package).
_CHART_FONT = Path(__file__).resolve().parent / "fonts" / "LiberationSerif-Regular.ttf"


def _runs(paragraph: Any, runs: Sequence[m.Run], small: bool = False, bold: bool = False) -> None:
    for r in runs:
        if r.text == "\n":
            paragraph.add_run().add_break()
            continue
        lines = r.text.split("\n")
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = r.bold or bold or None
            run.italic = r.italic or None
            if r.code:
                run.font.name = "Courier New"
            if small:
                run.font.size = Pt(9)
            if i < len(lines) - 1:
                run.add_break()


def _field(paragraph: Any, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that Word fills in when it lays out the page."""
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, code),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _chart(fig: m.Figure) -> io.BytesIO:
    s = _CHART_SCALE
    image = Image.new("RGB", (max(1, int(fig.width * s)), max(1, int(fig.height * s))), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[float, Any] = {}
    for shape in fig.shapes:
        if isinstance(shape, m.Rect):
            x0, y0 = shape.x * s, shape.y * s
            x1, y1 = x0 + shape.width * s - 1, y0 + shape.height * s - 1
            if x1 >= x0 and y1 >= y0:
                draw.rectangle((x0, y0, x1, y1), fill=_color(shape.fill))
        else:
            size = shape.size * s
            font = fonts.get(size)
            if font is None:
                font = fonts[size] = ImageFont.truetype(str(_CHART_FONT), size)
            draw.text((shape.x * s, shape.y * s), shape.text, fill="black", font=font, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


def _color(value: str) -> str:
    try:
        ImageColor.getrgb(value)
    except ValueError:
        return "black"
    return value


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(container: Any, table: m.Table) -> None:
    n = table.columns
    word = container.add_table(rows=len(table.rows), cols=n)
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.LEFT
    trs = word._tbl.tr_lst
    for y, (tr, row) in enumerate(zip(trs, table.rows, strict=True)):
        tcs = tr.tc_lst
        for x, cell in enumerate(row):  # a merge leaves one cell where it spanned several
            target = _Cell(tcs[x], word)
            if cell.colspan > 1 and x + cell.colspan - 1 < n:
                target = target.merge(_Cell(tcs[x + cell.colspan - 1], word))
                tcs = tr.tc_lst
            paragraph = target.paragraphs[0]
            _runs(paragraph, cell.runs, small=True, bold=cell.header)
            if cell.right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if y < table.header_rows:
            _repeat_header(word.rows[y])


def _rule(container: Any) -> None:
    paragraph = container.add_paragraph()
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "999999")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _blocks(
    container: Any, blocks: Sequence[m.Block], depth: int = 0, page_width: Any = None
) -> None:
    for b in blocks:
        if isinstance(b, m.Heading):
            p = container.add_paragraph(style=f"Heading {b.level}")
            _runs(p, b.runs)
        elif isinstance(b, m.Para):
            if b.signature:
                container.add_paragraph()
                container.add_paragraph("_" * 40)
            if b.runs:
                _runs(container.add_paragraph(), b.runs, small=b.small)
        elif isinstance(b, m.ListBlock):
            base = "List Number" if b.ordered else "List Bullet"
            style = base if depth == 0 else f"{base} {min(depth + 1, 3)}"
            for item in b.items:
                first, rest = (
                    (item[0], item[1:]) if item and isinstance(item[0], m.Para) else (None, item)
                )
                p = container.add_paragraph(style=style)
                if first is not None:
                    _runs(p, first.runs, small=first.small)
                _blocks(container, rest, depth + 1, page_width)
        elif isinstance(b, m.Table):
            if b.rows:
                _table(container, b)
                container.add_paragraph()
        elif isinstance(b, m.Figure):
            width = min(Inches(b.width / 96), page_width) if page_width else Inches(b.width / 96)
            container.add_paragraph().add_run().add_picture(_chart(b), width=width)
            if b.caption:
                _runs(container.add_paragraph(), b.caption, small=True)
        elif isinstance(b, m.Rule):
            _rule(container)
        elif isinstance(b, m.PageBreak):
            if hasattr(container, "add_page_break"):
                container.add_page_break()
        elif isinstance(b, m.Box):
            box = container.add_table(rows=1, cols=1)
            box.style = "Table Grid"
            cell = box.rows[0].cells[0]
            _blocks(cell, b.blocks, depth, page_width)
            first = cell.paragraphs[0]
            if not first.text and len(cell.paragraphs) > 1:
                first._p.getparent().remove(first._p)
            container.add_paragraph()


def render_docx(doc: m.Document) -> bytes:
    """The DOCX of ``doc`` (US letter, portrait unless the document asks for landscape)."""
    word = new_docx()
    section = word.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Inches(11), Inches(8.5)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)
    word.core_properties.title = doc.title
    word.core_properties.language = doc.lang
    word.core_properties.author = "clearlaw"
    if doc.header:
        head = section.header.paragraphs[0]
        head.text = doc.header
        for run in head.runs:
            run.font.size = Pt(8.5)
            run.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    page, of = _PAGE_WORDS.get(doc.lang.split("-")[0], _PAGE_WORDS["en"])
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if doc.footer:
        foot.add_run(doc.footer + "    ")
    foot.add_run(f"{page} ")
    _field(foot, "PAGE")
    foot.add_run(f" {of} ")
    _field(foot, "NUMPAGES")
    page_width = section.page_width - 2 * _MARGIN
    _blocks(word, doc.blocks, page_width=page_width)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
