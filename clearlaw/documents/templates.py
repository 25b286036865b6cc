"""Finding and running document templates.

A template set is a folder with one sub-folder per jurisdiction (``US-NY``) and ``default``.
Each sub-folder has a ``manifest.toml`` listing its templates::

    [[template]]
    document = "notice"          # notice, report, summary, or a part: layout, words, legal-help
    lang = "en"                  # leave out for a template used for every language
    format = "html"              # the output format the template writes (default "html")
    file = "notice.en.html.j2"
    effective = 2016-01-01       # the first as-of date this template is used for

For a document, language, format and as-of date the latest template whose ``effective`` date is
on or before the as-of date wins, looked up in the statute's jurisdiction folder first, then in
``default``; a user's set (``--templates DIR``) is searched before the built-in one, so it can
replace one template (a letterhead, the legal-help block) and keep the rest.

Every template runs in jinja2's ``ImmutableSandboxedEnvironment`` with autoescaping and
``StrictUndefined``: a template cannot reach private attributes, call unsafe methods, change
the data it is given, or read files outside the template folders; a missing variable is an
error naming the template and line.  A set with a user's folder also has a time limit per
document (``RENDER_SECONDS``), checked as the template loops over ``range``, calls, reads
attributes, applies filters and repeats strings or lists; it caps the size of what ``*``,
``**``, ``%`` and ``str.format`` make, and of what the filters that can make far more than
they are given make (``center``, ``indent``, ``format``, ``replace``, ``batch``, ``slice``,
``tojson``): a template that would run for ever or fill the memory is stopped with an error
naming its file and line.
"""

from __future__ import annotations

import functools
import inspect
import operator
import os
import re
import stat
import time
import tomllib
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import jinja2
import jinja2.sandbox

from clearlaw.dates import date
from clearlaw.documents.errors import TemplateError, TemplateSecurityError

__all__ = ["BUILTIN_TEMPLATES", "RENDER_SECONDS", "TemplateEntry", "TemplateSet", "template_set"]

#: How long one document from a user's template set may take to render.
RENDER_SECONDS = 60.0
#: The most items a template's ``*`` may make (a string's characters, a list's items), the
#: most bits a ``**`` may make, and the most characters or items a ``%``, ``str.format`` or
#: filter may add to what it is given.
MAX_ITEMS = 10_000_000

#: The templates shipped with clearlaw.
BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "documents"

MANIFEST = "manifest.toml"
#: A jurisdiction folder name (``US-NY``): never a path.
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
DEFAULT_FOLDER = "default"

_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def long_date(value: object, lang: str = "en") -> str:
    """``24 March 2027`` (en) or ``24 de marzo de 2027`` (es); other values as text."""
    if not isinstance(value, date):
        return str(value)
    if lang == "es":
        return f"{value.day} de {_ES_MONTHS[value.month - 1]} de {value.year}"
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"


@attrs.frozen
class TemplateEntry:
    """One manifest entry: ``name`` is the loader name (``<root>:<folder>/<file>``)."""

    name: str
    path: Path
    document: str
    lang: str | None
    format: str
    effective: date


def _read_manifest(root_label: str, root: Path, folder: str) -> list[TemplateEntry]:
    path = root / folder / MANIFEST
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise TemplateError(f"not a valid manifest: {err}", str(path)) from None
    entries = data.get("template", [])
    if not isinstance(entries, list):
        raise TemplateError("`template` must be a list of [[template]] tables", str(path))
    out = []
    for i, e in enumerate(entries, 1):
        where = f"[[template]] #{i}"
        if not isinstance(e, dict):
            raise TemplateError(f"{where}: not a table", str(path))
        file, document = e.get("file"), e.get("document")
        effective = e.get("effective")
        lang, fmt = e.get("lang"), e.get("format", "html")
        if not isinstance(file, str) or not isinstance(document, str):
            raise TemplateError(f"{where}: needs `file` and `document` (strings)", str(path))
        if not isinstance(effective, date):
            raise TemplateError(f"{where}: `effective` must be a date (2024-01-01)", str(path))
        if lang is not None and not isinstance(lang, str):
            raise TemplateError(f"{where}: `lang` must be a string", str(path))
        if not isinstance(fmt, str):
            raise TemplateError(f"{where}: `format` must be a string", str(path))
        if "/" in file or "\\" in file or file.startswith("."):
            raise TemplateError(f"{where}: `file` must be a file name in this folder", str(path))
        if not (root / folder / file).is_file():
            raise TemplateError(f"{where}: no such file {file}", str(path))
        out.append(
            TemplateEntry(
                f"{root_label}:{folder}/{file}",
                root / folder / file,
                document,
                lang,
                fmt,
                effective,
            )
        )
    return out


def _error_line(err: BaseException, roots: Sequence[Path]) -> tuple[str | None, int | None]:
    """The template file and line an exception raised while rendering came from."""
    prefixes = tuple(str(r) + "/" for r in roots)
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.startswith(prefixes):
            return frame.filename, frame.lineno
    return None, None


class _Timeout(Exception):
    """Rendering went past its deadline."""


class _Ticking(Sequence[int]):
    """A template's ``range``: the sandbox's, checking the deadline as a loop goes."""

    def __init__(self, items: range, tick: Callable[[], None]) -> None:
        self._items = items
        self._tick = tick

    def __iter__(self) -> Iterator[int]:
        for i in self._items:
            self._tick()
            yield i

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        return self._items[index]


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """The immutable sandbox, with its per-access safety check remembered by (type, name),
    and the deadline of ``limit`` (``TemplateSet.render`` sets it per document).

    jinja2's check depends only on the object's type and the attribute's name (private and
    internal names, functions' and frames' internals, mutating methods of known containers),
    so remembering it changes nothing but the speed.  The document views (frozen attrs classes
    of plain values) are read directly.
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}
        self.deadline: float | None = None
        self.globals["range"] = self._range

    def _tick(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _Timeout

    def _range(self, *args: int) -> _Ticking:
        try:
            items = jinja2.sandbox.safe_range(*args)
        except OverflowError:
            raise jinja2.exceptions.SecurityError(
                f"a range of more than {jinja2.sandbox.MAX_RANGE} items"
            ) from None
        return _Ticking(items, self._tick)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._tick()
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """jinja2's sandboxed ``str.format``/``format_map``, refusing a result far larger
        than the text and its values (``{:>999999999}``)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text: str = value.__self__

        @functools.wraps(wrapped)
        def sized(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            values += [v for a in args if isinstance(a, Mapping) for v in a.values()]
            if _formatted(text, values, "{") > MAX_ITEMS:
                raise jinja2.exceptions.SecurityError("a result of `format` too large")
            return wrapped(*args, **kwargs)

        return sized

    def guard_filters(self) -> None:
        """Check the deadline on every filter call, and the size of what a filter that can
        make far more than it is given would make (``FILTER_SIZES``)."""
        self.filters = {
            name: _guarded(name, f, FILTER_SIZES.get(name), self._tick)
            for name, f in self.filters.items()
        }

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "*":
            too_big = any(
                isinstance(items, str | list | tuple)
                and isinstance(times, int)
                and len(items) * times > MAX_ITEMS
                for items, times in ((left, right), (right, left))
            )
        elif operator == "%":
            values = right.values() if isinstance(right, Mapping) else right
            values = values if isinstance(right, Mapping | tuple) else [right]
            too_big = isinstance(left, str) and _formatted(left, list(values), "%") > MAX_ITEMS
        else:
            too_big = (
                isinstance(left, int)
                and isinstance(right, int)
                and right > 0
                and max(abs(left).bit_length(), 1) * right > MAX_ITEMS
            )
        if too_big:
            raise jinja2.exceptions.SecurityError(f"a result of `{operator}` too large")
        return _BINOPS[operator](left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        fields = _VIEW_FIELDS.get(type(obj))
        if fields is not None and attribute in fields:
            return getattr(obj, attribute)
        self._tick()
        return super().getattr(obj, attribute)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "**": operator.pow,
    "%": operator.mod,
}

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}:]*:([^{}]*)\}")
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")
_DIGITS = re.compile(r"\d+")


def _formatted(text: str, values: Sequence[Any], style: str) -> int:
    """How many characters formatting can add to ``text`` and ``values`` (``%`` or ``{``
    style): the widths and precisions it asks for, from the text or, where a width is a value
    (``%*d``, ``{:{}}``), from the values."""
    if style == "%":
        specs = [g for m in _PERCENT_SPEC.finditer(text) for g in m.groups() if g]
        widths = [int(g) for g in specs if g != "*"]
        from_values = "*" in specs
    else:
        widths = [int(d) for spec in _BRACE_SPEC.findall(text) for d in _DIGITS.findall(spec)]
        from_values = _NESTED_FIELD.search(text) is not None
    added = sum(widths)
    if from_values:
        added += sum(abs(v) for v in values if isinstance(v, int))
    return added


def _count(value: Any) -> int:
    return abs(value) if isinstance(value, int) else 0


def _indented(a: Mapping[str, Any]) -> int:
    width = a["width"]
    return (len(width) if isinstance(width, str) else _count(width)) * (str(a["s"]).count("\n") + 1)


def _replaced(a: Mapping[str, Any]) -> int:
    text, old = str(a["s"]), str(a["old"])
    return (len(text) + 1 if old == "" else text.count(old)) * len(str(a["new"]))


#: For each built-in filter that can make far more than it is given, how much it would make
#: (characters or items) from its arguments, by parameter name.
FILTER_SIZES: dict[str, Callable[[Mapping[str, Any]], int]] = {
    "center": lambda a: _count(a["width"]),
    "indent": _indented,
    "format": lambda a: _formatted(str(a["value"]), [*a["args"], *a["kwargs"].values()], "%"),
    "replace": _replaced,
    "batch": lambda a: 0 if a["fill_with"] is None else _count(a["linecount"]),
    "slice": lambda a: _count(a["slices"]),
    "tojson": lambda a: _count(a["indent"]) * len(str(a["value"])),
}


#: The names jinja2's filters give the argument it passes them first.
_PASSED = frozenset({"context", "eval_ctx", "environment"})


def _guarded(
    name: str,
    f: Callable[..., Any],
    size: Callable[[Mapping[str, Any]], int] | None,
    tick: Callable[[], None],
) -> Callable[..., Any]:
    """``f`` checking the deadline, and refusing a result larger than ``MAX_ITEMS``."""
    signature = inspect.signature(f)
    # jinja2 passes a context, eval context or environment first to a filter marked for it;
    # its async filters' signatures (their sync variant's) leave that argument out.
    first = next(iter(signature.parameters), "")
    skip = getattr(f, "jinja_pass_arg", None) is not None and first not in _PASSED

    @functools.wraps(f)  # keeps jinja2's pass_context/pass_eval_context marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        tick()
        if size is not None:
            try:
                bound = signature.bind(*args[skip:], **kwargs)
            except TypeError:  # the filter itself says what is wrong with its arguments
                return f(*args, **kwargs)
            bound.apply_defaults()
            if size(bound.arguments) > MAX_ITEMS:
                raise jinja2.exceptions.SecurityError(f"a result of the `{name}` filter too large")
        return f(*args, **kwargs)

    return guarded


def _view_fields() -> dict[type, frozenset[str]]:
    from clearlaw.documents import context

    out: dict[type, frozenset[str]] = {}
    for name in context.__all__:
        cls = getattr(context, name)
        if isinstance(cls, type) and attrs.has(cls):
            out[cls] = frozenset(f.name for f in attrs.fields(cls))
    return out


_VIEW_FIELDS: dict[type, frozenset[str]] = {}


class TemplateSet:
    """The templates of one or more folders (a user's first, then the built-in set)."""

    def __init__(self, roots: Sequence[Path], render_seconds: float | None = None) -> None:
        """``roots``: the folders, searched in order; ``render_seconds``: the time limit per
        document (default: ``RENDER_SECONDS`` when a user's folder comes before the built-in
        set, none for the built-in set alone)."""
        self.roots = [Path(r).resolve() for r in roots]
        if render_seconds is None and self.roots != [BUILTIN_TEMPLATES.resolve()]:
            render_seconds = RENDER_SECONDS
        self.render_seconds = render_seconds
        for root in self.roots:
            if not root.is_dir():
                raise TemplateError("no such template folder", str(root))
            if root != BUILTIN_TEMPLATES.resolve():
                _refuse_shared(root)
        labels = [f"r{i}" for i in range(len(self.roots))]
        self._labels = dict(zip(labels, self.roots, strict=True))
        if not _VIEW_FIELDS:
            _VIEW_FIELDS.update(_view_fields())
        self.env = _Sandbox(
            loader=jinja2.PrefixLoader(
                {label: jinja2.FileSystemLoader(root) for label, root in self._labels.items()},
                delimiter=":",
            ),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.env.filters["long_date"] = long_date
        if render_seconds is not None:
            self.env.guard_filters()
        self._manifests: dict[tuple[str, str], list[TemplateEntry]] = {}

    def _entries(self, label: str, folder: str) -> list[TemplateEntry]:
        key = (label, folder)
        if key not in self._manifests:
            entries = _read_manifest(label, self._labels[label], folder)
            self._manifests[key] = entries
        return self._manifests[key]

    @functools.lru_cache(maxsize=256)  # noqa: B019 (a set lives as long as the process)
    def select(
        self, jurisdiction: str | None, document: str, lang: str, fmt: str, as_of: date
    ) -> TemplateEntry:
        """The template for a document: see the module docstring for the rule."""
        folders = [f for f in (jurisdiction, DEFAULT_FOLDER) if f and _FOLDER.fullmatch(f)]
        for label in self._labels:
            for folder in folders:
                fitting = [
                    e
                    for e in self._entries(label, folder)
                    if e.document == document
                    and e.lang in (None, lang)
                    and e.format == fmt
                    and e.effective <= as_of
                ]
                if fitting:
                    return max(fitting, key=lambda e: (e.effective, e.lang is not None))
        raise TemplateError(
            f"no {fmt} template for document `{document}` in language `{lang}` effective on "
            f"or before {as_of} (looked in {', '.join(folders)} of "
            f"{', '.join(str(r) for r in self.roots)})",
            document,
        )

    def render(self, entry: TemplateEntry, context: Mapping[str, Any]) -> str:
        """Render a template; every failure becomes a ``TemplateError`` naming template and
        line (the message never quotes the data being rendered)."""
        if self.render_seconds is not None:
            self.env.deadline = time.monotonic() + self.render_seconds
        try:
            template = self.env.get_template(entry.name)
            return template.render(context)
        except _Timeout as err:
            name, line = _error_line(err, self.roots)
            raise TemplateError(
                f"stopped after {self.render_seconds:g} s of rendering (a loop that does not end?)",
                name or str(entry.path),
                line,
            ) from None
        except jinja2.TemplateSyntaxError as err:
            raise TemplateError(
                f"template syntax error: {err.message}", err.filename or str(entry.path), err.lineno
            ) from None
        except jinja2.exceptions.SecurityError as err:
            name, line = _error_line(err, self.roots)
            raise TemplateSecurityError(
                f"blocked by the template sandbox: {err}", name or str(entry.path), line
            ) from None
        except jinja2.UndefinedError as err:
            name, line = _error_line(err, self.roots)
            raise TemplateError(
                f"undefined value: {err.message}", name or str(entry.path), line
            ) from None
        except jinja2.TemplateNotFound as err:
            name, line = _error_line(err, self.roots)
            raise TemplateError(
                f"template not found: {err.name}", name or str(entry.path), line
            ) from None
        except jinja2.TemplateError as err:
            name, line = _error_line(err, self.roots)
            raise TemplateError(
                f"template error: {err.message}", name or str(entry.path), line
            ) from None
        except Exception as err:  # a filter or test failed: name the type only, not the data
            name, line = _error_line(err, self.roots)
            raise TemplateError(
                f"rendering failed ({type(err).__name__})", name or str(entry.path), line
            ) from None
        finally:
            self.env.deadline = None


def _refuse_shared(root: Path) -> None:
    """``TemplateError`` if another user could change ``root`` or anything in it (writable
    by group or others, or owned by someone but the current user or root): its templates
    write the notices and motions people and courts read."""
    if not hasattr(os, "getuid"):  # Windows: access lists, not modes
        return
    for folder, _, files in os.walk(root):
        for path in [Path(folder), *(Path(folder) / name for name in files)]:
            try:
                info = path.stat()
            except OSError:
                continue  # a dangling link: the loader says so if it is used
            others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            if others or info.st_uid not in (0, os.getuid()):
                raise TemplateError(
                    "another user could change it (writable by group or others, or theirs);"
                    " a template folder must be yours alone",
                    str(path),
                )


@functools.lru_cache(maxsize=16)
def _cached(roots: tuple[Path, ...]) -> TemplateSet:
    return TemplateSet(roots)


def template_set(templates: str | Path | TemplateSet | None = None) -> TemplateSet:
    """The built-in set, or a user folder searched before it (cached per folder)."""
    if isinstance(templates, TemplateSet):
        return templates
    roots = (
        (BUILTIN_TEMPLATES,)
        if templates is None
        else (Path(templates).resolve(), BUILTIN_TEMPLATES)
    )
    return _cached(roots)
