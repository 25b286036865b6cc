"""Calendar arithmetic under the two legal conventions (clearlaw.dates)."""

from __future__ import annotations

import pytest

from clearlaw.dates import (
    DateConvention,
    Duration,
    add,
    date,
    parse_date,
    subtract,
    whole_years_between,
)

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
