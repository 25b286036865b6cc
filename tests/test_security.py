"""Files another user could plant: the parser cache never runs code, and a policy's
``amends`` line reads nothing but a library statute or a statute beside the policy."""

from __future__ import annotations

import builtins
import hashlib
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lark
import pytest
from statute_text import small_statute

import clearlaw
from clearlaw import syntax
from clearlaw.cli import main
from clearlaw.resources import cache_dir, grammar_path

NY_LAW = clearlaw.library.statute_path("ny/clean-slate")


class _Planted:
    """A pickle that creates ``marker`` when it is unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (builtins.open, (str(self.marker), "w"))


@pytest.fixture
def fresh_parser() -> Iterator[None]:
    """The parser is built again in the test (and once more after it, as normal)."""
    syntax._parser.cache_clear()
    yield
    syntax._parser.cache_clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("CLEARLAW_CACHE", str(folder))
    return folder


def _parse_ny() -> None:
    syntax.parse_statute_text(NY_LAW.read_text(encoding="utf-8"), str(NY_LAW))


def test_a_planted_pickle_in_the_cache_folder_is_never_run(
    cache: Path, tmp_path: Path, fresh_parser: None
) -> None:
    _parse_ny()  # writes the cache as the tool would
    marker = tmp_path / "code-ran"
    payload = b"x\n" + pickle.dumps(_Planted(marker))
    grammar = grammar_path().read_text(encoding="utf-8")
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    py = f"{sys.version_info.major}{sys.version_info.minor}"
    lark_cache = cache / f"grammar-{digest}-lark{lark.__version__}-py{py}.cache"
    for path in [*cache.iterdir(), lark_cache, cache / "parser.cache"]:
        path.write_bytes(payload)
        path.chmod(0o600)
    syntax._parser.cache_clear()
    _parse_ny()
    assert not marker.exists()
    assert main(["describe", "--table", "ny/clean-slate"]) == 0
    assert not marker.exists()


def test_the_cache_is_json_written_private(cache: Path, fresh_parser: None) -> None:
    _parse_ny()
    (saved,) = cache.iterdir()
    assert saved.suffix == ".json" and saved.read_bytes().startswith(b"{")
    assert saved.stat().st_mode & 0o777 == 0o600
    syntax._parser.cache_clear()
    _parse_ny()  # read back from the JSON file
    assert list(cache.iterdir()) == [saved]


def test_a_damaged_cache_file_is_rebuilt(cache: Path, fresh_parser: None) -> None:
    _parse_ny()
    (saved,) = cache.iterdir()
    saved.write_text('{"key": "other", "data": {}, "memo": {}}', encoding="utf-8")
    syntax._parser.cache_clear()
    _parse_ny()
    assert saved.read_bytes() != b'{"key": "other", "data": {}, "memo": {}}'
    saved.write_text("{not json", encoding="utf-8")
    syntax._parser.cache_clear()
    _parse_ny()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_folder_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_parser: None, mode: int
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("CLEARLAW_CACHE", str(shared))
    assert cache_dir() is None
    _parse_ny()
    assert list(shared.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs to give a file away"
)
def test_a_cache_file_of_another_user_is_not_read(cache: Path, fresh_parser: None) -> None:
    _parse_ny()
    (saved,) = cache.iterdir()
    os.chown(saved, 12345, 12345)
    syntax._parser.cache_clear()
    _parse_ny()
    assert saved.stat().st_uid == os.getuid()  # rebuilt and replaced by the user's own


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_group_writable_cache_file_is_not_read(cache: Path, fresh_parser: None) -> None:
    _parse_ny()
    (saved,) = cache.iterdir()
    saved.write_text('{"key": "tampered"}', encoding="utf-8")
    saved.chmod(0o666)
    syntax._parser.cache_clear()
    _parse_ny()
    assert saved.stat().st_mode & 0o777 == 0o600


def test_cache_folder_comes_from_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLEARLAW_CACHE", raising=False)
    chosen = tmp_path / "Library" / "Caches" / "clearlaw"
    calls: list[tuple[Any, ...]] = []

    def user_cache_dir(*args: Any, **kwargs: Any) -> str:
        calls.append(args)
        return str(chosen)

    monkeypatch.setattr("platformdirs.user_cache_dir", user_cache_dir)
    assert cache_dir() == chosen
    assert calls == [("clearlaw",)]
    if hasattr(os, "getuid"):
        assert chosen.stat().st_mode & 0o777 == 0o700


def test_clearlaw_cache_overrides_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEARLAW_CACHE", str(tmp_path / "mine"))
    monkeypatch.setattr("platformdirs.user_cache_dir", lambda *a, **k: str(tmp_path / "other"))
    assert cache_dir() == tmp_path / "mine"
    assert not (tmp_path / "other").exists()


def test_an_unwritable_cache_folder_is_not_created_and_the_tool_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_parser: None
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLEARLAW_CACHE", str(blocked / "cache"))
    assert cache_dir() is None
    assert main(["describe", "--table", "ny/clean-slate"]) == 0
    assert blocked.read_text(encoding="utf-8") == "not a folder"


# ------------------------------------------------------------------ a policy's `amends`

FABRICATED_ROW = "1,ACTIVE,S1,,,DOE JANE Q,F,19800101\n"


def _policy(folder: Path, amends: str) -> Path:
    policy = folder / "policy.law"
    policy.write_text(f'policy "p"\n  amends {amends}\nparameter x = 1\n', encoding="utf-8")
    return policy


def test_amends_cannot_read_a_file_by_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "doj").mkdir()
    (tmp_path / "doj" / "people.csv").write_text(FABRICATED_ROW, encoding="utf-8")
    (tmp_path / "policies").mkdir()
    policy = _policy(tmp_path / "policies", "doj/people.csv")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", str(policy)]) == 1
    err = capsys.readouterr().err
    assert f"{policy}:2:3: error: no statute `doj/people.csv` to amend" in err
    assert "DOE" not in err and "19800101" not in err


def test_amends_cannot_leave_the_policys_folder_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.law"
    outside.write_text(FABRICATED_ROW, encoding="utf-8")
    folder = tmp_path / "policies"
    (folder / "drafts").mkdir(parents=True)
    (folder / "drafts" / "linked.law").symlink_to(outside)
    policy = _policy(folder, "drafts/linked")
    assert main(["lint", str(policy)]) == 1
    err = capsys.readouterr().err
    assert "no statute `drafts/linked` to amend" in err and "DOE" not in err


def test_amends_a_file_beside_the_policy_that_is_not_a_statute_is_not_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.law").write_text(FABRICATED_ROW, encoding="utf-8")
    policy = _policy(tmp_path, "data/people")
    assert main(["lint", str(policy)]) == 1
    err = capsys.readouterr().err
    assert f"{policy}:2:3: error: `data/people` is not a statute file" in err
    assert "DOE" not in err and "19800101" not in err


def test_amends_a_statute_beside_the_policy(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    draft = small_statute(
        "drafts/wait",
        "a draft",
        "parameter wait: duration = 3 years  § T 2\n"
        'rule r "r"  § T 3\n  clear on disposition_date + wait when level is misdemeanor\n',
    )
    (tmp_path / "drafts" / "wait.law").write_text(draft, encoding="utf-8")
    policy = tmp_path / "two-years.law"
    policy.write_text(
        'policy "two years"\n  amends drafts/wait\nparameter wait = 2 years\n',
        encoding="utf-8",
    )
    statute = clearlaw.load(policy)
    (wait,) = statute.node.parameters
    assert statute.text_at(wait.values[0].value.span) == "2 years"


def test_amends_a_library_id_from_any_folder(tmp_path: Path) -> None:
    policy = tmp_path / "p.law"
    policy.write_text(
        'policy "p"\n  amends ny/clean-slate\nparameter misdemeanor_wait = 2 years\n',
        encoding="utf-8",
    )
    assert clearlaw.load(policy).title == "p"
