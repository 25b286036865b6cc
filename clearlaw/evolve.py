"""``attrs.evolve`` for records copied many times over (the worlds of a count, the rounds of
presumptions).  A slotted class whose ``__init__`` only stores its arguments (no validators,
no ``__attrs_post_init__``) is copied without calling ``__init__``: a bare instance gets
each slot of the original (read with one ``operator.attrgetter``), then the changes,
converted by the field's converter as ``__init__`` would.  Any other class is copied through
``__init__``, its arguments passed by position.  Either way, what a class needs is looked up
once, not on every copy."""

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
    """How a class is copied.  ``puts``: each field's slot setter in the order ``read``
    gives the values; ``put``: the setter and converter by argument name (``None`` when the
    class must be copied through ``__init__``).  ``at``: the position of each positional
    argument by name; ``keywords``: the keyword-only arguments (attribute name, argument
    name)."""

    read: Callable[[Any], tuple[Any, ...]]
    puts: tuple[Callable[[Any, Any], None], ...] | None
    put: dict[str, tuple[Callable[[Any, Any], None], Any]] | None
    at: dict[str, int]
    keywords: tuple[tuple[str, str], ...]


def _slots_only(cls: type, fields: tuple[attrs.Attribute, ...]) -> bool:  # type: ignore[type-arg]
    """Whether ``cls.__init__`` does nothing but store its (converted) arguments in slots,
    one for each field."""
    return (
        all(a.init and a.validator is None for a in fields)
        and not any(hasattr(cls, hook) for hook in ("__attrs_post_init__", "__attrs_pre_init__"))
        and all(isinstance(cls.__dict__.get(a.name), _SLOT) for a in fields)
        # no slot besides the fields' (a cached hash's would be left unset)
        and set(cls.__dict__.get("__slots__", ())) - {"__weakref__"} == {a.name for a in fields}
    )


_SLOT = type(attrs.Attribute.__dict__["name"])  # a slot's descriptor (member_descriptor)


@functools.cache
def _shape(cls: type) -> _Shape:
    fields = attrs.fields(cls)
    if _slots_only(cls, fields):
        setters = {a.name: cls.__dict__[a.name].__set__ for a in fields}
        return _Shape(
            operator.attrgetter(*(a.name for a in fields)),
            tuple(setters[a.name] for a in fields),
            {a.alias: (setters[a.name], a.converter) for a in fields},
            {},
            (),
        )
    init = [a for a in fields if a.init]
    positional = [a for a in init if not a.kw_only]
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
        None,
        None,
        {a.alias: i for i, a in enumerate(positional)},
        tuple((a.name, a.alias) for a in init if a.kw_only),
    )


def evolve(inst: _T, **changes: Any) -> _T:
    """A copy of the attrs instance ``inst`` with ``changes`` (as ``attrs.evolve``)."""
    cls: Any = inst.__class__
    shape = _shape(cls)
    if shape.puts is not None and shape.put is not None:
        copy: _T = object.__new__(cls)
        for put, value in zip(shape.puts, shape.read(inst), strict=True):
            put(copy, value)
        for alias, value in changes.items():
            setter = shape.put.get(alias)
            if setter is None:
                raise TypeError(f"{cls.__name__}.__init__() got an unexpected argument {alias!r}")
            put, convert = setter
            put(copy, value if convert is None else convert(value))
        return copy
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
    made: _T = cls(*values, **keywords)
    return made
