"""Michigan: the same person written with each recognized spelling of each citation (MCL,
M.C.L. §, MCLA, M.C.L.A., Mich. Comp. Laws §, Michigan Compiled Laws, MCLS, Mich. Comp. Laws
Serv. §; a bare section in a Michigan case) gets identical determinations."""

from __future__ import annotations

from datetime import date

import pytest
from spelling_tools import Spelling, section_text, spelling_test
from strategies_mi import mi_people

import clearlaw
from clearlaw.citations import Citation, CitationError, parse_citation
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
    "MCLS § {s}",
    "Mich. Comp. Laws Serv. § {s}",
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


def _misdemeanor(written: str) -> Person:
    """A Michigan misdemeanor conviction of 2012 cited as ``written`` (kept as text where it
    cannot be read, as the records reader keeps it)."""
    try:
        cited: dict[str, object] = {"citation": parse_citation(written, "US-MI")}
    except CitationError:
        cited = {"citation_text": written}
    count = Count(
        id="1",
        **cited,  # type: ignore[arg-type]
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 1, 10),
        sentence=Sentence(imposed_date=date(2012, 1, 10)),
    )
    case = Case(id="C1", jurisdiction="US-MI", status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P-MI", birth_date=date(1975, 1, 1), cases=(case,))


def test_mcls_is_mcl() -> None:
    """MCLS (LexisNexis' Michigan Compiled Laws Service) numbers its sections as MCL does."""
    for text in (
        "MCLS § 780.621g(4)",
        "M.C.L.S. 780.621g(4)",
        "Mich. Comp. Laws Serv. § 780.621g(4)",
    ):
        assert parse_citation(text, "US-MI") == parse_citation("MCL 780.621g(4)"), text


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("750.411H2A", "MCL 750.411h(2)(a)"),
        ("MCL 750.411H2A", "MCL 750.411h(2)(a)"),
        ("MCL 750.81A1", "MCL 750.81a(1)"),
        ("MCL 333.74032A4", "MCL 333.7403(2)(a)(iv)"),
    ],
)
def test_a_letter_then_digits_is_read_as_its_subsections(written: str, canonical: str) -> None:
    """``750.411H2A`` is 750.411h(2)(a) (stalking, an assaultive crime) as a Michigan charge
    (PACC) code runs it together (docs/sources/mi-clean-slate.md section 12): read as its
    subsections, so the stalking misdemeanor is never set aside (read as written, it matched no
    list and was set aside; until 2026-12-08 it was left unread, with a warning)."""
    assert parse_citation(written, "US-MI") == parse_citation(canonical)
    (d,) = clearlaw.evaluate(MI, _misdemeanor(written), date(2035, 1, 1), explain=False)
    (stalking,) = clearlaw.evaluate(MI, _misdemeanor(canonical), date(2035, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on) == (stalking.outcome, stalking.eligible_on)
    if written.endswith("411H2A"):
        assert (d.outcome, d.eligible_on) == ("not_eligible", "never")


@pytest.mark.parametrize("written", ["750.2072D", "MCL 750.462H1B3A", "MCL 750.3562(a)"])
def test_a_code_that_cannot_be_split_is_not_read(written: str) -> None:
    """A run-together code whose split is ambiguous is not read: a warning, needs_review."""
    with pytest.raises(CitationError, match="subsections run into the section"):
        parse_citation(written, "US-MI")
    (d,) = clearlaw.evaluate(MI, _misdemeanor(written), date(2035, 1, 1), explain=False)
    assert d.outcome == "needs_review"
    assert d.warnings and written in d.warnings[0]


@pytest.mark.parametrize(
    ("written", "section"),
    [
        ("MCL 750.529; MSA 28.797", "MCL 750.529"),
        ("M.C.L. § 750.89; M.S.A. § 28.284", "MCL 750.89"),
        ("MCLA 750.413; MSA 28.645", "MCL 750.413"),
        ("MCL 750.81(2); MSA 28.276(2)", "MCL 750.81(2)"),
    ],
)
def test_a_parallel_msa_number_is_left_out(written: str, section: str) -> None:
    """Opinions and judgments before 2002 add the Michigan Statutes Annotated number after a
    semicolon (People v. Carson, 220 Mich. App. 662 (1997): "M.C.L. § 750.89; M.S.A. §
    28.284"): the citation is the MCL section before it, in a Michigan case."""
    assert parse_citation(written, "US-MI") == parse_citation(section)
