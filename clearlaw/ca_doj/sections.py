"""Code sections in DOJ offense descriptions: ``11357(C)HS-POSSESS MARIJUANA`` → ``HS 11357(c)``.

The charge is ``OFFENSE_DESCR``, or ``COMMENT_TEXT`` when the description is blank or
``SEE COMMENT FOR CHARGE`` (the comment then reads like ``CHRG 11358 HS``).  Attempts (PC 664)
are written ``664/11357``, ``664.11357``, ``66411357`` or ``664-11357``; each is recognized as
an attempt of the underlying section: the charge's citation is the attempt
(``Citation("HS", "11357", (), "attempt", "664")``, as ``parse_citation("664/11357 HS")`` reads
it on every other path) and ``attempted`` says so.  An attempt whose code letters are 664's
(``664/11359 PC``) has its object read in the object's code (``clearlaw.citations.object_code``:
``HS 664/11359``), as every other reader reads ``PC 664/11359``.
"""

from __future__ import annotations

import functools
import re

import attrs

from clearlaw.citations import Citation, code_of, object_code
from clearlaw.jurisdictions import registry

__all__ = ["Charge", "charge_text", "parse_charge"]

SEE_COMMENT = "SEE COMMENT FOR CHARGE"

#: Sections whose code DOJ descriptions sometimes leave out (``11360(B) SELL/FURNISH``).
_DEFAULT_HS = frozenset({"11357", "11358", "11359", "11360"})

_CHARGE = re.compile(
    r"""^\s*(?:CHRG|CHARGE|CHG)?[\s:.]*
    (?:(?P<attempt>664)\s*(?:[/.\-]|\s)\s*)?        # 664/, 664., 664-, "664 "
    (?P<section>\d+(?:\.\d+)?)
    (?P<subs>(?:\s*\([A-Za-z0-9]{1,3}\))*|[A-Z]\d?(?:\s*\([A-Za-z0-9]{1,3}\))*(?=[\s(\-]|HS|PC|VC|$))?
    \s*(?P<code>H\s*&\s*S|HS|PC|VC|BP|B&P|WI|W&I|HSC|PEN|VEH)?
    (?=[\s\-/(]|$)""",
    re.VERBOSE | re.IGNORECASE,
)
#: PC 664, the section that makes an offense an attempt (as the jurisdictions table says).
_ATTEMPT = "664"
_SUB = re.compile(r"\(([A-Za-z0-9]+)\)")


@functools.cache
def _lettered() -> frozenset[str]:
    """California sections whose number ends in a letter (``653F`` is PC 653f, not 653(f)),
    from the jurisdictions table (read when first needed, not at import)."""
    return frozenset(c for code in registry().jurisdictions["US-CA"].codes for c in code.lettered)


_LATER_CODE = re.compile(r"^[\s/.()A-Z0-9]*?\b(H\s*&\s*S|HS|PC|VC|BP|B&P|WI|W&I)\b")


@attrs.frozen
class Charge:
    """A charge read from a DOJ description."""

    section: str  #: the underlying section, e.g. ``11357``
    citation: Citation | None  #: with code and subdivisions; ``None`` without a code
    attempted: bool = False


def charge_text(offense_descr: str | None, comment_text: str | None) -> str:
    """The text that names the charge: the description, or the comment when the description
    is blank or says to see the comment."""
    descr = (offense_descr or "").strip()
    if descr in ("", "x", "-", "NULL") or descr.upper().startswith(SEE_COMMENT):
        return (comment_text or "").strip()
    return descr


@functools.lru_cache(maxsize=65536)
def parse_charge(text: str) -> Charge | None:
    """The charge a description names, or ``None`` when it names no code section."""
    m = _CHARGE.match(text.upper())
    if m is None:
        return None
    section = m.group("section")
    attempted = m.group("attempt") is not None
    if not attempted and section.startswith("664") and section != "664":
        rest = section[3:].lstrip(".")
        if len(rest) >= 4 and rest.isdigit():  # 66411357, 664.11357
            section, attempted = rest, True
    subs_text = m.group("subs") or ""
    glued = subs_text.split("(", 1)[0].strip()  # a letter glued to the section: 11360A2, 653F
    if glued and section + glued[0].lower() in _lettered():  # PC 653f, not 653(f)
        section, glued = section + glued[0].lower(), glued[1:]
    subs = (*glued.lower(), *(s.lower() for s in _SUB.findall(subs_text)))
    raw_code = (m.group("code") or "").replace(" ", "").upper()
    if not raw_code:  # "484(A)/490.5 PC-THEFT": the code after a second section
        head = text.upper()[m.end() :].split("-", 1)[0]
        later = _LATER_CODE.search(head)
        raw_code = later.group(1).replace(" ", "") if later else ""
    if raw_code:
        code = code_of(raw_code, "US-CA")
    elif section in _DEFAULT_HS:
        code = "HS"
    else:
        return Charge(section, None, attempted)
    if attempted:
        citation = Citation(object_code(code, section), section, subs, "attempt", _ATTEMPT)
        return Charge(section, citation, attempted)
    return Charge(section, Citation(code, section, subs), attempted)
