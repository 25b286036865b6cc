"""Hand-worked cases pinning the reference oracles (tests/oracles), plus a smoke run of the
record strategies (tests/strategies.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import attrs
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
    offense_date: date | None = None,
    facts: Mapping[str, FactValue] | None = None,
) -> Count:
    if sentence is None:
        sentence = Sentence(imposed_date=convicted_on, incarcerated=False, supervised=False)
    return Count(
        id=count_id,
        citation=None if citation is None else parse_citation(citation),
        level=level,
        offense_class=offense_class,
        offense_date=offense_date,
        disposition=disposition,
        disposition_date=convicted_on,
        sentence=sentence,
        facts=dict(facts or {}),
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


def test_ny_later_felony_moves_the_start_of_the_clock() -> None:
    # INTERPRETATION (1): the misdemeanor's clock starts again at the felony's release
    # (2024-06-01) and the misdemeanor keeps its own three years: 2027-06-01.
    misdemeanor = ny_count(convicted_on=D(2022, 1, 1))
    felony = ny_count(
        citation="PL 140.20",
        level=Level.FELONY,
        offense_class="D",
        convicted_on=D(2023, 6, 1),
        sentence=jailed(D(2023, 6, 1), D(2024, 6, 1)),
    )
    p = person(ny_case("A", misdemeanor), ny_case("B", felony))
    assert ny(p, D(2026, 1, 1)) == {
        ("A", "1"): OracleResult("not_eligible", D(2027, 6, 1)),
        ("B", "1"): OracleResult("not_eligible", D(2032, 6, 1)),
    }
    assert ny(p, D(2027, 6, 1))[("A", "1")] == OracleResult("seal", D(2027, 6, 1))
    # Convicted before the Act took effect, when the misdemeanor's own three years (to
    # 2021-01-01) had run but it was not sealed yet (INTERPRETATION (2)): the restart gives
    # 2021-06-01 + 3 years, still before the effective date.
    old = ny_count(convicted_on=D(2018, 1, 1))
    felony = ny_count(
        citation="PL 140.20",
        level=Level.FELONY,
        offense_class="D",
        convicted_on=D(2019, 6, 1),
        sentence=jailed(D(2019, 6, 1), D(2021, 6, 1)),
    )
    p = person(ny_case("A", old), ny_case("B", felony))
    assert ny(p, D(2026, 1, 1)) == {
        ("A", "1"): OracleResult("seal", D(2024, 11, 16)),
        ("B", "1"): OracleResult("not_eligible", D(2029, 6, 1)),
    }


def test_ny_later_misdemeanor_moves_an_earlier_felony_clock() -> None:
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
    # An earlier conviction does not delay a later one.
    assert result[("B", "1")] == OracleResult("seal", D(2025, 1, 1))
    # The felony's clock starts again at the misdemeanor's sentence and runs its own eight
    # years: 2022-01-01 + 8 years.
    assert result[("A", "1")] == OracleResult("not_eligible", D(2030, 1, 1))


def test_ny_restarts_chain_in_date_order() -> None:
    first = ny_count(convicted_on=D(2021, 6, 1), sentence=jailed(D(2021, 6, 1), D(2022, 1, 1)))
    second = ny_count(convicted_on=D(2024, 12, 1))  # before 2025-01-01: moves it to 2027-12-01
    third = ny_count(convicted_on=D(2027, 6, 1))  # before 2027-12-01: moves it to 2030-06-01
    p = person(ny_case("A", first), ny_case("B", second), ny_case("C", third))
    assert ny(p, D(2026, 11, 23))[("A", "1")] == OracleResult("not_eligible", D(2030, 6, 1))
    # Without the second, the third comes after the first's period had run out (2025-01-01).
    p = person(ny_case("A", first), ny_case("C", third))
    assert ny(p, D(2026, 11, 23))[("A", "1")] == OracleResult("seal", D(2025, 1, 1))


def test_ny_only_new_york_convictions_of_crimes_restart() -> None:
    first = ny_count(convicted_on=D(2021, 1, 1))
    elsewhere = ny_count(citation="PL 140.20", level=Level.FELONY, convicted_on=D(2023, 1, 1))
    violation = ny_count(citation="PL 240.20", level=Level.VIOLATION, convicted_on=D(2023, 1, 1))
    p = person(
        ny_case("A", first), ny_case("B", elsewhere, jurisdiction="US-NJ"), ny_case("C", violation)
    )
    assert ny(p, D(2026, 11, 23)) == {("A", "1"): OracleResult("seal", D(2024, 11, 16))}


def test_ny_pending_case_blocks() -> None:
    pending = ny_count(
        disposition=Disposition.PENDING,
        convicted_on=None,
        sentence=Sentence(),
        offense_date=D(2025, 6, 1),
    )
    p = person(
        ny_case("A", ny_count(convicted_on=D(2018, 1, 1))),
        ny_case("B", pending, status=CaseStatus.OPEN),
    )
    # The pending count is not a conviction: out of scope.
    assert ny(p, D(2026, 1, 1)) == {("A", "1"): OracleResult("not_eligible", "unknown")}
    # A charge for an offense committed on or before the day of this conviction is not
    # "subsequent".
    for offense in (D(2018, 1, 1), D(2017, 12, 31)):
        earlier = attrs.evolve(pending, offense_date=offense)
        p = person(
            ny_case("A", ny_count(convicted_on=D(2018, 1, 1))),
            ny_case("B", earlier, status=CaseStatus.OPEN),
        )
        assert ny(p, D(2026, 1, 1)) == {("A", "1"): OracleResult("seal", D(2024, 11, 16))}
    # A conviction in an open case counts as a pending charge; a never-sealable one stays never.
    in_open_case = ny_count("2", convicted_on=D(2025, 7, 1), offense_date=D(2025, 6, 1))
    p = person(
        ny_case("A", ny_count(convicted_on=D(2018, 1, 1))),
        ny_case("B", in_open_case, status=CaseStatus.OPEN),
        ny_case("C", ny_count(citation="PL 130.20", convicted_on=D(2018, 1, 1))),
    )
    result = ny(p, D(2026, 1, 1))
    assert result[("A", "1")] == OracleResult("not_eligible", "unknown")
    assert result[("C", "1")] == NEVER


def test_ny_pending_case_elsewhere_does_not_block() -> None:
    pending = ny_count(
        disposition=Disposition.PENDING,
        convicted_on=None,
        sentence=Sentence(),
        offense_date=D(2025, 6, 1),
    )
    p = person(
        ny_case("A", ny_count(convicted_on=D(2018, 1, 1))),
        ny_case("B", pending, status=CaseStatus.OPEN, jurisdiction="US-NJ"),
    )
    assert ny(p, D(2026, 1, 1)) == {("A", "1"): OracleResult("seal", D(2024, 11, 16))}


def test_ny_unknown_pending_status() -> None:
    other = ny_count(
        "2",
        disposition=Disposition.UNKNOWN,
        convicted_on=None,
        sentence=Sentence(),
        offense_date=D(2025, 6, 1),
    )
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


def test_ny_dwai() -> None:
    # 160.57(1)(a): three years from the conviction, not held back by (b)(iii) or (b)(iv).
    supervised = Sentence(
        imposed_date=D(2023, 1, 5),
        incarcerated=False,
        supervised=True,
        supervision_end_date=D(2030, 1, 1),
    )
    dwai = ny_count(
        citation="VTL 1192(1)",
        level=Level.INFRACTION,
        convicted_on=D(2023, 1, 5),
        sentence=supervised,
    )
    pending = ny_count(
        disposition=Disposition.PENDING,
        convicted_on=None,
        sentence=Sentence(),
        offense_date=D(2025, 1, 1),
    )
    p = person(ny_case("A", dwai), ny_case("B", pending, status=CaseStatus.OPEN))
    assert ny(p, D(2026, 1, 4)) == {("A", "1"): OracleResult("not_eligible", D(2026, 1, 5))}
    assert ny(p, D(2026, 1, 5)) == {("A", "1"): OracleResult("seal", D(2026, 1, 5))}
    # Recorded as a misdemeanor it is a crime: paragraph (b) applies, supervision included.
    as_crime = attrs.evolve(dwai, level=Level.MISDEMEANOR)
    p = person(ny_case("A", as_crime))
    assert ny(p, D(2026, 1, 5)) == {("A", "1"): OracleResult("not_eligible", D(2030, 1, 1))}
    # An old DWAI: not before the Act took effect.
    old = ny_count(citation="VTL 1192(1)", level=Level.INFRACTION, convicted_on=D(2015, 1, 1))
    assert ny(person(ny_case("A", old)), D(2024, 11, 15)) == {
        ("A", "1"): OracleResult("not_eligible", D(2024, 11, 16))
    }
    # Unknown level: a DWAI either way, but the paths differ.
    unknown = attrs.evolve(dwai, level=None, sentence=Sentence(D(2023, 1, 5), False))
    assert ny(person(ny_case("A", unknown)), D(2026, 1, 5)) == {("A", "1"): NEEDS_REVIEW}


def test_ny_sex_offenses_that_depend_on_the_victim() -> None:
    def decide(citation: str, others: tuple[Count, ...] = (), **facts: FactValue) -> object:
        count = ny_count("9", citation=citation, convicted_on=D(2015, 1, 1), facts=facts)
        return ny(person(ny_case("A", count, *others)), D(2026, 1, 1))[("A", "9")]

    sealed = OracleResult("seal", D(2024, 11, 16))
    # Kidnapping offenses: victim under 17 and the offender not a parent.
    assert decide("PL 135.05", victim_age=16, offender_is_parent=False) == NEVER
    assert decide("PL 135.05", victim_age=16, offender_is_parent=True) == sealed
    assert decide("PL 135.05", victim_age=17, offender_is_parent=False) == sealed
    assert decide("PL 135.05", victim_age=16) == NEEDS_REVIEW
    assert decide("PL 135.05", victim_age=17) == sealed  # parenthood does not matter
    assert decide("PL 135.30", victim_age=10, offender_is_parent=False) == sealed  # not listed
    # Forcible touching: victim under 18, or an earlier sex offense conviction.
    assert decide("PL 130.52", victim_age=17) == NEVER
    assert decide("PL 130.55", victim_age=18) == sealed
    assert decide("PL 130.52") == NEEDS_REVIEW
    earlier = ny_count("1", citation="PL 130.20", convicted_on=D(2014, 12, 31))
    same_day = ny_count("1", citation="PL 130.20", convicted_on=D(2015, 1, 1))
    assert decide("PL 130.52", (earlier,), victim_age=30) == NEVER
    assert decide("PL 130.52", (same_day,), victim_age=30) == sealed
    # Patronizing / promoting prostitution of a person under 17.
    assert decide("PL 230.04", victim_age=16) == NEVER
    assert decide("PL 230.25", victim_age=17) == sealed


def test_ny_scope() -> None:
    p = person(
        ny_case("A", ny_count(), jurisdiction="US-NJ"),
        ny_case("B", ny_count(disposition=Disposition.DISMISSED)),
        ny_case("C", ny_count(), jurisdiction=None),
        ny_case("D", ny_count(level=Level.VIOLATION, citation="PL 240.20")),
        ny_case("E", ny_count(level=Level.INFRACTION, citation="VTL 1192(1)")),
    )
    # A violation is not a crime: out of scope (D).  VTL 1192(1) is in scope at any level (E).
    assert ny(p, D(2026, 1, 1)) == {
        ("C", "1"): NEEDS_REVIEW,
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
    # concentrate unknown: presumed within the limit (HS 11361.8(b), (f))
    assert ca(person(ca_case("A", small))) == {("A", "1"): DISMISS}
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
    # unknown: presumed absent (HS 11361.8(b), (f)); on record, it decides
    assert ca(person(ca_case("A", felony))) == {("A", "1"): TO_MISDEMEANOR}
    sold = ca_count(citation="HS 11359", level=Level.FELONY, facts={**facts, "sold_to_minor": True})
    assert ca(person(ca_case("A", sold))) == {("A", "1"): NEVER}
    misdemeanor = ca_count(citation="HS 11359", level=Level.MISDEMEANOR, facts=facts)
    assert ca(person(ca_case("A", misdemeanor))) == {("A", "1"): NEVER}
    # hired_minor only matters at 21 or older.
    facts = {k: v for k, v in NO_AGGRAVATORS.items() if k != "hired_minor"}
    at_19 = ca_count(citation="HS 11359", level=Level.FELONY, facts=facts)
    assert ca(person(ca_case("A", at_19), birth=D(1993, 1, 1))) == {("A", "1"): TO_MISDEMEANOR}
    assert ca(person(ca_case("A", at_19), birth=D(1983, 1, 1))) == {("A", "1"): TO_MISDEMEANOR}


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
    facts = {**NO_AGGRAVATORS, "flower_grams": 10, "sale_conduct": True}
    sale = ca_count(citation="HS 11360(a)", level=Level.FELONY, facts=facts)
    assert ca(person(ca_case("A", sale))) == {("A", "1"): TO_MISDEMEANOR}
    # 11360(b): transporting for sale 28.5 g or less of cannabis other than concentrate.
    transport = attrs.evolve(sale, facts={**facts, "sale_conduct": False})
    assert ca(person(ca_case("A", transport))) == {("A", "1"): TO_INFRACTION}
    with_concentrate = attrs.evolve(
        sale, facts={**facts, "sale_conduct": False, "concentrate_grams": 1}
    )
    assert ca(person(ca_case("A", with_concentrate))) == {("A", "1"): TO_MISDEMEANOR}
    # 11362.1(a)(1): a gift is lawful only to a person 21 or older; else 11360(b).
    to_young = attrs.evolve(gift, facts={**gift.facts, "recipient_under_21": True})
    assert ca(person(ca_case("A", to_young))) == {("A", "1"): TO_INFRACTION}
    imported = ca_count(
        citation="HS 11360(a)", level=Level.FELONY, facts={**facts, "imported_over_limit": True}
    )
    assert ca(person(ca_case("A", imported))) == {("A", "1"): NEVER}


def test_ca_before_the_effective_date() -> None:
    # Relief rules give their outcome from 2016-11-09; before that, not eligible until then.
    p = person(ca_case("A", ca_count()))
    assert ca_prop64.decide(p, D(2016, 11, 8)) == {("A", "1"): OracleResult("not_eligible", AUMA)}
    assert ca_prop64.decide(p, AUMA) == {("A", "1"): DISMISS}
    # No relief stays "never".
    p = person(ca_case("A", ca_count(citation="HS 11357(d)")))
    assert ca_prop64.decide(p, D(2015, 1, 1)) == {("A", "1"): NEVER}
    # Relief in every world, of different kinds: not eligible until 2016-11-09 either way.
    unknown_age = person(ca_case("A", ca_count(level=Level.FELONY)), birth=None)
    assert ca_prop64.decide(unknown_age, D(2016, 1, 1)) == {
        ("A", "1"): OracleResult("not_eligible", AUMA)
    }
    assert ca(unknown_age) == {("A", "1"): NEEDS_REVIEW}


def test_ca_former_11357_letters() -> None:
    # (a) concentrate: only the concentrate decides, whatever the flower amount.
    a = ca_count(
        citation="HS 11357(a)",
        level=Level.FELONY,
        facts={"flower_grams": 1000, "concentrate_grams": 8},
    )
    assert ca(person(ca_case("A", a))) == {("A", "1"): DISMISS}
    # (b) within, (c) over the limits, whatever the amounts on record.
    b = ca_count(citation="HS 11357(b)", level=Level.FELONY, facts={"flower_grams": 1000})
    assert ca(person(ca_case("A", b))) == {("A", "1"): DISMISS}
    c = ca_count(citation="HS 11357(c)", level=Level.FELONY, facts={"flower_grams": 1})
    assert ca(person(ca_case("A", c))) == {("A", "1"): TO_MISDEMEANOR}
    # No letter: both amounts within the limits.
    within = {"flower_grams": 28.5, "concentrate_grams": 8}
    plain = ca_count(citation="HS 11357", level=Level.FELONY, facts=within)
    assert ca(person(ca_case("A", plain))) == {("A", "1"): DISMISS}
    over = ca_count(citation="HS 11357", level=Level.FELONY, facts={**within, "flower_grams": 28.6})
    assert ca(person(ca_case("A", over))) == {("A", "1"): TO_MISDEMEANOR}
    only_flower = ca_count(citation="HS 11357", level=Level.FELONY, facts={"flower_grams": 1})
    assert ca(person(ca_case("A", only_flower))) == {("A", "1"): DISMISS}  # presumed within
    # (d) adult on school grounds: no relief at any age; (e) minor on school grounds: an
    # infraction, if it was more than one.
    for birth in (BIRTH, D(1996, 1, 1), None):
        d = ca_count(citation="HS 11357(d)", level=Level.MISDEMEANOR)
        assert ca(person(ca_case("A", d), birth=birth)) == {("A", "1"): NEVER}
        e = ca_count(citation="HS 11357(e)", level=Level.MISDEMEANOR)
        assert ca(person(ca_case("A", e), birth=birth)) == {("A", "1"): TO_INFRACTION}
    e = ca_count(citation="HS 11357(e)", level=Level.INFRACTION)
    assert ca(person(ca_case("A", e))) == {("A", "1"): NEVER}


def test_ca_transport_lawful_wins_over_priors_not_over_a_minor() -> None:
    facts = {"for_sale": False, "flower_grams": 28.5, "sold_to_minor": False}
    prior = ca_count("1", citation="PC 664/187", level=Level.FELONY, convicted_on=D(2001, 1, 1))
    gift = ca_count("2", citation="HS 11360(a)", level=Level.FELONY, facts=facts)
    assert ca(person(ca_case("A", prior, gift)))[("A", "2")] == DISMISS
    # A gift to a minor stays a felony (11360(a)(3)(C)).
    to_minor = attrs.evolve(gift, facts={**facts, "sold_to_minor": True})
    assert ca(person(ca_case("A", prior, to_minor)))[("A", "2")] == NEVER
    # Over 28.5 g, the priors decide (an attempted homicide is a super strike).
    heavy = attrs.evolve(gift, facts={**facts, "flower_grams": 28.6})
    assert ca(person(ca_case("A", prior, heavy)))[("A", "2")] == NEVER
    # Under 21 a gift is not lawful: 18 to 20, an infraction under 11360(b).
    young = attrs.evolve(gift, facts={**facts, "imported_over_limit": False})
    assert ca(person(ca_case("A", young), birth=D(1992, 1, 1))) == {("A", "2"): TO_INFRACTION}


def test_ca_still_serving_and_a_public_safety_finding() -> None:
    # 11361.8(b): only a person serving when the Act took effect or later can be refused for
    # public safety, and only until the sentence is completed (11361.8(e)).
    risk = {"public_safety_risk": True}
    serving = attrs.evolve(
        ca_count(facts=risk),
        sentence=Sentence(supervised=True, supervision_end_date=D(2026, 1, 1)),
    )
    assert ca(person(ca_case("A", serving))) == {
        ("A", "1"): OracleResult("not_eligible", D(2026, 1, 1))
    }
    served = attrs.evolve(
        serving, sentence=Sentence(supervised=True, supervision_end_date=D(2020, 3, 1))
    )
    assert ca(person(ca_case("A", served))) == {
        ("A", "1"): OracleResult("dismiss_and_seal", D(2020, 3, 1))
    }
    done = attrs.evolve(
        serving,
        sentence=Sentence(incarcerated=False, supervised=True, supervision_end_date=D(2014, 1, 1)),
    )
    assert ca(person(ca_case("A", done))) == {("A", "1"): DISMISS}
    # not on record whether the sentence still runs: the finding decides nothing yet
    unknown = attrs.evolve(serving, sentence=Sentence(incarcerated=True))
    assert ca(person(ca_case("A", unknown))) == {("A", "1"): NEEDS_REVIEW}
    # no finding on record: presumed absent
    assert ca(person(ca_case("A", attrs.evolve(serving, facts={})))) == {("A", "1"): DISMISS}


def test_ca_attempts() -> None:
    # An attempt of a cannabis offense gets the offense's relief; of a super strike other than
    # a homicide it is no prior.
    attempt = ca_count("2", citation="664/11357(B) HS")
    assert ca(person(ca_case("A", attempt))) == {("A", "2"): DISMISS}
    sale = ca_count("9", citation="664-11359 HS", level=Level.FELONY, facts=NO_AGGRAVATORS)
    machinegun = ca_count(
        "1", citation="PC 664/245(d)(3)", level=Level.FELONY, convicted_on=D(2001, 1, 1)
    )
    assert ca(person(ca_case("A", machinegun, sale)))[("A", "9")] == TO_MISDEMEANOR
    lewd = attrs.evolve(machinegun, citation=parse_citation("PC 664/288(a)"))
    assert ca(person(ca_case("A", lewd, sale)))[("A", "9")] == NEVER  # 290(c)(1) attempts


def test_ca_priors() -> None:
    sale = ca_count("9", citation="HS 11359", level=Level.FELONY, facts=NO_AGGRAVATORS)

    def with_prior(
        citation: str,
        convicted_on: date,
        jurisdiction: str = "US-CA",
        level: Level | None = Level.FELONY,
    ) -> object:
        prior = ca_count("1", citation=citation, level=level, convicted_on=convicted_on)
        p = person(ca_case("A", prior, jurisdiction=jurisdiction), ca_case("B", sale))
        return ca(p)[("B", "9")]

    day = CA_CONVICTED_ON
    assert with_prior("PC 653f(b)", D(2010, 1, 1)) == NEVER  # super-strike list
    assert with_prior("PC 653f(a)", D(2010, 1, 1)) == TO_MISDEMEANOR  # not murder
    assert with_prior("PC 653f", D(2010, 1, 1)) == TO_MISDEMEANOR  # unlettered: not counted
    assert with_prior("PC 220", D(2010, 1, 1)) == NEVER  # PC 290(c) list
    assert with_prior("PC 261(a)(5)", D(2010, 1, 1)) == NEVER  # 290(c) names all of 261
    assert with_prior("PC 288.2", D(2010, 1, 1)) == NEVER  # a felony 288.2
    misdemeanor = with_prior("PC 288.2", D(2010, 1, 1), level=Level.MISDEMEANOR)
    assert misdemeanor == TO_MISDEMEANOR  # 290(c): "any felony violation of Section 288.2"
    assert with_prior("PC 288.2", D(2010, 1, 1), level=None) == NEEDS_REVIEW
    assert with_prior("PC 288(a)", D(2010, 1, 1), "US-NV") == NEVER  # any jurisdiction
    assert with_prior("PC 11418(b)", D(2010, 1, 1)) == TO_MISDEMEANOR  # not listed
    assert with_prior("PC 245(a)(1)", D(2010, 1, 1)) == TO_MISDEMEANOR  # not listed
    assert with_prior("PC 187", day) == TO_MISDEMEANOR  # same day: not before
    # A sex-offender registration dated before this conviction (not on the day).
    for when, expected in ((day - timedelta(days=1), NEVER), (day, TO_MISDEMEANOR)):
        registration = Registration("sex_offender", parse_citation("PC 290"), when)
        p = person(ca_case("B", sale), registrations=(registration,))
        assert ca(p) == {("B", "9"): expected}
    other_kind = Registration("arson", parse_citation("PC 457.1"), D(2001, 1, 1))
    assert ca(person(ca_case("B", sale), registrations=(other_kind,))) == {
        ("B", "9"): TO_MISDEMEANOR
    }
    # Two earlier convictions of the same section, any subdivision, any jurisdiction.
    priors = [
        ca_count(str(i), citation=f"HS 11359({x})", convicted_on=D(2005 + i, 1, 1))
        for i, x in ((1, "a"), (2, "b"))
    ]
    p = person(ca_case("A", *priors, jurisdiction="US-NV"), ca_case("B", sale))
    assert ca(p)[("B", "9")] == NEVER
    p = person(ca_case("A", priors[0]), ca_case("B", sale))
    assert ca(p)[("B", "9")] == TO_MISDEMEANOR


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
