"""Statute files in tests/statutes/: good ones check clean; bad ones report exactly the
diagnostics in the ``.expected`` file beside them (file:line:col, source line, caret, hint)."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from statute_text import small_statute

import clearlaw
from clearlaw.library import list_statutes

ROOT = Path(__file__).resolve().parent.parent
BAD = sorted((ROOT / "tests/statutes/bad").glob("*.law"))
GOOD = sorted((ROOT / "tests/statutes/good").glob("*.law"))


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_statute_reports_expected_diagnostics(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    relative = path.relative_to(ROOT)
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.load(relative)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    assert str(info.value) == expected


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_statute_checks_clean(path: Path) -> None:
    statute = clearlaw.load(path)
    assert statute.checked.warnings == ()


@pytest.mark.parametrize("sid", sorted(list_statutes()))
def test_library_statutes_check_clean(sid: str) -> None:
    statute = clearlaw.load(sid)
    assert statute.id == sid
    assert statute.checked.warnings == ()
    # every rule and exception cites the section it implements
    assert all(d.citation for d in statute.node.decisions)


def test_all_problems_are_reported_in_one_pass() -> None:
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.load(ROOT / "tests/statutes/bad/names-and-fields.law")
    assert len(info.value.diagnostics) == 5
    lines = [(d.span.line, d.span.column) for d in info.value.diagnostics]
    assert lines == [(15, 12), (15, 41), (15, 66), (18, 31), (18, 41)]


def test_every_node_keeps_its_source_span() -> None:
    statute = clearlaw.load("ny/clean-slate")
    rule = next(d for d in statute.node.decisions if d.name == "misdemeanor")
    assert rule.span.file.endswith("statutes/ny/clean-slate.law")
    assert rule.citation == "CPL 160.57(1)(b)(i)"
    assert rule.when is not None
    line = statute.node.source.splitlines()[rule.when.span.line - 1]
    assert line[rule.when.span.column - 1 : rule.when.span.end_column - 1] == "level is misdemeanor"


def test_dated_parameter_takes_the_value_in_force_on_the_as_of_date() -> None:
    statute = clearlaw.load(ROOT / "tests/statutes/good/minimal.law")
    count = clearlaw.Count(
        "1",
        level=clearlaw.Level.MISDEMEANOR,
        disposition=clearlaw.Disposition.CONVICTED,
        sentence=clearlaw.Sentence(imposed_date=clearlaw.dates.date(2020, 6, 1)),
    )
    person = clearlaw.Person("P", cases=(clearlaw.Case("C", counts=(count,)),))
    before = clearlaw.evaluate(statute, person, clearlaw.dates.date(2024, 6, 10))[0]
    after = clearlaw.evaluate(statute, person, clearlaw.dates.date(2024, 6, 11))[0]
    # 5 years would end 2025-06-01, but 3 years is the law from 2024-06-11: eligible that day
    assert (before.outcome, str(before.eligible_on)) == ("keep", "2024-06-11")
    assert (after.outcome, str(after.eligible_on)) == ("clear", "2024-06-11")
    # eligible earlier under the old five years: the amendment does not move that date
    older = attrs.evolve(
        count, sentence=clearlaw.Sentence(imposed_date=clearlaw.dates.date(2018, 1, 1))
    )
    person = clearlaw.Person("P", cases=(clearlaw.Case("C", counts=(older,)),))
    (d,) = clearlaw.evaluate(statute, person, clearlaw.dates.date(2026, 1, 1))
    assert (d.outcome, str(d.eligible_on)) == ("clear", "2023-01-01")


PERIOD_COLLECTION = small_statute(
    "test/period-collection",
    "a dated parameter inside a collection",
    """
parameter count_misdemeanors: boolean = true  § T 2
  from 2020-01-01 = false  § T 3
define last = latest disposition_date of convictions where level is felony or count_misdemeanors  § T 4
rule r  § T 5
  clear on last + 3 years
""",
)


@pytest.mark.parametrize(
    ("as_of", "outcome"), [("2019-12-31", "keep"), ("2020-01-01", "clear"), ("2021-01-01", "clear")]
)
def test_relief_date_recounts_a_collection_under_each_periods_parameters(
    as_of: str, outcome: str
) -> None:
    """Until 2020 the misdemeanor of 2019 counts (2019-06-01 + 3 years: 2022-06-01); from
    2020-01-01 only the felony of 2010 does (2013-01-01), so the law in force gives relief
    on 2020-01-01.  The collection's members, remembered per person, were once taken from
    the first period for every period (2022-06-01)."""
    statute = clearlaw.parse(PERIOD_COLLECTION, "period-collection.law")
    counts = tuple(
        clearlaw.Count(
            str(i),
            level=level,
            disposition=clearlaw.Disposition.CONVICTED,
            disposition_date=day,
        )
        for i, (level, day) in enumerate(
            [
                (clearlaw.Level.FELONY, clearlaw.dates.date(2010, 1, 1)),
                (clearlaw.Level.MISDEMEANOR, clearlaw.dates.date(2019, 6, 1)),
            ]
        )
    )
    person = clearlaw.Person("P", cases=(clearlaw.Case("C", counts=counts),))
    day = clearlaw.dates.parse_date(as_of)
    for explain in (False, True):
        found = clearlaw.evaluate(statute, person, day, explain=explain)
        assert [(d.outcome, str(d.eligible_on)) for d in found] == [(outcome, "2020-01-01")] * 2


def test_syntax_error_in_a_tests_file_points_at_it(tmp_path: Path) -> None:
    path = tmp_path / "x.tests"
    path.write_text('tests for ny/clean-slate\ntest "t"\n  as of 2020-13-01\n', encoding="utf-8")
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.syntax.parse_tests_text(path.read_text(), str(path))
    assert str(info.value).startswith(f"{path}:3:9: error: not a date")


AT_LEAST = small_statute(
    "test/at-least",
    "at least with a parameter",
    """
parameter cap: number = 2  § T 2
rule r  § T 3
  clear when not at least cap other convictions
""",
)


@pytest.mark.parametrize(("convictions", "outcome"), [(2, "clear"), (3, "keep")])
def test_at_least_takes_a_number_parameter(convictions: int, outcome: str) -> None:
    statute = clearlaw.parse(AT_LEAST, "at-least.law")
    counts = tuple(
        clearlaw.Count(
            str(i),
            disposition=clearlaw.Disposition.CONVICTED,
            disposition_date=clearlaw.dates.date(2010, 1, 1),
        )
        for i in range(convictions)
    )
    person = clearlaw.Person("P", cases=(clearlaw.Case("C", counts=counts),))
    assert clearlaw.evaluate(statute, person, clearlaw.dates.date(2020, 1, 1))[0].outcome == outcome


#: Each library statute's notes of the text read (docs/sources/).
SOURCES = {
    "ca/prop64": "ca-prop64",
    "co/clean-slate": "co-clean-slate",
    "ct/clean-slate": "ct-clean-slate",
    "de/clean-slate": "de-clean-slate",
    "il/cannabis-expungement": "il-cannabis-expungement",
    "mi/clean-slate": "mi-clean-slate",
    "nj/clean-slate": "nj-clean-slate",
    "ny/clean-slate": "ny-cpl-160.57",
    "or/set-aside": "or-set-aside",
    "pa/clean-slate": "pa-clean-slate",
    "ut/clean-slate": "ut-clean-slate",
    "va/automatic-sealing": "va-automatic-sealing",
}


def _plain(text: str) -> str:
    """Text compared word for word: straight quotes, no (a)/(ii)/(1) enumerators, no Markdown
    marks, single spaces, lower case."""
    text = text.translate(
        str.maketrans({"\u201c": '"', "\u201d": '"', "\u2019": "'", "\u2018": "'"})
    )
    text = re.sub(r"\((?:[a-zA-Z]{1,4}|\d{1,2}(?:\.\d)?)\)", " ", text)
    text = re.sub(r"[>*_`]", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.mark.parametrize("sid", sorted(SOURCES))
def test_every_quote_is_text_read(sid: str) -> None:
    """A `quote` is the law's own words: each piece of it (between "..." or an editor's
    [bracket]) is in the notes of the text read for that statute."""
    read = _plain((ROOT / "docs/sources" / f"{SOURCES[sid]}.md").read_text(encoding="utf-8"))
    law = clearlaw.library.statute_path(sid).read_text(encoding="utf-8")
    quotes = re.findall(r'^\s*quote "(.*)"\s*$', law, flags=re.MULTILINE)
    for quote in quotes:
        for piece in re.split(r"\.\.\.|…|\[[^\]]*\]", quote):
            words = _plain(piece).strip(" ,;.")
            if len(words) > 12:
                assert words in read, f"{sid}: quote not in docs/sources: {piece!r}"


def test_every_statute_with_quotes_has_its_sources() -> None:
    for sid in list_statutes():
        law = clearlaw.library.statute_path(sid).read_text(encoding="utf-8")
        if re.search(r'^\s*quote "', law, flags=re.MULTILINE):
            assert sid in SOURCES, f"{sid}: add its docs/sources file to SOURCES"
