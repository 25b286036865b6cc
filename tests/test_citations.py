"""Citation parsing, normalization and patterns (clearlaw.citations)."""

from __future__ import annotations

import pytest

from clearlaw.citations import (
    Citation,
    CitationError,
    CitationSet,
    parse_citation,
    parse_pattern,
)


@pytest.mark.parametrize(
    "text",
    [
        "HS 11357(a)",
        "11357(A) HS",
        "H&S 11357(a)",
        "HS11357A",
        "11357(a) H&S",
        "hs 11357 (a)",
        "Health and Safety Code 11357(a)",
        "  HS   11357(a)  ",
    ],
)
def test_spellings_of_one_citation_are_equal(text: str) -> None:
    assert parse_citation(text) == Citation("HS", "11357", ("a",))
    assert str(parse_citation(text)) == "HS 11357(a)"


def test_letter_after_a_dotted_section_is_part_of_the_section() -> None:
    assert parse_citation("PC 1203.4a") == Citation("PC", "1203.4a")
    assert parse_citation("1203.4A PC") == Citation("PC", "1203.4a")
    assert parse_citation("PC 1203.4a") != parse_citation("PC 1203.4")
    assert str(parse_citation("PC 1203.4a")) == "PC 1203.4a"


def test_aliases_and_nested_subdivisions() -> None:
    assert parse_citation("Penal Law 155.25") == Citation("PL", "155.25")
    assert parse_citation("PEN 459") == Citation("PC", "459")
    assert parse_citation("VTL 1192(1)") == Citation("VTL", "1192", ("1",))
    assert parse_citation("HS 11357(A)(2)") == Citation("HS", "11357", ("a", "2"))
    assert parse_citation("Correction Law 168-a") == Citation("CORR", "168-a")
    assert parse_citation("FS 893.13(6)(a)").code == "FS"  # unknown codes are kept


def test_section_wildcard_pattern() -> None:
    pattern = parse_pattern("PL 130.*")
    assert pattern.section_prefix == "130."
    assert pattern.matches(parse_citation("PL 130.52"))
    assert pattern.matches(parse_citation("PL 130.35(1)"))
    assert not pattern.matches(parse_citation("PL 13.05"))
    assert not pattern.matches(parse_citation("PL 1300.1"))
    assert not pattern.matches(parse_citation("PL 130"))
    assert not pattern.matches(parse_citation("PC 130.52"))


def test_subdivision_wildcard_pattern() -> None:
    pattern = parse_pattern("HS 11357(*)")
    assert pattern == parse_pattern("HS 11357")
    for text in ("HS 11357", "HS 11357(a)", "HS 11357(b)(2)"):
        assert pattern.matches(parse_citation(text)), text
    assert not pattern.matches(parse_citation("HS 11358"))
    assert not pattern.matches(parse_citation("HS 113570"))


def test_pattern_subdivisions_are_a_prefix() -> None:
    pattern = parse_pattern("HS 11357(a)")
    assert pattern.matches(parse_citation("HS 11357(a)"))
    assert pattern.matches(parse_citation("HS 11357(A)(1)"))
    assert not pattern.matches(parse_citation("HS 11357"))
    assert not pattern.matches(parse_citation("HS 11357(b)"))
    assert parse_pattern("HS 11360(a)(*)") == parse_pattern("HS 11360(a)")


def test_citation_set() -> None:
    patterns = ("PL 130.*", "HS 11357(a)", "HS 11359", "VTL 1192(1)")
    citations = CitationSet(parse_pattern(p) for p in patterns)
    assert len(citations) == 4
    assert parse_citation("PL 130.52") in citations
    assert parse_citation("HS 11357(a)(2)") in citations
    assert parse_citation("HS 11359(b)") in citations
    assert parse_citation("VTL 1192(1)") in citations
    assert parse_citation("HS 11357(b)") not in citations
    assert parse_citation("VTL 1192(2)") not in citations
    assert parse_citation("PL 155.25") not in citations


@pytest.mark.parametrize(
    "text",
    ["", "HS", "11357", "HS (a)", "HS 11357(a", "HS 11357((a))", "$$ 12", "PL 1*30"],
)
def test_bad_citations_raise(text: str) -> None:
    with pytest.raises(CitationError, match="not a citation"):
        parse_citation(text)


def test_a_citation_cannot_be_a_pattern() -> None:
    for text in ("PL 130.*", "HS 11357(*)"):
        with pytest.raises(CitationError, match="only a pattern can"):
            parse_citation(text)


def test_bad_patterns_raise() -> None:
    with pytest.raises(CitationError, match="may only be the last subdivision"):
        parse_pattern("HS 11357(*)(a)")
    with pytest.raises(CitationError):
        parse_pattern("PL 1*0.5")
    assert issubclass(CitationError, ValueError)
