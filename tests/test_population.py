"""`clearlaw population`: seeded synthetic people per state (issue 16, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import clearlaw
from clearlaw.drafting import population
from tests.cli_records import run


def test_every_profile_makes_valid_people_in_its_spellings() -> None:
    names = population.profiles()
    assert {"us_pa", "us_ny", "us_ca", "us_mi"} <= set(names)
    for name in names:
        profile = population.load_profile(name)
        rows = list(population.people(profile, 40, seed=2))
        assert len(rows) == 40
        for obj, person in rows:
            assert "name" not in obj  # synthetic: nobody's name
            assert all(c.jurisdiction == profile["jurisdiction"] for c in person.cases)
            assert all(c.citation is not None for case in person.cases for c in case.counts), name
        statute = clearlaw.load(profile["statute"])
        for _, person in rows:  # every person is accounted for by the statute it was made for
            clearlaw.evaluate(statute, person, population.AS_OF, explain=False, out_of_scope=True)


def test_spellings_are_the_states_own() -> None:
    profile = population.load_profile("us_pa")
    texts = {
        count["citation"]
        for obj, _ in population.people(profile, 200, seed=1)
        for case in obj["cases"]
        for count in case["counts"]
    }
    assert any("Pa.C.S.A. §" in t for t in texts) and any(t.startswith("18 § ") for t in texts)


def test_cli_population_is_seeded_and_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert run(capsys, "population", "us_ny", "--people", "50", "-o", str(a))[0] == 0
    assert run(capsys, "population", "us_ny", "--people", "50", "-o", str(b))[0] == 0
    code, _, err = run(capsys, "population", "us_ny", "--people", "50", "--seed", "2", "-o", str(c))
    assert code == 0 and "50 synthetic people of profile us_ny (seed 2)" in err
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    result = clearlaw.read_records(a)
    assert len(result.people) == 50 and not result.rejected
    assert [json.loads(line)["id"] for line in a.read_text().splitlines()][:2] == [
        "P000000",
        "P000001",
    ]


def test_cli_population_unknown_profile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "population", "us_zz")
    assert code == 2 and "no population profile" in err and "us_pa" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('jurisdiction = "US-PA"\n', encoding="utf-8")
    code, _, err = run(capsys, "population", str(bad))
    assert code == 2 and "has no `statute`" in err


def test_an_offense_is_written_as_the_law_wrote_it_on_its_date() -> None:
    """Illinois 550/4(a) possession is a civil law violation from 2016-07-29 (P.A. 99-697), a
    class C misdemeanor before: the profile's ``since`` writes each count so."""
    profile = population.load_profile("us_il")
    levels: dict[bool, set[tuple[str, str]]] = {True: set(), False: set()}
    for obj, _ in population.people(profile, 400, seed=3):
        for case in obj["cases"]:
            for count in case["counts"]:
                if "550/4(a)" in count["citation"] or "550-4(a)" in count["citation"]:
                    since = count["offense_date"] >= "2016-07-29"
                    levels[since].add((count["level"], count.get("class", "")))
    assert levels == {True: {("Civil Law Violation", "")}, False: {("misdemeanor", "C")}}


@pytest.mark.parametrize("name", ["us_pa", "us_il", "us_va", "us_or"])
def test_dispositions_as_court_data_writes_them_are_decided_the_same(name: str) -> None:
    """A profile's ``[dispositions]`` (``Guilty Plea - Negotiated``, ``FNPC``, ``Not True
    Bill``) change how a count is written, not the person: the determinations are those of
    the same people with every disposition written as the record value."""
    import random
    from datetime import date

    from clearlaw.io.jsonl import person_from_json

    profile = population.load_profile(name)
    statute = clearlaw.load(profile["statute"])
    rng = random.Random(f"1-{name}")
    carried = random.Random(f"1-{name}-carried")
    written = set()
    for i, (obj, spelled) in enumerate(population.people(profile, 150, seed=1)):
        plain, _ = person_from_json(population.generate(rng, profile, f"P{i:06d}", carried))
        assert plain is not None
        as_of = date(2026, 12, 7)
        assert clearlaw.evaluate(statute, spelled, as_of, explain=False) == clearlaw.evaluate(
            statute, plain, as_of, explain=False
        )
        written |= {k["disposition"] for c in obj["cases"] for k in c["counts"]}
    assert written - {"convicted", "dismissed", "acquitted", "pending"}  # spellings were drawn


def test_a_disposition_spelled_as_another_is_refused(tmp_path: Path) -> None:
    text = population.profiles()["us_pa"].read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('"Withdrawn",', '"Not Guilty",', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="dispositions: 'Not Guilty' is not read as 'dismissed'"):
        population.load_profile(bad)
