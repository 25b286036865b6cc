"""Michigan: the same person written with each recognized spelling of each citation (MCL,
M.C.L. §, MCLA, M.C.L.A., Mich. Comp. Laws §, Michigan Compiled Laws; a bare section in a
Michigan case) gets identical determinations."""

from __future__ import annotations

from datetime import date

from spelling_tools import Spelling, section_text, spelling_test
from strategies_mi import mi_people

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person, Sentence

MI = clearlaw.load("mi/clean-slate")
#: Court data, rap sheets and Bluebook (clearlaw/data/jurisdictions.toml); "{s}" is a bare
#: section, read as MCL in a Michigan case (an attempt is written with its code).
MCL = (
    "MCL {s}",
    "M.C.L. § {s}",
    "MCLA {s}",
    "M.C.L.A. {s}",
    "Mich. Comp. Laws § {s}",
    "Michigan Compiled Laws {s}",
    "{s}",
)


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if citation.code != "MCL":
            return None
        bare_ok = jurisdiction == "US-MI" and not citation.inchoate
        template = MCL[k] if MCL[k] != "{s}" or bare_ok else "MCL {s}"
        return template.format(s=section_text(citation))

    return write


test_mi_spellings_give_identical_determinations = spelling_test(
    mi_people(), MI, [_spelling(k) for k in range(len(MCL))]
)


def test_a_bare_section_in_a_michigan_case_is_mcl() -> None:
    """A table citation written bare (as Michigan dockets do) is still in the table."""
    count = Count(
        id="1",
        citation=parse_citation("750.136b(7)", "US-MI"),
        level=Level.MISDEMEANOR,
        max_penalty_days=93,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 1, 10),
        sentence=Sentence(imposed_date=date(2012, 1, 10)),
    )
    case = Case(id="C1", jurisdiction="US-MI", status=CaseStatus.CLOSED, counts=(count,))
    person = Person(id="P-MI", birth_date=date(1975, 1, 1), cases=(case,))
    (d,) = clearlaw.evaluate(MI, person, date(2035, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on) == ("not_eligible", "never")


def test_a_michigan_statutes_annotated_number_is_not_read_as_mcl() -> None:
    """M.S.A. numbers sections apart (MCL 750.89 is MSA 28.284): never MCL 28.284."""
    assert parse_citation("M.S.A. § 28.284", "US-MI").code != "MCL"
