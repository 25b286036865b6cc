"""Illinois: the same person written with each recognized spelling of each citation (720 ILCS
550/4(b), the rap sheets' 720 ILCS 550-4(b), 720 Ill. Comp. Stat. [Ann.] 550/4(b), Illinois
Compiled Statutes, ILCS Ann.) gets identical determinations; all are 720ILCS 550/4(b)."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from spelling_tools import Spelling, section_text, spelling_test
from strategies_il import il_people

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

IL = clearlaw.load("il/cannabis-expungement")
#: "{c}" the ILCS chapter, "{s}" act/section with subsections, "{d}" the same with a dash for
#: the slash (rap sheets); clearlaw/data/jurisdictions.toml, US-IL.
ILCS = (
    "{c} ILCS {s}",
    "{c} ILCS {d}",
    "{c} Ill. Comp. Stat. {s}",
    "{c} Ill. Comp. Stat. Ann. {s}",
    "{c} Illinois Compiled Statutes {s}",
    "{c} ILCS Ann. {s}",
)


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if not citation.code.endswith("ILCS") or citation.inchoate:
            return None
        section = section_text(citation)
        chapter = citation.code.removesuffix("ILCS")
        return ILCS[k].format(c=chapter, s=section, d=section.replace("/", "-", 1))

    return write


test_il_spellings_give_identical_determinations = spelling_test(
    il_people(), IL, [_spelling(k) for k in range(len(ILCS))]
)


@pytest.mark.parametrize(
    "text",
    ["720 ILCS 550/4(b)", "720 ILCS 550-4(b)", "720 Ill. Comp. Stat. Ann. 550/4(b)"],
)
def test_each_spelling_of_a_possession_subsection_settles_the_amount(text: str) -> None:
    """550/4(b) is at most 30 grams: a dismissed count is expunged without asking the amount."""
    count = Count(
        id="1",
        citation=parse_citation(text, "US-IL"),
        level=Level.MISDEMEANOR,
        offense_date=date(2014, 1, 1),
        disposition=Disposition.DISMISSED,
        disposition_date=date(2014, 3, 1),
        arrest_date=date(2014, 1, 1),
        facts={"section7_enhancement": False},
    )
    case = Case(id="C1", jurisdiction="US-IL", status=CaseStatus.CLOSED, counts=(count,))
    person = Person(id="P-IL", birth_date=date(1990, 1, 1), cases=(case,))
    (d,) = clearlaw.evaluate(IL, person, date(2024, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on, tuple(d.missing)) == ("expunge", date(2019, 6, 25), ())


@pytest.mark.parametrize(
    "text",
    [
        "720 ILCS 5/12-3.2(a)(1)",
        "720 ILCS 5-12-3.2(a)(1)",
        "720 Ill. Comp. Stat. 5/12-3.2(a)(1)",
        "720 ILCS Ann. 5/12-3.2(a)(1)",
    ],
)
def test_each_spelling_of_a_domestic_battery_in_the_same_arrest_excludes(text: str) -> None:
    """Domestic battery is always a violent crime (725 ILCS 120/3(c)): whatever its spelling, a
    cannabis count of the same case is not a minor cannabis offense, and nothing is asked."""
    cannabis = Count(
        id="1",
        citation=parse_citation("720 ILCS 550/4(a)", "US-IL"),
        level=Level.MISDEMEANOR,
        offense_date=date(2014, 1, 1),
        disposition=Disposition.DISMISSED,
        disposition_date=date(2014, 3, 1),
    )
    battery = attrs.evolve(cannabis, id="2", citation=parse_citation(text, "US-IL"))
    case = Case(id="C1", jurisdiction="US-IL", status=CaseStatus.CLOSED, counts=(cannabis, battery))
    person = Person(id="P-IL", birth_date=date(1990, 1, 1), cases=(case,))
    (d,) = clearlaw.evaluate(IL, person, date(2024, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on, tuple(d.missing)) == ("not_eligible", "never", ())
