"""Every recognized spelling of a citation reads the same and decides the same (issue 14).

For every library statute, the sections its sets list (the patterns without a wildcard) are
written in every spelling the jurisdictions table knows for their code, Bluebook form with
``§`` and "Ann." included, and bare where the case's jurisdiction reads bare sections; the same
person written with each spelling gets identical determinations.
"""

from __future__ import annotations

import functools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clearlaw
from clearlaw import records as r
from clearlaw.citations import Citation, parse_citation
from clearlaw.jurisdictions import registry
from clearlaw.library import list_statutes


def spellings(citation: Citation, jurisdiction: str | None) -> list[str]:
    """Ways court data, rap sheets and lawyers write ``citation``."""
    table = registry()
    code = table.code_for(citation.code)
    assert code is not None, citation
    title = citation.code[: len(citation.code) - len(code.code)] if code.titled else ""
    subs = "".join(f"({s})" for s in citation.subdivisions)
    section = f"{citation.via}/{citation.section}" if citation.inchoate else citation.section
    out = []
    for spelling in (code.code, *code.spellings):
        head = f"{title} {spelling}" if title else spelling
        out += [f"{head} {section}{subs}", f"{head} § {section}{subs}"]
    j = table.jurisdiction(jurisdiction)
    if j is not None and any(p.match(section) for p, c in j.bare if c == citation.code):
        out.append(f"{section}{subs}")
    if j is not None and title and j.titles.get(title, j.titles.get("*")) == code.code:
        out.append(f"{title} § {section}{subs}")
    return out


@functools.cache
def _statute(sid: str) -> clearlaw.Statute:
    return clearlaw.load(sid)


def _listed() -> list[tuple[str, str, Citation]]:
    out = []
    for sid in list_statutes():
        statute = _statute(sid)
        jurisdiction = statute.node.header.jurisdiction
        for s in statute.checked.sets.values():
            for p in s.patterns:
                if p.section_prefix is None and registry().code_for(p.code) is not None:
                    out.append(
                        (sid, jurisdiction or "", Citation(p.code, p.section, p.subdivisions))
                    )
    return out


LISTED = _listed()


@pytest.mark.parametrize(("sid", "jurisdiction", "citation"), LISTED, ids=lambda x: str(x))
def test_every_spelling_reads_the_same(sid: str, jurisdiction: str, citation: Citation) -> None:
    for text in spellings(citation, jurisdiction or None):
        assert parse_citation(text, jurisdiction or None) == citation, text


def _person(citation_text: str, jurisdiction: str, level: r.Level, day: date) -> r.Person:
    count = r.Count(
        "1",
        parse_citation(citation_text, jurisdiction),
        level=level,
        offense_date=day,
        disposition=r.Disposition.CONVICTED,
        disposition_date=day,
        sentence=r.Sentence(
            imposed_date=day, incarcerated=False, supervised=False, completion_date=day
        ),
    )
    case = r.Case("C1", jurisdiction, None, r.CaseStatus.CLOSED, (count,))
    return r.Person("P1", date(1970, 1, 1), None, False, (), (case,))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    listed=st.sampled_from(LISTED),
    level=st.sampled_from([r.Level.MISDEMEANOR, r.Level.FELONY]),
    day=st.dates(date(1995, 1, 1), date(2024, 12, 31)),
)
def test_the_same_person_in_every_spelling_is_decided_the_same(
    listed: tuple[str, str, Citation], level: r.Level, day: date
) -> None:
    sid, jurisdiction, citation = listed
    statute = _statute(sid)
    results = {
        text: clearlaw.evaluate(
            statute, _person(text, jurisdiction, level, day), date(2026, 12, 7), explain=False
        )
        for text in spellings(citation, jurisdiction or None)
    }
    first = next(iter(results.values()))
    for text, found in results.items():
        assert found == first, text


def test_inchoate_offenses_are_kind_and_object() -> None:
    for text, jurisdiction in [
        ("PC 664/187", None),
        ("664-187 PC", None),
        ("PL 110-130.35", "US-NY"),
        ("PL 110.00/130.35", None),
        ("18 Pa.C.S. 901/2502", None),
        ("MCL 750.92/750.317", None),
        ("C.R.S. 18-2-101/18-3-102", None),
        ("Utah Code 76-4-101/76-5-203", None),
        ("ORS 161.405/163.115", None),
        ("CGS 53a-49/53a-54a", None),
        ("N.J.S.A. 2C:5-1/11-3", None),
    ]:
        c = parse_citation(text, jurisdiction)
        assert c.inchoate == "attempt", text
        assert parse_citation(str(c)) == c, text
    conspiracy = parse_citation("18 Pa.C.S. 903/2502")
    assert (conspiracy.inchoate, str(conspiracy.offense)) == ("conspiracy", "18PACS 2502")


def test_a_set_covers_inchoate_offenses_only_where_it_says_so() -> None:
    from clearlaw.citations import CitationSet, parse_pattern

    attempt = parse_citation("PL 110.00/130.35")
    plain = CitationSet([parse_pattern("PL 130.35")])
    covering = CitationSet([parse_pattern("PL 130.35")], inchoate=["attempt"])
    by_section = CitationSet([parse_pattern("PL 110.*")])
    assert attempt not in plain
    assert attempt in covering
    assert parse_citation("PL 105.00/130.35") not in covering  # not an attempt: 105 is no via
    assert attempt in by_section  # the set lists the attempt section itself
    assert parse_citation("PL 130.35") in plain and parse_citation("PL 130.35") in covering


def test_new_jersey_subsections_glued_to_the_section() -> None:
    assert parse_citation("2C:14-3a", "US-NJ") == parse_citation("N.J.S.A. 2C:14-3(a)")
    assert str(parse_citation("N.J.S. 2C:35-5b(1)")) == "2C 35-5(b)(1)"
    assert str(parse_citation("2C:11-5.1")) == "2C 11-5.1"  # a dotted section is not a letter


def test_an_illinois_chapter_before_act_and_section() -> None:
    assert str(parse_citation("720 550/4(b)", "US-IL")) == "720ILCS 550/4(b)"


def test_california_sections_that_end_in_a_letter() -> None:
    from clearlaw.ca_doj.sections import parse_charge

    for text in ("653F(B) PC", "PC 653F(B)", "PC 653f(b)"):
        assert str(parse_citation(text)) == "PC 653f(b)", text
    assert str(parse_citation("HS11357A")) == "HS 11357(a)"  # elsewhere a subdivision
    for text in ("653F(B) PC", "653f(b) PC"):
        charge = parse_charge(text)
        assert charge is not None and str(charge.citation) == "PC 653f(b)", text
    glued = parse_charge("11357A(1) HS")  # a glued subdivision keeps what follows it
    assert glued is not None and str(glued.citation) == "HS 11357(a)(1)"
    for text in ("11359 H&S", "11359 H & S", "11359 HSC"):
        charge = parse_charge(text)
        assert charge is not None and str(charge.citation) == "HS 11359", text
