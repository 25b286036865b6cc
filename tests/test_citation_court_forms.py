"""Citations as court data and rap sheets write them (issue 14): NYPD arrest data and DCJS rap
sheets (``PL 1552500``, ``PL 155.25 00 AM``, ``VTL 1192.03``), Pennsylvania UJS dockets
(``18 § 3929 §§ A1``, ``CS 13(a)(16)``), Michigan charge codes (``750.356-A``), New Jersey (``2C:35-10A4``),
Cook County (``720-550/4-A``, ``720-550.0/4-C``).

Each is read as its canonical citation in a case of its state (the table's ``forms``,
clearlaw/data/jurisdictions.toml); the same person written in each form gets the
determinations of the canonical form, through the records reader too; what cannot be read
as one citation (two subsections, ``18 § 3929 §§ A1 & A2``) keeps the person and warns.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from spelling_tools import Spelling, spelling_test
from strategies import ny_people
from strategies_il import il_people
from strategies_mi import mi_people
from strategies_nj import nj_people
from strategies_pa import pa_people

import clearlaw
from clearlaw.citations import Citation, CitationError, parse_citation
from clearlaw.io import read_records
from clearlaw.jurisdictions import subdivisions_of

#: (jurisdiction, as written in court data, canonical citation)
READ = [
    # NYPD arrest data LAW_CODE: article, section, subdivision run together
    ("US-NY", "PL 1552500", "PL 155.25"),
    ("US-NY", "PL 1306503", "PL 130.65(3)"),
    ("US-NY", "PL 2203400", "PL 220.34"),
    # DCJS rap sheet: two-digit subdivision, then the class
    ("US-NY", "PL 155.25 00 AM", "PL 155.25"),
    ("US-NY", "PL 130.20 01 EF", "PL 130.20(1)"),
    ("US-NY", "PL 220.03 00", "PL 220.03"),
    ("US-NY", "PL 110-130.35 00 BF", "PL 110.00/130.35"),
    ("US-NY", "PL 240.20 07 V", "PL 240.20(7)"),
    ("US-NY", "VTL 1192.03", "VTL 1192(3)"),
    ("US-NY", "VTL 1192 01 I", "VTL 1192(1)"),
    ("US-NY", "VTL 0511 01 UM", "VTL 511(1)"),
    # Pennsylvania UJS dockets
    ("US-PA", "18 § 3929 §§ A1", "18PACS 3929(a)(1)"),
    ("US-PA", "18 § 2701 §§ A", "18PACS 2701(a)"),
    ("US-PA", "75 § 3802 §§ A1*", "75PACS 3802(a)(1)"),
    ("US-PA", "35 § 780-113 §§ A16", "35PS 780-113(a)(16)"),
    ("US-PA", "35 § 780-113 §§ A30", "35PS 780-113(a)(30)"),
    ("US-PA", "CS 13(a)(16)", "35PS 780-113(a)(16)"),
    ("US-PA", "CS 13 §§ A31", "35PS 780-113(a)(31)"),
    ("US-PA", "CS 4", "35PS 780-104"),
    # Michigan charge codes: a variant of the charge after a hyphen, not part of the citation
    ("US-MI", "750.356-A", "MCL 750.356"),
    ("US-MI", "750.316-B", "MCL 750.316"),
    ("US-MI", "750.227B-B", "MCL 750.227b"),
    ("US-MI", "MCL 750.81(1)", "MCL 750.81(1)"),
    # an attempt, conspiracy or solicitation written bare with its object
    ("US-MI", "750.92/750.317", "MCL 750.92/750.317"),
    ("US-CO", "18-2-101/18-3-102", "CRS 18-2-101/18-3-102"),
    ("US-OR", "161.405/163.115", "ORS 161.405/163.115"),
    ("US-UT", "76-4-101/76-5-203", "UC 76-4-101/76-5-203"),
    # New Jersey: subsection and paragraph glued to the section
    ("US-NJ", "2C:35-10A4", "2C 35-10(a)(4)"),
    ("US-NJ", "2C:35-10a(4)", "2C 35-10(a)(4)"),
    ("US-NJ", "2C:35-10A(4)", "2C 35-10(a)(4)"),
    # Cook County court data
    ("US-IL", "720-550/4(F)", "720ILCS 550/4(f)"),
    ("US-IL", "720-550/4-A", "720ILCS 550/4(a)"),
    ("US-IL", "720-550.0/4-C", "720ILCS 550/4(c)"),
    ("US-IL", "720 ILCS 550.0/4-A", "720ILCS 550/4(a)"),
    ("US-IL", "720-570/402(A)(7)(A)(II)", "720ILCS 570/402(a)(7)(a)(ii)"),
    ("US-IL", "720-5/18-2(a)(4)", "720ILCS 5/18-2(a)(4)"),
    ("US-IL", "720-5/16-25-A-1", "720ILCS 5/16-25(a)(1)"),
    ("US-IL", "720-570/402-D", "720ILCS 570/402(d)"),
    ("US-IL", "720-570\\405(a)", "720ILCS 570/405(a)"),
    ("US-IL", "625-5/11-501(a)(1)", "625ILCS 5/11-501(a)(1)"),
    ("US-IL", "720-5/32-4A", "720ILCS 5/32-4a"),  # a section that ends in a letter
    # Virginia and Colorado as dispositions write them (already read; kept as a control)
    ("US-VA", "§18.2-96(2)", "VA 18.2-96(2)"),
    ("US-CO", "18-18-403.5", "CRS 18-18-403.5"),
]


@pytest.mark.parametrize(("jurisdiction", "written", "canonical"), READ)
def test_court_data_forms_read_as_the_canonical_citation(
    jurisdiction: str, written: str, canonical: str
) -> None:
    assert parse_citation(written, jurisdiction) == parse_citation(canonical), written


def test_forms_are_read_only_in_their_state() -> None:
    """``CS 13`` says nothing outside Pennsylvania cases; Delaware reads no charge-code form
    (none was seen in public data: docs/records.md, "Spellings read")."""
    assert str(parse_citation("CS 13(a)(16)")) == "CS 13(a)(16)"
    with pytest.raises(CitationError):
        parse_citation("11 841 00 A", "US-DE")


def test_a_michigan_section_longer_than_its_chapter_is_not_read() -> None:
    """``750.2072D`` (750.207(2)(d) run together) is no MCL section: not read, rather than read
    as a section no list has; a section whose subsections the tables read splits
    (``750.3562``, ``257.6251A``, ``750.812``: jurisdictions.toml, US-MI)."""
    for text in ("750.2072D", "MCL 750.92/750.2072"):
        with pytest.raises(CitationError, match="subsections run into the section"):
            parse_citation(text, "US-MI")
    assert str(parse_citation("MCL 750.3562", "US-MI")) == "MCL 750.356(2)"
    assert str(parse_citation("257.6251A", "US-MI")) == "MCL 257.625(1)(a)"
    assert str(parse_citation("750.812", "US-MI")) == "MCL 750.81(2)"
    assert str(parse_citation("MCL 333.7403(2)(a)(v)")) == "MCL 333.7403(2)(a)(v)"


def test_run_together_subdivisions() -> None:
    assert subdivisions_of("A1") == ("a", "1")
    assert subdivisions_of("A16") == ("a", "16")
    assert subdivisions_of("03") == ("3",)
    assert subdivisions_of("00") == ()
    assert subdivisions_of("A1II") == ("a", "1", "ii")


# --- the same person in each form: identical determinations --------------------------------

_NY_PL = re.compile(r"^\d{3}\.\d{2}$")
_NY_CLASS = {"felony": "EF", "misdemeanor": "AM"}


def _one_number(subs: tuple[str, ...]) -> str | None:
    """The two-digit subdivision field for no subdivision or one numbered subdivision."""
    if not subs:
        return "00"
    if len(subs) == 1 and subs[0].isdigit() and len(subs[0]) <= 2:
        return f"{int(subs[0]):02d}"
    return None


def _dcjs(citation: Citation, jurisdiction: str | None) -> str | None:
    """``PL 155.25 00 AM``, ``PL 110-130.35 00 BF``, ``VTL 1192.03``."""
    field = _one_number(citation.subdivisions)
    if jurisdiction != "US-NY" or field is None:
        return None
    if citation.code == "PL" and _NY_PL.match(citation.section):
        via = "110-" if citation.inchoate else ""
        return f"PL {via}{citation.section} {field} AM"
    if citation.code == "VTL" and citation.section.isdigit() and field != "00":
        return f"VTL {citation.section}.{field}"
    return None


def _nypd(citation: Citation, jurisdiction: str | None) -> str | None:
    """``PL 1552500``: article, section and subdivision run together."""
    field = _one_number(citation.subdivisions)
    if jurisdiction != "US-NY" or field is None or citation.inchoate or citation.code != "PL":
        return None
    if not _NY_PL.match(citation.section):
        return None
    return f"PL {citation.section.replace('.', '')}{field}"


def _run_together(subs: tuple[str, ...]) -> str | None:
    """Subdivisions as a docket runs them together (``A1``), where they read back the same."""
    text = "".join(s.upper() for s in subs)
    return text if subs and subdivisions_of(text) == subs else None


_PA = re.compile(r"^(\d+)(PACS|PS)$")


def _ujs(citation: Citation, jurisdiction: str | None) -> str | None:
    """``18 § 3929 §§ A1``, ``35 § 780-113 §§ A16``, ``CS 13(a)(16)``."""
    m = _PA.match(citation.code)
    if jurisdiction != "US-PA" or m is None or citation.inchoate:
        return None
    subs = "".join(f"({s})" for s in citation.subdivisions)
    act = re.fullmatch(r"780-1(\d\d)", citation.section)
    if m.group(2) == "PS" and m.group(1) == "35" and act is not None:
        return f"CS {act.group(1).lstrip('0')}{subs}"
    together = _run_together(citation.subdivisions)
    if together is None:
        return f"{m.group(1)} § {citation.section}{subs}"
    return f"{m.group(1)} § {citation.section} §§ {together}"


def _michigan(citation: Citation, jurisdiction: str | None) -> str | None:
    """``750.356-A``, ``750.227B-B``: a charge code, the section and a variant letter."""
    if jurisdiction != "US-MI" or citation.code != "MCL" or citation.subdivisions:
        return None
    if citation.inchoate:
        return f"{citation.via}/{citation.section}"
    return f"{citation.section.upper()}-{'AB'[len(citation.section) % 2]}"


def _new_jersey(citation: Citation, jurisdiction: str | None) -> str | None:
    """``2C:35-10A4``: a subsection letter and its paragraph glued to the section."""
    subs = citation.subdivisions
    if citation.code != "2C" or citation.inchoate or len(subs) < 2:
        return None
    if not (subs[0].isalpha() and len(subs[0]) == 1 and subs[1].isdigit()):
        return None
    rest = "".join(f"({s})" for s in subs[2:])
    return f"2C:{citation.section}{subs[0].upper()}{subs[1]}{rest}"


_IL = re.compile(r"^(\d+)ILCS$")


def _cook_county(citation: Citation, jurisdiction: str | None) -> str | None:
    """``720-550/4-A``, ``720-5/16-25-A-1``, ``720-550/4(F)``."""
    m = _IL.match(citation.code)
    if jurisdiction != "US-IL" or m is None or citation.inchoate:
        return None
    subs = citation.subdivisions
    if subs and subs[0].isalpha() and all(s.isalnum() for s in subs):
        return f"{m.group(1)}-{citation.section}-" + "-".join(s.upper() for s in subs)
    return f"{m.group(1)}-{citation.section}" + "".join(f"({s.upper()})" for s in subs)


def _canonical(citation: Citation, jurisdiction: str | None) -> str | None:
    return None  # the citation as the strategy made it


def _statute(sid: str) -> clearlaw.Statute:
    return clearlaw.load(sid)


CANONICAL: Spelling = _canonical

test_ny_court_forms_give_identical_determinations = spelling_test(
    ny_people(), _statute("ny/clean-slate"), [CANONICAL, _dcjs, _nypd]
)
test_pa_court_forms_give_identical_determinations = spelling_test(
    pa_people(), _statute("pa/clean-slate"), [CANONICAL, _ujs]
)
test_mi_court_forms_give_identical_determinations = spelling_test(
    mi_people(), _statute("mi/clean-slate"), [CANONICAL, _michigan]
)
test_nj_court_forms_give_identical_determinations = spelling_test(
    nj_people(), _statute("nj/clean-slate"), [CANONICAL, _new_jersey]
)
test_il_court_forms_give_identical_determinations = spelling_test(
    il_people(), _statute("il/cannabis-expungement"), [CANONICAL, _cook_county]
)


# --- through the records reader: no person rejected, same determinations ---------------------

#: (statute, jurisdiction, canonical, as court data writes it, level, class)
CONTROLS = [
    ("ny/clean-slate", "US-NY", "PL 130.20(1)", "PL 130.20 01 EF", "felony", "E"),
    ("ny/clean-slate", "US-NY", "PL 155.25", "PL 1552500", "misdemeanor", "A"),
    ("ny/clean-slate", "US-NY", "VTL 1192(1)", "VTL 1192.01", "infraction", None),
    ("pa/clean-slate", "US-PA", "18 Pa.C.S. 2701(a)(1)", "18 § 2701 §§ A1", "misdemeanor", "M2"),
    ("pa/clean-slate", "US-PA", "18 Pa.C.S. 3929(a)(1)", "18 § 3929 §§ A1", "misdemeanor", "M2"),
    ("pa/clean-slate", "US-PA", "35 P.S. 780-113(a)(16)", "CS 13(a)(16)", "misdemeanor", "M"),
    ("mi/clean-slate", "US-MI", "MCL 750.356", "750.356-A", "felony", None),
    ("mi/clean-slate", "US-MI", "MCL 750.81", "750.81-B", "misdemeanor", None),
    ("nj/clean-slate", "US-NJ", "2C:35-10(a)(4)", "2C:35-10A4", "misdemeanor", "DP"),
    ("il/cannabis-expungement", "US-IL", "720 ILCS 550/4(a)", "720-550/4-A", "misdemeanor", "C"),
    ("il/cannabis-expungement", "US-IL", "720 ILCS 550/4(c)", "720-550.0/4-C", "misdemeanor", "A"),
]


def _line(pid: str, jurisdiction: str, citation: str, level: str, cls: str | None) -> str:
    count: dict[str, object] = {
        "id": "1",
        "citation": citation,
        "level": level,
        "offense_date": "2012-03-01",
        "disposition": "convicted",
        "disposition_date": "2012-06-01",
        "sentence": {
            "imposed_date": "2012-06-01",
            "incarcerated": False,
            "supervised": False,
            "completion_date": "2012-06-01",
        },
        "financial": {"restitution_ordered": False, "fines_paid": True},
    }
    if cls is not None:
        count["class"] = cls
    case = {"id": "C1", "jurisdiction": jurisdiction, "status": "closed", "counts": [count]}
    person = {"id": pid, "birth_date": "1980-01-01", "deceased": False, "cases": [case]}
    return json.dumps(person)


@pytest.mark.parametrize(("sid", "jurisdiction", "canonical", "written", "level", "cls"), CONTROLS)
def test_a_court_form_in_a_records_file_decides_as_the_canonical_form(
    tmp_path: Path,
    sid: str,
    jurisdiction: str,
    canonical: str,
    written: str,
    level: str,
    cls: str | None,
) -> None:
    path = tmp_path / "people.jsonl"
    lines = [_line(p, jurisdiction, c, level, cls) for p, c in (("P1", canonical), ("P2", written))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_records(path)
    assert not result.rejected
    statute = _statute(sid)
    control, other = (
        [
            (d.outcome, d.eligible_on, d.missing, d.warnings)
            for d in clearlaw.evaluate(statute, p, date(2026, 12, 7), explain=False)
        ]
        for p in result.people
    )
    assert other == control, written
    assert all(not found[3] for found in control), control


def test_two_subsections_in_one_count_keep_the_person_and_warn(tmp_path: Path) -> None:
    """``18 § 3929 §§ A1 & A2`` names two subsections: not read as either, the count is kept
    with its text and a warning naming person, case and count."""
    path = tmp_path / "people.jsonl"
    path.write_text(
        _line("P1", "US-PA", "18 § 3929 §§ A1 & A2", "misdemeanor", "M2") + "\n", encoding="utf-8"
    )
    result = read_records(path)
    assert not result.rejected
    (person,) = result.people
    (count,) = person.cases[0].counts
    assert count.citation is None and count.citation_text == "18 § 3929 §§ A1 & A2"
    (d,) = clearlaw.evaluate(_statute("pa/clean-slate"), person, date(2026, 12, 7))
    assert (d.person, d.case, d.count) == ("P1", "C1", "1")
    assert d.warnings == (
        "citation '18 § 3929 §§ A1 & A2' cannot be read (docs/records.md, Citations)",
    )
