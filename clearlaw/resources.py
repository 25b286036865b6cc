"""Where the grammar and the statute library are: inside the installed package
(``clearlaw/_data``), or at the top of a source checkout."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

__all__ = ["cache_dir", "data_dir", "grammar_path", "is_private", "statutes_dir"]


def data_dir() -> Path:
    """The folder that holds ``grammar/`` and ``statutes/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    return packaged if (packaged / "grammar").is_dir() else here.parent


def grammar_path() -> Path:
    """The Lark grammar of the statute language."""
    return data_dir() / "grammar" / "clearlaw.lark"


def statutes_dir() -> Path:
    """The statute library shipped with clearlaw."""
    return data_dir() / "statutes"


def cache_dir() -> Path | None:
    """The user's cache folder for clearlaw (``$CLEARLAW_CACHE``, else the platform's user
    cache folder from ``platformdirs``: ``~/.cache/clearlaw`` on Linux,
    ``~/Library/Caches/clearlaw`` on macOS, ``%LOCALAPPDATA%\\clearlaw\\Cache`` on Windows).

    Created ``0700`` if missing.  ``None`` (nothing is cached) when it cannot be created or
    written, or when another user could write to it: it must belong to the current user and
    not be writable by group or others, since what is read from it shapes how statutes parse.
    """
    chosen = os.environ.get("CLEARLAW_CACHE") or platformdirs.user_cache_dir(
        "clearlaw", appauthor=False
    )
    path = Path(chosen)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return path if is_private(path) and os.access(path, os.W_OK) else None


def is_private(path: Path) -> bool:
    """Whether only the current user can change ``path`` (a folder or a file, not a symbolic
    link): owned by the current user, not writable by group or others.  On Windows, where
    ownership is an access list, the per-user folder is taken as private."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
