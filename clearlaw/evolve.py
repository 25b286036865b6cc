"""``attrs.evolve`` for records copied many times over (the worlds of a count, the rounds of
presumptions).  A slotted class whose ``__init__`` only stores its arguments (no validators,
no ``__attrs_post_init__``) is copied without calling ``__init__``: a bare instance gets
each slot of the original, then the changes, converted by the field's converter as
``__init__`` would.  The slots are copied by a function made for the class, one statement a
slot (as attrs makes ``__init__``): half the time of a loop over them.  Any other class is
copied through ``__init__``, its arguments passed by position.  Either way, what a class needs is looked up
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
    """How a class is copied.  ``copy``: a copy of every slot (``_slot_copier``); ``put``:
    the setter and converter by argument name.  A class copied through ``__init__`` has
    neither (``None``) but ``read``, its positional arguments' values, ``at``, the position
    of each by name, and ``keywords``, the keyword-only arguments (attribute name, argument
    name)."""

    copy: Callable[[Any], Any] | None
    put: dict[str, tuple[Callable[[Any, Any], None], Any]] | None
    read: Callable[[Any], tuple[Any, ...]] = lambda inst: ()
    at: dict[str, int] = attrs.Factory(dict)
    keywords: tuple[tuple[str, str], ...] = ()


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


def _slot_copier(cls: type, names: list[str]) -> Callable[[Any], Any]:
    """A function copying an instance of ``cls`` slot by slot: a bare instance, then one
    statement per slot (``names``, attrs fields: identifiers) setting it to the original's."""
    put = {f"_put{i}": cls.__dict__[name].__set__ for i, name in enumerate(names)}
    lines = [
        "def copy(inst):",
        "    made = _new(_cls)",
        *(f"    _put{i}(made, inst.{name})" for i, name in enumerate(names)),
        "    return made",
    ]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **put}
    exec(compile("\n".join(lines), f"<clearlaw.evolve copy {cls.__qualname__}>", "exec"), scope)
    made: Callable[[Any], Any] = scope["copy"]
    return made


@functools.cache
def _shape(cls: type) -> _Shape:
    fields = attrs.fields(cls)
    if _slots_only(cls, fields):
        setters = {a.name: cls.__dict__[a.name].__set__ for a in fields}
        return _Shape(
            _slot_copier(cls, [a.name for a in fields]),
            {a.alias: (setters[a.name], a.converter) for a in fields},
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
        None,
        None,
        read,
        {a.alias: i for i, a in enumerate(positional)},
        tuple((a.name, a.alias) for a in init if a.kw_only),
    )


def evolve(inst: _T, **changes: Any) -> _T:
    """A copy of the attrs instance ``inst`` with ``changes`` (as ``attrs.evolve``)."""
    cls: Any = inst.__class__
    shape = _shape(cls)
    if shape.copy is not None and shape.put is not None:
        copy: _T = shape.copy(inst)
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
