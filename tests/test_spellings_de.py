"""Delaware: the same person written with each recognized spelling of each citation
(11 Del. C. §, Del. Code Ann. tit. 11, §, 11 Del.C., the docket's bare "11 §") gets identical
determinations."""

from __future__ import annotations

from spelling_tools import Spelling, section_text, spelling_test
from strategies_de import de_people

import clearlaw
from clearlaw.citations import Citation

DE = clearlaw.load("de/clean-slate")
TITLED = ("{t} Del. C. § {s}", "Del. Code Ann. tit. {t}, § {s}", "{t} Del.C. {s}", "{t} § {s}")


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if not citation.code.endswith("DELC"):
            return None
        template = TITLED[k]
        if template.startswith("{t} §") and jurisdiction != "US-DE":
            template = TITLED[0]  # a bare title reads as the Delaware Code only in a DE case
        return template.format(t=citation.code.removesuffix("DELC"), s=section_text(citation))

    return write


test_de_spellings_give_identical_determinations = spelling_test(
    de_people(), DE, [_spelling(k) for k in range(len(TITLED))]
)
