"""What each endpoint does, without HTTP: the library's own loaders, checker, evaluator,
scenario runner, diff and documents, so that the service answers exactly as the CLI does.

A statute comes from the library by id or from posted text; posted text reads no file
(``clearlaw.syntax.Files``): its ``table`` lines read only from the folder of the library
statute whose ``id`` it declares, and an amendment amends a library statute only.  No
request can name a file.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from clearlaw import records as r
from clearlaw.check_tests import check_tests
from clearlaw.dates import date, parse_date
from clearlaw.describe import describe
from clearlaw.diagnostics import Diagnostic, StatuteError, did_you_mean
from clearlaw.evaluate import Determination, Statute, evaluate
from clearlaw.explain import render_text
from clearlaw.io import Problem, Rejection
from clearlaw.io.determinations import determination_to_json
from clearlaw.io.errors import safe_id
from clearlaw.io.jsonl import read_decoded, read_line
from clearlaw.library import TESTS_SUFFIX, list_statutes, load, load_text
from clearlaw.readings import ReadingError, alternatives
from clearlaw.scenarios import run_all
from clearlaw.scope import OUT_OF_SCOPE, screen_people
from clearlaw.service.errors import ServiceError, diagnostic_to_json, from_statute_error

if TYPE_CHECKING:
    from clearlaw.documents.context import CaseView

__all__ = [
    "Checked",
    "as_of",
    "check",
    "diff",
    "document",
    "explain",
    "lint",
    "read_lines",
    "read_people",
    "rejection_to_json",
    "run_tests",
    "statute",
    "statute_detail",
    "statute_infos",
]

#: A library id (the grammar's STATUTE_ID): anything else one line long is not a statute.
_LIBRARY_ID = re.compile(r"[a-z][a-z0-9-]*(/[a-z0-9][a-z0-9.-]*)+")
#: The ``id`` line of a posted text's header.
_DECLARED_ID = re.compile(r"^[ \t]*id[ \t]+(\S+)", re.MULTILINE)
#: Where rejections of posted people point: ``<request>:N``, N the person's place.
REQUEST = "<request>"
#: A document's media type by format.
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

Tick = Callable[[], None]
Readings = Mapping[str, str] | None


def as_of(text: str) -> date:
    """A request's date, or 400 with the CLI's message."""
    try:
        return parse_date(text)
    except ValueError as err:
        raise ServiceError(400, f"as_of: {err}") from None


@functools.cache
def _library() -> dict[str, Path]:
    return list_statutes()


def _key(readings: Readings) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((readings or {}).items()))


def statute(ref: str, readings: Readings = None, path: str = "<statute>") -> Statute:
    """The statute ``ref`` names (a library id) or is (posted text, read as ``path``):
    404 for an unknown id, 422 with diagnostics for a text that does not check, 400 for an
    unknown reading."""
    try:
        if "\n" not in ref.strip():
            return _by_id(ref.strip(), _key(readings))
        return _posted(ref, path, _key(readings))
    except StatuteError as err:
        raise from_statute_error(err) from None
    except ReadingError as err:
        raise ServiceError(400, str(err)) from None


#: How much of an unknown statute id a 404 repeats.
_SHOWN_ID = 100


@functools.lru_cache(maxsize=64)
def _by_id(ref: str, readings: tuple[tuple[str, str], ...]) -> Statute:
    library = _library()
    if not _LIBRARY_ID.fullmatch(ref) or ref not in library:
        long = len(ref) > _SHOWN_ID  # a request's id is echoed at most this long, and not matched
        hint = None if long else did_you_mean(ref, library)
        shown = ref[:_SHOWN_ID] + "…" if long else ref
        known = ", ".join(library) or "none"
        raise ServiceError(
            404, f"{shown}: no statute with this id{'; ' + hint if hint else ''} (library: {known})"
        )
    return load(library[ref], dict(readings) or None)


@functools.lru_cache(maxsize=32)
def _posted(text: str, path: str, readings: tuple[tuple[str, str], ...]) -> Statute:
    return load_text(text, path, dict(readings) or None, files=tables_folder(text))


def tables_folder(text: str) -> Path | bool:
    """Where a posted text may read tables: the folder of the library statute its ``id``
    line names, else nowhere (``False``)."""
    declared = _DECLARED_ID.search(text)
    found = _library().get(declared.group(1)) if declared else None
    return found.parent if found is not None else False


def statute_infos() -> list[dict[str, Any]]:
    """Every library statute: id, title, jurisdiction, citations, effective dates (``clearlaw
    list --format json``)."""
    return [_info(sid, _by_id(sid, ())) for sid in _library()]


def _info(sid: str, st: Statute) -> dict[str, Any]:
    h = st.node.header
    return {
        "id": sid,
        "title": h.title,
        "jurisdiction": h.jurisdiction,
        "citations": [c.citation for c in h.cites],
        "effective": [str(d) for d in h.effective],
    }


def statute_detail(sid: str) -> dict[str, Any]:
    """One library statute: ``_info``, its ``clearlaw describe`` summary, its contested
    readings, its text and its scenario tests."""
    st = _by_id(sid, ())
    file = _library()[sid]
    tests = file.with_suffix(TESTS_SUFFIX)
    return {
        **_info(sid, st),
        "summary": attrs.asdict(describe(st)),
        "readings": [
            {
                "name": reading.name,
                "title": reading.title,
                "default": reading.default,
                "alternatives": [a.name for a in reading.alternatives],
            }
            for reading in st.node.readings
        ],
        "text": file.read_text(encoding="utf-8"),
        "tests": tests.read_text(encoding="utf-8") if tests.is_file() else None,
    }


def read_people(objects: Iterable[object]) -> Iterator[r.Person | Rejection]:
    """Each posted person object (as ``clearlaw.io.jsonl.decode`` decoded the body) as a
    ``Person`` or the ``Rejection`` that says what is wrong (``<request>:N``, N its place),
    as the records reader says it for a line: keys given twice, duplicate ids included."""
    seen: dict[str, int] = {}
    for number, value in enumerate(objects, 1):
        yield read_decoded(value, REQUEST, number, seen)


def read_lines(
    lines: Iterable[str | bytes], start: int = 1, first_line: dict[str, int] | None = None
) -> Iterator[r.Person | Rejection]:
    """Each JSON Lines line (the ``start``-th first; blank lines skipped) as a ``Person``
    or a ``Rejection``, exactly as ``clearlaw check`` reads a ``.jsonl`` file (not UTF-8,
    invalid JSON, duplicate ids: ``first_line`` holds the ids of earlier lines)."""
    seen = {} if first_line is None else first_line
    for number, line in enumerate(lines, start):
        if line.strip():
            yield read_line(line, REQUEST, number, seen)


def rejection_to_json(rejection: Rejection) -> dict[str, Any]:
    """A rejection: ``line``, ``person``, ``problems`` (field, message) and the CLI's
    ``message``."""
    return {
        "line": rejection.line,
        "person": rejection.person_id,
        "problems": [_problem(p) for p in rejection.problems],
        "message": str(rejection),
    }


def _problem(p: Problem) -> dict[str, str]:
    return {"field": p.field, "message": p.message}


@attrs.frozen
class Checked:
    """The determinations (as JSON) of some people, and the people rejected."""

    determinations: list[dict[str, Any]]
    rejected: list[Rejection]


def check(
    st: Statute,
    when: date,
    people: Iterable[r.Person | Rejection],
    *,
    explanation: bool = False,
    decided_only: bool = False,
    tick: Tick = lambda: None,
) -> Checked:
    """Every count of every person decided as ``clearlaw check`` decides it (people whose
    facts the statute cannot read rejected); ``tick`` runs before each person (the time
    limit)."""
    rejected: list[Rejection] = []
    found: list[dict[str, Any]] = []
    for person in screen_people(st, _people(people, rejected, tick), rejected):
        for d in evaluate(st, person, when, explain=explanation, out_of_scope=True):
            if not (decided_only and d.outcome == OUT_OF_SCOPE):
                found.append(determination_to_json(d, explanation=explanation))
    return Checked(found, sorted(rejected, key=lambda x: x.line))


def _people(
    items: Iterable[r.Person | Rejection], rejected: list[Rejection], tick: Tick
) -> Iterator[r.Person]:
    for item in items:
        tick()
        if isinstance(item, Rejection):
            rejected.append(item)
        else:
            yield item


def one_person(st: Statute, value: object) -> r.Person:
    """The one posted person, or 400 with every problem (as the CLI reports a rejection),
    a fact ``st`` cannot read included."""
    rejected: list[Rejection] = []
    found = list(screen_people(st, _people(read_people([value]), rejected, lambda: None), rejected))
    if rejected:
        raise ServiceError(400, f"person was rejected:\n{rejected[0]}")
    return found[0]


def explain(st: Statute, when: date, value: object) -> dict[str, Any]:
    """One person's determinations with their explanation trees, and the CLI's text."""
    person = one_person(st, value)
    results = evaluate(st, person, when)
    lines = [] if results else [f"{st.id} decides none of person {safe_id(person.id)}'s counts"]
    for d in results:
        assert d.explanation is not None
        lines.append(f"{safe_id(d.case)}/{safe_id(d.count)}: {d.outcome} — {'; '.join(d.reasons)}")
        lines.append(render_text(d.explanation, indent=1))
    return {
        "determinations": [determination_to_json(d, explanation=True) for d in results],
        "text": "\n".join(lines),
    }


def lint(text: str, tests: str | None) -> tuple[bool, list[dict[str, Any]]]:
    """``clearlaw lint`` of a posted statute text (every alternative reading checked too)
    and, if given, its tests text: whether there is no error, and every diagnostic."""
    try:
        st = statute(text)
    except ServiceError as err:
        return False, [diagnostic_to_json(d) for d in err.diagnostics] or [_whole(err)]
    problems: list[Diagnostic] = list(st.checked.warnings)
    for reading, alternative in alternatives(st.node):
        try:
            other = statute(text, {reading.name: alternative.name})
        except ServiceError as err:
            problems += err.diagnostics
            continue
        problems += [w for w in other.checked.warnings if w not in problems]
    if tests is not None:
        try:
            check_tests(tests, "<tests>", st)
        except StatuteError as err:
            problems += err.diagnostics
    ordered = sorted(problems, key=lambda d: (d.span.file, d.span.line, d.span.column))
    ok = not any(d.severity == "error" for d in ordered)
    return ok, [diagnostic_to_json(d) for d in ordered]


def _whole(err: ServiceError) -> dict[str, Any]:
    """A problem without a place (a reading that cannot be chosen) as a diagnostic."""
    return {
        "file": "<statute>",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 2,
        "message": err.message,
        "hint": None,
        "severity": "error",
    }


def run_tests(st: Statute, text: str) -> dict[str, Any]:
    """``clearlaw test`` of a posted tests text: each expectation and whether it held."""
    try:
        tests = check_tests(text, "<tests>", st)
    except StatuteError as err:
        raise from_statute_error(err) from None
    run = run_all(tests, st)
    results = [
        {
            "test": c.test,
            "line": c.expectation.span.line,
            "case": c.expectation.case_id,
            "count": c.expectation.count_id,
            "expected": c.expectation.outcome,
            "outcome": None if c.determination is None else c.determination.outcome,
            "ok": c.problem is None,
            "message": c.problem,
        }
        for c in run.checked
    ]
    results += [
        {"test": f.test, "line": f.span.line, "ok": False, "message": f.message} for f in run.broken
    ]
    failed = sum(1 for x in results if not x["ok"])
    return {"passed": len(results) - failed, "failed": failed, "results": results}


def population(base: Statute, size: int, seed: int) -> Iterator[r.Person]:
    """``size`` synthetic people of the base statute's jurisdiction (``clearlaw
    population``); 400 when no bundled profile has it."""
    from clearlaw.drafting.population import people, profiles, profiles_for

    found = profiles_for([base.node.header.jurisdiction])
    if not found:
        raise ServiceError(
            400,
            f"no population profile for {base.node.header.jurisdiction or 'this statute'} "
            f"(known: {', '.join(profiles())}); post `people` instead",
        )
    return (person for _, person in people(found[0], size, seed))


def diff(
    base: Statute, amended: Statute, people: Iterable[r.Person | Rejection], when: date, tick: Tick
) -> dict[str, Any]:
    """``clearlaw diff`` on posted (or synthetic) people: the summary and every change."""
    from clearlaw.drafting.impact import diff as impact_of
    from clearlaw.io.impact import write_impact_jsonl

    rejected: list[Rejection] = []
    screened = screen_people(
        amended, screen_people(base, _people(people, rejected, tick), rejected), rejected
    )
    (impact,) = impact_of(base, amended, screened, when)
    lines = io.StringIO()
    write_impact_jsonl([impact], lines)
    return {
        "base": impact.base,
        "amended": impact.amended,
        "as_of": str(impact.as_of),
        "people": impact.people,
        "counts": impact.counts,
        "by_kind": dict(impact.by_kind()),
        "by_rule": dict(impact.by_rule()),
        "by_level": dict(impact.by_level()),
        "people_newly_cleared": len(impact.people_newly_cleared),
        "people_newly_excluded": len(impact.people_newly_excluded),
        "changes": [json.loads(line) for line in lines.getvalue().splitlines()],
        "rejected": [rejection_to_json(x) for x in sorted(rejected, key=lambda x: x.line)],
    }


def document(
    st: Statute,
    when: date,
    kind: str,
    values: Sequence[object],
    *,
    case: str | None = None,
    all_cases: bool = False,
    lang: str = "en",
    fmt: str = "html",
    tick: Tick = lambda: None,
) -> tuple[bytes, str]:
    """A document as ``clearlaw documents --kind KIND`` makes it, from the same templates
    (the built-in ones only), and its media type: a ``notice`` or ``report`` for the one
    person of ``values``, a ``motion`` for one of that person's court cases (``case``; the
    only one if not given; where relief is asked unless ``all_cases``), or a ``summary`` of
    all of ``values``.  400 with the CLI's message when it cannot be made."""
    from clearlaw.documents import (
        DocumentError,
        render_motion,
        render_notice,
        render_report,
        render_summary,
    )
    from clearlaw.documents.templates import BUILTIN_TEMPLATES

    made: str | bytes
    try:
        if kind == "summary":
            people = _everyone(st, values, tick)
            found: list[Determination] = []
            for person in people:
                tick()
                found += evaluate(st, person, when, explain=False)
            made = render_summary(st, people, found, when, lang, format=fmt)
        else:
            (value,) = values
            person = one_person(st, value)
            decided = evaluate(st, person, when, explain=kind == "report")
            if not decided:
                pid = safe_id(person.id)
                raise ServiceError(400, f"{st.id} decides none of person {pid}'s counts: no {kind}")
            if kind == "motion":
                chosen = _court_case(st, person, decided, when, case, all_cases)
                made = render_motion(st, person, chosen, when, lang, format=fmt)
            else:
                render = render_notice if kind == "notice" else render_report
                made = render(st, person, decided, when, lang, format=fmt)
    except DocumentError as err:  # the server's folders are not the client's business
        message = str(err).replace(str(BUILTIN_TEMPLATES), "clearlaw's templates")
        raise ServiceError(400, message) from None
    return (made.encode() if isinstance(made, str) else made), MEDIA_TYPES[fmt]


def _everyone(st: Statute, values: Iterable[object], tick: Tick) -> list[r.Person]:
    """Every posted person, or 400 naming each one rejected (place, id, field; a fact ``st``
    cannot read included)."""
    rejected: list[Rejection] = []
    people = list(screen_people(st, _people(read_people(values), rejected, tick), rejected))
    if rejected:
        listed = "\n".join(str(x) for x in rejected)
        raise ServiceError(400, f"{len(rejected)} of the people were rejected:\n{listed}")
    return people


def _court_case(
    st: Statute,
    person: r.Person,
    decided: Iterable[Determination],
    when: date,
    case: str | None,
    all_cases: bool,
) -> CaseView:
    """The court case a motion is for: ``case``, or the person's only case the statute
    decides; 400 if there is none such, or no relief is asked for it (unless
    ``all_cases``)."""
    from clearlaw.documents.context import case_views

    views = case_views(st, person, decided, when)
    pid = safe_id(person.id)
    ids = ", ".join(safe_id(v.id) for v in views)
    if case is None and len(views) > 1:
        raise ServiceError(
            400,
            f"person {pid} has {len(views)} court cases {st.id} decides ({ids}): name one in `case`",
        )
    chosen = views[0] if case is None else next((v for v in views if v.id == case), None)
    if chosen is None:
        raise ServiceError(
            400, f"person {pid}: no case {safe_id(str(case))} with a count {st.id} decides ({ids})"
        )
    if not all_cases and not any(c.relief for c in chosen.counts):
        raise ServiceError(
            400,
            f"{pid}/{safe_id(chosen.id)}: no relief is asked for any of its counts, so no "
            "motion (`all_cases: true` makes it anyway, as --all-cases does)",
        )
    return chosen
