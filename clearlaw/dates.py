"""Calendar arithmetic under one documented legal convention.

"N years after D" lands on the anniversary of D.  When the anniversary does not exist
(February 29 in a non-leap year, or day 31 in a 30-day month after adding months), the
convention decides:

* ``roll forward`` (the default): the first day of the following month
  (2020-02-29 + 1 year = 2021-03-01; 2021-01-31 + 1 month = 2021-03-01);
* ``roll back``: the last day of the target month
  (2020-02-29 + 1 year = 2021-02-28; 2021-01-31 + 1 month = 2021-02-28).

A waiting period "has run" on the day it lands on (``as_of >= start + period``).
Years and months are added first, as one number of calendar months, then days.

Arithmetic that would leave the calendar (before 0001-01-01 or after 9999-12-31, as a record
dated 9999-12-31 "indefinitely" can ask for) raises ``DateOverflow``; the evaluator turns it
into ``needs_review`` for that one count (``OUTSIDE_CALENDAR`` names what is missing).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import re

import attrs

date = _dt.date

__all__ = [
    "NOT_A_DATE",
    "OUTSIDE_CALENDAR",
    "DateConvention",
    "DateOverflow",
    "Duration",
    "add",
    "as_date",
    "date",
    "parse_date",
    "subtract",
    "whole_years_between",
]


#: What a count whose date arithmetic left the calendar lacks (its ``missing`` entry).
OUTSIDE_CALENDAR = (
    "dates within the calendar (a date worked out from the record falls outside years 1-9999)"
)


class DateOverflow(ArithmeticError):
    """Date arithmetic whose result would fall before 0001-01-01 or after 9999-12-31."""


class DateConvention(enum.Enum):
    """What an anniversary that does not exist in the target month becomes."""

    ROLL_FORWARD = "roll forward"
    ROLL_BACK = "roll back"


@attrs.frozen(order=False)
class Duration:
    """A length of time in calendar years, months and days."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __add__(self, other: Duration) -> Duration:
        return Duration(
            self.years + other.years, self.months + other.months, self.days + other.days
        )

    def __str__(self) -> str:
        parts = []
        for amount, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day")):
            if amount:
                parts.append(f"{amount} {unit}{'' if abs(amount) == 1 else 's'}")
        return " ".join(parts) or "0 days"


def _shift_months(start: date, months: int, convention: DateConvention) -> date:
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise DateOverflow(f"{months} months from a date leaves the calendar")
    last = calendar.monthrange(year, month)[1]
    if start.day <= last:
        return date(year, month, start.day)
    if convention is DateConvention.ROLL_BACK:
        return date(year, month, last)
    return date(year, month, last) + _dt.timedelta(days=1)


def add(start: date, duration: Duration, convention: DateConvention) -> date:
    """``start`` plus ``duration`` under ``convention`` (years and months first, then days);
    ``DateOverflow`` if the result is not in years 1-9999."""
    months = duration.years * 12 + duration.months
    shifted = _shift_months(start, months, convention) if months else start
    try:
        return shifted + _dt.timedelta(days=duration.days)
    except OverflowError:
        raise DateOverflow(f"{duration.days} days from a date leaves the calendar") from None


def subtract(start: date, duration: Duration, convention: DateConvention) -> date:
    """``start`` minus ``duration`` under ``convention``."""
    return add(start, Duration(-duration.years, -duration.months, -duration.days), convention)


def whole_years_between(start: date, end: date, convention: DateConvention) -> int:
    """Completed years from ``start`` to ``end`` (an age: birthday reached under ``convention``).

    Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -whole_years_between(end, start, convention)
    anniversary = (start.month, start.day)
    if anniversary == (2, 29) and not calendar.isleap(end.year):
        anniversary = (3, 1) if convention is DateConvention.ROLL_FORWARD else (2, 28)
    return end.year - start.year - ((end.month, end.day) < anniversary)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: The start of the message for text that is not a date (``parse_date``).
NOT_A_DATE = "not a date (expected YYYY-MM-DD)"


def parse_date(text: str) -> date:
    """An ISO ``YYYY-MM-DD`` date; raises ``ValueError`` with a readable message otherwise.

    Only that one form is accepted (not the other ISO 8601 forms, such as ``2015-W01-1`` or
    ``20150101``, that ``date.fromisoformat`` also reads).
    """
    try:
        if _ISO_DATE.fullmatch(text) is None:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{NOT_A_DATE}: {text!r}") from None


def as_date(value: object) -> date:
    """An as-of date given as a date, a ``YYYY-MM-DD`` text, or a datetime (its day: a pandas
    ``Timestamp``); ``TypeError`` for anything else (an int went to the evaluator as it was)."""
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"as_of: expected a date or 'YYYY-MM-DD', got {type(value).__name__}")
