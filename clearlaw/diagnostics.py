"""Problems found in a statute file, reported as ``file:line:col: message`` with the source
line and a caret under the place, and a suggestion where one exists."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import attrs

from clearlaw.nodes import Span

__all__ = ["Diagnostic", "StatuteError", "did_you_mean", "render_all"]


@attrs.frozen
class Diagnostic:
    """One problem: where, what, and (optionally) a hint such as "did you mean …?"."""

    span: Span
    message: str
    hint: str | None = None
    severity: str = "error"

    def render(self, source: str | None) -> str:
        """``file:line:col: error: message``, the source line, a caret line, the hint."""
        lines = [f"{self.span}: {self.severity}: {self.message}"]
        if source is not None:
            text_lines = source.splitlines()
            if 1 <= self.span.line <= len(text_lines):
                text = text_lines[self.span.line - 1]
                lines.append(f"    {_shown(text)}")
                width = (
                    self.span.end_column - self.span.column
                    if self.span.end_line == self.span.line
                    else len(text) - self.span.column + 1
                )
                lines.append("    " + " " * (self.span.column - 1) + "^" * max(1, width))
        if self.hint:
            lines.append(f"    {self.hint}")
        return "\n".join(lines)


def _shown(line: str) -> str:
    """``line`` as a terminal may print it: each control or invisible formatting character
    (a NUL, an escape sequence's ESC, a bidirectional override) as one U+FFFD, so that the
    caret line still lines up and nothing in a statute file can act on the terminal."""
    return "".join("\ufffd" if _hidden(c) else c for c in line)


def _hidden(char: str) -> bool:
    return char != "\t" and unicodedata.category(char) in ("Cc", "Cf")


#: The text diagnostics point into: one file's text, or texts by file name (overlays).
Sources = str | Mapping[str, str] | None


class StatuteError(Exception):
    """A statute file that cannot be used: carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic], sources: Sources) -> None:
        self.diagnostics = tuple(diagnostics)
        self.sources = sources
        super().__init__(render_all(self.diagnostics, sources))


def render_all(diagnostics: Iterable[Diagnostic], sources: Sources) -> str:
    """All diagnostics, in file order, separated by blank lines."""
    ordered = sorted(diagnostics, key=lambda d: (d.span.file, d.span.line, d.span.column))

    def source_of(d: Diagnostic) -> str | None:
        if isinstance(sources, Mapping):
            return sources.get(d.span.file)
        return sources

    return "\n\n".join(d.render(source_of(d)) for d in ordered)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """``"did you mean `x`?"`` for the closest candidate, or ``None``."""
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
