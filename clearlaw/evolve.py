"""``attrs.evolve`` for records copied many times over (the worlds of a count, the rounds of
presumptions): each class's fields are read with one ``operator.attrgetter`` and passed to
``__init__`` by position, looked up once per class, not on every copy."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["evolve"]

_T = TypeVar("_T")


@attrs.frozen
class _Shape:
    """How a class is copied: its positional ``__init__`` arguments' values (``read``), the
    position of each by argument name (``at``), and its keyword-only arguments (attribute
    name, argument name)."""

    read: Callable[[Any], tuple[Any, ...]]
    at: dict[str, int]
    keywords: tuple[tuple[str, str], ...]


@functools.cache
def _shape(cls: type) -> _Shape:
    fields = [a for a in attrs.fields(cls) if a.init]
    positional = [a for a in fields if not a.kw_only]
    names = [a.name for a in positional]
    read: Callable[[Any], tuple[Any, ...]]
    if len(names) > 1:
        read = operator.attrgetter(*names)
    elif names:
        one = operator.attrgetter(names[0])
        read = lambda inst: (one(inst),)  # noqa: E731
    else:
        read = lambda inst: ()  # noqa: E731
    return _Shape(
        read,
        {a.alias: i for i, a in enumerate(positional)},
        tuple((a.name, a.alias) for a in fields if a.kw_only),
    )


def evolve(inst: _T, **changes: Any) -> _T:
    """A copy of the attrs instance ``inst`` with ``changes`` (as ``attrs.evolve``)."""
    cls: Any = inst.__class__
    shape = _shape(cls)
    values = list(shape.read(inst))
    at = shape.at
    keywords: dict[str, Any] = {}
    for alias, value in changes.items():
        where = at.get(alias)
        if where is None:
            keywords[alias] = value
        else:
            values[where] = value
    for name, alias in shape.keywords:
        if alias not in keywords:
            keywords[alias] = getattr(inst, name)
    copy: _T = cls(*values, **keywords)
    return copy
