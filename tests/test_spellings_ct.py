"""Connecticut: the same person written with each recognized spelling of each citation (CGS,
C.G.S. §, Conn. Gen. Stat. §, the docket's bare section) gets identical determinations."""

from __future__ import annotations

from spelling_tools import Spelling, section_text, spelling_test
from strategies_ct import ct_people

import clearlaw
from clearlaw.citations import Citation

CT = clearlaw.load("ct/clean-slate")
SPELLINGS = (
    "CGS {s}",
    "C.G.S. § {s}",
    "Conn. Gen. Stat. § {s}",
    "Conn. Gen. Stat. Ann. {s}",
    "{s}",
)


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if citation.code != "CGS":
            return None
        template = SPELLINGS[k]
        if template == "{s}" and jurisdiction != "US-CT":
            template = SPELLINGS[0]  # a bare section reads as the CGS only in a CT case
        return template.format(s=section_text(citation))

    return write


test_ct_spellings_give_identical_determinations = spelling_test(
    ct_people(), CT, [_spelling(k) for k in range(len(SPELLINGS))]
)


def test_a_bare_attempt_in_a_connecticut_case_is_read_as_one() -> None:
    """Dockets write an attempt as "53a-49/53a-71": in a CT case it is the CGS attempt."""
    citation = clearlaw.parse_citation("53a-49/53a-71(a)(1)", "US-CT")
    assert (citation.code, citation.section, citation.inchoate, citation.via) == (
        "CGS",
        "53a-71",
        "attempt",
        "53a-49",
    )
