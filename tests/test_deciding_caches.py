"""What deciding remembers to be cheaper gives what working it out afresh gives: a count
judged again in another case, a title under other parameter values, and the cycle collector
held off only while records are built and decided."""

from __future__ import annotations

import gc
from datetime import date

import clearlaw
from clearlaw import records as r
from clearlaw.citations import parse_citation
from clearlaw.compile import Env, Item
from clearlaw.evaluate import title_text
from clearlaw.library import collector_paused


def test_the_cycle_collector_is_held_off_in_the_block_and_as_it_was_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_count_judged_in_one_case_is_judged_again_in_another() -> None:
    statute = clearlaw.load("ca/prop64")
    env = Env(r.Person(""), [], date(2020, 7, 1), {}, None)
    prejudge = statute.in_force(statute.fast, env).prejudge
    assert prejudge is not None
    count = r.Count(
        id="1",
        citation=parse_citation("HS 11357", "US-CA"),
        level=r.Level.FELONY,
        disposition=r.Disposition.CONVICTED,
    )
    in_california = Item(count, r.Case(id="C1", jurisdiction="US-CA", counts=(count,)))
    in_new_york = Item(count, r.Case(id="C1", jurisdiction="US-NY", counts=(count,)))
    assert prejudge(in_california)[0] is True  # the statute applies to it
    assert prejudge(in_new_york)[0] is False  # not to a New York case
    assert prejudge(in_california)[0] is True


def test_a_title_is_filled_with_the_parameter_values_it_is_asked_with() -> None:
    statute = clearlaw.load("ny/clean-slate")
    titles = [statute.titles[name] for name in ("misdemeanor", "felony")]
    assert all("{" in title for title in titles)
    for years in (3, 2, 3):
        params = {"misdemeanor_wait": f"{years} years", "felony_wait": f"{years + 5} years"}
        for name, title in zip(("misdemeanor", "felony"), titles, strict=True):
            assert statute.titled(name, params) == title_text(title, params)
            assert f"{years + (name == 'felony') * 5} years" in statute.titled(name, params)
