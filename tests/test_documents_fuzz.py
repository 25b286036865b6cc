"""Fuzzing document rendering (hypothesis, bounded): record text with any character (letters of
every script the PDF fonts have, symbols, control characters, characters the fonts lack) in a
person's name and id, a case id, a count's description and citation never crashes HTML, PDF or
DOCX, and the PDF shows each printable character as itself (a character the fonts lack as the
``MISSING`` square), never as ``?``."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import attrs
import docx
import pypdfium2 as pdfium
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clearlaw
from clearlaw.citations import Citation
from clearlaw.dates import date
from clearlaw.documents import render_notice, render_report
from clearlaw.documents.markup import printable
from clearlaw.documents.pdf import _COVERED, MISSING

PEOPLE = Path(__file__).parent / "data" / "documents" / "people.jsonl"
AS_OF = date(2026, 11, 23)
STATUTE = clearlaw.load("ny/clean-slate")
PERSON = next(p for p in clearlaw.read_records(PEOPLE).people if p.id == "P000016")

#: Characters the fonts have and PDF text extraction gives back in order: no combining marks,
#: no right-to-left scripts (a viewer reorders them), no format characters.
_SHOWN = sorted(
    chr(c)
    for c in _COVERED
    if unicodedata.category(chr(c)) not in ("Mn", "Me", "Cf", "Zl", "Zp", "Co", "Cn")
    and unicodedata.bidirectional(chr(c)) not in ("R", "AL", "AN", "NSM")
)
_CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
_LACKING = ["漢", "字", "😀", "ก", "ᚠ"]  # CJK, emoji, Thai, runic: not in the fonts

text = st.text(
    alphabet=st.one_of(
        st.sampled_from(_SHOWN), st.sampled_from(_CONTROLS), st.sampled_from(_LACKING)
    ),
    min_size=1,
    max_size=24,
)


def _person(name: str, pid: str, case_id: str, description: str, section: str) -> clearlaw.Person:
    first = PERSON.cases[0]
    counts = tuple(
        attrs.evolve(k, description=description, citation=Citation("PL", section)) if i == 0 else k
        for i, k in enumerate(first.counts)
    )
    case = attrs.evolve(first, id=case_id, counts=counts)
    return attrs.evolve(PERSON, id=pid, name=name, cases=(case, *PERSON.cases[1:]))


def _expected(value: str) -> str:
    """How the PDF shows ``value``: controls as spaces, missing glyphs as the square, no
    white space (line breaks fall anywhere)."""
    shown = "".join(c if ord(c) in _COVERED or c.isspace() else MISSING for c in printable(value))
    return "".join(shown.split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(name=text, pid=text, case_id=text, description=text, section=text)
def test_any_record_text_renders_in_every_format(
    name: str, pid: str, case_id: str, description: str, section: str
) -> None:
    person = _person(name, pid, case_id, description, section)
    found = clearlaw.evaluate(STATUTE, person, AS_OF)
    html = render_notice(STATUTE, person, found, AS_OF)
    assert isinstance(html, str)
    pdf = render_notice(STATUTE, person, found, AS_OF, format="pdf")
    assert isinstance(pdf, bytes)
    doc = pdfium.PdfDocument(pdf)
    got = _squeezed("".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    got = got.replace("\ufffe", "").replace("\x02", "-")  # PDFium's soft hyphen / break marks
    for value in (name, case_id):
        want = _expected(value)
        assert want in got, (value, want)
    word = render_notice(STATUTE, person, found, AS_OF, "es", format="docx")
    assert isinstance(word, bytes)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word)).paragraphs]
    assert _squeezed(printable(name)) in _squeezed("".join(paragraphs))


@settings(max_examples=10, deadline=None, derandomize=True)
@given(description=text, section=text)
def test_any_record_text_in_a_report_pdf(description: str, section: str) -> None:
    person = _person("Test Person", "P1", "C1", description, section)
    found = clearlaw.evaluate(STATUTE, person, AS_OF)
    pdf = render_report(STATUTE, person, found, AS_OF, "es", format="pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
