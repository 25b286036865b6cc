"""Levels and dispositions as court data, rap sheets and case-management exports write them.

``felony`` is also ``FEL``, ``F3``, ``Felony 3``, ``Class B felony``; ``convicted`` is also
``Guilty Plea - Negotiated`` and ``Nolo Contendere``; a Pennsylvania magisterial district
docket's ``Held for Court`` says nothing of the outcome and is ``unknown``.  The table is data,
``clearlaw/data/record_values.toml``; the records readers (``clearlaw.io``) and the columnar
layout (``clearlaw.columnar.layout``) read values through it, so both engines read the same.
"""

from __future__ import annotations

import enum
import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from clearlaw.records import Disposition, Level

__all__ = ["DROPPED", "bare_level_words", "read_value", "spellings", "value_key"]

_DATA = Path(__file__).with_name("data") / "record_values.toml"

#: Characters a spelling is compared without (besides case).
DROPPED = " .-_/(),'"

_V = TypeVar("_V", Level, Disposition)
_E = TypeVar("_E", bound=enum.StrEnum)


def value_key(text: str) -> str:
    """The key a spelling is looked up by: ``"Guilty Plea - Negotiated"`` →
    ``"GUILTYPLEANEGOTIATED"``."""
    return text.upper().translate({ord(c): None for c in DROPPED})


def _add(table: dict[str, str], spelling: str, value: str) -> None:
    key = value_key(spelling)
    if table.setdefault(key, value) != value:
        raise ValueError(f"{_DATA.name}: {spelling!r} would mean {table[key]} and {value}")


@functools.cache
def _data() -> dict[str, Any]:
    """``record_values.toml``, read once."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@functools.cache
def _tables() -> tuple[Mapping[str, str], Mapping[str, str]]:
    data = _data()
    levels: dict[str, str] = {}
    for value, entry in data["level"].items():
        for word in entry["words"]:
            _add(levels, word, value)
            for cls in entry["classes"]:
                for spelling in (word + cls, cls + word, f"CLASS{cls}{word}", f"{word}CLASS{cls}"):
                    _add(levels, spelling, value)
        for spelling in entry["also"]:
            _add(levels, spelling, value)
    dispositions: dict[str, str] = {}
    for value, written in data["disposition"].items():
        for spelling in written:
            _add(dispositions, spelling, value)
    return levels, dispositions


@functools.cache
def bare_level_words() -> frozenset[str]:
    """The ``value_key`` of every level written as its word alone (``FELONY``, ``F``,
    ``MISD``, ``petty_offense``): a level that says no class."""
    words = {value_key(w) for entry in _data()["level"].values() for w in entry["words"]}
    return frozenset(words | {value_key(level.value) for level in Level})


@functools.cache
def spellings(kind: type[_V]) -> Mapping[str, _V]:
    """Every spelling of ``kind``'s values, by ``value_key``, and the value it is."""
    levels, dispositions = _tables()
    table = levels if kind is Level else dispositions
    return {key: kind(value) for key, value in table.items()}


def read_value(kind: type[_E], text: str) -> _E | None:
    """The value of ``kind`` that ``text`` spells (``kind(text)`` in any case; a level or a
    disposition also as court data writes it), or ``None``."""
    try:
        return kind(text.strip().lower())
    except ValueError:
        pass
    if kind is Level or kind is Disposition:
        found = spellings(Level if kind is Level else Disposition).get(value_key(text))
        return found if isinstance(found, kind) else None
    return None
