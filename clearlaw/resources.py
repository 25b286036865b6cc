"""Where the grammar and the statute library are: inside the installed package
(``clearlaw/_data``), or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir", "grammar_path", "statutes_dir"]


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
