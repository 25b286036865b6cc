"""A pytest plugin: each scenario of a ``*.tests`` file is its own test item.

``pytest statutes/ny/clean-slate.tests`` runs that file's scenarios, ``pytest statutes/`` every
file below (``-k "misdemeanor"`` picks scenarios by name, ``--junitxml`` writes JUnit XML).  A
file is checked against its statute first (``clearlaw.check_tests``); a problem is a
collection error with its diagnostics.  The statute is the ``.law`` file beside the tests
file, or else the library statute its ``tests for`` line names.  A failure names each
expectation that did not hold, at its ``file:line``, with what was expected and what the
statute decided.

Files are collected when pytest is given them, or a folder holding them, on its command
line; never from ``testpaths`` (a project's own run does not pick up statutes or the bad
files kept as fixtures).  Registered with the ``pytest11`` entry point (pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearlaw import nodes as n
from clearlaw.check_tests import check_tests
from clearlaw.diagnostics import StatuteError
from clearlaw.evaluate import Statute
from clearlaw.library import TESTS_SUFFIX, load
from clearlaw.scenarios import Failure, resolve, run_scenario

__all__ = ["ScenarioFailed", "ScenarioFile", "ScenarioItem", "pytest_collect_file"]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """A ``*.tests`` file named on the command line, or found below a folder named there."""
    if file_path.suffix != TESTS_SUFFIX:
        return None
    config = parent.config
    if config.args_source is pytest.Config.ArgsSource.TESTPATHS:
        return None
    return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFailed(Exception):
    """The expectations of a scenario that did not hold."""

    def __init__(self, failures: list[Failure]) -> None:
        self.failures = failures
        super().__init__("\n".join(str(f) for f in failures))


def _statute(path: Path, text: str) -> Statute:
    beside = path.with_suffix(".law")
    if beside.is_file():
        return load(beside)
    words = text.split("tests for", 1)[-1].split()
    try:
        return load(words[0] if words else "")
    except FileNotFoundError as err:
        raise pytest.Collector.CollectError(f"{path}: {err}") from None


class ScenarioFile(pytest.File):
    """A ``*.tests`` file: one item per scenario."""

    def collect(self) -> Iterator[ScenarioItem]:
        text = self.path.read_text(encoding="utf-8")
        try:
            statute = _statute(self.path, text)
            tests = check_tests(text, str(self.path), statute)
        except StatuteError as err:
            raise pytest.Collector.CollectError(str(err)) from None
        for test in resolve(tests):
            if isinstance(test, n.ScenarioTest):  # a test that cannot run is a check error
                yield ScenarioItem.from_parent(self, name=test.name, test=test, statute=statute)


class ScenarioItem(pytest.Item):
    """One scenario: its person evaluated on its date, each expectation checked."""

    def __init__(self, *, test: n.ScenarioTest, statute: Statute, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.test = test
        self.statute = statute

    def runtest(self) -> None:
        failed = [c.failure for c in run_scenario(self.test, self.statute) if c.failure]
        if failed:
            raise ScenarioFailed(failed)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.test.span.line - 1, f"scenario “{self.test.name}”"
