"""The README and the project's documents stand alone: the statute table is current, the
examples name files that exist, and no tracked file points at a path of one machine."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

import clearlaw
from clearlaw.cli import main
from clearlaw.describe import describe, render_table
from clearlaw.library import list_statutes

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: Paths of one machine: the notes folder beside the checkout, the machine's work folder,
#: home folders (Linux, macOS, Windows) and mounts.
# Machine paths are assembled from parts, so that this file names none itself.
SHARED, WORK = "sha" + "red", "wo" + "rk"
LOCAL_PATH = re.compile(
    rf"\.\./{SHARED}|/{WORK}/|/home/\w|/Users/\w|/root/|[A-Za-z]:\\Users\\|/mnt/\w"
)


def _readme_table() -> str:
    lines = README.split("## Statutes\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| id |"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return "\n".join(lines[start:end]) + "\n"


def test_readme_statute_table_lists_the_whole_library_and_is_current() -> None:
    expected = render_table([describe(clearlaw.load(sid)) for sid in list_statutes()])
    assert _readme_table() == expected, "regenerate it: clearlaw describe --table"
    for sid in list_statutes():
        assert f"| `{sid}` |" in _readme_table()


def test_describe_table_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["describe", "--table", "ny/clean-slate"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("| id | what it decides |")
    assert "| `ny/clean-slate` | New York Clean Slate Act" in out
    assert "seal (automatic relief), not_eligible" in out


def _shell_lines(text: str) -> list[str]:
    """Every command in the README's ``sh`` blocks (continued lines joined, comments cut)."""
    blocks = "".join(re.findall(r"```sh\n(.*?)```", text, flags=re.S)).replace("\\\n", " ")
    return [line.split("#", 1)[0].strip() for line in blocks.splitlines()]


def test_readme_check_examples_read_files_that_exist() -> None:
    commands = [shlex.split(line) for line in _shell_lines(README) if " check " in f" {line} "]
    assert commands, "the README has `clearlaw check` examples"
    for words in commands:
        at = words.index("check")
        records = words[at + 2]
        assert (ROOT / records).is_file(), f"README: `{' '.join(words)}` reads {records}, absent"


def test_readme_csv_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    line = next(x for x in _shell_lines(README) if " check " in x and "--format csv" in x)
    words = shlex.split(line)[1:]
    words[2] = str(ROOT / words[2])
    assert main(words) == 0
    out = capsys.readouterr().out
    assert out.startswith("person,case,count,statute,outcome")


def test_virtualenv_folder_is_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".venv/" in ignored


def _tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.decode("utf-8").split("\0") if name]


def test_no_tracked_file_outside_tests_points_at_a_local_path() -> None:
    offenders = []
    for path in _tracked_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("tests/") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # binary files (fonts, images)
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            found = LOCAL_PATH.search(line)
            if found:
                offenders.append(f"{relative}:{number}: {found.group()}")
    assert not offenders, "documents must stand alone:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "line",
    [f"see ../{SHARED}/reference/statutes.md", f"/{WORK}/{SHARED}/x", "C:\\Users\\ana\\notes"],
)
def test_local_path_pattern_catches_machine_paths(line: str) -> None:
    assert LOCAL_PATH.search(line)


def test_local_path_pattern_leaves_public_addresses() -> None:
    assert not LOCAL_PATH.search("https://www.nysenate.gov/legislation/laws/CPL/160.57")
