"""Documents for people and courts, from jinja2 templates (docs/documents.md).

* ``render_notice``: a plain-language notice to the person (English or Spanish);
* ``render_report``: a determination report for legal aid, with explanation trees;
* ``render_summary``: figures of a bulk run, with inline SVG bar charts;
* ``write_documents``: evaluate a records file and write one file per person (notice,
  report) or one summary, only under an output folder.

Templates live in ``clearlaw/templates/documents/<jurisdiction or default>/`` with a
``manifest.toml`` giving each one's effective date; ``templates=DIR`` puts a user's set first.
All templates run sandboxed (``clearlaw.documents.templates``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from clearlaw import records as r
from clearlaw.dates import date
from clearlaw.documents.context import (
    STATUSES,
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
from clearlaw.documents.render import DOCUMENTS, RENDERERS, renderer
from clearlaw.documents.templates import TemplateSet, long_date, template_set
from clearlaw.evaluate import Determination, Statute, evaluate

__all__ = [
    "DOCUMENTS",
    "RENDERERS",
    "DocumentError",
    "TemplateError",
    "TemplateSecurityError",
    "TemplateSet",
    "UnsafePathError",
    "document_path",
    "long_date",
    "render_notice",
    "render_report",
    "render_summary",
    "write_documents",
]

Templates = str | Path | TemplateSet | None


def _person_document(
    document: str,
    statute: Statute,
    person: r.Person,
    determinations: Iterable[Determination],
    as_of: date,
    lang: str,
    templates: Templates,
    fmt: str,
) -> str:
    counts = count_views(statute, person, determinations)
    context = {
        "statute": statute_view(statute),
        "person": person_view(person),
        "counts": counts,
        "tally": tally(counts),
        "statuses": STATUSES,
    }
    return renderer(fmt).render(
        template_set(templates),
        document,
        statute.node.header.jurisdiction,
        lang,
        as_of,
        context,
    )


def render_notice(
    statute: Statute,
    person: r.Person,
    determinations: Iterable[Determination],
    as_of: date,
    lang: str = "en",
    templates: Templates = None,
    *,
    format: str = "html",
) -> str:
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
) -> str:
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
) -> str:
    """Figures of a bulk run over ``people``: ``determinations`` of all of them, flat."""
    context = {
        "statute": statute_view(statute),
        "summary": summary_view(statute, people, determinations),
        "statuses": STATUSES,
    }
    return renderer(format).render(
        template_set(templates),
        "summary",
        statute.node.header.jurisdiction,
        lang,
        as_of,
        context,
    )


_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


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


def _write(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)  # personal data: readable by the owner only
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


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
) -> list[Path]:
    """Evaluate ``people`` and write documents under ``output`` (created if needed):
    ``<person id>.<kind>.<lang>.<ext>`` per person with a decided count for ``notice`` and
    ``report``, or one ``summary.<lang>.<ext>``.  Returns the files written.

    Raises ``UnsafePathError`` before writing anything if a person id is not a safe file name.
    """
    if kind not in DOCUMENTS:
        raise DocumentError(f"unknown document kind {kind!r} (one of {', '.join(DOCUMENTS)})")
    ext = renderer(format).extension
    tset = template_set(templates)
    folder = _output_dir(output)
    population = list(people)
    for p in population:  # check every name before writing any file
        if kind != "summary":
            document_path(folder, f"{p.id}.{kind}.{lang}{ext}")
    if kind != "summary":
        document_path(folder, f"x.{kind}.{lang}{ext}")  # the folder itself is acceptable
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if kind == "summary":
        found = [d for p in population for d in evaluate(statute, p, as_of, explain=False)]
        text = render_summary(statute, population, found, as_of, lang, tset, format=format)
        path = document_path(folder, f"summary.{lang}{ext}")
        _write(path, text)
        return [path]
    render = render_notice if kind == "notice" else render_report
    for p in population:
        found_p = evaluate(statute, p, as_of, explain=kind == "report")
        if not found_p:
            continue
        text = render(statute, p, found_p, as_of, lang, tset, format=format)
        path = document_path(folder, f"{p.id}.{kind}.{lang}{ext}")
        _write(path, text)
        written.append(path)
    return written
