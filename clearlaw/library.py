"""Finding, reading and checking statute files: ``parse``, ``load``, ``list_statutes``."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping
from pathlib import Path

from clearlaw import nodes as n
from clearlaw.check import check_statute
from clearlaw.diagnostics import Diagnostic, StatuteError, did_you_mean
from clearlaw.evaluate import Statute
from clearlaw.nodes import Span, TestsFile
from clearlaw.readings import choose, reading_problems
from clearlaw.resources import statutes_dir
from clearlaw.syntax import Files, parse_statute_text, parse_tests_text

__all__ = [
    "list_statutes",
    "load",
    "load_tests",
    "load_text",
    "parse",
    "read_source",
    "statute_path",
]

STATUTE_SUFFIX = ".law"
TESTS_SUFFIX = ".tests"


def parse(
    text: str,
    path: str = "<statute>",
    readings: Mapping[str, str] | None = None,
    *,
    files: Files = True,
) -> Statute:
    """Parse and check statute text; raise ``StatuteError`` with every problem found.
    ``readings`` chooses alternatives of its contested readings (``clearlaw.readings``);
    ``files`` says which tables it may read (``clearlaw.syntax.Files``; ``False``: none)."""
    with collector_paused():
        return checked(parse_statute_text(text, path, files=files), readings)


def checked(node: n.Statute, readings: Mapping[str, str] | None = None) -> Statute:
    """``node`` read as ``readings`` chooses, checked and compiled."""
    problems = reading_problems(node)
    if problems:
        raise StatuteError(problems, {node.path: node.source, **dict(node.sources)})
    return Statute(check_statute(choose(node, readings) if readings else node))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while the block runs (as it was after).  Parsing and
    checking a statute, building records and deciding them make many objects and no reference
    cycles: the collector would find nothing but walk them all again and again (a 1 MB
    statute: about half its lint time; a third of building the DOJ records' CPU, an eighth of
    deciding's)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_text(
    text: str, path: str, readings: Mapping[str, str] | None = None, *, files: Files = True
) -> Statute:
    """A statute, an amendment or a policy (``amendment "…" amends …``) from its text, read
    as ``readings`` chooses; ``files`` as in ``parse`` (an amendment whose ``files`` is not
    ``True`` amends a library statute only)."""
    from clearlaw import policy  # imports this module's loaders

    if policy.is_policy_text(text):
        return policy.load_policy(text, path, readings, files=files)
    return parse(text, path, readings, files=files)


def statute_path(ref: str | Path) -> Path:
    """The file of a statute given as a library id (``ny/clean-slate``) or a path."""
    from clearlaw.io.stream import JSONL_SUFFIXES, PARQUET_SUFFIXES

    candidate = Path(ref)
    if candidate.suffix.lower() in (*JSONL_SUFFIXES, *PARQUET_SUFFIXES, ".csv"):
        # never parsed: a diagnostic would quote its first line, a person's name and birth date
        raise FileNotFoundError(f"{ref}: a records file, not a statute file ({STATUTE_SUFFIX})")
    if candidate.suffix == TESTS_SUFFIX:  # `clearlaw test x.tests`: the statute it tests
        beside = candidate.with_suffix(STATUTE_SUFFIX)
        if not beside.is_file():
            raise FileNotFoundError(f"{ref}: a tests file; its statute {beside} is not there")
        return beside
    if candidate.suffix == STATUTE_SUFFIX or candidate.exists():
        if candidate.is_dir():
            raise FileNotFoundError(f"{ref}: is a folder, not a statute file")
        if candidate.exists() and not candidate.is_file():
            raise FileNotFoundError(f"{ref}: not a file (a device or a pipe)")
        if not candidate.is_file():
            raise FileNotFoundError(f"{ref}: no such statute file")
        return candidate
    in_library = statutes_dir() / f"{ref}{STATUTE_SUFFIX}"
    if in_library.is_file():
        return in_library
    ids = sorted(list_statutes())
    hint = did_you_mean(str(ref), ids)
    known = ", ".join(ids) or "none"
    raise FileNotFoundError(
        f"{ref}: no statute with this id or path{'; ' + hint if hint else ''} (library: {known})"
    )


def load(ref: str | Path, readings: Mapping[str, str] | None = None) -> Statute:
    """Load a statute by library id (``clearlaw.load("ny/clean-slate")``) or file path;
    ``readings`` chooses alternatives of its contested readings (``{"clock": "release"}``)."""
    path = statute_path(ref)
    return load_text(read_source(path), str(path), readings)


def read_source(path: Path) -> str:
    """The text of a statute or tests file (a byte order mark left out): ``StatuteError`` at
    the line and column of a byte that is not UTF-8, ``FileNotFoundError`` (one line) if it
    cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileNotFoundError(f"{path}: cannot read: {err.strerror or err}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[start : err.start].decode("utf-8")) + 1
        where = Span(str(path), line, column, line, column + 1)
        problem = Diagnostic(
            where, f"not UTF-8 text (byte {data[err.start]:#04x})", "save the file as UTF-8"
        )
        raise StatuteError([problem], {str(path): data.decode("utf-8", "replace")}) from None


def list_statutes() -> dict[str, Path]:
    """Every statute in the library: id → file."""
    root = statutes_dir()
    return {
        p.relative_to(root).with_suffix("").as_posix(): p
        for p in sorted(root.rglob(f"*{STATUTE_SUFFIX}"))
    }


def load_tests(statute_file: Path) -> TestsFile | None:
    """The scenario tests beside a statute file (same name, ``.tests``), if there are any."""
    path = statute_file.with_suffix(TESTS_SUFFIX)
    if not path.is_file():
        return None
    tests = parse_tests_text(read_source(path), str(path))
    return tests
