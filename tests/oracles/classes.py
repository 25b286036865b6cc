"""Reading a class as court data writes it, for the oracles (written apart from
``clearlaw.derive``): each oracle lists its state's classes by spelling key."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["read_class", "spelling_key"]

_NOISE = re.compile(r"[\s.\-_()]+")


def spelling_key(written: str) -> str:
    """``written`` in capitals, without spaces, dots, hyphens, underscores, parentheses or a
    leading "class": ``Class 3 Felony`` -> ``3FELONY``."""
    key = _NOISE.sub("", written.upper())
    return key[len("CLASS") :] if key.startswith("CLASS") and key != "CLASS" else key


def read_class(written: str | None, classes: Mapping[str, str]) -> str | None:
    """The class ``written`` spells, by ``classes`` (spelling key -> class); ``None`` when
    nothing is written or it is none of them (unknown)."""
    return None if written is None else classes.get(spelling_key(written))
