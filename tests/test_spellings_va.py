"""Virginia: the same person written with each recognized spelling of each citation (VA, Va.
Code Ann. §, Va. Code §, Code of Virginia, the docket's bare section) gets identical
determinations."""

from __future__ import annotations

from spelling_tools import Spelling, section_text, spelling_test
from strategies_va import va_people

import clearlaw
from clearlaw.citations import Citation

VA = clearlaw.load("va/automatic-sealing")
SPELLINGS = ("VA {s}", "Va. Code Ann. § {s}", "Va. Code § {s}", "Code of Virginia {s}", "{s}")


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if citation.code != "VA":
            return None
        template = SPELLINGS[k]
        if template == "{s}" and jurisdiction != "US-VA":
            template = SPELLINGS[
                0
            ]  # a bare section reads as the Code of Virginia only in a VA case
        return template.format(s=section_text(citation))

    return write


test_va_spellings_give_identical_determinations = spelling_test(
    va_people(), VA, [_spelling(k) for k in range(len(SPELLINGS))]
)


def test_a_bare_title_46_2_section_in_a_virginia_case_is_the_code_of_virginia() -> None:
    """Dockets write "46.2-341.26:3" alone: in a VA case it is the Code of Virginia section that
    19.2-390(A)(1)(e) reports."""
    citation = clearlaw.parse_citation("46.2-341.26:3", "US-VA")
    assert (citation.code, citation.section) == ("VA", "46.2-341.26:3")
