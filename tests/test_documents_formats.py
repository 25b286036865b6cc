"""PDF and DOCX documents (clearlaw.documents.markup → pdf / docx), the California court
filings (bulk motion, proposed order, run summary; per-case motion) and their command lines.

PDFs are checked by their text (PDFium, via pypdfium2) and one page of each is rendered to an
image and checked to be non-blank; DOCX files are read back with python-docx.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from filing_data import BEAR, SAC, ca_doj_run, fabricated_run, motion_person
from PIL import ImageStat
from test_documents import _golden

import clearlaw
from clearlaw.ca_doj.filings import filing_view, write_filings
from clearlaw.cli import main
from clearlaw.dates import date
from clearlaw.documents import (
    DocumentError,
    render_filing,
    render_motion,
    render_notice,
    render_report,
    render_summary,
)
from clearlaw.documents.context import case_views
from clearlaw.documents.markup import (
    Box,
    Figure,
    Heading,
    ListBlock,
    PageBreak,
    Para,
    Run,
    Table,
    parse_html,
)

DATA = Path(__file__).parent / "data"
PEOPLE = DATA / "documents" / "people.jsonl"
AS_OF = date(2026, 11, 23)


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, with every run of white space (line ends included) as one space."""
    pdf = pdfium.PdfDocument(content)
    return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]


def assert_page_not_blank(content: bytes, page: int = 0) -> None:
    """Render one page to an image, save it as PNG and check it has ink on it."""
    pdf = pdfium.PdfDocument(content)
    image = pdf[page].render(scale=1).to_pil().convert("L")
    png = io.BytesIO()
    image.save(png, format="PNG")
    assert png.getvalue().startswith(b"\x89PNG")
    dark = sum(image.histogram()[:128])
    assert dark / (image.width * image.height) > 0.002, "the page rendered blank"
    assert ImageStat.Stat(image).stddev[0] > 5


def docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def people() -> dict[str, clearlaw.Person]:
    return {p.id: p for p in clearlaw.read_records(PEOPLE).people}


# ------------------------------------------------------------------------------ markup


def test_markup_reads_the_template_subset() -> None:
    html = """<!doctype html><html lang="es"><head><title>T &amp; x</title>
    <meta name="clearlaw:page" content="landscape"><meta name="clearlaw:header" content="Head">
    <style>p { color: red }</style></head><body>
    <h2>Uno <code>dos</code></h2>
    <p>Plain <strong>bold</strong>
       and <em>it</em><br>next line</p>
    text outside a paragraph
    <ul><li>a<ul><li>b</li></ul></li><li><p>c</p></li></ul>
    <table><tr><th>h1</th><th class="num">h2</th></tr><tr><td>x</td><td class="num">1</td></tr></table>
    <figure><svg width="100" height="20"><rect x="1" y="2" width="30" height="10" fill="#1b7a2a"><title>t</title></rect>
    <text x="0" y="14" font-size="12">PL 1</text></svg><figcaption>Cap</figcaption></figure>
    <section class="box"><p>In a box</p></section>
    <div class="page-break"><p class="signature">Judge</p></div>
    </body></html>"""
    doc = parse_html(html)
    assert (doc.title, doc.lang, doc.landscape, doc.header) == ("T & x", "es", True, "Head")
    b = doc.blocks
    assert b[0] == Heading(2, (Run("Uno "), Run("dos", code=True)))
    assert b[1] == Para(
        (
            Run("Plain "),
            Run("bold", bold=True),
            Run(" and "),
            Run("it", italic=True),
            Run("\nnext line"),
        )
    )
    assert b[2] == Para((Run("text outside a paragraph"),))
    assert isinstance(b[3], ListBlock) and len(b[3].items) == 2
    assert isinstance(b[3].items[0][1], ListBlock)  # nested list inside the first item
    table = b[4]
    assert isinstance(table, Table) and table.header_rows == 1 and table.columns == 2
    assert table.rows[1][1].right and table.rows[1][1].text == "1"
    fig = b[5]
    assert isinstance(fig, Figure) and (fig.width, fig.height) == (100, 20)
    assert [type(s).__name__ for s in fig.shapes] == ["Rect", "Text"] and fig.caption == (
        Run("Cap"),
    )
    assert b[6] == Box((Para((Run("In a box"),)),))
    assert b[7] == PageBreak() and b[8] == Para((Run("Judge"),), signature=True)


# ------------------------------------------------------------------------------ person documents


@pytest.mark.parametrize("lang", ["en", "es"])
def test_notice_pdf_and_docx(lang: str, people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000016"]
    found = clearlaw.evaluate(statute, person, AS_OF)
    pdf = render_notice(statute, person, found, AS_OF, lang, format="pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    text = "\n".join(pdf_pages(pdf))
    assert person.name is not None and person.name in text
    for d in found:
        assert d.case in text
    assert ("Page 1 of" if lang == "en" else "Página 1 de") in text
    assert_page_not_blank(pdf)
    word = render_notice(statute, person, found, AS_OF, lang, format="docx")
    assert isinstance(word, bytes)
    text = docx_text(word)
    assert person.name in text and all(d.case in text for d in found)
    footer = docx.Document(io.BytesIO(word)).sections[0].footer.paragraphs[0]
    assert "NUMPAGES" in footer._p.xml  # "Page N of M" as Word fields


def test_report_and_summary_pdf(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ca/prop64")
    person = people["P000004"]
    found = clearlaw.evaluate(statute, person, AS_OF)
    report = render_report(statute, person, found, AS_OF, format="pdf")
    assert isinstance(report, bytes)
    text = "\n".join(pdf_pages(report))
    assert "Determination report" in text and "HS 11361.8" in text
    assert_page_not_blank(report)
    population = list(people.values())
    flat = [d for p in population for d in clearlaw.evaluate(statute, p, AS_OF, explain=False)]
    summary = render_summary(statute, population, flat, AS_OF, format="pdf")
    assert isinstance(summary, bytes)
    text = "\n".join(pdf_pages(summary))
    assert "Summary of a run" in text and "HS 11357" in text  # chart labels are text
    assert_page_not_blank(summary)
    word = render_summary(statute, population, flat, AS_OF, format="docx")
    assert isinstance(word, bytes)
    d = docx.Document(io.BytesIO(word))
    assert d.inline_shapes, "the charts are pictures in the DOCX"


def test_record_text_is_not_markup_in_pdf(people: dict[str, clearlaw.Person]) -> None:
    import attrs

    statute = clearlaw.load("ny/clean-slate")
    person = attrs.evolve(people["P000016"], name='Ann <b>&amp; "Bo"</td>')
    found = clearlaw.evaluate(statute, person, AS_OF)
    pdf = render_notice(statute, person, found, AS_OF, format="pdf")
    assert 'Ann <b>&amp; "Bo"</td>' in "\n".join(pdf_pages(pdf))


# ------------------------------------------------------------------------------ per-case motion


@pytest.mark.parametrize(
    ("completion", "release", "serving", "marked"),
    [
        (date(2013, 1, 1), None, "no", "[X] (b)"),
        (None, date(2027, 1, 1), "yes", "[X] (a)"),
        (None, None, "unknown", "Mark (a) or (b) before filing"),
    ],
)
def test_case_motion_marks_the_choice(
    completion: date | None, release: date | None, serving: str, marked: str
) -> None:
    statute = clearlaw.load("ca/prop64")
    person = motion_person(completion=completion, release=release)
    found = clearlaw.evaluate(statute, person, AS_OF)
    assert [d.outcome for d in found] == ["dismiss_and_seal"]
    (case,) = case_views(statute, person, found, AS_OF)
    assert case.serving == serving
    assert [(s.section, s.counts, s.total) for s in case.by_section] == [
        ("HS 11357(b)", (("dismiss_and_seal", 1),), 1)
    ]
    html = render_motion(statute, person, case, AS_OF)
    assert isinstance(html, str)
    assert marked in html and "[X] Dismiss and seal" in html and "SAC-12-001" in html
    pdf = render_motion(statute, person, case, AS_OF, format="pdf")
    assert isinstance(pdf, bytes)
    text = "\n".join(pdf_pages(pdf))
    assert "MOTION FOR RELIEF UNDER HEALTH & SAFETY CODE § 11361.8" in text
    assert "TEST PERSON ONE" in text and "HS 11357(b)" in text
    assert_page_not_blank(pdf)


def test_documents_motion_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = DATA / "records" / "good.jsonl"
    code = main(
        [
            "documents",
            "ca/prop64",
            str(PEOPLE),
            "--as-of",
            "2026-11-23",
            "--kind",
            "motion",
            "--format",
            "docx",
            "--output",
            str(tmp_path / "m"),
        ]
    )
    assert code == 0
    files = sorted((tmp_path / "m").glob("*.docx"))
    assert files and all(f.name.endswith(".motion.en.docx") for f in files)
    assert "MOTION FOR RELIEF" in docx_text(files[0].read_bytes())
    # New York has no motion template: a clear error, nothing written
    code = main(
        [
            "documents",
            "ny/clean-slate",
            str(records),
            "--as-of",
            "2026-11-23",
            "--kind",
            "motion",
            "--output",
            str(tmp_path / "ny"),
        ]
    )
    assert code == 2
    assert "no html template for document `motion`" in capsys.readouterr().err
    assert not (tmp_path / "ny").exists()


# ------------------------------------------------------------------------------ California bulk filings


def test_bulk_filings_from_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    code = ca_doj_run([SAC], out, "--documents")
    assert code == 0
    assert "9 court document(s)" in capsys.readouterr().out
    view = filing_view(out)
    # the sample's county decisions: 17 cannabis convictions in Sacramento, all dismissed
    assert (view.county, view.convictions, view.people) == ("SACRAMENTO", 17, 11)
    assert view.totals == (("Dismiss and seal", 17), ("Redesignate as misdemeanor", 0))
    assert [(s.section, s.total) for s in view.by_section] == [
        ("HS 11357", 4),
        ("HS 11358", 7),
        ("HS 11359", 6),
    ]
    numbers = [c.number for c in view.cases]  # grouped by court case number, in order
    assert numbers == sorted(numbers, key=lambda n: (n == "(no case number)", n))
    assert len(set(numbers)) == len(numbers)
    for name in ("bulk-motion", "bulk-order", "bulk-summary"):
        pdf = (out / f"{name}.en.pdf").read_bytes()
        assert_page_not_blank(pdf)
        text = "\n".join(pdf_pages(pdf))
        assert "SACRAMENTO" in text.upper()
        word = docx_text((out / f"{name}.en.docx").read_bytes())
        assert (out / f"{name}.en.html").is_file()
        if name != "bulk-summary":
            row = view.cases[0].rows[0]
            for value in (row.name, row.case_number, row.section, row.relief, "HS 11361.9"):
                assert value in text and value in word
    motion = "\n".join(pdf_pages((out / "bulk-motion.en.pdf").read_bytes()))
    assert "does not challenge relief for the 17 convictions of 11 persons" in motion
    assert "Deputy District Attorney" in motion
    order = "\n".join(pdf_pages((out / "bulk-order.en.pdf").read_bytes()))
    assert "IT IS SO ORDERED" in order and "Judge of the Superior Court" in order


def test_bulk_filings_bad_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = ca_doj_run([SAC], tmp_path / "o", "--documents", "--document-formats", "pdf,odt")
    assert code == 2
    assert "unknown format odt" in capsys.readouterr().err
    with pytest.raises(DocumentError, match="no renderer for format 'rtf'"):
        write_filings(fabricated_run(tmp_path / "f", 3), date(2020, 7, 1), ["rtf"])


def test_order_of_ten_thousand_convictions(tmp_path: Path) -> None:
    """The order stays readable at 10,000 rows: every page has the running header, the table
    header row and "Page N of M"; every conviction is listed once; the counts add up."""
    view = filing_view(fabricated_run(tmp_path / "big", 10_000))
    assert view.convictions == 10_000
    pdf = render_filing("bulk-order", view, "US-CA", date(2020, 7, 1), format="pdf")
    assert isinstance(pdf, bytes)
    pages = pdf_pages(pdf)
    assert 250 < len(pages) < 400
    listed = 0
    for i, text in enumerate(pages, 1):
        assert f"Page {i} of {len(pages)}" in text
        assert "People v. persons listed — Order" in text
        if i > 1 and i < len(pages):
            assert "Court case no. Name Date of birth CII no." in text
        listed += text.count("TESTPERSON, A")
    assert listed == 10_000
    rows = [row for case in view.cases for row in case.rows]
    assert rows[0].name in pages[0] or rows[0].name in pages[1]
    assert rows[-1].case_number in pages[-1] and "IT IS SO ORDERED" in pages[-1]
    assert sum(k for _, k in view.totals) == 10_000
    totals = " ".join(str(k) for _, k in view.totals)
    assert f"All sections {totals} 10000" in "\n".join(pages[:2])
    assert_page_not_blank(pdf, len(pages) // 2)


def test_order_docx_repeats_its_header_row(tmp_path: Path) -> None:
    view = filing_view(fabricated_run(tmp_path / "mid", 300))
    word = render_filing("bulk-order", view, "US-CA", date(2020, 7, 1), format="docx")
    assert isinstance(word, bytes)
    d = docx.Document(io.BytesIO(word))
    listing = max(d.tables, key=lambda t: len(t.rows))
    assert len(listing.rows) == 301
    assert "w:tblHeader" in listing.rows[0]._tr.xml
    assert listing.rows[0].cells[0].text == "Court case no."
    first = view.cases[0].rows[0]
    assert [c.text for c in listing.rows[1].cells][:2] == [first.case_number, first.name]
    assert d.sections[0].page_width > d.sections[0].page_height  # landscape


# ------------------------------------------------------------------------------ golden HTML


def test_case_motion_golden() -> None:
    statute = clearlaw.load("ca/prop64")
    person = motion_person()
    (case,) = case_views(statute, person, clearlaw.evaluate(statute, person, AS_OF), AS_OF)
    html = render_motion(statute, person, case, AS_OF)
    assert isinstance(html, str)
    _golden("motion.ca_prop64.T1.SAC-12-001.en.html", html)


@pytest.mark.parametrize("document", ["bulk-motion", "bulk-order"])
def test_bulk_filing_golden(document: str, tmp_path: Path) -> None:
    view = filing_view(fabricated_run(tmp_path / "run", 40))
    html = render_filing(document, view, "US-CA", date(2020, 7, 1))
    assert isinstance(html, str)
    _golden(f"{document}.fabricated-40.en.html", html)


def test_bulk_summary_golden(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    code = ca_doj_run([SAC], folder, "--documents", "--document-formats", "html")
    assert code == 0
    html = (folder / "bulk-summary.en.html").read_text(encoding="utf-8")
    html = html.replace(str(BEAR), "statutes/ca/policies/bear-default.law")
    assert "people who would no longer have a felony" in html
    _golden("bulk-summary.sacramento-sample.en.html", html)
