"""Michigan charge codes (PACC codes) with subsections run into the section: ``750.411H2A`` is
MCL 750.411h(2)(a), ``750.3562`` is 750.356(2), ``333.74032A4`` is 333.7403(2)(a)(iv) — read
where the split is unambiguous (clearlaw/data/jurisdictions.toml, US-MI ``forms``;
docs/sources/mi-clean-slate.md section 12), refused with a warning where it is not."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spelling_tools import Spelling, spelling_test
from strategies_mi import mi_people

import clearlaw
from clearlaw.citations import Citation, CitationError, parse_citation
from clearlaw.cli import main
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person, Sentence

MI = clearlaw.load("mi/clean-slate")

#: The sections without a letter whose run-in subsections are read (the first run-in form of
#: jurisdictions.toml); a section ending in a letter needs no list.
LISTED = [
    "750.81",
    "750.110",
    "750.167",
    "750.174",
    "750.218",
    "750.227",
    "750.356",
    "750.413",
    "750.479",
    "750.535",
    "333.7401",
    "333.7403",
    "436.1703",
    "257.625",
    "257.626",
    "257.904",
]
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")


@pytest.mark.parametrize(
    ("code", "citation"),
    [
        ("750.411H2A", "MCL 750.411h(2)(a)"),
        ("MCL 750.411H2A", "MCL 750.411h(2)(a)"),
        ("750.520C1C", "MCL 750.520c(1)(c)"),
        ("750.520C1A", "MCL 750.520c(1)(a)"),
        ("750.81C3", "MCL 750.81c(3)"),
        ("750.110A3", "MCL 750.110a(3)"),
        ("750.174A7B", "MCL 750.174a(7)(b)"),
        ("750.543K1B", "MCL 750.543k(1)(b)"),
        ("750.462H1B3", "MCL 750.462h(1)(b)(iii)"),
        ("750.1671K", "MCL 750.167(1)(k)"),
        ("750.1744C", "MCL 750.174(4)(c)"),
        ("750.3562", "MCL 750.356(2)"),
        ("MCL 750.3563", "MCL 750.356(3)"),
        ("750.3562A", "MCL 750.356(2)(a)"),
        ("750.812", "MCL 750.81(2)"),
        ("333.74032A4", "MCL 333.7403(2)(a)(iv)"),
        ("333.74012A1", "MCL 333.7401(2)(a)(i)"),
        ("257.6251", "MCL 257.625(1)"),
        ("436.17031", "MCL 436.1703(1)"),
        ("257.9047-A", "MCL 257.904(7)"),  # the charge's variant letter is dropped
        ("750.5352-B", "MCL 750.535(2)"),
        ("750.92/750.3562", "MCL 750.92/750.356(2)"),
        ("MCL 333.7403(2)(a)(4)", "MCL 333.7403(2)(a)(iv)"),  # the third level is roman
    ],
)
def test_a_pacc_code_is_read_as_its_subsection(code: str, citation: str) -> None:
    assert parse_citation(code, "US-MI") == parse_citation(citation)


@pytest.mark.parametrize(
    "code",
    [
        "750.2072D",  # 750.207(2)(d) or 750.20(72)(d): 750.207 is not listed
        "MCL 750.92/750.2072",
        "750.5405B",
        "750.462H1B3A",  # a fourth level
        "750.3562(a)",  # half run in
    ],
)
def test_an_ambiguous_code_stays_unread(code: str) -> None:
    with pytest.raises(CitationError, match="subsections run into the section"):
        parse_citation(code, "US-MI")


def test_codes_are_read_only_in_a_michigan_case() -> None:
    """The forms are Michigan's: outside a Michigan case the run-in text is not rewritten."""
    with pytest.raises(CitationError):
        parse_citation("MCL 750.3562")


def _count(written: str, level: Level, year: int = 2012) -> Person:
    count = Count(
        id="1",
        citation=parse_citation(written, "US-MI"),
        level=level,
        disposition=Disposition.CONVICTED,
        disposition_date=date(year, 1, 10),
        sentence=Sentence(imposed_date=date(year, 1, 10), incarcerated=False),
    )
    case = Case(id="C1", jurisdiction="US-MI", status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P-MI", birth_date=date(1975, 1, 1), cases=(case,))


def _decided(written: str, level: Level) -> tuple[str, object, tuple[str, ...]]:
    (d,) = clearlaw.evaluate(MI, _count(written, level), date(2035, 1, 1), explain=False)
    return d.outcome, d.eligible_on, tuple(d.missing)


def test_the_subsection_decides_what_the_bare_section_leaves_open() -> None:
    """A bare 750.356 felony may be (2), 10 years (excluded, 621g(10)(d)) or (3), 5 years:
    its maximum is asked.  The code that names the subsection decides it."""
    assert _decided("750.356", Level.FELONY)[0] == "needs_review"
    assert _decided("750.3562", Level.FELONY)[:2] == ("not_eligible", "never")
    assert _decided("750.3562", Level.FELONY) == _decided("MCL 750.356(2)", Level.FELONY)
    assert "max_penalty_days" not in _decided("750.3563", Level.FELONY)[2]
    # stalking under 411h(2)(a) is an assaultive crime: never set aside
    assert _decided("750.411H2A", Level.MISDEMEANOR)[:2] == ("not_eligible", "never")
    # 333.7403(2)(a)(i): 1,000 grams or more, a life maximum (621c(1)(a))
    assert _decided("333.74032A1", Level.FELONY)[:2] == ("not_eligible", "never")


def _pacc(citation: Citation) -> str | None:
    """``citation`` as a PACC code runs it together, where the reading back is unambiguous."""
    subs = citation.subdivisions
    lettered = citation.section[-1:].isalpha()
    if not subs or len(subs) > 3 or not (lettered or citation.section in LISTED):
        return None
    if not subs[0].isdigit() or (len(subs) > 1 and not (len(subs[1]) == 1 and subs[1].isalpha())):
        return None
    run = subs[0] + "".join(subs[1:2]).upper()
    if len(subs) == 3:
        if subs[2] not in ROMAN:
            return None
        run += str(ROMAN.index(subs[2]) + 1)
    via = f"{citation.via}/" if citation.inchoate else ""
    return f"{via}{citation.section.upper()}{run}"


def _pacc_spelling(template: str) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        code = _pacc(citation) if citation.code == "MCL" and jurisdiction == "US-MI" else None
        return None if code is None else template.format(code)

    return write


test_pacc_codes_give_identical_determinations = spelling_test(
    mi_people(), MI, [_pacc_spelling("MCL {}"), _pacc_spelling("{}")]
)


def test_pacc_codes_through_check(tmp_path: Path) -> None:
    """A records file written with PACC codes: every count read, no citation warning, and the
    same determinations as the file written with parentheses."""

    def records(citations: list[str]) -> Path:
        counts = [
            {
                "id": str(k),
                "citation": c,
                "level": "felony",
                "disposition": "convicted",
                "disposition_date": "2012-01-10",
                "sentence": {"imposed_date": "2012-01-10", "incarcerated": False},
            }
            for k, c in enumerate(citations, 1)
        ]
        person = {
            "id": "P1",
            "birth_date": "1975-01-01",
            "cases": [{"id": "C1", "jurisdiction": "US-MI", "status": "closed", "counts": counts}],
        }
        path = tmp_path / f"p{len(list(tmp_path.iterdir()))}.jsonl"
        path.write_text(json.dumps(person) + "\n", encoding="utf-8")
        return path

    def check(path: Path) -> list[dict[str, object]]:
        out = path.with_suffix(".out")
        argv = ["check", "mi/clean-slate", str(path), "--as-of", "2035-01-01"]
        assert main([*argv, "--format", "jsonl", "-o", str(out)]) == 0
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    def csv_records(citations: list[str]) -> Path:
        head = "person_id,birth_date,case_id,jurisdiction,status,count_id,citation,level,"
        head += "disposition,disposition_date,imposed_date,incarcerated"
        rows = [
            f"P1,1975-01-01,C1,US-MI,closed,{k},{c},felony,convicted,2012-01-10,2012-01-10,0"
            for k, c in enumerate(citations, 1)
        ]
        path = tmp_path / f"p{len(list(tmp_path.iterdir()))}.csv"
        path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
        return path

    codes = check(records(["750.3562", "333.74032A4", "750.411H2A"]))
    assert check(csv_records(["750.3562", "333.74032A4", "750.411H2A"])) == codes
    written = check(records(["MCL 750.356(2)", "MCL 333.7403(2)(a)(iv)", "MCL 750.411h(2)(a)"]))
    assert [d["warnings"] for d in codes] == [[], [], []]
    assert [(d["outcome"], d["eligible_on"]) for d in codes] == [
        (d["outcome"], d["eligible_on"]) for d in written
    ]
    assert [d["outcome"] for d in codes] == ["not_eligible"] * 3
