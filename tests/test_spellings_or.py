"""Oregon: the same person written with each recognized spelling of each citation (ORS, O.R.S.,
Or. Rev. Stat. §, Or. Rev. Stat. Ann. §, Oregon Revised Statutes; a bare section in an Oregon
case) gets identical determinations; the rule that decides a count whose supervision ended is
not the supervision exception."""

from __future__ import annotations

from datetime import date

from spelling_tools import Spelling, section_text, spelling_test
from strategies_or import or_people

import clearlaw
from clearlaw.citations import Citation, parse_citation
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    Financial,
    Level,
    Person,
    Sentence,
)

OR = clearlaw.load("or/set-aside")
#: Court data, rap sheets and Bluebook (clearlaw/data/jurisdictions.toml); "{s}" is a bare
#: section, read as ORS in an Oregon case when it is chapter.section alone.
ORS = (
    "ORS {s}",
    "O.R.S. {s}",
    "Or. Rev. Stat. § {s}",
    "Or. Rev. Stat. Ann. § {s}",
    "Oregon Revised Statutes {s}",
    "{s}",
)


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        if citation.code != "ORS":
            return None
        bare_ok = jurisdiction == "US-OR" and not citation.inchoate and not citation.subdivisions
        template = ORS[k] if ORS[k] != "{s}" or bare_ok else "ORS {s}"
        return template.format(s=section_text(citation))

    return write


test_or_spellings_give_identical_determinations = spelling_test(
    or_people(), OR, [_spelling(k) for k in range(len(ORS))]
)


def _person(citation: str, sentence: Sentence) -> Person:
    count = Count(
        id="1",
        citation=parse_citation(citation, "US-OR"),
        level=Level.MISDEMEANOR,
        offense_class="A",
        disposition=Disposition.CONVICTED,
        disposition_date=date(2020, 1, 1),
        sentence=sentence,
        financial=Financial(restitution_ordered=False),
    )
    case = Case(id="C1", jurisdiction="US-OR", status=CaseStatus.CLOSED, counts=(count,))
    return Person(id="P-OR", birth_date=date(1980, 1, 1), cases=(case,))


def test_a_bare_vehicle_code_section_in_an_oregon_case_is_a_traffic_offense() -> None:
    person = _person(
        "813.010", Sentence(imposed_date=date(2020, 1, 1), incarcerated=False, supervised=False)
    )
    (d,) = clearlaw.evaluate(OR, person, date(2030, 1, 1), explain=False)
    assert (d.outcome, d.eligible_on, d.rule) == ("not_eligible", "never", "traffic_offense")


def test_supervision_that_ended_is_not_named_as_the_reason() -> None:
    """Supervision ended a year before the three-year period: the period decides, and the
    rule named is the Class A misdemeanor rule, never the supervision exception."""
    ended = Sentence(
        imposed_date=date(2020, 1, 1),
        incarcerated=False,
        supervised=True,
        supervision_end_date=date(2021, 1, 1),
        probation_revoked=False,
    )
    (before,) = clearlaw.evaluate(
        OR, _person("ORS 164.045", ended), date(2022, 6, 1), explain=False
    )
    assert (before.outcome, before.eligible_on) == ("not_eligible", date(2023, 1, 1))
    assert before.rule == "misdemeanor_class_a"
    (after,) = clearlaw.evaluate(OR, _person("ORS 164.045", ended), date(2023, 1, 1), explain=False)
    assert (after.outcome, after.rule) == ("set_aside", "misdemeanor_class_a")


def test_supervision_not_yet_ended_is_named_with_a_label_that_says_so() -> None:
    running = Sentence(
        imposed_date=date(2020, 1, 1),
        incarcerated=False,
        supervised=True,
        supervision_end_date=date(2025, 1, 1),
        probation_revoked=False,
    )
    (d,) = clearlaw.evaluate(OR, _person("ORS 164.045", running), date(2024, 6, 1), explain=True)
    assert (d.outcome, d.eligible_on, d.rule) == ("not_eligible", date(2025, 1, 1), "supervision")
    assert "held back by still under supervision for this conviction on the as-of date" in " ".join(
        d.reasons
    )
