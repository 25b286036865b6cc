"""New Jersey: the same person written with each recognized spelling of each citation
(N.J.S.A. 2C:, N.J.S. 2C:, the docket's bare 2C:, NJSA, N.J. Stat. Ann. §; a first subdivision
letter glued to the section as court data writes it, 2C:14-3a) gets identical determinations."""

from __future__ import annotations

from spelling_tools import Spelling, section_text, spelling_test
from strategies_nj import nj_people

import clearlaw
from clearlaw.citations import Citation

NJ = clearlaw.load("nj/clean-slate")
CODE_2C = ("N.J.S.A. 2C:{s}", "N.J.S. 2C:{s}", "2C:{s}", "NJSA 2C:{s}", "N.J. Stat. Ann. § 2C:{s}")


def _glued(citation: Citation) -> str:
    """``14-3(a)`` written ``14-3a``: a letter subdivision glued to the section."""
    subs = citation.subdivisions
    if citation.inchoate or not subs or not (len(subs[0]) == 1 and subs[0].isalpha()):
        return section_text(citation)
    return citation.section + subs[0] + "".join(f"({s})" for s in subs[1:])


def _spelling(k: int, glued: bool = False) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if citation.code != "2C":
            return None
        return CODE_2C[k].format(s=_glued(citation) if glued else section_text(citation))

    return write


SPELLINGS = [_spelling(k) for k in range(len(CODE_2C))] + [_spelling(0, glued=True)]


test_nj_spellings_give_identical_determinations = spelling_test(nj_people(), NJ, SPELLINGS)
