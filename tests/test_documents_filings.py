"""What documents say: California motions (caption block, a title that never breaks inside
"§ 11361.8", the county policy by its title, the CII column from the column that carries it),
facts named by the statute's description, Spanish words that are template text, and a time
limit for user templates."""

from __future__ import annotations

from pathlib import Path

import attrs
import pypdfium2 as pdfium
import pytest
from filing_data import BEAR, SAC, ca_doj_run, fabricated_run, motion_person

import clearlaw
from clearlaw.ca_doj.filings import filing_view, write_filings
from clearlaw.cli import main
from clearlaw.dates import date
from clearlaw.documents import (
    TemplateError,
    TemplateSecurityError,
    render_filing,
    render_motion,
    render_notice,
    render_summary,
)
from clearlaw.documents.context import case_views, count_views, summary_view
from clearlaw.documents.templates import BUILTIN_TEMPLATES, TemplateSet

DATA = Path(__file__).parent / "data"
PEOPLE = DATA / "documents" / "people.jsonl"
AS_OF = date(2026, 11, 23)


def pdf_text(pdf: object) -> str:
    assert isinstance(pdf, bytes)
    doc = pdfium.PdfDocument(pdf)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return text.replace("\xa0", " ")


# ------------------------------------------------------------------------------ per-case motion


@pytest.mark.parametrize("name", ["Test Person One", "Test Person With A Name Longer Than Most"])
@pytest.mark.parametrize("case_id", ["SAC-12-001", "SACRAMENTO-SUPERIOR-2012-00000000000001"])
def test_motion_title_never_breaks_inside_the_section(name: str, case_id: str) -> None:
    statute = clearlaw.load("ca/prop64")
    person = motion_person(case_id=case_id, name=name)
    (case,) = case_views(statute, person, clearlaw.evaluate(statute, person, AS_OF), AS_OF)
    html = render_motion(statute, person, case, AS_OF)
    assert isinstance(html, str)
    assert "§&#160;11361.8" in html or "§\xa011361.8" in html
    text = pdf_text(render_motion(statute, person, case, AS_OF, format="pdf"))
    assert "§ 11361.8" in text
    assert "§\r\n" not in text and "§\n" not in text


def test_motion_has_the_filers_caption_block() -> None:
    statute = clearlaw.load("ca/prop64")
    person = motion_person()
    (case,) = case_views(statute, person, clearlaw.evaluate(statute, person, AS_OF), AS_OF)
    text = pdf_text(render_motion(statute, person, case, AS_OF, format="pdf"))
    for words in ("State Bar No.", "Address:", "Telephone:", "Email:", "Attorney for:"):
        assert words in text
    assert text.index("Attorney for:") < text.index("SUPERIOR COURT")


# ------------------------------------------------------------------------------ bulk filings


def test_filing_names_the_policy_by_its_title(tmp_path: Path) -> None:
    """Regression: the motion named the policy by its internal id."""
    assert ca_doj_run([SAC], tmp_path / "run", "--documents", "--document-formats", "html") == 0
    title = clearlaw.load(str(BEAR)).title
    motion = (tmp_path / "run" / "bulk-motion.en.html").read_text(encoding="utf-8")
    assert f"review policy “{title}”" in motion
    assert "ca/policies/bear-default" not in motion
    view = filing_view(tmp_path / "run")
    assert view.policy == title


def test_cii_comes_from_the_request_segment_when_cii_number_is_empty(tmp_path: Path) -> None:
    """Regression: the Sacramento sample carries the CII number in REQ_CII_NUMBER and leaves
    CII_NUMBER empty, so the CII column of the filings was blank."""
    out = tmp_path / "run"
    assert ca_doj_run([SAC], out) == 0
    view = filing_view(out)
    rows = [row for case in view.cases for row in case.rows]
    assert rows and view.cii
    assert all(row.cii.isalnum() and len(row.cii) == 10 for row in rows)


def test_cii_column_left_out_with_a_note_when_no_row_has_one(tmp_path: Path) -> None:
    folder = fabricated_run(tmp_path / "run", 12)
    cannabis = folder / "cannabis.csv"
    lines = cannabis.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    at = header.index("CII_NUMBER")
    blank = [
        ",".join("" if i == at else v for i, v in enumerate(line.split(","))) for line in lines
    ]
    cannabis.write_text("\n".join([lines[0], *blank[1:]]) + "\n", encoding="utf-8")
    view = filing_view(folder)
    assert not view.cii
    html = render_filing("bulk-motion", view, "US-CA", date(2020, 7, 1))
    assert isinstance(html, str)
    assert "CII no." not in html and "no CII column" in html
    written = write_filings(folder, date(2020, 7, 1), ("html",))
    assert len(written) == 3


# ------------------------------------------------------------------------------ words


def test_facts_are_named_by_the_statutes_description() -> None:
    """Regression: a missing fact with no plain words was shown as ``facts.offender_is_parent``."""
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in clearlaw.read_records(PEOPLE).people if p.id == "P000016")
    found = clearlaw.evaluate(statute, person, AS_OF)
    review = next(d for d in found if d.missing)
    changed = [
        attrs.evolve(d, missing=("facts.offender_is_parent",)) if d is review else d for d in found
    ]
    (view,) = [c.missing for c in count_views(statute, person, changed, AS_OF) if c.missing]
    described = next(f.description for f in statute.node.facts if f.name == "offender_is_parent")
    assert view[0].description == described
    for lang in ("en", "es"):
        html = render_notice(statute, person, changed, AS_OF, lang)
        assert isinstance(html, str)
        assert "facts.offender_is_parent" not in html
        assert described in html


def test_summary_labels_without_citation_or_date_are_template_words() -> None:
    """Regression: "(no citation)" and "(no date)" came as data, in English, to the Spanish
    summary; the templates now say them."""
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in clearlaw.read_records(PEOPLE).people if p.id == "P000016")
    case = person.cases[0]
    counts = tuple(attrs.evolve(k, citation=None, disposition_date=None) for k in case.counts)
    person = attrs.evolve(person, cases=(attrs.evolve(case, counts=counts), *person.cases[1:]))
    found = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    view = summary_view(statute, [person], found)
    labels = [b.label for b in (*view.by_section, *view.by_year)]
    assert None in labels and not any(label and label.startswith("(") for label in labels)
    es = render_summary(statute, [person], found, AS_OF, "es")
    en = render_summary(statute, [person], found, AS_OF, "en")
    assert isinstance(es, str) and isinstance(en, str)
    assert "(sin cita)" in es and "(sin fecha)" in es and "(no " not in es
    assert "(no citation)" in en and "(no date)" in en


# ------------------------------------------------------------------------------ time limit


def _user_notice(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "mine" / "default"
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(
        '[[template]]\ndocument = "notice"\nlang = "en"\nfile = "n.html.j2"\n'
        "effective = 2000-01-01\n",
        encoding="utf-8",
    )
    (folder / "n.html.j2").write_text(f"<p>one</p>\n{body}\n", encoding="utf-8")
    return tmp_path / "mine"


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(10**9) %}x{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
        "{{ 'x' * 10**9 }}",
        "{{ [1, 2] * 10**8 }}",
        # formatting and filters that make far more than they are given (they used to run);
        # just past MAX_ITEMS, so that a check that fails costs seconds, not the machine
        "{{ 'x'|center(2 * 10**7) }}",
        "{{ 'x'|center(20000000) }}",
        "{{ 'a\\nb'|indent(10**7) }}",
        "{{ '%20000000s'|format('x') }}",
        "{{ '%*s'|format(2 * 10**7, 'x') }}",
        "{{ '%20000000s' % 'x' }}",
        "{{ '%(a)20000000s' % {'a': 'x'} }}",
        "{{ '{:>20000000}'.format('x') }}",
        "{{ '{:>{}}'.format('x', 2 * 10**7) }}",
        "{{ ('x' * 1000)|replace('', 'y' * 20000) }}",
        "{{ [1]|batch(2 * 10**7, 0)|list }}",
        "{{ [1]|slice(2 * 10**7)|list }}",
        "{{ [1, [2]]|tojson(2 * 10**6) }}",
        "{% for i in range(10**5) %}{{ ('x' * 10**6)|replace('x', 'yy')|length }}{% endfor %}",
    ],
)
def test_user_template_that_would_not_end_is_stopped(tmp_path: Path, body: str) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in clearlaw.read_records(PEOPLE).people if p.id == "P000016")
    found = clearlaw.evaluate(statute, person, AS_OF)
    mine = TemplateSet([_user_notice(tmp_path, body), BUILTIN_TEMPLATES], render_seconds=0.2)
    with pytest.raises(TemplateError) as err:
        render_notice(statute, person, found, AS_OF, templates=mine)
    message = str(err.value)
    assert "n.html.j2, line 2" in message and "\n" not in message
    assert isinstance(err.value, TemplateSecurityError) or "stopped after 0.2 s" in message


def test_user_templates_still_format_and_filter(tmp_path: Path) -> None:
    body = (
        "[{{ 'x'|center(5) }}|{{ '%5.2f'|format(3.14159) }}|{{ '%s/%s' % (1, 2) }}|"
        "{{ 7 % 3 }}|{{ '{:,}'.format(12000000) }}|{{ [1, 2, 3]|batch(2, 0)|list }}|"
        "{{ 'ab'|replace('b', 'cd') }}|{{ 'a\nb'|indent(2) }}]"
    )
    statute = clearlaw.load("ny/clean-slate")
    person = next(p for p in clearlaw.read_records(PEOPLE).people if p.id == "P000016")
    found = clearlaw.evaluate(statute, person, AS_OF)
    mine = TemplateSet([_user_notice(tmp_path, body), BUILTIN_TEMPLATES])
    html = render_notice(statute, person, found, AS_OF, templates=mine)
    assert "[  x  | 3.14|1/2|1|12,000,000|[[1, 2], [3, 0]]|acd|a\n  b]" in str(html)


def test_user_templates_have_a_time_limit_by_default(tmp_path: Path) -> None:
    assert TemplateSet([_user_notice(tmp_path, ""), BUILTIN_TEMPLATES]).render_seconds
    assert TemplateSet([BUILTIN_TEMPLATES]).render_seconds is None


def test_cli_template_that_would_not_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from clearlaw.documents import templates

    monkeypatch.setattr(templates, "RENDER_SECONDS", 0.2)
    templates._cached.cache_clear()
    body = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    code = main(
        [
            "documents",
            "ny/clean-slate",
            str(PEOPLE),
            "--as-of",
            "2026-11-23",
            "--kind",
            "notice",
            "--templates",
            str(_user_notice(tmp_path, body)),
            "--output",
            str(tmp_path / "out"),
        ]
    )
    templates._cached.cache_clear()
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "stopped after 0.2 s" in err


def test_jinja2_floor() -> None:
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"jinja2>=3.1.6"' in pyproject
