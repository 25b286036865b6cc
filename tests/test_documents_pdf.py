"""PDF and DOCX layout: no trailing blank page, every character printed as itself (the fonts
shipped in the package), headings kept with what follows, chart legends, and record text with
control characters (Excel's vertical tab) in every format.

PDF text is read with PDFium (pypdfium2).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import attrs
import docx
import lxml.html
import pypdfium2 as pdfium
import pytest
from filing_data import fabricated_run

import clearlaw
from clearlaw.ca_doj.filings import FILINGS, filing_view, write_filings
from clearlaw.dates import date
from clearlaw.documents import (
    render_filing,
    render_motion,
    render_notice,
    render_report,
    render_summary,
    renderer,
    template_set,
)
from clearlaw.documents.context import case_views
from clearlaw.documents.markup import Figure, Heading, parse_html
from clearlaw.documents.pdf import MISSING
from clearlaw.documents.templates import BUILTIN_TEMPLATES

DATA = Path(__file__).parent / "data"
PEOPLE = DATA / "documents" / "people.jsonl"
AS_OF = date(2026, 11, 23)
#: Characters a notice to a Spanish-speaking person or a court filing needs.
SYMBOLS = "→ § ¶ – — “ ” ‘ ’ é ñ ü á í ó ú É Ñ ¿ ¡ … • ° ½"  # noqa: RUF001


@pytest.fixture(scope="module")
def people() -> list[clearlaw.Person]:
    return clearlaw.read_records(PEOPLE).people


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def body_text(page: str, header: str) -> str:
    """A page's text without its running header and "Page N of M" line."""
    text = page.replace(header, "")
    return re.sub(r"(Page|Página) \d+ (of|de) \d+", "", text).strip()


def html_text(html: str) -> str:
    """The visible text of a rendered HTML document (charts' titles left out)."""
    root = lxml.html.document_fromstring(html)
    for bad in root.xpath("//style|//title|//svg//title|//head"):
        bad.drop_tree()
    return root.text_content()


def _notices(statute_id: str, lang: str, people: list[clearlaw.Person]) -> list[bytes]:
    statute = clearlaw.load(statute_id)
    out = []
    for p in people[:40]:
        found = clearlaw.evaluate(statute, p, AS_OF)
        if found:
            pdf = render_notice(statute, p, found, AS_OF, lang, format="pdf")
            assert isinstance(pdf, bytes)
            out.append(pdf)
    return out


# ------------------------------------------------------------------------------ no blank page


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("statute_id", ["ny/clean-slate", "ca/prop64"])
def test_notices_end_on_their_last_line(
    statute_id: str, lang: str, people: list[clearlaw.Person]
) -> None:
    """Regression: every notice had a last page with only the header and page number."""
    pdfs = _notices(statute_id, lang, people)
    assert pdfs
    pages = [len(pdfium.PdfDocument(pdf)) for pdf in pdfs]
    assert max(pages) <= 2, pages  # a notice of a few counts fits on one or two pages
    assert pages.count(1) >= len(pages) // 2, pages
    for pdf in pdfs:
        header = parse_html_header(pdf)
        for i, page in enumerate(page_texts(pdf)):
            assert body_text(page, header), f"page {i + 1} holds only the header and number"


def parse_html_header(pdf: bytes) -> str:
    """The running header: the first line drawn by the page furniture (the document's title)."""
    doc = pdfium.PdfDocument(pdf)
    title = doc.get_metadata_value("Title")
    return str(title)


def test_user_template_ends_on_its_last_line(tmp_path: Path, people: list[clearlaw.Person]) -> None:
    folder = tmp_path / "mine" / "default"
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(
        '[[template]]\ndocument = "notice"\nlang = "en"\nfile = "n.html.j2"\n'
        "effective = 2000-01-01\n",
        encoding="utf-8",
    )
    (folder / "n.html.j2").write_text(
        "{% extends parts.layout %}{% block title %}Short{% endblock %}"
        '{% block content %}<h1>Short</h1><p>One line.</p><div class="box"><p>Help.</p></div>'
        "<table><tr><td>a</td></tr></table>{% endblock %}",
        encoding="utf-8",
    )
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in people if clearlaw.evaluate(statute, p, AS_OF))
    found = clearlaw.evaluate(statute, person, AS_OF)
    pdf = render_notice(statute, person, found, AS_OF, templates=tmp_path / "mine", format="pdf")
    assert isinstance(pdf, bytes)
    assert len(pdfium.PdfDocument(pdf)) == 1


# ------------------------------------------------------------------------------ characters


def _covered(text: str) -> list[str]:
    from clearlaw.documents.pdf import _COVERED

    return sorted({c for c in text if not c.isspace() and ord(c) not in _COVERED})


def test_builtin_templates_use_only_characters_the_pdf_fonts_have() -> None:
    for path in sorted(BUILTIN_TEMPLATES.rglob("*.j2")):
        assert not _covered(path.read_text(encoding="utf-8")), path


def test_symbols_print_as_themselves(tmp_path: Path, people: list[clearlaw.Person]) -> None:
    """Regression: the standard PDF fonts printed → and other characters as "?"."""
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in people if clearlaw.evaluate(statute, p, AS_OF))
    person = attrs.evolve(person, name=f"Zoë Muñoz {SYMBOLS}")
    found = clearlaw.evaluate(statute, person, AS_OF)
    pdf = render_notice(statute, person, found, AS_OF, "es", format="pdf")
    assert isinstance(pdf, bytes)
    text = "".join(page_texts(pdf))
    assert f"Zoë Muñoz {SYMBOLS}" in text
    assert "?" not in text and MISSING not in text


def _every_document(people: list[clearlaw.Person], tmp_path: Path) -> list[tuple[str, object]]:
    """(name, render(format)) for one of each document the library's templates make."""
    out: list[tuple[str, object]] = []
    for sid, pid in (("ny/clean-slate", "P000016"), ("ca/prop64", "P000232")):
        statute = clearlaw.load(sid)
        person = next(p for p in people if p.id == pid)
        found = clearlaw.evaluate(statute, person, AS_OF)
        flat = [d for p in people for d in clearlaw.evaluate(statute, p, AS_OF, explain=False)]
        for lang in ("en", "es"):
            out += [
                (f"notice {sid} {lang}", (render_notice, (statute, person, found, AS_OF, lang))),
                (f"report {sid} {lang}", (render_report, (statute, person, found, AS_OF, lang))),
                (f"summary {sid} {lang}", (render_summary, (statute, people, flat, AS_OF, lang))),
            ]
        if sid == "ca/prop64":
            for case in case_views(statute, person, found, AS_OF):
                out.append((f"motion {case.id}", (render_motion, (statute, person, case, AS_OF))))
    run = fabricated_run(tmp_path / "run", 40)
    view = filing_view(run)
    for document in ("bulk-motion", "bulk-order"):
        out.append((document, (render_filing, (document, view, "US-CA", date(2020, 7, 1)))))
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))

    def bulk_summary(format: str = "html") -> str | bytes:
        return renderer(format).render(
            template_set(),
            "bulk-summary",
            "US-CA",
            "en",
            date(2020, 7, 1),
            {"run": summary, "filing": view},
        )

    out.append(("bulk-summary", (bulk_summary, ())))
    return out


def test_pdf_text_is_the_html_text(people: list[clearlaw.Person], tmp_path: Path) -> None:
    """Every library template: each character of the HTML's text is in the PDF's text (none
    lost, none replaced)."""
    for name, (render, args) in _every_document(people, tmp_path):  # type: ignore[misc]
        html = render(*args)
        pdf = render(*args, format="pdf")
        want = [c for c in html_text(html) if not c.isspace()]
        got = [c for c in "".join(page_texts(pdf)) if not c.isspace()]
        missing = sorted(set(want) - set(got))
        assert not missing, f"{name}: {missing}"
        assert MISSING not in got, name
        assert got.count("?") == want.count("?"), name


def test_characters_the_fonts_lack_are_marked_not_dropped(
    people: list[clearlaw.Person],
) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in people if clearlaw.evaluate(statute, p, AS_OF))
    person = attrs.evolve(person, name="Ann 漢 Bo")
    found = clearlaw.evaluate(statute, person, AS_OF)
    pdf = render_notice(statute, person, found, AS_OF, format="pdf")
    assert isinstance(pdf, bytes)
    assert f"Ann {MISSING} Bo" in "".join(page_texts(pdf))


# ------------------------------------------------------------------------------ control characters


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_control_characters_in_record_text(fmt: str, people: list[clearlaw.Person]) -> None:
    """Regression: DOCX crashed on Excel's vertical tab (XML cannot hold it)."""
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in people if p.id == "P000016")
    first = clearlaw.evaluate(statute, person, AS_OF)[0]
    cases = []
    for case in person.cases:
        counts = tuple(
            attrs.evolve(k, description="Line one\x0bline two\x00\x1b[31m\x7f\x85")
            if (case.id, k.id) == (first.case, first.count)
            else k
            for k in case.counts
        )
        cases.append(attrs.evolve(case, counts=counts))
    person = attrs.evolve(person, name="Ann\x0bBo", cases=tuple(cases))
    found = clearlaw.evaluate(statute, person, AS_OF)
    content = render_notice(statute, person, found, AS_OF, format=fmt)
    if fmt == "pdf":
        assert isinstance(content, bytes)
        text = " ".join(" ".join(page_texts(content)).split())
    elif fmt == "docx":
        assert isinstance(content, bytes)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    else:
        assert isinstance(content, str)
        text = content
    assert "Line one" in text and "line two" in text
    if fmt != "html":
        assert "Ann Bo" in text
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)


# ------------------------------------------------------------------------------ headings, legends


def test_headings_stay_with_what_follows(people: list[clearlaw.Person]) -> None:
    """A heading is never the last text on a page: the summary's many sections, laid out on
    pages of every height the content could meet, keep each heading with its block."""
    statute = clearlaw.load("ca/prop64")
    flat = [d for p in people for d in clearlaw.evaluate(statute, p, AS_OF, explain=False)]
    html = render_summary(statute, people, flat, AS_OF)
    assert isinstance(html, str)
    doc = parse_html(html)
    headings = ["".join(r.text for r in b.runs) for b in doc.blocks if isinstance(b, Heading)]
    pdf = render_summary(statute, people, flat, AS_OF, format="pdf")
    assert isinstance(pdf, bytes)
    for page in page_texts(pdf):
        lines = [line.strip() for line in body_text(page, doc.header).splitlines() if line.strip()]
        assert lines and lines[-1] not in headings, lines[-1]


def test_summary_chart_has_its_legend(people: list[clearlaw.Person]) -> None:
    """Regression: the colour swatches of the status table were lost in PDF and DOCX, so the
    chart's colours meant nothing there; the chart carries its own legend."""
    statute = clearlaw.load("ny/clean-slate")
    flat = [d for p in people for d in clearlaw.evaluate(statute, p, AS_OF, explain=False)]
    html = render_summary(statute, people, flat, AS_OF)
    assert isinstance(html, str)
    figures = [b for b in parse_html(html).blocks if isinstance(b, Figure)]
    assert figures
    for fig in figures:
        labels = {s.text for s in fig.shapes if not hasattr(s, "fill")}
        fills = {s.fill for s in fig.shapes if hasattr(s, "fill")}
        assert {"relief", "needs review", "never"} <= labels
        assert len(fills) >= 3
    pdf = render_summary(statute, people, flat, AS_OF, format="pdf")
    assert isinstance(pdf, bytes)
    assert "needs review" in "".join(page_texts(pdf))


def test_bulk_summary_chart_has_its_legend(tmp_path: Path) -> None:
    folder = fabricated_run(tmp_path / "run", 40)
    written = write_filings(folder, date(2020, 7, 1), ("html",))
    assert [p.name for p in written] == [f"{d}.en.html" for d in FILINGS]
    doc = parse_html((folder / "bulk-summary.en.html").read_text(encoding="utf-8"))
    (fig,) = [b for b in doc.blocks if isinstance(b, Figure)]
    labels = {s.text for s in fig.shapes if not hasattr(s, "fill")}
    assert {"Dismiss and seal", "Redesignate as misdemeanor"} <= labels


def test_docx_headings_keep_with_next(people: list[clearlaw.Person]) -> None:
    """Word keeps each heading with the paragraph after it (the heading styles say so)."""
    statute = clearlaw.load("ny/clean-slate")
    flat = [d for p in people for d in clearlaw.evaluate(statute, p, AS_OF, explain=False)]
    word = render_summary(statute, people, flat, AS_OF, format="docx")
    assert isinstance(word, bytes)
    headings = [
        p for p in docx.Document(io.BytesIO(word)).paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings
    assert all(p.style.paragraph_format.keep_with_next for p in headings)
