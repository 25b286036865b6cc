"""Colorado: the same person written with each recognized spelling of each citation (C.R.S.,
CRS, C.R.S.A., Colo. Rev. Stat. §, Colo. Rev. Stat. Ann. §, Colorado Revised Statutes; a bare
title-article-section in a Colorado case) gets identical determinations."""

from __future__ import annotations

from datetime import date

from spelling_tools import Spelling, section_text, spelling_test
from strategies_co import co_people

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person

CO = clearlaw.load("co/clean-slate")
#: Court data, rap sheets and Bluebook (clearlaw/data/jurisdictions.toml); "{s}" is a bare
#: section, read as C.R.S. in a Colorado case (an attempt is written with its code).
CRS = (
    "C.R.S. {s}",
    "CRS {s}",
    "C.R.S.A. {s}",
    "Colo. Rev. Stat. § {s}",
    "Colo. Rev. Stat. Ann. § {s}",
    "Colorado Revised Statutes {s}",
    "{s}",
)


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if citation.code != "CRS":
            return None
        bare_ok = jurisdiction == "US-CO" and not citation.inchoate
        template = CRS[k] if CRS[k] != "{s}" or bare_ok else "C.R.S. {s}"
        return template.format(s=section_text(citation))

    return write


test_co_spellings_give_identical_determinations = spelling_test(
    co_people(), CO, [_spelling(k) for k in range(len(CRS))]
)


def test_a_bare_article_18_section_in_a_colorado_case_is_a_drug_conviction() -> None:
    count = Count(
        id="1",
        citation=parse_citation("18-18-403.5", "US-CO"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
        facts={"sealing_excluded": False},
    )
    case = Case(id="C1", jurisdiction="US-CO", status=CaseStatus.CLOSED, counts=(count,))
    person = Person(id="P-CO", birth_date=date(1970, 1, 1), cases=(case,))
    (d,) = clearlaw.evaluate(CO, person, date(2030, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on, d.missing) == ("seal", date(2024, 7, 1), ())
