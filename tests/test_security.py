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
