"""Citations to code sections, their normalized form, and patterns that match them.

A citation is a code, a section and a path of subdivisions: ``HS 11357(a)(2)``.  The parser
accepts the spellings found in court and DOJ data and normalizes them:

* code first or last: ``HS 11357(a)``, ``11357(A) HS``, ``11357(a) H&S``;
* code glued to the section and a bare subdivision letter: ``HS11357A`` = ``HS 11357(a)``
  (an upper-case letter glued to an undotted section is a subdivision, as DOJ data writes
  them; a lower-case one, or one after a dotted section, is part of the section number:
  ``PC 288a``, ``PC 1203.4a``);
* a title before the code: ``18 Pa.C.S. 3929`` = ``18PACS 3929``, ``2C:20-3`` = ``2C 20-3``;
* code aliases (``H&S``, ``HSC``, ``Health and Safety Code`` → ``HS``; ``Penal Law`` → ``PL``;
  ``Penal Code``/``PEN`` → ``PC``; see ``CODE_ALIASES``); unknown codes are kept, upper-cased;
* subdivisions are lower-cased: ``(A)`` and ``(a)`` are the same subdivision.

A pattern (``CitationPattern``) matches a citation when the code is the same, the section is
the same (or starts with the part before a trailing ``*``: ``PL 130.*``), and the pattern's
subdivisions are a prefix of the citation's: ``HS 11357`` and ``HS 11357(*)`` match
``HS 11357``, ``HS 11357(a)`` and ``HS 11357(b)(2)``; ``HS 11357(a)`` matches only (a) and
what lies below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

__all__ = [
    "CODE_ALIASES",
    "Citation",
    "CitationError",
    "CitationPattern",
    "CitationSet",
    "parse_citation",
    "parse_pattern",
]


class CitationError(ValueError):
    """A citation or pattern that cannot be read."""


CODE_ALIASES: dict[str, str] = {
    "HS": "HS",
    "H&S": "HS",
    "HSC": "HS",
    "H & S": "HS",
    "HLTH & SAF": "HS",
    "HEALTH AND SAFETY CODE": "HS",
    "HEALTH & SAFETY CODE": "HS",
    "PC": "PC",
    "PEN": "PC",
    "PENAL CODE": "PC",
    "PL": "PL",
    "PENAL LAW": "PL",
    "VC": "VC",
    "VEH": "VC",
    "VEHICLE CODE": "VC",
    "VTL": "VTL",
    "VEHICLE AND TRAFFIC LAW": "VTL",
    "CORRECTION LAW": "CORR",
    "CORR": "CORR",
    "WIC": "WI",
    "W&I": "WI",
    "WI": "WI",
    "BP": "BP",
    "B&P": "BP",
}

_CODE = r"[A-Za-z][A-Za-z&. ]*?"
# Digits, then parts joined by ".", "-" or "/" ("155.25", "168-a", "11-5.1", "550/4"); a letter
# right after the digits belongs to the section when another part follows ("475B.337",
# "9A.56.050"); a wildcard may end a pattern ("130.*").
_SECTION = r"\d+(?:[A-Za-z](?=[.\-/]))?(?:[.\-/][0-9A-Za-z]+)*(?:[.\-]?\*)?"
_SUBS = r"(?:\s*\((?:[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*|\*)\))*"
_CODE_FIRST = re.compile(
    rf"^(?P<code>{_CODE})\s*(?P<section>{_SECTION})(?P<letter>[A-Za-z])?(?P<subs>{_SUBS})$",
    re.IGNORECASE,
)
_CODE_LAST = re.compile(
    rf"^(?P<section>{_SECTION})(?P<letter>[A-Za-z])?(?P<subs>{_SUBS})\s*(?P<code>{_CODE})$",
    re.IGNORECASE,
)
_TITLED = re.compile(  # "18 Pa.C.S. 3929", "2C:20-3" (New Jersey title 2C), "11 Del. C. 4373"
    rf"^(?P<code>\d+[A-Za-z]?(?:\s+[A-Za-z][A-Za-z&. ]*?)?)\s*[: ]\s*(?P<section>{_SECTION})"
    rf"(?P<letter>)(?P<subs>{_SUBS})$",
    re.IGNORECASE,
)
_SUB = re.compile(r"\(([A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*|\*)\)")


@attrs.frozen(order=True, cache_hash=True)
class Citation:
    """A normalized citation; ``str()`` gives the canonical spelling, e.g. ``HS 11357(a)``."""

    code: str
    section: str
    subdivisions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.code} {self.section}" + "".join(f"({s})" for s in self.subdivisions)


@attrs.frozen
class CitationPattern:
    """A citation pattern from a statute's set, e.g. ``PL 130.*`` or ``HS 11357(*)``."""

    code: str
    section: str
    subdivisions: tuple[str, ...] = ()

    @property
    def section_prefix(self) -> str | None:
        """The fixed part of a wildcard section (``130.`` for ``130.*``), else ``None``."""
        return self.section[:-1] if self.section.endswith("*") else None

    def matches(self, citation: Citation) -> bool:
        """Whether ``citation`` falls under this pattern."""
        if citation.code != self.code:
            return False
        prefix = self.section_prefix
        if prefix is None:
            if citation.section != self.section:
                return False
        elif not citation.section.startswith(prefix):
            return False
        n = len(self.subdivisions)
        return citation.subdivisions[:n] == self.subdivisions

    def __str__(self) -> str:
        return f"{self.code} {self.section}" + "".join(f"({s})" for s in self.subdivisions)


def _split(text: str) -> tuple[str, str, tuple[str, ...]]:
    cleaned = " ".join(text.strip().split())
    m = _CODE_FIRST.match(cleaned) or _CODE_LAST.match(cleaned) or _TITLED.match(cleaned)
    if m is None:
        raise CitationError(
            f"not a citation (expected a code and a section, e.g. 'HS 11357(a)'): {text!r}"
        )
    raw_code = m.group("code").replace(".", "").strip().upper()
    code = CODE_ALIASES.get(raw_code, raw_code.replace(" ", ""))
    section = m.group("section").lower()
    subs = [s.lower() for s in _SUB.findall(m.group("subs"))]
    letter = m.group("letter")
    if letter:
        if letter.islower() or "." in section:
            section += letter.lower()
        else:
            subs.insert(0, letter.lower())
    return code, section, tuple(subs)


def parse_citation(text: str) -> Citation:
    """Normalize a citation: ``parse_citation("11357(A) HS") == parse_citation("HS 11357(a)")``."""
    code, section, subs = _split(text)
    if "*" in section or "*" in subs:
        raise CitationError(f"a citation cannot contain '*' (only a pattern can): {text!r}")
    return Citation(code, section, subs)


def parse_pattern(text: str) -> CitationPattern:
    """Read a pattern: a citation whose section may end in ``*`` and whose last subdivision
    may be ``(*)`` (any subdivision, or none)."""
    code, section, subs = _split(text)
    if "*" in subs[:-1]:
        raise CitationError(f"'(*)' may only be the last subdivision of a pattern: {text!r}")
    if subs and subs[-1] == "*":
        subs = subs[:-1]
    if "*" in section[:-1]:
        raise CitationError(f"'*' may only end a section number: {text!r}")
    return CitationPattern(code, section, subs)


class CitationSet:
    """A set of citation patterns with fast membership (indexed by code and section)."""

    def __init__(self, patterns: Iterable[CitationPattern]) -> None:
        self.patterns = tuple(patterns)
        self._known: dict[Citation, bool] = {}
        self._exact: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        self._wild: dict[str, list[CitationPattern]] = {}
        for p in self.patterns:
            if p.section_prefix is None:
                self._exact.setdefault((p.code, p.section), []).append(p.subdivisions)
            else:
                self._wild.setdefault(p.code, []).append(p)

    def __contains__(self, citation: Citation) -> bool:
        known = self._known.get(citation)
        if known is None:
            known = self._known[citation] = self._match(citation)
        return known

    def _match(self, citation: Citation) -> bool:
        subs_list = self._exact.get((citation.code, citation.section))
        if subs_list is not None:
            for subs in subs_list:
                if citation.subdivisions[: len(subs)] == subs:
                    return True
        return any(p.matches(citation) for p in self._wild.get(citation.code, ()))

    def __len__(self) -> int:
        return len(self.patterns)
