"""Jurisdictions and their codes: the table that citation spellings are read against.

The table is data, ``clearlaw/data/jurisdictions.toml``: for each library state, the names
records give it (``NY``, ``New York``), its codes with the spellings court data, rap sheets and
Bluebook use (``Va. Code Ann.``, ``M.C.L.``, ``18 Pa.C.S.A.``), which bare sections read as which
code in a case of that state, and the sections that make an offense inchoate (attempt,
conspiracy, solicitation).  ``normalize_jurisdiction`` reads a record's jurisdiction;
``clearlaw.citations.parse_citation`` reads citations against this table.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

import attrs

__all__ = [
    "INCHOATE_KINDS",
    "Code",
    "Form",
    "Jurisdiction",
    "Registry",
    "normalize_jurisdiction",
    "registry",
    "spelling_key",
    "subdivisions_of",
]

#: The kinds of inchoate offense, in the order statutes list them.
INCHOATE_KINDS = ("attempt", "conspiracy", "solicitation")

_DATA = Path(__file__).with_name("data") / "jurisdictions.toml"

# Words that do not change which code a spelling means: "Va. Code Ann. §" = "Va. Code".
_NOISE_WORDS = re.compile(r"(?<![A-Za-z])(?:ann|annotated|secs?|sections?)(?![A-Za-z])\.?", re.I)


def spelling_key(text: str) -> str:
    """The key a code spelling is looked up by: upper case, without dots, spaces, ``§`` and
    the words "Ann.", "Annotated", "Sec.", "Section" (``"Va. Code Ann. §"`` → ``"VACODE"``)."""
    return re.sub(r"[^A-Z0-9&]", "", _NOISE_WORDS.sub(" ", text).upper())


@attrs.frozen
class Code:
    """A code of a jurisdiction: ``code`` is its canonical spelling (``PC``, ``MCL``; for a
    code with titles, what follows the title: ``PACS`` in ``18PACS``)."""

    code: str
    spellings: tuple[str, ...] = ()
    titled: bool = False
    act_slash: bool = False
    #: a letter ending a section is its first subdivision ("2C:14-3a" = 2C:14-3(a)), and
    #: digits after it the next ("2C:35-10a4" = 2C:35-10(a)(4))
    letter_subdivisions: bool = False
    #: what follows the section after a hyphen, from a letter on, is subdivisions
    #: ("550/4-A-1" = 550/4(a)(1)); the regular expression says where the section ends
    dashed_subdivisions: re.Pattern[str] | None = None
    #: section numbers the code does not have, as data running subsections into the section
    #: writes them ("750.2072" for MCL 750.207(2)): such a citation is not read
    not_sections: re.Pattern[str] | None = None
    #: sections whose number ends in a letter, however written ("653F" is PC 653f)
    lettered: frozenset[str] = frozenset()
    #: kind of inchoate offense → the section that makes it (``{"attempt": "664"}``)
    inchoate: Mapping[str, str] = attrs.field(factory=dict)
    inchoate_title: str | None = None
    #: an inchoate offense's object section → the code it belongs to, where records write it
    #: under this code's letters (California: ``PC 664/11359`` is an attempt of HS 11359)
    object_codes: Mapping[str, str] = attrs.field(factory=dict)

    def canonical(self, title: str = "") -> str:
        """The canonical code, with its title for a titled code (``18PACS``)."""
        return f"{title}{self.code}" if self.titled else self.code


def subdivisions_of(written: str) -> tuple[str, ...]:
    """Subdivisions written without parentheses, as dockets and rap sheets run them together:
    ``A1`` → ``(a)(1)``, ``A16`` → ``(a)(16)``, ``03`` → ``(3)``; ``00`` (none) → ``()``."""
    out = []
    for part in re.findall(r"[A-Za-z]+|\d+", written):
        if part.isdigit():
            part = part.lstrip("0")
        if part:
            out.append(part.lower())
    return tuple(out)


@attrs.frozen
class Form:
    """A way a jurisdiction's court data or rap sheets write a citation that the spelling
    rules do not read (``PL 1552500``, ``18 § 3929 §§ A1``): a regular expression the whole
    text must match, and what it is rewritten to; a ``subs`` group holds subdivisions run
    together (``subdivisions_of``), appended in parentheses."""

    pattern: re.Pattern[str]
    to: str

    def rewrite(self, text: str) -> str | None:
        """``text`` rewritten, or ``None`` when it is not written this way."""
        m = self.pattern.fullmatch(text)
        if m is None:
            return None
        subs = subdivisions_of(m.groupdict().get("subs") or "")
        return m.expand(self.to) + "".join(f"({s})" for s in subs)


@attrs.frozen
class Jurisdiction:
    """A jurisdiction (``US-NY``) and its codes."""

    id: str
    name: str
    names: tuple[str, ...]
    codes: tuple[Code, ...]
    #: a bare section matching the pattern, in a case of this jurisdiction, reads as the code
    bare: tuple[tuple[re.Pattern[str], str], ...] = ()
    #: a bare title number ("18") → the titled code it opens ("PACS"); "*" for any title
    titles: Mapping[str, str] = attrs.field(factory=dict)
    #: words written before a titled section and dropped ("N.J.S.A." in "N.J.S.A. 2C:20-3")
    prefixes: tuple[str, ...] = ()
    #: court-data and rap-sheet forms, rewritten (in order) before a citation is read
    forms: tuple[Form, ...] = ()


# Every US state, DC and the territories: a record may name any of them (clearlaw decides the
# library states; other states' convictions still count as priors).
_US = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip
_FEDERAL = ("US", "USA", "United States", "Federal", "US-FED", "FED")


class Registry:
    """The jurisdictions table, indexed for reading citations and jurisdiction names."""

    def __init__(self, jurisdictions: Mapping[str, Jurisdiction]) -> None:
        self.jurisdictions = dict(jurisdictions)
        self.names: dict[str, str] = {}
        for abbr, name in _US.items():
            for spelling in (f"US-{abbr}", f"US {abbr}", abbr, name, f"State of {name}"):
                self.names[_name_key(spelling)] = f"US-{abbr}"
        for spelling in _FEDERAL:
            self.names[_name_key(spelling)] = "US"
        for j in self.jurisdictions.values():
            for spelling in (j.id, j.name, *j.names):
                self.names[_name_key(spelling)] = j.id
        # spelling key → (jurisdiction id, code), per jurisdiction and for all of them
        self.plain: dict[str, dict[str, Code]] = {}
        self.titled: dict[str, dict[str, Code]] = {}
        for j in self.jurisdictions.values():
            plain, titled = self.plain.setdefault(j.id, {}), self.titled.setdefault(j.id, {})
            for c in j.codes:
                for s in (c.code, *c.spellings):
                    (titled if c.titled else plain)[spelling_key(s)] = c
        self.plain[""] = _unambiguous(self.plain)
        self.titled[""] = _unambiguous(self.titled)
        # canonical code → Code (for inchoate sections, ILCS acts) and its jurisdictions
        self.by_canonical: dict[str, Code] = {}
        self.prefixes = tuple(p for j in self.jurisdictions.values() for p in j.prefixes)
        for j in self.jurisdictions.values():
            for c in j.codes:
                self.by_canonical.setdefault(c.code, c)

    def jurisdiction(self, jid: str | None) -> Jurisdiction | None:
        """The library jurisdiction ``jid`` (a canonical id), if the table has it."""
        return self.jurisdictions.get(jid) if jid else None

    def code_for(self, canonical: str) -> Code | None:
        """The ``Code`` of a canonical code (``PC``, ``18PACS``), if the table knows it."""
        code = self.by_canonical.get(canonical)
        digits = re.match(r"\d+", canonical)
        if code is None and digits is not None:  # "18PACS", "720ILCS", "2C" (not titled)
            for title in (digits.group(), canonical[: digits.end() + 1]):
                titled = self.by_canonical.get(canonical[len(title) :])
                if titled is not None and titled.titled:
                    return titled
        return code

    def knows_code(self, canonical: str, jid: str | None = None) -> bool:
        """Whether ``canonical`` is a code of jurisdiction ``jid`` (of any, without ``jid``)."""
        code = self.code_for(canonical)
        if code is None:
            return False
        if jid is None:
            return True
        j = self.jurisdiction(jid)
        return j is not None and code in j.codes


def _unambiguous(tables: Mapping[str, Mapping[str, Code]]) -> dict[str, Code]:
    """Spellings that mean one code whatever the jurisdiction (``MCL``; not ``PENAL``)."""
    seen: dict[str, Code] = {}
    clash: set[str] = set()
    for table in tables.values():
        for key, code in table.items():
            if key in seen and seen[key] != code:
                clash.add(key)
            seen.setdefault(key, code)
    return {k: v for k, v in seen.items() if k not in clash}


def _name_key(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _pattern(text: str | None) -> re.Pattern[str] | None:
    return None if text is None else re.compile(text, re.I)


@functools.cache
def registry() -> Registry:
    """The jurisdictions table shipped with clearlaw (read once)."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    jurisdictions: dict[str, Jurisdiction] = {}
    for jid, entry in data.items():
        codes = []
        for c in entry.get("codes", []):
            inchoate = {k: c[k] for k in ("attempt", "conspiracy", "solicitation") if k in c}
            codes.append(
                Code(
                    c["code"],
                    tuple(c.get("spellings", ())),
                    titled=c.get("title") == "N",
                    act_slash=c.get("act_slash", False),
                    letter_subdivisions=c.get("letter_subdivisions", False),
                    dashed_subdivisions=_pattern(c.get("dashed_subdivisions")),
                    not_sections=_pattern(c.get("not_sections")),
                    lettered=frozenset(c.get("lettered", ())),
                    inchoate=inchoate,
                    inchoate_title=c.get("inchoate_title"),
                    object_codes=dict(c.get("object_codes", {})),
                )
            )
        jurisdictions[jid] = Jurisdiction(
            jid,
            entry["name"],
            tuple(entry.get("names", ())),
            tuple(codes),
            tuple((re.compile(b["pattern"], re.I), b["code"]) for b in entry.get("bare", [])),
            dict(entry.get("titles", {})),
            tuple(entry.get("prefixes", ())),
            tuple(Form(re.compile(f["pattern"], re.I), f["to"]) for f in entry.get("forms", [])),
        )
    return Registry(jurisdictions)


def normalize_jurisdiction(text: str | None) -> str | None:
    """A record's jurisdiction as a canonical id: ``us-ny``, ``NY``, ``"US-NY "``, ``New York``
    → ``US-NY``; ``None`` for a blank one.  Text the table does not know is returned
    upper-cased and trimmed (``clearlaw.evaluate`` warns about it)."""
    if text is None:
        return None
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    return registry().names.get(_name_key(cleaned), cleaned.upper())
