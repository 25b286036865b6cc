"""Documents for people and courts, from jinja2 templates (docs/documents.md).

* ``render_notice``: a plain-language notice to the person (English or Spanish);
* ``render_report``: a determination report for legal aid, with explanation trees;
* ``render_summary``: figures of a bulk run, with inline SVG bar charts;
* ``render_motion``: a motion for one court case (California: HS 11361.8), where the
  jurisdiction has a motion template;
* ``render_filing``: a bulk motion or order from a ``FilingView`` (``clearlaw.ca_doj.filings``);
* ``write_documents``: evaluate a records file and write one file per person (notice,
  report), per court case where relief is asked (motion) or one summary, only under an output
  folder that holds one run at a time (``clearlaw.io.run_folder``), each PDF with its
  accessible HTML beside it.

Every renderer takes ``format="html"`` (text), ``"pdf"`` or ``"docx"`` (bytes).

Templates live in ``clearlaw/templates/documents/<jurisdiction or default>/`` with a
``manifest.toml`` giving each one's effective date; ``templates=DIR`` puts a user's set first.
All templates run sandboxed (``clearlaw.documents.templates``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs

from clearlaw import records as r
from clearlaw.dates import date
from clearlaw.documents.context import (
    STATUSES,
    CaseView,
    FilingView,
    case_views,
    count_views,
    person_view,
    statute_view,
    summary_view,
    tally,
)
from clearlaw.documents.errors import (
    DocumentError,
    TemplateError,
    TemplateSecurityError,
    UnsafePathError,
)
from clearlaw.documents.render import DOCUMENTS, RENDERERS, LaidOutRenderer, renderer
from clearlaw.documents.templates import TemplateSet, long_date, template_set
from clearlaw.evaluate import Determination, Statute, evaluate
from clearlaw.io.run_folder import Layout, RunFolder

__all__ = [
    "DOCUMENTS",
    "FOLDER",
    "RENDERERS",
    "DocumentError",
    "TemplateError",
    "TemplateSecurityError",
    "TemplateSet",
    "UnsafePathError",
    "Written",
    "document_path",
    "file_id",
    "long_date",
    "person_file_id",
    "render_filing",
    "render_motion",
    "render_notice",
    "render_report",
    "render_summary",
    "renderer",
    "template_set",
    "write_documents",
]

Templates = str | Path | TemplateSet | None


def _render(
    document: str,
    statute: Statute,
    lang: str,
    as_of: date,
    templates: Templates,
    fmt: str,
    context: dict[str, object],
) -> str | bytes:
    """``document`` for ``statute``'s jurisdiction, in format ``fmt``."""
    jurisdiction = statute.node.header.jurisdiction
    return renderer(fmt).render(
        template_set(templates), document, jurisdiction, lang, as_of, context
    )


def _person_document(
    document: str,
    statute: Statute,
    person: r.Person,
    determinations: Iterable[Determination],
    as_of: date,
    lang: str,
    templates: Templates,
    fmt: str,
) -> str | bytes:
    counts = count_views(statute, person, determinations, as_of)
    context = {
        "statute": statute_view(statute),
        "person": person_view(person),
        "counts": counts,
        "tally": tally(counts),
        "statuses": STATUSES,
    }
    return _render(document, statute, lang, as_of, templates, fmt, context)


def render_notice(
    statute: Statute,
    person: r.Person,
    determinations: Iterable[Determination],
    as_of: date,
    lang: str = "en",
    templates: Templates = None,
    *,
    format: str = "html",
) -> str | bytes:
    """The plain-language notice to ``person`` about ``determinations`` (from ``evaluate``)."""
    return _person_document(
        "notice", statute, person, determinations, as_of, lang, templates, format
    )


def render_report(
    statute: Statute,
    person: r.Person,
    determinations: Iterable[Determination],
    as_of: date,
    lang: str = "en",
    templates: Templates = None,
    *,
    format: str = "html",
) -> str | bytes:
    """The determination report for ``person``: every count with outcome, reasons, citations
    and the explanation tree (evaluate with ``explain=True`` to have the trees)."""
    return _person_document(
        "report", statute, person, determinations, as_of, lang, templates, format
    )


def render_summary(
    statute: Statute,
    people: Sequence[r.Person],
    determinations: Iterable[Determination],
    as_of: date,
    lang: str = "en",
    templates: Templates = None,
    *,
    format: str = "html",
    rejected: int = 0,
) -> str | bytes:
    """Figures of a bulk run over ``people``: ``determinations`` of all of them, flat;
    ``rejected``: the people of the records that could not be read (counted, not shown)."""
    context = {
        "statute": statute_view(statute),
        "summary": summary_view(statute, people, determinations, rejected),
        "statuses": STATUSES,
    }
    return _render("summary", statute, lang, as_of, templates, format, context)


def render_motion(
    statute: Statute,
    person: r.Person,
    case: CaseView,
    as_of: date,
    lang: str = "en",
    templates: Templates = None,
    *,
    format: str = "html",
) -> str | bytes:
    """A motion for one court case of ``person`` (a ``CaseView`` from ``case_views``); the
    statute's jurisdiction needs a ``motion`` template (California has one, HS 11361.8)."""
    context = {
        "statute": statute_view(statute),
        "person": person_view(person),
        "case": case,
        "statuses": STATUSES,
    }
    return _render("motion", statute, lang, as_of, templates, format, context)


def render_filing(
    document: str,
    filing: FilingView,
    jurisdiction: str,
    as_of: date,
    lang: str = "en",
    templates: Templates = None,
    *,
    format: str = "html",
) -> str | bytes:
    """A bulk court filing (``document``: ``bulk-motion`` or ``bulk-order``) listing
    ``filing``'s convictions, from the jurisdiction's template."""
    return renderer(format).render(
        template_set(templates), document, jurisdiction, lang, as_of, {"filing": filing}
    )


#: A file name this module writes (255 bytes is the usual limit of a name).
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,239}")


#: The output folder of a documents run: the names its users' folders already hold.
FOLDER = Layout(
    manifest=".clearlaw-documents.json",
    marker="DOCUMENTS-INCOMPLETE.txt",
    marker_head=(
        "# This clearlaw documents run did not finish: the files beside this one are not a\n"
        "# complete set.  Run it again with --overwrite (it removes the files listed below).\n"
    ),
    error=DocumentError,
)


def _output_dir(output: str | Path) -> Path:
    raw = Path(output)
    if ".." in raw.parts:
        raise UnsafePathError(f"{output}: an output folder may not contain '..'")
    if raw.exists() and not raw.is_dir():
        raise UnsafePathError(f"{output}: exists and is not a folder")
    return raw


def document_path(output: str | Path, name: str) -> Path:
    """``output/name``, refusing a name that could leave the folder (separators, ``..``,
    leading dots, symlinks pointing elsewhere)."""
    if not _SAFE_ID.fullmatch(name) or ".." in name:
        raise UnsafePathError(
            f"{name!r}: not a safe file name (letters, digits, '.', '_', '-'; no '..')"
        )
    folder = _output_dir(output)
    path = folder / name
    if path.is_symlink():
        raise UnsafePathError(f"{path}: is a symbolic link; refusing to write through it")
    base = folder.resolve()
    if not path.resolve().is_relative_to(base):
        raise UnsafePathError(f"{path}: outside the output folder {output}")
    return path


def file_id(identifier: str) -> str:
    """``identifier`` as a piece of a file name with no ``.`` and nothing a file name must not
    hold: ``_`` → ``__``, ``.`` → ``_d``, any other character but ASCII letters, digits and
    ``-`` → ``_x<hex code point>_`` (a case number ``19 CR 1234/A`` → ``19_x20_CR_x20_1234_x2f_A``).
    Each escape starts with ``_`` and the character after it says which, so different ids
    give different names, and ids joined by dots do not meet (person ``A`` with case ``B.C``
    and person ``A.B`` with case ``C``)."""
    return _UNSAFE_CHAR.sub(_escape_char, identifier)


_UNSAFE_CHAR = re.compile(r"[^A-Za-z0-9-]")


def _escape_char(found: re.Match[str]) -> str:
    char = found.group()
    return {"_": "__", ".": "_d"}.get(char) or f"_x{ord(char):x}_"


def person_file_id(identifier: str) -> str:
    """A person id as the start of a notice's or report's file name: the id itself when it is
    a safe file name (as it always was), else ``file_id``'s escape of it (an id such as
    ``12/345`` gets documents too, under ``12_x2f_345``)."""
    return (
        identifier
        if _SAFE_ID.fullmatch(identifier) and ".." not in identifier
        else file_id(identifier)
    )


@attrs.frozen
class Written:
    """What ``write_documents`` wrote: the files, the court cases it made no motion for
    (``person/case``: no relief is asked for any of their counts), and the people it made no
    notice or report for (none of their counts is one the statute decides)."""

    files: tuple[Path, ...]
    skipped: tuple[str, ...] = ()
    undecided: tuple[str, ...] = ()


def _pdf_from_html(html: str | bytes) -> bytes:
    pdf = RENDERERS["pdf"]
    assert isinstance(pdf, LaidOutRenderer) and isinstance(html, str)
    return pdf.from_html(html)


def write_documents(
    statute: Statute,
    people: Iterable[r.Person],
    as_of: date,
    kind: str,
    output: str | Path,
    lang: str = "en",
    templates: Templates = None,
    *,
    format: str = "html",
    overwrite: bool = False,
    all_cases: bool = False,
    html_beside_pdf: bool = True,
    progress: Callable[[int], None] | None = None,
    rejected: int = 0,
) -> Written:
    """Evaluate ``people`` and write documents under ``output`` (created if needed):
    ``<person id>.<kind>.<lang>.<ext>`` (through ``person_file_id``) per person with a decided
    count for ``notice`` and ``report``, ``<person id>.<case id>.motion.<lang>.<ext>`` (ids through ``file_id``) per
    court case where relief is asked for ``motion`` (every case with a decided count if
    ``all_cases``), or one ``summary.<lang>.<ext>``.  A PDF gets its HTML beside it (the
    accessible version: ReportLab writes untagged PDF) unless ``html_beside_pdf=False``.
    ``progress(n)`` is told as people are done; ``rejected``, the people of the records
    that could not be read, is counted in the summary.

    The folder is kept by ``RunFolder`` (layout ``FOLDER``): one that holds an earlier run is
    refused unless ``overwrite`` (which removes that run's files); a run that stops early
    leaves the marker ``DOCUMENTS-INCOMPLETE.txt``.  Raises ``UnsafePathError`` before writing
    anything if two documents would have one name, or a name would be too long.
    """
    if kind not in DOCUMENTS:
        raise DocumentError(f"unknown document kind {kind!r} (one of {', '.join(DOCUMENTS)})")
    exts = [renderer(format).extension]
    if format == "pdf" and html_beside_pdf:
        exts.append(renderer("html").extension)
    tset = template_set(templates)
    folder = _output_dir(output)
    population = list(people)

    def stem(p: r.Person, case: str | None = None) -> str:
        if case is not None:
            return f"{file_id(p.id)}.{file_id(case)}.{kind}.{lang}"
        return f"{person_file_id(p.id)}.{kind}.{lang}"

    stems = [f"summary.{lang}"] if kind == "summary" else []
    for p in population if kind != "summary" else []:  # a summary is one file
        stems += [stem(p, c.id) for c in p.cases] if kind == "motion" else [stem(p)]
    names = [s + ext for s in stems for ext in exts]
    twice = sorted(n for n, k in Counter(names).items() if k > 1)
    if twice:
        raise UnsafePathError(f"{folder / twice[0]}: two documents of this run have this name")
    for name in names:  # check every name before writing any file
        document_path(folder, name)
    document_path(folder, f"x.{kind}.{lang}{exts[0]}")  # the folder itself is acceptable
    if kind == "motion":  # a jurisdiction without a motion template: say so before writing
        tset.select(statute.node.header.jurisdiction, "motion", lang, "html", as_of)
    out = RunFolder.open(folder, FOLDER, names, overwrite=overwrite)
    written: list[Path] = []
    skipped: list[str] = []
    undecided: list[str] = []

    def emit(name: str, make: Callable[[str], str | bytes]) -> None:
        if len(exts) == 2:
            html = make("html")
            contents = [(exts[0], _pdf_from_html(html)), (exts[1], html)]
        else:
            contents = [(exts[0], make(format))]
        for ext, content in contents:
            path = document_path(folder, name + ext)
            out.write(path, content)
            written.append(path)

    if kind == "summary":
        found = [d for p in population for d in evaluate(statute, p, as_of, explain=False)]
        emit(
            f"summary.{lang}",
            lambda f: render_summary(
                statute, population, found, as_of, lang, tset, format=f, rejected=rejected
            ),
        )
    for p in population if kind != "summary" else []:
        found_p = evaluate(statute, p, as_of, explain=kind == "report")
        if kind == "motion":
            for case in case_views(statute, p, found_p, as_of):
                if not all_cases and not any(c.relief for c in case.counts):
                    skipped.append(f"{p.id}/{case.id}")
                    continue
                emit(
                    stem(p, case.id),
                    lambda f, p=p, case=case: render_motion(  # type: ignore[misc]
                        statute, p, case, as_of, lang, tset, format=f
                    ),
                )
        elif not found_p:
            undecided.append(p.id)
        else:
            render = render_notice if kind == "notice" else render_report
            emit(
                stem(p),
                lambda f, p=p, found_p=found_p, render=render: render(  # type: ignore[misc]
                    statute, p, found_p, as_of, lang, tset, format=f
                ),
            )
        if progress is not None:
            progress(1)
    out.finish()
    return Written(tuple(written), tuple(skipped), tuple(undecided))
