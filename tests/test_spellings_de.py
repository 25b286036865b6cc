"""Delaware: the same person written with each recognized spelling of each citation
(11 Del. C. §, Del. Code Ann. tit. 11, §, 11 Del.C., the docket's bare "11 §") gets identical
determinations."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from spelling_tools import Spelling, assert_same_for_spellings, section_text
from strategies_de import de_people

import clearlaw
from clearlaw.citations import Citation
from clearlaw.records import Person

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


@settings(
    max_examples=int(os.environ.get("CLEARLAW_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(de_people())
def test_de_spellings_give_identical_determinations(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    assert_same_for_spellings(DE, person, as_of, [_spelling(k) for k in range(len(TITLED))])
