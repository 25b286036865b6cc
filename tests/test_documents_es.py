"""Spanish determination report and run summary (report.es / summary.es): golden HTML on the
same fixed inputs as the English golden tests in tests/test_documents.py, content checks and
the command line.

Regenerate the golden files after an intended change with
``CLEARLAW_UPDATE_GOLDEN=1 pytest tests/test_documents_es.py`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import markupsafe
import pytest
from test_documents import AS_OF, PEOPLE, _fabricated_determinations, _golden

import clearlaw
from clearlaw.cli import main
from clearlaw.documents import render_report, render_summary

#: The status names of the English summary and the phrases of the English report: none of
#: them may come from a Spanish template.
ENGLISH_STATUS_LABELS = ("needs review", "waiting (date known)", "not while a bar lasts")
ENGLISH_REPORT_PHRASES = (
    "Determination report",
    "How this was decided",
    "Missing from the record",
    "Reasons:",
    "Eligible:",
    "Citations:",
    "eligible on</th>",
    "(no citation)",
    "<th>Person</th>",
    "<th>As of</th>",
)
ENGLISH_SUMMARY_PHRASES = (
    "Summary of a run",
    "people in the records",
    "all decided counts",
    "By section",
    "By year of conviction",
    "Counts by section of conviction",
    "Counts by year of the disposition",
    "<th>status</th>",
    "<th>outcome</th>",
    " relief<",
    " never<",
    ">relief<",
    ">never<",
)


@pytest.fixture(scope="module")
def people() -> dict[str, clearlaw.Person]:
    return {p.id: p for p in clearlaw.read_records(PEOPLE).people}


def _summary(sid: str, people: dict[str, clearlaw.Person]) -> str:
    statute = clearlaw.load(sid)
    population = list(people.values())
    found = [d for p in population for d in clearlaw.evaluate(statute, p, AS_OF, explain=False)]
    return render_summary(statute, population, found, AS_OF, lang="es")


def _without_engine_text(text: str, found: tuple[clearlaw.Determination, ...]) -> str:
    """``text`` less the evaluator's reasons, which are English (the report says so)."""
    for d in found:
        for reason in d.reasons:
            text = text.replace(str(markupsafe.escape(reason)), "")
    return text


# ------------------------------------------------------------------------------ golden files


def test_spanish_report_golden(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000016"]
    text = render_report(statute, person, _fabricated_determinations(person), AS_OF, lang="es")
    _golden("report.ny_clean-slate.P000016.es.html", text)


@pytest.mark.parametrize("sid", ["ny/clean-slate", "ca/prop64"])
def test_spanish_summary_golden(sid: str, people: dict[str, clearlaw.Person]) -> None:
    _golden(f"summary.{sid.replace('/', '_')}.es.html", _summary(sid, people))


# ------------------------------------------------------------------------ content checks


def test_spanish_report_content(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000016"]
    found = _fabricated_determinations(person)
    text = render_report(statute, person, found, AS_OF, lang="es")
    assert '<html lang="es">' in text
    assert "<title>Informe de determinación: P000016 bajo ny/clean-slate</title>" in text
    assert "<h1>Informe de determinación</h1>" in text
    assert "<th>Fecha de la evaluación</th><td>23 de noviembre de 2026</td>" in text
    assert "<th>En vigor desde</th><td>16 de noviembre de 2024</td>" in text
    assert "<td>condena 26 de abril de 1999</td>" in text
    assert "<td>not_eligible</td><td>28 de marzo de 2027</td>" in text  # identifier kept
    assert "Fecha de elegibilidad: desconocida." in text
    assert "<strong>needs_review</strong>: requiere revisión" in text
    assert "«Not sealed under CPL 160.57» (según la ley, en inglés)" in text
    assert "(delito grave (felony))" in text and "(delito menor (misdemeanor))" in text
    assert "Falta en el historial: <code>sentence.supervision_end_date</code>" in text
    assert text.count("<summary>Cómo se decidió") == 2
    assert "&lt;&amp;&gt;" in text and "<&>" not in text  # record and engine text escaped
    rest = _without_engine_text(text, found)
    for phrase in ENGLISH_REPORT_PHRASES:
        assert phrase not in rest, phrase
    for label in ENGLISH_STATUS_LABELS:
        assert label not in rest.lower(), label
    assert "Needs review: the record lacks a fact" not in text


@pytest.mark.parametrize(("sid", "pid"), [("ny/clean-slate", "P000016"), ("ca/prop64", "P000232")])
def test_spanish_report_of_evaluated_counts(
    sid: str, pid: str, people: dict[str, clearlaw.Person]
) -> None:
    statute = clearlaw.load(sid)
    person = people[pid]
    found = clearlaw.evaluate(statute, person, AS_OF)
    text = render_report(statute, person, found, AS_OF, lang="es")
    assert text.count("Cómo se decidió") == len(found)
    for d in found:
        assert f"{d.case}/{d.count}" in text
        assert f"<strong>{d.outcome}</strong>" in text  # outcome identifiers are kept
    rest = _without_engine_text(text, tuple(found))
    for label in ENGLISH_STATUS_LABELS:
        assert label not in rest.lower(), label


def test_spanish_summary_content(people: dict[str, clearlaw.Person]) -> None:
    text = _summary("ny/clean-slate", people)
    assert '<html lang="es">' in text
    assert "<h1>Resumen de una revisión en lote</h1>" in text
    assert "Situación al 23 de noviembre de 2026." in text
    assert "<title>Resumen: ny/clean-slate al 23 de noviembre de 2026</title>" in text
    for name in (
        "alivio",
        "en espera (fecha conocida)",
        "no mientras dure un impedimento",
        "nunca",
        "requiere revisión",
    ):
        assert f"</svg> {name}</td>" in text, name  # the status table
        assert f'<th class="num">{name}</th>' in text, name  # the section and year tables
    assert "<title>PL 135.05: 1 requiere revisión</title>" in text  # a chart segment
    assert 'aria-label="Cargos por sección de la condena, por estado"' in text
    assert "<figcaption>Cargos por año de la resolución, por estado</figcaption>" in text
    assert "<th>personas en los registros</th>" in text
    assert "<code>not_eligible</code>" in text  # outcome identifiers are kept
    for phrase in ENGLISH_SUMMARY_PHRASES:
        assert phrase not in text, phrase
    for label in ENGLISH_STATUS_LABELS:
        assert label not in text.lower(), label


def test_spanish_summary_keeps_outcome_identifiers(people: dict[str, clearlaw.Person]) -> None:
    text = _summary("ca/prop64", people)
    for outcome in ("dismiss_and_seal", "redesignate_misdemeanor", "redesignate_infraction"):
        assert f"<code>{outcome}</code>" in text
    for label in ENGLISH_STATUS_LABELS:
        assert label not in text.lower(), label


def test_spanish_summary_translates_rows_without_citation_or_date(
    people: dict[str, clearlaw.Person],
) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000016"]
    found = [
        clearlaw.Determination(
            person="Z999999",  # a count that is in no record: no citation, no date
            case="NY-2000-00000001",
            count="1",
            statute="ny/clean-slate",
            outcome="not_eligible",
            relief=False,
            eligible_on="never",
            rule=None,
            citations=(),
            reasons=("no rule of this statute gives relief for this count",),
        )
    ]
    text = render_summary(statute, [person], found, AS_OF, lang="es")
    assert "(sin cita)" in text and "(sin fecha)" in text
    assert "(no citation)" not in text and "(no date)" not in text


# ------------------------------------------------------------------------------ command line


def test_cli_spanish_report_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs"
    args = ["documents", "ny/clean-slate", str(PEOPLE), "--as-of", "2026-11-23", "--output"]
    assert main([*args, str(out), "--kind", "report", "--lang", "es"]) == 0
    report = (out / "P000016.report.es.html").read_text(encoding="utf-8")
    assert "<h1>Informe de determinación</h1>" in report
    assert "Cómo se decidió" in report
    assert sorted(p.name for p in out.iterdir()) == [
        ".clearlaw-documents.json",
        *(f"{pid}.report.es.html" for pid in ("P000003", "P000016", "P000143", "P000200")),
    ]
    assert main([*args, str(tmp_path / "sum"), "--kind", "summary", "--lang", "es"]) == 0
    summary = (tmp_path / "sum" / "summary.es.html").read_text(encoding="utf-8")
    assert "<h1>Resumen de una revisión en lote</h1>" in summary
    captured = capsys.readouterr()
    assert "Test Person" not in captured.out + captured.err  # contents are never printed
