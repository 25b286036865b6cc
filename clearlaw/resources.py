"""Where the grammar and the statute library are: inside the installed package
(``clearlaw/_data``), or at the top of a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "data_dir", "grammar_path", "statutes_dir"]


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
    """The user's cache folder for clearlaw (``$CLEARLAW_CACHE``, else
    ``$XDG_CACHE_HOME/clearlaw``, else ``~/.cache/clearlaw``), created if needed; ``None``
    when it cannot be written (nothing is cached then)."""
    chosen = os.environ.get("CLEARLAW_CACHE")
    if chosen is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        chosen = str(Path(base) / "clearlaw")
    path = Path(chosen)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None
