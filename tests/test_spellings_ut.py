"""Utah: the same person written with each recognized spelling of each citation (Utah Code,
Utah Code Ann. §, U.C.A., UCA, Utah Code Annotated; a bare title-chapter-section in a Utah case)
gets identical determinations."""

from __future__ import annotations

from datetime import date

from spelling_tools import Spelling, section_text, spelling_test
from strategies_ut import ut_people

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Financial, Level, Person

UT = clearlaw.load("ut/clean-slate")
#: Court data (Utah court dockets print a bare section), BCI rap sheets and Bluebook
#: (clearlaw/data/jurisdictions.toml, US-UT); "{s}" is a bare section, read as the Utah Code in
#: a Utah case (an attempt is written with its code).
UC = (
    "Utah Code {s}",
    "Utah Code Ann. § {s}",
    "U.C.A. {s}",
    "UCA {s}",
    "Utah Code Annotated {s}",
    "{s}",
)


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if citation.code != "UC":
            return None
        bare_ok = jurisdiction == "US-UT" and not citation.inchoate
        template = UC[k] if UC[k] != "{s}" or bare_ok else "Utah Code {s}"
        return template.format(s=section_text(citation))

    return write


test_ut_spellings_give_identical_determinations = spelling_test(
    ut_people(), UT, [_spelling(k) for k in range(len(UC))]
)


def _decide(citation: str, domestic_violence: bool | None = None) -> tuple[str, tuple[str, ...]]:
    """One class B conviction of 2012, no restitution and its fines paid, written ``citation``,
    with the docket's domestic-violence designation ``domestic_violence``."""
    count = Count(
        id="1",
        citation=parse_citation(citation, "US-UT"),
        level=Level.MISDEMEANOR,
        offense_class="B",
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 1, 10),
        domestic_violence=domestic_violence,
        financial=Financial(restitution_ordered=False, fines_paid=True),
    )
    case = Case(id="C1", jurisdiction="US-UT", status=CaseStatus.CLOSED, counts=(count,))
    person = Person(id="P-UT", birth_date=date(1980, 1, 1), cases=(case,))
    (d,) = clearlaw.evaluate(UT, person, date(2026, 1, 1), explain=False)
    return d.outcome, tuple(d.missing)


def test_a_bare_section_in_a_utah_case_is_the_utah_code() -> None:
    """Court dockets print criminal trespass bare: it can be domestic violence (77-36-1), so
    the docket's designation is read, and given it decides."""
    assert _decide("76-6-206") == ("needs_review", ("domestic_violence",))
    assert _decide("76-6-206", domestic_violence=False)[0] == "expunge"
    assert _decide("Utah Code Ann. § 76-6-206", domestic_violence=True)[0] == "not_eligible"


def test_a_section_in_neither_list_asks_nothing() -> None:
    assert _decide("U.C.A. 76-6-602") == ("expunge", ())
