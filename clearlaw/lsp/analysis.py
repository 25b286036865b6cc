"""What the checker says about one open file: its diagnostics, and the declarations the
editor features read (``Analysis``).

A statute is parsed, then checked as ``clearlaw lint`` checks it (its readings, then
``clearlaw.check``; not compiled, which finds nothing more), so that its declarations are
known even when the checker finds errors: first without the search for rules that can never
apply or that conflict, which ``finish`` adds (``clearlaw.check.check_logic``).  An amendment or policy is loaded with the statute
it amends (``clearlaw.policy``); a tests file is checked against its statute (the ``.law``
file beside it, else the library statute its ``tests for`` line names,
``clearlaw.check_tests``).  A diagnostic in another file (the amended statute, the tested
statute, a table) is reported on the line that names that file, so that nothing is lost.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

import attrs

from clearlaw import nodes as n
from clearlaw.check import CheckedStatute, check_logic, check_statute
from clearlaw.check_tests import check_tests
from clearlaw.diagnostics import Diagnostic, StatuteError
from clearlaw.evaluate import Statute
from clearlaw.library import STATUTE_SUFFIX, TESTS_SUFFIX, collector_paused, load_text
from clearlaw.policy import is_policy_text
from clearlaw.readings import reading_problems
from clearlaw.resources import statutes_dir
from clearlaw.syntax import parse_policy_text, parse_statute_text, parse_tests_text

__all__ = ["Analysis", "Texts", "analyze", "finish", "tested_statute_path"]

#: The text of a file as the editor has it (an open, unsaved buffer), else ``None``.
Texts = Callable[[Path], str | None]

_TESTS_FOR = re.compile(r"^\s*tests\s+for\s+(\S+)", re.MULTILINE)


@attrs.frozen
class Analysis:
    """One file's diagnostics (all in this file), and what it declares or reads: ``statute``
    the declarations in scope (its own, the amended statute's, or the tested statute's),
    ``policy`` an amendment's changes, ``tests`` a tests file's tests; ``pending``: the
    statute checked but for the search for rules that can never apply or that conflict,
    which ``finish`` does."""

    diagnostics: tuple[Diagnostic, ...]
    statute: n.Statute | None = None
    policy: n.PolicyFile | None = None
    tests: n.TestsFile | None = None
    pending: CheckedStatute | None = attrs.field(default=None, eq=False)


def analyze(
    text: str,
    path: str,
    texts: Texts = lambda _: None,
    *,
    parse: Callable[[str, str], n.Statute] = parse_statute_text,
    logic: bool = True,
) -> Analysis:
    """Check ``text``, the file at ``path`` (a ``.law`` or ``.tests`` file); ``texts`` gives
    the editor's text of another file this one reads (the statute a tests file tests).  A
    statute is parsed with ``parse`` (``clearlaw.lsp.incremental.Reparser.parse``); unless
    ``logic``, the search for rules that can never apply or conflict is left for ``finish``
    (``Analysis.pending``)."""
    if path.endswith(TESTS_SUFFIX):
        return _tests(text, path, texts)
    if is_policy_text(text):
        return _policy(text, path)
    with collector_paused():  # as `clearlaw.parse` does: the collector would walk the trees
        return _statute(text, path, parse, logic)


def _statute(text: str, path: str, parse: Callable[[str, str], n.Statute], logic: bool) -> Analysis:
    try:
        node = parse(text, path)
    except StatuteError as err:
        return Analysis(_here(err.diagnostics, text, path))
    return _checked(node, text, path, logic)


def _checked(node: n.Statute, text: str, path: str, logic: bool) -> Analysis:
    """The diagnostics of ``clearlaw lint`` (its reading problems, then the checker's; not
    compiled: compiling finds nothing to say), without the logic search unless ``logic``."""
    try:
        problems = reading_problems(node)
        if problems:
            raise StatuteError(problems, text)
        checked = check_statute(node, logic=logic)
    except StatuteError as err:
        return Analysis(_here(err.diagnostics, text, path), node)
    return Analysis(_here(checked.warnings, text, path), node, pending=None if logic else checked)


def finish(analysis: Analysis, text: str, path: str) -> Analysis:
    """A statute's analysis with the search for rules that can never apply or that conflict
    done (``clearlaw.check.check_logic``): the whole check of ``clearlaw lint``."""
    assert analysis.pending is not None
    try:
        with collector_paused():
            check_logic(analysis.pending)
    except StatuteError as err:
        return Analysis(_here(err.diagnostics, text, path), analysis.statute)
    return attrs.evolve(analysis, pending=None)


def _policy(text: str, path: str) -> Analysis:
    try:
        policy = parse_policy_text(text, path)
    except StatuteError as err:
        return Analysis(_here(err.diagnostics, text, path))
    statute, problems = _loaded(text, path)
    return Analysis(_here(problems, text, path), statute.node if statute else None, policy)


@functools.lru_cache(maxsize=16)
def _loaded(text: str, path: str) -> tuple[Statute | None, tuple[Diagnostic, ...]]:
    """A statute (or amendment) checked, with its warnings; or its errors.  Kept for the few
    texts last asked about: a tests file is checked often against the same statute."""
    try:
        statute = load_text(text, path)
    except StatuteError as err:
        return None, err.diagnostics
    except (OSError, UnicodeDecodeError) as err:  # an amended file that cannot be read
        return None, (Diagnostic(n.Span(path, 1, 1, 1, 2), f"cannot read: {err}"),)
    return statute, statute.checked.warnings


def tested_statute_path(text: str, path: str) -> Path | None:
    """The statute a tests file tests: the ``.law`` file beside it, else the library statute
    its ``tests for`` line names."""
    beside = Path(path).with_suffix(STATUTE_SUFFIX)
    if beside.is_file():
        return beside
    match = _TESTS_FOR.search(text)
    if match is None:
        return None
    in_library = statutes_dir() / f"{match[1]}{STATUTE_SUFFIX}"
    return in_library if in_library.is_file() else None


def _tests(text: str, path: str, texts: Texts) -> Analysis:
    try:
        tests = parse_tests_text(text, path)
    except StatuteError as err:
        return Analysis(_here(err.diagnostics, text, path))
    statute_file = tested_statute_path(text, path)
    if statute_file is None:
        problem = Diagnostic(
            _naming_line(text, path, Path(tests.statute_id)),
            f"no statute `{tests.statute_id}` to test: no {STATUTE_SUFFIX} file beside this one"
            " and no library statute with this id",
        )
        return Analysis(_here([problem], text, path), tests=tests)
    statute_text = texts(statute_file)
    if statute_text is None:
        statute_text = statute_file.read_text(encoding="utf-8", errors="replace")
    statute, problems = _loaded(statute_text, str(statute_file))
    if statute is None:
        return Analysis(_here(problems, text, path), tests=tests)
    try:
        check_tests(text, path, statute)
    except StatuteError as err:
        return Analysis(_here(err.diagnostics, text, path), statute.node, tests=tests)
    return Analysis((), statute.node, tests=tests)


def _here(
    diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], text: str, path: str
) -> tuple[Diagnostic, ...]:
    """``diagnostics`` with those of other files (an amended statute, a table) moved to the
    line of this file that names that file, their place in their own file in the message."""
    out = []
    for d in diagnostics:
        if d.span.file == path:
            out.append(d)
            continue
        other = Path(d.span.file)
        where = f"{other.name}:{d.span.line}:{d.span.column}"
        out.append(
            attrs.evolve(d, span=_naming_line(text, path, other), message=f"{where}: {d.message}")
        )
    return tuple(out)


def _naming_line(text: str, path: str, other: Path) -> n.Span:
    """The first line of ``text`` that names ``other`` (its file name or its statute id: the
    ``amends``, ``tests for`` or ``table`` line), else the first line."""
    stem = other.stem
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if other.name in code or re.search(rf"(^|/|\s){re.escape(stem)}(\s|$)", code):
            start = len(line) - len(line.lstrip()) + 1
            return n.Span(path, number, start, number, len(line.rstrip()) + 1)
    return n.Span(path, 1, 1, 1, 2)
