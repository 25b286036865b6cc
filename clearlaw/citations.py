"""Citations to code sections, their normalized form, and patterns that match them.

A citation is a code, a section and a path of subdivisions: ``HS 11357(a)(2)``.  The parser
reads the spellings found in court data, rap sheets, DOJ files and Bluebook form against the
jurisdictions table (``clearlaw.jurisdictions``, ``clearlaw/data/jurisdictions.toml``) and
normalizes them to one canonical citation:

* code first or last: ``HS 11357(a)``, ``11357(A) HS``, ``11357(a) H&S``;
* the codes' spellings, with ``§``, "Ann." and dots ignored: ``Va. Code Ann. § 18.2-96`` =
  ``Va. Code 18.2-96`` = ``VA 18.2-96``; ``M.C.L. § 750.81`` = ``MCLA 750.81`` = ``MCL 750.81``;
  Bluebook's closing parenthetical (publisher and/or year) is dropped:
  ``N.Y. Penal Law § 130.20 (McKinney 2024)`` = ``PL 130.20``; so is the California Style
  Manual's "subd.": ``Health & Saf. Code, § 11357, subd. (b)`` = ``HS 11357(b)``;
* titles: ``18 Pa.C.S.A. § 2701`` = ``18PACS 2701``; ``Del. Code Ann. tit. 11, § 4373`` =
  ``11 Del. C. 4373`` = ``11DELC 4373``; ``N.J.S.A. 2C:20-3`` = ``2C 20-3``; Purdon's
  ``18 Pa. Stat. and Cons. Stat. Ann. § 2701`` = ``18PACS 2701`` and ``35 Pa. Stat. and Cons.
  Stat. Ann. § 780-113`` = ``35PS 780-113`` (the title picks the code);
  ``720 ILCS 550/4(b)`` = ``720 ILCS 550-4(b)`` = ``720ILCS 550/4(b)``;
* with the case's jurisdiction, a bare section where that state's codes make it unambiguous
  (``76-6-602`` in a Utah case is ``UC 76-6-602``; ``18 § 2701`` in a Pennsylvania docket is
  ``18PACS 2701``);
* code glued to the section and a bare subdivision letter: ``HS11357A`` = ``HS 11357(a)``
  (an upper-case letter glued to an undotted section is a subdivision, as DOJ data writes
  them; a lower-case one, or one after a dotted section, is part of the section number:
  ``PC 288a``, ``PC 1203.4a``);
* inchoate offenses: ``PC 664/187``, ``664-187 PC`` (attempted murder), ``PL 110-130.35``,
  ``18 Pa.C.S. 901/2502`` are an attempt, conspiracy or solicitation (``Citation.inchoate``) of
  the object offense (``code``, ``section``), through the section that makes it inchoate
  (``via``); ``str()`` writes them ``CODE VIA/OBJECT``;
* an attempt's object in its own code: California records write an attempt of a Health and
  Safety Code cannabis offense with PC 664 and the object section (``PC 664/11359``,
  ``664/11359 PC``), so such an object section is read in its own code
  (``HS 664/11359``, as ``664/11359 HS`` reads): the code's ``object_codes`` in
  ``clearlaw/data/jurisdictions.toml``; see ``object_code``;
* court-data forms of a jurisdiction, in a case of that state (its ``forms``): Michigan's
  charge (PACC) codes run subsections into the section, ``750.411H2A`` = ``MCL 750.411h(2)(a)``
  and ``333.74032A4`` = ``MCL 333.7403(2)(a)(iv)``, read where the split is unambiguous and
  otherwise refused with a message (``not_sections``);
* subdivisions are lower-cased: ``(A)`` and ``(a)`` are the same subdivision; codes no table
  knows are kept, upper-cased (``FS 893.13``).

A pattern (``CitationPattern``) matches a citation when the code is the same, the section is
the same (or starts with the part before a trailing ``*``: ``PL 130.*``), and the pattern's
subdivisions are a prefix of the citation's: ``HS 11357`` and ``HS 11357(*)`` match
``HS 11357``, ``HS 11357(a)`` and ``HS 11357(b)(2)``; ``HS 11357(a)`` matches only (a) and
what lies below it.  A ``CitationSet`` matches an inchoate citation when it lists the section
that makes it inchoate (``PC 664``), or when it covers that kind (``including attempts``) and
lists the object offense; such a set's ``membership`` of an inchoate section written without
its object (``PL 110.00``, ``MCL 750.92``) is unknown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

from clearlaw.jurisdictions import (
    INCHOATE_KINDS,
    Jurisdiction,
    Registry,
    registry,
    spelling_key,
    subdivisions_of,
)

__all__ = [
    "CODE_ALIASES",
    "INCHOATE_KINDS",
    "Citation",
    "CitationError",
    "CitationPattern",
    "CitationSet",
    "code_of",
    "object_code",
    "parse_citation",
    "parse_pattern",
    "without_object",
]


class CitationError(ValueError):
    """A citation or pattern that cannot be read."""


#: Spellings read as these codes in any jurisdiction (after the jurisdictions table, where a
#: spelling means different codes in different states: ``PEN`` is California's Penal Code here).
CODE_ALIASES: dict[str, str] = {
    "PEN": "PC",
    "PENAL": "PC",
    "PENALCODE": "PC",
    "PENALLAW": "PL",
}

# Digits, then parts joined by ".", "-" or "/" ("155.25", "168-a", "11-5.1", "550/4"); a letter
# right after the digits belongs to the section when another part follows ("475B.337",
# "9A.56.050"); Virginia's ":1" may end it ("19.2-392.12:1"); a wildcard may end a pattern
# ("130.*").
_SECTION = r"\d+(?:[A-Za-z](?=[.\-/]))?(?:[.\-/][0-9A-Za-z]+)*(?::\d+)?(?:[.\-]?\*)?"
_SUBS = r"(?:\s*\((?:[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*|\*)\))*"
_REST = re.compile(rf"^(?P<section>{_SECTION})(?P<letter>[A-Za-z])?(?P<subs>{_SUBS})$")
_CODE_LAST = re.compile(
    rf"^(?P<section>{_SECTION})(?P<letter>[A-Za-z])?(?P<subs>{_SUBS})\s*(?P<code>[A-Za-z][A-Za-z&. ]*)$"
)
_CODE_WORDS = re.compile(r"^(?:\d+[A-Za-z]?\s*)?[A-Za-z][A-Za-z&. ]*$")  # "FS ", "18 PA "
_TITLED = re.compile(  # "18 2701" (a docket's title and section), "2C:20-3"
    rf"^(?P<code>\d+[A-Za-z]?)\s*[: ]\s*(?P<section>{_SECTION})(?P<letter>)(?P<subs>{_SUBS})$"
)
_TITLE_WORD = re.compile(
    r"^(?P<name>.*?)[\s,]*\btit(?:le)?\.?\s*(?P<title>\d+[A-Za-z]?)\s*,?\s*(?P<rest>.*)$", re.I
)
_SECTION_SIGN = re.compile(r"§+|\bsecs?\.?(?=\s)|\bsections?\b", re.I)
_LEADING_TITLE = re.compile(r"^(?:(?P<title>\d+[A-Za-z]?) )?(?P<body>.*)$")  # "18 Pa. Stat. …"
# The California Style Manual's subdivision: "Health & Saf. Code, § 11357, subd. (b)".
_SUBDIVISION_WORD = re.compile(r"\s*,?\s*\bsubds?\.?\s*(?=\()", re.I)
# Bluebook's closing parenthetical, the code's publisher and/or year, is no subdivision:
# "N.Y. Penal Law § 130.20 (McKinney 2024)", "Colo. Rev. Stat. § 18-4-401 (2024)".
_EDITION = re.compile(
    r"\s+\((?:(?:McKinney|West|Deering|Purdon|Lexis(?:Nexis)?|Michie)\b[^()]*"
    r"|[A-Za-z.&' ]*(?:19|20)\d{2}[^()]*)\)\s*$",
    re.I,
)
_SUB = re.compile(r"\(([A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*|\*)\)")
# where a code spelling may end and its section begin: before a digit that follows a space, a
# dot, a colon or a letter ("HS11357")
_SPLIT = re.compile(r"(?<=[\s.:A-Za-z])(?=\d)")


@attrs.frozen(order=True, cache_hash=True)
class Citation:
    """A normalized citation; ``str()`` gives the canonical spelling, e.g. ``HS 11357(a)``.

    ``inchoate`` is ``""`` for a completed offense, else ``attempt``, ``conspiracy`` or
    ``solicitation`` of the offense ``code section(subdivisions)``, made so by section ``via``
    of the same code (``PC 664/187``: ``Citation("PC", "187", (), "attempt", "664")``)."""

    code: str
    section: str
    subdivisions: tuple[str, ...] = ()
    inchoate: str = ""
    via: str = ""

    def __str__(self) -> str:
        via = f"{self.via}/" if self.inchoate else ""
        return f"{self.code} {via}{self.section}" + "".join(f"({s})" for s in self.subdivisions)

    @property
    def offense(self) -> Citation:
        """The offense itself: the object of an inchoate citation, else the citation."""
        return Citation(self.code, self.section, self.subdivisions) if self.inchoate else self

    @property
    def inchoate_section(self) -> Citation | None:
        """The section that makes an inchoate citation inchoate (``PC 664``)."""
        return Citation(self.code, self.via) if self.inchoate else None


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
        """Whether ``citation`` (a completed offense) falls under this pattern."""
        if citation.code != self.code or citation.inchoate:
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


def _clean(text: str) -> str:
    text = _SUBDIVISION_WORD.sub("", _EDITION.sub("", text))  # ", subd. (b)" → "(b)"
    cleaned = " ".join(_SECTION_SIGN.sub(" ", text).split())
    m = _TITLE_WORD.match(cleaned)  # "Del. Code Ann. tit. 11, § 4373" → "11 Del. Code Ann. 4373"
    if m and m.group("name") and m.group("rest"):
        cleaned = f"{m.group('title')} {m.group('name')} {m.group('rest')}"
    return cleaned


def _lookup(table: Registry, key: str, jid: str | None) -> str | None:
    """The canonical code a spelling (as a ``spelling_key``) means, in ``jid`` or anywhere."""
    for scope in (jid, ""):
        if scope is None:
            continue
        code = table.plain.get(scope, {}).get(key)
        if code is not None:
            return code.code
        digits = re.match(r"\d+", key)
        if digits is not None:  # a title, then a titled code: "18PACSA", "720ILCS", "11DELC"
            for title in (digits.group(), key[: digits.end() + 1]):
                titled = table.titled.get(scope, {}).get(key[len(title) :])
                if titled is not None:
                    return titled.canonical(title)
    return CODE_ALIASES.get(key)


def _as_written(text: str, j: Jurisdiction | None) -> str:
    """``text`` with the jurisdiction's court-data forms rewritten (``PL 1552500`` → ``PL
    155.25``; ``18 § 3929 §§ A1`` → ``18 § 3929(a)(1)``), in the table's order."""
    text = " ".join(text.split())
    for form in j.forms if j is not None else ():
        text = form.rewrite(text) or text
    return text


def _split(text: str, jid: str | None) -> tuple[str, str, tuple[str, ...]]:
    table = registry()
    j = table.jurisdiction(jid)
    cleaned = _clean(_as_written(text, j))
    # "N.J.S.A. 2C:20-3" → "2C:20-3"; after a title, "18 Pa. Stat. and Cons. Stat. 2701" →
    # "18 2701", a title the jurisdiction's `titles` read (Purdon's: 18 → 18PACS, 35 → 35PS)
    title, body = _LEADING_TITLE.match(cleaned).group("title", "body")  # type: ignore[union-attr]
    for prefix in j.prefixes if j is not None else table.prefixes:
        k = len(prefix)
        if body[:k].upper() == prefix.upper() and body[k : k + 1] in (" ", ""):
            cleaned = f"{title} {body[k:].strip()}" if title else body[k:].strip()
            if title and j is None:  # the words name the jurisdiction whose titles these are
                jid = next(o.id for o in table.jurisdictions.values() if prefix in o.prefixes)
            break
    found: tuple[str, re.Match[str]] | None = None
    unknown: tuple[str, re.Match[str]] | None = None  # a code no table knows: "FS 893.13"
    for at in _SPLIT.finditer(cleaned):  # a known spelling, then the section
        key = spelling_key(cleaned[: at.start()])
        rest = _REST.match(cleaned[at.start() :].strip())
        if not key or rest is None:
            continue
        code = _lookup(table, key, jid)
        if code is not None:
            found = code, rest
            break
        if unknown is None and _CODE_WORDS.match(cleaned[: at.start()]):
            unknown = key, rest
    if found is None and j is not None:
        m = _REST.match(cleaned)
        if m is not None:
            for pattern, code in j.bare:
                if pattern.match(m.group("section")):
                    found = code, m
                    break
    if found is None:
        m = _CODE_LAST.match(cleaned)
        if m is not None:
            key = spelling_key(m.group("code"))
            found = _lookup(table, key, jid) or key, m
    if found is None:
        m = _TITLED.match(cleaned)
        if m is not None:
            found = _titled(table, m.group("code").upper(), jid), m
    found = found or unknown
    if found is None:
        raise CitationError(
            f"not a citation (expected a code and a section, e.g. 'HS 11357(a)'): {text!r}"
        )
    code, m = found
    section = m.group("section").lower()
    subs = [s.lower() for s in _SUB.findall(m.group("subs"))]
    letter = m.group("letter")
    known = table.code_for(code)
    if letter:
        if (
            letter.islower()
            or "." in section
            or (known is not None and section + letter.lower() in known.lettered)
        ):
            section += letter.lower()
        else:
            subs.insert(0, letter.lower())
    if known is not None and known.act_slash and "/" not in section:
        section = section.replace("-", "/", 1)  # "550-4" → "550/4"
    if known is not None and known.dashed_subdivisions is not None:
        dashed = known.dashed_subdivisions.match(section)  # "550/4-a-1" → 550/4(a)(1)
        tail = section[dashed.end() :] if dashed is not None else ""
        if dashed is not None and re.fullmatch(r"-[a-z][a-z0-9]*(?:-[a-z0-9]+)*", tail):
            section, subs = dashed.group(), [*subdivisions_of(tail), *subs]
    if known is not None and known.letter_subdivisions:
        glued = re.fullmatch(r"(.*\d)([a-z])(\d*)", section)  # "14-3a" → 14-3(a)
        if glued is not None:
            section = glued.group(1)
            subs = [*subdivisions_of(glued.group(2) + glued.group(3)), *subs]
    return code, section, tuple(subs)


def code_of(spelling: str, jurisdiction: str | None = None) -> str:
    """The canonical code a spelling means (``"H&S"`` → ``HS``; ``"Va. Code"`` → ``VA``), read in
    ``jurisdiction`` first; a spelling no table knows, upper-cased without dots and spaces."""
    key = spelling_key(spelling)
    return _lookup(registry(), key, jurisdiction) or key


def _titled(table: Registry, title: str, jid: str | None) -> str:
    """A bare title before a section: ``18`` in a Pennsylvania case is ``18PACS``."""
    j = table.jurisdiction(jid)
    if j is not None and title not in table.plain.get(j.id, {}):
        titled = j.titles.get(title) or j.titles.get("*")
        if titled is not None:
            return f"{title}{titled}"
    return title


def _inchoate(code: str, section: str) -> tuple[str, str, str] | None:
    """``(kind, via, object section)`` when ``section`` is written VIA/OBJECT for a section
    ``via`` that makes an offense of ``code`` inchoate (``664/187``, ``110.00-130.35``)."""
    known = registry().code_for(code)
    if known is None or not known.inchoate:
        return None
    if known.inchoate_title is not None and not code.startswith(known.inchoate_title):
        return None
    for kind, via in known.inchoate.items():
        for written in (via, f"{via}.00", via.removesuffix(".00")):
            if len(section) > len(written) + 1 and section.startswith(written):
                sep, rest = section[len(written)], section[len(written) + 1 :]
                if sep in "/-" and rest[:1].isdigit():
                    return kind, via, rest
    return None


def object_code(code: str, section: str) -> str:
    """The code of an inchoate citation's object ``section`` written under ``code``: ``HS`` for
    ``PC`` and ``11359`` (the code's ``object_codes`` in ``clearlaw/data/jurisdictions.toml``),
    else ``code``."""
    known = registry().code_for(code)
    return code if known is None else known.object_codes.get(section, code)


def _joins(citation: Citation, code: str, via: str, kind: str) -> bool:
    """Whether ``via`` (a section of ``citation``'s code) makes an offense of ``code``
    inchoate: the same code, or a code that names the same section for ``kind`` (PC 664
    makes an attempt of a Health and Safety Code offense: HS declares ``attempt = "664"``)."""
    if code == citation.code:
        return True
    known = registry().code_for(code)
    return known is not None and known.inchoate.get(kind) == via


def _inchoate_sections(citation: Citation) -> Iterable[tuple[str, str]]:
    """``(kind, via)`` for each section of ``citation``'s code that makes an offense
    inchoate, when ``citation`` may be cited to one (not already inchoate, in the code's
    inchoate title); else nothing."""
    known = registry().code_for(citation.code)
    if known is None or citation.inchoate:
        return ()
    if known.inchoate_title is not None and not citation.code.startswith(known.inchoate_title):
        return ()
    return known.inchoate.items()


@functools.lru_cache(maxsize=4096)
def without_object(citation: Citation) -> tuple[str, str] | None:
    """``(kind, via)`` when ``citation`` is to the section that makes an offense inchoate,
    written without its object (``PL 110.00``: an attempt of an offense not named); else
    ``None``."""
    for kind, via in _inchoate_sections(citation):
        if citation.section in (via, f"{via}.00", via.removesuffix(".00")):
            return kind, via
    return None


def inchoate_of(citation: Citation, offense: Citation) -> Citation:
    """The inchoate citation for a count cited to the section that makes it inchoate
    (``18 Pa.C.S. 901``) whose object offense a record gives apart (``18 Pa.C.S. 2502``;
    ``PC 664`` with ``HS 11359``); ``citation`` itself when it is not such a section or it does
    not make an offense of the object's code inchoate."""
    for kind, via in _inchoate_sections(citation):
        if citation.section == via and _joins(citation, offense.code, via, kind):
            return Citation(offense.code, offense.section, offense.subdivisions, kind, via)
    return citation


def parse_citation(text: str, jurisdiction: str | None = None) -> Citation:
    """Normalize a citation: ``parse_citation("11357(A) HS") == parse_citation("HS 11357(a)")``.

    ``jurisdiction`` (a canonical id such as ``US-UT``) is the case's: its spellings come
    first and its bare sections are read (``76-6-602`` → ``UC 76-6-602``)."""
    found = _parsed(text, jurisdiction)
    if isinstance(found, str):
        raise CitationError(found)
    return found


@functools.lru_cache(maxsize=65_536)
def _parsed(text: str, jurisdiction: str | None) -> Citation | str:
    """``parse_citation``'s citation, or the message of its ``CitationError``: cached by
    text, since records repeat a few thousand citations (the table is read once)."""
    try:
        code, section, subs = _split(text, jurisdiction)
    except CitationError as error:
        return str(error)
    if "*" in section or "*" in subs:
        return f"a citation cannot contain '*' (only a pattern can): {text!r}"
    inchoate = _inchoate(code, section)
    if inchoate is not None:
        kind, via, rest = inchoate
        citation = Citation(object_code(code, rest), rest, subs, kind, via)
    else:
        citation = Citation(code, section, subs)
    known = registry().code_for(citation.code)
    unread = known.not_sections if known is not None else None
    if unread is not None and unread.fullmatch(citation.section):
        return (
            f"{citation.code} has no section {citation.section} (subsections run into the"
            f" section number?): {text!r}"
        )
    return citation


def parse_pattern(text: str) -> CitationPattern:
    """Read a pattern: a citation whose section may end in ``*`` and whose last subdivision
    may be ``(*)`` (any subdivision, or none)."""
    code, section, subs = _split(text, None)
    if "*" in subs[:-1]:
        raise CitationError(f"'(*)' may only be the last subdivision of a pattern: {text!r}")
    if subs and subs[-1] == "*":
        subs = subs[:-1]
    if "*" in section[:-1]:
        raise CitationError(f"'*' may only end a section number: {text!r}")
    return CitationPattern(code, section, subs)


class CitationSet:
    """A set of citation patterns with fast membership (indexed by code and section)."""

    def __init__(self, patterns: Iterable[CitationPattern], inchoate: Iterable[str] = ()) -> None:
        self.patterns = tuple(patterns)
        #: the kinds of inchoate offense of a listed offense that the set covers
        self.inchoate = frozenset(inchoate)
        self._known: dict[Citation, bool] = {}
        self._unsure: dict[Citation, bool] = {}  # ``membership``: unknown, not in the set
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

    def membership(self, citation: Citation) -> bool | None:
        """Whether ``citation`` is in the set; ``None`` (unknown) for an inchoate section
        written without its object (``PL 110.00``) when the set covers that kind and lists an
        offense of a code the section makes inchoate: the object may be one it lists."""
        if citation in self:
            return True
        if not self.inchoate:
            return False
        unsure = self._unsure.get(citation)
        if unsure is None:
            unsure = self._unsure[citation] = self._may_be_inchoate(citation)
        return None if unsure else False

    def _may_be_inchoate(self, citation: Citation) -> bool:
        found = without_object(citation)
        if found is None or found[0] not in self.inchoate:
            return False
        kind, via = found
        return any(_joins(citation, code, via, kind) for code in {p.code for p in self.patterns})

    def _match(self, citation: Citation) -> bool:
        if citation.inchoate:
            section = citation.inchoate_section
            assert section is not None
            return self._match(section) or (
                citation.inchoate in self.inchoate and self._match(citation.offense)
            )
        subs_list = self._exact.get((citation.code, citation.section))
        if subs_list is not None:
            for subs in subs_list:
                if citation.subdivisions[: len(subs)] == subs:
                    return True
        return any(p.matches(citation) for p in self._wild.get(citation.code, ()))

    def __len__(self) -> int:
        return len(self.patterns)
