"""``attrs.evolve`` for records copied many times over (the worlds of a count, the rounds of
presumptions): each class's fields are looked up once, not on every copy."""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import attrs

__all__ = ["evolve"]

_T = TypeVar("_T")


@functools.cache
def _init_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute name, ``__init__`` argument name) of each field ``__init__`` takes."""
    return tuple((a.name, a.alias) for a in attrs.fields(cls) if a.init)


def evolve(inst: _T, **changes: Any) -> _T:
    """A copy of the attrs instance ``inst`` with ``changes`` (as ``attrs.evolve``)."""
    cls: type = inst.__class__
    for name, alias in _init_fields(cls):
        if alias not in changes:
            changes[alias] = getattr(inst, name)
    copy: _T = cls(**changes)
    return copy
