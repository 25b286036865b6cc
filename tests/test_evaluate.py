"""The evaluator: outcomes, dates, three-valued facts, explanations, determinism."""

from __future__ import annotations

import json
from datetime import date

import pytest
from statute_text import small_statute

import clearlaw
from clearlaw import Case, CaseStatus, Count, Disposition, Level, Person, Sentence
from clearlaw.citations import parse_citation
from clearlaw.io.determinations import determination_to_json

NY = clearlaw.load("ny/clean-slate")
CA = clearlaw.load("ca/prop64")


def ny_count(
    cid: str,
    when: date,
    *,
    level: Level = Level.MISDEMEANOR,
    released: date | None = None,
    citation: str = "PL 155.25",
) -> Count:
    sentence = Sentence(
        imposed_date=when,
        incarcerated=released is not None,
        incarceration_release_date=released,
        supervised=False,
    )
    return Count(
        cid,
        parse_citation(citation),
        level=level,
        offense_class="A",
        disposition=Disposition.CONVICTED,
        disposition_date=when,
        sentence=sentence,
    )


def person(*counts: tuple[str, Count], jurisdiction: str = "US-NY") -> Person:
    cases = tuple(Case(cid, jurisdiction, None, CaseStatus.CLOSED, (c,)) for cid, c in counts)
    return Person("P1", birth_date=date(1980, 1, 1), cases=cases)


def test_waiting_period_day_before_and_day_of() -> None:
    p = person(("C1", ny_count("1", date(2022, 3, 1), released=date(2022, 9, 1))))
    (d1,) = clearlaw.evaluate(NY, p, date(2025, 8, 31))
    (d2,) = clearlaw.evaluate(NY, p, date(2025, 9, 1))
    assert (d1.outcome, d1.relief, d1.eligible_on) == ("not_eligible", False, date(2025, 9, 1))
    assert (d2.outcome, d2.relief, d2.eligible_on) == ("seal", True, date(2025, 9, 1))
    assert d2.rule == "misdemeanor"
    assert d2.citations == ("CPL 160.57(1)(b)(i)",)
    assert d1.reasons == (
        "not yet: misdemeanor: three years (§ CPL 160.57(1)(b)(i)) applies from 2025-09-01; "
        "eligible on 2025-09-01 if nothing else happens",
    )


def test_leap_day_release_rolls_forward_to_march_first() -> None:
    p = person(("C1", ny_count("1", date(2024, 2, 29))))
    (d,) = clearlaw.evaluate(NY, p, date(2026, 11, 23))
    assert d.eligible_on == date(2027, 3, 1)


def test_later_conviction_restarts_the_clock_and_the_explanation_names_it() -> None:
    p = person(
        ("C1", ny_count("1", date(2020, 10, 1), released=date(2021, 1, 10))),
        ("C7", ny_count("1", date(2023, 6, 1))),
    )
    d = clearlaw.evaluate(NY, p, date(2026, 1, 1))[0]
    assert (d.outcome, d.eligible_on) == ("not_eligible", date(2026, 6, 1))
    assert d.explanation is not None
    text = clearlaw.render_text(d.explanation)
    assert "restarted by other convictions subsequent to this count" in text
    assert "2026-06-01 (C7/1)" in text


def test_unknown_fact_that_matters_gives_needs_review_naming_it() -> None:
    count = ny_count("1", date(2020, 1, 1))
    count = Count(
        "1",
        count.citation,
        level=count.level,
        disposition=count.disposition,
        disposition_date=count.disposition_date,
        sentence=Sentence(imposed_date=date(2020, 1, 1), incarcerated=True, supervised=False),
    )
    (d,) = clearlaw.evaluate(NY, person(("C1", count)), date(2026, 11, 23))
    assert (d.outcome, d.relief, d.eligible_on) == ("needs_review", None, "unknown")
    assert d.missing == ("sentence.incarceration_release_date",)


def test_unknown_fact_that_cannot_change_the_answer_is_ignored() -> None:
    count = Count(
        "1",
        parse_citation("PL 130.20"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 1, 1),
    )
    (d,) = clearlaw.evaluate(NY, person(("C1", count)), date(2026, 11, 23))
    assert (d.outcome, d.eligible_on, d.rule) == ("not_eligible", "never", "sex_offense")


def test_counts_outside_the_statute_are_not_decided() -> None:
    p = person(("C1", ny_count("1", date(2020, 1, 1))), jurisdiction="US-NJ")
    assert clearlaw.evaluate(NY, p, date(2026, 11, 23)) == ()


def test_explain_false_gives_the_same_determinations() -> None:
    p = person(
        ("C1", ny_count("1", date(2015, 1, 1), level=Level.FELONY, released=date(2019, 2, 3)))
    )
    fast = clearlaw.evaluate(NY, p, date(2026, 11, 23), explain=False)
    slow = clearlaw.evaluate(NY, p, date(2026, 11, 23))
    assert fast == slow
    assert fast[0].explanation is None and slow[0].explanation is not None


def test_json_is_deterministic_and_versioned() -> None:
    p = person(("C1", ny_count("1", date(2015, 1, 1))), ("C2", ny_count("1", date(2016, 1, 1))))
    runs = [
        json.dumps(
            [
                determination_to_json(d, explanation=True)
                for d in clearlaw.evaluate(NY, p, date(2026, 11, 23))
            ]
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    first = json.loads(runs[0])[0]
    assert first["schema"] == clearlaw.JSON_SCHEMA_VERSION
    assert first["explanation"]["children"][0]["source"]["line"] > 0


def test_ca_age_boundary_and_unknown_quantity() -> None:
    def ca(citation: str, born: date, level: Level = Level.MISDEMEANOR, **facts: object) -> Person:
        count = Count(
            "1",
            parse_citation(citation),
            level=level,
            disposition=Disposition.CONVICTED,
            offense_date=date(2010, 5, 1),
            disposition_date=date(2010, 6, 1),
            facts=facts,
        )
        return Person(
            "P", birth_date=born, cases=(Case("C1", "US-CA", None, CaseStatus.CLOSED, (count,)),)
        )

    at_21 = clearlaw.evaluate(CA, ca("HS 11357(b)", date(1989, 5, 1)), date(2020, 7, 1))[0]
    day_short = clearlaw.evaluate(CA, ca("HS 11357(b)", date(1989, 5, 2)), date(2020, 7, 1))[0]
    assert at_21.outcome == "dismiss_and_seal" and at_21.eligible_on == date(2016, 11, 9)
    assert day_short.outcome == "redesignate_infraction"
    # amounts not on record: presumed within the limits (HS 11361.8(b), (f))
    presumed = clearlaw.evaluate(
        CA, ca("HS 11357", date(1970, 1, 1), Level.FELONY), date(2020, 7, 1)
    )[0]
    assert presumed.outcome == "dismiss_and_seal"
    assert [p.fact for p in presumed.presumptions] == [
        "facts.concentrate_grams",
        "facts.flower_grams",
        "facts.public_safety_risk",  # 11361.8(b): the sentence may still be running
    ]
    before = clearlaw.evaluate(CA, ca("HS 11357(b)", date(1970, 1, 1)), date(2016, 11, 8))[0]
    assert (before.outcome, before.eligible_on) == ("not_eligible", date(2016, 11, 9))


SMALL = small_statute(
    "test/semantics",
    "Language semantics",
    """
define last_other = latest disposition_date of other convictions where level is felony
rule quiet "no other felony within five years of this one"  § T 2
  clear on latest of (disposition_date, last_other) + 1 day
  when (no other convictions where level is felony
          and disposition_date within 5 years of this.disposition_date)
    and not at least 2 other convictions
""",
)


@pytest.mark.parametrize(
    ("other_dates", "outcome", "eligible_on"),
    [
        ((), "clear", date(2010, 1, 2)),  # latest of skips the empty collection
        ((date(2016, 1, 1),), "clear", date(2016, 1, 2)),  # outside 5 years
        ((date(2014, 12, 31),), "keep", "never"),  # within 5 years
        ((date(1990, 1, 1), date(1991, 1, 1)), "keep", "never"),  # at least 2 others
    ],
)
def test_collections_within_at_least_and_latest(
    other_dates: tuple[date, ...], outcome: str, eligible_on: object
) -> None:
    statute = clearlaw.parse(SMALL, "semantics.law")
    counts = [
        Count(
            "1",
            level=Level.MISDEMEANOR,
            disposition=Disposition.CONVICTED,
            disposition_date=date(2010, 1, 1),
        )
    ]
    counts += [
        Count(str(i + 2), level=Level.FELONY, disposition=Disposition.CONVICTED, disposition_date=d)
        for i, d in enumerate(other_dates)
    ]
    p = Person("P", cases=(Case("C", counts=tuple(counts)),))
    d = clearlaw.evaluate(statute, p, date(2030, 1, 1))[0]
    assert (d.outcome, d.eligible_on) == (outcome, eligible_on)


THIS_DEFINE = small_statute(
    "test/this-define",
    "this.definition",
    """
define release = sentence.imposed_date + 1 year  § T 2
rule r  § T 3
  clear when no other convictions where release after this.release
""",
)


def test_this_definition_inside_where_is_the_decided_counts_value() -> None:
    statute = clearlaw.parse(THIS_DEFINE, "this-define.law")
    early = Count(
        "1", disposition=Disposition.CONVICTED, sentence=Sentence(imposed_date=date(2010, 1, 1))
    )
    late = Count(
        "2", disposition=Disposition.CONVICTED, sentence=Sentence(imposed_date=date(2012, 1, 1))
    )
    p = Person("P", cases=(Case("C", counts=(early, late)),))
    results = {d.count: d.outcome for d in clearlaw.evaluate(statute, p, date(2020, 1, 1))}
    assert results == {"1": "keep", "2": "clear"}  # only count 1 has a later release after it


# ------------------------------------------------------------------ every possible world


def _ca_possession(birth: date | None, facts: dict[str, object]) -> Person:
    count = Count(
        id="1",
        citation=parse_citation("HS 11357(b)"),
        level=Level.MISDEMEANOR,
        offense_date=date(2012, 3, 1),
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 6, 1),
        facts=facts,
    )
    case = Case(
        id="C1", jurisdiction="US-CA", county="X", status=CaseStatus.CLOSED, counts=(count,)
    )
    return Person(id="W1", birth_date=birth, cases=(case,))


def test_every_age_agrees_before_the_statute_takes_effect() -> None:
    """Before 2016-11-09 every age band of HS 11357(b) gives relief from the effective date,
    so the missing birth date does not matter (it did, before worlds: needs_review)."""
    person = _ca_possession(None, {"flower_grams": 10, "public_safety_risk": False})
    (d,) = clearlaw.evaluate(CA, person, date(2016, 1, 1))
    assert (d.outcome, d.eligible_on, d.rule, d.missing) == (
        "not_eligible",
        date(2016, 11, 9),
        None,  # different age bands, different rules: no one rule decided it
        (),
    )
    assert d.reasons == (
        "the record does not say person.birth_date; every possible value gives this result",
    )
    assert d.explanation is not None
    assert d.explanation.label.endswith("decided for every possible value of person.birth_date")
    assert d.explanation.children[0].value == "needs_review, eligible unknown"
    for born in (date(1990, 1, 1), date(1994, 1, 1), date(1997, 1, 1)):  # 21+, 18-20, under 18
        (known,) = clearlaw.evaluate(
            CA, _ca_possession(born, {"flower_grams": 10}), date(2016, 1, 1)
        )
        assert (known.outcome, known.eligible_on) == (d.outcome, d.eligible_on)


def test_ages_that_disagree_stay_needs_review() -> None:
    (d,) = clearlaw.evaluate(CA, _ca_possession(None, {"flower_grams": 10}), date(2020, 1, 1))
    assert (d.outcome, d.missing) == ("needs_review", ("person.birth_date",))


def test_a_missing_boolean_that_cannot_change_the_answer() -> None:
    """NY: whether the felony sentence included supervision decides whether its end holds
    sealing back, but a sentence completed long before the Act's effective date gives the
    same answer either way."""
    person = Person(
        id="W2",
        birth_date=date(1970, 1, 1),
        cases=(
            Case(
                id="NY-1",
                jurisdiction="US-NY",
                status=CaseStatus.CLOSED,
                counts=(
                    Count(
                        id="1",
                        citation=parse_citation("PL 155.30"),
                        level=Level.FELONY,
                        offense_class="E",
                        offense_date=date(2001, 1, 1),
                        disposition=Disposition.CONVICTED,
                        disposition_date=date(2001, 6, 1),
                        sentence=Sentence(
                            imposed_date=date(2001, 6, 1),
                            incarcerated=True,
                            incarceration_release_date=date(2002, 1, 1),
                            supervised=None,
                            completion_date=date(2002, 1, 1),
                        ),
                    ),
                ),
            ),
        ),
    )
    (d,) = clearlaw.evaluate(NY, person, date(2020, 2, 29), explain=False)
    assert d.reasons[0] == (
        "the record does not say sentence.supervised, sentence.supervision_end_date; "
        "every possible value gives this result"
    )
    assert (d.outcome, d.eligible_on) == ("not_eligible", date(2024, 11, 16))


def test_a_missing_date_is_not_enumerated() -> None:
    count = ny_count("1", date(2023, 1, 1), released=date(2023, 6, 1))
    count = Count(
        count.id,
        count.citation,
        level=count.level,
        offense_class="A",
        disposition=Disposition.CONVICTED,
        disposition_date=None,
        sentence=Sentence(imposed_date=None, incarcerated=False, supervised=False),
    )
    (d,) = clearlaw.evaluate(NY, person(("C1", count)), date(2026, 11, 23), explain=False)
    assert d.outcome == "needs_review" and "worlds" not in " ".join(d.reasons)
    assert not d.reasons[0].endswith("every possible value gives this result")


def test_a_node_compiled_twice_shares_its_closure() -> None:
    """A condition's residual (what is left once its citation and level tests are known true)
    reuses the closures of the full condition: a collection in a rule gets one per-person
    cache and one prejudged `where`, not one per compilation."""
    from clearlaw.compile import _Compiler

    policy = clearlaw.load("statutes/ca/policies/bear-default.law")
    compiler = _Compiler(policy.checked, traced=False)
    rule = next(d for d in policy.checked.order if d.name == "only_cannabis")
    assert compiler.expr(rule.when) is compiler.expr(rule.when)
    # the scope, each decision, and the one `where` a field decides (only_cannabis's)
    assert len(policy.fast.prejudgeable) == 1 + len(policy.checked.order) + 1
