"""Source text → node tree: parse a statute or tests file with Lark and build ``nodes``.

Syntax errors are reported in a drafter's words ("expected a date (YYYY-MM-DD)"), as a
``StatuteError`` carrying ``Diagnostic``\\ s.
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.tree import Meta

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.citations import CitationError, parse_citation
from clearlaw.dates import DateConvention, Duration, date, parse_date
from clearlaw.diagnostics import Diagnostic, StatuteError, did_you_mean
from clearlaw.jurisdictions import normalize_jurisdiction
from clearlaw.parser_cache import cached_parser
from clearlaw.resources import grammar_path, statutes_dir

__all__ = [
    "Files",
    "build_statute",
    "build_tests",
    "built_declaration",
    "parse_policy_text",
    "parse_statute_text",
    "parse_tests_text",
    "parse_tests_tree",
]

#: How the parser's token names read to a drafter.
_TOKEN_WORDS = {
    "NAME": "a name",
    "ID": "an id",
    "STRING": 'a quoted text ("…")',
    "LONG_STRING": 'a quoted text ("""…""")',
    "DATE": "a date (YYYY-MM-DD)",
    "NUMBER": "a number",
    "UNIT": "`years`, `months` or `days`",
    "CITE": "a citation (§ …)",
    "STATUTE_ID": "a statute id such as `ny/clean-slate`",
    "COUNT_REF": "a case and count such as `C1/1`",
    "TYPE": "a type (`boolean`, `number`, `text`, `date` or `duration`)",
    "ROLL": "`forward` or `back`",
    "COMPARE": "a comparison (`<`, `<=`, `>`, `>=`)",
    "EXTREME": "`latest` or `earliest`",
    "COLLECTION": "`convictions`, `counts` or `registrations`",
    "LEVEL": "an offense level (`felony`, `misdemeanor`, …)",
    "DISPOSITION": "a disposition (`convicted`, `dismissed`, …)",
    "STATUS": "`open` or `closed`",
    "$END": "the end of the file",
    "RELIEF": "`relief`",
    "RELIEF_KIND": "`automatic` or `petition`",
    "OTHER": "`other`",
}

#: Words a drafter may have misspelled, for "did you mean" hints.
_KEYWORDS_BY_TOKEN = {
    "UNIT": ("years", "months", "days", "year", "month", "day"),
    "ROLL": ("forward", "back"),
    "TYPE": ("boolean", "number", "text", "date", "duration"),
    "EXTREME": ("latest", "earliest"),
    "COLLECTION": ("convictions", "counts", "registrations"),
    "LEVEL": tuple(x.value for x in r.Level),
    "DISPOSITION": tuple(x.value for x in r.Disposition if x is not r.Disposition.UNKNOWN),
    "STATUS": ("open", "closed"),
    "RELIEF": ("relief",),
    "RELIEF_KIND": ("automatic", "petition"),
    "OTHER": ("other",),
}


@functools.cache
def _parser() -> Lark:
    """The LALR parser of the grammar; its tables are kept in the user's cache folder as JSON,
    never as a pickle (``clearlaw.parser_cache``)."""
    return cached_parser(
        grammar_path().read_text(encoding="utf-8"),
        start=["statute_file", "policy_file", "tests_file"],
        propagate_positions=True,
        maybe_placeholders=False,
    )


def _words(parser: Lark, names: set[str]) -> str:
    out = []
    for name in sorted(names):
        if name in _TOKEN_WORDS:
            out.append(_TOKEN_WORDS[name])
            continue
        term = parser.get_terminal(name)
        out.append(f"`{term.pattern.value}`")
    out = sorted(set(out))
    if len(out) > 6:
        return ", ".join(out[:6]) + f" or one of {len(out) - 6} more"
    return out[0] if len(out) == 1 else ", ".join(out[:-1]) + " or " + out[-1]


def _syntax_error(err: UnexpectedInput, path: str, source: str) -> StatuteError:
    parser = _parser()
    line, column = err.line, err.column
    if (isinstance(err, UnexpectedToken) and err.token.type == "$END") or isinstance(
        err, UnexpectedEOF
    ):
        lines = source.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
        message = "the file ends too early"
        expected: set[str] = set(getattr(err, "expected", ()) or ())
    elif isinstance(err, UnexpectedToken):
        message = f"unexpected `{err.token}`"
        expected = set(err.accepts or err.expected)
    elif isinstance(err, UnexpectedCharacters):
        pos = err.pos_in_stream or 0
        char = source[pos] if pos < len(source) else "?"
        shown = char if char.isprintable() else repr(char)[1:-1]
        message = f"unexpected character `{shown}`{_named(char)}"
        expected = set(err.allowed or ())
    else:  # pragma: no cover - lark raises only the three above
        message, expected = str(err), set()
    hint = f"expected {_words(parser, expected)}" if expected else None
    if isinstance(err, UnexpectedToken) and expected:
        words: list[str] = []
        for name in expected:
            if name in _KEYWORDS_BY_TOKEN:
                words.extend(_KEYWORDS_BY_TOKEN[name])
            elif name not in _TOKEN_WORDS:
                words.append(str(parser.get_terminal(name).pattern.value))
        suggestion = did_you_mean(str(err.token), words)
        if suggestion:
            hint = suggestion
    if expected and "RELIEF" in expected:
        hint = f"{hint} (is the `otherwise OUTCOME` line missing at the end of `outcomes`?)"
    width = (
        len(str(err.token)) if isinstance(err, UnexpectedToken) and err.token.type != "$END" else 1
    )
    span = n.Span(path, max(1, line), max(1, column), max(1, line), max(1, column) + width)
    return StatuteError([Diagnostic(span, message, hint)], source)


def _named(char: str) -> str:
    """`` (U+0435 CYRILLIC SMALL LETTER IE)`` for a character that is not printable ASCII (a
    look-alike of a letter, one that shows nothing, a control character), else nothing."""
    if char.isascii() and char.isprintable():
        return ""
    kind = "a control character" if unicodedata.category(char) == "Cc" else "no Unicode name"
    return f" (U+{ord(char):04X} {unicodedata.name(char, kind)})"


#: Characters that show nothing, or reorder the text around them as displayed (Unicode's
#: bidirectional controls: "Trojan Source", CVE-2021-42574), so that a file reads otherwise
#: in an editor or a review than clearlaw reads it.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
#: The invisible characters of one file that are reported.
MAX_INVISIBLE = 20


def _invisible(text: str, path: str) -> list[Diagnostic]:
    """A diagnostic for each character of ``_INVISIBLE`` in ``text``, comments and quoted
    text included (the first ``MAX_INVISIBLE``)."""
    found = []
    for match in itertools.islice(_INVISIBLE.finditer(text), MAX_INVISIBLE):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - text.rfind("\n", 0, match.start())
        where = n.Span(path, line, column, line, column + 1)
        message = f"invisible character{_named(match.group())}"
        hint = "it makes the line read otherwise than clearlaw reads it; delete it"
        found.append(Diagnostic(where, message, hint))
    return found


def _parse(text: str, path: str, start: str) -> Tree[Token]:
    try:
        tree = _parser().parse(text, start=start)
    except UnexpectedInput as err:
        raise _syntax_error(err, path, text) from None
    problems = _beyond_limits(tree, path) + _invisible(text, path)
    if problems:
        raise StatuteError(problems, text)
    return tree


#: The deepest nesting a file may have (the checker and the compiler recurse through it).
MAX_NESTING = 100
#: The most digits a number may have (a float holds 15 exactly; no statute needs more).
MAX_DIGITS = 15


def _beyond_limits(tree: Tree[Token], path: str) -> list[Diagnostic]:
    """Nesting too deep and numbers too long, found without recursion."""
    found: list[tuple[int, int, str, str]] = []
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            hint = f"at most {MAX_NESTING} levels; name the inner parts with `define`"
            found.append((node.meta.line, node.meta.column, "nesting too deep", hint))
            break
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1))
            elif (
                isinstance(child, Token)
                and child.type == "NUMBER"
                and len(child.replace(".", "")) > MAX_DIGITS
            ):
                hint = f"at most {MAX_DIGITS} digits"
                found.append((child.line or 1, child.column or 1, "number too long", hint))
    return [
        Diagnostic(n.Span(path, line, column, line, column + 1), message, hint)
        for line, column, message, hint in sorted(found)
    ]


#: Which files a text's ``table`` lines may read: ``True`` beside its path (the working
#: folder for a ``<…>`` path), a folder: that folder only, ``False``: none (a diagnostic).
Files = bool | Path


def parse_statute_text(text: str, path: str = "<statute>", *, files: Files = True) -> n.Statute:
    """Parse a statute file's text into a ``nodes.Statute`` (syntax only; see ``check``);
    ``files`` says where its tables may be read from (``Files``)."""
    return _build_statute(_parse(text, path, "statute_file"), text, path, files)


def build_statute(tree: Tree[Token], text: str, path: str, *, files: Files = True) -> n.Statute:
    """The ``nodes.Statute`` of a ``statute_file`` tree parsed elsewhere (``clearlaw.lsp``
    parses a file's declarations one by one and joins their trees), checked for the limits
    ``parse_statute_text`` checks."""
    problems = _beyond_limits(tree, path) + _invisible(text, path)
    if problems:
        raise StatuteError(problems, text)
    return _build_statute(tree, text, path, files)


def built_declaration(tree: Tree[Token], path: str, *, files: Files = True) -> object | None:
    """The node of one declaration's tree, which ``build_statute`` takes in place of the tree
    (``clearlaw.lsp`` keeps them between edits); ``None`` when the tree is beyond the limits,
    or building it reports a problem or reads a table: ``build_statute`` must do it itself."""
    if _beyond_limits(Tree("statute_file", [tree]), path):
        return None
    builder = _Builder(path, "", files)
    node = builder.transform(tree)
    return None if builder.problems or builder.tables else node


def _build_statute(tree: Tree[Token], text: str, path: str, files: Files) -> n.Statute:
    builder = _Builder(path, text, files)
    statute = builder.transform(tree)
    if builder.problems:
        raise StatuteError(builder.problems, {path: text, **dict(builder.tables)})
    assert isinstance(statute, n.Statute)
    return statute


def parse_policy_text(text: str, path: str = "<policy>", *, files: Files = True) -> n.PolicyFile:
    """Parse a policy overlay file into a ``nodes.PolicyFile`` (see ``clearlaw.policy``);
    ``files`` as in ``parse_statute_text``."""
    builder = _Builder(path, text, files)
    policy = builder.transform(_parse(text, path, "policy_file"))
    if builder.problems:
        raise StatuteError(builder.problems, text)
    assert isinstance(policy, n.PolicyFile)
    return policy


def parse_tests_text(text: str, path: str = "<tests>") -> n.TestsFile:
    """Parse a ``*.tests`` file into a ``nodes.TestsFile``."""
    return build_tests(parse_tests_tree(text, path), text, path)


def parse_tests_tree(text: str, path: str = "<tests>") -> Tree[Token]:
    """The syntax tree of a ``*.tests`` file, every token with its position
    (``clearlaw.check_tests`` checks it against the statute)."""
    return _parse(text, path, "tests_file")


def build_tests(tree: Tree[Token], text: str, path: str) -> n.TestsFile:
    """The ``nodes.TestsFile`` of a tree from ``parse_tests_tree``."""
    builder = _Builder(path, text)
    tests = builder.transform(tree)
    if builder.problems:
        raise StatuteError(builder.problems, text)
    assert isinstance(tests, n.TestsFile)
    return tests


def _unquote(token: Token) -> str:
    text = str(token)
    if text.startswith('"""'):
        return text[3:-3]
    return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")


def _cite(token: Token) -> str:
    return str(token)[1:].strip()


@attrs.frozen
class _Given:
    """What one attribute of a person, case, count or test in a tests file states, at
    ``span``: ``values`` by field path (``sentence.supervised``), and ``implied`` values it
    sets only where no attribute states them (``released`` implies ``incarcerated``)."""

    values: dict[str, Any]
    span: n.Span
    implied: dict[str, Any] = attrs.field(factory=dict)


#: A field of a tests file's record as its attribute is written (``_label``).
_ATTRIBUTES = {
    "citation_token": "citation",
    "offense_class": "`class`",
    "offense_date": "`offense` date",
    "arrest_date": "`arrested` date",
    "sentence.imposed_date": "`sentenced` date",
    "sentence.incarcerated": "`incarcerated` or `not incarcerated`",
    "sentence.incarceration_release_date": "`released` date",
    "sentence.supervised": "`supervised` or `not supervised`",
    "sentence.supervision_end_date": "`supervised until` date",
    "sentence.completion_date": "`completed` date",
    "sentence.probation_revoked": "`probation revoked` or `probation not revoked`",
    "sentence.probation_revoked_date": "`probation revoked` date",
    "sentence.prison": "`prison` or `jail`",
    "financial.restitution_ordered": "restitution ordered or not",
    "financial.restitution_paid": "restitution paid or unpaid",
    "financial.restitution_paid_date": "`restitution paid` date",
    "financial.fines_paid": "fines paid or unpaid",
    "financial.fines_paid_date": "`fines paid` date",
    "domestic_violence": "`domestic violence` or not",
    "with_prejudice": "`with prejudice` or `without prejudice`",
    "max_penalty_days": "`max penalty`",
    "birth_date": "`born` date",
    "death_date": "`died` date",
    "as_of": "`as of` date",
    "id": "`id`",
    "amends": "`amends`",
    "jurisdiction": "`jurisdiction`",
    "convention": "`anniversaries roll`",
}


def _label(path: str) -> str:
    """A field path of a tests file's record as its attribute is written: ``facts.grams`` →
    ``fact `grams```, ``sentence.imposed_date`` → ```sentenced` date``."""
    parent, _, leaf = path.rpartition(".")
    if parent == "facts":
        return f"fact `{leaf}`"
    return _ATTRIBUTES.get(path, leaf.replace("_", " "))


def _put(fields: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for key in parents:
        fields = fields.setdefault(key, {})
    fields[leaf] = value


@attrs.frozen
class _Covers:
    kinds: tuple[str, ...]


@attrs.frozen
class _Table:
    path: str
    rows: tuple[tuple[str, n.Span], ...]


def _table_rows(text: str, path: str) -> tuple[tuple[str, n.Span], ...] | Diagnostic:
    """The ``citation`` cell of every row of a table, with its line; a table without a
    ``citation`` column is a ``Diagnostic`` (its span is the caller's)."""
    lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    lines = [(i, line) for i, line in lines if line.strip()]
    reader = csv.reader(line for _, line in lines)
    header = [h.strip().lower() for h in next(reader, [])]
    if "citation" not in header:
        return Diagnostic(
            n.Span(path, 1, 1, 1, 2),
            "a table needs a `citation` column (its first line names the columns)",
        )
    at = header.index("citation")
    rows = []
    for (lineno, line), cells in zip(lines[1:], reader, strict=False):
        cell = cells[at].strip() if len(cells) > at else ""
        column = line.find(cell) + 1 if cell else 1
        rows.append((cell, n.Span(path, lineno, column, lineno, column + max(1, len(cell)))))
    return tuple(rows)


def _table_text(path: Path, folder: Path) -> str:
    """The text of the table ``path`` in ``folder``: ``OSError`` (its ``strerror`` the
    reason) for a link to a file outside that folder and the library's (a draft may link to
    the library's tables, but a table is never a way to read, and quote in a diagnostic, a
    file kept elsewhere) or for what is not a regular file (a pipe would never end)."""
    target = path.resolve()
    if not any(target.is_relative_to(f.resolve()) for f in (folder, statutes_dir())):
        raise OSError(0, "a link to a file outside the statute's folder and the library")
    if path.exists() and not path.is_dir() and not path.is_file():
        raise OSError(0, "not a file (a device or a pipe)")
    return path.read_text(encoding="utf-8")


#: A count's attributes in a tests file that state fixed values, by grammar rule.
_FLAGS: dict[str, dict[str, Any]] = {
    "count_incarcerated": {"sentence.incarcerated": True},
    "count_not_incarcerated": {"sentence.incarcerated": False},
    "count_not_supervised": {"sentence.supervised": False},
    "count_probation_not_revoked": {"sentence.probation_revoked": False},
    "count_restitution_ordered": {"financial.restitution_ordered": True},
    "count_no_restitution": {"financial.restitution_ordered": False},
    "count_fines_unpaid": {"financial.fines_paid": False},
    "count_prison": {"sentence.prison": True},
    "count_jail": {"sentence.prison": False},
    "count_domestic_violence": {"domestic_violence": True},
    "count_not_domestic_violence": {"domestic_violence": False},
    "count_with_prejudice": {"with_prejudice": True},
    "count_without_prejudice": {"with_prejudice": False},
    "count_restitution_unpaid": {
        "financial.restitution_ordered": True,
        "financial.restitution_paid": False,
    },
}


@v_args(meta=True)
class _Builder(Transformer[Token, Any]):
    def __init__(self, path: str, source: str, files: Files = True) -> None:
        super().__init__()
        self.file = path
        self.source = source
        self.files = files
        self.problems: list[Diagnostic] = []
        self.tables: list[tuple[str, str]] = []  # (path, text) of every table read
        self.count_citations: dict[int, Token] = {}  # a count's citation, until its case

    def span(self, meta: Meta) -> n.Span:
        if getattr(meta, "empty", True):
            return n.Span(self.file, 1, 1, 1, 1)
        return n.Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column)

    def tspan(self, token: Token) -> n.Span:
        return n.Span(
            self.file,
            token.line or 1,
            token.column or 1,
            token.end_line or token.line or 1,
            token.end_column or (token.column or 1) + 1,
        )

    def to_date(self, token: Token) -> date:
        try:
            return parse_date(str(token))
        except ValueError as err:
            self.problems.append(Diagnostic(self.tspan(token), str(err)))
            return date(1, 1, 1)

    # --------------------------------------------------------------- statute structure
    def statute_file(self, meta: Meta, items: list[Any]) -> n.Statute:
        header, (outcomes, otherwise, otherwise_span), *decls = items
        by_type: dict[type, list[Any]] = {}
        for d in decls:
            by_type.setdefault(type(d), []).append(d)
        scopes: list[n.Scope] = by_type.get(n.Scope, [])
        for extra in scopes[1:]:
            self.problems.append(Diagnostic(extra.span, "a statute has one `applies to` line"))
        facts = tuple(f for block in by_type.get(tuple, []) for f in block)
        decisions = tuple(d for d in decls if isinstance(d, n.Rule | n.Exception_))
        return n.Statute(
            header=header,
            outcomes=outcomes,
            otherwise=otherwise,
            otherwise_span=otherwise_span,
            scope=scopes[0] if scopes else None,
            facts=facts,
            parameters=tuple(by_type.get(n.Parameter, [])),
            sets=tuple(by_type.get(n.CitationSetDecl, [])),
            defines=tuple(by_type.get(n.Define, [])),
            decisions=decisions,
            path=self.file,
            source=self.source,
            sources=tuple(self.tables),
            readings=tuple(by_type.get(n.Reading, [])),
        )

    def header(self, meta: Meta, items: list[Any]) -> n.Header:
        title, *rest = items
        fields = self._fields("the statute", [x for x in rest if isinstance(x, _Given)])
        fields.update(cites=[], effective=[], notes=[])
        for key, value in (x for x in rest if not isinstance(x, _Given)):
            fields[key].append(value)
        if "id" not in fields:
            self.problems.append(
                Diagnostic(
                    self.span(meta), "the statute needs an `id` line (e.g. `id ny/clean-slate`)"
                )
            )
        return n.Header(
            title=_unquote(title),
            id=fields.get("id", ""),
            jurisdiction=fields.get("jurisdiction"),
            cites=tuple(fields["cites"]),
            effective=tuple(fields["effective"]),
            convention=fields.get("convention", DateConvention.ROLL_FORWARD),
            notes=tuple(fields["notes"]),
            span=self.span(meta),
        )

    def header_id(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"id": str(items[0])})

    def header_jurisdiction(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"jurisdiction": _unquote(items[0])})

    def header_cites(self, meta: Meta, items: list[Token]) -> tuple[str, n.Cites]:
        source = _unquote(items[1]) if len(items) > 1 else None
        return "cites", n.Cites(_unquote(items[0]), source, self.span(meta))

    def header_effective(self, meta: Meta, items: list[Token]) -> tuple[str, date]:
        return "effective", self.to_date(items[0])

    def header_convention(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"convention": DateConvention(f"roll {items[0]}")})

    def header_note(self, meta: Meta, items: list[Token]) -> tuple[str, str]:
        return "notes", _unquote(items[0])

    def outcomes(self, meta: Meta, items: list[Any]) -> tuple[tuple[n.Outcome, ...], str, n.Span]:
        *decls, otherwise = items
        return tuple(decls), str(otherwise), self.tspan(otherwise)

    def outcome_decl(self, meta: Meta, items: list[Token]) -> n.Outcome:
        relief = len(items) >= 3
        kind = str(items[2]) if len(items) == 4 else None
        return n.Outcome(str(items[0]), relief, _unquote(items[-1]), self.span(meta), kind)

    def scope(self, meta: Meta, items: list[Any]) -> n.Scope:
        cite = _cite(items[1]) if len(items) > 1 else None
        return n.Scope(items[0], cite, self.span(meta))

    def facts(self, meta: Meta, items: list[n.Fact]) -> tuple[n.Fact, ...]:
        return tuple(items)

    def fact_decl(self, meta: Meta, items: list[Any]) -> n.Fact:
        presumed = items.pop() if isinstance(items[-1], n.Presumption) else None
        desc = _unquote(items[2]) if len(items) > 2 else None
        return n.Fact(str(items[0]), str(items[1]), desc, self.span(meta), presumed)

    def presumption(self, meta: Meta, items: list[Any]) -> n.Presumption:
        cite = _cite(items[1]) if len(items) > 1 else None
        return n.Presumption(items[0], cite, self.span(meta))

    def parameter(self, meta: Meta, items: list[Any]) -> n.Parameter:
        name, type_, value, *rest = items
        valid: tuple[tuple[float, float], ...] = ()
        if rest and isinstance(rest[0], tuple):
            valid = rest.pop(0)
        cite = None
        if rest and isinstance(rest[0], Token):
            cite = _cite(rest.pop(0))
        first = n.ParameterValue(None, value, cite, self.span(meta))
        return n.Parameter(str(name), str(type_), (first, *rest), self.span(meta), valid)

    def valid(
        self, meta: Meta, items: list[tuple[float, float]]
    ) -> tuple[tuple[float, float], ...]:
        return tuple(items)

    def valid_range(self, meta: Meta, items: list[Token]) -> tuple[float, float]:
        low = float(str(items[0]))
        return low, float(str(items[-1])) if len(items) > 1 else low

    # --------------------------------------------------------------- policy files
    def policy_file(self, meta: Meta, items: list[Any]) -> n.PolicyFile:
        title, *rest = items
        fields = self._fields("the file", [x for x in rest if isinstance(x, _Given)])
        fields.update(cites=[], notes=[])
        changes = []
        for x in rest:
            if isinstance(x, tuple):  # a `cites` or `note` line
                fields[x[0]].append(x[1])
            elif not isinstance(x, _Given):  # a change (``nodes.Change``)
                changes.append(x)
        return n.PolicyFile(
            title=_unquote(title),
            id=fields.get("id"),
            amends=fields.get("amends"),
            cites=tuple(fields["cites"]),
            notes=tuple(fields["notes"]),
            changes=tuple(changes),
            span=self.span(meta),
            path=self.file,
            source=self.source,
        )

    def policy_amends(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"amends": str(items[0])})

    def override_parameter(self, meta: Meta, items: list[Any]) -> n.ParameterOverride:
        cite = _cite(items[2]) if len(items) > 2 else None
        return n.ParameterOverride(str(items[0]), items[1], cite, self.span(meta))

    def override_set(self, meta: Meta, items: list[Any]) -> n.SetOverride:
        name, *rest = items
        cites = [_cite(t) for t in rest if t.type == "CITE"]
        patterns = tuple((_unquote(t), self.tspan(t)) for t in rest if t.type == "STRING")
        return n.SetOverride(str(name), patterns, cites[0] if cites else None, self.span(meta))

    def amend_parameter_from(self, meta: Meta, items: list[Any]) -> n.ParameterFrom:
        cite = _cite(items[3]) if len(items) > 3 else None
        return n.ParameterFrom(
            str(items[0]),
            self.to_date(items[1]),
            items[2],
            cite,
            self.span(meta),
            self.tspan(items[0]),
        )

    def _set_edit(self, op: str, meta: Meta, items: list[Token]) -> n.SetEdit:
        name, *rest = items
        cites = [_cite(t) for t in rest if t.type == "CITE"]
        patterns = tuple((_unquote(t), self.tspan(t)) for t in rest if t.type == "STRING")
        cite = cites[0] if cites else None
        return n.SetEdit(op, str(name), patterns, cite, self.span(meta), self.tspan(name))

    def amend_set_add(self, meta: Meta, items: list[Token]) -> n.SetEdit:
        return self._set_edit("add", meta, items)

    def amend_set_remove(self, meta: Meta, items: list[Token]) -> n.SetEdit:
        return self._set_edit("remove", meta, items)

    def amend_strike(self, meta: Meta, items: list[Any]) -> n.Strike:
        cite = _cite(items[2]) if len(items) > 2 else None
        name = items[1]
        return n.Strike(str(items[0]), str(name), cite, self.span(meta), self.tspan(name))

    def strike_parameter(self, meta: Meta, items: list[Any]) -> str:
        return "parameter"

    def strike_set(self, meta: Meta, items: list[Any]) -> str:
        return "set"

    def strike_define(self, meta: Meta, items: list[Any]) -> str:
        return "define"

    def strike_rule(self, meta: Meta, items: list[Any]) -> str:
        return "rule"

    def strike_exception(self, meta: Meta, items: list[Any]) -> str:
        return "exception"

    def reading(self, meta: Meta, items: list[Any]) -> n.Reading:
        name, title, cite, quotes, rest = self._heading(items)
        default, default_title, *alternatives = rest
        return n.Reading(
            name,
            title or "",
            cite,
            quotes,
            str(default),
            _unquote(default_title),
            tuple(alternatives),
            self.span(meta),
        )

    def alternative(self, meta: Meta, items: list[Any]) -> n.Alternative:
        name, title, cite, _, changes = self._heading(items)
        return n.Alternative(name, title or "", cite, tuple(changes), self.span(meta))

    def amend_replace(self, meta: Meta, items: list[Any]) -> n.Rewrite:
        return n.Rewrite(items[0], False, self.span(meta))

    def amend_insert(self, meta: Meta, items: list[Any]) -> n.Rewrite:
        return n.Rewrite(items[0], True, self.span(meta))

    def param_change(self, meta: Meta, items: list[Any]) -> n.ParameterValue:
        cite = _cite(items[2]) if len(items) > 2 else None
        return n.ParameterValue(self.to_date(items[0]), items[1], cite, self.span(meta))

    def set_decl(self, meta: Meta, items: list[Any]) -> n.CitationSetDecl:
        name, *rest = items
        cites = [_cite(t) for t in rest if isinstance(t, Token) and t.type == "CITE"]
        quotes = tuple(q for q in rest if isinstance(q, n.Literal))
        patterns = tuple(
            (_unquote(t), self.tspan(t))
            for t in rest
            if isinstance(t, Token) and t.type == "STRING"
        )
        table = next((t for t in rest if isinstance(t, _Table)), None)
        if table is not None:
            patterns = table.rows
        covers = next((c for c in rest if isinstance(c, _Covers)), _Covers(()))
        return n.CitationSetDecl(
            str(name),
            patterns,
            cites[0] if cites else None,
            tuple(str(q.value) for q in quotes),
            self.span(meta),
            covers.kinds,
            table.path if table is not None else None,
        )

    def covers(self, meta: Meta, items: list[Token]) -> _Covers:
        kinds = {
            "attempts": "attempt",
            "conspiracies": "conspiracy",
            "solicitations": "solicitation",
        }
        return _Covers(tuple(dict.fromkeys(kinds[str(t)] for t in items)))

    def table(self, meta: Meta, items: list[Token]) -> _Table:
        """``table "tables/x.csv"``: a CSV file beside the statute, one pattern a row in its
        ``citation`` column (lines starting with ``#`` are comments)."""
        name = _unquote(items[0])
        where = self.tspan(items[0])
        if self.files is False:
            self.problems.append(
                Diagnostic(where, f"table {name!r}: reading files is turned off for this text")
            )
            return _Table(name, ())
        if isinstance(self.files, Path):
            folder = self.files
        elif self.file and not self.file.startswith("<"):
            folder = Path(self.file).parent
        else:
            folder = Path()
        path = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            self.problems.append(
                Diagnostic(
                    where, "a table is a file beside the statute (no absolute path, no `..`)"
                )
            )
            return _Table(str(path), ())
        try:
            text = _table_text(path, folder)
        except OSError as err:
            reason = "is a folder" if path.is_dir() else (err.strerror or "cannot be read").lower()
            self.problems.append(Diagnostic(where, f"table {name!r}: {reason}"))
            return _Table(str(path), ())
        self.tables.append((str(path), text))
        rows = _table_rows(text, str(path))
        if isinstance(rows, Diagnostic):
            self.problems.append(attrs.evolve(rows, span=where))
            return _Table(str(path), ())
        return _Table(str(path), rows)

    def quote(self, meta: Meta, items: list[Token]) -> n.Literal:
        return n.Literal(" ".join(_unquote(items[0]).split()), self.span(meta))

    def define(self, meta: Meta, items: list[Any]) -> n.Define:
        name, *rest = items
        cites = [_cite(t) for t in rest if isinstance(t, Token) and t.type == "CITE"]
        rest = [x for x in rest if not (isinstance(x, Token) and x.type == "CITE")]
        cite = cites[0] if cites else None
        *quotes, value = rest
        return n.Define(
            str(name), value, cite, tuple(str(q.value) for q in quotes), self.span(meta)
        )

    def _heading(
        self, items: list[Any]
    ) -> tuple[str, str | None, str | None, tuple[str, ...], list[Any]]:
        name, *rest = items
        title = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            title = _unquote(rest.pop(0))
        cite = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "CITE":
            cite = _cite(rest.pop(0))
        quotes = []
        while rest and isinstance(rest[0], n.Literal):
            quotes.append(str(rest.pop(0).value))
        return str(name), title, cite, tuple(quotes), rest

    def rule(self, meta: Meta, items: list[Any]) -> n.Rule:
        name, title, cite, quotes, rest = self._heading(items)
        outcome = rest.pop(0)
        on = next((x[1] for x in rest if isinstance(x, tuple) and x[0] == "on"), None)
        when = next((x[1] for x in rest if isinstance(x, tuple) and x[0] == "when"), None)
        return n.Rule(
            name=name,
            title=title,
            citation=cite,
            quotes=quotes,
            outcome=str(outcome),
            outcome_span=self.tspan(outcome),
            on=on,
            when=when,
            unless=tuple(x for x in rest if isinstance(x, n.Unless)),
            priorities=tuple(x for x in rest if isinstance(x, n.Priority)),
            span=self.span(meta),
        )

    def on_clause(self, meta: Meta, items: list[Any]) -> tuple[str, n.Expr]:
        return "on", items[0]

    def when_clause(self, meta: Meta, items: list[Any]) -> tuple[str, n.Expr]:
        return "when", items[0]

    def exception(self, meta: Meta, items: list[Any]) -> n.Exception_:
        name, title, cite, quotes, rest = self._heading(items)
        outcome, (kind, condition, until), *priorities = rest
        return n.Exception_(
            name=name,
            title=title,
            citation=cite,
            quotes=quotes,
            outcome=str(outcome),
            outcome_span=self.tspan(outcome),
            kind=kind,
            condition=condition,
            until=until,
            priorities=tuple(priorities),
            span=self.span(meta),
        )

    def bar(self, meta: Meta, items: list[Any]) -> tuple[str, n.Expr, None]:
        return "bar", items[0], None

    def block(self, meta: Meta, items: list[Any]) -> tuple[str, n.Expr, None]:
        return "block", items[0], None

    def delay(self, meta: Meta, items: list[Any]) -> tuple[str, n.Expr, n.Expr]:
        return "delay", items[1], items[0]

    def unless(self, meta: Meta, items: list[Any]) -> n.Unless:
        cite = _cite(items[1]) if len(items) > 1 else None
        return n.Unless(items[0], cite, self.span(meta))

    def notwithstanding(self, meta: Meta, items: list[Token]) -> n.Priority:
        return n.Priority("notwithstanding", tuple(map(str, items)), self.span(meta))

    def except_as_provided(self, meta: Meta, items: list[Token]) -> n.Priority:
        return n.Priority("except as provided in", tuple(map(str, items)), self.span(meta))

    def fallback(self, meta: Meta, items: list[Token]) -> n.Priority:
        return n.Priority("fallback", (), self.span(meta))

    # --------------------------------------------------------------- expressions
    def if_expr(self, meta: Meta, items: list[Any]) -> n.IfThenElse:
        return n.IfThenElse(items[0], items[1], items[2], self.span(meta))

    def _binary(op: str) -> Callable[[_Builder, Meta, list[Any]], n.Binary]:  # type: ignore[misc]
        def build(self: _Builder, meta: Meta, items: list[Any]) -> n.Binary:
            return n.Binary(op, items[0], items[-1], self.span(meta))

        return build

    or_ = _binary("or")
    and_ = _binary("and")
    eq = _binary("is")
    ne = _binary("is not")
    member = _binary("in")
    not_member = _binary("not in")
    before = _binary("before")
    after = _binary("after")
    on_or_before = _binary("on or before")
    on_or_after = _binary("on or after")
    add = _binary("+")
    sub = _binary("-")

    def compare(self, meta: Meta, items: list[Any]) -> n.Binary:
        return n.Binary(str(items[1]), items[0], items[2], self.span(meta))

    def not_(self, meta: Meta, items: list[Any]) -> n.Unary:
        return n.Unary("not", items[0], self.span(meta))

    def _within(direction: str) -> Callable[[_Builder, Meta, list[Any]], n.Within]:  # type: ignore[misc]
        def build(self: _Builder, meta: Meta, items: list[Any]) -> n.Within:
            return n.Within(items[0], items[1], direction, items[2], self.span(meta))

        return build

    within_of = _within("of")
    within_before = _within("before")
    within_after = _within("after")

    def date_lit(self, meta: Meta, items: list[Token]) -> n.Literal:
        return n.Literal(self.to_date(items[0]), self.span(meta))

    def number_lit(self, meta: Meta, items: list[Token]) -> n.Literal:
        text = str(items[0])
        return n.Literal(float(text) if "." in text else int(text), self.span(meta))

    def string_lit(self, meta: Meta, items: list[Token]) -> n.Literal:
        return n.Literal(_unquote(items[0]), self.span(meta))

    def true_lit(self, meta: Meta, items: list[Token]) -> n.Literal:
        return n.Literal(True, self.span(meta))

    def false_lit(self, meta: Meta, items: list[Token]) -> n.Literal:
        return n.Literal(False, self.span(meta))

    def list_lit(self, meta: Meta, items: list[Token]) -> n.ListLiteral:
        return n.ListLiteral(tuple(_unquote(t) for t in items), self.span(meta))

    def duration(self, meta: Meta, items: list[Token]) -> n.Literal:
        total = Duration()
        for amount, unit in zip(items[::2], items[1::2], strict=True):
            if "." in str(amount):
                self.problems.append(
                    Diagnostic(self.tspan(amount), "a duration counts whole years, months or days")
                )
                continue
            value = int(str(amount))
            key = str(unit).rstrip("s")
            total = total + Duration(**{f"{key}s": value})
        return n.Literal(total, self.span(meta))

    def path(self, meta: Meta, items: list[Token]) -> n.Path:
        return n.Path(tuple(map(str, items)), self.span(meta))

    def this_path(self, meta: Meta, items: list[Token]) -> n.Path:
        return n.Path(tuple(map(str, items)), self.span(meta), this=True)

    def collection(self, meta: Meta, items: list[Any]) -> n.Collection:
        other = bool(items) and isinstance(items[0], Token) and items[0].type == "OTHER"
        rest = items[1:] if other else items
        kind = str(rest[0])
        relation = None
        where = None
        for x in rest[1:]:
            if isinstance(x, str) and x in ("subsequent", "earlier", "same_case"):
                relation = x
            else:
                where = x
        return n.Collection(kind, other, relation, where, self.span(meta))

    def subsequent(self, meta: Meta, items: list[Any]) -> str:
        return "subsequent"

    def earlier(self, meta: Meta, items: list[Any]) -> str:
        return "earlier"

    def same_case(self, meta: Meta, items: list[Any]) -> str:
        return "same_case"

    def any_(self, meta: Meta, items: list[Any]) -> n.Quantifier:
        return n.Quantifier("any", items[0], self.span(meta))

    def no_(self, meta: Meta, items: list[Any]) -> n.Quantifier:
        return n.Quantifier("no", items[0], self.span(meta))

    def number_of(self, meta: Meta, items: list[Any]) -> n.Quantifier:
        return n.Quantifier("number", items[0], self.span(meta))

    def number_of_cases(self, meta: Meta, items: list[Any]) -> n.Quantifier:
        return n.Quantifier("number", items[0], self.span(meta), cases=True)

    def at_least(self, meta: Meta, items: list[Any], cases: bool = False) -> n.Quantifier:
        if isinstance(items[0], n.Path):
            return n.Quantifier(
                "at least", items[1], self.span(meta), least_name=items[0], cases=cases
            )
        least = str(items[0])
        if "." in least:
            self.problems.append(
                Diagnostic(self.tspan(items[0]), "`at least` takes a whole number")
            )
        return n.Quantifier(
            "at least", items[1], self.span(meta), least=int(float(least)), cases=cases
        )

    def at_least_cases(self, meta: Meta, items: list[Any]) -> n.Quantifier:
        return self.at_least(meta, items, cases=True)

    def given(self, meta: Meta, items: list[Any]) -> n.Given:
        return n.Given(items[0], True, self.span(meta))

    def missing(self, meta: Meta, items: list[Any]) -> n.Given:
        return n.Given(items[0], False, self.span(meta))

    def extreme_of(self, meta: Meta, items: list[Any]) -> n.ExtremeOf:
        return n.ExtremeOf(str(items[0]), items[1], items[2], self.span(meta))

    def extreme_list(self, meta: Meta, items: list[Any]) -> n.ExtremeList:
        return n.ExtremeList(str(items[0]), tuple(items[1:]), self.span(meta))

    def waiting(self, meta: Meta, items: list[Any]) -> n.Waiting:
        period, start, *rest = items
        restart = rest.pop() if rest and isinstance(rest[-1], tuple) else None
        floor = rest[0] if rest else None
        return n.Waiting(
            period,
            start,
            floor,
            restart[0] if restart else None,
            restart[1] if restart else None,
            self.span(meta),
        )

    def restart(self, meta: Meta, items: list[Any]) -> tuple[n.Collection, n.Expr]:
        return items[0], items[1]

    def age_on(self, meta: Meta, items: list[Any]) -> n.AgeOn:
        return n.AgeOn(items[0], self.span(meta))

    def years_between(self, meta: Meta, items: list[Any]) -> n.YearsBetween:
        return n.YearsBetween(items[0], items[1], self.span(meta))

    # --------------------------------------------------------------- tests files
    def tests_file(self, meta: Meta, items: list[Any]) -> n.TestsFile:
        return n.TestsFile(str(items[0]), tuple(items[1:]), self.file)

    def test(self, meta: Meta, items: list[Any]) -> n.ScenarioTest:
        name = _unquote(items[0])
        rest = items[1:]
        like = None
        if rest and isinstance(rest[0], Token):
            like = _unquote(rest.pop(0))
        as_of = self._fields("the test", [x for x in rest if isinstance(x, _Given)]).get("as_of")
        people = [x for x in rest if isinstance(x, r.Person)]
        if len(people) > 1:
            self.problems.append(Diagnostic(self.span(meta), "a test describes one person"))
        return n.ScenarioTest(
            name=name,
            like=like,
            as_of=as_of,
            person=people[0] if people else None,
            expectations=tuple(x for x in rest if isinstance(x, n.Expectation)),
            span=self.span(meta),
            parameters=tuple(x for x in rest if isinstance(x, n.ParameterOverride)),
        )

    def test_parameter(self, meta: Meta, items: list[Any]) -> n.ParameterOverride:
        return n.ParameterOverride(str(items[0]), items[1], None, self.span(meta))

    def as_of(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"as_of": self.to_date(items[0])})

    def person(self, meta: Meta, items: list[Any]) -> r.Person:
        pid, *rest = items
        fields = self._fields(f"person {pid}", [x for x in rest if isinstance(x, _Given)])
        return r.Person(
            id=str(pid),
            cases=tuple(x for x in rest if isinstance(x, r.Case)),
            registrations=tuple(x for x in rest if isinstance(x, r.Registration)),
            source=str(self.span(meta)),
            **fields,
        )

    def _fields(self, owner: str, given: list[_Given]) -> dict[str, Any]:
        """The fields ``given`` state, paths nested (``sentence.supervised``); a field stated
        again with a value other than its first is a diagnostic (the record would silently be
        the last)."""
        fields: dict[str, Any] = {}
        first: dict[str, _Given] = {}
        for attr in given:
            for path, value in attr.values.items():
                earlier = first.setdefault(path, attr)
                if earlier is not attr and earlier.values[path] != value:
                    at = f"line {earlier.span.line}, column {earlier.span.column}"
                    message = f"{owner}: {_label(path)} given twice, differently"
                    self.problems.append(Diagnostic(attr.span, message, f"the first is at {at}"))
                _put(fields, path, value)
            for path, value in attr.implied.items():
                if path not in first:
                    _put(fields, path, value)
        return fields

    def _given(self, meta: Meta, values: dict[str, Any], **implied: Any) -> _Given:
        return _Given(values, self.span(meta), implied)

    def born(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"birth_date": self.to_date(items[0])})

    def died(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"death_date": self.to_date(items[0])})

    def registered(self, meta: Meta, items: list[Token]) -> r.Registration:
        citation = self.citation(items[0])
        when = self.to_date(items[1]) if len(items) > 1 else None
        return r.Registration(kind="sex_offender", citation=citation, date=when)

    def citation(self, token: Token) -> Any:
        try:
            return parse_citation(_unquote(token))
        except CitationError as err:
            self.problems.append(Diagnostic(self.tspan(token), str(err)))
            return None

    def case(self, meta: Meta, items: list[Any]) -> r.Case:
        cid, *rest = items
        fields = self._fields(f"case {cid}", [x for x in rest if isinstance(x, _Given)])
        jurisdiction = fields.get("jurisdiction")
        counts = [self.in_jurisdiction(c, jurisdiction) for c in rest if isinstance(c, r.Count)]
        return r.Case(id=str(cid), counts=tuple(counts), **fields)

    def in_jurisdiction(self, count: r.Count, jurisdiction: str | None) -> r.Count:
        """A count's citation read in its case's jurisdiction (``76-6-602`` in a Utah case)."""
        token = self.count_citations.pop(id(count), None)
        if token is None:
            return count
        try:
            citation = parse_citation(_unquote(token), jurisdiction)
        except CitationError as err:
            self.problems.append(Diagnostic(self.tspan(token), str(err)))
            return count
        return attrs.evolve(count, citation=citation)

    def case_jurisdiction(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"jurisdiction": normalize_jurisdiction(_unquote(items[0]))})

    def case_county(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"county": _unquote(items[0])})

    def case_status(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"status": r.CaseStatus(str(items[0]))})

    def count(self, meta: Meta, items: list[Any]) -> r.Count:
        cid, *given = items
        fields = self._fields(f"count {cid}", given)
        sentence = r.Sentence(**fields.pop("sentence", {}))
        financial = r.Financial(**fields.pop("financial", {}))
        fields.setdefault("facts", {})
        token = fields.pop("citation_token", None)
        count = r.Count(id=str(cid), sentence=sentence, financial=financial, **fields)
        if token is not None:  # read when the case's jurisdiction is known
            self.count_citations[id(count)] = token
        return count

    def count_citation(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"citation_token": items[0]})

    def count_level(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"level": r.Level(str(items[0]))})

    def count_class(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"offense_class": _unquote(items[0])})

    def count_disposition(self, meta: Meta, items: list[Token]) -> _Given:
        when = self.to_date(items[1]) if len(items) > 1 else None
        return self._given(
            meta, {"disposition": r.Disposition(str(items[0])), "disposition_date": when}
        )

    def count_offense(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"offense_date": self.to_date(items[0])})

    def count_arrested(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"arrest_date": self.to_date(items[0])})

    def count_sentenced(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"sentence.imposed_date": self.to_date(items[0])})

    def count_released(self, meta: Meta, items: list[Token]) -> _Given:
        when = self.to_date(items[0])
        return self._given(
            meta, {"sentence.incarceration_release_date": when}, **{"sentence.incarcerated": True}
        )

    def count_supervised(self, meta: Meta, items: list[Token]) -> _Given:
        until = self.to_date(items[0]) if items else None
        return self._given(
            meta, {"sentence.supervised": True, "sentence.supervision_end_date": until}
        )

    def count_completed(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"sentence.completion_date": self.to_date(items[0])})

    def count_probation_revoked(self, meta: Meta, items: list[Token]) -> _Given:
        when = self.to_date(items[0]) if items else None
        revoked = {"sentence.probation_revoked": True, "sentence.probation_revoked_date": when}
        return self._given(meta, revoked, **{"sentence.supervised": True})

    def count_restitution_paid(self, meta: Meta, items: list[Token]) -> _Given:
        when = self.to_date(items[0]) if items else None
        paid = {
            "restitution_ordered": True,
            "restitution_paid": True,
            "restitution_paid_date": when,
        }
        return self._given(meta, {f"financial.{k}": v for k, v in paid.items()})

    def count_fines_paid(self, meta: Meta, items: list[Token]) -> _Given:
        when = self.to_date(items[0]) if items else None
        return self._given(meta, {"financial.fines_paid": True, "financial.fines_paid_date": when})

    def __default__(self, data: Any, children: list[Any], meta: Meta) -> Any:
        """A count attribute of ``_FLAGS``; any other rule without a method of its own is a
        ``Tree`` as Lark makes it."""
        if data in _FLAGS:
            return self._given(meta, dict(_FLAGS[data]))
        return Tree(data, children, meta)

    def count_max_penalty(self, meta: Meta, items: list[Token]) -> _Given:
        return self._given(meta, {"max_penalty_days": int(float(str(items[0])))})

    def count_fact(self, meta: Meta, items: list[Any]) -> _Given:
        return self._given(meta, {f"facts.{items[0]}": items[1].value})

    def expect(self, meta: Meta, items: list[Any]) -> n.Expectation:
        ref, (outcome, eligible, missing), *presuming = items
        case_id, count_id = str(ref).split("/", 1)
        return n.Expectation(
            case_id, count_id, outcome, eligible, missing, self.span(meta), *presuming
        )

    def presuming(self, meta: Meta, items: list[Token]) -> tuple[str, ...]:
        return tuple(_unquote(t) for t in items)

    def expect_outcome(self, meta: Meta, items: list[Token]) -> tuple[str, None, tuple[str, ...]]:
        return str(items[0]), None, ()

    def expect_on(self, meta: Meta, items: list[Token]) -> tuple[str, date, tuple[str, ...]]:
        return str(items[0]), self.to_date(items[1]), ()

    expect_until = expect_on

    def expect_never(self, meta: Meta, items: list[Token]) -> tuple[str, str, tuple[str, ...]]:
        return str(items[0]), "never", ()

    def expect_unknown(self, meta: Meta, items: list[Token]) -> tuple[str, str, tuple[str, ...]]:
        return str(items[0]), "unknown", ()

    def expect_review(self, meta: Meta, items: list[Token]) -> tuple[str, str, tuple[str, ...]]:
        return "needs_review", "unknown", tuple(_unquote(t) for t in items)

    def expect_not_decided(
        self, meta: Meta, items: list[Token]
    ) -> tuple[str, None, tuple[str, ...]]:
        return "not_decided", None, ()
