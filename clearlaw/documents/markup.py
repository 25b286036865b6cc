"""Rendered HTML → a small tree of blocks that the PDF and DOCX writers lay out.

Documents have one set of templates (HTML, jinja2); PDF and DOCX are made from the HTML they
render, so a wording or letterhead change is made once.  This module reads the part of HTML the
templates use (docs/documents.md, "PDF and DOCX") with the standard library's parser:

* blocks: ``h1`` to ``h4``, ``p``, ``ul``/``ol``/``li`` (nested), ``table`` (``thead`` rows, or
  leading rows of ``th`` cells, repeat on every page), ``hr``, ``figure`` with an inline
  ``svg`` of ``rect`` and ``text`` (bar charts) and a ``figcaption``, ``details``/``summary``;
  containers (``div``, ``section``, ``main``, ``header``, ``footer``…) are read through;
* inline: text, ``strong``/``b``, ``em``/``i``, ``code``, ``br``, ``a`` (its text), ``span``;
* classes: ``small`` (smaller text), ``num`` (right-aligned cell), ``box`` (a framed block),
  ``page-break`` (the block starts a new page), ``signature`` (a line to sign above);
* page set-up from ``<meta name="clearlaw:…">`` in the head: ``page`` (``portrait`` or
  ``landscape``), ``header`` (text at the top of every page), ``footer`` (text beside the page
  number at the bottom).

Anything else (``style``, ``script``, unknown tags) is skipped or read through for its text.
Control characters that XML (so DOCX) cannot hold and fonts cannot show, such as the vertical
tab Excel writes for a line break in a cell, become spaces (``printable``).
"""

from __future__ import annotations

import re

import attrs
import lxml.html

__all__ = [
    "Block",
    "Box",
    "Cell",
    "Document",
    "Figure",
    "Heading",
    "ListBlock",
    "PageBreak",
    "Para",
    "Rect",
    "Rule",
    "Run",
    "Table",
    "Text",
    "parse_html",
    "printable",
]


@attrs.frozen
class Run:
    """A piece of text with one style; ``text == "\\n"`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@attrs.frozen
class Heading:
    level: int
    runs: tuple[Run, ...]


@attrs.frozen
class Para:
    runs: tuple[Run, ...]
    small: bool = False
    signature: bool = False


@attrs.frozen
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]


@attrs.frozen
class Cell:
    runs: tuple[Run, ...]
    header: bool = False
    right: bool = False
    colspan: int = 1

    @property
    def plain(self) -> bool:
        """One style, no italics or code: the cell can be laid out as a string."""
        return (
            not any(r.italic or r.code for r in self.runs) and len({r.bold for r in self.runs}) <= 1
        )

    @property
    def bold(self) -> bool:
        return self.header or (bool(self.runs) and all(r.bold for r in self.runs))

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@attrs.frozen
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int

    @property
    def columns(self) -> int:
        return max((sum(c.colspan for c in row) for row in self.rows), default=0)


@attrs.frozen
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@attrs.frozen
class Text:
    x: float
    y: float  # the baseline, from the top (SVG's direction)
    text: str
    size: float


@attrs.frozen
class Figure:
    """An inline SVG chart: shapes in SVG units, y downwards, and the caption."""

    width: float
    height: float
    shapes: tuple[Rect | Text, ...]
    caption: tuple[Run, ...]


@attrs.frozen
class Rule:
    pass


@attrs.frozen
class PageBreak:
    pass


@attrs.frozen
class Box:
    blocks: tuple[Block, ...]


Block = Heading | Para | ListBlock | Table | Figure | Rule | PageBreak | Box


@attrs.frozen
class Document:
    title: str
    lang: str
    landscape: bool
    header: str
    footer: str
    blocks: tuple[Block, ...]


# ---------------------------------------------------------------------------- HTML → element tree

_SKIP = frozenset({"style", "script", "template", "noscript"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
#: C0 and C1 controls other than tab, line feed and carriage return; surrogates; non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with each character XML cannot hold (controls, surrogates) as a space."""
    return _CONTROL.sub(" ", text)


@attrs.define
class _Element:
    tag: str
    attributes: dict[str, str]
    children: list[_Element | str] = attrs.Factory(list)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attributes.get("class", "").split())


def _element(el: lxml.html.HtmlElement) -> _Element:
    """lxml's element (text and tails) as an element with its text pieces among its children;
    comments and processing instructions are dropped, their tails kept."""
    node = _Element(str(el.tag), {str(k): printable(str(v)) for k, v in el.attrib.items()})
    if el.text:
        node.children.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            node.children.append(_element(child))
        if child.tail:
            node.children.append(child.tail)
    return node


# ---------------------------------------------------------------------------- element tree → blocks

_INLINE = frozenset(
    {"strong", "b", "em", "i", "code", "span", "a", "br", "small", "sup", "sub", "abbr", "time"}
    | {"u", "mark", "kbd", "samp", "var", "cite", "q", "label", "date", "wbr"}
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}


def _runs(
    el: _Element | str, bold: bool = False, italic: bool = False, code: bool = False
) -> list[Run]:
    if isinstance(el, str):
        text = _SPACE.sub(" ", printable(el))
        return [Run(text, bold, italic, code)] if text else []
    if el.tag in _SKIP or el.tag in ("svg", "title"):
        return []
    if el.tag == "br":
        return [Run("\n")]
    bold = bold or el.tag in ("strong", "b", "th", "summary")
    italic = italic or el.tag in ("em", "i", "cite")
    code = code or el.tag in ("code", "kbd", "samp")
    out: list[Run] = []
    for child in el.children:
        out.extend(_runs(child, bold, italic, code))
    return out


def _tidy(runs: list[Run]) -> tuple[Run, ...]:
    """Join runs of one style, collapse spaces between runs, trim the ends and around breaks."""
    if len(runs) == 1 and runs[0].text != "\n":  # most table cells
        r = runs[0]
        text = r.text.strip(" ")
        return (Run(text, r.bold, r.italic, r.code),) if text else ()
    merged: list[Run] = []
    for r in runs:
        text = r.text
        if merged and merged[-1].text.endswith((" ", "\n")) and text.startswith(" "):
            text = text[1:]
        if not merged and text.startswith(" "):
            text = text[1:]
        if text == "\n" and merged and merged[-1].text.endswith(" "):
            merged[-1] = attrs.evolve(merged[-1], text=merged[-1].text[:-1])
        if not text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].code) == (
            r.bold,
            r.italic,
            r.code,
        ):
            merged[-1] = attrs.evolve(merged[-1], text=merged[-1].text + text)
        else:
            merged.append(attrs.evolve(r, text=text))
    while merged and merged[-1].text.endswith(" "):
        text = merged[-1].text.rstrip(" ")
        if text:
            merged[-1] = attrs.evolve(merged[-1], text=text)
        else:
            merged.pop()
    return tuple(r for r in merged if r.text)


def _number(value: str, default: float = 0.0) -> float:
    match = re.match(r"\s*(-?[0-9]*\.?[0-9]+)", value)
    return float(match.group(1)) if match else default


def _figure(svg: _Element, caption: tuple[Run, ...]) -> Figure:
    shapes: list[Rect | Text] = []

    def visit(el: _Element) -> None:
        for child in el.children:
            if isinstance(child, str):
                continue
            a = child.attributes
            if child.tag == "rect":
                shapes.append(
                    Rect(
                        _number(a.get("x", "0")),
                        _number(a.get("y", "0")),
                        _number(a.get("width", "0")),
                        _number(a.get("height", "0")),
                        a.get("fill", "#000000"),
                    )
                )
            elif child.tag == "text":
                text = "".join(r.text for r in _tidy(_runs(_Element("span", {}, child.children))))
                shapes.append(
                    Text(
                        _number(a.get("x", "0")),
                        _number(a.get("y", "0")),
                        text,
                        _number(a.get("font-size", "12"), 12.0),
                    )
                )
            elif child.tag not in ("title", "desc"):
                visit(child)

    visit(svg)
    return Figure(
        _number(svg.attributes.get("width", "300"), 300.0),
        _number(svg.attributes.get("height", "150"), 150.0),
        tuple(shapes),
        caption,
    )


def _table(el: _Element) -> Table:
    rows: list[tuple[Cell, ...]] = []
    head = 0

    def visit(node: _Element, in_head: bool) -> None:
        nonlocal head
        for child in node.children:
            if isinstance(child, str):
                continue
            if child.tag == "tr":
                cells = tuple(
                    Cell(
                        _tidy(_runs(c)),
                        header=c.tag == "th",
                        right="num" in c.classes,
                        colspan=max(1, int(_number(c.attributes["colspan"], 1)))
                        if "colspan" in c.attributes
                        else 1,
                    )
                    for c in child.children
                    if isinstance(c, _Element) and c.tag in ("td", "th")
                )
                if cells:
                    rows.append(cells)
                    if in_head:
                        head += 1
            elif child.tag in ("thead", "tbody", "tfoot"):
                visit(child, child.tag == "thead")

    visit(el, False)
    if head == 0:  # no thead: leading rows of header cells repeat
        while head < len(rows) - 1 and all(c.header for c in rows[head]):
            head += 1
    return Table(tuple(rows), head)


class _Blocks:
    """Walks the element tree, gathering inline content into paragraphs between blocks."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.pending: list[Run] = []
        self.small = False

    def flush(self) -> None:
        runs = _tidy(self.pending)
        self.pending = []
        if runs and any(r.text.strip() for r in runs):
            self.out.append(Para(runs, small=self.small))

    def add(self, block: Block) -> None:
        self.flush()
        self.out.append(block)

    def visit(self, el: _Element) -> None:
        for child in el.children:
            if isinstance(child, str) or child.tag in _INLINE:
                self.pending.extend(_runs(child))
            else:
                self.element(child)
        self.flush()

    def element(self, el: _Element) -> None:
        tag, classes = el.tag, el.classes
        if tag in _SKIP or tag in ("head", "title", "meta"):
            return
        self.flush()
        if "page-break" in classes and self.out:
            self.out.append(PageBreak())
        if tag in _HEADINGS:
            self.add(Heading(_HEADINGS[tag], _tidy(_runs(el))))
        elif tag == "p":
            self.add(
                Para(
                    _tidy(_runs(el)),
                    small="small" in classes or self.small,
                    signature="signature" in classes,
                )
            )
        elif tag in ("ul", "ol"):
            items = tuple(
                _children_blocks(li, self.small)
                for li in el.children
                if isinstance(li, _Element) and li.tag == "li"
            )
            self.add(ListBlock(tag == "ol", items))
        elif tag == "table":
            self.add(_table(el))
        elif tag == "hr":
            self.add(Rule())
        elif tag == "svg":
            self.add(_figure(el, ()))
        elif tag == "figure":
            svg = next((c for c in _descendants(el) if c.tag == "svg"), None)
            caption = next((c for c in _descendants(el) if c.tag == "figcaption"), None)
            cap = _tidy(_runs(caption)) if caption is not None else ()
            if svg is not None:
                self.add(_figure(svg, cap))
            elif cap:
                self.add(Para(cap, small=True))
        elif "box" in classes:
            self.add(Box(_children_blocks(el, self.small)))
        else:  # a container: read through
            was = self.small
            self.small = self.small or "small" in classes
            if "signature" in classes:
                self.add(Para((), signature=True))
            self.visit(el)
            self.small = was


def _descendants(el: _Element) -> list[_Element]:
    out: list[_Element] = []
    for child in el.children:
        if isinstance(child, _Element):
            out.append(child)
            out.extend(_descendants(child))
    return out


def _children_blocks(el: _Element, small: bool) -> tuple[Block, ...]:
    walker = _Blocks()
    walker.small = small or "small" in el.classes
    walker.visit(el)
    return tuple(walker.out)


def parse_html(html: str) -> Document:
    """The blocks and page set-up of a rendered HTML document."""
    root = _element(lxml.html.document_fromstring(html))
    every = [root, *_descendants(root)]
    meta = {
        m.attributes.get("name", "")[len("clearlaw:") :]: m.attributes.get("content", "")
        for m in every
        if m.tag == "meta" and m.attributes.get("name", "").startswith("clearlaw:")
    }
    title_el = next((e for e in every if e.tag == "title"), None)
    title = (
        "".join(r.text for r in _tidy(_runs(_Element("span", {}, title_el.children))))
        if title_el
        else ""
    )
    html_el = next((e for e in every if e.tag == "html"), None)
    body = next((e for e in every if e.tag == "body"), root)
    return Document(
        title=title,
        lang=html_el.attributes.get("lang", "en") if html_el is not None else "en",
        landscape=meta.get("page", "").strip().lower() == "landscape",
        header=meta.get("header", title),
        footer=meta.get("footer", ""),
        blocks=_children_blocks(body, False),
    )
