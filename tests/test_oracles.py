"""Hand-worked cases pinning the reference oracles (tests/oracles), plus a smoke run of the
record strategies (tests/strategies.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from hypothesis import given, settings
from oracles import NEEDS_REVIEW, OracleResult, ca_prop64, ny_clean_slate
from strategies import ca_people, ny_people

from clearlaw.citations import parse_citation
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    FactValue,
    Level,
    Person,
    Registration,
    Sentence,
)

D = date
NEVER = OracleResult("not_eligible", "never")
NY_CONVICTED_ON = D(2022, 3, 10)
BIRTH = D(1980, 6, 15)
CA_OFFENSE = D(2012, 5, 1)
CA_CONVICTED_ON = D(2012, 8, 1)


# --- New York --------------------------------------------------------------------------------


def ny_count(
    count_id: str = "1",
    citation: str | None = "PL 155.25",
    level: Level | None = Level.MISDEMEANOR,
    offense_class: str | None = "A",
    disposition: Disposition | None = Disposition.CONVICTED,
    convicted_on: date | None = NY_CONVICTED_ON,
    sentence: Sentence | None = None,
) -> Count:
    if sentence is None:
        sentence = Sentence(imposed_date=convicted_on, incarcerated=False, supervised=False)
    return Count(
        id=count_id,
        citation=None if citation is None else parse_citation(citation),
        level=level,
        offense_class=offense_class,
        disposition=disposition,
        disposition_date=convicted_on,
        sentence=sentence,
    )


def jailed(imposed: date, released: date | None) -> Sentence:
    return Sentence(
        imposed_date=imposed,
        incarcerated=True,
        incarceration_release_date=released,
        supervised=False,
    )


def ny_case(
    case_id: str,
    *counts: Count,
    jurisdiction: str | None = "US-NY",
    status: CaseStatus | None = CaseStatus.CLOSED,
) -> Case:
    return Case(id=case_id, jurisdiction=jurisdiction, status=status, counts=counts)


def person(
    *cases: Case, birth: date | None = BIRTH, registrations: tuple[Registration, ...] = ()
) -> Person:
    return Person("P", birth_date=birth, cases=cases, registrations=registrations)


def ny(p: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    return ny_clean_slate.decide(p, as_of)


def test_ny_misdemeanor_third_anniversary_of_sentence() -> None:
    p = person(ny_case("A", ny_count(convicted_on=D(2022, 3, 10))))
    assert ny(p, D(2025, 3, 9)) == {("A", "1"): OracleResult("not_eligible", D(2025, 3, 10))}
    assert ny(p, D(2025, 3, 10)) == {("A", "1"): OracleResult("seal", D(2025, 3, 10))}
    assert ny(p, D(2025, 3, 11)) == {("A", "1"): OracleResult("seal", D(2025, 3, 10))}


def test_ny_waits_for_the_effective_date() -> None:
    # 2020-02-29 + 3 years = 2023-03-01 (roll forward), before the act took effect.
    count = ny_count(convicted_on=D(2019, 12, 1), sentence=jailed(D(2019, 12, 1), D(2020, 2, 29)))
    p = person(ny_case("A", count))
    assert ny(p, D(2024, 11, 15)) == {("A", "1"): OracleResult("not_eligible", D(2024, 11, 16))}
    assert ny(p, D(2024, 11, 16)) == {("A", "1"): OracleResult("seal", D(2024, 11, 16))}


def test_ny_feb_29_release_rolls_forward() -> None:
    count = ny_count(convicted_on=D(2023, 6, 1), sentence=jailed(D(2023, 6, 1), D(2024, 2, 29)))
    p = person(ny_case("A", count))
    assert ny(p, D(2027, 2, 28)) == {("A", "1"): OracleResult("not_eligible", D(2027, 3, 1))}
    assert ny(p, D(2027, 3, 1)) == {("A", "1"): OracleResult("seal", D(2027, 3, 1))}


def test_ny_later_felony_restarts_the_clock() -> None:
    misdemeanor = ny_count(convicted_on=D(2018, 1, 1))
    felony = ny_count(
        citation="PL 140.20",
        level=Level.FELONY,
        offense_class="D",
        convicted_on=D(2019, 6, 1),
        sentence=jailed(D(2019, 6, 1), D(2021, 6, 1)),
    )
    p = person(ny_case("A", misdemeanor), ny_case("B", felony))
    expected = OracleResult("not_eligible", D(2029, 6, 1))  # 8 years after the felony's release
    assert ny(p, D(2026, 1, 1)) == {("A", "1"): expected, ("B", "1"): expected}
    sealed = OracleResult("seal", D(2029, 6, 1))
    assert ny(p, D(2029, 6, 1)) == {("A", "1"): sealed, ("B", "1"): sealed}


def test_ny_earlier_conviction_does_not_delay_a_later_one() -> None:
    older_felony = ny_count(
        citation="PL 140.20",
        level=Level.FELONY,
        offense_class="D",
        convicted_on=D(2019, 6, 1),
        sentence=jailed(D(2019, 6, 1), D(2021, 6, 1)),
    )
    misdemeanor = ny_count(convicted_on=D(2022, 1, 1))
    p = person(ny_case("A", older_felony), ny_case("B", misdemeanor))
    result = ny(p, D(2026, 1, 1))
    assert result[("B", "1")] == OracleResult("seal", D(2025, 1, 1))
    # ... but the misdemeanor restarts the felony's clock: max(2029-06-01, 2025-01-01).
    assert result[("A", "1")] == OracleResult("not_eligible", D(2029, 6, 1))


def test_ny_pending_case_blocks() -> None:
    pending = ny_count(disposition=Disposition.PENDING, convicted_on=None, sentence=Sentence())
    p = person(
        ny_case("A", ny_count(convicted_on=D(2018, 1, 1))),
        ny_case("B", pending, status=CaseStatus.OPEN),
    )
    # The pending count is not a conviction: out of scope.
    assert ny(p, D(2026, 1, 1)) == {("A", "1"): OracleResult("not_eligible", "unknown")}


def test_ny_pending_case_elsewhere_does_not_block() -> None:
    pending = ny_count(disposition=Disposition.PENDING, convicted_on=None, sentence=Sentence())
    p = person(
        ny_case("A", ny_count(convicted_on=D(2018, 1, 1))),
        ny_case("B", pending, status=CaseStatus.OPEN, jurisdiction="US-NJ"),
    )
    assert ny(p, D(2026, 1, 1)) == {("A", "1"): OracleResult("seal", D(2024, 11, 16))}


def test_ny_unknown_pending_status() -> None:
    other = ny_count("2", disposition=Disposition.UNKNOWN, convicted_on=None, sentence=Sentence())
    p = person(ny_case("A", ny_count(convicted_on=D(2018, 1, 1))), ny_case("B", other))
    result = ny(p, D(2026, 1, 1))
    assert result == {("A", "1"): NEEDS_REVIEW, ("B", "2"): NEEDS_REVIEW}
    # ... but a sex offense is never sealed, pending or not.
    p = person(ny_case("A", ny_count(citation="PL 130.20")), ny_case("B", other))
    assert ny(p, D(2026, 1, 1))[("A", "1")] == NEVER


def test_ny_supervision_until_a_future_date() -> None:
    sentence = Sentence(
        imposed_date=D(2020, 1, 1),
        incarcerated=False,
        supervised=True,
        supervision_end_date=D(2030, 5, 5),
    )
    p = person(ny_case("A", ny_count(convicted_on=D(2020, 1, 1), sentence=sentence)))
    assert ny(p, D(2026, 1, 1)) == {("A", "1"): OracleResult("not_eligible", D(2030, 5, 5))}
    assert ny(p, D(2030, 5, 5)) == {("A", "1"): OracleResult("seal", D(2030, 5, 5))}


def test_ny_sex_offense_is_never_sealed() -> None:
    p = person(ny_case("A", ny_count(citation="PL 130.20", convicted_on=D(2010, 1, 1))))
    assert ny(p, D(2030, 1, 1)) == {("A", "1"): NEVER}
    p = person(ny_case("A", ny_count(citation="PL 230.30(2)", level=Level.FELONY)))
    assert ny(p, D(2040, 1, 1)) == {("A", "1"): NEVER}


def test_ny_class_a_felony_except_article_220() -> None:
    sentence = jailed(D(2005, 1, 1), D(2015, 1, 1))
    murder = ny_count(
        citation="PL 125.27",
        level=Level.FELONY,
        offense_class="A-I",
        convicted_on=D(2005, 1, 1),
        sentence=sentence,
    )
    drugs = ny_count(
        citation="PL 220.43",
        level=Level.FELONY,
        offense_class="A-I",
        convicted_on=D(2005, 1, 1),
        sentence=sentence,
    )
    assert ny(person(ny_case("A", murder)), D(2030, 1, 1)) == {("A", "1"): NEVER}
    assert ny(person(ny_case("A", drugs)), D(2030, 1, 1)) == {
        ("A", "1"): OracleResult("seal", D(2024, 11, 16))
    }
    # Unknown class: it matters for murder, not for a misdemeanor.
    unknown_class = ny_count(citation="PL 125.27", level=Level.FELONY, offense_class=None)
    assert ny(person(ny_case("A", unknown_class)), D(2035, 1, 1)) == {("A", "1"): NEEDS_REVIEW}
    misdemeanor = ny_count(offense_class=None)
    assert ny(person(ny_case("A", misdemeanor)), D(2026, 1, 1)) == {
        ("A", "1"): OracleResult("seal", D(2025, 3, 10))
    }


def test_ny_unknown_release_date() -> None:
    count = ny_count(sentence=jailed(D(2019, 1, 1), None))
    assert ny(person(ny_case("A", count)), D(2030, 1, 1)) == {("A", "1"): NEEDS_REVIEW}
    # Irrelevant when a permanent bar applies.
    count = ny_count(citation="PL 263.11", sentence=jailed(D(2019, 1, 1), None))
    assert ny(person(ny_case("A", count)), D(2030, 1, 1)) == {("A", "1"): NEVER}


def test_ny_unknown_incarceration_with_agreeing_dates() -> None:
    sentence = Sentence(
        imposed_date=D(2022, 3, 10), incarceration_release_date=D(2022, 3, 10), supervised=False
    )
    count = ny_count(sentence=sentence)
    assert ny(person(ny_case("A", count)), D(2026, 1, 1)) == {
        ("A", "1"): OracleResult("seal", D(2025, 3, 10))
    }


def test_ny_scope() -> None:
    p = person(
        ny_case("A", ny_count(), jurisdiction="US-NJ"),
        ny_case("B", ny_count(disposition=Disposition.DISMISSED)),
        ny_case("C", ny_count(), jurisdiction=None),
        ny_case("D", ny_count(level=Level.VIOLATION, citation="PL 240.20")),
        ny_case("E", ny_count(level=Level.INFRACTION, citation="VTL 1192(1)")),
    )
    assert ny(p, D(2026, 1, 1)) == {
        ("C", "1"): NEEDS_REVIEW,
        ("D", "1"): NEVER,  # a violation: no relief rule
        ("E", "1"): OracleResult("seal", D(2025, 3, 10)),  # 160.57(1)(a)
    }


# --- California ------------------------------------------------------------------------------


def ca_count(
    count_id: str = "1",
    citation: str | None = "HS 11357(b)",
    level: Level | None = Level.MISDEMEANOR,
    offense_date: date | None = CA_OFFENSE,
    convicted_on: date | None = CA_CONVICTED_ON,
    disposition: Disposition | None = Disposition.CONVICTED,
    facts: Mapping[str, FactValue] | None = None,
) -> Count:
    return Count(
        id=count_id,
        citation=None if citation is None else parse_citation(citation),
        level=level,
        offense_date=offense_date,
        disposition=disposition,
        disposition_date=convicted_on,
        facts=dict(facts or {}),
    )


def ca_case(case_id: str, *counts: Count, jurisdiction: str | None = "US-CA") -> Case:
    return Case(id=case_id, jurisdiction=jurisdiction, status=CaseStatus.CLOSED, counts=counts)


def ca(p: Person) -> dict[tuple[str, str], OracleResult]:
    return ca_prop64.decide(p, D(2025, 1, 1))


AUMA = D(2016, 11, 9)
DISMISS = OracleResult("dismiss_and_seal", AUMA)
TO_INFRACTION = OracleResult("redesignate_infraction", AUMA)
TO_MISDEMEANOR = OracleResult("redesignate_misdemeanor", AUMA)
NO_AGGRAVATORS: dict[str, FactValue] = {
    "sold_to_minor": False,
    "hired_minor": False,
    "environmental_violation": False,
    "imported_over_limit": False,
    "for_sale": True,
}


def test_ca_possession_by_age() -> None:
    # Born 1992-02-29: 21 on 2013-03-01 (roll forward), 20 on 2013-02-28.
    at_21 = person(ca_case("A", ca_count(offense_date=D(2013, 3, 1))), birth=D(1992, 2, 29))
    at_20 = person(ca_case("A", ca_count(offense_date=D(2013, 2, 28))), birth=D(1992, 2, 29))
    assert ca(at_21) == {("A", "1"): DISMISS}
    assert ca(at_20) == {("A", "1"): TO_INFRACTION}
    # Already an infraction: nothing to redesignate.
    at_20_infraction = person(
        ca_case("A", ca_count(level=Level.INFRACTION, offense_date=D(2013, 2, 28))),
        birth=D(1992, 2, 29),
    )
    assert ca(at_20_infraction) == {("A", "1"): NEVER}


def test_ca_possession_quantities_and_school() -> None:
    # Pre-AUMA 11357(a) (concentrate), adult: by the quantities.
    small = ca_count(citation="HS 11357(a)", level=Level.FELONY, facts={"flower_grams": 0})
    assert ca(person(ca_case("A", small))) == {("A", "1"): NEEDS_REVIEW}  # concentrate unknown
    small = ca_count(
        citation="HS 11357(a)",
        level=Level.FELONY,
        facts={"flower_grams": 0, "concentrate_grams": 8},
    )
    assert ca(person(ca_case("A", small))) == {("A", "1"): DISMISS}
    big = ca_count(
        citation="HS 11357(a)",
        level=Level.FELONY,
        facts={"flower_grams": 0, "concentrate_grams": 8.1},
    )
    assert ca(person(ca_case("A", big))) == {("A", "1"): TO_MISDEMEANOR}
    over = ca_count(citation="HS 11357(c)", level=Level.MISDEMEANOR)
    assert ca(person(ca_case("A", over))) == {("A", "1"): NEVER}
    school = ca_count(citation="HS 11357(d)")
    assert ca(person(ca_case("A", school), birth=None)) == {("A", "1"): NEVER}


def test_ca_post_auma_offense() -> None:
    after = ca_count(citation="HS 11359", level=Level.FELONY, offense_date=AUMA)
    assert ca(person(ca_case("A", after))) == {("A", "1"): NEVER}
    before = ca_count(
        citation="HS 11359", level=Level.FELONY, offense_date=D(2016, 11, 8), facts=NO_AGGRAVATORS
    )
    assert ca(person(ca_case("A", before))) == {("A", "1"): TO_MISDEMEANOR}


def test_ca_possession_for_sale_with_superstrike_prior() -> None:
    prior = ca_count("1", citation="PC 187", level=Level.FELONY, convicted_on=D(2001, 1, 1))
    sale = ca_count("1", citation="HS 11359", level=Level.FELONY, facts=NO_AGGRAVATORS)
    assert ca(person(ca_case("A", prior), ca_case("B", sale))) == {("B", "1"): NEVER}
    # A later conviction is not a prior.
    later = ca_count("1", citation="PC 187", level=Level.FELONY, convicted_on=D(2014, 1, 1))
    assert ca(person(ca_case("A", later), ca_case("B", sale))) == {("B", "1"): TO_MISDEMEANOR}
    # A sex-offender registration before the conviction counts too.
    registered = person(
        ca_case("B", sale),
        registrations=(Registration("sex_offender", parse_citation("PC 290"), D(2005, 1, 1)),),
    )
    assert ca(registered) == {("B", "1"): NEVER}


def test_ca_unknown_aggravator() -> None:
    facts = {k: v for k, v in NO_AGGRAVATORS.items() if k != "sold_to_minor"}
    felony = ca_count(citation="HS 11359", level=Level.FELONY, facts=facts)
    assert ca(person(ca_case("A", felony))) == {("A", "1"): NEEDS_REVIEW}
    misdemeanor = ca_count(citation="HS 11359", level=Level.MISDEMEANOR, facts=facts)
    assert ca(person(ca_case("A", misdemeanor))) == {("A", "1"): NEVER}
    # hired_minor only matters at 21 or older.
    facts = {k: v for k, v in NO_AGGRAVATORS.items() if k != "hired_minor"}
    at_19 = ca_count(citation="HS 11359", level=Level.FELONY, facts=facts)
    assert ca(person(ca_case("A", at_19), birth=D(1993, 1, 1))) == {("A", "1"): TO_MISDEMEANOR}
    assert ca(person(ca_case("A", at_19), birth=D(1983, 1, 1))) == {("A", "1"): NEEDS_REVIEW}


def test_ca_unknown_age() -> None:
    # Adult or not, a felony 11359 without aggravators... differs by age: review.
    sale = ca_count(citation="HS 11359", level=Level.FELONY, facts=NO_AGGRAVATORS)
    assert ca(person(ca_case("A", sale), birth=None)) == {("A", "1"): NEEDS_REVIEW}
    # An infraction-level 11359 is not eligible at any age.
    petty = ca_count(citation="HS 11359", level=Level.INFRACTION, facts=NO_AGGRAVATORS)
    assert ca(person(ca_case("A", petty), birth=None)) == {("A", "1"): NEVER}


def test_ca_cultivation() -> None:
    few = ca_count(citation="HS 11358", level=Level.FELONY, facts={"plants": 6})
    assert ca(person(ca_case("A", few))) == {("A", "1"): DISMISS}
    many = {"plants": 7, "environmental_violation": False}
    p = person(ca_case("A", ca_count(citation="HS 11358(c)", level=Level.FELONY, facts=many)))
    assert ca(p) == {("A", "1"): TO_MISDEMEANOR}
    priors = [
        ca_count(str(i), citation="HS 11358", convicted_on=D(2005 + i, 1, 1), offense_date=None)
        for i in (1, 2)
    ]
    current = ca_count("9", citation="HS 11358(c)", level=Level.FELONY, facts=many)
    result = ca(person(ca_case("A", *priors), ca_case("B", current)))
    assert result[("B", "9")] == NEVER  # 11358(d)(2)
    assert result[("A", "1")] == NEEDS_REVIEW  # no offense date, no plant count


def test_ca_sale_or_transport() -> None:
    gift = ca_count(
        citation="HS 11360(a)", level=Level.FELONY, facts={"for_sale": False, "flower_grams": 10}
    )
    assert ca(person(ca_case("A", gift))) == {("A", "1"): DISMISS}
    facts = {**NO_AGGRAVATORS, "flower_grams": 10}
    sale = ca_count(citation="HS 11360(a)", level=Level.FELONY, facts=facts)
    assert ca(person(ca_case("A", sale))) == {("A", "1"): TO_MISDEMEANOR}
    imported = ca_count(
        citation="HS 11360(a)", level=Level.FELONY, facts={**facts, "imported_over_limit": True}
    )
    assert ca(person(ca_case("A", imported))) == {("A", "1"): NEVER}


def test_ca_scope() -> None:
    p = person(
        ca_case("A", ca_count(citation="HS 11350(a)")),
        ca_case("B", ca_count(), jurisdiction="US-NV"),
        ca_case("C", ca_count(disposition=Disposition.DISMISSED)),
        ca_case("D", ca_count(citation=None)),
    )
    assert ca(p) == {("D", "1"): NEEDS_REVIEW}


# --- strategies smoke run --------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(ny_people())
def test_ny_strategy_runs(pair: tuple[Person, date]) -> None:
    p, as_of = pair
    for result in ny_clean_slate.decide(p, as_of).values():
        assert result.outcome in {"seal", "not_eligible", "needs_review"}


@settings(max_examples=60, deadline=None)
@given(ca_people())
def test_ca_strategy_runs(pair: tuple[Person, date]) -> None:
    p, _ = pair
    for result in ca_prop64.decide(p, D(2025, 1, 1)).values():
        assert result.outcome in {
            "dismiss_and_seal",
            "redesignate_misdemeanor",
            "redesignate_infraction",
            "not_eligible",
            "needs_review",
        }
