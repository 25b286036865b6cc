"""Calendar arithmetic under the two legal conventions (clearlaw.dates)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearlaw.citations import parse_citation
from clearlaw.dates import (
    OUTSIDE_CALENDAR,
    DateConvention,
    DateOverflow,
    Duration,
    add,
    date,
    parse_date,
    subtract,
    whole_years_between,
)
from clearlaw.evaluate import evaluate
from clearlaw.library import list_statutes, load, load_tests
from clearlaw.records import Case, CaseStatus, Count, Disposition, Level, Person, Sentence

FORWARD = DateConvention.ROLL_FORWARD
BACK = DateConvention.ROLL_BACK


def test_feb_29_plus_one_year() -> None:
    assert add(date(2020, 2, 29), Duration(years=1), FORWARD) == date(2021, 3, 1)
    assert add(date(2020, 2, 29), Duration(years=1), BACK) == date(2021, 2, 28)
    # to a leap year, the anniversary exists under both
    assert add(date(2020, 2, 29), Duration(years=4), FORWARD) == date(2024, 2, 29)
    assert add(date(2020, 2, 29), Duration(years=4), BACK) == date(2024, 2, 29)


def test_jan_31_plus_one_month() -> None:
    assert add(date(2021, 1, 31), Duration(months=1), FORWARD) == date(2021, 3, 1)
    assert add(date(2021, 1, 31), Duration(months=1), BACK) == date(2021, 2, 28)
    assert add(date(2024, 1, 31), Duration(months=1), BACK) == date(2024, 2, 29)
    assert add(date(2021, 1, 31), Duration(months=2), FORWARD) == date(2021, 3, 31)


def test_years_and_months_first_then_days() -> None:
    assert add(date(2021, 1, 31), Duration(months=1, days=1), FORWARD) == date(2021, 3, 2)
    assert add(date(2021, 1, 31), Duration(months=1, days=1), BACK) == date(2021, 3, 1)
    assert add(date(2015, 6, 1), Duration(years=10), FORWARD) == date(2025, 6, 1)
    assert add(date(2015, 6, 1), Duration(days=0), BACK) == date(2015, 6, 1)


def test_whole_years_for_a_feb_29_birthday() -> None:
    born = date(2000, 2, 29)
    assert whole_years_between(born, date(2001, 2, 28), FORWARD) == 0
    assert whole_years_between(born, date(2001, 2, 28), BACK) == 1
    assert whole_years_between(born, date(2001, 3, 1), FORWARD) == 1
    assert whole_years_between(born, date(2001, 3, 1), BACK) == 1
    assert whole_years_between(born, date(2018, 2, 28), FORWARD) == 17
    assert whole_years_between(born, date(2018, 2, 28), BACK) == 18
    assert whole_years_between(born, date(2020, 2, 29), FORWARD) == 20
    assert whole_years_between(born, date(2020, 2, 28), BACK) == 19


def test_whole_years_ordinary() -> None:
    assert whole_years_between(date(1980, 1, 10), date(2026, 1, 9), FORWARD) == 45
    assert whole_years_between(date(1980, 1, 10), date(2026, 1, 10), FORWARD) == 46
    assert whole_years_between(date(2026, 1, 10), date(1980, 1, 10), FORWARD) == -46
    assert whole_years_between(date(2000, 1, 1), date(2000, 1, 1), BACK) == 0


def test_subtract() -> None:
    assert subtract(date(2024, 2, 29), Duration(years=1), FORWARD) == date(2023, 3, 1)
    assert subtract(date(2024, 2, 29), Duration(years=1), BACK) == date(2023, 2, 28)
    assert subtract(date(2021, 3, 31), Duration(months=1), FORWARD) == date(2021, 3, 1)
    assert subtract(date(2021, 3, 31), Duration(months=1), BACK) == date(2021, 2, 28)
    assert subtract(date(2021, 3, 1), Duration(days=1), BACK) == date(2021, 2, 28)
    assert subtract(date(2026, 1, 1), Duration(years=10), FORWARD) == date(2016, 1, 1)


def test_duration_text_and_sum() -> None:
    assert str(Duration(years=1, months=2)) == "1 year 2 months"
    assert str(Duration()) == "0 days"
    assert Duration(years=1) + Duration(days=3) == Duration(1, 0, 3)


def test_parse_date() -> None:
    assert parse_date("2015-06-01") == date(2015, 6, 1)
    assert parse_date("2016-02-29") == date(2016, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["2015-13-01", "2015-02-29", "2015-6-1", "20150601", "2015-W01-1", "20150101XX", "", "x"],
)
def test_parse_date_rejects_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a date \(expected YYYY-MM-DD\): "):
        parse_date(text)


# --- dates past the calendar's end: never a crash (issue 15, item 20) -----------------------


@pytest.mark.parametrize(
    ("start", "duration"),
    [
        (date(9999, 6, 1), Duration(years=3)),
        (date(9999, 12, 31), Duration(days=1)),
        (date(9999, 12, 1), Duration(months=1)),
        (date(1, 1, 1), Duration(days=-1)),
        (date(2020, 1, 1), Duration(years=10**9)),
        (date(2020, 1, 1), Duration(days=10**12)),
    ],
)
def test_adding_past_the_calendar_raises_date_overflow(start: date, duration: Duration) -> None:
    with pytest.raises(DateOverflow):
        add(start, duration, FORWARD)


def test_subtracting_before_year_one_raises_date_overflow() -> None:
    with pytest.raises(DateOverflow):
        subtract(date(1, 6, 1), Duration(years=1), BACK)
    assert subtract(date(2, 6, 1), Duration(years=1), BACK) == date(1, 6, 1)
    assert add(date(9998, 12, 31), Duration(years=1), FORWARD) == date(9999, 12, 31)


def _ny_person(disposition: date, released: date | None = None) -> Person:
    sentence = Sentence(
        imposed_date=disposition,
        incarcerated=released is not None,
        incarceration_release_date=released,
        supervised=False,
    )
    count = Count(
        "1",
        parse_citation("PL 220.03"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=disposition,
        sentence=sentence,
    )
    case = Case("C1", "US-NY", status=CaseStatus.CLOSED, counts=(count,))
    return Person("P1", birth_date=date(1980, 1, 1), cases=(case,))


@pytest.mark.parametrize("explain", [False, True])
def test_a_release_in_year_9999_leaves_that_count_for_review(explain: bool) -> None:
    statute = load("ny/clean-slate")
    person = _ny_person(date(2020, 1, 1), released=date(9999, 6, 1))
    (found,) = evaluate(statute, person, date(2026, 11, 23), explain=explain)
    assert found.outcome == "needs_review"
    assert found.eligible_on == "unknown"
    assert found.missing == (OUTSIDE_CALENDAR,)
    # an ordinary person in the same run is decided as before
    (ordinary,) = evaluate(statute, _ny_person(date(2020, 1, 1)), date(2026, 11, 23))
    assert ordinary.outcome == "seal"


def test_a_missing_birth_date_with_an_as_of_in_year_one_is_no_crash() -> None:
    # the worlds of a missing birth date (18 and 21 years before each date) fall before year 1
    count = Count(
        "1",
        parse_citation("HS 11357(b)"),
        level=Level.MISDEMEANOR,
        offense_date=date(2010, 5, 1),
        disposition=Disposition.CONVICTED,
        disposition_date=date(2010, 6, 1),
    )
    person = Person("P1", cases=(Case("C1", "US-CA", status=CaseStatus.CLOSED, counts=(count,)),))
    (found,) = evaluate(load("ca/prop64"), person, date(1, 1, 1), explain=False)
    assert (found.case, found.count) == ("C1", "1")


def _scenario_people() -> list[tuple[str, Person, date]]:
    found = []
    for sid, path in list_statutes().items():
        tests = load_tests(path)
        for t in tests.tests if tests is not None else ():
            if isinstance(t.person, Person) and t.as_of is not None:
                found.append((sid, t.person, t.as_of))
    return found


SCENARIO_PEOPLE = _scenario_people()
EXTREME_DATES = (
    date(1, 1, 1),
    date(1, 1, 2),
    date(1, 12, 31),
    date(2, 2, 28),
    date(9998, 12, 31),
    date(9999, 1, 1),
    date(9999, 2, 28),
    date(9999, 12, 30),
    date(9999, 12, 31),
)


def _with_extreme_dates(value: Any, draw: Callable[[], date | None]) -> Any:
    """``value`` (a record) with each of its dates kept (``draw()`` gives None) or replaced."""
    if isinstance(value, date):
        return draw() or value
    if isinstance(value, tuple):
        return tuple(_with_extreme_dates(v, draw) for v in value)
    if isinstance(value, Mapping):
        return {k: _with_extreme_dates(v, draw) for k, v in value.items()}
    if attrs.has(type(value)):
        changes = {
            f.name: _with_extreme_dates(getattr(value, f.name), draw)
            for f in attrs.fields(type(value))
            if f.init
        }
        return attrs.evolve(value, **changes)
    return value


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_extreme_dates_never_crash_a_library_statute(data: st.DataObject) -> None:
    sid, person, as_of = data.draw(st.sampled_from(SCENARIO_PEOPLE))
    extreme = st.one_of(st.none(), st.sampled_from(EXTREME_DATES))
    changed = _with_extreme_dates(person, lambda: data.draw(extreme))
    as_of = data.draw(st.sampled_from((as_of, *EXTREME_DATES)))
    statute = load(sid)
    found = evaluate(statute, changed, as_of, explain=data.draw(st.booleans()))
    counts = {(c.id, k.id) for c in changed.cases for k in c.counts}
    assert {(d.case, d.count) for d in found} <= counts
