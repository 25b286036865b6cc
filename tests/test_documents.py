"""Documents (clearlaw.documents): golden HTML, the template sandbox, loud errors, Spanish,
effective dates, and paths that must stay inside the output folder.

Regenerate the golden files after an intended change with
``CLEARLAW_UPDATE_GOLDEN=1 pytest tests/test_documents.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import markupsafe
import pytest

import clearlaw
from clearlaw.cli import main
from clearlaw.dates import date
from clearlaw.documents import (
    TemplateError,
    TemplateSecurityError,
    UnsafePathError,
    document_path,
    long_date,
    render_notice,
    render_report,
    render_summary,
    write_documents,
)
from clearlaw.documents.templates import BUILTIN_TEMPLATES, TemplateSet
from clearlaw.nodes import Span

DATA = Path(__file__).parent / "data" / "documents"
PEOPLE = DATA / "people.jsonl"
AS_OF = date(2026, 11, 23)
UPDATE = os.environ.get("CLEARLAW_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def people() -> dict[str, clearlaw.Person]:
    return {p.id: p for p in clearlaw.read_records(PEOPLE).people}


def _golden(name: str, text: str) -> None:
    path = DATA / name
    if UPDATE:
        path.write_text(text, encoding="utf-8", newline="")
    assert path.is_file(), f"{path} missing: run with CLEARLAW_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


# ------------------------------------------------------------------------------ golden files

NOTICES = [
    ("ny/clean-slate", "P000003"),  # sealed
    ("ny/clean-slate", "P000016"),  # needs review + waiting
    ("ny/clean-slate", "P000143"),  # blocked while a charge is pending
    ("ny/clean-slate", "P000200"),  # never
    ("ca/prop64", "P000004"),  # dismissed and sealed + no rule
    ("ca/prop64", "P000232"),  # redesignated + needs review (other counts' facts)
]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("sid", "pid"), NOTICES)
def test_notice_golden(sid: str, pid: str, lang: str, people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load(sid)
    person = people[pid]
    found = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    text = render_notice(statute, person, found, AS_OF, lang=lang)
    _golden(f"notice.{sid.replace('/', '_')}.{pid}.{lang}.html", text)


def _fabricated_determinations(person: clearlaw.Person) -> tuple[clearlaw.Determination, ...]:
    """Fixed determinations with a fixed explanation tree: the report's golden file tests the
    template, not the evaluator (whose trees may be reordered by engine changes)."""
    span = Span("statutes/ny/clean-slate.law", 96, 1, 98, 40)
    leaf = clearlaw.Explanation("level is misdemeanor", "true", span)
    wait = clearlaw.Explanation("from sealing_date", "2027-03-28", span, "CPL 160.57(1)(b)(i)-(ii)")
    tree = clearlaw.Explanation(
        "NY-1999-00164323/2 PL 155.25 under ny/clean-slate",
        "not_eligible, eligible on 2027-03-28",
        None,
        None,
        (
            clearlaw.Explanation(
                "rule misdemeanor \u201cmisdemeanor: three years\u201d",
                "applies \u2192 seal",
                span,
                "CPL 160.57(1)(b)(i)",
                (leaf, wait),
            ),
        ),
    )
    common = {"person": person.id, "case": "NY-1999-00164323", "statute": "ny/clean-slate"}
    return (
        clearlaw.Determination(
            **common,
            count="1",
            outcome="needs_review",
            relief=None,
            eligible_on="unknown",
            rule=None,
            citations=(),
            reasons=("needs review: the record does not say sentence.supervision_end_date",),
            missing=("sentence.supervision_end_date",),
            explanation=clearlaw.Explanation(
                "NY-1999-00164323/1", "needs_review, eligible unknown"
            ),
        ),
        clearlaw.Determination(
            **common,
            count="2",
            outcome="not_eligible",
            relief=False,
            eligible_on=date(2027, 3, 28),
            rule="misdemeanor",
            citations=("CPL 160.57(1)(b)(i)",),
            reasons=("not yet: misdemeanor: three years applies from 2027-03-28 <&>",),
            explanation=tree,
        ),
    )


def test_report_golden(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000016"]
    text = render_report(statute, person, _fabricated_determinations(person), AS_OF)
    _golden("report.ny_clean-slate.P000016.en.html", text)


@pytest.mark.parametrize(("sid", "pid"), [("ny/clean-slate", "P000016"), ("ca/prop64", "P000232")])
def test_report_of_evaluated_counts(sid: str, pid: str, people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load(sid)
    person = people[pid]
    found = clearlaw.evaluate(statute, person, AS_OF)
    text = render_report(statute, person, found, AS_OF)
    assert text.count("How this was decided") == len(found)
    for d in found:
        assert f"{d.case}/{d.count}" in text
        assert d.explanation is not None and d.explanation.children
        first = d.explanation.children[0].label
        assert str(markupsafe.escape(first)) in text


@pytest.mark.parametrize("sid", ["ny/clean-slate", "ca/prop64"])
def test_summary_golden(sid: str, people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load(sid)
    population = list(people.values())
    found = [d for p in population for d in clearlaw.evaluate(statute, p, AS_OF, explain=False)]
    _golden(
        f"summary.{sid.replace('/', '_')}.en.html",
        render_summary(statute, population, found, AS_OF),
    )


def test_rendering_is_deterministic(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000016"]
    found = clearlaw.evaluate(statute, person, AS_OF)
    assert render_report(statute, person, found, AS_OF) == render_report(
        statute, person, clearlaw.evaluate(statute, person, AS_OF), AS_OF
    )


# ------------------------------------------------------------------------ content checks


def test_notice_plain_language(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    text = render_notice(
        statute, people["P000016"], clearlaw.evaluate(statute, people["P000016"], AS_OF), AS_OF
    )
    assert "If nothing changes, it can be sealed on <strong>28 March 2027</strong>." in text
    assert "We could not decide this one" in text
    assert "the age of the victim" in text
    # count 1 is not eligible in every world, for reasons that differ between them (regression:
    # the notice said "The reason is: None.")
    assert "cannot be sealed now</strong>, whatever the details missing from your record" in text
    assert "None" not in text
    assert "www.lawhelp.org" in text
    sealed = render_notice(
        statute, people["P000003"], clearlaw.evaluate(statute, people["P000003"], AS_OF), AS_OF
    )
    assert "This conviction will be sealed. That means most employers and landlords" in sealed


def test_spanish_notice(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000016"]
    text = render_notice(statute, person, clearlaw.evaluate(statute, person, AS_OF), AS_OF, "es")
    assert '<html lang="es">' in text
    assert "Aviso sobre sus antecedentes penales" in text
    assert "Si nada cambia, podrá ser sellada el <strong>28 de marzo de 2027</strong>." in text
    assert "Dónde obtener ayuda legal gratis" in text
    assert "Notice about" not in text and "We could not decide" not in text


def test_long_date() -> None:
    assert long_date(date(2027, 3, 24)) == "24 March 2027"
    assert long_date(date(2027, 3, 24), "es") == "24 de marzo de 2027"


def test_every_library_statute_has_notices_in_both_languages() -> None:
    records = clearlaw.read_records(Path(__file__).parent.parent / "examples" / "people.jsonl")
    for sid in clearlaw.list_statutes():
        statute = clearlaw.load(sid)
        rendered = 0
        for person in records.people:
            found = clearlaw.evaluate(statute, person, AS_OF, explain=False)
            if found:
                for lang in ("en", "es"):
                    assert "legal-help" in render_notice(statute, person, found, AS_OF, lang)
                rendered += 1
            if rendered == 5:
                break
        jurisdiction = statute.node.header.jurisdiction
        if jurisdiction:
            assert (BUILTIN_TEMPLATES / jurisdiction / "legal-help.en.html.j2").is_file(), sid
            assert (BUILTIN_TEMPLATES / jurisdiction / "legal-help.es.html.j2").is_file(), sid


# ------------------------------------------------------------------- user templates, safety


def _user_set(
    tmp_path: Path, body: str, *, document: str = "notice", effective: str = "1900-01-01"
) -> Path:
    folder = tmp_path / "templates" / "default"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{document}.{effective}.en.html.j2"
    (folder / name).write_text(body, encoding="utf-8")
    with (folder / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            f'[[template]]\ndocument = "{document}"\nlang = "en"\nfile = "{name}"\n'
            f"effective = {effective}\n\n"
        )
    return tmp_path / "templates"


def _notice(people: dict[str, clearlaw.Person], templates: Path) -> str:
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000003"]
    found = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    return render_notice(statute, person, found, AS_OF, templates=templates)


HOSTILE = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ person.__class__.__init__.__globals__ }}",
    "{{ counts.__len__() }}",
    "{{ joiner.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}",
    "{% set x = parts.update({'a': 1}) %}{{ x }}",
    "{{ '{0.__class__}'.format(person) }}",
]


@pytest.mark.parametrize("body", HOSTILE)
def test_sandbox_blocks_hostile_templates(
    body: str, tmp_path: Path, people: dict[str, clearlaw.Person]
) -> None:
    root = _user_set(tmp_path, "<p>\n" + body + "\n</p>\n")
    with pytest.raises(TemplateSecurityError) as err:
        _notice(people, root)
    assert "notice.1900-01-01.en.html.j2" in str(err.value)
    assert "line 2" in str(err.value)


@pytest.mark.parametrize(
    "body", ['{% include "/etc/passwd" %}', '{% include "../../../../../../etc/passwd" %}']
)
def test_templates_cannot_read_files(
    body: str, tmp_path: Path, people: dict[str, clearlaw.Person]
) -> None:
    root = _user_set(tmp_path, body)
    with pytest.raises(TemplateError) as err:
        _notice(people, root)
    assert "root:" not in str(err.value)  # nothing of the file made it into the message


def test_missing_variable_names_template_and_line(
    tmp_path: Path, people: dict[str, clearlaw.Person]
) -> None:
    root = _user_set(
        tmp_path, "<p>{{ person.id }}</p>\n<p>ok</p>\n<p>{{ person.middle_name }}</p>\n"
    )
    with pytest.raises(TemplateError) as err:
        _notice(people, root)
    message = str(err.value)
    assert "notice.1900-01-01.en.html.j2, line 3" in message
    assert "middle_name" in message
    assert "Test Person" not in message  # no personal data in errors


def test_syntax_error_names_template_and_line(
    tmp_path: Path, people: dict[str, clearlaw.Person]
) -> None:
    root = _user_set(tmp_path, "<p>\n{% if %}\n</p>\n")
    with pytest.raises(TemplateError, match=r"notice\.1900-01-01\.en\.html\.j2, line 2"):
        _notice(people, root)


def test_autoescape(tmp_path: Path, people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = attrs.evolve(people["P000003"], name="<script>alert(1)</script>")
    found = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    text = render_notice(statute, person, found, AS_OF)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_effective_dates_pick_the_revision_in_force(
    tmp_path: Path, people: dict[str, clearlaw.Person]
) -> None:
    _user_set(tmp_path, "old form {{ person.id }}\n", effective="2020-01-01")
    root = _user_set(tmp_path, "new form {{ person.id }}\n", effective="2026-07-01")
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000003"]
    for as_of, expected in ((date(2026, 6, 30), "old form"), (date(2026, 7, 1), "new form")):
        found = clearlaw.evaluate(statute, person, as_of, explain=False)
        assert render_notice(statute, person, found, as_of, templates=root).startswith(expected)
    only_mine = TemplateSet([root])  # without the built-in set nothing is in force in 2019
    with pytest.raises(TemplateError, match="no html template for document `notice`"):
        render_notice(statute, person, (), date(2019, 1, 1), templates=only_mine)


def test_user_part_overrides_builtin(tmp_path: Path, people: dict[str, clearlaw.Person]) -> None:
    folder = tmp_path / "mine" / "US-NY"
    folder.mkdir(parents=True)
    (folder / "help.html.j2").write_text("<p>Call the Example Clinic.</p>\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[[template]]\ndocument = "legal-help"\nlang = "en"\nfile = "help.html.j2"\n'
        "effective = 2000-01-01\n",
        encoding="utf-8",
    )
    statute = clearlaw.load("ny/clean-slate")
    person = people["P000003"]
    found = clearlaw.evaluate(statute, person, AS_OF, explain=False)
    text = render_notice(statute, person, found, AS_OF, templates=tmp_path / "mine")
    assert "Call the Example Clinic." in text
    assert "This conviction will be sealed." in text  # the rest is the built-in notice
    assert "www.lawhelp.org" not in text


def test_bad_manifest_is_reported(tmp_path: Path, people: dict[str, clearlaw.Person]) -> None:
    folder = tmp_path / "bad" / "default"
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(
        '[[template]]\ndocument = "notice"\nfile = "../x"\neffective = 2000-01-01\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match=r"manifest\.toml: .*file name in this folder"):
        _notice(people, tmp_path / "bad")


def test_report_in_an_unknown_language_is_an_error(people: dict[str, clearlaw.Person]) -> None:
    statute = clearlaw.load("ny/clean-slate")
    with pytest.raises(TemplateError, match="`report` in language `fr`"):
        render_report(statute, people["P000003"], (), AS_OF, lang="fr")


# ------------------------------------------------------------------------------- writing


def test_write_documents_one_file_per_person(tmp_path: Path) -> None:
    statute = clearlaw.load("ny/clean-slate")
    people = clearlaw.read_records(PEOPLE).people
    written = write_documents(statute, people, AS_OF, "notice", tmp_path / "out")
    assert sorted(p.name for p in written.files) == [
        f"{pid}.notice.en.html" for pid in ("P000003", "P000016", "P000143", "P000200")
    ]
    assert (tmp_path / "out" / "P000003.notice.en.html").stat().st_mode & 0o077 == 0
    summary = write_documents(statute, people, AS_OF, "summary", tmp_path / "summary")
    assert [p.name for p in summary.files] == ["summary.en.html"]


@pytest.mark.parametrize(
    ("pid", "stem"),
    [
        ("../escape", "_d_d_x2f_escape"),
        ("a/b", "a_x2f_b"),
        ("..", "_d_d"),
        (".hidden", "_dhidden"),
        ("x\\y", "x_x5c_y"),
        ("a\x00b", "a_x0_b"),
        ("12 345/B", "12_x20_345_x2f_B"),
    ],
)
def test_person_ids_that_are_not_file_names_are_escaped(
    pid: str, stem: str, tmp_path: Path
) -> None:
    """A person id a file name cannot hold gets its documents under ``file_id``'s escape of
    it, inside the output folder (before, it stopped the whole run)."""
    statute = clearlaw.load("ny/clean-slate")
    person = attrs.evolve(clearlaw.read_records(PEOPLE).people[0], id=pid)
    written = write_documents(statute, [person], AS_OF, "notice", tmp_path / "out")
    assert [p.name for p in written.files] == [f"{stem}.notice.en.html"]
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")] == [
        f"{stem}.notice.en.html"
    ]
    assert not (tmp_path / "escape.notice.en.html").exists()


def test_an_empty_person_id_is_refused(tmp_path: Path) -> None:
    statute = clearlaw.load("ny/clean-slate")
    person = attrs.evolve(clearlaw.read_records(PEOPLE).people[0], id="")
    with pytest.raises(UnsafePathError, match="not a safe file name"):
        write_documents(statute, [person], AS_OF, "notice", tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing written, not even the folder


def test_unsafe_output_folders_are_rejected(tmp_path: Path) -> None:
    statute = clearlaw.load("ny/clean-slate")
    people = clearlaw.read_records(PEOPLE).people
    with pytest.raises(UnsafePathError, match=r"'\.\.'"):
        write_documents(statute, people, AS_OF, "notice", tmp_path / "out" / ".." / "elsewhere")
    (tmp_path / "out").mkdir()
    target = tmp_path / "secret.html"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "out" / "P000003.notice.en.html").symlink_to(target)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        write_documents(statute, people, AS_OF, "notice", tmp_path / "out")
    assert target.read_text(encoding="utf-8") == "keep"
    with pytest.raises(UnsafePathError):
        document_path(tmp_path / "out", "../x.html")


def test_cli_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs"
    args = ["documents", "ny/clean-slate", str(PEOPLE), "--as-of", "2026-11-23", "--output"]
    assert main([*args, str(out), "--kind", "notice", "--lang", "es"]) == 0
    assert (out / "P000016.notice.es.html").is_file()
    assert main([*args, str(out), "--kind", "report", "--overwrite"]) == 0
    assert "How this was decided" in (out / "P000016.report.en.html").read_text(encoding="utf-8")
    assert main([*args, str(out), "--kind", "summary", "--overwrite"]) == 0
    assert (out / "summary.en.html").is_file()
    captured = capsys.readouterr()
    assert "Test Person" not in captured.out + captured.err  # contents are never printed
    assert main([*args, str(tmp_path / ".." / "x"), "--kind", "notice"]) == 2
    assert "may not contain '..'" in capsys.readouterr().err
    bad = _user_set(tmp_path, "{{ cycler.__init__.__globals__ }}\n")
    assert main([*args, str(tmp_path / "bad"), "--kind", "notice", "--templates", str(bad)]) == 2
    assert "sandbox" in capsys.readouterr().err
